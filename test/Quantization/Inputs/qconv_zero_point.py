"""Writes two int8 convolutions that differ only in where their filter and
bias come from: const.mlir holds them as constants (the lowering folds the
input zero point's share into the bias at compile time), arg.mlir takes them
as inputs (the lowering sums the filter at run time); for a 3x3
convolution (pads 1, input zero point 37), a depthwise one of 32 channels
(input zero point -50; mini-fuse-accumulators bands it 16 channels at a
time) and a 1x1 one of 32 output channels (no padding, zero point 9: banded
by channels too), with x.npy, w.npy, b.npy and the dw_ and pw_ ones as
inputs and ref.npy, dw_ref.npy, pw_ref.npy, the exact results: requantized
by x / 2 (multiplier 2^30, shift 0) rounded half away from zero, plus the
output zero point 3, saturated. Usage: qconv_zero_point.py OUT_DIR"""
import os
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(7)
x = rng.integers(-128, 128, (1, 3, 6, 6), dtype=np.int8)
w = rng.integers(-127, 128, (4, 3, 3, 3), dtype=np.int8)
b = rng.integers(-500, 500, (4,), dtype=np.int32)
dw_x = rng.integers(-128, 128, (1, 32, 6, 6), dtype=np.int8)
dw_w = rng.integers(-127, 128, (32, 1, 3, 3), dtype=np.int8)
dw_b = rng.integers(-500, 500, (32,), dtype=np.int32)
pw_x = rng.integers(-128, 128, (1, 3, 6, 6), dtype=np.int8)
pw_w = rng.integers(-127, 128, (32, 3, 1, 1), dtype=np.int8)
pw_b = rng.integers(-500, 500, (32,), dtype=np.int32)


def conv(x, w, b, zp, groups):
    k = w.shape[2]
    p = k // 2
    xp = np.pad(x.astype(np.int64) - zp, ((0, 0), (0, 0), (p, p), (p, p)))
    f, cg = w.shape[0], w.shape[1]
    acc = np.zeros((1, f, 6, 6), np.int64)
    for o in range(f):
        g = o // (f // groups)
        for i in range(6):
            for j in range(6):
                window = xp[0, g * cg:(g + 1) * cg, i:i + k, j:j + k]
                acc[0, o, i, j] = (window * w[o].astype(np.int64)).sum() + b[o]
    half = np.where(acc >= 0, (acc + 1) // 2, -((-acc + 1) // 2))
    return np.clip(half + 3, -128, 127).astype(np.int8)


ATTRS = ("clamp_max = 127 : i64, clamp_min = -128 : i64, dilations = array<i64: 1, 1>, "
         "group = {g} : i64, input_zero_point = {zp} : i64, multipliers = array<i32: {m}>, "
         "output_zero_point = 3 : i64, pads = array<i64: {p}, {p}, {p}, {p}>, shifts = array<i32: {s}>, "
         "strides = array<i64: 1, 1>")


def dense(a, t):
    return f"dense<{np.array2string(a, separator=', ', threshold=10**6).replace(chr(10), '')}> : {t}"


def module(name, x, w, b, zp, groups, constant):
    f, k = w.shape[0], w.shape[2]
    xt, wt = f"tensor<1x{x.shape[1]}x6x6xi8>", f"tensor<{f}x{w.shape[1]}x{k}x{k}xi8>"
    bt, yt = f"tensor<{f}xi32>", f"tensor<1x{f}x6x6xi8>"
    attrs = ATTRS.format(g=groups, zp=zp, p=k // 2, m=", ".join(["1073741824"] * f),
                         s=", ".join(["0"] * f))
    args = f"%x: {xt}" if constant else f"%x: {xt}, %w: {wt}, %b: {bt}"
    body = (f"  %w = arith.constant {dense(w, wt)}\n  %b = arith.constant "
            f"{dense(b, bt)}\n") if constant else ""
    return (f"func.func @main({args}) -> {yt} {{\n{body}"
            f"  %y = mini.qconv2d %x, %w, %b {{{attrs}}} : ({xt}, {wt}, {bt}) -> "
            f"{yt}\n  return %y : {yt}\n}}\n")


for prefix, xs, ws, bs, zp, groups in [("", x, w, b, 37, 1), ("dw_", dw_x, dw_w, dw_b, -50, 32),
                                       ("pw_", pw_x, pw_w, pw_b, 9, 1)]:
    for kind in ("const", "arg"):
        with open(os.path.join(out, f"{prefix}{kind}.mlir"), "w") as f:
            f.write(module(prefix, xs, ws, bs, zp, groups, kind == "const"))
    np.save(os.path.join(out, f"{prefix}x.npy"), xs)
    np.save(os.path.join(out, f"{prefix}w.npy"), ws)
    np.save(os.path.join(out, f"{prefix}b.npy"), bs)
    np.save(os.path.join(out, f"{prefix}ref.npy"), conv(xs, ws, bs, zp, groups))
