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
  # A bridge of its own (no iptables there): bursts need one port per container, published on
  # 127.0.0.1 through docker-proxy. Without one, host networking only.
  net=(--bridge=none)
  if ip link show ssla0 >/dev/null 2>&1 || { ip link add ssla0 type bridge && ip addr add 172.30.0.1/24 dev ssla0; }; then
    ip link set ssla0 up && net=(--bridge=ssla0)
  fi
  echo "dockerd network: ${net[*]}"
  (PATH=/opt/engine26/bin:$PATH setsid dockerd --iptables=false --ip6tables=false "${net[@]}" >/tmp/dockerd.log 2>&1 </dev/null &)
  for _ in $(seq 1 120); do curl -sf --unix-socket /var/run/docker.sock http://d/_ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
curl -sf --unix-socket /var/run/docker.sock http://d/version | head -c 300 || { tail -30 /tmp/dockerd.log; exit 1; }
echo
