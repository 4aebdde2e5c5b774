#!/usr/bin/env bash
# Usage: deploy-model.sh MODEL ZOO_DIR SRC_ROOT TMP_DIR [DIM=BOUND "LENGTHS"]
# Exports MODEL (scripts/export_zoo.py, once per build tree), compiles it with
# mini-compile --prefix model (with DIM=BOUND: its dynamic dimension DIM
# bounded, --onnx-dim-bound), builds examples/deploy/run_model.c against it
# with cc three ways and runs each on the zoo's input (with LENGTHS: on its
# input at each length, MODEL.input.LENGTH.npy):
#   - plain (static arena): its output must be mini-run's, byte for byte;
#   - -DCHECK_NO_HEAP with the allocator wrapped (-Wl,--wrap=...): no
#     malloc, calloc, realloc or free during model_run;
#   - -DHEAP_ARENA under AddressSanitizer: the arena a heap block of exactly
#     MODEL_ARENA_BYTES, no access outside it.
# Also checks that the header's arena is mini-run's planned bytes and that
# the object leaves no allocator symbol undefined. Prints one line per check.
set -euo pipefail
model="$1" zoo="$2" src="$3" tmp="$4"
bound=() inputs=("$zoo/$model.input.npy")
if [ $# -ge 6 ]; then
  bound=("--onnx-dim-bound=$5") inputs=()
  for length in $6; do inputs+=("$zoo/$model.input.$length.npy"); done
fi
rm -rf "$tmp" && mkdir -p "$tmp"
/usr/bin/python3 "$src/scripts/export_zoo.py" --out "$zoo" "$model" >/dev/null
mini-compile "$zoo/$model.onnx" "${bound[@]}" -o "$tmp/model.o" --header "$tmp/model.h" --prefix model
example="$src/examples/deploy/run_model.c"
flags=(-std=c11 -Wall -Wextra -Werror -I"$tmp")
cc "${flags[@]}" -O2 "$example" "$tmp/model.o" -lm -o "$tmp/run"
cc "${flags[@]}" -O2 -DCHECK_NO_HEAP "$example" "$tmp/model.o" -lm \
  -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free -o "$tmp/run_no_heap"
cc "${flags[@]}" -O1 -g -fsanitize=address -DHEAP_ARENA "$example" "$tmp/model.o" -lm \
  -o "$tmp/run_asan"
same=1 no_heap=1 asan=1 planned=
for input in "${inputs[@]}"; do
  "$tmp/run" "$input" "$tmp/out.npy" >/dev/null
  mini-run "$zoo/$model.onnx" "${bound[@]}" --input "$input" --output "$tmp/ref.npy" \
    --json "$tmp/ref.json" >/dev/null
  cmp "$tmp/out.npy" "$tmp/ref.npy" || same=0
  "$tmp/run_no_heap" "$input" "$tmp/out_no_heap.npy" >/dev/null || no_heap=0
  { ASAN_OPTIONS=detect_leaks=1 "$tmp/run_asan" "$input" "$tmp/out_asan.npy" >/dev/null &&
    cmp "$tmp/out_asan.npy" "$tmp/ref.npy"; } || asan=0
  planned=$(/usr/bin/python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['planned_bytes'])" "$tmp/ref.json")
done
runs="${#inputs[@]} input(s)"
[ $same = 1 ] && echo "$model: output = mini-run's, byte for byte ($runs)"
[ $no_heap = 1 ] && echo "$model: no allocator call during model_run"
[ $asan = 1 ] && echo "$model: AddressSanitizer, arena of exactly its bytes: clean"
arena=$(sed -n 's/^#define MODEL_ARENA_BYTES \([0-9]*\)u$/\1/p' "$tmp/model.h")
[ "$arena" = "$planned" ] && echo "$model: arena $arena bytes = mini-run's planned bytes"
if nm -u "$tmp/model.o" | grep -E ' (malloc|calloc|realloc|free|aligned_alloc|_mlir_memref_to_llvm_[a-z_]*)$'; then
  echo "$model: the object calls an allocator"
else
  echo "$model: no allocator symbol in the object"
fi
