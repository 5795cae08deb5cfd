#!/usr/bin/env bash
# The whole test suite: types, dist freshness, unit tests, then integration tests against a real
# Docker Engine (started here when none runs). `npm test` runs this with Node 24 first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "node $(node --version)"
npx tsc --noEmit -p .
node scripts/check-dist.mjs
bash scripts/docker-up.sh
bash scripts/registry-up.sh
# One process at a time: integration tests time real container starts on a 2-core machine.
node --test --test-concurrency=1 --test-timeout=600000 'test/unit/**/*.test.ts' 'test/itg/**/*.test.ts'

# The same integration tests against a second engine, Docker 26.1 (Debian 13's packages) on its
# own socket beside the machine's engine (scripts/docker26.sh): self-hosted runners run Docker
# 24-28, and CDI exists only from 25 on. The daemon-fault tests stop and restart the machine's
# own engine on purpose, so they run once, above. SSLA_SKIP_DOCKER26=1 skips this part.
if [ "${SSLA_SKIP_DOCKER26:-}" != 1 ]; then
  d26=$(bash scripts/docker26.sh up | sed -n 's/^DOCKER_HOST=//p')
  started=$(date +%s)
  DOCKER_HOST=$d26 node --test --test-concurrency=1 --test-timeout=600000 $(ls test/itg/*.test.ts | grep -v -e '/faults-daemon' -e '/engine26-cdi' -e '/podman-compat')
  echo "docker 26.1 pass took $(($(date +%s) - started)) s"
  bash scripts/docker26.sh down
fi
