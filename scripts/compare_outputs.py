#!/usr/bin/python3
"""Compares a model output with its reference (both .npy), as the end-to-end tests require.

  compare_outputs.py ACTUAL.npy EXPECTED.npy [--rtol 1e-4]

Passes when the shapes agree, max |actual - expected| <= rtol * max |expected|, and the argmax
(top-1 class) over the last axis is the same for every row. Prints one line and exits 1 on failure.
"""
import argparse
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("actual")
    parser.add_argument("expected")
    parser.add_argument("--rtol", type=float, default=1e-4)
    args = parser.parse_args()
    actual = np.load(args.actual)
    expected = np.load(args.expected)
    if actual.shape != expected.shape:
        print(f"compare: FAIL: shape {actual.shape} != expected {expected.shape}")
        return 1
    scale = float(np.abs(expected).max())
    diff = float(np.abs(actual.astype(np.float64) - expected.astype(np.float64)).max())
    rel = diff / scale if scale > 0 else diff
    top1 = actual.reshape(-1, actual.shape[-1]).argmax(axis=-1)
    top1_expected = expected.reshape(-1, expected.shape[-1]).argmax(axis=-1)
    ok = rel <= args.rtol and bool((top1 == top1_expected).all())
    verdict = "OK" if ok else "FAIL"
    print(f"compare: max |diff| / max |expected| = {rel:.2e} (limit {args.rtol:.0e}), "
          f"top-1 {top1.tolist()} vs {top1_expected.tolist()}: {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
