#!/usr/bin/python3
"""Writes fp16 versions of zoo models (scripts/export_zoo.py), as a half-precision deployment
converts a float model (onnxconverter-common's float16 converter does the same): every float
initializer, Constant and graph value becomes float16, Casts to float cast to float16; the
inputs ONNX requires to stay float (Resize's roi and scales) stay float. The reference of the
fp16 model is the fp32 model's output on the same input (PyTorch's, the zoo's expected output):
half precision is a rounding of the network, and its difference is reported relative to the
output's largest magnitude.

  half_zoo.py --out DIR [--zoo build/zoo] MODEL ...

For MODEL it writes MODEL.fp16.onnx and MODEL.fp16.input.npy (the zoo's input rounded to
float16; integer inputs, token ids, stay); the expected output is the zoo's MODEL.expected.npy.
"""
import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_zoo  # noqa: E402

# (op type, input index) pairs ONNX types as float only, whatever the model's precision.
FLOAT_ONLY_INPUTS = {("Resize", 1), ("Resize", 2), ("Upsample", 1)}


def _half_tensor(t):
    if t.data_type != TensorProto.FLOAT:
        return t
    half = numpy_helper.from_array(numpy_helper.to_array(t).astype(np.float16), t.name)
    t.CopyFrom(half)
    return t


def _half_type(value_info):
    tt = value_info.type.tensor_type
    if tt.elem_type == TensorProto.FLOAT:
        tt.elem_type = TensorProto.FLOAT16


def to_half(model):
    """Converts `model` (an onnx.ModelProto) to float16 in place."""
    graph = model.graph
    keep_float = {name for node in graph.node for i, name in enumerate(node.input)
                  if (node.op_type, i) in FLOAT_ONLY_INPUTS}
    for t in graph.initializer:
        if t.name not in keep_float:
            _half_tensor(t)
    for node in graph.node:
        if node.op_type == "Constant" and node.output[0] not in keep_float:
            for a in node.attribute:
                if a.type == onnx.AttributeProto.TENSOR:
                    _half_tensor(a.t)
                elif a.name in ("value_float", "value_floats"):
                    # As a float16 tensor: value_float(s) is float32 by definition.
                    values = np.array(a.f if a.name == "value_float" else list(a.floats),
                                      np.float16)
                    tensor = numpy_helper.from_array(values)
                    a.Clear()
                    a.name, a.type = "value", onnx.AttributeProto.TENSOR
                    a.t.CopyFrom(tensor)
        if node.op_type == "ConstantOfShape":
            for a in node.attribute:
                if a.name == "value":
                    _half_tensor(a.t)
        if node.op_type == "Cast":
            for a in node.attribute:
                if a.name == "to" and a.i == TensorProto.FLOAT:
                    a.i = TensorProto.FLOAT16
    for v in list(graph.input) + list(graph.output) + list(graph.value_info):
        if v.name not in keep_float:
            _half_type(v)
    return model


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--zoo", default=os.path.join("build", "zoo"))
    ap.add_argument("models", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in args.models:
        model = onnx.load(export_zoo.export(name, args.zoo))
        onnx.save(to_half(model), os.path.join(args.out, name + ".fp16.onnx"))
        x = np.load(os.path.join(args.zoo, name + ".input.npy"))
        np.save(os.path.join(args.out, name + ".fp16.input.npy"),
                x.astype(np.float16) if x.dtype == np.float32 else x)


if __name__ == "__main__":
    main()
