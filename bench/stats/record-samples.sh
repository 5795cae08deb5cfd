#!/usr/bin/env bash
# Records real container start-up times (create -> first HTTP answer on a published
# 127.0.0.1 port) from the local Docker Engine into bench/stats/samples.json. The power /
# false-alarm simulation (bench/stats/power.ts) resamples these, so its noise has the shape of
# real starts (right skew, occasional slow start) rather than a textbook normal.
#
#   bash scripts/docker-up.sh && bash bench/stats/record-samples.sh [count] [out.json]
#
# Everything created carries `startup-sla.test=stats-bench` (and a run label) and is removed at
# exit; nothing else on the daemon is touched.
set -euo pipefail
count=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
out=${2:-$here/samples.json}
run_id="stats-bench-$$-$(date +%s)"
label_test="startup-sla.test=stats-bench"
label_run="startup-sla.run=$run_id"
tag="startup-sla-stats-bench:$run_id"
ctx=$(mktemp -d)

cleanup() {
  # Only what this run created: filter on our unique run label, never prune.
  ids=$(docker ps -aq --filter "label=$label_run" || true)
  if [ -n "$ids" ]; then docker rm -f $ids >/dev/null 2>&1 || true; fi
  docker image rm -f "$tag" >/dev/null 2>&1 || true
  rm -rf "$ctx"
}
trap cleanup EXIT

busybox=$(command -v busybox || echo /bin/busybox)
if ! file -L "$busybox" | grep -q static; then
  echo "record-samples: $busybox is not static; install busybox-static (scripts/docker-up.sh does)" >&2
  exit 1
fi
cp -L "$busybox" "$ctx/busybox"
mkdir -p "$ctx/www"
echo ok >"$ctx/www/index.html"
cat >"$ctx/Dockerfile" <<'EOF'
FROM scratch
COPY busybox /bin/busybox
COPY www /www
CMD ["/bin/busybox","httpd","-f","-p","8080","-h","/www"]
EOF
docker build -q --label "$label_test" --label "$label_run" -t "$tag" "$ctx" >/dev/null

# A free port picked once by the kernel: looking it up per start (docker port) would add a CLI
# round trip to every sample.
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')

# Timestamps are bash 5's EPOCHREALTIME read into a variable (no fork inside the timed path);
# the arithmetic to ms happens after the start is over.
ms() { echo "scale=3; ($1 - $2) / 1000" | bc; }

docker_version=$(docker version --format '{{.Server.Version}}')
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)
samples=()
for i in $(seq 0 $((count - 1))); do
  t0=${EPOCHREALTIME/./}
  id=$(docker create --label "$label_test" --label "$label_run" -p "127.0.0.1:$port:8080" "$tag")
  t_created=${EPOCHREALTIME/./}
  docker start "$id" >/dev/null
  t_started=${EPOCHREALTIME/./}
  # Poll like nydus's benchmark (every few ms) until the server answers; bounded, never a sleep
  # that guesses how long a start takes.
  ready=""
  for _ in $(seq 1 5000); do
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then ready=${EPOCHREALTIME/./}; break; fi
    sleep 0.002
  done
  docker rm -f "$id" >/dev/null
  if [ -z "$ready" ]; then echo "record-samples: start $i never answered" >&2; exit 1; fi
  created=$(ms "$t_created" "$t0"); started=$(ms "$t_started" "$t0"); ready=$(ms "$ready" "$t0")
  samples+=("{\"index\":$i,\"warmup\":false,\"arm\":\"head\",\"totalMs\":$ready,\"phases\":[{\"name\":\"create\",\"ms\":0},{\"name\":\"created\",\"ms\":$created},{\"name\":\"started\",\"ms\":$started},{\"name\":\"ready\",\"ms\":$ready}]}")
  printf 'start %d: %s ms\n' "$i" "$ready" >&2
done

{
  printf '{\n  "recorded": "%s",\n  "machine": {"cpuModel": "%s", "cpus": %d, "dockerVersion": "%s"},\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$cpu_model" "$(nproc)" "$docker_version"
  printf '  "what": "create -> first HTTP answer, busybox httpd FROM scratch, docker CLI + curl polling",\n'
  printf '  "samples": [\n'
  for k in "${!samples[@]}"; do
    sep=,; [ "$k" -eq $((${#samples[@]} - 1)) ] && sep=
    printf '    %s%s\n' "${samples[$k]}" "$sep"
  done
  printf '  ]\n}\n'
} >"$out"
echo "record-samples: wrote $count samples to $out" >&2
