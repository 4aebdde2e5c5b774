#!/usr/bin/env bash
# Usage: [OPSET=17] run-model.sh MODEL ZOO_DIR SRC_ROOT TMP_PREFIX [check_run_stats.py options]
# Exports MODEL at OPSET (default 13) with its seeded input and PyTorch's
# output on it (once per build tree), runs it with mini-run planned and unplanned, checks that both
# outputs are bit-identical, that the planned one matches PyTorch's (1e-4 of
# the largest reference magnitude, same top-1), and the heap figures.
set -euo pipefail
model="$1" zoo="$2" src="$3" tmp="$4"
shift 4
opset="${OPSET:-13}"
onnx="$(/usr/bin/python3 "$src/scripts/export_zoo.py" --out "$zoo" --opset "$opset" "$model")"
for mode in planned unplanned; do
  flags=""
  [ "$mode" = unplanned ] && flags="--no-plan"
  mini-run "$onnx" $flags --input "$zoo/$model.input.npy" \
    --output "$tmp.$mode.npy" --json "$tmp.$mode.json"
done
cmp "$tmp.planned.npy" "$tmp.unplanned.npy"
echo "planned and unplanned outputs are bit-identical"
/usr/bin/python3 "$src/scripts/compare_outputs.py" "$tmp.planned.npy" "$zoo/$model.expected.npy"
/usr/bin/python3 "$src/scripts/check_run_stats.py" "$tmp.planned.json" "$tmp.unplanned.json" "$@"
