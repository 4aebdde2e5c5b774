#!/usr/bin/python3
"""Writes QDQ models with bad quantization parameters, one per diagnostic of
test/Quantization/qdq-invalid.test: a zero scale, a negative scale, a per-axis scale of the
wrong size, block quantization, an int8 zero point holding 300, a uint8 one holding 300, a
QLinearConv whose output scale is zero; and uint8 misused: a uint8 tensor into Cast (whose
result would see the shifted values), a Cast of a graph value to uint8, and a Concat of
uint8 and int8 tensors; a ConvInteger
whose zero point is a graph input, and one whose weight zero points are neither one nor one per
output channel; a 1-D ConvInteger and a 3-D MatMulInteger (mini takes 2-D ones); a Cast of a
NaN constant to uint8.

  make_bad_qdq.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto as T
from onnx import helper as h
from onnx import numpy_helper as nh


def model(out, name, scale, zp, axis=1, extra=None, opset=13):
    x = h.make_tensor_value_info("x", T.FLOAT, [1, 3, 2, 2])
    y = h.make_tensor_value_info("y", T.FLOAT, [1, 3, 2, 2])
    inits = [nh.from_array(np.array(scale, np.float32), "s")]
    inputs = ["x", "s"]
    if zp is not None:
        inits.append(zp if isinstance(zp, onnx.TensorProto) else nh.from_array(zp, "zp"))
        inputs.append("zp")
    attrs = {"axis": axis, **(extra or {})}
    nodes = [h.make_node("QuantizeLinear", inputs, ["q"], **attrs),
             h.make_node("DequantizeLinear", ["q"] + inputs[1:], ["y"], axis=axis)]
    m = h.make_model(h.make_graph(nodes, name, [x], [y], inits),
                     opset_imports=[h.make_opsetid("", opset)])
    onnx.save(m, os.path.join(out, name + ".onnx"))


def graph(out, name, nodes, inits, opset=13, y_shape=(1, 3, 2, 2)):
    x = h.make_tensor_value_info("x", T.FLOAT, [1, 3, 2, 2])
    y = h.make_tensor_value_info("y", T.FLOAT, list(y_shape))
    m = h.make_model(h.make_graph(nodes, name, [x], [y], inits),
                     opset_imports=[h.make_opsetid("", opset)])
    onnx.save(m, os.path.join(out, name + ".onnx"))


def uint8_models(out):
    inits = [nh.from_array(np.array(0.1, np.float32), "s"),
             nh.from_array(np.array(128, np.uint8), "zu"),
             nh.from_array(np.array(0, np.int8), "zi")]
    graph(out, "uint8_cast", [h.make_node("QuantizeLinear", ["x", "s", "zu"], ["q"]),
                              h.make_node("Cast", ["q"], ["y"], to=T.FLOAT)], inits)
    graph(out, "cast_to_uint8", [h.make_node("Cast", ["x"], ["c"], to=T.UINT8),
                                 h.make_node("DequantizeLinear", ["c", "s", "zu"], ["y"])],
          inits)
    graph(out, "uint8_mixed_concat",
          [h.make_node("QuantizeLinear", ["x", "s", "zu"], ["qu"]),
           h.make_node("QuantizeLinear", ["x", "s", "zi"], ["qi"]),
           h.make_node("Concat", ["qu", "qi"], ["c"], axis=1),
           h.make_node("DequantizeLinear", ["c", "s", "zu"], ["y"])], inits,
          y_shape=(1, 6, 2, 2))


def integer_models(out):
    w = nh.from_array(np.ones((4, 1, 3, 3), np.int8), "w")
    x = h.make_tensor_value_info("x", T.UINT8, [1, 1, 5, 5])
    y = h.make_tensor_value_info("y", T.INT32, [1, 4, 3, 3])
    zx = h.make_tensor_value_info("zx", T.UINT8, [])
    for name, inputs, extra_inputs, inits in [
            ("convinteger_runtime_zp", ["x", "w", "zx"], [zx], [w]),
            ("convinteger_zp_count", ["x", "w", "", "zw"], [],
             [w, nh.from_array(np.zeros(2, np.int8), "zw")])]:
        node = h.make_node("ConvInteger", inputs, ["y"])
        m = h.make_model(h.make_graph([node], name, [x] + extra_inputs, [y], inits),
                         opset_imports=[h.make_opsetid("", 13)])
        onnx.save(m, os.path.join(out, name + ".onnx"))
    node = h.make_node("ConvInteger", ["x", "w"], ["y"])
    m = h.make_model(h.make_graph(
        [node], "convinteger_1d", [h.make_tensor_value_info("x", T.UINT8, [1, 1, 5])],
        [h.make_tensor_value_info("y", T.INT32, [1, 4, 3])],
        [nh.from_array(np.ones((4, 1, 3), np.int8), "w")]),
        opset_imports=[h.make_opsetid("", 13)])
    onnx.save(m, os.path.join(out, "convinteger_1d.onnx"))
    node = h.make_node("MatMulInteger", ["a", "b"], ["y"])
    m = h.make_model(h.make_graph(
        [node], "matmulinteger_3d", [h.make_tensor_value_info("a", T.UINT8, [2, 3, 4])],
        [h.make_tensor_value_info("y", T.INT32, [2, 3, 5])],
        [nh.from_array(np.ones((4, 5), np.uint8), "b")]),
        opset_imports=[h.make_opsetid("", 13)])
    onnx.save(m, os.path.join(out, "matmulinteger_3d.onnx"))
    inits = [nh.from_array(np.array([np.nan, 1.0], np.float32), "c"),
             nh.from_array(np.array(0.1, np.float32), "s")]
    nodes = [h.make_node("Cast", ["c"], ["cu"], to=T.UINT8),
             h.make_node("DequantizeLinear", ["cu", "s"], ["d"]),
             h.make_node("Add", ["x", "d"], ["y"])]
    m = h.make_model(h.make_graph(nodes, "cast_nan_uint8",
                                  [h.make_tensor_value_info("x", T.FLOAT, [2])],
                                  [h.make_tensor_value_info("y", T.FLOAT, [2])], inits),
                     opset_imports=[h.make_opsetid("", 13)])
    onnx.save(m, os.path.join(out, "cast_nan_uint8.onnx"))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    model(out, "zero_scale", 0.0, np.array(0, np.int8))
    model(out, "negative_scale", [0.1, -0.2, 0.1], np.zeros(3, np.int8))
    model(out, "axis_size", [0.1, 0.2], np.zeros(2, np.int8))
    model(out, "block_size", [0.1, 0.2, 0.3], np.zeros(3, np.int8), extra={"block_size": 2},
          opset=21)
    bad = onnx.TensorProto()
    bad.name, bad.data_type = "zp", T.INT8
    bad.int32_data.append(300)
    model(out, "zero_point_range", 0.1, bad)
    bad = onnx.TensorProto()
    bad.name, bad.data_type = "zp", T.UINT8
    bad.int32_data.append(300)
    model(out, "uint8_zero_point_range", 0.1, bad)
    uint8_models(out)
    integer_models(out)
    # QLinearConv with a zero output scale.
    x = h.make_tensor_value_info("x", T.INT8, [1, 1, 3, 3])
    y = h.make_tensor_value_info("y", T.INT8, [1, 1, 1, 1])
    inits = [nh.from_array(np.array(0.1, np.float32), "s"), nh.from_array(np.array(0, np.int8), "z"),
             nh.from_array(np.ones((1, 1, 3, 3), np.int8), "w"),
             nh.from_array(np.array(0.0, np.float32), "ys")]
    node = h.make_node("QLinearConv", ["x", "s", "z", "w", "s", "z", "ys", "z"], ["y"])
    m = h.make_model(h.make_graph([node], "qlinearconv_zero_scale", [x], [y], inits),
                     opset_imports=[h.make_opsetid("", 13)])
    onnx.save(m, os.path.join(out, "qlinearconv_zero_scale.onnx"))


if __name__ == "__main__":
    main()
