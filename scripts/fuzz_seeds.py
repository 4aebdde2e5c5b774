#!/usr/bin/python3
"""Writes the seed corpora of the fuzz targets (tools/fuzzers) into DIR/<target>/, from the
suite's own inputs: the ONNX models the importer tests generate (valid and invalid) and the
bundled LeNet-5; the .npy files of the mini-run tests; the CSV problems of the mini-plan tests;
and seeded random byte strings for the planner. Used by scripts/fuzz.sh and by the suite, which
replays every seed through every target (test/Tools/fuzz-replay.test).

  fuzz_seeds.py DIR
"""
import glob
import os
import random
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    out = sys.argv[1]
    dirs = {t: os.path.join(out, t) for t in
            ("mini-onnx-import-fuzzer", "mini-npy-fuzzer", "mini-csv-fuzzer", "mini-planner-fuzzer")}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
    onnx = dirs["mini-onnx-import-fuzzer"]
    for script in ("make_onnx.py", "make_bad_onnx.py"):
        subprocess.run([sys.executable, os.path.join(ROOT, "test", "Target", "ONNX", "Inputs", script),
                        onnx], check=True)
    shutil.copy(os.path.join(ROOT, "models", "lenet5.onnx"), onnx)
    subprocess.run([sys.executable, os.path.join(ROOT, "test", "Runtime", "Inputs", "make_npy.py"),
                    dirs["mini-npy-fuzzer"]], check=True)
    for csv in glob.glob(os.path.join(ROOT, "test", "Tools", "Inputs", "*.csv")):
        shutil.copy(csv, dirs["mini-csv-fuzzer"])
    rng = random.Random(0)
    for i in range(32):
        with open(os.path.join(dirs["mini-planner-fuzzer"], f"random{i}"), "wb") as f:
            f.write(bytes(rng.randrange(256) for _ in range(1 + 5 * rng.randrange(1, 48))))
    # Findings kept as regression inputs (test/Tools/Inputs/fuzz/<target>/).
    for target, d in dirs.items():
        for kept in glob.glob(os.path.join(ROOT, "test", "Tools", "Inputs", "fuzz", target, "*")):
            shutil.copy(kept, d)
    for target, d in dirs.items():
        print(f"{target}: {len(os.listdir(d))} seeds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
