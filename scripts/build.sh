#!/usr/bin/env bash
# Configures (once) and builds mini-infer in ./build with Ninja against
# Debian's LLVM/MLIR 22. Extra arguments are Ninja targets (default: all).
# MINI_SANITIZE=1 builds in ./build-san instead, with clang-22,
# AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer's coverage
# (upstream's LLVM_USE_SANITIZER and LLVM_USE_SANITIZE_COVERAGE), so that the
# fuzz targets link libFuzzer (scripts/sanitize.sh, scripts/fuzz.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
flags=()
if [ "${MINI_SANITIZE:-0}" = 1 ]; then
  build="${MINI_BUILD_DIR:-$root/build-san}"
  # -O1, as the sanitizers' documentation advises: fast enough to run, and
  # it halves the compile time of -O3 with instrumentation.
  flags=(-DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22
         "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG" "-DCMAKE_C_FLAGS_RELEASE=-O1 -DNDEBUG"
         "-DLLVM_USE_SANITIZER=Address;Undefined" -DLLVM_USE_SANITIZE_COVERAGE=ON
         # LLVM's own top level sets these for HandleLLVMOptions; ours must.
         "-DLLVM_UBSAN_FLAGS=-fsanitize=undefined -fno-sanitize=vptr,function -fno-sanitize-recover=all")
else
  build="${MINI_BUILD_DIR:-$root/build}"
fi
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit "${flags[@]}"
fi
ninja -C "$build" "$@"
