#!/usr/bin/python3
"""Quantizes a zoo model to int8 QDQ (scripts/quantize_zoo.py), runs it with mini-run planned and
unplanned on K seeded inputs, and checks: planned and unplanned outputs bit-identical; the heap
peak of the planned run equals its plan and nothing leaks (scripts/check_run_stats.py); against
the float simulation (PyTorch's fake-quantized forward) the top-1 agreement and the largest
difference in output quantization steps; the int8 plan against the fp32 model's plan.

  run_int8.py MODEL ZOO_DIR SRC_ROOT OUT_DIR [--inputs K] [--min-top1 N] [--activations uint8]
              [--qoperator]

With --qoperator the model's QOperator form (quantize_zoo.py --qoperator: QLinearConv) runs too
and must give the QDQ model's outputs bit for bit.

Prints one line per check; exits 1 on the first failure.
"""
import os
import sys

import numpy as np

from precision_run import arguments, check_stats_and_plan, run as run_tool


def run(cmd):
    return run_tool(cmd, "run_int8")


def main():
    ap = arguments()
    ap.add_argument("--inputs", type=int, default=10)
    ap.add_argument("--min-top1", type=int, default=None)
    ap.add_argument("--activations", choices=["int8", "uint8"], default="int8")
    ap.add_argument("--qoperator", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    py = sys.executable
    run([py, os.path.join(args.src, "scripts", "quantize_zoo.py"), "--out", args.out,
         "--inputs", str(args.inputs), "--activations", args.activations,
         *(["--qoperator"] if args.qoperator else []), args.model])
    base = os.path.join(args.out, f"{args.model}.{args.activations}")
    pairs, unplanned_pairs = [], []
    for k in range(args.inputs):
        pairs += ["--input", f"{base}.input.{k}.npy", "--output", f"{base}.out.{k}.npy"]
        unplanned_pairs += ["--input", f"{base}.input.{k}.npy", "--output",
                            f"{base}.unplanned.{k}.npy"]
    run(["mini-run", base + ".onnx", *pairs, "--json", base + ".planned.json"])
    run(["mini-run", base + ".onnx", *unplanned_pairs, "--no-plan", "--json",
         base + ".unplanned.json"])
    identical = all(np.load(f"{base}.out.{k}.npy").tobytes() ==
                    np.load(f"{base}.unplanned.{k}.npy").tobytes() for k in range(args.inputs))
    print("planned and unplanned outputs are bit-identical" if identical else
          "run_int8: FAIL: planned and unplanned outputs differ")
    if not identical:
        return 1
    if args.qoperator:
        qop_pairs = []
        for k in range(args.inputs):
            qop_pairs += ["--input", f"{base}.input.{k}.npy", "--output", f"{base}.qop.{k}.npy"]
        run(["mini-run", base + ".qoperator.onnx", *qop_pairs])
        same_qop = all(np.load(f"{base}.out.{k}.npy").tobytes() ==
                       np.load(f"{base}.qop.{k}.npy").tobytes() for k in range(args.inputs))
        print("the QOperator form's outputs are the QDQ model's, bit for bit" if same_qop else
              "run_int8: FAIL: the QOperator form's outputs differ from the QDQ model's")
        if not same_qop:
            return 1
    step = float(open(base + ".step").read())
    same, worst = 0, 0.0
    for k in range(args.inputs):
        a, e = np.load(f"{base}.out.{k}.npy"), np.load(f"{base}.expected.{k}.npy")
        same += int(a.argmax() == e.argmax())
        worst = max(worst, float(np.abs(a - e).max() / step))
    print(f"top-1 as the float simulation: {same} of {args.inputs}; largest difference "
          f"{worst:.0f} output steps")
    if args.min_top1 is not None and same < args.min_top1:
        print(f"run_int8: FAIL: fewer than {args.min_top1} agree")
        return 1
    check_stats_and_plan(args, base, "int8", "run_int8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
