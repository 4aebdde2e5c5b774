#!/usr/bin/python3
"""Compares a quantized model's output with its reference in output quantization steps.

  compare_steps.py ACTUAL.npy REFERENCE.npy STEP_FILE [--max-steps 1]

Prints the largest difference in steps and the share of elements that differ; exits 1 when an
element differs by more than --max-steps steps or the shapes differ.
"""
import argparse
import sys

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("actual")
    ap.add_argument("reference")
    ap.add_argument("step")
    ap.add_argument("--max-steps", type=float, default=1.0)
    args = ap.parse_args()
    a, r = np.load(args.actual), np.load(args.reference)
    step = float(open(args.step).read())
    if a.shape != r.shape:
        print(f"steps: FAIL: shape {a.shape} != {r.shape}")
        return 1
    diff = np.abs(a.astype(np.float64) - r.astype(np.float64)) / step
    worst = float(diff.max())
    ok = worst <= args.max_steps + 1e-3
    print(f"steps: max {worst:.2f}, {100.0 * float((diff > 1e-3).mean()):.1f}% of elements differ, "
          f"{a.size} elements: " + ("OK" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
