#!/usr/bin/env bash
# README command (1), the main job: installs what is missing, builds, imports
# an ONNX model (default: the bundled LeNet-5), bufferizes it and plans its
# activation memory, printing the plan as JSON and a summary; then runs the
# planned model with mini-run on a seeded random input and prints its output
# and heap figures.
#
#   scripts/plan.sh [model.onnx] [plan-memory options, e.g. strategy=greedy-color]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${MINI_BUILD_DIR:-$root/build}"
model="${1:-$root/models/lenet5.onnx}"
shift || true
options="$*"
"$root/scripts/setup.sh" >/dev/null
"$root/scripts/build.sh" mini-opt mini-translate mini-run >/dev/null
"$build/bin/mini-translate" --import-onnx --onnx-elide-weights "$model" |
  "$build/bin/mini-opt" --mini-bufferize \
    --plan-memory="report=- $options" -o /dev/null |
  /usr/bin/python3 "$root/scripts/plan_summary.py"
echo
echo "mini-run $(basename "$model") (planned, seeded random input):"
"$build/bin/mini-run" "$model" --random-inputs=0 --plan-options="$options" \
  --print-output --stats
