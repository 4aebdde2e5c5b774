#!/usr/bin/python3
"""mini-plan and Google's MiniMalloc side by side, in one run, on MiniMalloc's own challenging
benchmark (benchmarks/challenging/A..K of github.com/google/minimalloc, 154 to 454 buffers), and
writes its section of docs/benchmarks.md.

  bench/minimalloc_plan.py --minimalloc BIN --problems DIR [--build build] [--out docs/benchmarks.md]
                           [--capacity 1048576] [--timeout-s 10] [--only A,B]

Both run one thread on this machine, one after the other, per problem:
1. Decision at --capacity: MiniMalloc `--capacity=C --timeout=10s` (its own "Elapsed time"), and
   mini-plan in its default mode (minimizing, `--time-limit-ms 10000 --trace`), timed to the first
   plan within C (the trace's time), which includes the heuristics that run before the search.
2. The smallest capacity each finds: MiniMalloc bisects the capacity between the lower bound and C
   with a 10 s probe each (its solver answers one capacity at a time; its own --minimize_capacity
   shares one timeout across probes and calls a timeout infeasible); mini-plan minimizes once with
   the same total time MiniMalloc used. For each: the smallest feasible capacity found, and whether
   it is proven optimal (mini-plan's "optimal yes"; MiniMalloc's bisection proves it when the
   capacity just below was refuted as infeasible, not timed out).
Every mini-plan solution is re-checked by test/Tools/Inputs/check_solution.py; every MiniMalloc
solution by the same script.

MiniMalloc's code stays out of this repository: --minimalloc is its command-line binary, built from
a checkout of its source by bench/build_minimalloc.sh (into the benchmark's work folder, by default
build/minimalloc; the script says what it needs when the source or abseil is missing), and
--problems the checkout's benchmarks/challenging folder.
"""
import argparse
import glob
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

from benchdoc import mini_plan, write_section

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECK = os.path.join(ROOT, "test", "Tools", "Inputs", "check_solution.py")


def lower_bound(path):
    events = []
    for line in open(path).read().split("\n")[1:]:
        if not line.strip():
            continue
        _, lo, up, size = line.split(",")[:4]
        events += [(int(lo), int(size)), (int(up), -int(size))]
    live = peak = 0
    for _, d in sorted(events, key=lambda e: (e[0], e[1])):
        live += d
        peak = max(peak, live)
    return peak


def check(path):
    res = subprocess.run([sys.executable, CHECK, path], capture_output=True, text=True)
    m = re.search(r"peak (\d+): OK", res.stdout)
    if not m:
        sys.exit(f"minimalloc_plan: {path} fails the check: {res.stdout}{res.stderr}")
    return int(m.group(1))


def minimalloc(binary, problem, capacity, timeout_s, out):
    if os.path.exists(out):
        os.remove(out)
    start = time.monotonic()
    res = subprocess.run([binary, f"--capacity={capacity}", f"--input={problem}", f"--output={out}",
                          f"--timeout={timeout_s}s"], capture_output=True, text=True)
    wall = time.monotonic() - start
    m = re.search(r"Elapsed time\s+([0-9.]+)s", res.stderr + res.stdout)
    seconds = float(m.group(1)) if m else wall
    if res.returncode == 0 and os.path.exists(out):
        return "feasible", seconds, check(out)
    text = (res.stderr + res.stdout).lower()
    if "deadline" in text or "timeout" in text or "timed out" in text or seconds >= timeout_s * 0.99:
        return "timeout", seconds, None
    return "infeasible", seconds, None


def miniplan(build, problem, time_limit_ms, target, out):
    res = subprocess.run([os.path.join(build, "bin", "mini-plan"), problem, "--time-limit-ms", str(time_limit_ms),
                          "--trace", "-o", out, "--json", "-"], capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"minimalloc_plan: mini-plan failed on {problem}: {res.stderr}")
    first = None
    for m in re.finditer(r"trace: ([0-9.]+) ms, (\d+) bytes", res.stderr):
        if first is None and int(m.group(2)) <= target:
            first = float(m.group(1)) / 1000
    figures = json.loads(res.stdout)
    peak, total, optimal = figures["planned_bytes"], figures["planning_ms"] / 1000, figures["optimal"]
    if check(out) != peak:
        sys.exit(f"minimalloc_plan: mini-plan's summary and solution disagree on {problem}")
    return first, peak, optimal, total


def miniplan_decide(build, problem, capacity, time_limit_ms, out):
    """mini-plan told the capacity (`--capacity`): its own time to a plan, or None."""
    figures, _ = mini_plan(os.path.join(build, "bin", "mini-plan"),
                           [problem, "--capacity", str(capacity), "--time-limit-ms",
                            str(time_limit_ms), "-o", out], check=False)
    if figures is None:
        return None
    if check(out) != figures["planned_bytes"]:
        sys.exit(f"minimalloc_plan: mini-plan's summary and solution disagree on {problem}")
    return figures["planning_ms"] / 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minimalloc", help="a MiniMalloc command-line binary")
    ap.add_argument("--problems", help="MiniMalloc's benchmarks/challenging folder")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    ap.add_argument("--capacity", type=int, default=1048576)
    ap.add_argument("--timeout-s", type=int, default=10)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    if not args.minimalloc or not os.access(args.minimalloc, os.X_OK) or not args.problems or \
            not glob.glob(os.path.join(args.problems, "*.csv")):
        sys.exit("minimalloc_plan: needs --minimalloc, a MiniMalloc command-line binary (build it from "
                 "a checkout of github.com/google/minimalloc with bench/build_minimalloc.sh CHECKOUT), "
                 "and --problems, the checkout's benchmarks/challenging folder")
    problems = sorted(glob.glob(os.path.join(args.problems, "*.csv")))
    if args.only:
        problems = [p for p in problems if os.path.basename(p).split(".")[0] in args.only.split(",")]
    work = tempfile.mkdtemp(prefix="minimalloc_plan.")
    rows = []
    for problem in problems:
        name = os.path.basename(problem).split(".")[0]
        n = sum(1 for line in open(problem) if line.strip()) - 1
        lb = lower_bound(problem)
        mm_out = os.path.join(work, name + ".mm.csv")
        mp_out = os.path.join(work, name + ".mp.csv")
        # 1. Decision at the capacity.
        mm_status, mm_s, mm_peak = minimalloc(args.minimalloc, problem, args.capacity, args.timeout_s, mm_out)
        mp_first, mp_peak, mp_opt, mp_total = miniplan(args.build, problem, args.timeout_s * 1000, args.capacity,
                                                       mp_out)
        # 2. Smallest capacity: MiniMalloc's bisection, 10 s per probe.
        lo, hi = lb, None
        best = mm_peak if mm_status == "feasible" else None
        hi = args.capacity if best is not None else None
        spent = mm_s
        proven = False
        if best is not None:
            hi = best - 1
            while lo <= hi:
                mid = (lo + hi) // 2
                status, seconds, peak = minimalloc(args.minimalloc, problem, mid, args.timeout_s, mm_out)
                spent += seconds
                if status == "feasible":
                    best = min(best, peak)
                    hi = peak - 1
                else:
                    lo = mid + 1
                    if status == "infeasible" and mid == best - 1:
                        proven = True
            proven = proven or best == lb
        budget_ms = max(int(spent * 1000), args.timeout_s * 1000)
        _, mp_min, mp_min_opt, mp_min_s = miniplan(args.build, problem, budget_ms, args.capacity, mp_out)
        rows.append((name, n, lb, mm_status, mm_s, mp_first, mp_peak, best, proven, spent, mp_min, mp_min_opt,
                     mp_min_s))
        print(f"{name}: {n} buffers, lower bound {lb}; at {args.capacity}: MiniMalloc {mm_status} in {mm_s:.2f} s, "
              f"mini-plan first plan within it at {mp_first} s; smallest: MiniMalloc {best} "
              f"({'proven' if proven else 'not proven'}, {spent:.1f} s), mini-plan {mp_min} "
              f"({'proven' if mp_min_opt else 'not proven'}, {mp_min_s:.1f} s)", file=sys.stderr)

    within = sum(1 for r in rows if r[5] is not None)
    faster = sum(1 for r in rows if r[5] is not None and r[3] == "feasible" and r[5] < r[4])
    at_or_below = sum(1 for r in rows if r[7] is not None and r[10] <= r[7])
    lines = [
        f"MiniMalloc's challenging benchmark (github.com/google/minimalloc, benchmarks/challenging), both "
        f"solvers one after the other in one run of `bench/minimalloc_plan.py` on this machine "
        f"({platform.machine()}, {os.cpu_count()} cores), one thread each.",
        "",
        f"Decision at {args.capacity} bytes: MiniMalloc `--capacity={args.capacity} --timeout={args.timeout_s}s` "
        f"(its own elapsed time) against `mini-plan` in its default mode (minimizing, "
        f"`--time-limit-ms {args.timeout_s * 1000}`), timed to its first plan within {args.capacity} bytes "
        f"(heuristics included). Smallest capacity: MiniMalloc bisecting the capacity with {args.timeout_s} s "
        f"probes, against one `mini-plan` run given the total time MiniMalloc's probes took. Every "
        f"solution of both passed `test/Tools/Inputs/check_solution.py`.",
        "",
        "| problem | buffers | lower bound | MiniMalloc at C (s) | mini-plan first plan within C (s) "
        "| MiniMalloc smallest (proven, s) | mini-plan smallest (proven, s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (name, n, lb, mm_status, mm_s, mp_first, mp_peak, best, proven, spent, mp_min, mp_min_opt,
         mp_min_s) in rows:
        mm_cell = f"{mm_s:.2f}" if mm_status == "feasible" else f"{mm_status} ({mm_s:.1f})"
        mp_cell = f"{mp_first:.3f}" if mp_first is not None else "none"
        lines.append(f"| {name} | {n} | {lb} | {mm_cell} | {mp_cell} | {best} ({'yes' if proven else 'no'}, "
                     f"{spent:.1f}) | {mp_min} ({'yes' if mp_min_opt else 'no'}, {mp_min_s:.1f}) |")
    slower = [r[0] for r in rows if r[5] is not None and r[3] == "feasible" and r[5] >= r[4]]
    lines += ["", f"mini-plan finds a plan within {args.capacity} bytes on {within} of {len(rows)}, faster than "
              f"MiniMalloc on {faster}; its smallest capacity is at or below MiniMalloc's on {at_or_below} of "
              f"{len(rows)}."]
    if slower:
        told = []
        for r in rows:
            if r[0] in slower:
                problem = next(p for p in problems if os.path.basename(p).split(".")[0] == r[0])
                t = miniplan_decide(args.build, problem, args.capacity, args.timeout_s * 1000,
                                    os.path.join(work, r[0] + ".decide.csv"))
                told.append(f"{r[0]} in {t:.3f} s against MiniMalloc's {r[4]:.2f} s" if t is not None
                            else f"{r[0]} not within {args.timeout_s} s")
        lines += ["", f"Slower to a plan within {args.capacity} bytes: {', '.join(slower)}. MiniMalloc is told the "
                  f"capacity; mini-plan's default mode is not, and minimizes: each round spends as many nodes "
                  f"trying to prove the lower bound (which these problems cannot reach) as descending from its best "
                  f"plan, and the cost of deciding a capacity varies by orders of magnitude from one capacity to a "
                  f"nearby one. Told the capacity (`mini-plan --capacity {args.capacity}`, same run), mini-plan "
                  f"decides {'; '.join(told)}."]
    write_section(args.out, "minimalloc_plan", ["## MiniMalloc's challenging problems, side by side", ""] + lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
