#!/usr/bin/python3
"""Reads text on stdin; prints "under N lines" if it has fewer than N lines, else its line count."""
import sys

limit = int(sys.argv[1])
n = len(sys.stdin.read().splitlines())
print(f"under {limit} lines" if n < limit else f"{n} lines, not under {limit}")
