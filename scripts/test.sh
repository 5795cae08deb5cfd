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
