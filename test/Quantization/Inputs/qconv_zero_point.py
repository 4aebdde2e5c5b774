"""Writes two int8 convolutions that differ only in where their filter and
bias come from: const.mlir holds them as constants (the lowering folds the
input zero point's share into the bias at compile time), arg.mlir takes them
as inputs (the lowering sums the filter at run time); both for a 3x3
convolution (pads 1, input zero point 37) and a depthwise one (input zero
point -50), with x.npy, w.npy, b.npy, dw_w.npy, dw_b.npy as inputs and
ref.npy, dw_ref.npy, the exact results: requantized by x / 2 (multiplier
2^30, shift 0) rounded half away from zero, plus the output zero point 3,
saturated. Usage: qconv_zero_point.py OUT_DIR"""
import os
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(7)
x = rng.integers(-128, 128, (1, 3, 6, 6), dtype=np.int8)
w = rng.integers(-127, 128, (4, 3, 3, 3), dtype=np.int8)
b = rng.integers(-500, 500, (4,), dtype=np.int32)
dw_x = rng.integers(-128, 128, (1, 4, 6, 6), dtype=np.int8)
dw_w = rng.integers(-127, 128, (4, 1, 3, 3), dtype=np.int8)
dw_b = rng.integers(-500, 500, (4,), dtype=np.int32)


def conv(x, w, b, zp, groups):
    xp = np.pad(x.astype(np.int64) - zp, ((0, 0), (0, 0), (1, 1), (1, 1)))
    f, cg = w.shape[0], w.shape[1]
    acc = np.zeros((1, f, 6, 6), np.int64)
    for o in range(f):
        g = o // (f // groups)
        for i in range(6):
            for j in range(6):
                window = xp[0, g * cg:(g + 1) * cg, i:i + 3, j:j + 3]
                acc[0, o, i, j] = (window * w[o].astype(np.int64)).sum() + b[o]
    half = np.where(acc >= 0, (acc + 1) // 2, -((-acc + 1) // 2))
    return np.clip(half + 3, -128, 127).astype(np.int8)


ATTRS = ("clamp_max = 127 : i64, clamp_min = -128 : i64, dilations = array<i64: 1, 1>, "
         "group = {g} : i64, input_zero_point = {zp} : i64, multipliers = array<i32: {m}>, "
         "output_zero_point = 3 : i64, pads = array<i64: 1, 1, 1, 1>, shifts = array<i32: {s}>, "
         "strides = array<i64: 1, 1>")


def dense(a, t):
    return f"dense<{np.array2string(a, separator=', ', threshold=10**6).replace(chr(10), '')}> : {t}"


def module(name, x, w, b, zp, groups, constant):
    xt, wt = "tensor<1x{}x6x6xi8>".format(x.shape[1]), "tensor<4x{}x3x3xi8>".format(w.shape[1])
    attrs = ATTRS.format(g=groups, zp=zp, m=", ".join(["1073741824"] * 4), s=", ".join(["0"] * 4))
    args = f"%x: {xt}" if constant else f"%x: {xt}, %w: {wt}, %b: tensor<4xi32>"
    body = (f"  %w = arith.constant {dense(w, wt)}\n  %b = arith.constant "
            f"{dense(b, 'tensor<4xi32>')}\n") if constant else ""
    return (f"func.func @main({args}) -> tensor<1x4x6x6xi8> {{\n{body}"
            f"  %y = mini.qconv2d %x, %w, %b {{{attrs}}} : ({xt}, {wt}, tensor<4xi32>) -> "
            f"tensor<1x4x6x6xi8>\n  return %y : tensor<1x4x6x6xi8>\n}}\n")


for prefix, xs, ws, bs, zp, groups in [("", x, w, b, 37, 1), ("dw_", dw_x, dw_w, dw_b, -50, 4)]:
    for kind in ("const", "arg"):
        with open(os.path.join(out, f"{prefix}{kind}.mlir"), "w") as f:
            f.write(module(prefix, xs, ws, bs, zp, groups, kind == "const"))
    np.save(os.path.join(out, f"{prefix}x.npy"), xs)
    np.save(os.path.join(out, f"{prefix}w.npy"), ws)
    np.save(os.path.join(out, f"{prefix}b.npy"), bs)
    np.save(os.path.join(out, f"{prefix}ref.npy"), conv(xs, ws, bs, zp, groups))
