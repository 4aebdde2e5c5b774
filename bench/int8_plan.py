#!/usr/bin/python3
"""int8 against fp32, measured by running; writes the section int8_plan of docs/benchmarks.md.

Each model of MODELS is quantized to int8 QDQ by scripts/quantize_zoo.py (per-channel int8
weights, per-tensor int8 activations calibrated on seeded inputs) with N seeded inputs and the
float simulation's outputs (PyTorch's fake-quantized forward). Per model, in one run of this
script: the fp32 model's and the int8 model's plans (naive, lower bound, planned with in-place
reuse: --plan-memory's figures, checked by its checker), the median latency of --bench runs of
each, the int8 program's top-1 agreement with the float simulation over the N inputs and its
largest difference in output quantization steps; planned and unplanned int8 outputs are
compared bit for bit. MobileNet-V2 is also run patch by patch (--max-mac-overhead=1.15).

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

MODELS = ["lenet5", "resnet18", "mobilenet_v2", "mobilenet_v3_small", "efficientnet_b0"]


def mini_run(build, model, pairs, flags, tmp, name):
    report = os.path.join(tmp, name + ".json")
    cmd = [os.path.join(build, "bin", "mini-run"), model, *pairs, "--json", report, *flags]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"int8_plan: {' '.join(cmd)} failed:\n{res.stderr}")
    return json.load(open(report))


def main():
    ap = zoo_arguments(__doc__, MODELS)
    ap.add_argument("--inputs", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    kib = lambda n: f"{n / 1024:.0f}"  # noqa: E731
    lines = ["## int8 against fp32 (bench/int8_plan.py)", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}. "
             "Batch 1. int8 models from scripts/quantize_zoo.py (QDQ, per-channel int8 "
             "weights, calibrated per-tensor int8 activations; ops the quantizer leaves float, "
             "as the squeeze-excitation blocks' multiplications, stay float between a "
             "DequantizeLinear and a QuantizeLinear). Plans in KiB (1024 bytes): naive, "
             "lower bound, planned (in-place reuse), each checked by the planner's checker. "
             f"Latency: median of {args.runs} runs of `mini-run --bench`, in one run with fp32's. Agreement: the int8 program's top-1 "
             f"against the float simulation (PyTorch's fake-quantized forward) on "
             f"{args.inputs} seeded inputs, and the largest difference in output quantization "
             "steps; planned and unplanned int8 outputs bit-identical on all of them. "
             "QOperator: the same model with its convolutions as QLinearConv "
             "(`quantize_zoo.py --qoperator`), its outputs against the QDQ model's on every "
             "input. uint8: the model quantized with uint8 activations (zero points in "
             "[0, 255], onnxruntime's default), its top-1 against its own float simulation.", "",
             "| model | fp32 naive / lower / planned | int8 naive / lower / planned | fp32 / int8 "
             "planned | fp32 ms | int8 ms | same top-1 | largest diff (steps) | QOperator "
             "| uint8 same top-1, diff (steps) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"]
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models:
            fp32_model = export_zoo.export(name, args.zoo)
            subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "quantize_zoo.py"),
                            "--out", tmp, "--inputs", str(args.inputs), "--qoperator", name],
                           check=True, capture_output=True)
            base = os.path.join(tmp, name + ".int8")
            x0 = os.path.join(args.zoo, name + ".input.npy")
            fp32 = mini_run(args.build, fp32_model, ["--input", x0, "--output",
                                                     os.path.join(tmp, "fp32.npy")],
                            ["--bench", str(args.runs)], tmp, name + ".fp32")
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
            mini_run(args.build, base + ".onnx", unplanned, ["--no-plan"], tmp,
                     name + ".unplanned")
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
                if np.load(f"{base}.qop.{k}.npy").tobytes() != \
                        np.load(f"{base}.out.{k}.npy").tobytes():
                    sys.exit(f"int8_plan: {name}: the QOperator form differs on input {k}")
            # uint8 activations, against their own float simulation.
            subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "quantize_zoo.py"),
                            "--out", tmp, "--inputs", str(args.inputs), "--activations",
                            "uint8", name], check=True, capture_output=True)
            ubase = os.path.join(tmp, name + ".uint8")
            upairs = []
            for k in range(args.inputs):
                upairs += ["--input", f"{ubase}.input.{k}.npy", "--output",
                           f"{ubase}.out.{k}.npy"]
            mini_run(args.build, ubase + ".onnx", upairs, [], tmp, name + ".uint8")
            ustep = float(open(ubase + ".step").read())
            usame, uworst = 0, 0.0
            for k in range(args.inputs):
                a, e = np.load(f"{ubase}.out.{k}.npy"), np.load(f"{ubase}.expected.{k}.npy")
                usame += int(a.argmax() == e.argmax())
                uworst = max(uworst, float(np.abs(a - e).max() / ustep))
            figures = lambda r: "{} / {} / {}".format(  # noqa: E731
                kib(r["naive_bytes"]), kib(r["lower_bound_bytes"]), kib(r["planned_bytes"]))
            lines.append(
                f"| {name} | {figures(fp32)} | {figures(int8)} | "
                f"{fp32['planned_bytes'] / int8['planned_bytes']:.2f}x | "
                f"{fp32['bench']['median_ms']:.1f} | {int8['bench']['median_ms']:.1f} | "
                f"{same} of {args.inputs} | {worst:.0f} | = QDQ on all {args.inputs} | "
                f"{usame} of {args.inputs}, {uworst:.0f} |")
            print(lines[-1], file=sys.stderr)
            if name == "mobilenet_v2":
                patched = mini_run(args.build, base + ".onnx",
                                   ["--input", base + ".input.0.npy", "--output",
                                    os.path.join(tmp, "patched.npy")],
                                   ["--max-mac-overhead=1.15", "--bench", str(args.runs)], tmp,
                                   name + ".patched")
                same_output = np.load(os.path.join(tmp, "patched.npy")).tobytes() == \
                    np.load(os.path.join(tmp, "int8.npy")).tobytes()
                fusion = patched["patch_fusion"]
                patch_line = (
                    f"int8 MobileNet-V2 patch by patch (`--max-mac-overhead=1.15`): planned "
                    f"{patched['planned_bytes']} bytes ({kib(patched['planned_bytes'])} KiB; "
                    f"MCUNetV2 reports 172 KiB), heap peak {patched['heap_peak_bytes']} bytes, "
                    f"{fusion['macs'] / fusion['base_macs']:.3f}x the MACs, "
                    f"{patched['bench']['median_ms']:.1f} ms; output "
                    + ("bit-identical to the layer-by-layer int8 run."
                       if same_output else "DIFFERS from the layer-by-layer int8 run."))
    lines += ["", patch_line if "mobilenet_v2" in args.models else "", ""]
    write_section(args.out, "int8_plan", lines)


if __name__ == "__main__":
    main()
