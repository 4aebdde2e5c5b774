#!/usr/bin/python3
"""Execution test of every mini op: a one-op ONNX model per case, run by mini-run (planned and
unplanned), against an independent NumPy reference written here from the ONNX operator specs.

  run_ops.py [--half] TMP_DIR

Prints one line per case, "op CASE: OK (...)", or "FAIL" with the figures, and exits 1 if any
case fails. Tolerance: max |diff| <= 1e-5 * max(1, max |reference|); planned and unplanned
outputs must be bit-identical.

--half runs in float16 every case whose tensors are all float, whose ops ONNX defines on float16
and keeps float16 (not Cast, Resize, Celu), and whose
arrays float16 holds exactly: the cases' random values are multiples of 1/64 of at most 10
significant bits (exact in float16, as are most sums, scalings and absolute values the cases make
of them; a case with an inexact array prints "skipped in float16", its reference would not be
the float16 model's), every array becomes float16, and the float64 reference of those exact
values is the op's true result, which mini computes in f32 and rounds to float16 once: the
tolerance is one float16 step at the largest magnitude, 2^-10 * max(1, max |reference|). The
outputs ONNX keeps float (LayerNormalization's statistics of a float16 x, stash_type 1) are
float32, within the float32 tolerance.
"""
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

RNG = np.random.default_rng(1234)
HALF = "--half" in sys.argv
# Ops whose float operands stay float in a float16 model, that convert, or that ONNX defines on
# float only (Celu); cases whose output ONNX keeps float32 (LayerNormalization's statistics,
# stash_type 1).
HALF_SKIPPED_OPS = {"Cast", "CastLike", "Resize", "Celu"}
HALF_FLOAT_OUTPUT_CASES = {"layer_norm_inv_std_dev", "layer_norm_mean"}


def rand(*shape):
    x = RNG.standard_normal(shape).astype(np.float32)
    if HALF:
        # Multiples of 1/64 in [-8, 8]: exact in float16 (see --half).
        x = (np.round(np.clip(x, -8, 8) * 64) / 64).astype(np.float32)
    return x


# --- NumPy references -------------------------------------------------------------------------

def ref_conv(x, w, b=None, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1), group=1):
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    n, c, h, wd = x.shape
    f, cg, kh, kw = w.shape
    oh = (h - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (wd - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    out = np.zeros((n, f, oh, ow), dtype=np.float64)
    fg = f // group
    for g in range(group):
        xs = x[:, g * cg:(g + 1) * cg]
        ws = w[g * fg:(g + 1) * fg]
        for i in range(kh):
            for j in range(kw):
                patch = xs[:, :, i * dilations[0]: i * dilations[0] + strides[0] * (oh - 1) + 1: strides[0],
                           j * dilations[1]: j * dilations[1] + strides[1] * (ow - 1) + 1: strides[1]]
                out[:, g * fg:(g + 1) * fg] += np.einsum("nchw,fc->nfhw", patch, ws[:, :, i, j])
    if b is not None:
        out += b.reshape(1, -1, 1, 1)
    return out


def windows(x, k, s, pads, ceil, fill):
    n, c, h, w = x.shape
    def out_size(size, kk, ss, p0, p1):
        num = size + p0 + p1 - kk
        return (-(-num // ss) if ceil else num // ss) + 1
    oh = out_size(h, k[0], s[0], pads[0], pads[2])
    ow = out_size(w, k[1], s[1], pads[1], pads[3])
    extra_h = max(0, (oh - 1) * s[0] + k[0] - (h + pads[0] + pads[2]))
    extra_w = max(0, (ow - 1) * s[1] + k[1] - (w + pads[1] + pads[3]))
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (pads[0], pads[2] + extra_h), (pads[1], pads[3] + extra_w)),
                constant_values=fill)
    valid = np.pad(np.ones((h, w)), ((pads[0], pads[2] + extra_h), (pads[1], pads[3] + extra_w)))
    out = np.empty((n, c, oh, ow, k[0] * k[1]))
    cnt = np.empty((oh, ow, k[0] * k[1]))
    for i in range(k[0]):
        for j in range(k[1]):
            out[..., i * k[1] + j] = xp[:, :, i: i + s[0] * (oh - 1) + 1: s[0], j: j + s[1] * (ow - 1) + 1: s[1]]
            cnt[..., i * k[1] + j] = valid[i: i + s[0] * (oh - 1) + 1: s[0], j: j + s[1] * (ow - 1) + 1: s[1]]
    return out, cnt


def ref_maxpool(x, k, s, pads=(0, 0, 0, 0), ceil=False):
    out, _ = windows(x, k, s, pads, ceil, -np.inf)
    return out.max(axis=-1)


def ref_avgpool(x, k, s, pads=(0, 0, 0, 0), ceil=False, count_include_pad=False):
    out, cnt = windows(x, k, s, pads, ceil, 0.0)
    if count_include_pad:
        return out.sum(axis=-1) / (k[0] * k[1])
    return out.sum(axis=-1) / cnt.sum(axis=-1)


def ref_erf(x):
    import math
    return np.vectorize(math.erf)(x.astype(np.float64))


def ref_layer_norm(x, scale, bias, axis, eps):
    axes = tuple(range(axis % x.ndim, x.ndim))
    x = x.astype(np.float64)
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * scale + bias


def ref_resize(x, out_hw, mode, transform, nearest="round_prefer_floor", scales=None):
    """ONNX's coordinate transforms (onnx/reference/ops/op_resize.py): the scale is the one given
    (else output over input length), and align_corners divides by the unrounded resized length."""
    n, c, h, w = x.shape
    oh, ow = out_hw
    def coords(o, i, scale):
        scale = o / i if scale is None else float(scale)
        xo = np.arange(o, dtype=np.float64)
        if transform == "asymmetric":
            return xo / scale
        if transform == "align_corners":
            return xo * (i - 1) / (i * scale - 1) if o > 1 else np.zeros(o)
        return (xo + 0.5) / scale - 0.5
    sh, sw = (None, None) if scales is None else scales
    ys, xs = coords(oh, h, sh), coords(ow, w, sw)
    if mode == "nearest":
        rnd = {"floor": np.floor, "ceil": np.ceil,
               "round_prefer_floor": lambda v: np.ceil(v - 0.5),
               "round_prefer_ceil": lambda v: np.floor(v + 0.5)}[nearest]
        yi = np.clip(rnd(ys), 0, h - 1).astype(int)
        xi = np.clip(rnd(xs), 0, w - 1).astype(int)
        return x[:, :, yi][:, :, :, xi].astype(np.float64)
    ys, xs = np.clip(ys, 0, h - 1), np.clip(xs, 0, w - 1)
    y0, x0 = np.floor(ys).astype(int), np.floor(xs).astype(int)
    y1, x1 = np.minimum(y0 + 1, h - 1), np.minimum(x0 + 1, w - 1)
    fy, fx = (ys - y0)[:, None], (xs - x0)[None, :]
    xd = x.astype(np.float64)
    top = xd[:, :, y0][:, :, :, x0] * (1 - fx) + xd[:, :, y0][:, :, :, x1] * fx
    bottom = xd[:, :, y1][:, :, :, x0] * (1 - fx) + xd[:, :, y1][:, :, :, x1] * fx
    return top * (1 - fy) + bottom * fy


def ref_softmax(x, axis):
    e = np.exp(x.astype(np.float64) - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# --- Cases: (name, nodes, inputs {name: array}, initializers {name: array}, reference) --------

def cases():
    n = helper.make_node
    x4 = rand(1, 4, 9, 9)
    w = rand(6, 4, 3, 3)
    b = rand(6)
    wdw = rand(4, 1, 3, 3)
    wg = rand(6, 2, 1, 1)
    a2, b2 = rand(3, 7), rand(7, 5)
    gw, gb = rand(5, 7), rand(5)
    s4, bb4, m4, v4 = rand(4), rand(4), rand(4), np.abs(rand(4)) + 0.5
    y4 = rand(1, 4, 9, 9)
    bc = rand(4, 1, 1)
    yield ("constant", [n("Constant", [], ["k"], value=numpy_helper.from_array(bc, "k")),
                        n("Add", ["x", "k"], ["y"])], {"x": x4}, {}, x4 + bc)
    yield ("conv2d", [n("Conv", ["x", "w", "b"], ["y"], strides=[2, 2], pads=[1, 1, 1, 1])],
           {"x": x4}, {"w": w, "b": b}, ref_conv(x4, w, b, strides=(2, 2), pads=(1, 1, 1, 1)))
    yield ("conv2d_dilated", [n("Conv", ["x", "w"], ["y"], dilations=[2, 2])],
           {"x": x4}, {"w": w}, ref_conv(x4, w, dilations=(2, 2)))
    yield ("conv2d_depthwise", [n("Conv", ["x", "w", "b"], ["y"], group=4, pads=[1, 1, 1, 1])],
           {"x": x4}, {"w": wdw, "b": rand(4)}, None)
    yield ("conv2d_grouped", [n("Conv", ["x", "w"], ["y"], group=2)],
           {"x": x4}, {"w": wg}, ref_conv(x4, wg, group=2))
    yield ("gemm", [n("Gemm", ["a", "w", "b"], ["y"], transB=1, alpha=0.5, beta=2.0)],
           {"a": a2}, {"w": gw, "b": gb}, 0.5 * a2.astype(np.float64) @ gw.T + 2.0 * gb)
    yield ("matmul", [n("MatMul", ["a", "b"], ["y"])], {"a": a2, "b": b2}, {}, a2.astype(np.float64) @ b2)
    for op, fn in (("add", np.add), ("sub", np.subtract), ("mul", np.multiply), ("div", np.divide)):
        other = bc if op != "div" else np.abs(bc) + 0.5
        yield (op, [n(op.capitalize(), ["x", "k"], ["y"])], {"x": x4}, {"k": other},
               fn(x4.astype(np.float64), other))
    yield ("relu", [n("Relu", ["x"], ["y"])], {"x": x4}, {}, np.maximum(x4, 0))
    yield ("clip", [n("Clip", ["x", "lo", "hi"], ["y"])], {"x": x4},
           {"lo": np.array(-0.5, np.float32), "hi": np.array(0.7, np.float32)}, np.clip(x4, -0.5, 0.7))
    yield ("sigmoid", [n("Sigmoid", ["x"], ["y"])], {"x": x4}, {}, 1 / (1 + np.exp(-x4.astype(np.float64))))
    yield ("hard_sigmoid", [n("HardSigmoid", ["x"], ["y"], alpha=0.25, beta=0.4)], {"x": x4}, {},
           np.clip(0.25 * x4.astype(np.float64) + 0.4, 0, 1))
    yield ("softmax", [n("Softmax", ["a"], ["y"], axis=-1)], {"a": a2}, {}, ref_softmax(a2, -1))
    yield ("batch_norm", [n("BatchNormalization", ["x", "s", "bb", "m", "v"], ["y"], epsilon=1e-3)],
           {"x": x4}, {"s": s4, "bb": bb4, "m": m4, "v": v4},
           (x4 - m4.reshape(1, 4, 1, 1)) / np.sqrt(v4.reshape(1, 4, 1, 1).astype(np.float64) + 1e-3)
           * s4.reshape(1, 4, 1, 1) + bb4.reshape(1, 4, 1, 1))
    yield ("max_pool2d", [n("MaxPool", ["x"], ["y"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])],
           {"x": x4}, {}, ref_maxpool(x4, (3, 3), (2, 2), (1, 1, 1, 1)))
    yield ("max_pool2d_ceil", [n("MaxPool", ["x"], ["y"], kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1)],
           {"x": x4}, {}, ref_maxpool(x4, (2, 2), (2, 2), ceil=True))
    yield ("avg_pool2d", [n("AveragePool", ["x"], ["y"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])],
           {"x": x4}, {}, ref_avgpool(x4, (3, 3), (2, 2), (1, 1, 1, 1)))
    yield ("avg_pool2d_include_pad", [n("AveragePool", ["x"], ["y"], kernel_shape=[3, 3], strides=[1, 1],
                                        pads=[1, 1, 1, 1], count_include_pad=1)],
           {"x": x4}, {}, ref_avgpool(x4, (3, 3), (1, 1), (1, 1, 1, 1), count_include_pad=True))
    yield ("global_avg_pool2d", [n("GlobalAveragePool", ["x"], ["y"])], {"x": x4}, {},
           x4.astype(np.float64).mean(axis=(2, 3), keepdims=True))
    yield ("reduce_mean", [n("ReduceMean", ["x"], ["y"], axes=[1, 3], keepdims=0)], {"x": x4}, {},
           x4.astype(np.float64).mean(axis=(1, 3)))
    yield ("flatten", [n("Flatten", ["x"], ["y"], axis=2)], {"x": x4}, {}, x4.reshape(4, 81))
    yield ("reshape", [n("Reshape", ["x", "shape"], ["y"])], {"x": x4},
           {"shape": np.array([2, -1, 9], np.int64)}, x4.reshape(2, -1, 9))
    yield ("transpose", [n("Transpose", ["x"], ["y"], perm=[0, 2, 3, 1])], {"x": x4}, {},
           x4.transpose(0, 2, 3, 1))
    yield ("concat", [n("Concat", ["x", "z"], ["y"], axis=1)], {"x": x4, "z": y4}, {},
           np.concatenate([x4, y4], axis=1))
    yield ("pad", [n("Pad", ["x", "pads"], ["y"])], {"x": x4},
           {"pads": np.array([0, 1, 2, 0, 0, 0, 1, 3], np.int64)},
           np.pad(x4, ((0, 0), (1, 0), (2, 1), (0, 3))))
    # --- transformer and newer-CNN ops ---
    a3, b4 = rand(2, 3, 4), rand(2, 1, 4, 5)
    yield ("matmul_batched", [n("MatMul", ["a", "b"], ["y"])], {"a": a3, "b": b4}, {},
           a3.astype(np.float64) @ b4)
    pos = np.abs(x4) + 0.25
    for op, fn, arg in (("sqrt", np.sqrt, pos), ("exp", np.exp, x4), ("log", np.log, pos),
                        ("erf", ref_erf, x4), ("tanh", np.tanh, x4), ("neg", np.negative, x4),
                        ("reciprocal", np.reciprocal, pos)):
        yield (op, [n(op.capitalize(), ["x"], ["y"])], {"x": arg}, {}, fn(arg.astype(np.float64)))
    yield ("hard_swish", [n("HardSwish", ["x"], ["y"])], {"x": 4 * x4}, {},
           4 * x4.astype(np.float64) * np.clip(4 * x4.astype(np.float64) / 6 + 0.5, 0, 1), 14)
    yield ("pow", [n("Pow", ["x", "k"], ["y"])], {"x": pos}, {"k": np.array([2.0, 0.5, 3.0, 1.5], np.float32).reshape(4, 1, 1)},
           pos.astype(np.float64) ** np.array([2.0, 0.5, 3.0, 1.5]).reshape(4, 1, 1))
    yield ("pow_int_exponent", [n("Pow", ["x", "k"], ["y"])], {"x": x4}, {"k": np.array(2, np.int64)},
           x4.astype(np.float64) ** 2)
    g, bt = rand(9), rand(9)
    yield ("layer_norm", [n("LayerNormalization", ["x", "g", "b"], ["y"], axis=-1, epsilon=1e-5)],
           {"x": x4}, {"g": g, "b": bt}, ref_layer_norm(x4, g, bt, -1, 1e-5), 17)
    yield ("layer_norm_axis2", [n("LayerNormalization", ["x", "g"], ["y"], axis=2)],
           {"x": x4}, {"g": rand(9, 9)}, None, 17)
    # The opset-13 subgraph PyTorch writes for LayerNorm; imported as mini.layer_norm.
    yield ("layer_norm_decomposed", [
        n("ReduceMean", ["x"], ["m"], axes=[-1]), n("Sub", ["x", "m"], ["d"]),
        n("Pow", ["d", "two"], ["p"]), n("ReduceMean", ["p"], ["v"], axes=[-1]),
        n("Add", ["v", "eps"], ["ve"]), n("Sqrt", ["ve"], ["s"]), n("Div", ["d", "s"], ["q"]),
        n("Mul", ["q", "g"], ["qg"]), n("Add", ["qg", "b"], ["y"])],
        {"x": x4}, {"two": np.array(2.0, np.float32), "eps": np.array(1e-5, np.float32), "g": g, "b": bt},
        ref_layer_norm(x4, g, bt, -1, 1e-5))
    # The opset-13 Erf subgraph of exact GELU; imported as mini.gelu.
    yield ("gelu_decomposed", [
        n("Div", ["x", "r2"], ["q"]), n("Erf", ["q"], ["e"]), n("Add", ["e", "one"], ["e1"]),
        n("Mul", ["x", "e1"], ["m"]), n("Mul", ["m", "half"], ["y"])],
        {"x": 3 * x4}, {"r2": np.array(np.sqrt(2), np.float32), "one": np.array(1.0, np.float32),
                        "half": np.array(0.5, np.float32)},
        0.5 * 3 * x4.astype(np.float64) * (1 + ref_erf(3 * x4 / np.sqrt(2))))
    yield ("reduce_sum", [n("ReduceSum", ["x", "axes"], ["y"], keepdims=1)], {"x": x4},
           {"axes": np.array([1, -1], np.int64)}, x4.astype(np.float64).sum(axis=(1, 3), keepdims=True))
    yield ("reduce_max", [n("ReduceMax", ["x"], ["y"], axes=[2], keepdims=0)], {"x": x4}, {},
           x4.max(axis=2).astype(np.float64))
    yield ("softmax_axis1", [n("Softmax", ["x"], ["y"], axis=1)], {"x": x4}, {}, ref_softmax(x4, 1))
    yield ("slice", [n("Slice", ["x", "st", "en", "ax", "sp"], ["y"])], {"x": x4},
           {"st": np.array([1, -7, 0], np.int64), "en": np.array([1000, -1, 9], np.int64),
            "ax": np.array([1, 2, -1], np.int64), "sp": np.array([2, 1, 3], np.int64)},
           x4[:, 1::2, -7:-1, 0:9:3])
    yield ("slice_reverse", [n("Slice", ["x", "st", "en", "ax", "sp"], ["y"])], {"x": x4},
           {"st": np.array([-1, 7], np.int64), "en": np.array([-1000, 1], np.int64),
            "ax": np.array([3, 2], np.int64), "sp": np.array([-2, -3], np.int64)},
           x4[:, :, 7:1:-3, ::-2])
    # torch.onnx's torch.roll: per axis, Concat(Slice(-shift:), Slice(:-shift)); a shift of 0
    # gives an empty slice, which the importer drops.
    big = np.iinfo(np.int64).max
    yield ("roll", [n("Slice", ["x", "m2", "big", "a2"], ["r0"]), n("Slice", ["x", "z", "m2", "a2"], ["r1"]),
                    n("Concat", ["r0", "r1"], ["r"], axis=2),
                    n("Slice", ["r", "z", "big", "a3"], ["q0"]), n("Slice", ["r", "z", "z", "a3"], ["q1"]),
                    n("Concat", ["q0", "q1"], ["y"], axis=3)],
           {"x": x4}, {"m2": np.array([-2], np.int64), "z": np.array([0], np.int64),
                       "big": np.array([big], np.int64), "a2": np.array([2], np.int64),
                       "a3": np.array([3], np.int64)},
           np.roll(x4, 2, axis=2).astype(np.float64))
    # Dropout is the identity in inference, also in training mode with ratio 0 (Swin's
    # attention); its mask output is unused.
    yield ("dropout", [n("Dropout", ["x", "r", "t"], ["d", "mask"]), n("Add", ["d", "d"], ["y"])],
           {"x": x4}, {"r": np.array(0.0, np.float32), "t": np.array(True)},
           2 * x4.astype(np.float64))
    yield ("split", [n("Split", ["x", "sizes"], ["s0", "s1"], axis=1), n("Sub", ["s0", "s1"], ["y"])],
           {"x": x4}, {"sizes": np.array([2, 2], np.int64)}, x4[:, :2].astype(np.float64) - x4[:, 2:])
    table = rand(11, 6)
    ids = np.array([[3, 0, 10], [-1, 5, 5]], np.int64)
    yield ("gather_embedding", [n("Gather", ["t", "ids"], ["y"], axis=0)], {"ids": ids}, {"t": table},
           table[ids].astype(np.float64))
    yield ("gather_axis2", [n("Gather", ["x", "k"], ["y"], axis=2)], {"x": x4},
           {"k": np.array([[8, 0], [-2, 3]], np.int64)}, np.take(x4, [[8, 0], [-2, 3]], axis=2))
    yield ("expand", [n("Expand", ["x", "shape"], ["y"])], {"x": bc.reshape(4, 1)},
           {"shape": np.array([2, 1, 5], np.int64)}, np.broadcast_to(bc.reshape(4, 1), (2, 4, 5)))
    yield ("unsqueeze_squeeze", [n("Unsqueeze", ["x", "a0"], ["u"]), n("Squeeze", ["u", "a1"], ["y"])],
           {"x": x4}, {"a0": np.array([0, 3], np.int64), "a1": np.array([1], np.int64)},
           x4.reshape(1, 4, 1, 9, 9))
    yield ("where_greater", [n("Greater", ["x", "z"], ["c"]), n("Where", ["c", "x", "z"], ["y"])],
           {"x": x4, "z": y4}, {}, np.maximum(x4, y4))
    yield ("where_mask", [n("Where", ["mask", "x", "ninf"], ["y"])], {"x": rand(2, 5, 5)},
           {"mask": np.tril(np.ones((5, 5), bool)), "ninf": np.array(-1e4, np.float32)}, None)
    yield ("less", [n("Less", ["x", "z"], ["y"])], {"x": x4, "z": y4}, {}, x4 < y4)
    yield ("equal", [n("Equal", ["x", "z"], ["y"])], {"x": np.round(x4), "z": np.round(y4)}, {},
           np.round(x4) == np.round(y4))
    yield ("cast", [n("Cast", ["x"], ["i"], to=TensorProto.INT64), n("Cast", ["i"], ["y"], to=TensorProto.FLOAT)],
           {"x": 3 * x4}, {}, np.trunc(3 * x4).astype(np.float64))
    yield ("cast_ids", [n("Cast", ["ids"], ["y"], to=TensorProto.FLOAT)], {"ids": ids}, {}, ids.astype(np.float64))
    yield ("resize_nearest", [n("Resize", ["x", "", "scales"], ["y"], mode="nearest",
                                coordinate_transformation_mode="asymmetric", nearest_mode="floor")],
           {"x": x4}, {"scales": np.array([1, 1, 2, 2], np.float32)},
           ref_resize(x4, (18, 18), "nearest", "asymmetric", "floor"))
    yield ("resize_linear", [n("Resize", ["x", "", "", "sizes"], ["y"], mode="linear")],
           {"x": x4}, {"sizes": np.array([1, 4, 14, 20], np.int64)},
           ref_resize(x4, (14, 20), "linear", "half_pixel"))
    yield ("resize_align_corners", [n("Resize", ["x", "", "", "sizes"], ["y"], mode="linear",
                                      coordinate_transformation_mode="align_corners")],
           {"x": x4}, {"sizes": np.array([1, 4, 5, 17], np.int64)},
           ref_resize(x4, (5, 17), "linear", "align_corners"))
    # Integer tensors through arithmetic, select, comparisons and data movement, with integer
    # initializers kept in their type (they became f32 constants, issue 25). Exact: the
    # reference is NumPy's integer result; Div truncates toward zero as ONNX's.
    i64 = RNG.integers(-50, 50, size=(2, 3, 4)).astype(np.int64)
    j64 = RNG.integers(1, 9, size=(3, 4)).astype(np.int64)
    i32 = RNG.integers(-5, 5, size=(6,)).astype(np.int32)
    big = np.array([2**53 + 1, -2**62, 7], np.int64)
    yield ("add_int64", [n("Add", ["x", "k"], ["y"])], {"x": i64}, {"k": j64}, i64 + j64)
    yield ("add_int64_exact", [n("Add", ["x", "k"], ["y"])], {"x": big},
           {"k": np.array([1, 0, 0], np.int64)}, big + np.array([1, 0, 0], np.int64))
    yield ("sub_mul_int64", [n("Sub", ["x", "k"], ["s"]), n("Mul", ["s", "k"], ["y"])],
           {"x": i64}, {"k": j64}, (i64 - j64) * j64)
    yield ("div_int64", [n("Div", ["x", "k"], ["y"])], {"x": i64}, {"k": j64},
           np.trunc(i64 / j64).astype(np.int64))
    yield ("where_int64", [n("Greater", ["x", "zero"], ["c"]), n("Where", ["c", "x", "k"], ["y"])],
           {"x": i64}, {"zero": np.array(0, np.int64), "k": j64}, np.where(i64 > 0, i64, j64))
    yield ("equal_int32", [n("Equal", ["x", "k"], ["y"])], {"x": i32},
           {"k": np.array([0, 1, -1, 2, -2, 3], np.int32)},
           i32 == np.array([0, 1, -1, 2, -2, 3], np.int32))
    yield ("transpose_int64", [n("Reshape", ["x", "shape"], ["r"]),
                               n("Transpose", ["r"], ["y"], perm=[1, 0])],
           {"x": i64}, {"shape": np.array([6, 4], np.int64)}, i64.reshape(6, 4).T.copy())
    yield ("concat_flatten_int64", [n("Concat", ["x", "x"], ["c"], axis=1),
                                    n("Flatten", ["c"], ["y"], axis=1)],
           {"x": i64}, {}, np.concatenate([i64, i64], axis=1).reshape(2, -1))
    yield ("gather_split_int64", [n("Gather", ["x", "idx"], ["g"], axis=2),
                                  n("Split", ["g"], ["y", "rest"], axis=1, split=[1, 2])],
           {"x": i64}, {"idx": np.array([3, 0], np.int64)}, i64[:, :1][:, :, [3, 0]],
           11)
    # Downsampling by scales that do not divide the input: the coordinates divide by the scale
    # given, not by the rounded output over the input (9 * 0.6 = 5.4 -> 5, 9 * 0.35 -> 3).
    for transform in ("half_pixel", "align_corners", "asymmetric"):
        yield ("resize_down_scales_" + transform,
               [n("Resize", ["x", "", "scales"], ["y"], mode="linear",
                  coordinate_transformation_mode=transform)],
               {"x": x4}, {"scales": np.array([1, 1, 0.6, 0.35], np.float32)},
               ref_resize(x4, (5, 3), "linear", transform, scales=(np.float32(0.6), np.float32(0.35))))
    # Elementwise math and activations (ONNX's formulas, in float64). Inputs in each function's
    # domain: |x| < 1 for asin, acos and atanh, x >= 1 for acosh; halves for round (to even).
    unit = np.tanh(x4)
    d = lambda a: a.astype(np.float64)  # noqa: E731
    halves = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.0, -0.0, 3.7], np.float32).reshape(1, 1, 1, 9)
    for op, fn, arg in (("sin", np.sin, 3 * x4), ("cos", np.cos, 3 * x4), ("tan", np.tan, unit),
                        ("asin", np.arcsin, unit), ("acos", np.arccos, unit), ("atan", np.arctan, 3 * x4),
                        ("sinh", np.sinh, x4), ("cosh", np.cosh, x4), ("asinh", np.arcsinh, 3 * x4),
                        ("acosh", np.arccosh, pos + 1), ("atanh", np.arctanh, unit),
                        ("ceil", np.ceil, 3 * x4), ("floor", np.floor, 3 * x4), ("round", np.round, halves),
                        ("abs", np.abs, x4), ("sign", np.sign, np.where(np.abs(x4) < 0.3, 0, x4).astype(np.float32)),
                        ("softplus", lambda v: np.log(np.exp(v) + 1), 3 * x4),
                        ("softsign", lambda v: v / (1 + np.abs(v)), 3 * x4)):
        yield (op, [n(op.capitalize(), ["x"], ["y"])], {"x": arg}, {}, fn(d(arg)))
    # The same functions folded at import when their input is a constant.
    k = halves.reshape(9)
    yield ("folded_round_sign_softsign",
           [n("Round", ["k"], ["r"]), n("Sign", ["k"], ["s"]), n("Softsign", ["k"], ["q"]),
            n("Add", ["x", "r"], ["t"]), n("Add", ["t", "s"], ["u"]), n("Add", ["u", "q"], ["y"])],
           {"x": x4}, {"k": k},
           d(x4) + np.round(d(k)) + np.sign(d(k)) + d(k) / (1 + np.abs(d(k))))
    # The other reductions, over two axes, kept or dropped (ONNX's definitions).
    for op, fn, arg in (("ReduceMin", lambda a, ax: a.min(axis=ax), x4),
                        ("ReduceProd", lambda a, ax: a.prod(axis=ax), 1 + 0.1 * x4),
                        ("ReduceL1", lambda a, ax: np.abs(a).sum(axis=ax), x4),
                        ("ReduceL2", lambda a, ax: np.sqrt((a * a).sum(axis=ax)), x4),
                        ("ReduceSumSquare", lambda a, ax: (a * a).sum(axis=ax), x4),
                        ("ReduceLogSum", lambda a, ax: np.log(a.sum(axis=ax)), pos),
                        ("ReduceLogSumExp", lambda a, ax: np.log(np.exp(a).sum(axis=ax)), 3 * x4)):
        for keep in (1, 0):
            yield (f"{op.lower()}_keepdims{keep}", [n(op, ["x"], ["y"], axes=[1, 3], keepdims=keep)],
                   {"x": arg}, {},
                   fn(d(arg), (1, 3)).reshape((1, 1, 9, 1) if keep else (1, 9)))
    # ArgMax and ArgMin: first index on ties, or the last with select_last_index.
    ties = np.array([[1, 3, 3, 0], [2, 2, -1, -1], [0, 0, 0, 0]], np.float32)
    for op, fn in (("ArgMax", np.argmax), ("ArgMin", np.argmin)):
        yield (f"{op.lower()}_axis1", [n(op, ["x"], ["y"], axis=1)], {"x": ties}, {},
               fn(ties, axis=1).reshape(3, 1))
        yield (f"{op.lower()}_last_index", [n(op, ["x"], ["y"], axis=-1, keepdims=0,
                                              select_last_index=1)], {"x": ties}, {},
               3 - fn(ties[:, ::-1], axis=1))
        yield (f"{op.lower()}_axis2", [n(op, ["x"], ["y"], axis=2, keepdims=0)], {"x": x4}, {},
               fn(x4, axis=2))
    # Comparisons, logic on bools, NaN and infinity tests, PRelu.
    a2x = np.round(2 * rand(3, 4)).astype(np.float32)
    b1x = np.round(2 * rand(4)).astype(np.float32)
    yield ("less_or_equal", [n("LessOrEqual", ["a", "b"], ["y"])], {"a": a2x, "b": b1x}, {},
           a2x <= b1x, 12)
    yield ("greater_or_equal", [n("GreaterOrEqual", ["a", "b"], ["y"])], {"a": a2x, "b": b1x},
           {}, a2x >= b1x, 12)
    p2, q1 = rand(3, 4) > 0, rand(4) > 0
    for op, fn in (("And", np.logical_and), ("Or", np.logical_or), ("Xor", np.logical_xor)):
        yield (op.lower(), [n(op, ["a", "b"], ["y"])], {"a": p2, "b": q1}, {}, fn(p2, q1))
    yield ("not", [n("Not", ["a"], ["y"])], {"a": p2}, {}, np.logical_not(p2))
    special = np.array([1.0, np.nan, np.inf, -np.inf, -0.0, 3e38], np.float32)
    yield ("is_nan", [n("IsNaN", ["x"], ["y"])], {"x": special}, {}, np.isnan(special))
    yield ("is_inf", [n("IsInf", ["x"], ["y"])], {"x": special}, {}, np.isinf(special), 10)
    yield ("is_inf_negative", [n("IsInf", ["x"], ["y"], detect_positive=0)], {"x": special}, {},
           np.isneginf(special), 10)
    slope = rand(4, 1, 1)
    yield ("prelu", [n("PRelu", ["x", "s"], ["y"])], {"x": x4}, {"s": slope},
           np.where(d(x4) < 0, d(slope) * d(x4), d(x4)))
    # The variadic Max, Min, Sum and Mean, broadcast; one operand; NaN propagates through Max.
    m1, m2, m3 = rand(2, 3, 4), rand(3, 1), rand(4)
    m2[0, 0] = np.nan
    for op, fn in (("Max", np.maximum), ("Min", np.minimum), ("Sum", np.add)):
        yield (op.lower() + "_three", [n(op, ["a", "b", "c"], ["y"])], {"a": m1, "b": m2, "c": m3},
               {}, fn(fn(d(m1), d(m2)), d(m3)))
    yield ("mean_three", [n("Mean", ["a", "b", "c"], ["y"])], {"a": m1, "b": m2, "c": m3}, {},
           (d(m1) + d(m2) + d(m3)) / 3)
    yield ("max_one", [n("Max", ["a"], ["y"])], {"a": m1}, {}, d(m1))
    ia, ib = RNG.integers(-9, 9, (2, 3)), RNG.integers(-9, 9, (3,))
    yield ("min_int64", [n("Min", ["a", "b"], ["y"])], {"a": ia, "b": ib}, {}, np.minimum(ia, ib))
    # LayerNormalization's optional outputs Mean and InvStdDev (the statistics kept over the
    # normalized axes); the test takes the last output (InvStdDev).
    xs = d(x4)
    mean2 = xs.mean(axis=(2, 3), keepdims=True)
    inv2 = 1 / np.sqrt(((xs - mean2) ** 2).mean(axis=(2, 3), keepdims=True) + 1e-3)
    yield ("layer_norm_inv_std_dev", [n("LayerNormalization", ["x", "g"], ["n", "m", "y"], axis=2,
                                        epsilon=1e-3)],
           {"x": x4}, {"g": rand(9, 9)}, inv2, 17)
    yield ("layer_norm_mean", [n("LayerNormalization", ["x", "g"], ["n", "y"], axis=-1)],
           {"x": x4}, {"g": rand(9)}, xs.mean(axis=3, keepdims=True), 17)
    # GatherElements along each axis, negative indices counting from the end.
    gdata = rand(3, 4)
    gidx = np.array([[0, -1], [2, 1], [-4, 3]], np.int64)
    yield ("gather_elements_axis1", [n("GatherElements", ["x", "i"], ["y"], axis=1)],
           {"x": gdata, "i": gidx}, {}, np.take_along_axis(gdata, gidx % 4, axis=1), 13)
    gidx0 = np.array([[2, 0, -1, 1]], np.int64)
    yield ("gather_elements_axis0", [n("GatherElements", ["x", "i"], ["y"], axis=-2)],
           {"x": gdata, "i": gidx0}, {}, np.take_along_axis(gdata, gidx0 % 3, axis=0), 13)
    # Size folds to the element count.
    yield ("size", [n("Size", ["x"], ["s"]), n("Cast", ["s"], ["c"], to=TensorProto.FLOAT),
                    n("Add", ["x", "c"], ["y"])], {"x": x4}, {}, d(x4) + x4.size)
    # LogSoftmax, Hardmax (first maximum on ties) and Trilu (k from a constant input).
    yield ("log_softmax_axis1", [n("LogSoftmax", ["x"], ["y"], axis=1)], {"x": 3 * x4}, {},
           np.log(ref_softmax(3 * x4, 1)))
    tied = np.array([[1, 5, 5, 2], [0, 0, 0, 0], [3, -1, 2, 3]], np.float32)
    yield ("hardmax", [n("Hardmax", ["x"], ["y"])], {"x": tied}, {},
           np.eye(4)[np.argmax(tied, axis=1)])
    tri = RNG.integers(-9, 9, (2, 4, 5))
    for upper, k in ((1, 0), (1, 2), (0, -1), (0, 3)):
        yield (f"trilu_upper{upper}_k{k}", [n("Trilu", ["x", "k"], ["y"], upper=upper)],
               {"x": tri}, {"k": np.array(k, np.int64)},
               np.triu(tri, k) if upper else np.tril(tri, k), 14)
    # LogSumExp stays finite where exp overflows float32.
    big = np.array([[100.0, 90.0, -3.0]], np.float32)
    yield ("reducelogsumexp_large", [n("ReduceLogSumExp", ["x"], ["y"], axes=[1], keepdims=0)],
           {"x": big}, {}, np.array([100.0 + np.log(1 + np.exp(-10.0) + np.exp(-103.0))]))
    v = 3 * x4
    for op, attrs, ref in (
            ("Elu", {}, np.where(d(v) < 0, np.exp(d(v)) - 1, d(v))),
            ("Elu", {"alpha": 0.5}, np.where(d(v) < 0, 0.5 * (np.exp(d(v)) - 1), d(v))),
            ("LeakyRelu", {}, np.where(d(v) < 0, 0.01 * d(v), d(v))),
            ("LeakyRelu", {"alpha": 0.2}, np.where(d(v) < 0, 0.2 * d(v), d(v))),
            ("Celu", {"alpha": 2.0}, np.maximum(0, d(v)) + np.minimum(0, 2.0 * (np.exp(d(v) / 2.0) - 1))),
            ("ThresholdedRelu", {"alpha": 0.5}, np.where(d(v) > 0.5, d(v), 0)),
            ("Selu", {}, 1.0507009873554805 * np.where(d(v) <= 0, 1.6732632423543772 * np.exp(d(v)) - 1.6732632423543772, d(v))),
            ("Selu", {"alpha": 2.0, "gamma": 3.0}, 3.0 * np.where(d(v) <= 0, 2.0 * np.exp(d(v)) - 2.0, d(v))),
            ("Shrink", {"bias": 0.5, "lambd": 1.0}, np.where(d(v) < -1, d(v) + 0.5, np.where(d(v) > 1, d(v) - 0.5, 0)))):
        name = op.lower() + ("_" + "_".join(f"{k}{attrs[k]}" for k in sorted(attrs)) if attrs else "")
        opset = {"Celu": 12, "ThresholdedRelu": 10}.get(op, 13)
        yield (name, [n(op, ["x"], ["y"], **attrs)], {"x": v}, {}, ref, opset)


def onnx_type(array, keep_float=False):
    if HALF and array.dtype.kind == "f" and not keep_float:
        return TensorProto.FLOAT16
    return {np.dtype(np.float32): TensorProto.FLOAT, np.dtype(np.float64): TensorProto.FLOAT,
            np.dtype(np.int64): TensorProto.INT64, np.dtype(np.int32): TensorProto.INT32,
            np.dtype(bool): TensorProto.BOOL}[array.dtype]


def build(nodes, inputs, inits, reference, path, opset, float_output=False):
    graph_inputs = [helper.make_tensor_value_info(k, onnx_type(v), list(v.shape)) for k, v in inputs.items()]
    output = helper.make_tensor_value_info("y", onnx_type(reference, float_output),
                                           list(reference.shape))
    graph = helper.make_graph(nodes, "g", graph_inputs, [output],
                              [numpy_helper.from_array(v, k) for k, v in inits.items()])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    onnx.save(m, path)


def late_reference(name, inputs, inits):
    """References that read the case's own arrays."""
    if name == "conv2d_depthwise":  # the grouped reference, one channel per group
        return ref_conv(inputs["x"], inits["w"], inits["b"], pads=(1, 1, 1, 1), group=4)
    if name == "layer_norm_axis2":
        return ref_layer_norm(inputs["x"], inits["g"], 0.0, 2, 1e-5)
    if name == "where_mask":
        return np.where(inits["mask"], inputs["x"], inits["ninf"]).astype(np.float64)
    raise KeyError(name)


def to_half(name, nodes, inputs, inits, reference):
    """The case's inputs and initializers in float16 (--half), or None when it is not one of
    --half's cases (printed when an array is not exact in float16)."""
    arrays = list(inputs.values()) + list(inits.values()) + [reference]
    if (any(a.dtype.kind != "f" for a in arrays)
            or any(nd.op_type in HALF_SKIPPED_OPS for nd in nodes)):
        return None
    for nd in nodes:
        for a in nd.attribute:
            if a.type == onnx.AttributeProto.TENSOR and a.t.data_type == TensorProto.FLOAT:
                a.t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(a.t).astype(np.float16), a.t.name))
    half = {}
    for group in (inputs, inits):
        half_group = {}
        for k, v in group.items():
            h = v.astype(np.float16)
            if not np.array_equal(h.astype(v.dtype), v, equal_nan=True):
                print(f"op {name}: skipped in float16 ('{k}' is not exact in float16)")
                return None
            half_group[k] = h
        half[id(group)] = half_group
    return half[id(inputs)], half[id(inits)]


def main():
    tmp = [a for a in sys.argv[1:] if a != "--half"][0]
    os.makedirs(tmp, exist_ok=True)
    failures = 0
    for name, nodes, inputs, inits, reference, *opset in cases():
        if reference is None:
            reference = late_reference(name, inputs, inits)
        if HALF:
            half = to_half(name, nodes, inputs, inits, reference)
            if half is None:
                continue
            inputs, inits = half
        model = os.path.join(tmp, name + ".onnx")
        float_output = HALF and name in HALF_FLOAT_OUTPUT_CASES
        build(nodes, inputs, inits, reference, model, opset[0] if opset else 13, float_output)
        args = []
        for k, v in inputs.items():
            p = os.path.join(tmp, f"{name}.{k}.npy")
            np.save(p, v)
            args += ["--input", p]
        outs = {}
        for mode, flags in (("planned", []), ("unplanned", ["--no-plan"])):
            out = os.path.join(tmp, f"{name}.{mode}.npy")
            run = subprocess.run(["mini-run", model, *args, "--output", out, *flags],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                print(f"op {name}: FAIL ({mode} run: {run.stderr.strip()})")
                failures += 1
                break
            outs[mode] = np.load(out)
        else:
            got = outs["planned"]
            half_output = HALF and not float_output
            same_type = (got.dtype == np.float16 if half_output else
                         got.dtype == reference.dtype or reference.dtype == np.float64)
            if got.shape != reference.shape or not same_type:
                err = np.inf
            elif reference.dtype.kind in "iub":
                # Integers and bools exactly, without a round trip through float64.
                err = 0.0 if np.array_equal(got, reference) else np.inf
            elif not np.array_equal(np.isnan(got), np.isnan(reference)):
                err = np.inf  # NaN where the reference has none, or none where it has
            else:
                # Floats where the reference is a number; NaNs must match (above).
                finite = ~np.isnan(reference)
                diff = np.abs(got.astype(np.float64) - reference)[finite]
                err = float(diff.max()) if diff.size else 0.0
            step = 2.0 ** -10 if half_output else 1e-5
            limit = step * max(1.0, float(np.nan_to_num(np.abs(reference)).max()))
            identical = outs["planned"].tobytes() == outs["unplanned"].tobytes()
            ok = err <= limit and identical
            failures += not ok
            print(f"op {name}: {'OK' if ok else 'FAIL'} (shape {got.shape} vs {reference.shape}, "
                  f"max |diff| {err:.1e}, limit {limit:.1e}, planned == unplanned: {identical})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
