#!/usr/bin/python3
"""Writes ONNX models that once crashed or misled the importer, each a regression input.

  make_bad_onnx.py OUT_DIR

conv_zero_strides.onnx  a Conv with strides [0, 0] (SIGFPE inside libonnx's shape inference)
div_overflow.onnx       an int64 Div of INT64_MIN by -1, folded at import (SIGFPE)
output_twice.onnx       a graph that lists the same output twice (segfault when bufferizing)
huge_init.onnx          an initializer of dims [2^32, 2^32] without data (count wrapped to 0)
huge_fill.onnx          ConstantOfShape [2^40, 2^40] (count wraps)
big_fill.onnx           ConstantOfShape [2^33] (folded until memory ran out)
huge_input.onnx         an input of [2^31, 2^31, 8] f32 (planned as 0 bytes)
zero_dim.onnx           an input with a dimension 0 (reported as "dynamic")
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def model(nodes, inputs, outputs, inits=()):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    return m


def f32(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def i64(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def empty_tensor(name, dims):
    """A float tensor with dims but no data (helper.make_tensor refuses to write one)."""
    t = TensorProto()
    t.name = name
    t.data_type = TensorProto.FLOAT
    t.dims.extend(dims)
    return t


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    n = helper.make_node
    w = numpy_helper.from_array(np.ones([1, 1, 1, 1], dtype=np.float32), "w")
    models = {
        "conv_zero_strides": model([n("Conv", ["x", "w"], ["y"], name="conv", strides=[0, 0])],
                                   [f32("x", [1, 1, 4, 4])], [f32("y", ["n", "c", "h", "w"])], [w]),
        "div_overflow": model([n("Div", ["a", "b"], ["q"], name="div"),
                               n("Cast", ["q"], ["y"], name="cast", to=TensorProto.FLOAT),
                               n("Add", ["x", "y"], ["z"], name="add")],
                              [f32("x", [1])], [f32("z", [1])],
                              [i64("a", [-2**63]), i64("b", [-1])]),
        "output_twice": model([n("Relu", ["x"], ["y"], name="relu")],
                              [f32("x", [4])], [f32("y", [4]), f32("y", [4])]),
        "huge_init": model([n("Add", ["x", "big"], ["y"], name="add")],
                           [f32("x", [1])], [f32("y", ["n", "m"])],
                           [empty_tensor("big", [2**32, 2**32])]),
        "huge_fill": model([n("ConstantOfShape", ["shape"], ["c"], name="fill"),
                            n("Add", ["x", "c"], ["y"], name="add")],
                           [f32("x", [1])], [f32("y", ["n", "m"])], [i64("shape", [2**40, 2**40])]),
        "big_fill": model([n("ConstantOfShape", ["shape"], ["c"], name="fill"),
                           n("Add", ["x", "c"], ["y"], name="add")],
                          [f32("x", [1])], [f32("y", ["n"])], [i64("shape", [2**33])]),
        "huge_input": model([n("Relu", ["x"], ["y"], name="relu")],
                            [f32("x", [2**31, 2**31, 8])], [f32("y", [2**31, 2**31, 8])]),
        "zero_dim": model([n("Relu", ["x"], ["y"], name="relu")], [f32("x", [0, 4])], [f32("y", [0, 4])]),
    }
    for name, m in models.items():
        onnx.save(m, os.path.join(out, name + ".onnx"))


if __name__ == "__main__":
    main()
