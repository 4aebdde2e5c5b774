#!/usr/bin/python3
"""Writes the memory plans of the zoo and of bench/regions_plan.py's programs, and compares two
such sets: the check that a change to the planner or the pass keeps every plan byte for byte.

  plan_reports.py write DIR [--bin build/bin] [--zoo build/zoo] [--seeds 0:300]
  plan_reports.py compare BEFORE AFTER

`write` plans, into DIR:
- every zoo model at opset 13 found in --zoo (the CNNs and transformers of scripts/export_zoo.py;
  the bounded ones with --onnx-dim-bound=seq=128), imported and bufferized by the tools of --bin,
  with --plan-memory's default options and with in-place=false and each strategy;
- the upstream-tiled programs of test/Transforms/Execution/Inputs/tiled.mlir and the random memref
  programs of scripts/random_memref_programs.py (heap, and allocas=true), as
  bench/regions_plan.py plans them;
each as its JSON report (NAME.json) and its planned IR (NAME.mlir).

`compare` prints one line per file that differs between BEFORE and AFTER (the reports compared
without their one wall-clock figure, planning_us) and a summary; exit 1 if any differs or is
missing.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from benchdoc import strategy_names  # noqa: E402
LLVM = "/usr/lib/llvm-22"
BOUND = "seq=128"


def sh(cmd):
    subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, text=True)


def zoo_models(zoo):
    """The opset-13 zoo models present in `zoo`, in export_zoo's order."""
    import export_zoo
    names = [name for group in export_zoo.GROUPS.values() for name in group]
    return [name for name in names if os.path.exists(os.path.join(zoo, name + ".onnx"))]


def plan(bin_dir, source, out, name, options):
    sh(f"{bin_dir}/mini-opt {source} --plan-memory='{options} report={out}/{name}.json' "
       f"-o {out}/{name}.mlir 2>/dev/null")


def write(args):
    os.makedirs(args.dir, exist_ok=True)
    tmp = os.path.join(args.dir, "inputs")
    os.makedirs(tmp, exist_ok=True)
    for model in zoo_models(args.zoo):
        bound = f"--onnx-dim-bound={BOUND}" if model.endswith("_seq") else ""
        mlir = os.path.join(tmp, model + ".bufferized.mlir")
        sh(f"{args.bin}/mini-translate --import-onnx {bound} {args.zoo}/{model}.onnx | "
           f"{args.bin}/mini-opt --mini-bufferize -o {mlir}")
        plan(args.bin, mlir, args.dir, model, "")
        # Every strategy of the library's table, without in-place reuse.
        for strategy in strategy_names(os.path.join(args.bin, "mini-plan")):
            plan(args.bin, mlir, args.dir, f"{model}.{strategy}",
                 f"strategy={strategy} in-place=false")
        print("planned", model, flush=True)
    inputs = os.path.join(ROOT, "test", "Transforms", "Execution", "Inputs")
    tiled = os.path.join(tmp, "tiled.mlir")
    sh(f"{LLVM}/bin/mlir-opt {inputs}/tiled.mlir --transform-preload-library="
       f"transform-library-paths={inputs}/tiled-schedule.mlir --transform-interpreter "
       f"--canonicalize --one-shot-bufferize=bufferize-function-boundaries --canonicalize -o {tiled}")
    plan(args.bin, tiled, args.dir, "upstream-tiled", "dealloc-pools=false")
    for stack in (False, True):
        gen = os.path.join(tmp, f"random{'-allocas' if stack else ''}.mlir")
        flags = "--allocas --sel 3" if stack else ""
        sh(f"/usr/bin/python3 {ROOT}/scripts/random_memref_programs.py --seeds {args.seeds} "
           f"{flags} > {gen}")
        plan(args.bin, gen, args.dir, os.path.basename(gen)[:-5],
             f"allocas={'true' if stack else 'false'}")
    print("planned the regions programs")
    return 0


def without_timing(path):
    with open(path) as f:
        report = json.load(f)
    for function in report["functions"]:
        function.pop("planning_us", None)
    return report


def compare(args):
    names = sorted(n for n in os.listdir(args.before) if n.endswith((".json", ".mlir")))
    differ = 0
    for name in names:
        a, b = os.path.join(args.before, name), os.path.join(args.after, name)
        if not os.path.exists(b):
            print("missing:", name)
            differ += 1
            continue
        if name.endswith(".json"):
            same = without_timing(a) == without_timing(b)
        else:
            with open(a, "rb") as fa, open(b, "rb") as fb:
                same = fa.read() == fb.read()
        if not same:
            print("differs:", name)
            differ += 1
    print(f"plan_reports: {len(names) - differ} of {len(names)} files identical "
          f"({sum(n.endswith('.json') for n in names)} reports, "
          f"{sum(n.endswith('.mlir') for n in names)} planned programs)")
    return 1 if differ else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write")
    w.add_argument("dir")
    w.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    w.add_argument("--zoo", default=os.path.join(ROOT, "build", "zoo"))
    w.add_argument("--seeds", default="0:300")
    c = sub.add_parser("compare")
    c.add_argument("before")
    c.add_argument("after")
    args = ap.parse_args()
    return write(args) if args.command == "write" else compare(args)


if __name__ == "__main__":
    sys.exit(main())
