#!/usr/bin/env bash
# GPU end to end (issue 6), one device call: carry a Docker Engine and Node 24, build the CUDA
# example's images with the action itself, and measure every variant with the action's CLI.
#   Prepare here once:  bash bench/gpu/prepare.sh      (fills the ignored .device/ folder)
#   Device call:        bash bench/gpu/run.sh          (carry .device/engine-small.tar.xz, .device/node.xz)
# Writes $OUT/gpu-report.json (main run), $OUT/gpu-cold.json (page cache dropped), $OUT/gpu-run.log.
set -uo pipefail
OUT=${OUT:-/tmp/ssla-out}
mkdir -p "$OUT"
exec > >(tee "$OUT/gpu-run.log") 2>&1
root=$(pwd)
work=/tmp/ssla-gpu
mkdir -p "$work"
echo "== $(date -u +%FT%TZ) on $(hostname)"
nvidia-smi --query-gpu=name,driver_version,persistence_mode,compute_cap,memory.total --format=csv

echo "== engine"
mkdir -p /opt/engine && tar xJf .device/engine-small.tar.xz -C /opt/engine
cp /opt/engine/bin/libdevmapper.so.1.02.1 /usr/lib/x86_64-linux-gnu/ && ldconfig
export PATH=/opt/engine/bin:$PATH
(setsid dockerd --iptables=false --bridge=none >/tmp/dockerd.log 2>&1 &)
for _ in $(seq 1 120); do
  curl -sf --unix-socket /var/run/docker.sock http://docker/_ping >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf --unix-socket /var/run/docker.sock http://docker/version || { tail -30 /tmp/dockerd.log; exit 1; }
echo

echo "== node"
xz -dc .device/node.xz >/tmp/node && chmod +x /tmp/node && /tmp/node --version

echo "== contexts"
bash examples/cuda/build.sh --weights-mb 100 --context "$work/ctx100" || exit 1
mkdir -p "$work/ctx1g" "$work/ctxfat"
cp -a "$work/ctx100/." "$work/ctx1g/" && rm -f "$work/ctx1g/weights-100mb.bin"
head -c $((1024 * 1048576)) /dev/urandom >"$work/ctx1g/weights-1024mb.bin"
cp "$work/ctx1g/weights-1024mb.bin" /dev/shm/ssla-w1g.bin
cp "$work/ctx1g/weights-1024mb.bin" /var/tmp/ssla-w1g.bin
# The fat variant: the same server and weights plus the CUDA toolkit's libraries from this
# machine, as an image that ships a framework install would.
cp -a "$work/ctx100/." "$work/ctxfat/"
mkdir -p "$work/ctxfat/opt/cuda"
cp -a /usr/local/cuda/lib64/. "$work/ctxfat/opt/cuda/lib64/" 2>/dev/null || cp -a /usr/local/cuda/targets/x86_64-linux/lib/. "$work/ctxfat/opt/cuda/lib64/"
printf '\nCOPY opt/ /opt/\n' >>"$work/ctxfat/Dockerfile"
du -sh "$work"/ctx*

echo "== measure (action CLI)"
cd "$root"
/tmp/node dist/cli.js --config bench/gpu/targets.yml --baseline none --comment false --report "$OUT/gpu-report.json"
echo "cli exit $?"

echo "== page cache dropped before each start (1 GB engine from disk)"
reports=()
for i in $(seq 1 10); do
  sync; echo 3 >/proc/sys/vm/drop_caches || echo "drop_caches refused"
  # Each run builds its own image (the action removes what it built); the 1 GB engine it loads
  # is the bind-mounted file, which the build does not touch, so it is read cold.
  /tmp/node dist/cli.js --image ssla-cuda:cold --dockerfile "$work/ctx100/Dockerfile" --build-args WEIGHTS_MB=100 --health-check http:8000/health --network host --gpus all --gpu-mode manual \
    --gpu-driver-libs /usr/local/nvidia/lib64 --volumes /var/tmp/ssla-w1g.bin:/engine/weights.bin:ro --env WEIGHTS_PATH=/engine/weights.bin \
    --runs 1 --warmup 0 --baseline none --comment false --fail-on never --report "$work/cold-$i.json" >/dev/null 2>&1
  reports+=("$work/cold-$i.json")
done
/tmp/node -e '
const fs = require("fs");
const reps = process.argv.slice(1).filter((f) => fs.existsSync(f)).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
fs.writeFileSync(process.env.OUT + "/gpu-cold.json", JSON.stringify({ runs: reps.length, environment: reps[0]?.environment, samples: reps.flatMap((r) => r.samples) }, null, 1));
console.log("cold starts:", reps.map((r) => r.stats.p50.toFixed(0)).join(" "));
' "${reports[@]}"
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}'
docker ps -a --format '{{.ID}} {{.Labels}}'
echo "== done $(date -u +%FT%TZ)"
