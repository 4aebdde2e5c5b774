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


def model(nodes, inputs, outputs, inits=(), opset=13):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
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


def f16_bits_tensor(name, dims, bits):
    """A float16 tensor whose int32_data holds `bits` as given (one 16-bit pattern each, or not)."""
    t = TensorProto()
    t.name = name
    t.data_type = TensorProto.FLOAT16
    t.dims.extend(dims)
    t.int32_data.extend(bits)
    return t


def raw_tensor(name, data_type, dims, raw):
    """A tensor whose raw_data is `raw` as given, whatever its length."""
    t = TensorProto()
    t.name = name
    t.data_type = data_type
    t.dims.extend(dims)
    t.raw_data = raw
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
        # Unsupported variants of supported ops, each named in its message.
        "depth_to_space_mode": model([n("DepthToSpace", ["x"], ["y"], name="d2s", blocksize=2,
                                        mode="XYZ")],
                                     [f32("x", [1, 4, 2, 2])], [f32("y", [1, 1, 4, 4])]),
        "space_to_depth_odd": model([n("SpaceToDepth", ["x"], ["y"], name="s2d", blocksize=2)],
                                    [f32("x", [1, 1, 3, 4])], [f32("y", [1, 4, 1, 2])]),
        "resize_cubic": model([n("Resize", ["x", "", "scales"], ["y"], name="resize", mode="cubic")],
                              [f32("x", [1, 1, 4, 4])], [f32("y", [1, 1, 8, 8])],
                              [numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "scales")]),
        "resize_batch": model([n("Resize", ["x", "", "scales"], ["y"], name="resize")],
                              [f32("x", [1, 1, 4, 4])], [f32("y", [2, 1, 8, 8])],
                              [numpy_helper.from_array(np.array([2, 1, 2, 2], np.float32), "scales")]),
        "split_count": model([n("Split", ["x"], ["a", "b", "c"], name="split", axis=0, split=[2, 2])],
                             [f32("x", [4])], [f32("a", [2]), f32("b", [2]), f32("c", ["n"])],
                             opset=11),
        "cast_double": model([n("Cast", ["x"], ["d"], name="cast", to=TensorProto.DOUBLE),
                              n("Cast", ["d"], ["y"], name="back", to=TensorProto.FLOAT)],
                             [f32("x", [4])], [f32("y", [4])]),
        "pad_reflect": model([n("Pad", ["x", "pads"], ["y"], name="pad", mode="reflect")],
                             [f32("x", [1, 4])], [f32("y", [1, 6])], [i64("pads", [0, 1, 0, 1])]),
        "layer_norm_stash": model([n("LayerNormalization", ["x", "g"], ["y"], name="ln", stash_type=0)],
                                  [f32("x", [2, 4])], [f32("y", [2, 4])],
                                  [numpy_helper.from_array(np.ones([4], np.float32), "g")], opset=17),
        # An op folded at import (Range) given a value computed from the inputs.
        "range_runtime": model([n("ReduceMax", ["x"], ["m"], name="max", keepdims=0),
                                n("Range", ["zero", "m", "one"], ["y"], name="range")],
                               [f32("x", [4])], [f32("y", ["n"])],
                               [numpy_helper.from_array(np.array(0, np.float32), "zero"),
                                numpy_helper.from_array(np.array(1, np.float32), "one")]),
        # A Gather from an integer tensor computed from the inputs.
        "gather_int_runtime": model([n("Cast", ["x"], ["i"], name="cast", to=TensorProto.INT64),
                                     n("Gather", ["i", "k"], ["g"], name="gather", axis=0),
                                     n("Cast", ["g"], ["y"], name="back", to=TensorProto.FLOAT)],
                                    [f32("x", [4])], [f32("y", [2])], [i64("k", [0, 3])]),
        # Dropout that is not the identity: training mode with ratio 0.5.
        "dropout_training": model([n("Dropout", ["x", "r", "t"], ["y"], name="drop")],
                                  [f32("x", [4])], [f32("y", [4])],
                                  [numpy_helper.from_array(np.array(0.5, np.float32), "r"),
                                   numpy_helper.from_array(np.array(True), "t")]),
        # An empty slice read by anything but a Concat.
        "empty_slice": model([n("Slice", ["x", "s", "e"], ["z"], name="slice"),
                              n("Relu", ["z"], ["r"], name="relu"),
                              n("Concat", ["r", "x"], ["y"], name="concat", axis=0)],
                             [f32("x", [4])], [f32("y", ["n"])], [i64("s", [2]), i64("e", [2])]),
        # Found by the bad-input campaign of issue 25: each once gave a misleading message or
        # none at all.
        "stray_strides": model([n("Sqrt", ["x"], ["y"], name="sqrt", strides=[0, 0])],
                               [f32("x", [4])], [f32("y", [4])]),
        "opset_1": model([n("MaxPool", ["x"], ["y"], name="pool", kernel_shape=[2, 2])],
                         [f32("x", [1, 1, 4, 4])], [f32("y", [1, 1, 3, 3])], opset=1),
        "unnamed_node": model([n("Relu", ["x"], ["r"]), n("Resize", ["r", "", "scales"], ["y"], mode="cubic")],
                              [f32("x", [1, 1, 4, 4])], [f32("y", [1, 1, 8, 8])],
                              [numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "scales")]),
        "raw_int64_short": model([n("Add", ["x", "k"], ["y"], name="add")],
                                 [helper.make_tensor_value_info("x", TensorProto.INT64, [1])],
                                 [helper.make_tensor_value_info("y", TensorProto.INT64, [1])],
                                 [raw_tensor("k", TensorProto.INT64, [1], b"\x01\x00\x00")]),
        "raw_f16_short": model([n("Add", ["x", "k"], ["y"], name="add")],
                               [helper.make_tensor_value_info("x", TensorProto.FLOAT16, [1])],
                               [helper.make_tensor_value_info("y", TensorProto.FLOAT16, [1])],
                               [raw_tensor("k", TensorProto.FLOAT16, [1], b"\x01\x00\x00")]),
        "f16_int32_data": model([n("Add", ["x", "k"], ["y"], name="add")],
                                [helper.make_tensor_value_info("x", TensorProto.FLOAT16, [1])],
                                [helper.make_tensor_value_info("y", TensorProto.FLOAT16, [1])],
                                [f16_bits_tensor("k", [1], [70000])]),
        "depth_to_space_block0": model([n("DepthToSpace", ["x"], ["y"], name="d2s", blocksize=0)],
                                       [f32("x", [1, 4, 2, 2])], [f32("y", [1, 4, 2, 2])]),
        # LayerNormalization of a scalar (the fuzz finding layernorm-scalar.onnx, whose mutated
        # attribute name is now refused first).
        "layernorm_scalar": model([n("LayerNormalization", ["x", "g"], ["y"], name="ln")],
                                  [f32("x", [])], [f32("y", [])],
                                  [numpy_helper.from_array(np.ones([], np.float32), "g")], opset=17),
        # A verifier's refusal, reported at the node without the op dump; MaxPool's
        # Indices output, which said "invalid operands or attributes (see above)" with
        # nothing above.
        "pow_int": model([n("Cast", ["x"], ["i"], name="cast", to=TensorProto.INT64),
                          n("Pow", ["i", "i"], ["p"], name="pow"),
                          n("Cast", ["p"], ["y"], name="back", to=TensorProto.FLOAT)],
                         [f32("x", [2, 3])], [f32("y", [2, 3])]),
        "maxpool_indices": model([n("MaxPool", ["x"], ["y", "idx"], name="pool",
                                    kernel_shape=[2, 2], dilations=[2, 2])],
                                 [f32("x", [1, 1, 5, 5])],
                                 [f32("y", [1, 1, 3, 3]),
                                  helper.make_tensor_value_info("idx", TensorProto.INT64, [1, 1, 3, 3])]),
        "custom_domain": model([n("Relu", ["x"], ["y"], name="relu", domain="com.example")],
                               [f32("x", [4])], [f32("y", [4])]),
    }
    for name, m in models.items():
        onnx.save(m, os.path.join(out, name + ".onnx"))


if __name__ == "__main__":
    main()
