#!/usr/bin/env bash
# Usage: run-dynamic-model.sh MODEL DIM BOUND "LENGTHS" ZOO_DIR SRC_ROOT TMP_PREFIX
# Exports MODEL (a model of scripts/export_zoo.py with a dynamic sequence
# length) with its inputs and PyTorch's outputs at each of LENGTHS, imports it
# with DIM bounded by BOUND, and runs it at every length in one mini-run,
# planned and unplanned: prints the planned run's per-length heap peaks and
# plan, checks that each planned output is bit-identical to the unplanned one
# and matches PyTorch's (1e-4 of the largest reference magnitude, same top-1).
set -euo pipefail
model="$1" dim="$2" bound="$3" lengths="$4" zoo="$5" src="$6" tmp="$7"
onnx="$(/usr/bin/python3 "$src/scripts/export_zoo.py" --out "$zoo" "$model")"
mini-translate --import-onnx "--onnx-dim-bound=$dim=$bound" "$onnx" -o "$tmp.mlir"
for mode in planned unplanned; do
  args=()
  for length in $lengths; do
    args+=(--input "$zoo/$model.input.$length.npy" --output "$tmp.$mode.$length.npy")
  done
  flags=(--stats)
  [ "$mode" = unplanned ] && flags=(--no-plan)
  mini-run "$tmp.mlir" "${flags[@]}" "${args[@]}" | { [ "$mode" = planned ] && cat || cat >/dev/null; }
done
for length in $lengths; do
  cmp "$tmp.planned.$length.npy" "$tmp.unplanned.$length.npy"
  echo "length $length: planned and unplanned outputs are bit-identical"
  /usr/bin/python3 "$src/scripts/compare_outputs.py" "$tmp.planned.$length.npy" \
    "$zoo/$model.expected.$length.npy"
done
