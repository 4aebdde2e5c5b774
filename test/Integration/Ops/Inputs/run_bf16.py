#!/usr/bin/python3
"""bfloat16 end to end: a MatMul -> Add -> Relu -> Softmax model whose weights, input and output
are bfloat16 (ONNX defines these ops on bfloat16 from opset 13/14; Conv it does not), run by
mini-run planned and unplanned (bfloat16 .npy files hold the 16-bit patterns as '<u2'), against
the float64 reference of its exact bfloat16 values. Each op computes in f32 and rounds to
bfloat16 once, so the output is within one bfloat16 step (2^-8 relative) per rounding op of
the reference, at the largest magnitude: 4 steps here.

  run_bf16.py TMP_DIR
"""
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper


def to_bits(x):
    """float32 to bfloat16 bit patterns, rounded to nearest even."""
    u = x.astype(np.float32).view(np.uint32)
    return ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)


def from_bits(b):
    return (b.astype(np.uint32) << 16).view(np.float32)


def main():
    tmp = sys.argv[1]
    os.makedirs(tmp, exist_ok=True)
    rng = np.random.default_rng(7)
    # Multiples of 1/16 in [-8, 8]: exact in bfloat16 (8 significant bits).
    exact = lambda *s: (np.round(np.clip(rng.standard_normal(s), -8, 8) * 16) / 16)  # noqa: E731
    a, w, b = exact(4, 8), exact(8, 5), exact(5)
    nodes = [helper.make_node("MatMul", ["a", "w"], ["m"]),
             helper.make_node("Add", ["m", "b"], ["s"]),
             helper.make_node("Relu", ["s"], ["r"]),
             helper.make_node("Softmax", ["r"], ["y"], axis=-1)]
    inits = [helper.make_tensor("w", TensorProto.BFLOAT16, w.shape, w.ravel().tolist()),
             helper.make_tensor("b", TensorProto.BFLOAT16, b.shape, b.ravel().tolist())]
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("a", TensorProto.BFLOAT16, [4, 8])],
        [helper.make_tensor_value_info("y", TensorProto.BFLOAT16, [4, 5])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    model.ir_version = 8
    path = os.path.join(tmp, "bf16.onnx")
    onnx.save(model, path)
    np.save(os.path.join(tmp, "a.npy"), to_bits(a))
    r = np.maximum(a @ w + b, 0)
    e = np.exp(r - r.max(axis=-1, keepdims=True))
    reference = e / e.sum(axis=-1, keepdims=True)
    outs = {}
    for mode, flags in (("planned", []), ("unplanned", ["--no-plan"])):
        out = os.path.join(tmp, mode + ".npy")
        run = subprocess.run(["mini-run", path, "--input", os.path.join(tmp, "a.npy"),
                              "--output", out, *flags], capture_output=True, text=True)
        if run.returncode != 0:
            print(f"bf16: FAIL ({mode}: {run.stderr.strip()})")
            return 1
        outs[mode] = np.load(out)
    got = outs["planned"]
    identical = got.tobytes() == outs["unplanned"].tobytes()
    err = float(np.abs(from_bits(got).astype(np.float64) - reference).max())
    limit = 4 * 2.0 ** -8 * float(np.abs(reference).max())
    ok = got.dtype == np.uint16 and identical and err <= limit
    print(f"bf16 matmul-add-relu-softmax: {'OK' if ok else 'FAIL'} (output {got.dtype}, max |diff| "
          f"{err:.1e}, limit {limit:.1e}, planned == unplanned: {identical})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
