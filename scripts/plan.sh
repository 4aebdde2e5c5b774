#!/usr/bin/env bash
# README command (1), the main job: installs what is missing, builds, imports
# an ONNX model (default: the bundled LeNet-5), bufferizes it and plans its
# activation memory, writing the plan as JSON, a text map and a picture
# (under $build/plans/) and printing its figures, its peak and the largest
# buffers live there; then runs the planned model with mini-run on a seeded
# random input and prints its output and heap figures.
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
out="$build/plans"
mkdir -p "$out"
name="$(basename "$model" .onnx)"
"$build/bin/mini-translate" --import-onnx --onnx-elide-weights "$model" |
  "$build/bin/mini-opt" --mini-bufferize \
    --plan-memory="report=$out/$name.plan.json map=$out/$name.map.txt svg=$out/$name.svg $options" \
    -o /dev/null
/usr/bin/python3 "$root/scripts/plan_summary.py" "$out/$name.plan.json" \
  --map "$out/$name.map.txt" --svg "$out/$name.svg"
echo
echo "mini-run $(basename "$model") (planned, seeded random input):"
"$build/bin/mini-run" "$model" --random-inputs=0 --plan-options="$options" \
  --print-output --stats
