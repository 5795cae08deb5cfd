#!/usr/bin/env bash
# Make sure a Docker Engine answers on this machine: dev boxes and CI here ship the docker CLI
# but no engine. Installs Debian's docker.io when dockerd is missing, starts it in the
# background and waits for the socket. A daemon that already answers is left alone.
set -euo pipefail

if docker info >/dev/null 2>&1; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "docker-up: installing Debian's docker.io (dockerd is missing)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io >/dev/null
fi

# Test images are built FROM scratch around busybox's static binary (no registry is reachable).
if [ ! -x /bin/busybox ] || ! file -L /bin/busybox 2>/dev/null | grep -q static; then
  if ! dpkg -s busybox-static >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq busybox-static >/dev/null
  fi
fi

log=${DOCKERD_LOG:-/tmp/startup-sla-dockerd.log}
# The machine's own dockerd, by its pidfile: a second engine (scripts/docker26.sh) is also a
# process named dockerd, and must not be taken for this one.
if ! { [ -s /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; }; then
  echo "docker-up: starting dockerd (log: $log)" >&2
  # containerd is started by dockerd itself when no system containerd runs.
  nohup dockerd >"$log" 2>&1 &
fi

for _ in $(seq 1 120); do
  if [ -S /var/run/docker.sock ] && docker info >/dev/null 2>&1; then
    echo "docker-up: engine $(docker version --format '{{.Server.Version}}') ready" >&2
    exit 0
  fi
  sleep 0.5
done
echo "docker-up: dockerd did not come up within 60 s; last log lines:" >&2
tail -n 30 "$log" >&2 || true
exit 1
