"""What run_int8.py and run_fp16.py share: running a tool, their arguments, and their last checks
(the planned run's heap figures, the plan against the fp32 zoo model's)."""
import argparse
import json
import os
import subprocess
import sys


def run(cmd, who):
    """Runs `cmd`; on failure prints "`who`: FAIL", the command and its stderr, and exits 1."""
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        print(f"{who}: FAIL: " + " ".join(cmd) + "\n" + res.stderr)
        sys.exit(1)
    return res


def arguments():
    """The arguments both take (MODEL ZOO_DIR SRC_ROOT OUT_DIR); the caller adds its own."""
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("zoo")
    ap.add_argument("src")
    ap.add_argument("out")
    return ap


def check_stats_and_plan(args, base, label, who):
    """Prints scripts/check_run_stats.py's verdict on BASE.planned.json and BASE.unplanned.json
    (heap peak = plan, nothing leaked), then runs the fp32 zoo model and prints "`label` plan P
    bytes, fp32 plan Q bytes: Q/Px smaller", P from BASE.planned.json."""
    report = base + ".planned.json"
    stats = run([sys.executable, os.path.join(args.src, "scripts", "check_run_stats.py"),
                 report, base + ".unplanned.json"], who)
    print(stats.stdout.strip())
    fp32 = os.path.join(args.out, args.model + ".fp32.json")
    run(["mini-run", os.path.join(args.zoo, args.model + ".onnx"), "--input",
         os.path.join(args.zoo, args.model + ".input.npy"), "--output",
         os.path.join(args.out, "fp32.npy"), "--json", fp32], who)
    planned = json.load(open(report))["planned_bytes"]
    planned32 = json.load(open(fp32))["planned_bytes"]
    print(f"{label} plan {planned} bytes, fp32 plan {planned32} bytes: "
          f"{planned32 / planned:.2f}x smaller")
