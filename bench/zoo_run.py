#!/usr/bin/python3
"""Runs the zoo with mini-run and PyTorch and writes two sections of docs/benchmarks.md:

- runtime memory: for every zoo model, the heap figures of mini-run's tracking allocator for the
  planned run, the unplanned run that frees at return (one allocation per activation, the
  baseline) and the unplanned run that frees after last use (upstream buffer deallocation), with
  the output's agreement with PyTorch's;
- latency: for LeNet-5, ResNet-18, ResNet-50 and MobileNet-V2, `mini-run --bench` against PyTorch
  on the same model, weights and input, one thread each: `model(x)` after
  `torch.set_num_threads(1)`, and the oneDNN path (`torch.utils.mkldnn.to_mkldnn`).

  bench/zoo_run.py [--build build] [--zoo build/zoo] [--out docs/benchmarks.md] [--runs 10]
                   [--group cnn|new|all] [--opset 13|17]

At an opset other than 13 (--opset 17) only the memory section is measured, planned against
per-tensor (no latency), into a section of its own (zoo_run_memory_opset17).

Models, inputs and PyTorch's reference outputs come from scripts/export_zoo.py. Timed phases run
one at a time; the median of --runs runs after warm-up is reported.
"""
import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

# One thread for PyTorch's BLAS too: OpenBLAS reads this when it loads, before torch does.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.utils.mkldnn  # noqa: E402

from benchdoc import write_section

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import export_zoo  # noqa: E402

# The zoo's benchmark groups, from their one list (scripts/export_zoo.py).
MODELS = export_zoo.BENCH_GROUPS["cnn"]
NEW_MODELS = export_zoo.BENCH_GROUPS["new"]
LATENCY_MODELS = ["lenet5", "resnet18", "resnet50", "mobilenet_v2"]


def torch_blas():
    """The BLAS library PyTorch runs on, read from this process's mappings after a matmul.
    Debian's PyTorch links libblas.so.3, which is the reference BLAS unless the
    libopenblas0-pthread package (scripts/setup.sh installs it) makes it OpenBLAS."""
    torch.ones(8, 8) @ torch.ones(8, 8)
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    real = {os.path.realpath(lib) for lib in libs}
    if any("openblas" in lib for lib in real):
        return "OpenBLAS (" + ", ".join(sorted(os.path.basename(lib) for lib in real)) + \
            f", OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']})"
    return "the reference BLAS (" + ", ".join(sorted(os.path.basename(lib) for lib in real)) + ")"


def mini_run(build, zoo, name, out_json, *flags, opset=13):
    cmd = [os.path.join(build, "bin", "mini-run"), export_zoo.onnx_path(name, zoo, opset),
           "--input", os.path.join(zoo, name + ".input.npy"), "--json", out_json, *flags]
    # os.wait4 gives the run's ru_maxrss (KiB on Linux), the fallback for the peak below.
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, cmd, stderr=stderr)
    with open(out_json) as f:
        stats = json.load(f)
    # mini-run's own peak (VmHWM): ru_maxrss survives exec, so a child of this
    # process (PyTorch loaded) would report at least this process's size.
    stats["max_rss_bytes"] = stats.get("peak_rss_bytes", usage.ru_maxrss * 1024)
    return stats


def rel_error(actual_path, expected_path):
    a, e = np.load(actual_path), np.load(expected_path)
    return float(np.abs(a - e).max() / np.abs(e).max()), int(a.argmax()) == int(e.argmax())


def time_torch(fn, x, runs):
    with torch.no_grad():
        for _ in range(2):
            fn(x)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            fn(x)
            times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--zoo", default=os.path.join(ROOT, "build", "zoo"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--models", nargs="*", default=None)
    ap.add_argument("--group", choices=["cnn", "new", "all"], default="cnn",
                    help="the original CNN zoo (sections zoo_run_*) or the models added for "
                         "transformers and newer CNNs (sections zoo_run_*_new, latency of all), "
                         "or both (with --opset)")
    ap.add_argument("--only", choices=["memory", "latency"], help="measure and write one section")
    ap.add_argument("--opset", type=int, choices=export_zoo.OPSETS, default=13,
                    help="the ONNX opset of the models; other than 13, memory only, planned "
                         "against per tensor, in section zoo_run_memory_opsetN")
    args = ap.parse_args()
    if args.models is None:
        args.models = {"cnn": MODELS, "new": NEW_MODELS, "all": MODELS + NEW_MODELS}[args.group]
    latency_models = LATENCY_MODELS if args.group == "cnn" else NEW_MODELS
    suffix = {"cnn": "", "new": "_new", "all": ""}[args.group]
    modes = (("planned", []), ("at-return", ["--no-plan"]),
             ("last-use", ["--no-plan", "--free-after-last-use"]))
    if args.opset != 13:
        args.only, suffix, modes = "memory", f"_opset{args.opset}", modes[:2]
    torch.set_num_threads(1)

    memory_rows, latency_rows = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models if args.only != "latency" else []:
            export_zoo.export(name, args.zoo, args.opset)
            expected = os.path.join(args.zoo, name + ".expected.npy")
            runs = {}
            for mode, flags in modes:
                out = os.path.join(tmp, f"{name}.{mode}.npy")
                runs[mode] = mini_run(args.build, args.zoo, name, os.path.join(tmp, f"{name}.{mode}.json"),
                                      "--output", out, *flags, opset=args.opset)
                runs[mode]["npy"] = out
            identical = all(open(runs[m]["npy"], "rb").read() == open(runs["planned"]["npy"], "rb").read()
                            for m in runs)
            err, top1 = rel_error(runs["planned"]["npy"], expected)
            memory_rows.append((name, runs, identical, err, top1))
            print(f"{name}: planned peak {runs['planned']['heap_peak_bytes']} B, unplanned "
                  f"{runs['at-return']['heap_peak_bytes']} B, rel err {err:.1e}", file=sys.stderr)

        for name in [m for m in latency_models if m in args.models and args.only != "memory"]:
            export_zoo.export(name, args.zoo)
            bench = mini_run(args.build, args.zoo, name, os.path.join(tmp, f"{name}.bench.json"),
                             "--bench", str(args.runs))["bench"]
            ctor, _ = export_zoo.ZOO[name]
            torch.manual_seed(0)
            model = ctor().eval()
            x = torch.from_numpy(np.load(os.path.join(args.zoo, name + ".input.npy")))
            eager = time_torch(model, x, args.runs)
            try:
                mk = torch.utils.mkldnn.to_mkldnn(model)
                onednn = time_torch(lambda t: mk(t.to_mkldnn()).to_dense(), x, args.runs)
                onednn_note = ""
            except Exception as e:  # some modules have no mkldnn kernel
                onednn, onednn_note = None, f"{type(e).__name__}: {str(e).splitlines()[0][:60]}"
            latency_rows.append((name, bench["median_ms"], bench["min_ms"], bench["max_ms"], eager,
                                 onednn, onednn_note, bench))
            print(f"{name}: mini-run {bench['median_ms']:.2f} ms, torch {eager:.2f} ms, "
                  f"onednn {onednn}", file=sys.stderr)

    machine = (f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
               f"PyTorch {torch.__version__}")
    mib = lambda b: f"{b / 1048576:.2f}"
    title = {"": "", "_new": ": transformers and newer CNNs"}.get(
        suffix, f": every model at opset {args.opset}")
    lines = ["## Runtime memory of the zoo (mini-run --stats)" + title, "",
             "Written by `bench/zoo_run.py`. Heap bytes requested by the compiled model from mini-run's",
             "tracking allocator (every `memref.alloc` of the lowered code goes through it), on one run.",
             "*planned*: `--plan-memory` (best-fit); *per tensor, freed at return*: `--no-plan`, one",
             "allocation per activation, the baseline; *freed after last use*: `--no-plan",
             "--free-after-last-use` (upstream buffer deallocation). Weights are static data and not",
             "counted; the input and output buffers belong to mini-run. Nothing was left allocated after",
             "any run. *vs PyTorch*: max |mini-run - PyTorch| / max |PyTorch| on the seeded input.", "",
             "*JIT compile*: mini-run's compile time of the planned run (import excluded); *peak RSS*:",
             "the planned mini-run process's peak resident memory (import, compile and run; its VmHWM).", "",
             "| model | planned_bytes | planned peak (allocs) | per tensor, freed at return: peak (allocs) | ratio | freed after last use: peak | outputs identical | vs PyTorch | same top-1 | JIT compile (s) | peak RSS (MiB) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | :---: | ---: | :---: | ---: | ---: |"]
    for name, runs, identical, err, top1 in memory_rows:
        p, r = runs["planned"], runs["at-return"]
        last_use = runs["last-use"]["heap_peak_bytes"] if "last-use" in runs else "not run"
        lines.append(f"| {name} | {p['planned_bytes']} | {p['heap_peak_bytes']} ({p['heap_allocations']}) | "
                     f"{r['heap_peak_bytes']} ({r['heap_allocations']}) | "
                     f"{r['heap_peak_bytes'] / p['heap_peak_bytes']:.1f}x | {last_use} | "
                     f"{'yes' if identical else 'NO'} | {err:.1e} | {'yes' if top1 else 'NO'} | "
                     f"{p['compile_ms'] / 1000:.1f} | {p['max_rss_bytes'] / 1048576:.0f} |")
    lines += ["", f"Machine: {machine}.", ""]
    if memory_rows:
        write_section(args.out, "zoo_run_memory" + suffix, lines)

    if latency_rows:
        lines = ["## Latency against PyTorch (one thread)"
                 + ("" if args.group == "cnn" else ": transformers and newer CNNs"), "",
                 f"PyTorch is Debian's build; its BLAS in this run: {torch_blas()}.", "",
                 "Written by `bench/zoo_run.py`: median of "
                 f"{args.runs} runs after warm-up, in ms, batch 1, fp32, one thread each. mini-run: planned,",
                 "`--mini-lower-to-llvm` (tiling and vectorization), JIT at -O3 for the host CPU. PyTorch:",
                 "`model(x)` after `torch.set_num_threads(1)`, and through oneDNN",
                 "(`torch.utils.mkldnn.to_mkldnn(model)`, input converted with `to_mkldnn`, output with",
                 "`to_dense`, both inside the timing). Ratio = mini-run / PyTorch (below 1: mini-run faster).", "",
                 "| model | mini-run median (min-max) | PyTorch model(x) | ratio | PyTorch oneDNN | ratio |",
                 "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for name, med, lo, hi, eager, onednn, note, _ in latency_rows:
            one = f"{onednn:.3f} | {med / onednn:.2f}" if onednn else f"n/a ({note}) | -"
            lines.append(f"| {name} | {med:.3f} ({lo:.3f}-{hi:.3f}) | {eager:.3f} | {med / eager:.2f} | {one} |")
        lines += ["", f"Machine: {machine}.", ""]
        write_section(args.out, "zoo_run_latency" + suffix, lines)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
