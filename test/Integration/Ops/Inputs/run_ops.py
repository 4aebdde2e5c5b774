#!/usr/bin/python3
"""Execution test of every mini op: a one-op ONNX model per case, run by mini-run (planned and
unplanned), against an independent NumPy reference written here from the ONNX operator specs.

  run_ops.py TMP_DIR

Prints one line per case, "op CASE: OK (...)", or "FAIL" with the figures, and exits 1 if any
case fails. Tolerance: max |diff| <= 1e-5 * max(1, max |reference|); planned and unplanned
outputs must be bit-identical.
"""
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

RNG = np.random.default_rng(1234)


def rand(*shape):
    return RNG.standard_normal(shape).astype(np.float32)


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


def build(nodes, inputs, inits, out_shape, path):
    graph_inputs = [helper.make_tensor_value_info(k, TensorProto.FLOAT, list(v.shape)) for k, v in inputs.items()]
    graph = helper.make_graph(nodes, "g", graph_inputs, [helper.make_tensor_value_info("y", TensorProto.FLOAT, list(out_shape))],
                              [numpy_helper.from_array(v, k) for k, v in inits.items()])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.save(m, path)


def main():
    tmp = sys.argv[1]
    os.makedirs(tmp, exist_ok=True)
    failures = 0
    for name, nodes, inputs, inits, reference in cases():
        if reference is None:  # depthwise: the grouped reference with one channel per group
            reference = ref_conv(inputs["x"], inits["w"], inits["b"], pads=(1, 1, 1, 1), group=4)
        model = os.path.join(tmp, name + ".onnx")
        build(nodes, inputs, inits, reference.shape, model)
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
            err = float(np.abs(got.astype(np.float64) - reference).max()) if got.shape == reference.shape else np.inf
            limit = 1e-5 * max(1.0, float(np.abs(reference).max()))
            identical = outs["planned"].tobytes() == outs["unplanned"].tobytes()
            ok = err <= limit and identical
            failures += not ok
            print(f"op {name}: {'OK' if ok else 'FAIL'} (shape {got.shape} vs {reference.shape}, "
                  f"max |diff| {err:.1e}, limit {limit:.1e}, planned == unplanned: {identical})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
