#!/usr/bin/python3
"""Checks mini-run's heap figures (--json) of a planned and an unplanned run of one model.

  check_run_stats.py PLANNED.json UNPLANNED.json [--min-ratio R] [--baseline-planned]

Passes when the planned run's heap peak equals its plan's planned_bytes, nothing is left allocated
after either run, and (with --min-ratio) the unplanned peak is at least R times the planned one.
With --baseline-planned the second run is planned too (layer by layer, against a run patch by
patch), and its heap peak must equal its plan as well.
Prints one line and exits 1 on failure.
"""
import argparse
import json
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("planned")
    parser.add_argument("unplanned")
    parser.add_argument("--min-ratio", type=float, default=None)
    parser.add_argument("--baseline-planned", action="store_true")
    args = parser.parse_args()
    with open(args.planned) as f:
        planned = json.load(f)
    with open(args.unplanned) as f:
        unplanned = json.load(f)
    problems = []
    if not planned["planned"] or unplanned["planned"] != args.baseline_planned:
        problems.append("expected one planned and one " +
                        ("planned" if args.baseline_planned else "unplanned") + " run")
    for name, run in (("planned", planned), ("baseline", unplanned)):
        if run["planned"] and run["heap_peak_bytes"] != run["planned_bytes"]:
            problems.append(f"{name} heap peak {run['heap_peak_bytes']} != planned_bytes "
                            f"{run['planned_bytes']}")
    for name, run in (("planned", planned), ("unplanned", unplanned)):
        if run["heap_bytes_at_exit"] != 0:
            problems.append(f"{name} run leaked {run['heap_bytes_at_exit']} bytes")
    ratio = unplanned["heap_peak_bytes"] / max(planned["heap_peak_bytes"], 1)
    if args.min_ratio is not None and ratio < args.min_ratio:
        problems.append(f"unplanned/planned peak ratio {ratio:.2f} < {args.min_ratio}")
    print(f"stats: planned peak {planned['heap_peak_bytes']} B = planned_bytes in "
          f"{planned['heap_allocations']} allocation(s); unplanned peak {unplanned['heap_peak_bytes']} B "
          f"in {unplanned['heap_allocations']} allocations ({ratio:.2f}x); no leak: "
          + ("OK" if not problems else "FAIL: " + "; ".join(problems)))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
