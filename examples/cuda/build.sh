#!/usr/bin/env bash
# Builds the CUDA example's image without compiling anything inside Docker (no registry, so
# no CUDA base image): nvcc compiles the server here, the glibc libraries `ldd` names are
# copied beside it, weights files of the asked sizes are generated, and the FROM-scratch
# Dockerfile picks one with its WEIGHTS_MB build argument.
#   usage: build.sh [--weights-mb 100,1024] [--context DIR] [--tag TAG [--label K=V]...]
#   Without --tag it only prepares the context (for the action's `dockerfile`/`context`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sizes=100 ctx="$here/.context" tag="" labels=()
while [ $# -gt 0 ]; do
  case "$1" in
    --weights-mb) sizes=$2; shift 2 ;;
    --context) ctx=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --label) labels+=(--label "$2"); shift 2 ;;
    *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$ctx"

# sm_80 (A100) and sm_90 (H100) machine code, plus compute_90 PTX so newer GPUs can JIT it.
# The CUDA runtime is linked statically: the image needs only the driver's libcuda at run time.
nvcc -O2 -std=c++17 \
  --generate-code arch=compute_80,code=sm_80 \
  --generate-code 'arch=compute_90,code=[sm_90,compute_90]' \
  -cudart static -o "$ctx/server" "$here/server.cu"

# Exactly the libraries ldd names, plus glibc's libdl, libpthread and librt: libcuda loads them
# even though the server does not (without them: "driver version is insufficient").
for lib in $(ldd "$ctx/server" | grep -o '/[^ ]*') \
           /lib/x86_64-linux-gnu/libdl.so.2 /lib/x86_64-linux-gnu/libpthread.so.0 /lib/x86_64-linux-gnu/librt.so.1; do
  mkdir -p "$ctx$(dirname "$lib")"
  cp -L "$lib" "$ctx$lib"
done

# Random bytes: nothing on the way (layer store, page cache, PCIe) can shortcut zeros.
IFS=, read -r -a mbs <<<"$sizes"
for mb in "${mbs[@]}"; do
  f="$ctx/weights-${mb}mb.bin"
  if [ ! -f "$f" ] || [ "$(stat -c %s "$f")" != "$((mb * 1048576))" ]; then
    head -c "$((mb * 1048576))" /dev/urandom >"$f"
  fi
done
cp "$here/Dockerfile" "$ctx/Dockerfile"

if [ -n "$tag" ]; then
  docker build -q --build-arg "WEIGHTS_MB=${mbs[0]}" "${labels[@]}" -t "$tag" "$ctx"
fi
echo "context ready: $ctx (weights: ${sizes} MB)"
