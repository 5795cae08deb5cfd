#!/usr/bin/env bash
# Prepares the PyTorch example's build context: server.py, ResNet-50 weights written by the
# host's own PyTorch (random initialisation, seed 0: nothing is downloaded) and the /lib,
# /lib64, /bin, /sbin links into /usr that let the host's /usr, bind-mounted read-only, run.
#   usage: build.sh [--python PY] [--context DIR]
#   PY: an interpreter with torch, torchvision and safetensors (default python3). Prints the
#   build argument SITE_PACKAGES to pass when PY is a virtual environment's interpreter.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=python3 ctx="$here/.context"
while [ $# -gt 0 ]; do
  case "$1" in
    --python) py=$2; shift 2 ;;
    --context) ctx=$2; shift 2 ;;
    *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$ctx/rootfs/tmp" "$ctx/rootfs/etc" "$ctx/weights"
# getpass (torch._dynamo's cache folder) looks the user up: a passwd line for root.
echo "root:x:0:0:root:/tmp:/usr/sbin/nologin" >"$ctx/rootfs/etc/passwd"
echo "root:x:0:" >"$ctx/rootfs/etc/group"
for d in lib lib64 bin sbin; do ln -sfn "usr/$d" "$ctx/rootfs/$d"; done
cp "$here/server.py" "$here/Dockerfile" "$ctx/"
[ -f "$ctx/weights/weights.safetensors" ] || "$py" "$here/make-weights.py" "$ctx/weights"
# The image runs /usr/bin/python3; a venv's packages are added by server.py from this path.
site=$("$py" -c 'import site, sys; print(site.getsitepackages()[0] if sys.prefix != sys.base_prefix else "")')
echo "context ready: $ctx"
echo "SITE_PACKAGES=$site"
