"""Shared by the bench/ scripts: each owns one section of docs/benchmarks.md, between
<!-- BEGIN name --> and <!-- END name --> markers, and rewrites only that section."""
import os

HEADER = ["# Benchmarks", "",
          "Each section below is written by the script it names, from figures it measured on the",
          "machine it names; rerun the script to refresh its section.", ""]


def write_section(path, name, lines):
    begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
    text = open(path).read() if os.path.exists(path) else "\n".join(HEADER) + "\n"
    block = "\n".join([begin, *lines, end])
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
