#!/usr/bin/env bash
# On the GPU machine: unpack the Docker 26 bundle carried in .device/engine26.tar.xz (made here by
# ../shared/gpu-docker/make-bundle-26.sh .device), turn CDI on with the hand-written spec, start
# dockerd with host networking only, and wait for its socket. Idempotent: the machine keeps its
# files between calls while it stays warm.
set -uo pipefail
if ! curl -sf --unix-socket /var/run/docker.sock http://d/_ping >/dev/null 2>&1; then
  mkdir -p /opt/engine26 /etc/docker /etc/cdi
  [ -x /opt/engine26/bin/dockerd ] || tar xJf .device/engine26.tar.xz -C /opt/engine26
  cp bench/gpu/cdi-nvidia.yaml /etc/cdi/nvidia.yaml
  echo '{"features":{"cdi":true}}' >/etc/docker/daemon.json
  # dockerd's own docker0 bridge (made over netlink: the machine has no `ip`), without
  # iptables: bursts need one port per container, published on 127.0.0.1 through docker-proxy.
  # If the kernel refuses the bridge, host networking only.
  start() { (PATH=/opt/engine26/bin:$PATH setsid dockerd --iptables=false --ip6tables=false "$@" >/tmp/dockerd.log 2>&1 </dev/null &); }
  start
  for _ in $(seq 1 40); do curl -sf --unix-socket /var/run/docker.sock http://d/_ping >/dev/null 2>&1 && break; sleep 0.5; done
  if ! curl -sf --unix-socket /var/run/docker.sock http://d/_ping >/dev/null 2>&1; then
    echo "dockerd with a bridge did not start:"; tail -5 /tmp/dockerd.log
    pkill dockerd; sleep 2; rm -f /var/run/docker.sock /var/run/docker.pid
    start --bridge=none
  fi
  for _ in $(seq 1 120); do curl -sf --unix-socket /var/run/docker.sock http://d/_ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
curl -sf --unix-socket /var/run/docker.sock http://d/version | head -c 300 || { tail -30 /tmp/dockerd.log; exit 1; }
echo
