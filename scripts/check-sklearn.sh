#!/usr/bin/env bash
# Runs `parity export-check NAME --from sklearn` on every scikit-learn demo estimator, in
# float32 and float64, and prints a Markdown table: one row per estimator, the verdict and
# exit code per dtype, and the reason for anything but a pass (skl2onnx's message, the
# runtime's, or the worst element). Used for the issue's closing note; not part of
# `make test` (about 5-8 minutes on 2 cores: each run starts Python and imports sklearn).
#   scripts/check-sklearn.sh [Estimator ...]
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${PARITY_BIN:-.build/debug/parity}
out=${OUT:-out/sklearn}
mkdir -p "$out"
MODELS=("$@")
if [ ${#MODELS[@]} -eq 0 ]; then
  mapfile -t MODELS < <("$BIN" export-check --list-models --from sklearn)
fi
reason() {  # the line that explains a non-pass
  grep -m1 -E "^error:|^  batch [0-9]+ '.*': [0-9]+ of|^FAIL|^ERROR" "$1" \
    | sed -E 's/^(.*cannot convert [^:]*: ).*\(cause: (.*)\)$/\1\2/' | cut -c1-220 | sed 's/|/\\|/g'
}
echo "| estimator | float32 | float64 | reason (first non-pass) |"
echo "|---|---|---|---|"
for m in "${MODELS[@]}"; do
  cells=()
  why=""
  for d in float32 float64; do
    "$BIN" export-check "$m" --from sklearn --dtype "$d" --report "$out/$m-$d.json" > "$out/$m-$d.txt" 2>&1
    code=$?
    case $code in 0) v=pass ;; 1) v=FAIL ;; *) v=error ;; esac
    explained=$(grep -c "all explained" "$out/$m-$d.txt")
    [ "$code" = 0 ] && [ "$explained" != 0 ] && v="pass*"
    cells+=("$v ($code)")
    if [ "$code" != 0 ] && [ -z "$why" ]; then why="$d: $(reason "$out/$m-$d.txt")"; fi
    if [ "$code" = 0 ] && [ "$explained" != 0 ] && [ -z "$why" ]; then
      why="$d: $(grep -m1 "all explained" "$out/$m-$d.txt" | sed 's/^ *//' | cut -c1-200)"
    fi
  done
  echo "| $m | ${cells[0]} | ${cells[1]} | $why |"
done
