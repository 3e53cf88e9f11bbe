#!/usr/bin/env bash
# The simulate bench: every paper model on every edge device, 10,000 requests on the shipped synthetic link (seed 1),
# all policies; then, if ../shared/data/net is there, LLaMA-7B on the Pi 5 over one real 5G driving trace.
# Tables and JSON go to out/simulate/<model>-<device>.txt, plots to out/simulate/plots. Takes minutes; not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Cli -c Release -v q -nologo >/dev/null
S=src/Cli/bin/Release/net10.0/splitwise
OUT=out/simulate
mkdir -p "$OUT"
REQUESTS=${REQUESTS:-10000}
for model in llama-7b gpt2-xl llama-13b; do
  for device in rpi5 orin-nx s23; do
    echo "== $model on $device"
    /usr/bin/time -f "elapsed %e s, user %U s, max RSS %M kB" "$S" simulate --model "$model" --device "$device" --trace synthetic \
      --policies all --requests "$REQUESTS" --seed 1 --json --plots "$OUT/plots" 2>&1 | tee "$OUT/$model-$device.txt" | grep -v '^#' | grep -v '^{'
  done
done
TRACE=$(ls ../shared/data/net/5g-download/driving/*.csv 2>/dev/null | head -1 || true)
if [ -n "$TRACE" ]; then
  echo "== llama-7b on rpi5 over $TRACE"
  "$S" simulate --model llama-7b --device rpi5 --trace "$TRACE" --policies all --requests "$REQUESTS" --seed 1 --json \
    --plots "$OUT/plots-real" 2>&1 | tee "$OUT/llama-7b-rpi5-real.txt" | grep -v '^#' | grep -v '^{'
fi
