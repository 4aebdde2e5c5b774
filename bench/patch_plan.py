#!/usr/bin/python3
"""Patch-based inference chosen by the planner (--mini-fuse-patches), measured by running it; writes
the section patch_plan of docs/benchmarks.md.

For every model of the zoo's "patches" group (scripts/export_zoo.py) it runs mini-run layer by
layer (today's plan, in-place reuse included) and then, for each MAC limit F in 1.0, 1.05, 1.10,
1.20, 1.30 and 2.0 (and unconstrained, F = 1000, for MobileNet-V2 0.35 at 144, msf-CNN's
network), with --max-mac-overhead=F. Per point: the planned bytes (the plan
is checked by --plan-memory's checker), the tracking allocator's heap peak, the MACs against the
layer-by-layer network's, the segments that run patch by patch, the output's largest difference
from the layer-by-layer run relative to that output's largest magnitude, whether the top-1 class
(per pixel for segmentation) agrees, the compile time (the search included) and the median
latency of --bench runs. MobileNet-V2 is also run with --memory-budget=1048576 and with a budget
no plan meets (the error names the smallest peak reachable).

  bench/patch_plan.py [--build build] [--zoo build/zoo] [--out docs/benchmarks.md]
                      [--models NAME ...] [--runs 5]
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

MODELS = export_zoo.BENCH_GROUPS["patches"]
# The MAC limits of the trade-off curve. Unconstrained (--max-mac-overhead=1000: no candidate
# pruned by its MACs) is measured on msf-CNN's network only: it takes minutes per network
# (MobileNet-V2 0.35 at 144: 523 s of search).
LIMITS = [1.0, 1.05, 1.10, 1.20, 1.30, 2.0]
UNCONSTRAINED = {"mobilenet_v2_035_144"}
BUDGET = 1048576
UNREACHABLE_BUDGET = 4096


def mini_run(build, model, inp, out, flags, runs):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "run.json")
        cmd = [os.path.join(build, "bin", "mini-run"), model, "--input", inp, "--output", out,
               "--json", report, "--bench", str(runs), *flags]
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode != 0:
            return None, res.stderr.strip()
        with open(report) as f:
            return json.load(f), ""


def agreement(actual, reference):
    a, r = np.load(actual), np.load(reference)
    rel = float(np.abs(a - r).max() / max(np.abs(r).max(), 1e-30))
    axis = 1  # classes: per image, or per pixel for segmentation
    same = bool((a.argmax(axis=axis) == r.argmax(axis=axis)).all())
    return rel, same


def kib(n):
    return f"{n / 1024:.0f}"


def main():
    ap = zoo_arguments(__doc__, MODELS)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    lines = ["## Below the lower bound: patch by patch (bench/patch_plan.py)", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}. "
             "fp32, batch 1. *Layer by layer* is today's plan of the whole network "
             "(`mini-run`, in-place reuse); each other row is `mini-run --max-mac-overhead=F` "
             "(`--mini-fuse-patches`: segments, patch grids (RxC), groups of a sink's "
             "channels (1x1xK) and splits of inner tensors (/S) chosen by their planned peaks "
             "and MACs; *unconstrained* is F = 1000), run and checked: planned bytes (checked by the planner's checker), "
             "the heap peak of the tracking allocator, MACs against the layer-by-layer "
             "network's, the largest output difference from the layer-by-layer run relative to "
             "its largest magnitude, the top-1 class (per pixel for segmentation), compile "
             "time (the search included) and the median of "
             f"{args.runs} timed runs. KiB are 1024 bytes. msf-CNN (NeurIPS 2025) reports, "
             "for MobileNet-V2 0.35 at 144 against its own layer-by-layer peak, 2.7x at 1.10x "
             "the MACs, 8.5x at 1.30x and 21x unconstrained.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models:
            model = export_zoo.export(name, args.zoo)
            inp = os.path.join(args.zoo, name + ".input.npy")
            base_out = os.path.join(tmp, name + ".base.npy")
            base, err = mini_run(args.build, model, inp, base_out, [], args.runs)
            if base is None:
                sys.exit(f"patch_plan: {name} layer by layer failed: {err}")
            lines += [f"### {name}", "",
                      "| MAC limit | planned KiB | below layer by layer | heap peak KiB | MACs "
                      "| segments | output rel. diff | same top-1 | compile s | latency ms |",
                      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
                      f"| layer by layer | {kib(base['planned_bytes'])} | 1.00x | "
                      f"{kib(base['heap_peak_bytes'])} | 1.000x | 0 | 0 | yes | "
                      f"{base['compile_ms'] / 1000:.1f} | {base['bench']['median_ms']:.1f} |"]
            limits = [(f"{limit:.2f}", limit) for limit in LIMITS]
            if name in UNCONSTRAINED:
                limits.append(("unconstrained", 1000))
            for label, limit in limits:
                out = os.path.join(tmp, f"{name}.{limit}.npy")
                run, err = mini_run(args.build, model, inp, out,
                                    [f"--max-mac-overhead={limit}"], args.runs)
                if run is None:
                    lines.append(f"| {label} | failed: {err.splitlines()[-1]} |")
                    continue
                fusion = run.get("patch_fusion", {"macs": 1, "base_macs": 1, "segments": 0})
                rel, same = agreement(out, base_out)
                lines.append(
                    f"| {label} | {kib(run['planned_bytes'])} | "
                    f"{base['planned_bytes'] / run['planned_bytes']:.2f}x | "
                    f"{kib(run['heap_peak_bytes'])} | "
                    f"{fusion['macs'] / max(fusion['base_macs'], 1):.3f}x | "
                    f"{fusion['segments']} | {rel:.1e} | {'yes' if same else 'NO'} | "
                    f"{run['compile_ms'] / 1000:.1f} | {run['bench']['median_ms']:.1f} |")
                print(lines[-1], file=sys.stderr)
            lines.append("")

        if "mobilenet_v2" in args.models:
            model = export_zoo.onnx_path("mobilenet_v2", args.zoo)
            inp = os.path.join(args.zoo, "mobilenet_v2.input.npy")
            out = os.path.join(tmp, "budget.npy")
            run, err = mini_run(args.build, model, inp, out, [f"--memory-budget={BUDGET}"],
                                args.runs)
            lines += ["### Memory budgets (mobilenet_v2)", ""]
            if run is None:
                lines.append(f"`--memory-budget={BUDGET}` failed: {err}")
            else:
                fusion = run["patch_fusion"]
                lines.append(
                    f"`--memory-budget={BUDGET}`: planned {run['planned_bytes']} bytes, heap "
                    f"peak {run['heap_peak_bytes']} bytes, for "
                    f"{fusion['macs'] / fusion['base_macs']:.3f}x the MACs "
                    f"({fusion['segments']} segments patch by patch).")
            run, err = mini_run(args.build, model, inp, out,
                                [f"--memory-budget={UNREACHABLE_BUDGET}"], args.runs)
            message = next((line for line in err.splitlines() if "memory-budget" in line), err)
            lines += ["", f"`--memory-budget={UNREACHABLE_BUDGET}`: "
                      + ("planned?!" if run else f"`{message.strip()}`"), ""]
    write_section(args.out, "patch_plan", lines)


if __name__ == "__main__":
    main()
