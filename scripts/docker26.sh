#!/usr/bin/env bash
# A second Docker Engine, 26.1 (Debian 13's packages), beside the machine's own one: its own
# socket, data and exec roots, pidfile, containerd and bridge, with CDI on and its own CDI spec
# folder. The machine's engine is never touched. Integration tests run against it with
# DOCKER_HOST (scripts/test.sh; test/itg/engine26-cdi.test.ts).
#   scripts/docker26.sh up      start it (once), print DOCKER_HOST=...
#   scripts/docker26.sh down    stop it (only this engine, by its own pidfile)
# SSLA_D26_DIR (default /var/lib/startup-sla-docker26) holds the binaries, data, log and socket.
set -euo pipefail
dir=${SSLA_D26_DIR:-/var/lib/startup-sla-docker26}
sock="$dir/run/docker.sock"
bridge=ssla26br0
subnet=172.31.226.1/24
ping26() { curl -sf --max-time 2 --unix-socket "$sock" http://d/_ping >/dev/null 2>&1; }

# Debian 13's dockerd, docker-proxy and containerd; runc stays Debian 12's own (trixie's needs a
# newer glibc). The apt lists go to a private folder: the machine's sources are not changed.
fetch_engine() {
  local work; work=$(mktemp -d)
  mkdir -p "$work/lists/partial" "$work/etc"
  # The machine's own Debian mirror (its first main archive URI), asked for the next release.
  local mirror
  # A machine may lack one of the two files: grep then exits 2, which pipefail would turn into a stop.
  mirror=$({ grep -hsE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list || true; } | grep -v security | head -n1 | sed -E 's/^URIs:[[:space:]]*//; s/^deb (\[[^]]*\] )?//; s/[[:space:]].*$//')
  [ -n "$mirror" ] || { echo "docker26: no Debian mirror found in the apt sources" >&2; exit 1; }
  printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$mirror" >"$work/etc/trixie.sources"
  local o="-oDir::State::Lists=$work/lists -oDir::Etc::SourceList=/dev/null -oDir::Etc::SourceParts=$work/etc"
  # shellcheck disable=SC2086
  apt-get $o update -qq >/dev/null 2>&1
  # shellcheck disable=SC2086
  (cd "$work" && apt-get $o download -qq docker.io containerd >/dev/null 2>&1)
  for d in "$work"/*.deb; do dpkg -x "$d" "$work/root"; done
  mkdir -p "$dir/bin"
  cp "$work"/root/usr/sbin/{dockerd,docker-proxy} "$work"/root/usr/bin/{containerd,containerd-shim-runc-v2} "$dir/bin/"
  rm -rf "$work"
}

up() {
  if ping26; then echo "DOCKER_HOST=unix://$sock"; return; fi
  command -v runc >/dev/null || { echo "docker26: runc is missing (apt-get install runc)" >&2; exit 1; }
  [ -x "$dir/bin/dockerd" ] || { echo "docker26: fetching Docker 26 (Debian 13 packages)" >&2; fetch_engine; }
  mkdir -p "$dir/run" "$dir/exec" "$dir/data" "$dir/cdi"
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge
    ip addr add "$subnet" dev "$bridge"
  fi
  ip link set "$bridge" up
  printf '{"features": {"cdi": true}, "cdi-spec-dirs": ["%s"]}\n' "$dir/cdi" >"$dir/daemon.json"
  # --iptables=false: the machine's firewall rules belong to its own engine; ports published on
  # 127.0.0.1 still work through docker-proxy.
  PATH="$dir/bin:$PATH" setsid dockerd --config-file "$dir/daemon.json" -H "unix://$sock" \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    --bridge "$bridge" --iptables=false --ip6tables=false >"$dir/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 1 120); do
    if ping26; then echo "docker26: engine $(curl -s --unix-socket "$sock" http://d/version | sed -E 's/.*"Version":"([^"]+)".*/\1/') ready on $sock" >&2; echo "DOCKER_HOST=unix://$sock"; return; fi
    sleep 0.5
  done
  echo "docker26: dockerd did not answer on $sock; last log lines:" >&2
  tail -n 20 "$dir/dockerd.log" >&2
  exit 1
}

down() {
  [ -f "$dir/dockerd.pid" ] || return 0
  local pid; pid=$(cat "$dir/dockerd.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: scripts/docker26.sh up|down" >&2; exit 2 ;;
esac
