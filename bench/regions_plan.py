#!/usr/bin/python3
"""Plans IR with loops, branches, blocks, parallel loops and bounded dynamic sizes, runs it
planned and unplanned, and writes the `regions_plan` section of docs/benchmarks.md:

- the upstream-tiled programs of test/Transforms/Execution/Inputs/tiled.mlir (matmul and conv
  with ReLU, tiled by the transform dialect with remainder tiles, bufferized by upstream
  one-shot-bufferize, planned with dealloc-pools=false before --buffer-deallocation-pipeline);
- random memref programs (scripts/random_memref_programs.py), heap and stack, many more seeds
  than the lit test runs;
- the bounded-size transformers: tiny_bert_seq and tiny_gpt_seq of scripts/export_zoo.py (a
  dynamic sequence length) imported with `--onnx-dim-bound=seq=128`, planned once by `--mini-bufferize
  --plan-memory`, and run by one mini-run at every length of export_zoo.SEQ_LENGTHS.

For each: allocs planned out of all allocs, naive / lower bound / planned bytes (sums over the
functions), and whether the planned and unplanned runs printed the same values.

  bench/regions_plan.py [--seeds 0:2000] [--build build] [--out docs/benchmarks.md]
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdoc import write_section  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LLVM = "/usr/lib/llvm-22"
RUNNER_LIBS = ",".join(f"{LLVM}/lib/{lib}.so"
                       for lib in ["libmlir_runner_utils", "libmlir_c_runner_utils"])


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, capture_output=True, text=True, **kw).stdout


def run_and_print(opt, mlir, prefix=""):
    out = sh(f"{prefix}{opt} {mlir} --mini-lower-to-llvm | {LLVM}/bin/mlir-runner -e main "
             f"-entry-point-result=void -shared-libs={RUNNER_LIBS}")
    return [line for line in out.splitlines() if not line.startswith("Unranked")]


def plan_and_check(opt, mlir, options, after=""):
    """Plans `mlir` (then runs `after`), checks the report with scripts/check_plan.py and
    returns the report's functions and the planned module's path."""
    report, planned = mlir + ".json", mlir + ".planned.mlir"
    sh(f"{opt} {mlir} --plan-memory='{options} report={report}' {after} -o {planned} "
       "2>/dev/null")
    sh(f"/usr/bin/python3 {ROOT}/scripts/check_plan.py {report}")
    with open(report) as f:
        return json.load(f)["functions"], planned


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    ap.add_argument("--seeds", default="0:2000")
    args = ap.parse_args()
    opt = os.path.join(args.build, "bin", "mini-opt")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        inputs = os.path.join(ROOT, "test", "Transforms", "Execution", "Inputs")
        tiled = os.path.join(tmp, "tiled.mlir")
        sh(f"{LLVM}/bin/mlir-opt {inputs}/tiled.mlir --transform-preload-library="
           f"transform-library-paths={inputs}/tiled-schedule.mlir --transform-interpreter "
           "--canonicalize --one-shot-bufferize=bufferize-function-boundaries --canonicalize "
           f"-o {tiled}")
        functions, planned = plan_and_check(opt, tiled, "dealloc-pools=false",
                                            "--buffer-deallocation-pipeline")
        same = run_and_print(opt, planned) == run_and_print(
            opt, "", prefix=f"{opt} {tiled} --buffer-deallocation-pipeline | ")
        for fn in functions:
            if fn["name"] in ("mm_relu", "conv_relu"):
                rows.append((f"upstream-tiled @{fn['name']}", figures_of([fn]), same))
        for stack in (False, True):
            gen = os.path.join(tmp, "random.mlir")
            flags = "--allocas --sel 3" if stack else ""
            sh(f"/usr/bin/python3 {ROOT}/scripts/random_memref_programs.py --seeds {args.seeds} "
               f"{flags} > {gen}")
            functions, planned = plan_and_check(
                opt, gen, f"allocas={'true' if stack else 'false'}")
            same = run_and_print(opt, planned) == run_and_print(opt, gen)
            functions = [fn for fn in functions if fn["name"] != "main"]
            first, last = args.seeds.split(":")
            rows.append((f"random programs, seeds {first}-{int(last) - 1}"
                         f"{' (allocas=true)' if stack else ''}", figures_of(functions), same))
        for model in ("tiny_bert_seq", "tiny_gpt_seq"):
            rows.append(bounded_transformer(args.build, tmp, model))
    lines = ["## Plans of loops, branches, blocks and bounded sizes", "",
             "Written by `bench/regions_plan.py`. Allocs planned out of all allocs of the planned",
             "functions (the rest: results returned, carried across iterations); bytes are sums",
             "over the functions and their alloc scopes, 64-byte alignment. Every plan passed",
             "`scripts/check_plan.py`; \"same output\" compares the printed results of the planned",
             "and the unplanned runs (mlir-runner; for the transformer, mini-run's outputs at every",
             "length, bit for bit).", "",
             "| program | allocs planned | naive B | lower bound B | planned B | same output |",
             "| --- | ---: | ---: | ---: | ---: | :---: |"]
    for name, fig, same in rows:
        lines.append(f"| {name} | {fig['planned']} / {fig['allocs']} | {fig['naive']} | "
                     f"{fig['lower']} | {fig['bytes']} | {'yes' if same else 'NO'} |")
    lines += ["", f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
              f"{platform.system()} {platform.release()}.", ""]
    write_section(args.out, "regions_plan", lines)
    print("\n".join(lines))
    return 0 if all(same for _, _, same in rows) else 1


def bounded_transformer(build, tmp, model="tiny_bert_seq", bound=128):
    """The row of the bounded-size transformer: its plan's figures, and whether the planned and
    unplanned runs at every length gave the same bytes."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import export_zoo
    zoo = os.path.join(build, "zoo")
    os.makedirs(zoo, exist_ok=True)
    onnx = export_zoo.export(model, zoo)
    tools = os.path.join(build, "bin")
    mlir = os.path.join(tmp, model + ".mlir")
    sh(f"{tools}/mini-translate --import-onnx --onnx-dim-bound=seq={bound} {onnx} -o {mlir}")
    bufferized = os.path.join(tmp, model + ".bufferized.mlir")
    sh(f"{tools}/mini-opt {mlir} --mini-bufferize -o {bufferized}")
    functions, _ = plan_and_check(os.path.join(tools, "mini-opt"), bufferized, "")
    lengths = export_zoo.SEQ_LENGTHS
    outputs = {}
    for flag in ("", "--no-plan"):
        args = " ".join(f"--input {zoo}/{model}.input.{n}.npy --output {tmp}/out{flag}.{n}.npy"
                        for n in lengths)
        sh(f"{tools}/mini-run {mlir} {flag} {args}")
        outputs[flag] = [open(f"{tmp}/out{flag}.{n}.npy", "rb").read() for n in lengths]
    same = outputs[""] == outputs["--no-plan"]
    name = (f"{model}, seq <= {bound}, run at " + ", ".join(str(n) for n in lengths))
    return name, figures_of(functions), same


def figures_of(functions):
    buffers = [b for f in functions for b in f["buffers"]]
    return {"allocs": len(buffers), "planned": sum(1 for b in buffers if "pool" in b),
            "naive": sum(f["naive_bytes"] for f in functions),
            "lower": sum(f["lower_bound_bytes"] for f in functions),
            "bytes": sum(f["planned_bytes"] for f in functions)}


if __name__ == "__main__":
    sys.exit(main())
