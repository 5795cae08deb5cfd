#!/usr/bin/env bash
# The offline demo: builds a small inference server image from local files (a static C server
# that loads a weights file, prints stamped phase lines and serves /health), then measures its
# hot start with the bundled CLI and prints the verdict and the phase waterfall.
#   DEMO_WEIGHTS_MIB (256)  DEMO_RUNS (10)  DEMO_SLA_MS (3000)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/docker-up.sh
command -v gcc >/dev/null || { apt-get update -qq && apt-get install -y -qq gcc libc6-dev >/dev/null; }
tag=startup-sla-demo:local
mib=${DEMO_WEIGHTS_MIB:-256}
echo "building $tag with a ${mib} MiB weights file (from local files, no registry)" >&2
bash scripts/build-demo-image.sh "$tag" "$mib" "startup-sla.demo=true" >/dev/null
trap 'docker image rm -f "$tag" >/dev/null 2>&1 || true' EXIT
node dist/cli.js --image "$tag" --health-check http:8000/health \
  --runs "${DEMO_RUNS:-10}" --warmup 1 --sla-ms "${DEMO_SLA_MS:-3000}" \
  --report "${DEMO_REPORT:-startup-sla-report.json}"
