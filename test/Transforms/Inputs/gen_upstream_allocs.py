#!/usr/bin/python3
"""Writes a function of N memref.alloc buffers of i8 in plain upstream IR
(memref.alloc, memref.store, memref.load, arith) with overlapping live
ranges, and the live ranges and lower bound it was built with.

  gen_upstream_allocs.py OUT.mlir OUT.expected.json [N] [SEED]

Every buffer i is allocated, stored to at once (its live range starts at
the store, its first use), and loaded last at a step
chosen at random a few buffers later; the loads feed a running sum so that
nothing is dead. Step numbering follows --plan-memory's: one step per
top-level op of the body.
"""
import json
import random
import sys


def main():
    out_mlir, out_json = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    sizes = [rng.choice([1, 7, 64, 100, 256, 1000, 4096]) for _ in range(n)]
    # Buffer i dies after buffer last[i] has been allocated.
    last = [min(n - 1, i + rng.randint(0, 12)) for i in range(n)]
    dies_after = {}
    for i, j in enumerate(last):
        dies_after.setdefault(j, []).append(i)

    ops = []          # (text, buffer that starts here, buffers that end here)
    start, end = {}, {}
    step = 0
    lines = ["func.func @upstream(%v: i8, %i: index) -> i8 {",
             "  %acc0 = arith.constant 0 : i8"]
    step += 1          # the constant is step 0
    acc = 0
    for i in range(n):
        lines.append(f"  %b{i} = memref.alloc() : memref<{sizes[i]}xi8>")
        step += 1
        start[i] = step  # live from its first use, the store
        lines.append(f"  memref.store %v, %b{i}[%i] : memref<{sizes[i]}xi8>")
        step += 1
        for k in dies_after.get(i, []):
            lines.append(f"  %l{k} = memref.load %b{k}[%i] : memref<{sizes[k]}xi8>")
            end[k] = step
            step += 1
            lines.append(f"  %acc{acc + 1} = arith.addi %acc{acc}, %l{k} : i8")
            acc += 1
            step += 1
    lines.append(f"  return %acc{acc} : i8")
    lines.append("}")
    with open(out_mlir, "w") as f:
        f.write("\n".join(lines) + "\n")

    alignment = 64
    aligned = [(s + alignment - 1) // alignment * alignment for s in sizes]
    bound = max(sum(aligned[k] for k in range(n) if start[k] <= s <= end[k])
                for s in range(step))
    expected = {"upstream": {"lower_bound_bytes": bound,
                             "buffers": [[start[i], end[i], aligned[i]] for i in range(n)]}}
    with open(out_json, "w") as f:
        json.dump(expected, f)


if __name__ == "__main__":
    main()
