#!/usr/bin/env bash
# The measured load tests of README "Load test", against the two hosts started here (edge host HTTP :5080 and
# gateway :30000, cloud silo), first 3 layers on the edge, no emulated link:
#   1. capacity: the llm-load trace (or its synthetic twin) in a closed loop, 8 workers, 60 s;
#   2. the same fixed request (64-byte prompt, 16 tokens) for 30 s with 4 connections from the harness (HTTP target)
#      and from autocannon 9.0.0 (scripts/install-autocannon.sh): request throughput side by side;
#   3. sustained: the trace open loop at 80% of the capacity of step 1 for SUSTAIN_S seconds (default 600), with the
#      edge host's RSS sampled (SUSTAIN_S=0 skips it).
# Run under the bench lock: flock /tmp/splitwise-bench.lock bash scripts/bench-loadtest.sh [SUSTAIN_S]
set -euo pipefail
cd "$(dirname "$0")/.."
sustain=${1:-600}
out=bench/loadtest
mkdir -p "$out"
cli=src/Cli/bin/Release/net10.0/splitwise
dotnet build src/Cli -c Release -v q >/dev/null
dotnet build src/EdgeHost -c Release -v q >/dev/null
dotnet build src/Silo -c Release -v q >/dev/null
bash scripts/install-autocannon.sh >/dev/null

(cd src/EdgeHost && exec bin/Release/net10.0/Splitwise.EdgeHost > /tmp/splitwise-loadtest-edge.log 2>&1) &
edge=$!
trap 'kill $edge ${silo:-} 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf localhost:5080/health >/dev/null && break; sleep 1; done
(cd src/Silo && exec bin/Release/net10.0/Splitwise.Silo > /tmp/splitwise-loadtest-silo.log 2>&1) &
silo=$!
sleep 10
curl -sf -X POST localhost:5080/plan/kjv-gpt2-6x256/edge-layers/3 >/dev/null
echo "hosts: edge pid $edge, silo pid $silo; plan: layers 0-2 on the edge"

echo "== 1. capacity"
$cli loadtest --target http --closed --concurrency 8 --duration 60 --out "$out/capacity" --json | tee "$out/capacity.txt"
capacity=$(tail -1 "$out/capacity.txt" | python3 -c 'import json,sys; print(json.load(sys.stdin)["RequestsPerSecond"])')

echo "== 2. harness vs autocannon, same request"
$cli loadtest --target http --closed --concurrency 4 --duration 30 --requests 100000 --prompt-tokens 64 --output-tokens 16 --json | tee "$out/harness-fixed.txt"
prompt=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("In the beginning God created the heaven and the earth. And the ea"[:64]))')
.cache/autocannon/node_modules/.bin/autocannon -c 4 -d 30 -t 60 -j "http://localhost:5080/generate/kjv-gpt2-6x256?prompt=$prompt&tokens=16" > "$out/autocannon.json"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
h = json.loads(open(f"{out}/harness-fixed.txt").read().strip().splitlines()[-1])
a = json.load(open(f"{out}/autocannon.json"))
ac = a["requests"]["total"] / a["duration"]
print(f"request throughput: harness {h['RequestsPerSecond']:.3f}/s ({h['Ok']} ok in {h['WallSeconds']:.1f} s), "
      f"autocannon {ac:.3f}/s ({a['requests']['total']} in {a['duration']:.1f} s, {a['errors']} errors, {a['timeouts']} timeouts, non-2xx {a['non2xx']}); "
      f"harness/autocannon {h['RequestsPerSecond'] / ac:.3f}")
PY

[ "$sustain" -gt 0 ] || exit 0
rate=$(python3 -c "print(round(0.8 * $capacity, 3))")
echo "== 3. sustained: ${sustain} s open loop at $rate/s (80% of $capacity/s)"
$cli loadtest --target http --rate "$rate" --duration "$sustain" --concurrency 32 --watch-pid "$edge" --window 30 --out "$out/sustained" --json | tee "$out/sustained.txt"
echo "silo RSS at the end: $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$silo/status)"
