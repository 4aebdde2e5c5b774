#!/usr/bin/python3
"""Memory-aware scheduling on irregularly wired networks, measured by planning and running; writes
the section schedule_plan of docs/benchmarks.md.

For each network of the zoo's group "irregular" (scripts/export_zoo.py: DARTS, NASNet-A and
RandWire-WS at CIFAR and ImageNet sizes), in one run of this script:
  - mini-opt runs --mini-schedule-for-memory where --mini-bufferize runs it (linalg on tensors,
    after elementwise fusion) with --plan-memory's in-place reuse off (the figures of the issue's
    study, which plans with in-place=false) and its defaults otherwise: the model's peak and the
    planned bytes of the program's order, the greedy order and the search's, how the search ended
    (exact or beam, proven or not, its states) and the pass's wall time (mlir-timing: it includes
    planning the three candidates);
  - mini-run runs the network in the program's order (--schedule-for-memory=false) and scheduled
    (its default), both
    with --plan-options=in-place=false and again with in-place reuse: lower bound and planned bytes
    of each (checked by the planner's checker), outputs against PyTorch's (largest difference over
    the largest magnitude), and the scheduled program planned against unplanned (--no-plan), bit
    for bit.

  bench/schedule_plan.py [--build build] [--zoo build/zoo] [--out docs/benchmarks.md]
                         [--models NAME ...]
"""
import json
import os
import platform
import re
import subprocess
import sys
import tempfile

import numpy as np

from benchdoc import write_section, zoo_arguments

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import export_zoo  # noqa: E402

PIPELINE = ("builtin.module(convert-mini-to-linalg,func.func(mini-fuse-elementwise,"
            "mini-schedule-for-memory{in-place=false}))")


def run(cmd):
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"schedule_plan: {' '.join(cmd)} failed:\n{res.stderr}")
    return res


def schedule_figures(build, mlir, tmp):
    """The mini.schedule attribute of the entry and the pass's wall time in seconds."""
    out = os.path.join(tmp, "scheduled.mlir")
    res = run([os.path.join(build, "bin", "mini-opt"), mlir, f"--pass-pipeline={PIPELINE}",
               "--mlir-timing", "-o", out])
    seconds = sum(float(m.group(1)) for m in
                  re.finditer(r"^\s*([0-9.]+) \([ 0-9.]+%\)\s+ScheduleForMemoryPass", res.stderr,
                              re.M))
    attr = re.search(r"mini\.schedule = \{([^}]*)\}", open(out).read()).group(1)
    figures = {}
    for key, value in re.findall(r"(\w+) = (\"[^\"]*\"|\w+)", attr):
        figures[key] = value.strip('"') if value.startswith('"') else (
            value == "true" if value in ("true", "false") else int(value))
    return figures, seconds


def mini_run(build, onnx, name, flags, tmp):
    """Runs the network on its zoo input; returns (the JSON report, the output array)."""
    report, output = os.path.join(tmp, name + ".json"), os.path.join(tmp, name + ".npy")
    zoo = os.path.dirname(onnx)
    base = os.path.basename(onnx)[:-len(".onnx")]
    run([os.path.join(build, "bin", "mini-run"), onnx, "--input",
         os.path.join(zoo, base + ".input.npy"), "--output", output, "--json", report, *flags])
    return json.load(open(report)), np.load(output)


def main():
    ap = zoo_arguments(__doc__, export_zoo.BENCH_GROUPS["irregular"])
    args = ap.parse_args()
    kib = lambda n: f"{n / 1024:.0f}"  # noqa: E731
    rows = []
    for name in args.models:
        onnx = export_zoo.export(name, args.zoo)
        expected = np.load(os.path.join(args.zoo, name + ".expected.npy"))
        with tempfile.TemporaryDirectory() as tmp:
            mlir = os.path.join(tmp, name + ".mlir")
            run([os.path.join(args.build, "bin", "mini-translate"), "--import-onnx", onnx,
                 "-o", mlir])
            sched, seconds = schedule_figures(args.build, mlir, tmp)
            off, keep = ["--plan-options=in-place=false"], ["--schedule-for-memory=false"]
            program, _ = mini_run(args.build, onnx, "program", off + keep, tmp)
            scheduled, out = mini_run(args.build, onnx, "scheduled", off, tmp)
            program_ip, _ = mini_run(args.build, onnx, "program_ip", keep, tmp)
            scheduled_ip, out_ip = mini_run(args.build, onnx, "scheduled_ip", [], tmp)
            _, unplanned = mini_run(args.build, onnx, "unplanned", ["--no-plan"], tmp)
            _, unscheduled = mini_run(args.build, onnx, "unscheduled", ["--no-plan"] + keep, tmp)
        err = float(np.abs(out - expected).max() / np.abs(expected).max())
        for report in (program, scheduled, program_ip, scheduled_ip):
            assert report["heap_peak_bytes"] == report["planned_bytes"], name
        best_unscheduled = min(sched["planned_bytes_program"], sched["planned_bytes_greedy"])
        gain = 1 - scheduled["planned_bytes"] / best_unscheduled
        rows.append(
            f"| {name} | {kib(program['lower_bound_bytes'])} / {kib(program['planned_bytes'])} "
            f"| {kib(sched['planned_bytes_greedy'])} "
            f"| {kib(sched['planned_bytes_search'])} ({sched['search']}"
            f"{', proven' if sched['proven'] else ''}, {sched['states']:,} states) "
            f"| {sched['chosen']} | {kib(scheduled['lower_bound_bytes'])} / "
            f"{kib(scheduled['planned_bytes'])} | {100 * gain:.1f}% | {seconds:.2f} "
            f"| {kib(program_ip['planned_bytes'])} -> {kib(scheduled_ip['planned_bytes'])} "
            f"| {err:.1e} | {'yes' if np.array_equal(out, unplanned) else 'NO'} "
            f"| {'yes' if np.array_equal(out, unscheduled) else 'no'} "
            f"| {'yes' if np.array_equal(out_ip, out) else 'no'} |")
        print(rows[-1], file=sys.stderr)
    lines = ["## Memory-aware scheduling on irregular networks (bench/schedule_plan.py)", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}. "
             "Batch 1, fp32. Networks from scripts/export_zoo.py's group irregular (scaled-down "
             "DARTS_V2, NASNet-A and RandWire-WS N=32 K=4 P=0.75, graph seeds 0-2; see "
             "scripts/irregular_nets.py), in PyTorch's execution order. Bytes in KiB, planned "
             "with in-place reuse off (in-place=false) except in the in-place column. "
             "'program' is the exported order; 'greedy' the greedy list schedule; 'search' "
             "SERENITY's dynamic program over executed sets (exact, proven optimal in the "
             "model when it closes) or, past 2^20 states, a beam of 256 sets per step; each "
             "candidate is planned by --plan-memory and the fewest planned bytes kept. Gain: "
             "the scheduled plan below the best of the program's and the greedy order's. Time: "
             "the pass's wall time, planning of the three candidates included. Error: largest "
             "difference to PyTorch over its largest magnitude, scheduled and planned. "
             "Bit-identical: scheduled planned = scheduled unplanned; then scheduled = the "
             "program's order unplanned, and with in-place reuse = without.", "",
             "| network | program: lower bound / plan | greedy: plan | search: plan | chosen "
             "| scheduled: lower bound / plan | gain | time (s) | in-place: program -> scheduled "
             "| error | bit-identical | = program order | = with in-place |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|", *rows]
    write_section(args.out, "schedule_plan", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
