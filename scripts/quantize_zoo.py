#!/usr/bin/python3
"""Writes int8 QDQ versions of zoo models (scripts/export_zoo.py), as TFLite's int8 scheme quantizes:
per-channel symmetric int8 weights (scale max|w| / 127), per-tensor asymmetric int8 activations
calibrated on seeded inputs (min/max over the calibration batch), biases left float (the importer
quantizes them at s_in * s_w). PyTorch's fake quantization gives both the model and the
reference: the model is traced with torch.fx, its Conv2d + BatchNorm2d pairs folded
(torch.fx.experimental.optimization.fuse), and fake-quantization inserted at the input of every
Conv2d and Linear, after each of them (after the ReLU, ReLU6 or Hardtanh that follows one), and
around every addition of two tensors; torch.onnx exports torch.fake_quantize_* as
QuantizeLinear/DequantizeLinear pairs (opset 13). The reference output of an input is the
fake-quantized model's forward: the float simulation of the same QDQ graph, never the integer
program.

  quantize_zoo.py --out DIR [--inputs N] [--activations int8|uint8] MODEL ...

For MODEL it writes MODEL.int8.onnx, MODEL.int8.input.K.npy and MODEL.int8.expected.K.npy for K
in 0..N-1 (seeded standard normal images; K = 0 is the zoo's own input), and MODEL.int8.step: the
output's quantization step (MODEL.uint8.* with uint8 activations: zero points in [0, 255], as
onnxruntime's quantize_static writes QDQ models by default). With --qoperator also
MODEL.ACTIVATIONS.qoperator.onnx: the same model in the QOperator form (QLinearConv;
to_qoperator).
"""
import argparse
import operator
import os
import sys

import numpy as np
import torch
import torch.fx
import torch.nn as nn
import torch.nn.functional as F
from torch.fx.experimental.optimization import fuse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_zoo  # noqa: E402

CALIBRATION_INPUTS = 8


# The range of activation quantization: int8 [-128, 127], or uint8 [0, 255] (--activations
# uint8, as onnxruntime's quantize_static writes by default).
ACTIVATION_RANGE = {"int8": (-128, 127), "uint8": (0, 255)}
activation_range = ACTIVATION_RANGE["int8"]


class FakeQuant(nn.Module):
    """Per-tensor asymmetric int8 (or uint8) fake quantization; records min/max while
    calibrating. With a `source`, it takes the source's scale and zero point (after a max pooling
    or a reshape of a quantized value, which keep the quantization, as TFLite's int8 scheme
    requires)."""

    def __init__(self, source=None):
        super().__init__()
        self.qmin, self.qmax = activation_range
        self.source = [source] if source is not None else []
        self.calibrating = True
        self.lo, self.hi = 0.0, 0.0
        self.scale, self.zero_point = 1.0, 0

    def forward(self, x):
        if self.calibrating:
            self.lo = min(self.lo, float(x.min()))
            self.hi = max(self.hi, float(x.max()))
            return x
        return torch.fake_quantize_per_tensor_affine(x, self.scale, self.zero_point, self.qmin,
                                                     self.qmax)

    def freeze(self):
        self.calibrating = False
        if self.source:
            self.scale, self.zero_point = self.source[0].scale, self.source[0].zero_point
            return
        self.scale = max(self.hi - self.lo, 1e-8) / 255.0
        self.zero_point = int(min(self.qmax, max(self.qmin,
                                                 round(self.qmin - self.lo / self.scale))))


class QuantizedWeights(nn.Module):
    """A Conv2d or Linear whose weight is fake-quantized per output channel, symmetric int8."""

    def __init__(self, module):
        super().__init__()
        self.module = module
        w = module.weight.detach()
        scale = w.abs().reshape(w.shape[0], -1).max(dim=1).values.clamp(min=1e-8) / 127.0
        self.register_buffer("scale", scale)
        self.register_buffer("zero_point", torch.zeros(w.shape[0], dtype=torch.int32))

    def forward(self, x):
        w = torch.fake_quantize_per_channel_affine(self.module.weight, self.scale,
                                                   self.zero_point, 0, -128, 127)
        if isinstance(self.module, nn.Conv2d):
            m = self.module
            return F.conv2d(x, w, m.bias, m.stride, m.padding, m.dilation, m.groups)
        return F.linear(x, w, self.module.bias)


ACTIVATIONS = (nn.ReLU, nn.ReLU6, nn.Hardtanh)
# Ops that keep their input's quantization.
KEEPS_QUANTIZATION = (nn.MaxPool2d, nn.Flatten)
KEEPS_QUANTIZATION_FUNCTIONS = (F.max_pool2d, torch.flatten)


def quantize(model):
    """The fx-traced `model` with BN folded and fake quantization inserted (calibrating)."""
    gm = fuse(torch.fx.symbolic_trace(model))
    modules = dict(gm.named_modules())
    graph = gm.graph
    quantizers = {}  # node -> its fake-quantized node
    count = [0]

    def keeps_quantization(node):
        if node.op == "call_module":
            return isinstance(modules.get(node.target), KEEPS_QUANTIZATION)
        return node.op == "call_function" and node.target in KEEPS_QUANTIZATION_FUNCTIONS

    def quantized_source(node):
        """The fake quantizer `node` keeps the quantization of, through max poolings and
        flattens, or None."""
        while keeps_quantization(node) and isinstance(node.args[0], torch.fx.Node):
            node = node.args[0]
            if node in quantizers:
                return gm.get_submodule(quantizers[node].target)
        return None

    def fake_quant_after(node):
        if node in quantizers:
            return quantizers[node]
        count[0] += 1
        name = f"fq{count[0]}"
        gm.add_submodule(name, FakeQuant(quantized_source(node)))
        with graph.inserting_after(node):
            fq = graph.call_module(name, (node,))
        node.replace_all_uses_with(fq, delete_user_cb=lambda user: user is not fq)
        quantizers[node] = fq
        quantizers[fq] = fq
        return fq

    def is_activation(node):
        if node.op == "call_module":
            return isinstance(modules.get(node.target), ACTIVATIONS)
        return node.op == "call_function" and node.target in (F.relu, torch.relu, F.relu6)

    def output_of(node):
        """The node whose value is quantized after `node`: its activation if it has one."""
        users = list(node.users)
        if len(users) == 1 and is_activation(users[0]):
            return users[0]
        return node

    for node in list(graph.nodes):
        quantized_op = node.op == "call_module" and isinstance(
            modules.get(node.target), (nn.Conv2d, nn.Linear))
        is_add = node.op == "call_function" and node.target in (operator.add, torch.add) and \
            all(isinstance(a, torch.fx.Node) for a in node.args[:2])
        if not (quantized_op or is_add):
            continue
        for arg in (node.args[:1] if quantized_op else node.args[:2]):
            fake_quant_after(arg)
        if quantized_op:
            name = node.target.replace(".", "_") + "_q"
            gm.add_submodule(name, QuantizedWeights(modules[node.target]))
            node.target = name
        fake_quant_after(output_of(node))
    graph.lint()
    gm.recompile()
    return gm


def to_qoperator(path, out_path):
    """Rewrites the QDQ model at `path` into the QOperator form, as onnxruntime's QOperator
    format writes it: every DequantizeLinear -> Conv (-> Relu or Clip(0, 6)) -> QuantizeLinear
    becomes one QLinearConv of the int8 input, int8 weights (the weights' QuantizeLinear
    computed here, half to even and saturated, as ONNX defines it), the bias quantized to int32
    at s_x * s_w[c] (half to even) and the output's scale and zero point. The activation is
    dropped only where the output quantization already clamps as it would (a ReLU where the
    zero point is the range's minimum, Clip(0, 6) where 6 also maps to at least its maximum),
    so that the QOperator model computes what the QDQ one does; other ops stay QDQ. Returns the
    count of QLinearConv nodes."""
    import onnx
    from onnx import numpy_helper as nh
    model = onnx.load(path)
    graph = model.graph
    values = {t.name: nh.to_array(t) for t in graph.initializer}
    for n in graph.node:
        if n.op_type == "Constant":
            values[n.output[0]] = nh.to_array(n.attribute[0].t)
        # torch.onnx shares equal constants through Identity nodes.
        if n.op_type == "Identity" and n.input[0] in values:
            values[n.output[0]] = values[n.input[0]]
    producer = {o: n for n in graph.node for o in n.output}
    consumers = {}
    for n in graph.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)

    def only_consumer(name):
        users = consumers.get(name, [])
        out = [o.name for o in graph.output]
        return users[0] if len(users) == 1 and name not in out else None

    def attr(node, name, default):
        for a in node.attribute:
            if a.name == name:
                return onnx.helper.get_attribute_value(a)
        return default

    replaced, removed, inits = {}, set(), []
    qmin, qmax = activation_range
    for conv in graph.node:
        if conv.op_type != "Conv" or len(conv.input) < 2:
            continue
        dq_x, dq_w = producer.get(conv.input[0]), producer.get(conv.input[1])
        if not dq_x or not dq_w or dq_x.op_type != "DequantizeLinear" or \
                dq_w.op_type != "DequantizeLinear":
            continue
        q_w = producer.get(dq_w.input[0])
        if not q_w or q_w.op_type != "QuantizeLinear" or q_w.input[0] not in values:
            continue
        chain, last = [], conv
        nxt = only_consumer(conv.output[0])
        if nxt is not None and nxt.op_type in ("Relu", "Clip"):
            chain.append(nxt)
            last = nxt
            nxt = only_consumer(nxt.output[0])
        if nxt is None or nxt.op_type != "QuantizeLinear":
            continue
        q_y = nxt
        sx, zx = values[dq_x.input[1]], values[dq_x.input[2]]
        sy, zy = values[q_y.input[1]], values[q_y.input[2]]
        sw, zw = values[dq_w.input[1]], values[dq_w.input[2]]
        if chain:
            act = chain[0]
            if int(zy) != qmin:
                continue
            if act.op_type == "Clip":
                lo = values.get(act.input[1]) if len(act.input) > 1 else None
                hi = values.get(act.input[2]) if len(act.input) > 2 else None
                # The importer's clamp rounds hi / s half away from zero
                # (std::llround): the same test keeps the QOperator model
                # bit-identical to the QDQ one.
                if lo is None or hi is None or float(lo) != 0.0 or \
                        int(zy) + np.floor(float(hi) / float(sy) + 0.5) < qmax:
                    continue
        w = values[q_w.input[0]].astype(np.float64)
        shape = (-1,) + (1,) * (w.ndim - 1)
        wq = np.clip(np.rint(w / sw.astype(np.float64).reshape(shape)) +
                     zw.astype(np.float64).reshape(shape), -128, 127).astype(np.int8)
        name = conv.output[0]
        bq = None
        if len(conv.input) > 2 and conv.input[2]:
            b = values[conv.input[2]].astype(np.float64)
            bq = np.rint(b / (np.float64(sx) * sw.astype(np.float64)))
            if np.abs(bq).max() >= 2**31:
                continue  # an int32 bias cannot hold it: the conv stays QDQ
        inputs = [dq_x.input[0], dq_x.input[1], dq_x.input[2], name + "_wq",
                  dq_w.input[1], dq_w.input[2], q_y.input[1], q_y.input[2]]
        inits.append(nh.from_array(wq, name + "_wq"))
        if bq is not None:
            inits.append(nh.from_array(bq.astype(np.int32), name + "_bq"))
            inputs.append(name + "_bq")
        node = onnx.helper.make_node("QLinearConv", inputs, [q_y.output[0]],
                                     name=name + "_qlinear")
        for a in conv.attribute:
            node.attribute.append(a)
        replaced[id(q_y)] = node
        removed.update(id(n) for n in [conv, *chain])
    nodes = []
    for n in graph.node:
        if id(n) in removed:
            continue
        nodes.append(replaced.get(id(n), n))
    # Drop what no longer has a reader (the weights' Q -> DQ, the inputs' DQ).
    while True:
        read = {i for n in nodes for i in n.input} | {o.name for o in graph.output}
        kept = [n for n in nodes if any(o in read for o in n.output)]
        if len(kept) == len(nodes):
            break
        nodes = kept
    del graph.node[:]
    graph.node.extend(nodes)
    used = {i for n in nodes for i in n.input}
    kept_inits = [t for t in graph.initializer if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept_inits + inits)
    onnx.checker.check_model(model)
    onnx.save(model, out_path)
    return len(replaced)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--inputs", type=int, default=1)
    ap.add_argument("--activations", choices=sorted(ACTIVATION_RANGE), default="int8",
                    help="the activations' type (weights are int8 either way); the files are "
                         "named MODEL.ACTIVATIONS.*")
    ap.add_argument("--qoperator", action="store_true",
                    help="also write MODEL.ACTIVATIONS.qoperator.onnx, its convolutions as "
                         "QLinearConv (see to_qoperator)")
    ap.add_argument("models", nargs="+")
    args = ap.parse_args()
    global activation_range
    activation_range = ACTIVATION_RANGE[args.activations]
    kind = args.activations
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(1)
    for name in args.models:
        model = export_zoo.build(name)
        _, sample = export_zoo.ZOO[name]
        gm = quantize(model).eval()
        with torch.no_grad():
            gm(sample(CALIBRATION_INPUTS, export_zoo._generator(export_zoo.SEED + 7)))
            fakes = [m for m in gm.modules() if isinstance(m, FakeQuant)]
            # Sources first: a shared quantizer takes its source's parameters.
            for m in sorted(fakes, key=lambda m: bool(m.source)):
                m.freeze()
            x0 = export_zoo.example_input(name)
            path = os.path.join(args.out, f"{name}.{kind}.onnx")
            torch.onnx.export(gm, x0, path, opset_version=13, do_constant_folding=True,
                              input_names=["input"], output_names=["output"])
            generator = export_zoo._generator(export_zoo.SEED + 11)
            for k in range(args.inputs):
                x = x0 if k == 0 else sample(1, generator)
                np.save(os.path.join(args.out, f"{name}.{kind}.input.{k}.npy"), x.numpy())
                np.save(os.path.join(args.out, f"{name}.{kind}.expected.{k}.npy"),
                        gm(x).numpy())
        # The output's step: the last fake quantization's scale.
        last = [n for n in gm.graph.nodes if n.op == "call_module" and
                isinstance(gm.get_submodule(n.target), FakeQuant)][-1]
        with open(os.path.join(args.out, f"{name}.{kind}.step"), "w") as f:
            f.write(repr(gm.get_submodule(last.target).scale))
        print(f"quantize_zoo: {name}: {len(fakes)} activation quantizers, {path}",
              file=sys.stderr)
        if args.qoperator:
            qop = os.path.join(args.out, f"{name}.{kind}.qoperator.onnx")
            count = to_qoperator(path, qop)
            print(f"quantize_zoo: {name}: {count} QLinearConv, {qop}", file=sys.stderr)


if __name__ == "__main__":
    main()
