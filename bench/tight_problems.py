#!/usr/bin/python3
"""Generates planning problems with a known optimum, in MiniMalloc's CSV format.

  bench/tight_problems.py --buffers N --seed S [--capacity C] [--steps T] > problem.csv

A capacity x time rectangle is cut recursively (guillotine cuts, along time or memory at a random
point, largest piece first) into N rectangles; each becomes a buffer live on its time span whose
size is its height. The pieces tile the rectangle, so every step has exactly C live bytes: the
lower bound is C, and the cut itself is a plan of C bytes, so the optimum is C.
"""
import argparse
import heapq
import random
import sys


def generate(buffers, seed, capacity, steps):
    rng = random.Random(seed)
    # Max-heap by area of (t0, t1, m0, m1) pieces.
    heap = [(-capacity * steps, 0, steps, 0, capacity)]
    while len(heap) < buffers:
        area, t0, t1, m0, m1 = heapq.heappop(heap)
        can_time, can_mem = t1 - t0 > 1, m1 - m0 > 1
        if not can_time and not can_mem:
            heapq.heappush(heap, (area, t0, t1, m0, m1))
            break
        by_time = can_time and (not can_mem or rng.random() < 0.5)
        if by_time:
            cut = rng.randint(t0 + 1, t1 - 1)
            parts = [(t0, cut, m0, m1), (cut, t1, m0, m1)]
        else:
            cut = rng.randint(m0 + 1, m1 - 1)
            parts = [(t0, t1, m0, cut), (t0, t1, cut, m1)]
        for p in parts:
            heapq.heappush(heap, (-(p[1] - p[0]) * (p[3] - p[2]), *p))
    rows = sorted((t0, t1, m1 - m0, m0) for _, t0, t1, m0, m1 in heap)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--buffers", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--capacity", type=int, default=4096)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--with-offsets", action="store_true", help="add the cut's own offsets (a known plan)")
    args = ap.parse_args()
    rows = generate(args.buffers, args.seed, args.capacity, args.steps)
    print("id,lower,upper,size" + (",offset" if args.with_offsets else ""))
    for i, (t0, t1, size, m0) in enumerate(rows):
        print(f"b{i},{t0},{t1},{size}" + (f",{m0}" if args.with_offsets else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
