#!/usr/bin/env bash
# Fuzzes each libFuzzer target (tools/fuzzers) for SECONDS, built with
# AddressSanitizer and UndefinedBehaviorSanitizer in ./build-san, its corpus
# seeded from the suite's inputs (scripts/fuzz_seeds.py) and kept in
# build-san/fuzz/corpus/<target> from run to run. Prints per target the
# executions, the time and the corpus size; a crash, a sanitizer report, a
# timeout or a failed check is a finding, saved under build-san/fuzz/findings
# (keep it as a regression input in test/Tools/Inputs/fuzz/<target>/), and
# makes the script fail.
#
#   scripts/fuzz.sh [SECONDS per target, default 60] [TARGET ...]
#
# MINI_FUZZ_RUNS=N runs N inputs per target from seed 1 instead (the same
# inputs every time: what CI runs, so that CI is deterministic).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${MINI_BUILD_DIR:-$root/build-san}"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(mini-onnx-import-fuzzer mini-npy-fuzzer mini-csv-fuzzer mini-planner-fuzzer)
fi
"$root/scripts/setup.sh" >/dev/null
MINI_SANITIZE=1 MINI_BUILD_DIR="$build" "$root/scripts/build.sh" "${targets[@]}" >/dev/null
fuzz="$build/fuzz"
rm -rf "$fuzz/seeds"
/usr/bin/python3 "$root/scripts/fuzz_seeds.py" "$fuzz/seeds" >/dev/null
mkdir -p "$fuzz/findings"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
for target in "${targets[@]}"; do
  case "$target" in
    mini-onnx-import-fuzzer) max_len=65536 ;;
    mini-planner-fuzzer) max_len=256 ;;
    *) max_len=4096 ;;
  esac
  corpus="$fuzz/corpus/$target"
  mkdir -p "$corpus"
  log="$fuzz/$target.log"
  if [ -n "${MINI_FUZZ_RUNS:-}" ]; then
    limit=(-runs="$MINI_FUZZ_RUNS" -seed=1)
    corpus="$fuzz/ci-corpus/$target"
    rm -rf "$corpus"
    mkdir -p "$corpus"
  else
    limit=(-max_total_time="$seconds")
  fi
  if "$build/bin/$target" "$corpus" "$fuzz/seeds/$target" \
      "${limit[@]}" -max_len="$max_len" -timeout=30 \
      -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="$fuzz/findings/$target-" >"$log" 2>&1; then
    result="no finding"
  else
    result="FINDING (see $log and $fuzz/findings)"
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  time=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  echo "$target: ${runs:-?} executions in ${time:-?} s, corpus $(ls "$corpus" | wc -l) files: $result"
done
exit $status
