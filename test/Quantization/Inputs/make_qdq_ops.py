#!/usr/bin/python3
"""Writes one QDQ ONNX model per quantized op, with its input and a NumPy reference, for
test/Quantization/qdq-ops.test:

  conv       Q -> DQ -> Conv 3x3 pad 1 (per-channel int8 weights, float bias) -> Relu -> Q -> DQ
  conv_s2    the same with stride 2, no activation, a per-tensor weight scale, zero points far from 0
  depthwise  a depthwise Conv 3x3 pad 1 -> Clip(0, 6)
  gemm       Q -> DQ -> Gemm (transB, per-channel weights, bias) -> Relu -> Q -> DQ
  add        two quantized inputs of different scales added, the output scale small enough to
             saturate
  gap        Q -> DQ -> GlobalAveragePool -> Flatten -> Q -> DQ
  qlinearconv, qlinearmatmul
             the QOperator forms: QLinearConv (stride 2, int32 bias), QLinearMatMul
  qdq        Q -> DQ per axis, with a saturating input
  conv_u8, qdq_u8, qlinearconv_u8, maxpool_u8
             uint8 activations (zero points in [0, 255], as onnxruntime's quantize_static writes):
             the conv model with ReLU, Q -> DQ per axis saturating at 0 and 255 and, without
             zero points, Q -> DQ defaulting to uint8 0; QLinearConv of uint8 x and y with int8
             weights; Q -> MaxPool 2x2 -> DQ on uint8
  io_u8      a uint8 graph input and output (DQ -> Relu -> Q)
  fold_u8    x + DQ(Q(c)) of a float constant c quantized without a zero point (uint8, folded
             at import), plus DQ(Cast(k, to=uint8)) of a float constant k (folded: truncated,
             modulo 256)
  convinteger, matmulinteger
             ConvInteger of a uint8 input (zero point 130, pads 1, stride 2) and int8 weights
             with per-output-channel zero points; MatMulInteger of uint8 A and int8 B with
             per-column zero points; int32 outputs, exact
  dql        DynamicQuantizeLinear of a seeded input (and dql.zeros.npy, all zeros: scale 0,
             zero point 0 and outputs 0, where ONNX's reference divides by zero)

The reference of each is computed from the int8 values as the integer kernels define them: the
int32 accumulation of (x - zx) * w, plus the bias quantized at s_x * s_w, requantized with the
real multiplier s_x * s_w / s_y (half to even) and clamped; the output dequantized. Results are
compared in output quantization steps (the fixed-point requantization may differ by one step on
ties).

  make_qdq_ops.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto as T
from onnx import helper as h
from onnx import numpy_helper as nh

RNG = np.random.default_rng(26)


def q8(x, s, zp, lo=-128, hi=127):
    return np.clip(np.rint(x / s) + zp, lo, hi).astype(np.int64)


def qrange(dtype):
    return (0, 255) if dtype == np.uint8 else (-128, 127)


def save(out, name, nodes, inputs, output_shape, inits, feeds, reference, step):
    graph = h.make_graph(nodes, name, [h.make_tensor_value_info(k, T.FLOAT, v.shape)
                                       for k, v in inputs.items()],
                         [h.make_tensor_value_info("y", T.FLOAT, output_shape)], inits)
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, name + ".onnx"))
    for i, (k, v) in enumerate(feeds.items()):
        np.save(os.path.join(out, f"{name}.{k}.npy"), v.astype(np.float32))
    np.save(os.path.join(out, name + ".ref.npy"), reference.astype(np.float32))
    with open(os.path.join(out, name + ".step"), "w") as f:
        f.write(repr(float(step)))


def scalar(name, value, dtype):
    return nh.from_array(np.array(value, dtype), name)


def conv_model(out, name, shape, out_c, stride, group, per_channel, act, zx, zy, dtype=np.int8):
    n, c, hh, ww = shape
    qlo, qhi = qrange(dtype)
    x = RNG.normal(0, 1, shape).astype(np.float32)
    sx, sy = 0.03, 0.05
    w = RNG.normal(0, 1 / np.sqrt(c // group * 9), (out_c, c // group, 3, 3)).astype(np.float32)
    sw = (np.abs(w).reshape(out_c, -1).max(1) / 127 if per_channel
          else np.array([np.abs(w).max() / 127])).astype(np.float32)
    wq = np.clip(np.rint(w / sw.reshape(-1, 1, 1, 1)), -127, 127).astype(np.int8)
    b = RNG.normal(0, 0.2, out_c).astype(np.float32)
    inits = [scalar("sx", sx, np.float32), scalar("zx", zx, dtype),
             scalar("sy", sy, np.float32), scalar("zy", zy, dtype),
             nh.from_array(wq, "wq"), nh.from_array(sw if per_channel else sw.reshape(()), "sw"),
             nh.from_array(np.zeros(out_c if per_channel else (), np.int8), "zw"),
             nh.from_array(b, "b")]
    nodes = [h.make_node("QuantizeLinear", ["x", "sx", "zx"], ["xq"]),
             h.make_node("DequantizeLinear", ["xq", "sx", "zx"], ["xd"]),
             h.make_node("DequantizeLinear", ["wq", "sw", "zw"], ["wd"], axis=0),
             h.make_node("Conv", ["xd", "wd", "b"], ["c"], pads=[1, 1, 1, 1],
                         strides=[stride, stride], group=group)]
    last = "c"
    if act == "relu":
        nodes.append(h.make_node("Relu", ["c"], ["a"]))
        last = "a"
    elif act == "clip":
        inits += [scalar("lo", 0.0, np.float32), scalar("hi", 6.0, np.float32)]
        nodes.append(h.make_node("Clip", ["c", "lo", "hi"], ["a"]))
        last = "a"
    nodes += [h.make_node("QuantizeLinear", [last, "sy", "zy"], ["yq"]),
              h.make_node("DequantizeLinear", ["yq", "sy", "zy"], ["y"])]
    # The integer reference.
    xq = q8(x, sx, zx, qlo, qhi)
    xp = np.pad(xq - zx, ((0, 0), (0, 0), (1, 1), (1, 1)))
    oh, ow = (hh + 2 - 3) // stride + 1, (ww + 2 - 3) // stride + 1
    acc = np.zeros((n, out_c, oh, ow), np.int64)
    per_group = out_c // group
    for f in range(out_c):
        g = f // per_group
        for i in range(3):
            for j in range(3):
                patch = xp[:, g * (c // group):(g + 1) * (c // group),
                           i:i + stride * oh:stride, j:j + stride * ow:stride]
                acc[:, f] += np.einsum("nchw,c->nhw", patch, wq[f, :, i, j].astype(np.int64))
    swc = sw if per_channel else np.repeat(sw, out_c)
    acc += np.rint(b / (sx * swc)).astype(np.int64).reshape(1, -1, 1, 1)
    yq = np.rint(acc * (sx * swc / sy).reshape(1, -1, 1, 1)) + zy
    lo, hi = qlo, qhi
    if act == "relu":
        lo = max(lo, zy)
    if act == "clip":
        lo, hi = max(lo, zy), min(hi, zy + round(6.0 / sy))
    yq = np.clip(yq, lo, hi)
    save(out, name, nodes, {"x": x}, list(acc.shape), inits, {"x": x}, (yq - zy) * sy, sy)


def gemm_model(out):
    m, k, n = 4, 24, 10
    a = RNG.normal(0, 1, (m, k)).astype(np.float32)
    sa, za, sy, zy = 0.02, -3, 0.04, 5
    w = RNG.normal(0, 1 / np.sqrt(k), (n, k)).astype(np.float32)
    sw = (np.abs(w).max(1) / 127).astype(np.float32)
    wq = np.clip(np.rint(w / sw.reshape(-1, 1)), -127, 127).astype(np.int8)
    b = RNG.normal(0, 0.2, n).astype(np.float32)
    inits = [scalar("sa", sa, np.float32), scalar("za", za, np.int8),
             scalar("sy", sy, np.float32), scalar("zy", zy, np.int8),
             nh.from_array(wq, "wq"), nh.from_array(sw, "sw"),
             nh.from_array(np.zeros(n, np.int8), "zw"), nh.from_array(b, "b")]
    nodes = [h.make_node("QuantizeLinear", ["a", "sa", "za"], ["aq"]),
             h.make_node("DequantizeLinear", ["aq", "sa", "za"], ["ad"]),
             h.make_node("DequantizeLinear", ["wq", "sw", "zw"], ["wd"], axis=0),
             h.make_node("Gemm", ["ad", "wd", "b"], ["g"], transB=1),
             h.make_node("Relu", ["g"], ["r"]),
             h.make_node("QuantizeLinear", ["r", "sy", "zy"], ["yq"]),
             h.make_node("DequantizeLinear", ["yq", "sy", "zy"], ["y"])]
    aq = q8(a, sa, za)
    acc = (aq - za) @ wq.astype(np.int64).T + np.rint(b / (sa * sw)).astype(np.int64)
    yq = np.clip(np.rint(acc * (sa * sw / sy)) + zy, zy, 127)
    save(out, "gemm", nodes, {"a": a}, [m, n], inits, {"a": a}, (yq - zy) * sy, sy)


def add_model(out):
    shape = (1, 4, 6, 6)
    x1 = RNG.normal(0, 2, shape).astype(np.float32)
    x2 = RNG.normal(0, 1, shape).astype(np.float32)
    s1, z1, s2, z2, sy, zy = 0.03, 4, 0.011, -7, 0.02, -2
    inits = [scalar("s1", s1, np.float32), scalar("z1", z1, np.int8),
             scalar("s2", s2, np.float32), scalar("z2", z2, np.int8),
             scalar("sy", sy, np.float32), scalar("zy", zy, np.int8)]
    nodes = [h.make_node("QuantizeLinear", ["x1", "s1", "z1"], ["q1"]),
             h.make_node("DequantizeLinear", ["q1", "s1", "z1"], ["d1"]),
             h.make_node("QuantizeLinear", ["x2", "s2", "z2"], ["q2"]),
             h.make_node("DequantizeLinear", ["q2", "s2", "z2"], ["d2"]),
             h.make_node("Add", ["d1", "d2"], ["s"]),
             h.make_node("QuantizeLinear", ["s", "sy", "zy"], ["yq"]),
             h.make_node("DequantizeLinear", ["yq", "sy", "zy"], ["y"])]
    real = (q8(x1, s1, z1) - z1) * s1 + (q8(x2, s2, z2) - z2) * s2
    yq = np.clip(np.rint(real / sy) + zy, -128, 127)
    save(out, "add", nodes, {"x1": x1, "x2": x2}, list(shape), inits, {"x1": x1, "x2": x2},
         (yq - zy) * sy, sy)


def gap_model(out):
    shape = (1, 5, 7, 7)
    x = RNG.normal(0.5, 1, shape).astype(np.float32)
    sx, zx, sy, zy = 0.02, -20, 0.004, 9
    inits = [scalar("sx", sx, np.float32), scalar("zx", zx, np.int8),
             scalar("sy", sy, np.float32), scalar("zy", zy, np.int8)]
    nodes = [h.make_node("QuantizeLinear", ["x", "sx", "zx"], ["xq"]),
             h.make_node("DequantizeLinear", ["xq", "sx", "zx"], ["xd"]),
             h.make_node("GlobalAveragePool", ["xd"], ["p"]),
             h.make_node("Flatten", ["p"], ["f"]),
             h.make_node("QuantizeLinear", ["f", "sy", "zy"], ["yq"]),
             h.make_node("DequantizeLinear", ["yq", "sy", "zy"], ["y"])]
    acc = (q8(x, sx, zx) - zx).sum(axis=(2, 3))
    yq = np.clip(np.rint(acc * (sx / (49 * sy))) + zy, -128, 127)
    save(out, "gap", nodes, {"x": x}, [1, 5], inits, {"x": x}, (yq - zy) * sy, sy)


def qlinear_models(out, dtype=np.int8):
    """QOperator: QLinearConv (per-channel weights, int32 bias) and QLinearMatMul, each between a
    QuantizeLinear of the input and a DequantizeLinear of the output; with uint8, QLinearConv of
    uint8 x and y (zero points 130 and 124) and int8 weights only."""
    shape, out_c = (1, 3, 8, 8), 5
    qlo, qhi = qrange(dtype)
    suffix = "_u8" if dtype == np.uint8 else ""
    x = RNG.normal(0, 1, shape).astype(np.float32)
    sx, zx, sy, zy = (0.03, 2, 0.05, -4) if dtype == np.int8 else (0.03, 130, 0.05, 124)
    w = RNG.normal(0, 1 / np.sqrt(27), (out_c, 3, 3, 3)).astype(np.float32)
    sw = (np.abs(w).reshape(out_c, -1).max(1) / 127).astype(np.float32)
    wq = np.clip(np.rint(w / sw.reshape(-1, 1, 1, 1)), -127, 127).astype(np.int8)
    bq = RNG.integers(-500, 500, out_c).astype(np.int32)
    inits = [scalar("sx", sx, np.float32), scalar("zx", zx, dtype),
             scalar("sy", sy, np.float32), scalar("zy", zy, dtype),
             nh.from_array(wq, "wq"), nh.from_array(sw, "sw"),
             nh.from_array(np.zeros(out_c, np.int8), "zw"), nh.from_array(bq, "bq")]
    nodes = [h.make_node("QuantizeLinear", ["x", "sx", "zx"], ["xq"]),
             h.make_node("QLinearConv", ["xq", "sx", "zx", "wq", "sw", "zw", "sy", "zy", "bq"],
                         ["yq"], pads=[1, 1, 1, 1], strides=[2, 2]),
             h.make_node("DequantizeLinear", ["yq", "sy", "zy"], ["y"])]
    xp = np.pad(q8(x, sx, zx, qlo, qhi) - zx, ((0, 0), (0, 0), (1, 1), (1, 1)))
    acc = np.zeros((1, out_c, 4, 4), np.int64)
    for f in range(out_c):
        for i in range(3):
            for j in range(3):
                acc[:, f] += np.einsum("nchw,c->nhw", xp[:, :, i:i + 8:2, j:j + 8:2],
                                       wq[f, :, i, j].astype(np.int64))
    acc += bq.reshape(1, -1, 1, 1)
    yq = np.clip(np.rint(acc * (sx * sw / sy).reshape(1, -1, 1, 1)) + zy, qlo, qhi)
    save(out, "qlinearconv" + suffix, nodes, {"x": x}, [1, out_c, 4, 4], inits, {"x": x},
         (yq - zy) * sy, sy)
    if dtype == np.uint8:
        return

    m, k, n = 3, 16, 6
    a = RNG.normal(0, 1, (m, k)).astype(np.float32)
    sa, za, sy, zy = 0.02, 1, 0.03, 3
    b = RNG.normal(0, 1 / np.sqrt(k), (k, n)).astype(np.float32)
    sb = (np.abs(b).max(0) / 127).astype(np.float32)
    bq8 = np.clip(np.rint(b / sb), -127, 127).astype(np.int8)
    inits = [scalar("sa", sa, np.float32), scalar("za", za, np.int8),
             scalar("sy", sy, np.float32), scalar("zy", zy, np.int8),
             nh.from_array(bq8, "bq"), nh.from_array(sb, "sb"),
             nh.from_array(np.zeros(n, np.int8), "zb")]
    nodes = [h.make_node("QuantizeLinear", ["a", "sa", "za"], ["aq"]),
             h.make_node("QLinearMatMul", ["aq", "sa", "za", "bq", "sb", "zb", "sy", "zy"],
                         ["yq"]),
             h.make_node("DequantizeLinear", ["yq", "sy", "zy"], ["y"])]
    acc = (q8(a, sa, za) - za) @ bq8.astype(np.int64)
    yq = np.clip(np.rint(acc * (sa * sb / sy)) + zy, -128, 127)
    save(out, "qlinearmatmul", nodes, {"a": a}, [m, n], inits, {"a": a}, (yq - zy) * sy, sy)


def qdq_model(out):
    shape = (1, 3, 4, 4)
    x = RNG.normal(0, 4, shape).astype(np.float32)
    s = np.array([0.05, 0.1, 0.02], np.float32)
    zp = np.array([3, -5, 0], np.int8)
    inits = [nh.from_array(s, "s"), nh.from_array(zp, "zp")]
    nodes = [h.make_node("QuantizeLinear", ["x", "s", "zp"], ["q"], axis=1),
             h.make_node("DequantizeLinear", ["q", "s", "zp"], ["y"], axis=1)]
    sc, zc = s.reshape(1, 3, 1, 1), zp.reshape(1, 3, 1, 1).astype(np.int64)
    ref = (q8(x, sc, zc) - zc) * sc
    save(out, "qdq", nodes, {"x": x}, list(shape), inits, {"x": x}, ref, s.min())


def qdq_u8_model(out):
    """uint8 Q -> DQ per axis (zero points 0, 128 and 250: both ends saturate), and a second
    Q -> DQ without zero points (ONNX's default: uint8, 0); their sum."""
    shape = (1, 3, 4, 4)
    x = RNG.normal(0, 4, shape).astype(np.float32)
    s = np.array([0.05, 0.1, 0.02], np.float32)
    zp = np.array([0, 128, 250], np.uint8)
    inits = [nh.from_array(s, "s"), nh.from_array(zp, "zp"), scalar("s1", 0.03, np.float32)]
    nodes = [h.make_node("QuantizeLinear", ["x", "s", "zp"], ["q"], axis=1),
             h.make_node("DequantizeLinear", ["q", "s", "zp"], ["d"], axis=1),
             h.make_node("QuantizeLinear", ["x", "s1"], ["q1"]),
             h.make_node("DequantizeLinear", ["q1", "s1"], ["d1"]),
             h.make_node("Add", ["d", "d1"], ["y"])]
    sc, zc = s.reshape(1, 3, 1, 1), zp.reshape(1, 3, 1, 1).astype(np.int64)
    ref = (q8(x, sc, zc, 0, 255) - zc) * sc + q8(x, 0.03, 0, 0, 255) * np.float32(0.03)
    save(out, "qdq_u8", nodes, {"x": x}, list(shape), inits, {"x": x}, ref, s.min())


def maxpool_u8_model(out):
    """uint8 Q -> MaxPool 2x2 -> DQ: the pooling runs on the quantized values."""
    shape = (1, 2, 6, 6)
    x = RNG.normal(0, 1, shape).astype(np.float32)
    inits = [scalar("s", 0.02, np.float32), scalar("z", 100, np.uint8)]
    nodes = [h.make_node("QuantizeLinear", ["x", "s", "z"], ["q"]),
             h.make_node("MaxPool", ["q"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
             h.make_node("DequantizeLinear", ["p", "s", "z"], ["y"])]
    q = q8(x, 0.02, 100, 0, 255).reshape(1, 2, 3, 2, 3, 2).max(axis=(3, 5))
    save(out, "maxpool_u8", nodes, {"x": x}, [1, 2, 3, 3], inits, {"x": x},
         (q - 100) * np.float32(0.02), 0.02)


def io_u8_model(out):
    """A uint8 graph input and output: x (uint8) -> DequantizeLinear (zero point 120) -> Relu ->
    QuantizeLinear (zero point 3) -> y (uint8); mini-run reads and writes uint8 .npy files."""
    shape = (1, 2, 4, 4)
    x = RNG.integers(0, 256, shape).astype(np.uint8)
    inits = [scalar("s", 0.05, np.float32), scalar("z", 120, np.uint8),
             scalar("s2", 0.03, np.float32), scalar("z2", 3, np.uint8)]
    nodes = [h.make_node("DequantizeLinear", ["x", "s", "z"], ["d"]),
             h.make_node("Relu", ["d"], ["r"]),
             h.make_node("QuantizeLinear", ["r", "s2", "z2"], ["y"])]
    graph = h.make_graph(nodes, "io_u8", [h.make_tensor_value_info("x", T.UINT8, shape)],
                         [h.make_tensor_value_info("y", T.UINT8, shape)], inits)
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, "io_u8.onnx"))
    np.save(os.path.join(out, "io_u8.x.npy"), x)
    real = np.maximum((x.astype(np.int64) - 120) * np.float32(0.05), 0)
    np.save(os.path.join(out, "io_u8.ref.npy"),
            np.clip(np.rint(real / np.float32(0.03)) + 3, 0, 255).astype(np.uint8))


def integer_models(out):
    x = RNG.integers(0, 256, (1, 3, 7, 7)).astype(np.uint8)
    w = RNG.integers(-128, 128, (4, 3, 3, 3)).astype(np.int8)
    zx, zw = np.array(130, np.uint8), np.array([0, 5, -7, 100], np.int8)
    node = h.make_node("ConvInteger", ["x", "w", "zx", "zw"], ["y"], pads=[1, 1, 1, 1],
                       strides=[2, 2])
    xp = np.pad(x.astype(np.int64) - 130, ((0, 0), (0, 0), (1, 1), (1, 1)))
    wc = w.astype(np.int64) - zw.astype(np.int64).reshape(4, 1, 1, 1)
    ref = np.zeros((1, 4, 4, 4), np.int64)
    for f in range(4):
        for i in range(3):
            for j in range(3):
                ref[:, f] += np.einsum("nchw,c->nhw", xp[:, :, i:i + 8:2, j:j + 8:2], wc[f, :, i, j])
    graph = h.make_graph([node], "convinteger", [h.make_tensor_value_info("x", T.UINT8, x.shape)],
                         [h.make_tensor_value_info("y", T.INT32, ref.shape)],
                         [nh.from_array(w, "w"), nh.from_array(zx, "zx"), nh.from_array(zw, "zw")])
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, "convinteger.onnx"))
    np.save(os.path.join(out, "convinteger.x.npy"), x)
    np.save(os.path.join(out, "convinteger.ref.npy"), ref.astype(np.int32))

    a = RNG.integers(0, 256, (5, 16)).astype(np.uint8)
    b = RNG.integers(-128, 128, (16, 6)).astype(np.int8)
    za, zb = np.array(7, np.uint8), np.arange(-3, 3).astype(np.int8)
    node = h.make_node("MatMulInteger", ["a", "b", "za", "zb"], ["y"])
    ref = (a.astype(np.int64) - 7) @ (b.astype(np.int64) - zb.astype(np.int64))
    graph = h.make_graph([node], "matmulinteger",
                         [h.make_tensor_value_info("a", T.UINT8, a.shape)],
                         [h.make_tensor_value_info("y", T.INT32, ref.shape)],
                         [nh.from_array(b, "b"), nh.from_array(za, "za"), nh.from_array(zb, "zb")])
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, "matmulinteger.onnx"))
    np.save(os.path.join(out, "matmulinteger.a.npy"), a)
    np.save(os.path.join(out, "matmulinteger.ref.npy"), ref.astype(np.int32))


def fold_u8_model(out):
    x = RNG.normal(0, 1, (2, 8)).astype(np.float32)
    c = RNG.normal(2, 2, (2, 8)).astype(np.float32)
    k = RNG.uniform(0, 300, (2, 8)).astype(np.float32)
    nodes = [h.make_node("QuantizeLinear", ["c", "s"], ["cq"]),
             h.make_node("DequantizeLinear", ["cq", "s"], ["cd"]),
             h.make_node("Cast", ["k"], ["ku"], to=T.UINT8),
             h.make_node("DequantizeLinear", ["ku", "s"], ["kd"]),
             h.make_node("Add", ["x", "cd"], ["a"]),
             h.make_node("Add", ["a", "kd"], ["y"])]
    save(out, "fold_u8", nodes, {"x": x}, list(x.shape),
         [nh.from_array(c, "c"), nh.from_array(k, "k"), scalar("s", 0.05, np.float32)],
         {"x": x},
         x + q8(c, np.float32(0.05), 0, 0, 255) * np.float32(0.05)
         + (np.trunc(k).astype(np.int64) % 256) * np.float32(0.05), 0.05)


def dql_model(out):
    x = (RNG.normal(0.5, 2, (3, 17))).astype(np.float32)
    node = h.make_node("DynamicQuantizeLinear", ["x"], ["y", "s", "z"])
    graph = h.make_graph([node], "dql", [h.make_tensor_value_info("x", T.FLOAT, x.shape)],
                         [h.make_tensor_value_info("y", T.UINT8, x.shape),
                          h.make_tensor_value_info("s", T.FLOAT, []),
                          h.make_tensor_value_info("z", T.UINT8, [])])
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, "dql.onnx"))
    np.save(os.path.join(out, "dql.x.npy"), x)
    np.save(os.path.join(out, "dql.zeros.npy"), np.zeros_like(x))
    # ONNX's reference (onnx/reference/ops/op_dynamic_quantize_linear.py), in float32.
    lo, hi = min(np.float32(0), x.min()), max(np.float32(0), x.max())
    s = np.float32((hi - lo) / np.float32(255))
    z = np.uint8(np.clip(np.rint(-lo / s), 0, 255))
    y = np.clip(np.rint(x / s) + z, 0, 255).astype(np.uint8)
    np.save(os.path.join(out, "dql.ref.y.npy"), y)
    np.save(os.path.join(out, "dql.ref.s.npy"), np.array(s, np.float32))
    np.save(os.path.join(out, "dql.ref.z.npy"), np.array(z, np.uint8))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    conv_model(out, "conv", (1, 4, 9, 9), 8, 1, 1, True, "relu", -5, 10)
    conv_model(out, "conv_s2", (1, 3, 10, 10), 6, 2, 1, False, None, 40, -60)
    conv_model(out, "depthwise", (1, 6, 8, 8), 6, 1, 6, True, "clip", 7, -100)
    gemm_model(out)
    add_model(out)
    gap_model(out)
    qlinear_models(out)
    qdq_model(out)
    conv_model(out, "conv_u8", (1, 4, 9, 9), 8, 1, 1, True, "relu", 120, 5, np.uint8)
    qdq_u8_model(out)
    qlinear_models(out, np.uint8)
    maxpool_u8_model(out)
    io_u8_model(out)
    integer_models(out)
    dql_model(out)
    fold_u8_model(out)


if __name__ == "__main__":
    main()
