#!/usr/bin/python3
"""Reads a --plan-memory JSON report on stdin, prints it, then one summary
line per function: naive, lower-bound (plain and with the sharings taken)
and planned bytes."""
import json
import sys


def main():
    text = sys.stdin.read()
    report = json.loads(text)
    sys.stdout.write(text)
    for f in report["functions"]:
        planned = [b for b in f["buffers"] if "offset" in b]
        print(f"@{f['name']}: {len(planned)} buffers planned ({f['strategy']}, "
              f"alignment {f['alignment']}): naive {f['naive_bytes']} B, "
              f"lower bound {f['lower_bound_bytes']} B, "
              f"{f['shared_buffers']} buffers shared (lower bound "
              f"{f['shared_lower_bound_bytes']} B), planned {f['planned_bytes']} B "
              f"in {len(f['pools'])} pool(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
