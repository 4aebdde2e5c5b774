#!/usr/bin/python3
"""Writes the small ONNX files of the importer tests into a folder.

  make_onnx.py OUT_DIR

ops.onnx         every supported op, with shape subgraphs to fold
unsupported.onnx a Det node named 'my_det'
dynamic.onnx     an input with a symbolic batch dimension
dynamic_shapes.onnx  y = relu(x + table[:L]) on x of 1 x L x 8 (L the symbolic "seq", at most 16),
                 through Shape, Gather, Unsqueeze, Slice, Concat, Mul, a Slice ending at L and two
                 Reshapes to shapes computed from L; with its inputs dynamic_shapes.x.L.npy and
                 outputs dynamic_shapes.y.L.npy (NumPy's) for L = 3 and 16
dynamic_concat.onnx  a Concat (an op without dynamic dimensions) of a dynamic input
dynamic_shape_use.onnx  a ConstantOfShape of a dynamic shape
dynamic_error_*.onnx  one refused use of a dynamic dimension N each (see dynamic_errors())
f64_input.onnx   a float64 graph input (float16, bfloat16, int64, int32 and bool inputs are supported)
bad_shape.onnx   an Add whose operands do not broadcast
truncated.onnx   the first half of ops.onnx
garbage.onnx     bytes that are not a protobuf message
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def init(name, shape, seed):
    rng = np.random.default_rng(seed)
    return numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32), name)


def model(nodes, inputs, outputs, inits=(), opset=13):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m


def f32(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def ops_model():
    n = helper.make_node
    i64 = lambda name, vals: numpy_helper.from_array(np.array(vals, dtype=np.int64), name)
    inits = [init("w1", [4, 1, 3, 3], 1), init("b1", [4], 2),
             init("wg", [4, 2, 1, 1], 3),
             init("s", [4], 4), init("bb", [4], 5), init("m", [4], 6),
             numpy_helper.from_array(np.abs(np.random.default_rng(7).standard_normal(4)).astype(np.float32) + 0.5, "v"),
             init("fc", [10, 36], 8), init("fcb", [10], 9), init("mm", [10, 10], 10),
             i64("pads", [0, 0, 1, 1, 0, 0, 1, 1]), i64("axes0", [0])]
    nodes = [
        n("Conv", ["x", "w1", "b1"], ["c1"], name="conv1", pads=[1, 1, 1, 1], strides=[1, 1]),
        n("Relu", ["c1"], ["r1"], name="relu1"),
        n("Conv", ["r1", "wg"], ["c2"], name="conv_grouped", group=2),
        n("BatchNormalization", ["c2", "s", "bb", "m", "v"], ["bn"], name="bn", epsilon=1e-5),
        n("Constant", [], ["lo"], name="lo", value=numpy_helper.from_array(np.array(0.0, dtype=np.float32))),
        n("Constant", [], ["hi"], name="hi", value=numpy_helper.from_array(np.array(6.0, dtype=np.float32))),
        n("Clip", ["bn", "lo", "hi"], ["clip"], name="relu6"),
        n("MaxPool", ["clip"], ["mp"], name="pool_ceil", kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1),
        n("Pad", ["mp", "pads"], ["pad"], name="pad"),
        n("AveragePool", ["pad"], ["ap"], name="avg", kernel_shape=[3, 3], strides=[1, 1]),
        n("GlobalAveragePool", ["ap"], ["gap"], name="gap"),
        n("Identity", ["ap"], ["ap_id"], name="identity"),
        # Input-independent shape arithmetic, folded at import:
        # reshape ap (1x4x2x2) to [batch, -1].
        n("Shape", ["ap_id"], ["shape"], name="shape"),
        n("Constant", [], ["zero"], name="zero", value=numpy_helper.from_array(np.array(0, dtype=np.int64))),
        n("Gather", ["shape", "zero"], ["batch"], name="gather", axis=0),
        n("Unsqueeze", ["batch", "axes0"], ["batch1"], name="unsqueeze"),
        n("Constant", [], ["minus1"], name="minus1", value=numpy_helper.from_array(np.array([-1], dtype=np.int64))),
        n("Concat", ["batch1", "minus1"], ["target"], name="concat_shape", axis=0),
        n("Reshape", ["ap_id", "target"], ["flat"], name="reshape"),
        n("Gemm", ["flat", "fc", "fcb"], ["fc1"], name="fc", transB=1),
        n("Sigmoid", ["fc1"], ["sig"], name="sigmoid"),
        n("HardSigmoid", ["sig"], ["hs"], name="hard_sigmoid", alpha=0.25),
        n("MatMul", ["hs", "mm"], ["mm1"], name="matmul"),
        n("Sub", ["mm1", "fcb"], ["sub"], name="sub"),
        n("Mul", ["sub", "sub"], ["mul"], name="mul"),
        n("Div", ["mul", "fc1"], ["div"], name="div"),
        n("Add", ["div", "fcb"], ["add"], name="add"),
        n("Softmax", ["add"], ["sm"], name="softmax", axis=-1),
        n("Transpose", ["sm"], ["tr"], name="transpose", perm=[1, 0]),
        n("ReduceMean", ["tr"], ["rm"], name="reduce_mean", axes=[0], keepdims=1),
        n("Flatten", ["gap"], ["gflat"], name="flatten", axis=1),
        n("Concat", ["rm", "gflat"], ["out"], name="concat_out", axis=1),
    ]
    return model(nodes, [f32("x", [1, 1, 6, 6])], [f32("out", [1, 5])], inits)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    ops = ops_model()
    onnx.checker.check_model(ops)
    onnx.save(ops, os.path.join(out, "ops.onnx"))
    data = ops.SerializeToString()
    with open(os.path.join(out, "truncated.onnx"), "wb") as f:
        f.write(data[: len(data) // 2])
    with open(os.path.join(out, "garbage.onnx"), "wb") as f:
        f.write(b"\xff\xff\xff\xff this is not an ONNX model\n")
    n = helper.make_node
    onnx.save(model([n("Det", ["x"], ["y"], name="my_det")], [f32("x", [2])], [f32("y", [2])]),
              os.path.join(out, "unsupported.onnx"))
    onnx.save(model([n("Relu", ["x"], ["y"], name="relu")], [f32("x", ["N", 3])], [f32("y", ["N", 3])]),
              os.path.join(out, "dynamic.onnx"))
    # An output whose dimension the exporter left symbolic, and ONNX shape inference cannot
    # find (the target shape goes through a float Cast): its producer's shape.
    onnx.save(model([n("Shape", ["x"], ["s"], name="shape"),
                     n("Cast", ["s"], ["sf"], name="to_float", to=TensorProto.FLOAT),
                     n("Cast", ["sf"], ["si"], name="to_int", to=TensorProto.INT64),
                     n("Reshape", ["x", "si"], ["y"], name="reshape")],
                    [f32("x", [2, 3])], [f32("y", ["N", 3])]),
              os.path.join(out, "dynamic_output.onnx"))
    onnx.save(model([n("Identity", ["x"], ["y"], name="id")],
                    [helper.make_tensor_value_info("x", TensorProto.DOUBLE, [2])],
                    [helper.make_tensor_value_info("y", TensorProto.DOUBLE, [2])]),
              os.path.join(out, "f64_input.onnx"))
    onnx.save(model([n("Add", ["a", "b"], ["y"], name="bad_add")],
                    [f32("a", [2, 3]), f32("b", [4])], [f32("y", [2, 3])]),
              os.path.join(out, "bad_shape.onnx"))

    dynamic_shapes(out)
    onnx.save(model([n("Concat", ["x", "x"], ["y"], name="concat", axis=1)],
                    [f32("x", ["N", 3])], [f32("y", ["N", 6])]),
              os.path.join(out, "dynamic_concat.onnx"))
    onnx.save(model([n("Shape", ["x"], ["s"], name="shape"),
                     n("ConstantOfShape", ["s"], ["y"], name="fill",
                       value=numpy_helper.from_array(np.array([1.0], np.float32)))],
                    [f32("x", ["N", 3])], [f32("y", ["N", 3])]),
              os.path.join(out, "dynamic_shape_use.onnx"))
    dynamic_errors(out)


def dynamic_errors(out):
    """Models whose dynamic dimension N reaches something the importer refuses: a windowed op,
    a Split along it, a Squeeze of it, a Reshape to two dynamic dimensions, a strided Slice
    ending at it, a float Cast of it, a Reshape of its size (a symbolic shape), an Unsqueeze
    along it (a symbolic input other than the data)."""
    n = helper.make_node
    i64 = lambda name, vals: numpy_helper.from_array(np.array(vals, dtype=np.int64), name)
    shape_of_x = [n("Shape", ["x"], ["s"], name="shape"),
                  n("Slice", ["s", "zero", "one"], ["len"], name="len")]
    cases = {
        "conv": ([n("Conv", ["x4", "w"], ["y"], name="conv")],
                 [f32("x4", [1, 1, "N", 4])], [f32("y", [1, 1, "N", 2])],
                 [init("w", [1, 1, 1, 3], 3)]),
        "split": ([n("Split", ["x"], ["a", "b"], name="split", axis=0)],
                  [f32("x", ["N", 4])], [f32("a", ["M", 4]), f32("b", ["M", 4])], []),
        "squeeze": ([n("Squeeze", ["x", "zero"], ["y"], name="squeeze")],
                    [f32("x", ["N", 4])], [f32("y", [4])], [i64("zero", [0])]),
        "reshape": (shape_of_x + [n("Concat", ["len", "minus_one"], ["t"], name="t", axis=0),
                                  n("Reshape", ["x", "t"], ["y"], name="reshape")],
                    [f32("x", ["N", 4])], [f32("y", ["N", 4])],
                    [i64("zero", [0]), i64("one", [1]), i64("minus_one", [-1])]),
        "slice_step": (shape_of_x + [n("Slice", ["table", "zero", "len", "zero", "two"], ["y"],
                                       name="slice")],
                       [f32("x", ["N", 4])], [f32("y", ["M", 4])],
                       [init("table", [16, 4], 5), i64("zero", [0]), i64("one", [1]),
                        i64("two", [2])]),
        "cast_float": (shape_of_x + [n("Cast", ["len"], ["y"], name="to_float",
                                      to=TensorProto.FLOAT)],
                       [f32("x", ["N", 4])], [f32("y", [1])],
                       [i64("zero", [0]), i64("one", [1])]),
        "reshape_shape": (shape_of_x + [n("Reshape", ["len", "one"], ["y"], name="reshape")],
                          [f32("x", ["N", 4])],
                          [helper.make_tensor_value_info("y", TensorProto.INT64, [1])],
                          [i64("zero", [0]), i64("one", [1])]),
        "unsqueeze_axes": (shape_of_x + [n("Unsqueeze", ["table", "len"], ["y"], name="unsqueeze")],
                           [f32("x", ["N", 4])], [f32("y", [1, 16, 4])],
                           [init("table", [16, 4], 5), i64("zero", [0]), i64("one", [1])]),
    }
    for name, (nodes, inputs, outputs, inits) in cases.items():
        onnx.save(model(nodes, inputs, outputs, inits), os.path.join(out, f"dynamic_error_{name}.onnx"))


def dynamic_shapes(out):
    n = helper.make_node
    i64 = lambda name, vals: numpy_helper.from_array(np.array(vals, dtype=np.int64), name)
    table = init("table", [16, 8], 7)
    nodes = [
        n("Shape", ["x"], ["s"], name="shape"),
        n("Gather", ["s", "index1"], ["len"], name="len", axis=0),
        n("Unsqueeze", ["len", "zero_axis"], ["len1"], name="len1"),
        n("Slice", ["table", "zero", "len1", "zero"], ["pos"], name="pos"),
        n("Add", ["x", "pos"], ["a"], name="a"),
        n("Mul", ["len1", "four"], ["len4"], name="len4"),
        n("Concat", ["len4", "two"], ["flat_shape"], name="flat_shape", axis=0),
        n("Reshape", ["a", "flat_shape"], ["flat"], name="flat"),
        n("Relu", ["flat"], ["r"], name="r"),
        n("Slice", ["s", "one", "two"], ["len_slice"], name="len_slice"),
        n("Concat", ["one", "len_slice", "eight"], ["y_shape"], name="y_shape", axis=0),
        n("Reshape", ["r", "y_shape"], ["y"], name="y"),
    ]
    inits = [table, i64("index1", 1), i64("one", [1]), i64("zero_axis", [0]), i64("zero", [0]),
             i64("four", [4]), i64("two", [2]), i64("eight", [8])]
    m = model(nodes, [f32("x", [1, "seq", 8])], [f32("y", [1, "seq", 8])], inits)
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(out, "dynamic_shapes.onnx"))
    rng = np.random.default_rng(11)
    weights = numpy_helper.to_array(table)
    for length in (3, 16):
        x = rng.standard_normal((1, length, 8)).astype(np.float32)
        np.save(os.path.join(out, f"dynamic_shapes.x.{length}.npy"), x)
        np.save(os.path.join(out, f"dynamic_shapes.y.{length}.npy"),
                np.maximum(x + weights[:length], 0))


if __name__ == "__main__":
    main()
