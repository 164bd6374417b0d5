#!/usr/bin/env bash
# Runs `parity export-check NAME --from keras` on keras.applications models (weights=None,
# seeded, classifier_activation=None, torch backend) and prints a Markdown table: verdict,
# max abs error, node count of Parity's Swift conversion vs Keras' own
# model.export(format="onnx"). Not part of the test suite (about 15 minutes on 2 cores
# with a release build).
#   scripts/check-keras-apps.sh [Name ...]
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${PARITY_BIN:-.build/release/parity}
MODELS=("$@")
[ ${#MODELS[@]} -eq 0 ] && MODELS=(MobileNetV2 MobileNetV3Small ResNet50 DenseNet121 EfficientNetB0 EfficientNetV2B0
  InceptionV3 Xception ConvNeXtTiny)
out=${OUT:-out/keras-apps}
mkdir -p "$out"
for m in "${MODELS[@]}"; do
  start=$(date +%s)
  "$BIN" export-check "$m" --from keras --report "$out/$m.json" -o "$out/$m.onnx" > "$out/$m.txt" 2>&1
  echo "$m exit=$? $(( $(date +%s) - start ))s $(grep -E '^(PASS|FAIL|ERROR)|error' "$out/$m.txt" | tail -1)" >&2
done
KERAS_BACKEND=torch .venv/bin/python scripts/keras_apps_table.py "$out" "${MODELS[@]}"
