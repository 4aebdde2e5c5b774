#!/usr/bin/python3
"""Random planning problems through every strategy and every front end, each plan checked here,
independently of the C++ library.

  random_plans.py --bin DIR --checker scripts/check_plan.py --work DIR [--count 300] [--seed 1]

Per problem (2 to 10 buffers, sizes 0 to 3000 bytes, short ranges over up to 40 steps, or a long-lived
buffer among them): `mini-plan` with every strategy (the list is read from mini-plan's own error for an
unknown strategy, so it is written once, in the library), with alignments 1 and 16, with a capacity at
the lower bound and at the proven optimum, and with a node budget of 1; every solution CSV is checked
for overlaps, alignment and the peak it claims, and "optimal yes" is checked against the optimum found
here by brute force (the lowest-fit placement over every order of up to 7 buffers). Then the same
problems as memref functions, one per problem, through `mini-opt --plan-memory` with every strategy;
every JSON report goes through scripts/check_plan.py. Prints one summary line; exits 1 on any error.
"""
import argparse
import itertools
import os
import random
import re
import subprocess
import sys

errors = []


def error(message):
    errors.append(message)
    print("random_plans: " + message, file=sys.stderr)


def align(n, a):
    return (n + a - 1) // a * a


def generate(rng):
    n = rng.randint(2, 10)
    steps = rng.randint(3, 40)
    buffers = []
    for i in range(n):
        lower = rng.randrange(steps)
        upper = min(steps, lower + rng.randint(1, 12)) if rng.random() < 0.85 else steps
        size = rng.choice([0, 1, 4, 16, 64, 100, 1000, 2579, 3000]) if rng.random() < 0.2 else rng.randint(1, 3000)
        buffers.append((f"b{i}", lower, max(upper, lower + 1), size))
    return buffers


def lower_bound(buffers, a):
    return max((sum(align(s, a) for _, lo, up, s in buffers if lo <= t < up)
                for t in range(max(up for _, _, up, _ in buffers))), default=0)


def lowest_fit(order, buffers, a):
    placed, peak = [], 0
    for i in order:
        _, lo, up, s = buffers[i]
        s = align(s, a)
        if s == 0:
            continue
        busy = sorted((o, o + ps) for (plo, pup, o, ps) in placed if plo < up and lo < pup)
        offset = 0
        for begin, end in busy:
            if begin - offset >= s:
                break
            offset = max(offset, end)
        placed.append((lo, up, offset, s))
        peak = max(peak, offset + s)
    return peak


def optimum(buffers, a):
    if len(buffers) > 7:
        return None
    return min(lowest_fit(order, buffers, a) for order in itertools.permutations(range(len(buffers))))


def check_solution(path, buffers, a, claimed_peak):
    rows = open(path).read().split("\n")
    if rows[0] != "id,lower,upper,size,offset":
        return f"{path}: bad header {rows[0]!r}"
    rows = [r.split(",") for r in rows[1:] if r]
    if len(rows) != len(buffers):
        return f"{path}: {len(rows)} rows for {len(buffers)} buffers"
    placed = []
    for (id_, lo, up, s), row in zip(buffers, rows):
        if row[:4] != [id_, str(lo), str(up), str(s)]:
            return f"{path}: row {row} is not buffer {id_}"
        offset = int(row[4])
        if offset % a:
            return f"{path}: {id_} at {offset} is not aligned to {a}"
        placed.append((id_, lo, up, offset, align(s, a)))
    peak = max((o + s for _, _, _, o, s in placed), default=0)
    if peak != claimed_peak:
        return f"{path}: the summary claims a peak of {claimed_peak}, the rows have {peak}"
    for i, x in enumerate(placed):
        for y in placed[i + 1:]:
            if x[4] and y[4] and x[1] < y[2] and y[1] < x[2] and x[3] < y[3] + y[4] and y[3] < x[3] + x[4]:
                return f"{path}: {x[0]} and {y[0]} are live together and overlap"
    return None


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def strategies(mini_plan, problem):
    res = run([mini_plan, problem, "--strategy", "?"])
    m = re.search(r"expected (.*)$", res.stderr.strip())
    names = re.split(r", | or ", m.group(1))
    if len(names) < 2:
        sys.exit("random_plans: cannot read the strategy list: " + res.stderr)
    return names


def plan_csv(args, buffers, path, names, counts):
    with open(path, "w") as f:
        f.write("id,lower,upper,size\n" + "".join(f"{i},{lo},{up},{s}\n" for i, lo, up, s in buffers))
    best = {}
    for a in (1, 16):
        lb = lower_bound(buffers, a)
        opt = optimum(buffers, a)
        modes = [[]] + [["--strategy", s] for s in names] + [["--search-nodes", "1"], ["--capacity", str(max(lb, 1))]]
        if opt:
            modes.append(["--capacity", str(opt)])
        for mode in modes:
            out = path + ".out.csv"
            res = run([os.path.join(args.bin, "mini-plan"), path, "--alignment", str(a), "-o", out] + mode)
            counts["plans"] += 1
            what = f"{path} {' '.join(mode)} alignment {a}"
            if res.returncode != 0:
                # Only a capacity may be refused, and never one the optimum proves feasible.
                if "--capacity" in mode and "no plan within" in res.stderr and \
                        not (opt is not None and int(mode[-1]) >= opt and "infeasible" in res.stderr):
                    counts["refused"] += 1
                    continue
                error(f"{what}: {res.stderr.strip()}")
                continue
            m = re.search(r"peak (\d+) bytes, .* optimal (yes|no)", res.stderr)
            if not m:
                error(f"{what}: no summary in {res.stderr!r}")
                continue
            peak, optimal = int(m.group(1)), m.group(2) == "yes"
            problem = check_solution(out, buffers, a, peak)
            if problem:
                error(f"{what}: {problem}")
            if peak < lb:
                error(f"{what}: peak {peak} below the lower bound {lb}")
            if opt is not None:
                if peak < opt:
                    error(f"{what}: peak {peak} below the brute-force optimum {opt}")
                if optimal and peak != opt:
                    error(f"{what}: 'optimal yes' at {peak}, but the optimum is {opt}")
            if "--capacity" in mode and peak > int(mode[-1]):
                error(f"{what}: peak {peak} over the capacity")


def mlir_function(name, buffers):
    """One alloc per buffer (at least 1 byte, so that it can be written), written at its first step
    and read at its last, in step order."""
    lines = [f"func.func @{name}(%v: i8, %out: memref<1xi8>) {{", "  %c0 = arith.constant 0 : index"]
    steps = max(up for _, _, up, _ in buffers)
    for t in range(steps):
        for i, (_, lo, up, s) in enumerate(buffers):
            if lo == t:
                lines.append(f"  %b{i} = memref.alloc() : memref<{max(s, 1)}xi8>")
                lines.append(f"  memref.store %v, %b{i}[%c0] : memref<{max(s, 1)}xi8>")
        for i, (_, lo, up, s) in enumerate(buffers):
            if up - 1 == t:
                lines.append(f"  %l{i} = memref.load %b{i}[%c0] : memref<{max(s, 1)}xi8>")
                lines.append(f"  memref.store %l{i}, %out[%c0] : memref<1xi8>")
                lines.append(f"  memref.dealloc %b{i} : memref<{max(s, 1)}xi8>")
    lines += ["  return", "}"]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--checker", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    rng = random.Random(args.seed)
    problems = [generate(rng) for _ in range(args.count)]
    first = os.path.join(args.work, "p0.csv")
    open(first, "w").write("id,lower,upper,size\n")
    names = strategies(os.path.join(args.bin, "mini-plan"), first)
    counts = {"plans": 0, "refused": 0, "reports": 0}
    for k, buffers in enumerate(problems):
        plan_csv(args, buffers, os.path.join(args.work, f"p{k}.csv"), names, counts)

    module = os.path.join(args.work, "problems.mlir")
    with open(module, "w") as f:
        f.write("\n\n".join(mlir_function(f"p{k}", b) for k, b in enumerate(problems)) + "\n")
    for s in names:
        report = os.path.join(args.work, f"report.{s}.json")
        res = run([os.path.join(args.bin, "mini-opt"), module, f"--plan-memory=strategy={s} report={report}",
                   "-o", os.devnull])
        if res.returncode != 0:
            error(f"mini-opt --plan-memory=strategy={s}: {res.stderr.strip()[:2000]}")
            continue
        res = run([sys.executable, args.checker, report])
        counts["reports"] += 1
        if res.returncode != 0:
            error(f"check_plan.py on strategy {s}: {res.stderr.strip()}")
    print(f"random_plans: {len(problems)} problems, {len(names)} strategies, {counts['plans']} mini-plan plans "
          f"({counts['refused']} capacities refused), {counts['reports']} pass reports of {len(problems)} "
          f"functions, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
