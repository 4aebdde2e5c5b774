#!/usr/bin/env bash
# Usage: plan-model.sh MODEL ZOO_DIR SRC_ROOT TMP_PREFIX
# Exports MODEL with torchvision (once per build tree), imports it, bufferizes
# it, plans it with best-fit, greedy-color and auto under the pass's checker,
# and checks the reports with the independent checker; best-fit and auto must
# be within 1% of the lower bound. Prints the checker's summary lines.
set -euo pipefail
model="$1" zoo="$2" src="$3" tmp="$4"
/usr/bin/python3 "$src/scripts/export_zoo.py" --out "$zoo" "$model" >/dev/null
mini-translate --import-onnx --onnx-elide-weights "$zoo/$model.onnx" -o "$tmp.mini.mlir"
mini-opt "$tmp.mini.mlir" --mini-bufferize -o "$tmp.memref.mlir"
for strategy in best-fit greedy-color auto; do
  mini-opt "$tmp.memref.mlir" \
    --plan-memory="strategy=$strategy verify-plan=true report=$tmp.$strategy.json" \
    -o "$tmp.$strategy.mlir" 2>/dev/null
done
/usr/bin/python3 "$src/scripts/check_plan.py" "$tmp.best-fit.json" --max-over-lower-bound 1
/usr/bin/python3 "$src/scripts/check_plan.py" "$tmp.greedy-color.json"
/usr/bin/python3 "$src/scripts/check_plan.py" "$tmp.auto.json" --max-over-lower-bound 1
# Deterministic: planning again gives the same bytes.
mini-opt "$tmp.memref.mlir" --plan-memory="strategy=best-fit verify-plan=true report=$tmp.again.json" \
  -o "$tmp.again.mlir" 2>/dev/null
cmp "$tmp.best-fit.mlir" "$tmp.again.mlir"
cmp "$tmp.best-fit.json" "$tmp.again.json"
