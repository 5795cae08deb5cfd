#!/usr/bin/env bash
# Builds the demo inference server image from local files only (no registry):
#   scripts/build-demo-image.sh [tag] [weights-MiB] [label]
# The server is compiled static with gcc and the weights are random bytes of the given size.
set -euo pipefail
tag=${1:-startup-sla-demo:local}
mib=${2:-64}
label=${3:-startup-sla.demo=true}
here=$(cd "$(dirname "$0")/.." && pwd)
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp "$here/examples/demo-server/Dockerfile" "$ctx/"
gcc -O2 -static -o "$ctx/server" "$here/examples/demo-server/server.c" 2>/dev/null
head -c "$((mib * 1024 * 1024))" /dev/urandom >"$ctx/weights.bin"
docker build -q --label "$label" -t "$tag" "$ctx" >/dev/null 2>"$ctx/build.err" || { cat "$ctx/build.err" >&2; exit 1; }
echo "$tag"
