#!/usr/bin/env bash
# Runs `parity bench` over issue 6's model list and prints the Markdown table for
# docs/performance.md. One JSON per model under out/bench/ (OUT=... to change).
#   scripts/bench-all.sh [MODEL ...]        (default: every model below)
# Models: resnet18 at batch 1 and 8; mobilenet_v3_small, efficientnet_b0, resnet50,
# vit_b_16, bert and mlp at batch 1; each with 1 and 2 threads. Use a release build
# (make release) on a quiet machine: the numbers are only worth what the machine was doing.
# RUNS (default 20) and WARMUP (default 3) set the runs per engine.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${PARITY_BIN:-.build/release/parity}
OUT=${OUT:-out/bench}
RUNS=${RUNS:-20}
WARMUP=${WARMUP:-3}
if [ ! -x "$BIN" ]; then
  echo "bench-all: $BIN not found: build it with 'make release' (or set PARITY_BIN)" >&2
  exit 2
fi
MODELS=("$@")
[ ${#MODELS[@]} -eq 0 ] && MODELS=(resnet18 mobilenet_v3_small efficientnet_b0 resnet50 vit_b_16 bert mlp)
mkdir -p "$OUT"
failed=()
for m in "${MODELS[@]}"; do
  batches=1
  [ "$m" = resnet18 ] && batches=1,8
  echo "bench-all: $m (batch $batches, threads 1,2)" >&2
  # One failing model (an unsupported op, say) must not hide the others' numbers.
  if ! "$BIN" bench "$m" --from torch --batch "$batches" --threads 1,2 --runs "$RUNS" --warmup "$WARMUP" \
      --json "$OUT/$m.json" > "$OUT/$m.txt" 2> "$OUT/$m.err"; then
    echo "bench-all: $m failed: $(tail -n 1 "$OUT/$m.err")" >&2
    failed+=("$m")
    rm -f "$OUT/$m.json"
  fi
done
jsons=()
for m in "${MODELS[@]}"; do [ -f "$OUT/$m.json" ] && jsons+=("$OUT/$m.json"); done
[ ${#jsons[@]} -gt 0 ] && python3 scripts/bench_table.py "${jsons[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "bench-all: failed: ${failed[*]} (see $OUT/<model>.err)" >&2
  exit 1
fi
