#!/usr/bin/env bash
# On your own machine, before the device call: packs what bench/gpu/run.sh needs into the
# ignored .device/ folder, under the device tool's 64 MiB carry limit: a Docker Engine from
# Debian's packages (stripped, without the docker CLI: the action talks to the API) and the
# Node 24 binary from node_modules (stripped, xz).
set -euo pipefail
cd "$(dirname "$0")/../.."
grep -qx '/.device/' .git/info/exclude 2>/dev/null || echo '/.device/' >>.git/info/exclude
mkdir -p .device
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash ../shared/gpu-docker/make-bundle.sh "$work/bundle" >/dev/null
mkdir -p "$work/x" && tar xJf "$work/bundle/engine.tar.xz" -C "$work/x"
strip "$work"/x/bin/{dockerd,containerd,containerd-shim-runc-v2,runc,docker-proxy} 2>/dev/null || true
tar cf - -C "$work/x" bin/dockerd bin/containerd bin/containerd-shim-runc-v2 bin/runc bin/docker-proxy bin/libdevmapper.so.1.02.1 | xz -T0 -9 >.device/engine-small.tar.xz
strip -o "$work/node" node_modules/node/bin/node
xz -T0 -9 -c "$work/node" >.device/node.xz
du -sh .device/*
