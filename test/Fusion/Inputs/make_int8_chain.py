"""Writes int8_chain.mlir, an int8 inverted-residual-like chain on 1x8x16x16
(a 1x1 convolution to 32 channels, input zero point 3, then a depthwise 3x3,
pads 1; seeded weights and biases, requantized by about 1/384 so that few
outputs saturate), and x.npy, a seeded int8 input.
Usage: make_int8_chain.py OUT_DIR"""
import os
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(3)
w1 = rng.integers(-127, 128, (32, 8, 1, 1), dtype=np.int8)
b1 = rng.integers(-300, 300, (32,), dtype=np.int32)
w2 = rng.integers(-127, 128, (32, 1, 3, 3), dtype=np.int8)
b2 = rng.integers(-300, 300, (32,), dtype=np.int32)


def dense(a, t):
    return f"dense<{np.array2string(a, separator=', ', threshold=10**6).replace(chr(10), '')}> : {t}"


def attrs(groups, zp, pad):
    # 1431655765 * 2^-31 * 2^-8: about 1/384.
    return ("clamp_max = 127 : i64, clamp_min = -128 : i64, dilations = array<i64: 1, 1>, "
            f"group = {groups} : i64, input_zero_point = {zp} : i64, "
            f"multipliers = array<i32: {', '.join(['1431655765'] * 32)}>, "
            f"output_zero_point = 0 : i64, pads = array<i64: {pad}, {pad}, {pad}, {pad}>, "
            f"shifts = array<i32: {', '.join(['8'] * 32)}>, strides = array<i64: 1, 1>")


with open(os.path.join(out, "int8_chain.mlir"), "w") as f:
    f.write(f"""func.func @main(%x: tensor<1x8x16x16xi8>) -> tensor<1x32x16x16xi8> {{
  %w1 = arith.constant {dense(w1, 'tensor<32x8x1x1xi8>')}
  %b1 = arith.constant {dense(b1, 'tensor<32xi32>')}
  %w2 = arith.constant {dense(w2, 'tensor<32x1x3x3xi8>')}
  %b2 = arith.constant {dense(b2, 'tensor<32xi32>')}
  %e = mini.qconv2d %x, %w1, %b1 {{{attrs(1, 3, 0)}}} : (tensor<1x8x16x16xi8>, tensor<32x8x1x1xi8>, tensor<32xi32>) -> tensor<1x32x16x16xi8>
  %y = mini.qconv2d %e, %w2, %b2 {{{attrs(32, 0, 1)}}} : (tensor<1x32x16x16xi8>, tensor<32x1x3x3xi8>, tensor<32xi32>) -> tensor<1x32x16x16xi8>
  return %y : tensor<1x32x16x16xi8>
}}
""")
np.save(os.path.join(out, "x.npy"), rng.integers(-128, 128, (1, 8, 16, 16), dtype=np.int8))
