#!/usr/bin/env bash
# Podman's Docker-compatible API (`podman system service`) as an engine for the integration
# tests, with its own storage, run root, config and socket; nothing of the machine's Docker is
# touched. On this machine Podman 4.3 (Debian 12) refuses to start containers with its defaults:
# its default rlimits (nofile 1048576, nproc) exceed what the sandbox lets a process raise
# (no CAP_SYS_RESOURCE: "setrlimit RLIMIT_NOFILE: Operation not permitted"), and crun refuses the
# hybrid cgroup layout ("cgroups in hybrid mode not supported"). The config below lowers the
# rlimits, takes runc and the cgroupfs manager; then containers start.
#   scripts/podman-up.sh up      start it (once), print DOCKER_HOST=...
#   scripts/podman-up.sh down    stop it (only this service, by its pidfile)
# SSLA_PODMAN_DIR (default /var/lib/startup-sla-podman) holds storage, config, log and socket.
set -euo pipefail
dir=${SSLA_PODMAN_DIR:-/var/lib/startup-sla-podman}
sock="$dir/podman.sock"
ping_p() { curl -sf --max-time 2 --unix-socket "$sock" http://d/_ping >/dev/null 2>&1; }

up() {
  if ping_p; then echo "DOCKER_HOST=unix://$sock"; return; fi
  if ! command -v podman >/dev/null; then
    echo "podman-up: installing Debian's podman" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc >/dev/null; }
  fi
  mkdir -p "$dir/root" "$dir/runroot" "$dir/tmp"
  cat >"$dir/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$dir/tmp"
CONF
  CONTAINERS_CONF="$dir/containers.conf" setsid podman --root "$dir/root" --runroot "$dir/runroot" \
    system service --time=0 "unix://$sock" >"$dir/service.log" 2>&1 </dev/null &
  echo $! >"$dir/service.pid"
  for _ in $(seq 1 60); do
    if ping_p; then echo "podman-up: $(podman --version) ready on $sock" >&2; echo "DOCKER_HOST=unix://$sock"; return; fi
    sleep 0.5
  done
  echo "podman-up: the service did not answer on $sock; last log lines:" >&2
  tail -n 20 "$dir/service.log" >&2
  exit 1
}

down() {
  [ -f "$dir/service.pid" ] || return 0
  kill "$(cat "$dir/service.pid")" 2>/dev/null || true
  rm -f "$dir/service.pid"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: scripts/podman-up.sh up|down" >&2; exit 2 ;;
esac
