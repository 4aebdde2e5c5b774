#!/usr/bin/python3
"""Summarizes a --plan-memory JSON report for a person: per function, the figures (naive, lower
bound, planned), the peak step and the largest buffers live there (name, shape, element type,
bytes, op), and where the full report, text map and picture are.

  plan_summary.py REPORT.json [--map MAP.txt] [--svg PLAN.svg] [--top 10]
"""
import argparse
import json
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report")
    ap.add_argument("--map")
    ap.add_argument("--svg")
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()
    with open(args.report) as f:
        report = json.load(f)
    for f in report["functions"]:
        planned = [b for b in f["buffers"] if "offset" in b]
        unplanned = [b for b in f["buffers"] if "offset" not in b]
        print(f"@{f['name']}: {len(planned)} buffers planned ({f['strategy']}, "
              f"alignment {f['alignment']}): naive {f['naive_bytes']} B, "
              f"lower bound {f['lower_bound_bytes']} B, "
              f"{f['shared_buffers']} buffers shared (lower bound "
              f"{f['shared_lower_bound_bytes']} B), planned {f['planned_bytes']} B "
              f"in {len(f['pools'])} pool(s)"
              + (f"; {len(unplanned)} left unplanned" if unplanned else ""))
        if f["peak_step"] < 0:
            continue
        by_name = {b["name"]: b for b in f["buffers"]}
        live = sorted((by_name[n] for n in f["live_at_peak"] if n in by_name),
                      key=lambda b: -b.get("size", 0))
        print(f"  peak at step {f['peak_step']} ({f['peak_op']}), "
              f"{len(live)} buffers live; the largest:")
        for b in live[:args.top]:
            shape = "x".join("?" if d is None else str(d) for d in b["shape"])
            print(f"    {b.get('size', 0):>10} B  {b['name']}  {shape}x{b['element_type']}  "
                  f"({b['op']})")
    print(f"full report: {args.report}"
          + (f", text map: {args.map}" if args.map else "")
          + (f", picture: {args.svg}" if args.svg else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
