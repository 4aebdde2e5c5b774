"""Shared by the bench/ scripts: each owns one section of docs/benchmarks.md, between
<!-- BEGIN name --> and <!-- END name --> markers, and rewrites only that section."""
import os

HEADER = ["# Benchmarks", "",
          "Each section below is written by the script it names, from figures it measured on the",
          "machine it names; rerun the script to refresh its section.", ""]


def zoo_arguments(doc, models):
    """The arguments every zoo benchmark takes: --build (the build folder), --zoo (where
    scripts/export_zoo.py writes the models), --out (docs/benchmarks.md) and --models (default
    `models`); the caller adds its own and parses."""
    import argparse
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=doc,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(root, "build"))
    ap.add_argument("--zoo", default=os.path.join(root, "build", "zoo"))
    ap.add_argument("--out", default=os.path.join(root, "docs", "benchmarks.md"))
    ap.add_argument("--models", nargs="*", default=models)
    return ap


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


def strategy_names(mini_plan):
    """The strategies of the planning library's table, in its order, as mini-plan lists them in its
    error for an unknown one (the list is written once, in the library)."""
    import re
    import subprocess
    res = subprocess.run([mini_plan, "-", "--strategy", "?"], input="id,lower,upper,size\n",
                         capture_output=True, text=True)
    m = re.search(r"expected (.*)$", res.stderr.strip())
    return re.split(r", | or ", m.group(1))


def mini_plan(mini_plan_path, args, check=True):
    """Runs mini-plan with `args` (which must send its solution elsewhere than stdout: -o FILE) and
    `--json -`; returns (its figures as a dict, or None when it failed, and the completed process).
    The keys are --plan-memory's report keys (mini/Planning/PlanFigures.h) plus buffers,
    planning_ms, proven_lower_bound_bytes, capacity and feasible."""
    import json
    import subprocess
    res = subprocess.run([mini_plan_path, *args, "--json", "-"], capture_output=True, text=True,
                         check=check)
    return (json.loads(res.stdout) if res.returncode == 0 else None), res
