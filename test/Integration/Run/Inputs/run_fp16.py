#!/usr/bin/python3
"""Converts a zoo model to float16 (scripts/half_zoo.py), runs it with mini-run planned and
unplanned, and checks: planned and unplanned outputs bit-identical; the heap peak of the planned
run equals its plan and nothing leaks (scripts/check_run_stats.py); the output against PyTorch's
fp32 output (the zoo's expected output) relative to the latter's largest magnitude, and the same
top-1 class (of every row: of every token for a sequence model); the fp16 plan against the
fp32 model's plan.

  run_fp16.py MODEL ZOO_DIR SRC_ROOT OUT_DIR [--max-rel-diff R]

Prints one line per check; exits 1 on the first failure.
"""
import os
import sys

import numpy as np

from precision_run import arguments, check_stats_and_plan, run as run_tool


def run(cmd):
    return run_tool(cmd, "run_fp16")


def main():
    ap = arguments()
    ap.add_argument("--max-rel-diff", type=float, default=2e-2)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    py = sys.executable
    run([py, os.path.join(args.src, "scripts", "half_zoo.py"), "--out", args.out, "--zoo",
         args.zoo, args.model])
    base = os.path.join(args.out, args.model + ".fp16")
    x = base + ".input.npy"
    run(["mini-run", base + ".onnx", "--input", x, "--output", base + ".out.npy", "--json",
         base + ".planned.json"])
    run(["mini-run", base + ".onnx", "--input", x, "--output", base + ".unplanned.npy",
         "--no-plan", "--json", base + ".unplanned.json"])
    got = np.load(base + ".out.npy")
    if got.dtype != np.float16:
        print(f"run_fp16: FAIL: the output is {got.dtype}, not float16")
        return 1
    identical = got.tobytes() == np.load(base + ".unplanned.npy").tobytes()
    print("planned and unplanned outputs are bit-identical" if identical else
          "run_fp16: FAIL: planned and unplanned outputs differ")
    if not identical:
        return 1
    want = np.load(os.path.join(args.zoo, args.model + ".expected.npy")).astype(np.float64)
    rel = float(np.abs(got.astype(np.float64) - want).max() / np.abs(want).max())
    # The top-1 class of every row (of every token for a sequence model).
    top = lambda a: a.reshape(-1, a.shape[-1]).argmax(-1)  # noqa: E731
    same = bool((top(got) == top(want)).all())
    ok = rel <= args.max_rel_diff and same
    print(f"against fp32 PyTorch: largest difference {rel:.1e} of the largest magnitude "
          f"(at most {args.max_rel_diff:g}), same top-1: {same}" + ("" if ok else ": FAIL"))
    if not ok:
        return 1
    check_stats_and_plan(args, base, "fp16", "run_fp16")
    return 0


if __name__ == "__main__":
    sys.exit(main())
