#!/usr/bin/python3
"""Two memories per zoo model (the 17 of the cnn and new groups), measured by planning and by running the compiled object; writes the
section memories_plan of docs/benchmarks.md.

For each model, in one run of this script: --plan-memory with memories=sram:CAPACITY,dram for a
fast capacity of 256 KiB and 1 MiB (after --mini-bufferize, with in-place reuse, each plan checked by
the pass's checker): the bytes in each memory, the share of the accessed bytes (each op touching a
buffer reads or writes it once, whole) in the fast memory, and the one-memory plan for reference;
then mini-compile --plan-options=memories=sram:262144,dram, examples/deploy/run_model.c built
against the object with cc and run on the zoo input: its output must be mini-run's byte for byte.

  bench/memories_plan.py [--build build] [--zoo build/zoo] [--out docs/benchmarks.md]
                         [--models NAME ...]
"""
import os
import platform
import re
import subprocess
import sys
import tempfile

from benchdoc import write_section, zoo_arguments

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import export_zoo  # noqa: E402

CAPACITIES = (256 * 1024, 1024 * 1024)


def run(cmd, **kwargs):
    res = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if res.returncode != 0:
        sys.exit(f"memories_plan: {' '.join(cmd)} failed:\n{res.stderr}")
    return res


def memories(build, memref, options):
    """The mini.memories figures (or the one-memory plan's planned bytes) of planning `memref`."""
    out = run([os.path.join(build, "bin", "mini-opt"), memref,
               f"--plan-memory={options}"]).stdout
    found = re.search(r"mini\.memories = \[(.*?)\]", out)
    if not found:
        return int(re.search(r"planned_bytes = (\d+)", out).group(1))
    return [{k: int(v) for k, v in re.findall(r"(\w+) = (\d+)", item)} for item in
            re.findall(r"\{([^}]*)\}", found.group(1))]


def compiled_matches(build, onnx, zoo, name, tmp):
    """Whether the object compiled with two memories gives mini-run's output, byte for byte."""
    header, obj = os.path.join(tmp, "model.h"), os.path.join(tmp, "model.o")
    run([os.path.join(build, "bin", "mini-compile"), onnx, "-o", obj, "--header", header,
         "--prefix", "model", "--plan-options=memories=sram:262144,dram"])
    exe = os.path.join(tmp, "run")
    run(["cc", "-std=c11", "-O2", "-I" + tmp, os.path.join(ROOT, "examples", "deploy",
                                                           "run_model.c"), obj, "-lm", "-o", exe])
    x = os.path.join(zoo, name + ".input.npy")
    run([exe, x, os.path.join(tmp, "out.npy")])
    run([os.path.join(build, "bin", "mini-run"), onnx, "--input", x, "--output",
         os.path.join(tmp, "ref.npy")])
    return open(os.path.join(tmp, "out.npy"), "rb").read() == \
        open(os.path.join(tmp, "ref.npy"), "rb").read()


def main():
    ap = zoo_arguments(__doc__, [*export_zoo.BENCH_GROUPS["cnn"], *export_zoo.BENCH_GROUPS["new"]])
    args = ap.parse_args()
    kib = lambda n: f"{n / 1024:,.0f}"  # noqa: E731
    rows = []
    for name in args.models:
        onnx = export_zoo.export(name, args.zoo)
        with tempfile.TemporaryDirectory() as tmp:
            mini = os.path.join(tmp, "model.mlir")
            memref = os.path.join(tmp, "model.memref.mlir")
            run([os.path.join(args.build, "bin", "mini-translate"), "--import-onnx",
                 "--onnx-elide-weights", onnx, "-o", mini])
            run([os.path.join(args.build, "bin", "mini-opt"), mini, "--mini-bufferize", "-o",
                 memref])
            one = memories(args.build, memref, "")
            cells = []
            for capacity in CAPACITIES:
                fast, slow = memories(args.build, memref, f"memories=sram:{capacity},dram")
                accessed = fast["accessed_bytes"] + slow["accessed_bytes"]
                share = fast["accessed_bytes"] / accessed if accessed else 0.0
                cells.append(f"{kib(fast['bytes'])} + {kib(slow['bytes'])} | {100 * share:.1f}%")
            same = compiled_matches(args.build, onnx, args.zoo, name, tmp)
        rows.append(f"| {name} | {kib(one)} | {' | '.join(cells)} | {'yes' if same else 'NO'} |")
        print(rows[-1], file=sys.stderr)
    lines = ["## Two memories (bench/memories_plan.py)", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}. "
             "Batch 1, fp32, in-place reuse on. --plan-memory memories=sram:C,dram: the "
             "function's buffers by accessed bytes per byte into sram while its plan fits C, "
             "the rest in dram (mini/Planning/MemoryAssignment.h; greedy, not optimal); both "
             "memories' plans pass the pass's checker. KiB: sram + dram; accessed: the share of "
             "the accessed bytes (each op touching a buffer touches it whole) in sram. "
             "Compiled: mini-compile with the 256 KiB sram, examples/deploy/run_model.c built "
             "with cc, output = mini-run's byte for byte.", "",
             "| model | one memory (KiB) | 256 KiB sram: sram + dram | accessed in sram "
             "| 1 MiB sram: sram + dram | accessed in sram | compiled = mini-run |",
             "|---|---|---|---|---|---|---|", *rows]
    write_section(args.out, "memories_plan", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
