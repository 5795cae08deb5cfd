#!/usr/bin/env bash
# GPU round two (issue 16) on the lent H200, measured by the action's own CLI. Four device
# calls back to back (the machine keeps its files about 30 s after a call):
#   prep     carry .device/engine26.tar.xz: start Docker 26 (CDI on, own bridge), build the CUDA
#            example's context (nvcc) and the PyTorch example's (weights from the host's torch)
#   cuda     carry .device/node.xz: bench/gpu/round2-cuda.yml (manual, cdi, host net, page cache
#            dropped, bursts of 2/4/8, memory at ready)
#   torch    bench/gpu/round2-torch.yml (the same for the PyTorch ResNet-50 server)
#   compare  bench/gpu/round2-compare.yml (a PR-style A/B: torch.load and random init against
#            safetensors, interleaved)
# Prepare here: bash ../shared/gpu-docker/make-bundle-26.sh .device; strip + xz Node 24 into
# .device/node.xz (bench/gpu/prepare.sh shows how). Raw outputs: $OUT/<part>.log, <part>.json.
set -uo pipefail
part=${1:?usage: round2.sh prep|cuda|torch|compare|compare2}
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
exec > >(tee "$OUT/$part.log") 2>&1
echo "== $part $(date -u +%FT%TZ)"
export SITE_PACKAGES=/opt/torch/.venv/lib/python3.12/site-packages
case "$part" in
  prep)
    if grep -q bridge=none /proc/$(cat /var/run/docker.pid 2>/dev/null || echo 0)/cmdline 2>/dev/null; then kill "$(cat /var/run/docker.pid)"; sleep 3; rm -f /var/run/docker.sock /var/run/docker.pid; fi
    bash bench/gpu/engine26.sh || exit 1
    curl -s --unix-socket /var/run/docker.sock http://d/networks | head -c 300; echo
    nvidia-smi --query-gpu=name,driver_version,persistence_mode,compute_cap,memory.total --format=csv
    bash examples/cuda/build.sh --weights-mb 100 --context /tmp/ssla-gpu/ctx100 || exit 1
    bash examples/pytorch/build.sh --python /opt/torch/.venv/bin/python3 --context /tmp/ptctx || exit 1
    ;;
  cuda | torch | compare | compare2)
    [ -x /tmp/node ] || { xz -dc .device/node.xz >/tmp/node && chmod +x /tmp/node; } || { echo "no Node: carry .device/node.xz"; exit 1; }
    curl -sf --unix-socket /var/run/docker.sock http://d/_ping >/dev/null || { echo "no engine: the machine was not kept; run prep again"; exit 1; }
    [ -d /tmp/ptctx ] || { echo "no contexts: run prep again"; exit 1; }
    /tmp/node dist/cli.js --config "bench/gpu/round2-$part.yml" --baseline none --comment false --report "$OUT/$part.json"
    echo "cli exit $?"
    curl -s --unix-socket /var/run/docker.sock 'http://d/containers/json?all=1' | head -c 400; echo
    ;;
esac
echo "== done $(date -u +%FT%TZ)"
