#!/usr/bin/python3
"""Independent checker of a mini-plan solution CSV (id,lower,upper,size,offset): no two buffers
live at one step ([lower, upper)) overlap in memory. Prints the peak (max offset + size)."""
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1])))
bufs = [(r["id"], int(r["lower"]), int(r["upper"]), int(r["size"]), int(r["offset"])) for r in rows]
for i, a in enumerate(bufs):
    for b in bufs[i + 1:]:
        if a[1] < b[2] and b[1] < a[2] and a[4] < b[4] + b[3] and b[4] < a[4] + a[3]:
            sys.exit(f"check_solution: {a[0]} and {b[0]} overlap")
print(f"check_solution: {len(bufs)} buffers, peak {max((b[4] + b[3] for b in bufs), default=0)}: OK")
