#!/usr/bin/python3
"""Plans every zoo model with every strategy and writes its section of
docs/benchmarks.md: per model the planned buffers, naive bytes, lower bound,
the bytes of each strategy (without sharing), whether auto is optimal, auto
with in-place reuse (the default), and with memory-aware scheduling
(--mini-schedule-for-memory) before bufferizing, and the planning time of
--plan-memory.

  bench/zoo_plan.py [--build build] [--zoo build/zoo] [--out docs/benchmarks.md]

Models are exported with scripts/export_zoo.py when missing. Every plan is
checked by the pass (its checker runs on every plan) and by scripts/check_plan.py. The time is
the median over 5 runs of the plan-memory pass alone, from --mlir-timing.
"""
import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile

from benchdoc import strategy_names, write_section

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import export_zoo  # noqa: E402

# The zoo's benchmark groups, from their one list (scripts/export_zoo.py).
MODELS = export_zoo.BENCH_GROUPS["cnn"]
NEW_MODELS = export_zoo.BENCH_GROUPS["new"]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def plan(build, mlir_path, strategy, report, in_place=False):
    res = run([os.path.join(build, "bin", "mini-opt"), mlir_path,
               f"--plan-memory=strategy={strategy} report={report} "
               f"in-place={'true' if in_place else 'false'}",
               "--mlir-timing", "--mlir-timing-display=list", "-o", os.devnull])
    m = re.search(r"^\s*([0-9.]+)\s+\(\s*[0-9.]+%\)\s+PlanMemoryPass", res.stderr, re.M)
    if not m:
        sys.exit("zoo_plan: no PlanMemoryPass timing in:\n" + res.stderr)
    run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "check_plan.py"), report])
    with open(report) as f:
        return json.load(f)["functions"][0], float(m.group(1)) * 1000.0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--zoo", default=None)
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    ap.add_argument("--group", choices=["cnn", "new"], default="cnn",
                    help="the original CNN zoo (section zoo_plan) or the models added for "
                         "transformers and newer CNNs (section zoo_plan_new)")
    args = ap.parse_args()
    # The strategies of the planning library's table, in its order.
    strategies = strategy_names(os.path.join(args.build, "bin", "mini-plan"))
    models = MODELS if args.group == "cnn" else NEW_MODELS
    zoo = args.zoo or os.path.join(args.build, "zoo")
    run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "export_zoo.py"), "--out", zoo, *models])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in models:
            bufferized = os.path.join(tmp, name + ".mlir")
            imported = run([os.path.join(args.build, "bin", "mini-translate"),
                            "--import-onnx", "--onnx-elide-weights",
                            os.path.join(zoo, name + ".onnx")]).stdout
            run([os.path.join(args.build, "bin", "mini-opt"), "--mini-bufferize",
                 "-o", bufferized], input=imported)
            scheduled = os.path.join(tmp, name + ".scheduled.mlir")
            run([os.path.join(args.build, "bin", "mini-opt"), "--mini-schedule-for-memory",
                 "--mini-bufferize", "-o", scheduled], input=imported)
            shared_times = []
            for _ in range(5):
                shared, ms = plan(args.build, bufferized, "auto",
                                  os.path.join(tmp, f"{name}.shared.json"), in_place=True)
                shared_times.append(ms)
            sched, _ = plan(args.build, scheduled, "auto",
                            os.path.join(tmp, f"{name}.sched.json"), in_place=True)
            sched_plain, _ = plan(args.build, scheduled, "auto",
                                  os.path.join(tmp, f"{name}.sched-plain.json"))
            figures = {}
            for strategy in strategies:
                times = []
                for _ in range(5):
                    f, ms = plan(args.build, bufferized, strategy,
                                 os.path.join(tmp, f"{name}.{strategy}.json"))
                    times.append(ms)
                figures[strategy] = (f, statistics.median(times))
            auto, auto_ms = figures["auto"]
            n = sum(1 for b in auto["buffers"] if "offset" in b)
            rows.append((name, n, auto["naive_bytes"], auto["lower_bound_bytes"],
                         {s: figures[s][0]["planned_bytes"] for s in strategies},
                         auto["optimal"], auto["chosen_strategy"], figures["best-fit"][1], auto_ms,
                         shared, statistics.median(shared_times), sched, sched_plain))
            print(f"{name}: {n} buffers, auto {auto['planned_bytes']} B, "
                  f"lower bound {auto['lower_bound_bytes']} B", file=sys.stderr)

    def mib(b):
        return f"{b / 1048576:.2f}"

    lines = [
        "## Memory plans of the zoo" + ("" if args.group == "cnn" else
                                          ": transformers and newer CNNs"),
        "",
        "Written by `bench/zoo_plan.py`; every figure below was measured by it on the machine",
        "named at the end. Models: `scripts/export_zoo.py` (torchvision, weights=None, seed 0,",
        "batch 1, fp32, opset 13), imported with `--onnx-elide-weights` and bufferized with",
        "`--mini-bufferize`. Bytes are activation bytes with 64-byte alignment (MiB = 2^20 B).",
        "Every plan passed the pass's checker and `scripts/check_plan.py`.",
        "This first table plans every buffer apart (`in-place=false`); the second one shows what",
        "sharing and scheduling add.",
        "",
        "| model | buffers | naive MiB | lower bound MiB | " + " | ".join(f"{s} MiB" for s in strategies)
        + " | auto <= every heuristic | auto optimal (chosen) | best-fit ms | auto ms |",
        "| --- | ---: | ---: | ---: | " + " | ".join("---:" for _ in strategies) + " | :---: | :---: | ---: | ---: |",
    ]
    for name, n, naive, lb, planned, optimal, chosen, bf_ms, auto_ms, *_ in rows:
        best_heuristic = min(v for s, v in planned.items() if s != "auto")
        lines.append(f"| {name} | {n} | {mib(naive)} | {mib(lb)} | "
                     + " | ".join(mib(planned[s]) for s in strategies)
                     + f" | {'yes' if planned['auto'] <= best_heuristic else 'NO'} | "
                     f"{'yes' if optimal else 'no'} ({chosen}) | {bf_ms:.2f} | {auto_ms:.2f} |")
    lines += ["", "Exact byte counts: naive / lower bound / " + " / ".join(strategies) + ".", ""]
    for name, n, naive, lb, planned, *_ in rows:
        lines.append(f"- {name}: {naive} / {lb} / " + " / ".join(str(planned[s]) for s in strategies))
    lines += [
        "",
        "### With in-place reuse and memory-aware scheduling",
        "",
        "`auto` with `in-place=true` (the default): elementwise results over dying operands,",
        "concat operands in their slices, padded inputs produced in their padded buffers; the",
        "shared lower bound counts each tree of shared buffers once. Scheduled:",
        "`--mini-schedule-for-memory` before `--mini-bufferize`, then the same plan (and, in the",
        "last column, the plan without sharing, to show what the schedule alone does).",
        "",
        "| model | lower bound MiB | auto MiB | shared lower bound MiB | auto + in-place MiB | "
        "vs lower bound | below lower bound | sharings (in-place / concat / padded) | "
        "auto + in-place + scheduling MiB | scheduling alone MiB | auto + in-place ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: |",
    ]
    for name, n, naive, lb, planned, optimal, chosen, bf_ms, auto_ms, shared, shared_ms, \
            sched, sched_plain in rows:
        kinds = [b.get("sharing") for b in shared["buffers"]]
        counts = " / ".join(str(kinds.count(k)) for k in ["in-place", "concat-slice", "padded-slice"])
        lines.append(f"| {name} | {mib(lb)} | {mib(planned['auto'])} | "
                     f"{mib(shared['shared_lower_bound_bytes'])} | {mib(shared['planned_bytes'])} | "
                     f"{100.0 * shared['planned_bytes'] / lb:.1f}% | "
                     f"{'yes' if shared['planned_bytes'] < lb else 'NO'} | {counts} | "
                     f"{mib(sched['planned_bytes'])} | {mib(sched_plain['planned_bytes'])} | "
                     f"{shared_ms:.2f} |")
    lines += ["", "Exact bytes: lower bound / auto + in-place / auto + in-place + scheduling / "
              "scheduling alone.", ""]
    for name, n, naive, lb, planned, optimal, chosen, bf_ms, auto_ms, shared, shared_ms, \
            sched, sched_plain in rows:
        lines.append(f"- {name}: {lb} / {shared['planned_bytes']} / {sched['planned_bytes']} / "
                     f"{sched_plain['planned_bytes']}")
    lines += ["", f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
              f"{platform.system()} {platform.release()}; planning time is the median of 5 runs "
              "of the `--plan-memory` pass (from `--mlir-timing`), parse and print excluded.", ""]
    write_section(args.out, "zoo_plan" if args.group == "cnn" else "zoo_plan_new", lines)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
