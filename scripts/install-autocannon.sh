#!/usr/bin/env bash
# The external load tool the loadtest harness is checked against (README "Load test"): autocannon 9.0.0 from the npm
# registry into .cache/autocannon (not run by scripts/test.sh: no test needs it). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.cache/autocannon/node_modules/.bin/autocannon
if [ ! -x "$bin" ]; then
  npm install --silent --no-audit --no-fund --prefix .cache/autocannon autocannon@9.0.0
fi
"$bin" --version
