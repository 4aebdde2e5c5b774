#!/usr/bin/python3
"""Writes the small networks of the patch-fusion tests as mini-dialect MLIR, with seeded weights
of standard deviation 1/sqrt(fan-in) (O(1) activations):

  chain     Conv 3x3 pad 1 -> ReLU -> Conv 3x3 stride 2 pad 1 -> ReLU -> Conv 1x1, 1x3x32x32
  residual  an inverted residual block (MobileNet-V2): Conv 1x1 8->32, Clip 0..6, depthwise
            Conv 3x3 pad 1, Clip, Conv 1x1 32->8, + the block's input; after a stem Conv 3x3 pad 1
            3->8 with ReLU, and before a Conv 3x3 stride 2 pad 1; 1x3x24x24
  branches  a stem Conv 3x3 pad 1, then two branches of it (Conv 3x3 pad 1 with ReLU; Conv 1x1)
            added and passed through a Conv 1x1; 1x3x20x20
  pooled    MobileNet-V2's head: a stem Conv 3x3 stride 2 pad 1 3->16 with Clip, a Conv 1x1
            16->256 with Clip, and a GlobalAveragePool; 1x3x16x16

  make_patch_nets.py OUT_DIR
"""
import os
import sys

import numpy as np

RNG = np.random.default_rng(29)


def dense(array):
    return "dense<" + np.array2string(array, separator=", ", threshold=1 << 30,
                                      formatter={"float_kind": lambda v: f"{v:.5f}"}) + ">"


def ttype(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


class Net:
    def __init__(self, shape):
        self.lines, self.count, self.shape = [], 0, shape

    def value(self):
        self.count += 1
        return f"%v{self.count}"

    def const(self, array):
        v = self.value()
        self.lines.append(f"  {v} = arith.constant {dense(array.astype(np.float32))} : "
                          f"{ttype(array.shape)}")
        return v

    def conv(self, x, shape, out_c, k, stride=1, pad=0, group=1):
        n, c, h, w = shape
        fan_in = c // group * k * k
        weight = self.const(RNG.normal(0, 1 / np.sqrt(fan_in), (out_c, c // group, k, k)))
        bias = self.const(RNG.normal(0, 0.1, (out_c,)))
        oh, ow = (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1
        out = (n, out_c, oh, ow)
        v = self.value()
        self.lines.append(
            f"  {v} = mini.conv2d {x}, {weight}, {bias} {{dilations = array<i64: 1, 1>, "
            f"group = {group} : i64, pads = array<i64: {pad}, {pad}, {pad}, {pad}>, "
            f"strides = array<i64: {stride}, {stride}>}} : ({ttype(shape)}, "
            f"{ttype((out_c, c // group, k, k))}, {ttype((out_c,))}) -> {ttype(out)}")
        return v, out

    def relu(self, x, shape):
        v = self.value()
        self.lines.append(f"  {v} = mini.relu {x} : {ttype(shape)}")
        return v

    def clip(self, x, shape):
        v = self.value()
        self.lines.append(f"  {v} = mini.clip {x} {{max = 6.000000e+00 : f32, "
                          f"min = 0.000000e+00 : f32}} : {ttype(shape)}")
        return v

    def add(self, a, b, shape):
        v = self.value()
        self.lines.append(f"  {v} = mini.add {a}, {b} : ({ttype(shape)}, {ttype(shape)}) -> "
                          f"{ttype(shape)}")
        return v

    def global_avg_pool(self, x, shape):
        v = self.value()
        out = (shape[0], shape[1], 1, 1)
        self.lines.append(f"  {v} = mini.global_avg_pool2d {x} : ({ttype(shape)}) -> {ttype(out)}")
        return v, out

    def text(self, result, shape, comment):
        return "\n".join([f"// {comment}", f"func.func @main(%x: {ttype(self.shape)}) -> "
                          f"{ttype(shape)} {{", *self.lines, f"  return {result} : {ttype(shape)}",
                          "}", ""])


def chain():
    net = Net((1, 3, 32, 32))
    y, s = net.conv("%x", net.shape, 8, 3, pad=1)
    y = net.relu(y, s)
    y, s = net.conv(y, s, 16, 3, stride=2, pad=1)
    y = net.relu(y, s)
    y, s = net.conv(y, s, 8, 1)
    return net.text(y, s, "Conv 3x3 -> ReLU -> Conv 3x3 stride 2 -> ReLU -> Conv 1x1")


def residual():
    net = Net((1, 3, 24, 24))
    x, s = net.conv("%x", net.shape, 8, 3, pad=1)
    x = net.relu(x, s)
    y, t = net.conv(x, s, 32, 1)
    y = net.clip(y, t)
    y, t = net.conv(y, t, 32, 3, pad=1, group=32)
    y = net.clip(y, t)
    y, t = net.conv(y, t, 8, 1)
    y = net.add(y, x, s)
    y, t = net.conv(y, s, 8, 3, stride=2, pad=1)
    return net.text(y, t, "stem, an inverted residual block, Conv 3x3 stride 2")


def branches():
    net = Net((1, 3, 20, 20))
    x, s = net.conv("%x", net.shape, 8, 3, pad=1)
    a, _ = net.conv(x, s, 8, 3, pad=1)
    a = net.relu(a, s)
    b, _ = net.conv(x, s, 8, 1)
    y = net.add(a, b, s)
    y, t = net.conv(y, s, 4, 1)
    return net.text(y, t, "stem, two branches added, Conv 1x1")


def pooled():
    net = Net((1, 3, 16, 16))
    y, s = net.conv("%x", net.shape, 16, 3, stride=2, pad=1)
    y = net.clip(y, s)
    y, s = net.conv(y, s, 256, 1)
    y = net.clip(y, s)
    y, s = net.global_avg_pool(y, s)
    return net.text(y, s, "stem, Conv 1x1 to 256 channels, GlobalAveragePool")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, build in (("chain", chain), ("residual", residual), ("branches", branches),
                        ("pooled", pooled)):
        with open(os.path.join(out, name + ".mlir"), "w") as f:
            f.write(build())


if __name__ == "__main__":
    main()
