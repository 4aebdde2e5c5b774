#!/usr/bin/python3
"""Planning at scale: a synthetic problem of 100,000 buffers, planned with best-fit by the planning
library alone (mini-plan, which times the planMemory call) and by --plan-memory on IR (a function of
100,000 memref.alloc, store and load ops), and writes its section of docs/benchmarks.md.

  bench/scale_plan.py [--build build] [--out docs/benchmarks.md] [--buffers 100000] [--runs 3]

Buffer i is allocated at its own step and dies after a random one of the next 12 buffers is
allocated (sizes drawn from 1 B to 4 KiB), as in test/Transforms/Inputs/gen_upstream_allocs.py.
Times are medians of --runs runs. A second table runs `auto` under --time-limit-ms 1000 and 10000 on
--limit-buffers problems (default 100,000, 300,000 and 1,000,000 buffers).
"""
import argparse
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time

from benchdoc import mini_plan, write_section

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def generate(n, seed):
    rng = random.Random(seed)
    sizes = [rng.choice([1, 7, 64, 100, 256, 1000, 4096]) for _ in range(n)]
    last = [min(n - 1, i + rng.randint(0, 12)) for i in range(n)]
    dies_after = {}
    for i, j in enumerate(last):
        dies_after.setdefault(j, []).append(i)
    csv = ["id,lower,upper,size"]
    mlir = ["func.func @scale(%v: i8, %i: index) -> i8 {", "  %acc0 = arith.constant 0 : i8"]
    step, acc, start = 1, 0, {}
    for i in range(n):
        mlir.append(f"  %b{i} = memref.alloc() : memref<{sizes[i]}xi8>")
        mlir.append(f"  memref.store %v, %b{i}[%i] : memref<{sizes[i]}xi8>")
        start[i] = step
        step += 2
        for k in dies_after.get(i, []):
            mlir.append(f"  %l{k} = memref.load %b{k}[%i] : memref<{sizes[k]}xi8>")
            csv.append(f"b{k},{start[k]},{step + 1},{sizes[k]}")
            mlir.append(f"  %acc{acc + 1} = arith.addi %acc{acc}, %l{k} : i8")
            acc += 1
            step += 2
    mlir += [f"  return %acc{acc} : i8", "}"]
    return "\n".join(csv) + "\n", "\n".join(mlir) + "\n"


def time_limits(args):
    """`auto` under --time-limit-ms on up to a million buffers (the generator above, its CSV only):
    the planMemory call's time against the limit. The first heuristic (first-fit-by-start, no
    interference graph) always runs to the end; everything after it stops at the limit."""
    rows = ["### Time limits (`auto`)", "",
            "`mini-plan --time-limit-ms L` on the same kind of problem, n buffers; time of the `planMemory` call "
            "(one run each), and the strategy whose plan was kept.", "",
            "| buffers | limit (ms) | planning (ms) | over the limit | peak (B) | lower bound (B) | kept |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.limit_buffers:
            csv, _ = generate(n, 2)
            path = os.path.join(tmp, f"scale{n}.csv")
            open(path, "w").write(csv)
            for limit in (1000, 10000):
                figures, _ = mini_plan(os.path.join(args.build, "bin", "mini-plan"),
                                       [path, "--time-limit-ms", str(limit), "-o", os.devnull])
                ms = figures["planning_ms"]
                rows.append(f"| {n} | {limit} | {ms:.0f} | {max(0.0, ms / limit - 1) * 100:.0f}% | "
                            f"{figures['planned_bytes']} | {figures['lower_bound_bytes']} | "
                            f"{figures['chosen_strategy']} |")
                print(rows[-1], file=sys.stderr)
    return rows + [""]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    ap.add_argument("--buffers", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--limit-buffers", type=int, nargs="*", default=[100000, 300000, 1000000],
                    help="problem sizes of the time-limit table")
    args = ap.parse_args()
    csv, mlir = generate(args.buffers, 1)
    lib_ms, pass_ms, total_ms = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, mlir_path = os.path.join(tmp, "scale.csv"), os.path.join(tmp, "scale.mlir")
        open(csv_path, "w").write(csv)
        open(mlir_path, "w").write(mlir)
        for _ in range(args.runs):
            figures, res = mini_plan(os.path.join(args.build, "bin", "mini-plan"),
                                     [csv_path, "--strategy", "best-fit", "-o", os.devnull])
            lib_ms.append(figures["planning_ms"])
            lib_line = res.stderr.strip()
            start = time.perf_counter()
            res = subprocess.run([os.path.join(args.build, "bin", "mini-opt"), mlir_path,
                                  "--plan-memory=strategy=best-fit", "--mlir-timing",
                                  "--mlir-timing-display=list", "-o", os.devnull],
                                 capture_output=True, text=True, check=True)
            total_ms.append((time.perf_counter() - start) * 1000.0)
            pass_ms.append(1000.0 * float(re.search(r"^\s*([0-9.]+)\s+\(\s*[0-9.]+%\)\s+PlanMemoryPass",
                                                    res.stderr, re.M).group(1)))
    print(lib_line, file=sys.stderr)
    limits = time_limits(args)
    lines = ["## Planning at scale", "",
             f"Written by `bench/scale_plan.py`: {args.buffers} buffers, best-fit, median of {args.runs} runs.", "",
             "| what | time (ms) |", "| --- | ---: |",
             f"| planning library alone (`mini-plan`, the `planMemory` call) | {statistics.median(lib_ms):.1f} |",
             f"| `--plan-memory` pass on the IR (liveness, planning, checker, rewrite) | {statistics.median(pass_ms):.1f} |",
             f"| whole `mini-opt` run (parse, pass, print) | {statistics.median(total_ms):.1f} |",
             "", f"mini-plan: {lib_line}", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores.", ""] + limits
    write_section(args.out, "scale_plan", lines)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
