#!/usr/bin/python3
"""Independent checker of a --plan-memory JSON report (shares no code with
the C++ planner or its checker).

For every function it checks that each planned buffer's offset and size are
multiples of the alignment and fit in its pool, that no two buffers live at
one step (ranges are inclusive) overlap in the same pool, and that
naive_bytes, lower_bound_bytes and planned_bytes are what the buffers and
pools say. With --expect FILE (JSON: {"function": {"lower_bound_bytes": N,
"buffers": [[start, end, size], ...]}}) it also compares against figures
computed by whoever generated the input. Exit status 1 on the first error.

  check_plan.py report.json [--expect expected.json] [--max-over-lower-bound PCT]
"""
import argparse
import json
import sys


def fail(message):
    print("check_plan: " + message, file=sys.stderr)
    sys.exit(1)


def align(n, a):
    return (n + a - 1) // a * a


def check_function(f, expect, max_over):
    name, a = f["name"], f["alignment"]
    planned = [b for b in f["buffers"] if "offset" in b]
    for b in f["buffers"]:
        if "offset" not in b and "reason" not in b:
            fail(f"@{name}: buffer {b['name']} has neither a placement nor a reason")
    pools = f["pools"]
    for p in pools:
        if p % a:
            fail(f"@{name}: pool size {p} is not a multiple of {a}")
    if sum(pools) != f["planned_bytes"]:
        fail(f"@{name}: planned_bytes {f['planned_bytes']} != sum of pools {sum(pools)}")
    for b in planned:
        if b["offset"] % a or b["size"] % a:
            fail(f"@{name}: buffer {b['name']} offset/size not aligned to {a}")
        if b["pool"] >= len(pools) or b["offset"] + b["size"] > pools[b["pool"]]:
            fail(f"@{name}: buffer {b['name']} does not fit its pool")
        if b["start"] > b["end"]:
            fail(f"@{name}: buffer {b['name']} ends before it starts")
    # Pairwise overlap check over a sweep of steps.
    events = sorted(planned, key=lambda b: b["start"])
    active = []
    for b in events:
        active = [o for o in active if o["end"] >= b["start"]]
        for o in active:
            if (o["pool"] == b["pool"] and b["size"] and o["size"]
                    and o["offset"] < b["offset"] + b["size"]
                    and b["offset"] < o["offset"] + o["size"]):
                fail(f"@{name}: buffers {o['name']} and {b['name']} are live together "
                     f"and overlap in pool {b['pool']}")
        active.append(b)
    naive = sum(b["size"] for b in planned)
    if naive != f["naive_bytes"]:
        fail(f"@{name}: naive_bytes {f['naive_bytes']} != {naive}")
    steps = sorted({b["start"] for b in planned})
    bound = max([sum(b["size"] for b in planned if b["start"] <= s <= b["end"])
                 for s in steps] or [0])
    if bound != f["lower_bound_bytes"]:
        fail(f"@{name}: lower_bound_bytes {f['lower_bound_bytes']} != {bound}")
    if f["planned_bytes"] < bound:
        fail(f"@{name}: planned_bytes below the lower bound")
    if max_over is not None and bound and \
            (f["planned_bytes"] - bound) * 100.0 / bound > max_over:
        fail(f"@{name}: planned_bytes {f['planned_bytes']} is more than {max_over}% "
             f"above the lower bound {bound}")
    if expect is not None:
        if expect["lower_bound_bytes"] != f["lower_bound_bytes"]:
            fail(f"@{name}: lower bound {f['lower_bound_bytes']} != expected "
                 f"{expect['lower_bound_bytes']}")
        got = [[b["start"], b["end"], b["size"]] for b in planned]
        if got != expect["buffers"]:
            fail(f"@{name}: live ranges or sizes differ from the expected ones")
    return len(planned), bound


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report")
    parser.add_argument("--expect")
    parser.add_argument("--max-over-lower-bound", type=float)
    args = parser.parse_args()
    with open(args.report) as f:
        report = json.load(f)
    expected = {}
    if args.expect:
        with open(args.expect) as f:
            expected = json.load(f)
    if not report.get("functions"):
        fail("the report has no functions")
    for f in report["functions"]:
        if args.expect and f["name"] not in expected:
            fail(f"@{f['name']}: no expectation")
        n, bound = check_function(f, expected.get(f["name"]) if args.expect else None,
                                  args.max_over_lower_bound)
        print(f"check_plan: @{f['name']}: {n} buffers, lower bound {bound} B, "
              f"planned {f['planned_bytes']} B: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
