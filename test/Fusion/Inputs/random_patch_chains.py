#!/usr/bin/python3
"""Random conv chains run patch by patch with random patch grids (upstream tile-and-fuse with
random tile sizes, through --mini-fuse-patches), planned against unplanned and against layer by
layer: issue 29's random test.

Each chain: an input of 1 x C x H x W (C in 1..4, H and W in 7..23, not square), then 2 to 4
layers, each a Conv 3x3 (pad 1, stride 1 or 2) or a Conv 1x1, 2 to 8 channels, seeded weights of
standard deviation 1/sqrt(fan-in), each but the last followed by a ReLU or a Clip(0, 6); the grid
is 2 to 5 patches per side (remainder patches where it does not divide). For each chain:

  mini-opt --convert-mini-to-linalg --mini-fuse-elementwise --mini-fuse-patches=...patch-grids=G
  mini-run fused (planned), mini-run fused --no-plan --free-after-last-use, mini-run the chain

and the planned output must equal the unplanned one bit for bit, and the layer-by-layer one to
1e-5 of its largest magnitude. Prints one line per chain; exits 1 on the first failure.

  random_patch_chains.py --tools DIR --count N --seed S OUT_DIR
"""
import argparse
import os
import subprocess
import sys

import numpy as np


def ttype(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


def dense(array):
    return "dense<" + np.array2string(array.astype(np.float32), separator=", ",
                                      threshold=1 << 30,
                                      formatter={"float_kind": lambda v: f"{v:.5f}"}) + ">"


def make_chain(rng):
    shape = (1, int(rng.integers(1, 5)), int(rng.integers(7, 24)), int(rng.integers(7, 24)))
    lines, count, x, s = [], 0, "%x", shape
    layers = int(rng.integers(2, 5))
    described = []
    for layer in range(layers):
        k = int(rng.choice([1, 3]))
        stride = int(rng.choice([1, 2])) if k == 3 and min(s[2], s[3]) >= 6 else 1
        pad = 1 if k == 3 else 0
        out_c = int(rng.integers(2, 9))
        weight = rng.normal(0, 1 / np.sqrt(s[1] * k * k), (out_c, s[1], k, k))
        bias = rng.normal(0, 0.1, (out_c,))
        out = (1, out_c, (s[2] + 2 * pad - k) // stride + 1, (s[3] + 2 * pad - k) // stride + 1)
        count += 3
        lines += [f"  %w{count} = arith.constant {dense(weight)} : {ttype(weight.shape)}",
                  f"  %b{count} = arith.constant {dense(bias)} : {ttype(bias.shape)}",
                  f"  %v{count} = mini.conv2d {x}, %w{count}, %b{count} {{dilations = "
                  f"array<i64: 1, 1>, group = 1 : i64, pads = array<i64: {pad}, {pad}, {pad}, "
                  f"{pad}>, strides = array<i64: {stride}, {stride}>}} : ({ttype(s)}, "
                  f"{ttype(weight.shape)}, {ttype(bias.shape)}) -> {ttype(out)}"]
        x, s = f"%v{count}", out
        described.append(f"conv{k}x{k}/s{stride}->{out_c}")
        if layer + 1 < layers:
            count += 1
            if rng.integers(2):
                lines.append(f"  %v{count} = mini.relu {x} : {ttype(s)}")
            else:
                lines.append(f"  %v{count} = mini.clip {x} {{max = 6.000000e+00 : f32, "
                             f"min = 0.000000e+00 : f32}} : {ttype(s)}")
            x = f"%v{count}"
    text = "\n".join([f"func.func @main(%x: {ttype(shape)}) -> {ttype(s)} {{", *lines,
                      f"  return {x} : {ttype(s)}", "}", ""])
    return text, f"{'x'.join(map(str, shape))}: " + " ".join(described), s


def run(cmd):
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        print("random_patch_chains: FAIL: " + " ".join(cmd) + "\n" + res.stderr)
        sys.exit(1)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tools", required=True)
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("out")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    opt, mini_run = os.path.join(args.tools, "mini-opt"), os.path.join(args.tools, "mini-run")
    for index in range(args.count):
        text, description, out_shape = make_chain(rng)
        grid = int(rng.integers(2, 6))
        base = os.path.join(args.out, f"chain{index}")
        with open(base + ".mlir", "w") as f:
            f.write(text)
        run([opt, base + ".mlir", "--convert-mini-to-linalg", "--mini-fuse-elementwise",
             f"--mini-fuse-patches=max-mac-overhead=1000 patch-grids={grid} "
             f"report={base}.fusion.json", "-o", base + ".fused.mlir"])
        seed = f"--random-inputs={index + 1}"
        run([mini_run, base + ".fused.mlir", seed, "--output", base + ".planned.npy"])
        run([mini_run, base + ".fused.mlir", seed, "--output", base + ".unplanned.npy",
             "--no-plan", "--free-after-last-use"])
        run([mini_run, base + ".mlir", seed, "--output", base + ".layers.npy"])
        planned = np.load(base + ".planned.npy")
        unplanned = np.load(base + ".unplanned.npy")
        layers = np.load(base + ".layers.npy")
        with open(base + ".fused.mlir") as f:
            patched = "scf.for" in f.read()
        rel = float(np.abs(planned - layers).max() / max(np.abs(layers).max(), 1e-30))
        ok = planned.tobytes() == unplanned.tobytes() and rel <= 1e-5
        print(f"chain {index}: {description}, grid {grid}: "
              f"{'patches' if patched else 'layer by layer'}, planned == unplanned: "
              f"{planned.tobytes() == unplanned.tobytes()}, rel. diff {rel:.1e}: "
              + ("OK" if ok else "FAIL"))
        if not ok:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
