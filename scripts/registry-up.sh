#!/usr/bin/env bash
# A real image registry for the cold-start tests: Debian's docker-registry (distribution 2.8) on
# loopback. The engine treats 127.0.0.0/8 as an insecure registry by default, so plain HTTP on
# 127.0.0.1 needs no daemon setting. Reuses one already answering there; otherwise starts one
# (no auth, delete enabled, storage under $TMPDIR) and leaves it running for later test runs.
#   scripts/registry-up.sh [host:port]   (default 127.0.0.1:5000; STARTUP_SLA_REGISTRY overrides)
set -euo pipefail
addr=${1:-${STARTUP_SLA_REGISTRY:-127.0.0.1:5000}}
answers() { curl -fsS -m 2 -o /dev/null "http://$addr/v2/" 2>/dev/null; }
if answers; then
  echo "registry: $addr answers"
  exit 0
fi
if ! command -v docker-registry >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker-registry >/dev/null
  else
    echo "registry: docker-registry is not installed (Debian: apt-get install docker-registry)" >&2
    exit 1
  fi
fi
dir=${TMPDIR:-/tmp}/startup-sla-registry
mkdir -p "$dir/data"
cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: $addr
YAML
# setsid: the registry outlives this script and the test run's process group.
setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
echo $! >"$dir/pid"
for _ in $(seq 1 50); do
  if answers; then
    echo "registry: started on $addr (pid $(cat "$dir/pid"), log $dir/registry.log)"
    exit 0
  fi
  sleep 0.2
done
echo "registry: did not answer on $addr within 10 s; its log:" >&2
tail -n 20 "$dir/registry.log" >&2
exit 1
