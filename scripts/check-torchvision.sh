#!/usr/bin/env bash
# Runs `parity export-check` on the headline torchvision models with both exporters and
# prints one line per run. Used for the issue's closing table; not part of `make test`
# (about 10 minutes on 2 cores).
#   scripts/check-torchvision.sh [model ...]
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${PARITY_BIN:-.build/release/parity}
MODELS=("$@")
[ ${#MODELS[@]} -eq 0 ] && MODELS=(resnet18 resnet50 mobilenet_v2 mobilenet_v3_small efficientnet_b0 squeezenet1_0
  densenet121 shufflenet_v2_x1_0 regnet_y_400mf convnext_tiny vit_b_16)
out=${OUT:-out/torchvision}
mkdir -p "$out"
for m in "${MODELS[@]}"; do
  for e in dynamo torchscript; do
    start=$(date +%s)
    "$BIN" export-check "$m" --from torch --exporter "$e" --report "$out/$m-$e.json" > "$out/$m-$e.txt" 2>&1
    code=$?
    echo "$m $e exit=$code $(( $(date +%s) - start ))s $(tail -1 "$out/$m-$e.txt")"
  done
done
