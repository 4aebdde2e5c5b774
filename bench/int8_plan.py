#!/usr/bin/python3
"""fp32, fp16 and int8, measured by running; writes the section int8_plan of docs/benchmarks.md.

Each model of MODELS is converted to float16 by scripts/half_zoo.py (every float weight, input,
output and activation) and, but for the models of FP16_ONLY, quantized to int8 QDQ by
scripts/quantize_zoo.py (per-channel int8 weights, per-tensor int8 activations calibrated on
seeded inputs) with N seeded inputs and the float simulation's outputs (PyTorch's fake-quantized
forward). Per model, in one run of this script: the fp32, fp16 and int8 models' plans (naive,
lower bound, planned with in-place reuse: --plan-memory's figures, checked by its checker), the
median latency of --bench runs of each; the fp16 program's largest difference from the fp32
program relative to the fp32 output's largest magnitude and its top-1 agreement, over the N
inputs (planned and unplanned fp16 outputs compared bit for bit); the int8 program's top-1
agreement with the float simulation over the N inputs and its largest difference in output
quantization steps; planned and unplanned int8 outputs are compared bit for bit. MobileNet-V2
is also run patch by patch in int8 (--max-mac-overhead=1.15).

  bench/int8_plan.py [--build build] [--zoo build/zoo] [--out docs/benchmarks.md] [--inputs 100]
                     [--runs 5] [--models NAME ...]
"""
import json
import os
import platform
import subprocess
import sys
import tempfile

import numpy as np

from benchdoc import write_section, zoo_arguments

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import export_zoo  # noqa: E402
import half_zoo  # noqa: E402

MODELS = ["lenet5", "resnet18", "mobilenet_v2", "mobilenet_v3_small", "efficientnet_b0",
          "tiny_bert"]
# Models with no int8 form: quantize_zoo.py quantizes nn.Linear and nn.Conv2d modules, and
# nn.TransformerEncoder's attention projections are neither (nor does torch.onnx export its fused
# fast path from torch.fx).
FP16_ONLY = {"tiny_bert"}


def mini_run(build, model, pairs, flags, tmp, name):
    report = os.path.join(tmp, name + ".json")
    cmd = [os.path.join(build, "bin", "mini-run"), model, *pairs, "--json", report, *flags]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"int8_plan: {' '.join(cmd)} failed:\n{res.stderr}")
    return json.load(open(report))


def kib(n):
    return f"{n / 1024:.0f}"


def measure_fp16(args, name, fp32_model, inputs, tmp):
    """The fp16 model's report (its plan and latency on the first input) and its agreement
    with the fp32 program on `inputs`: "R, K of N" (R the largest difference relative to the
    fp32 output's largest magnitude, K the inputs, or tokens, with the same top-1)."""
    import onnx
    model = os.path.join(tmp, name + ".fp16.onnx")
    onnx.save(half_zoo.to_half(onnx.load(fp32_model)), model)
    pairs32, pairs16, unplanned = [], [], []
    for k, x in enumerate(inputs):
        a = np.load(x)
        x16 = os.path.join(tmp, f"{name}.fp16.input.{k}.npy")
        np.save(x16, a.astype(np.float16) if a.dtype == np.float32 else a)
        pairs32 += ["--input", x, "--output", os.path.join(tmp, f"{name}.fp32.out.{k}.npy")]
        pairs16 += ["--input", x16, "--output", os.path.join(tmp, f"{name}.fp16.out.{k}.npy")]
        unplanned += ["--input", x16, "--output", os.path.join(tmp, f"{name}.fp16.un.{k}.npy")]
    report = mini_run(args.build, model, pairs16[:4], ["--bench", str(args.runs)], tmp,
                      name + ".fp16")
    mini_run(args.build, fp32_model, pairs32, [], tmp, name + ".fp32.all")
    mini_run(args.build, model, pairs16, [], tmp, name + ".fp16.all")
    mini_run(args.build, model, unplanned, ["--no-plan"], tmp, name + ".fp16.unplanned")
    worst, same, count = 0.0, 0, 0
    for k in range(len(inputs)):
        got = np.load(os.path.join(tmp, f"{name}.fp16.out.{k}.npy"))
        if got.tobytes() != np.load(os.path.join(tmp, f"{name}.fp16.un.{k}.npy")).tobytes():
            sys.exit(f"int8_plan: {name}: planned and unplanned fp16 differ on input {k}")
        want = np.load(os.path.join(tmp, f"{name}.fp32.out.{k}.npy")).astype(np.float64)
        worst = max(worst, float(np.abs(got.astype(np.float64) - want).max() /
                                 np.abs(want).max()))
        top = lambda a: a.reshape(-1, a.shape[-1]).argmax(-1)  # noqa: E731
        same += int((top(got) == top(want)).sum())
        count += top(want).size
    return report, f"{worst:.1e}, {same} of {count}"


def measure_int8(args, name, base, tmp):
    """The int8 model's report and the rest of its table row (agreement, QOperator, uint8)."""
    int8 = mini_run(args.build, base + ".onnx",
                    ["--input", base + ".input.0.npy", "--output",
                     os.path.join(tmp, "int8.npy")],
                    ["--bench", str(args.runs)], tmp, name + ".int8")
    pairs, unplanned = [], []
    for k in range(args.inputs):
        pairs += ["--input", f"{base}.input.{k}.npy", "--output", f"{base}.out.{k}.npy"]
        unplanned += ["--input", f"{base}.input.{k}.npy", "--output",
                      f"{base}.unplanned.{k}.npy"]
    mini_run(args.build, base + ".onnx", pairs, [], tmp, name + ".all")
    mini_run(args.build, base + ".onnx", unplanned, ["--no-plan"], tmp, name + ".unplanned")
    step = float(open(base + ".step").read())
    same, worst = 0, 0.0
    for k in range(args.inputs):
        a = np.load(f"{base}.out.{k}.npy")
        if a.tobytes() != np.load(f"{base}.unplanned.{k}.npy").tobytes():
            sys.exit(f"int8_plan: {name}: planned and unplanned differ on input {k}")
        e = np.load(f"{base}.expected.{k}.npy")
        same += int(a.argmax() == e.argmax())
        worst = max(worst, float(np.abs(a - e).max() / step))
    # The QOperator form, against the QDQ model's outputs.
    qop = []
    for k in range(args.inputs):
        qop += ["--input", f"{base}.input.{k}.npy", "--output", f"{base}.qop.{k}.npy"]
    mini_run(args.build, base + ".qoperator.onnx", qop, [], tmp, name + ".qop")
    for k in range(args.inputs):
        if np.load(f"{base}.qop.{k}.npy").tobytes() != np.load(f"{base}.out.{k}.npy").tobytes():
            sys.exit(f"int8_plan: {name}: the QOperator form differs on input {k}")
    # uint8 activations, against their own float simulation.
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "quantize_zoo.py"),
                    "--out", tmp, "--inputs", str(args.inputs), "--activations",
                    "uint8", name], check=True, capture_output=True)
    ubase = os.path.join(tmp, name + ".uint8")
    upairs = []
    for k in range(args.inputs):
        upairs += ["--input", f"{ubase}.input.{k}.npy", "--output", f"{ubase}.out.{k}.npy"]
    mini_run(args.build, ubase + ".onnx", upairs, [], tmp, name + ".uint8")
    ustep = float(open(ubase + ".step").read())
    usame, uworst = 0, 0.0
    for k in range(args.inputs):
        a, e = np.load(f"{ubase}.out.{k}.npy"), np.load(f"{ubase}.expected.{k}.npy")
        usame += int(a.argmax() == e.argmax())
        uworst = max(uworst, float(np.abs(a - e).max() / ustep))
    return int8, (f"{same} of {args.inputs} | {worst:.0f} | = QDQ on all {args.inputs} | "
                  f"{usame} of {args.inputs}, {uworst:.0f} |")


def measure_patched(args, name, base, tmp):
    """The line of int8 MobileNet-V2 patch by patch (--max-mac-overhead=1.15)."""
    patched = mini_run(args.build, base + ".onnx",
                       ["--input", base + ".input.0.npy", "--output",
                        os.path.join(tmp, "patched.npy")],
                       ["--max-mac-overhead=1.15", "--bench", str(args.runs)], tmp,
                       name + ".patched")
    same_output = np.load(os.path.join(tmp, "patched.npy")).tobytes() == \
        np.load(os.path.join(tmp, "int8.npy")).tobytes()
    fusion = patched["patch_fusion"]
    return (f"int8 MobileNet-V2 patch by patch (`--max-mac-overhead=1.15`): planned "
            f"{patched['planned_bytes']} bytes ({kib(patched['planned_bytes'])} KiB; "
            f"MCUNetV2 reports 172 KiB), heap peak {patched['heap_peak_bytes']} bytes, "
            f"{fusion['macs'] / fusion['base_macs']:.3f}x the MACs, "
            f"{patched['bench']['median_ms']:.1f} ms; output "
            + ("bit-identical to the layer-by-layer int8 run."
               if same_output else "DIFFERS from the layer-by-layer int8 run."))


def main():
    ap = zoo_arguments(__doc__, MODELS)
    ap.add_argument("--inputs", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    lines = ["## fp32, fp16 and int8 (bench/int8_plan.py)", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}. "
             "Batch 1. fp16 models from scripts/half_zoo.py (every float weight, input, output "
             "and activation float16; each op computes in f32 and rounds once). int8 models "
             "from scripts/quantize_zoo.py (QDQ, per-channel int8 "
             "weights, calibrated per-tensor int8 activations; ops the quantizer leaves float, "
             "as the squeeze-excitation blocks' multiplications, stay float between a "
             "DequantizeLinear and a QuantizeLinear). Plans in KiB (1024 bytes): naive, "
             "lower bound, planned (in-place reuse), each checked by the planner's checker. "
             f"Latency: median of {args.runs} runs of `mini-run --bench`, the three in one run. "
             f"fp16 agreement: on {args.inputs} seeded inputs (the zoo's one input for tiny_bert, "
             "top-1 per token), the largest difference from the fp32 program's output relative "
             "to its largest magnitude, and the same top-1; planned and unplanned fp16 outputs "
             "bit-identical. int8 agreement: the int8 program's top-1 "
             f"against the float simulation (PyTorch's fake-quantized forward) on "
             f"{args.inputs} seeded inputs, and the largest difference in output quantization "
             "steps; planned and unplanned int8 outputs bit-identical on all of them. "
             "QOperator: the same model with its convolutions as QLinearConv "
             "(`quantize_zoo.py --qoperator`), its outputs against the QDQ model's on every "
             "input. uint8: the model quantized with uint8 activations (zero points in "
             "[0, 255], onnxruntime's default), its top-1 against its own float simulation. "
             "tiny_bert has no int8 form (quantize_zoo.py quantizes nn.Linear and nn.Conv2d "
             "modules; nn.TransformerEncoder's attention projections are neither).", "",
             "| model | fp32 naive / lower / planned | fp16 naive / lower / planned | int8 naive "
             "/ lower / planned | fp32 / fp16 planned | fp32 / int8 planned | fp32 ms | fp16 ms "
             "| int8 ms | fp16 rel. diff, same top-1 | int8 same top-1 | int8 largest diff "
             "(steps) | QOperator | uint8 same top-1, diff (steps) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
             "| --- | ---: |"]
    patch_line = ""
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models:
            fp32_model = export_zoo.export(name, args.zoo)
            x0 = os.path.join(args.zoo, name + ".input.npy")
            # The fp32 inputs: the int8 script's seeded ones (K = 0 is the zoo's), or the zoo's.
            if name in FP16_ONLY:
                inputs = [x0]
            else:
                subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "quantize_zoo.py"),
                                "--out", tmp, "--inputs", str(args.inputs), "--qoperator", name],
                               check=True, capture_output=True)
                base = os.path.join(tmp, name + ".int8")
                inputs = [f"{base}.input.{k}.npy" for k in range(args.inputs)]
            fp32 = mini_run(args.build, fp32_model, ["--input", x0, "--output",
                                                     os.path.join(tmp, "fp32.npy")],
                            ["--bench", str(args.runs)], tmp, name + ".fp32")
            fp16, fp16_agreement = measure_fp16(args, name, fp32_model, inputs, tmp)
            figures = lambda r: "{} / {} / {}".format(  # noqa: E731
                kib(r["naive_bytes"]), kib(r["lower_bound_bytes"]), kib(r["planned_bytes"]))
            row = (f"| {name} | {figures(fp32)} | {figures(fp16)} | ")
            if name in FP16_ONLY:
                row += (f"— | {fp32['planned_bytes'] / fp16['planned_bytes']:.2f}x | — | "
                        f"{fp32['bench']['median_ms']:.1f} | {fp16['bench']['median_ms']:.1f} | "
                        f"— | {fp16_agreement} | — | — | — | — |")
            else:
                int8, agreement = measure_int8(args, name, base, tmp)
                row += (f"{figures(int8)} | {fp32['planned_bytes'] / fp16['planned_bytes']:.2f}x | "
                        f"{fp32['planned_bytes'] / int8['planned_bytes']:.2f}x | "
                        f"{fp32['bench']['median_ms']:.1f} | {fp16['bench']['median_ms']:.1f} | "
                        f"{int8['bench']['median_ms']:.1f} | {fp16_agreement} | {agreement}")
            lines.append(row)
            print(lines[-1], file=sys.stderr)
            if name == "mobilenet_v2":
                patch_line = measure_patched(args, name, base, tmp)
    lines += ["", patch_line, ""]
    write_section(args.out, "int8_plan", lines)


if __name__ == "__main__":
    main()
