#!/usr/bin/python3
"""Independent checker of a --plan-memory JSON report (shares no code with
the C++ planner or its checker).

For every function it checks that each planned buffer's offset and size are
multiples of the alignment and fit in its pool, that no two buffers live at
one step (ranges are inclusive) overlap in the same pool unless one shares
the other's memory (transitively, as declared by `shares`, and placed where
the sharing says), and that naive_bytes, lower_bound_bytes,
shared_lower_bound_bytes and planned_bytes are what the buffers and pools
say (each alloc scope apart: the function's figures are sums over its
`scopes`, and every buffer lies in a pool of its own scope). The printed lower bound and --max-over-lower-bound are the shared one. With --expect FILE (JSON: {"function": {"lower_bound_bytes": N,
"buffers": [[start, end, size], ...]}}) it also compares against figures
computed by whoever generated the input. Exit status 1 on the first error.

  check_plan.py report.json [--expect expected.json] [--max-over-lower-bound PCT]
                [--below-plain-lower-bound]
"""
import argparse
import json
import sys


def fail(message):
    print("check_plan: " + message, file=sys.stderr)
    sys.exit(1)


def align(n, a):
    return (n + a - 1) // a * a


def check_function(f, expect, max_over, below_plain=False):
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
    # Declared sharings: each shared buffer sits in its host's pool, at the
    # host's offset plus the declared one (a padded slice, strided inside its
    # host, at the host's offset), and fits in the host.
    buffers = f["buffers"]
    index = {id(b): i for i, b in enumerate(buffers)}

    def ancestors(b):
        seen = []
        while "shares" in b:
            b = buffers[b["shares"]]
            seen.append(id(b))
            if len(seen) > len(buffers):
                fail(f"@{name}: the sharings form a cycle")
        return seen

    for b in planned:
        if "shares" not in b:
            continue
        h = buffers[b["shares"]]
        if "offset" not in h:
            fail(f"@{name}: buffer {b['name']} shares an unplanned buffer")
        at = h["offset"] + (0 if b["sharing"] == "padded-slice" else b["sharing_offset"])
        if b["pool"] != h["pool"] or b["offset"] != at:
            fail(f"@{name}: buffer {b['name']} is not where its sharing puts it")
        if b["sharing_offset"] + b["size"] > h["size"] and b["sharing"] != "padded-slice" \
                or b["size"] > h["size"]:
            fail(f"@{name}: buffer {b['name']} does not fit in the buffer it shares")
    # Pairwise overlap check over a sweep of steps; only a buffer and one of
    # its hosts (transitively) may overlap.
    events = sorted(planned, key=lambda b: b["start"])
    active = []
    for b in events:
        active = [o for o in active if o["end"] >= b["start"]]
        for o in active:
            if (o["pool"] == b["pool"] and b["size"] and o["size"]
                    and o["offset"] < b["offset"] + b["size"]
                    and b["offset"] < o["offset"] + o["size"]
                    and id(o) not in ancestors(b) and id(b) not in ancestors(o)):
                fail(f"@{name}: buffers {o['name']} and {b['name']} are live together "
                     f"and overlap in pool {b['pool']}")
        active.append(b)
    naive = sum(b["size"] for b in planned)
    if naive != f["naive_bytes"]:
        fail(f"@{name}: naive_bytes {f['naive_bytes']} != {naive}")
    # Each alloc scope is planned on its own: the function's bounds are the
    # sums of its scopes' peaks.
    def peak(items):
        steps = sorted({i[0] for i in items})
        return max([sum(i[2] for i in items if i[0] <= s <= i[1])
                    for s in steps] or [0])

    def scoped_peak(items):
        return sum(peak([i for i in items if i[3] == scope])
                   for scope in {i[3] for i in items})

    for k, scope in enumerate(f.get("scopes", [])):
        size = sum(pools[p] for p in scope["pools"])
        if size != scope["planned_bytes"]:
            fail(f"@{name}: scope {k} planned_bytes {scope['planned_bytes']} != {size}")
        if any(b.get("scope", 0) == k and b["pool"] not in scope["pools"]
               for b in planned):
            fail(f"@{name}: a buffer of scope {k} is in another scope's pool")
    # Several memories: each pool in one memory, each buffer in its pool's,
    # each bounded memory's pools within its capacity.
    memories = f.get("memories")
    if memories is not None:
        owner = {}
        for m in memories:
            for p in m["pools"]:
                if p in owner or p >= len(pools):
                    fail(f"@{name}: pool {p} is in two memories or none")
                owner[p] = m["name"]
            held = sum(pools[p] for p in m["pools"])
            if m["capacity"] is not None and held > m["capacity"]:
                fail(f"@{name}: memory {m['name']} holds {held} B, "
                     f"over its capacity {m['capacity']} B")
        if len(owner) != len(pools):
            fail(f"@{name}: {len(pools) - len(owner)} pool(s) in no memory")
        for b in planned:
            if b.get("memory") != owner.get(b["pool"]):
                fail(f"@{name}: buffer {b['name']} says memory "
                     f"{b.get('memory')}, its pool is in {owner.get(b['pool'])}")
    bound = scoped_peak([(b["start"], b["end"], b["size"], b.get("scope", 0))
                         for b in planned])
    if bound != f["lower_bound_bytes"]:
        fail(f"@{name}: lower_bound_bytes {f['lower_bound_bytes']} != {bound}")
    # With sharings, each tree counts once: its root's size, live from the
    # first start to the last end of its members.
    trees = {}
    for b in planned:
        chain = ancestors(b)
        root = buffers[index[chain[-1]]] if chain else b
        t = trees.setdefault(id(root), [root["start"], root["end"], root["size"],
                                        root.get("scope", 0)])
        t[0], t[1] = min(t[0], b["start"]), max(t[1], b["end"])
    bound = scoped_peak(list(trees.values()))
    if bound != f["shared_lower_bound_bytes"]:
        fail(f"@{name}: shared_lower_bound_bytes {f['shared_lower_bound_bytes']} != {bound}")
    if f["planned_bytes"] < bound:
        fail(f"@{name}: planned_bytes below the lower bound")
    if below_plain and f["planned_bytes"] >= f["lower_bound_bytes"]:
        fail(f"@{name}: planned_bytes {f['planned_bytes']} is not below the plain "
             f"lower bound {f['lower_bound_bytes']}")
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
    parser.add_argument("--below-plain-lower-bound", action="store_true",
                        help="require planned_bytes below lower_bound_bytes "
                             "(sharings beat every plan without them)")
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
                                  args.max_over_lower_bound,
                                  args.below_plain_lower_bound)
        print(f"check_plan: @{f['name']}: {n} buffers, lower bound {bound} B, "
              f"planned {f['planned_bytes']} B: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
