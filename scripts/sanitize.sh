#!/usr/bin/env bash
# CI step after the suite: builds mini-infer with AddressSanitizer and
# UndefinedBehaviorSanitizer (clang-22, in ./build-san), runs the suite's
# fast part (every lit test but the end-to-end model runs under
# test/Integration, which the plain suite runs) and the unit tests under
# them, then fuzzes each target briefly (scripts/fuzz.sh), from a fixed seed
# for a fixed number of inputs so that the step is deterministic.
#
#   scripts/sanitize.sh [fuzz inputs per target, default 20000]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${MINI_BUILD_DIR:-$root/build-san}"
"$root/scripts/setup.sh" >/dev/null
# What the fast part of the suite runs (not the mlir-opt plugin, a module
# that an uninstrumented mlir-opt would load, used by test/Integration only).
MINI_SANITIZE=1 MINI_BUILD_DIR="$build" "$root/scripts/build.sh" \
  mini-opt mini-translate mini-run mini-compile mini-plan MiniUnitTests \
  mini-onnx-import-fuzzer mini-npy-fuzzer mini-csv-fuzzer mini-planner-fuzzer
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
/usr/lib/llvm-22/bin/lit -sv "$build/test" --filter-out 'Integration/'
for test in "$build"/unittests/*/*Tests; do
  "$test" --gtest_brief=1
done
MINI_FUZZ_RUNS="${1:-20000}" MINI_BUILD_DIR="$build" "$root/scripts/fuzz.sh"
