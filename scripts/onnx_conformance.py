#!/usr/bin/python3
"""Runs ONNX's own backend node tests (Debian's libonnx-testdata) through mini-run.

  onnx_conformance.py [--mode shipped|folded|both] [--filter REGEX] [--mini-run PATH]
                      [--timeout S] [--jobs N] [--work DIR]
                      [--markdown PATH] [--json PATH] [--check [--min-pass N]]

Each test is a directory DATA/<test_name>/ (DATA: /usr/include/onnx/backend/test/data/node) holding
model.onnx and test_data_set_0/input_N.pb, output_N.pb (serialized onnx.TensorProto).

A test is first classified: out of scope for inference (skipped, with the reason) when one of its
graph's ops is in OUT_OF_SCOPE (training, strings, randomness, sequences, optionals and control
flow, signal windows and spectra, outputs shaped by data), when its name says "training", or when a
graph input or output is not a tensor of numbers (a sequence, an optional, strings). The others run
in one or both modes:

  shipped  the model as shipped, every graph input given as an .npy file;
  folded   every graph input after the first made an initializer holding the test's data, as
           weights are in real models, and only input_0 given.

`mini-run MODEL --input in0.npy [...] --output out0.npy [...]` runs with a timeout, and the test is
  pass     exit 0 and every output equal to the expected one: the same shape and element type;
           integers and bools exactly; floats within np.allclose(rtol=1e-3, atol=1e-5), NaNs equal
           (ONNX's backend runner uses atol=1e-7; 1e-5 allows f32 kernels that sum in another
           order or use other approximations of exp and tanh near zero);
  wrong    exit 0 but an output missing or different (its max |diff| recorded);
  crash    killed by a signal, an exit code other than 0 and 1, or a stderr that reports an LLVM
           fatal error, a failed assertion, a stack dump or a sanitizer finding;
  hang     timed out;
  refused  exit 1 with an error message (its first "error:" line, names and numbers normalized
           out so that the reasons group).

--markdown writes the page kept as docs/conformance.md (deterministic: no dates nor timings),
--json the per-test results. One summary line per mode is printed; with --check the exit code is
1 when any test is wrong, crashes or hangs, or when fewer than --min-pass tests pass folded.
Tests run on --jobs worker processes (default 2); the results are sorted by test name.
"""
import argparse
import collections
import concurrent.futures
import dataclasses
import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
from onnx import helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA_DIR = "/usr/include/onnx/backend/test/data/node"

# The one table of ops out of scope for inference, by reason.
OUT_OF_SCOPE = {
    "training op": (
        "Adagrad", "Adam", "Momentum", "Gradient", "SoftmaxCrossEntropyLoss",
        "NegativeLogLikelihoodLoss"),
    "string op": (
        "StringNormalizer", "StringConcat", "StringSplit", "RegexFullMatch", "TfIdfVectorizer",
        "LabelEncoder", "CategoryMapper"),
    "random op": (
        "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike", "Bernoulli",
        "Multinomial"),
    "sequence, optional or control-flow op": (
        "SequenceAt", "SequenceConstruct", "SequenceEmpty", "SequenceErase", "SequenceInsert",
        "SequenceLength", "SequenceMap", "SplitToSequence", "ConcatFromSequence", "Optional",
        "OptionalGetElement", "OptionalHasElement", "Loop", "If", "Scan"),
    "signal window or spectral op": (
        "HannWindow", "HammingWindow", "BlackmanWindow", "DFT", "STFT", "MelWeightMatrix"),
    "output shape depends on data": (
        "NonZero", "Unique", "Compress", "NonMaxSuppression", "RoiAlign"),
}
SKIP_REASON_OF_OP = {op: reason for reason, ops in OUT_OF_SCOPE.items() for op in ops}
TRAINING_TEST = re.compile(r"(^|_)training(_|$)")
EXPANDED_TEST = re.compile(r"_expanded(_ver\d+)?$")

MODES = ("shipped", "folded")
STATUSES = ("pass", "wrong", "crash", "hang", "refused", "skipped")
FAILURES = ("wrong", "crash", "hang")
RTOL, ATOL = 1e-3, 1e-5
CRASH_MARKERS = ("LLVM ERROR", "Assertion", "Stack dump", "AddressSanitizer",
                 "PLEASE submit a bug report")
REASON_LENGTH = 160
# Launching a binary that the linker is writing fails with one of these; retried, 3 s apart.
RELINKING_ERRNOS = (errno.ETXTBSY, errno.ENOENT, errno.ENOEXEC, errno.EACCES)
LAUNCH_ATTEMPTS = 60


@dataclasses.dataclass(frozen=True)
class Test:
    name: str
    op: str
    ops: tuple
    skip: str  # the reason it is out of scope, or "" when it runs


@dataclasses.dataclass(frozen=True)
class Runner:
    mini_run: str
    timeout: float
    work: str


# --- Classifying a test ------------------------------------------------------------------------

def graph_ops(model):
    """The op types of the model's graph nodes, in order, each once."""
    return tuple(dict.fromkeys(node.op_type for node in model.graph.node))


def load_model(name):
    return onnx.load(os.path.join(DATA_DIR, name, "model.onnx"))


def squash(name):
    return name.replace("_", "").lower()


def test_op(name, ops):
    """The op a test is about: among its graph's ops, the longest one that starts the test name
    (test_reduce_sum_square_... is ReduceSumSquare, not ReduceSum), else the first one. An
    expanded test (its op replaced by the op's function body) is its unexpanded sibling's op."""
    expanded = EXPANDED_TEST.search(name)
    if expanded:
        sibling = name[:expanded.start()]
        if os.path.isdir(os.path.join(DATA_DIR, sibling)):
            return test_op(sibling, graph_ops(load_model(sibling))) + " (expanded)"
    key = squash(name[len("test_"):])
    named = [op for op in ops if key.startswith(squash(op))]
    if named:
        return max(named, key=len)
    return ops[0] if ops else "(no node)"


def unsupported_value(value):
    """Why a graph input or output cannot be an .npy file, or ""."""
    kind = value.type.WhichOneof("value")
    if kind != "tensor_type":
        return f"{kind.replace('_type', '')} input or output"
    if value.type.tensor_type.elem_type == onnx.TensorProto.STRING:
        return "string tensor input or output"
    return ""


def skip_reason(name, model, ops):
    """Why a test is out of scope for inference, or ""."""
    for op in ops:
        if op in SKIP_REASON_OF_OP:
            return f"{SKIP_REASON_OF_OP[op]} ({op})"
    if TRAINING_TEST.search(name):
        return f"training op ({ops[0]} in training mode)"
    for value in list(model.graph.input) + list(model.graph.output):
        why = unsupported_value(value)
        if why:
            return why
    return ""


def classify_test(name):
    model = load_model(name)
    ops = graph_ops(model)
    return Test(name=name, op=test_op(name, ops), ops=ops, skip=skip_reason(name, model, ops))


# --- Running a test ----------------------------------------------------------------------------

def read_tensors(name, prefix):
    """The test's input_N.pb or output_N.pb tensors as arrays, in order of N."""
    data = os.path.join(DATA_DIR, name, "test_data_set_0")
    arrays = []
    while os.path.exists(os.path.join(data, f"{prefix}_{len(arrays)}.pb")):
        tensor = onnx.TensorProto()
        with open(os.path.join(data, f"{prefix}_{len(arrays)}.pb"), "rb") as f:
            tensor.ParseFromString(f.read())
        arrays.append(numpy_helper.to_array(tensor))
    return arrays


def _bfloat16_rounded(value):
    """float32 to bfloat16 bits, rounded to nearest even (onnx.helper.float32_to_bfloat16's
    default), as the uint16 array the test data holds."""
    bits = np.vectorize(lambda v: helper.float32_to_bfloat16(float(v)), otypes=[np.uint16])
    return bits(value.astype(np.float32))


# Tests whose shipped expected output this onnx's own definition contradicts, each with the
# expected output recomputed from the test's inputs by that definition. The bfloat16 cast data
# of onnx 1.12 truncates the float32 bits, but the same release's
# onnx.helper.float32_to_bfloat16 rounds to nearest even by default, as PyTorch's
# .to(torch.bfloat16) does and as later onnx releases' test data do (mini rounds every
# half-precision result to nearest even).
CORRECTED_REFERENCES = {
    "test_cast_FLOAT_to_BFLOAT16": lambda inputs: [_bfloat16_rounded(inputs[0])],
}


def expected_outputs(name):
    """The test's expected outputs: its output_N.pb, or CORRECTED_REFERENCES' recomputation."""
    if name in CORRECTED_REFERENCES:
        return CORRECTED_REFERENCES[name](read_tensors(name, "input"))
    return read_tensors(name, "output")


def fold_inputs(model, inputs):
    """The model with every graph input after the first made an initializer of its test data.
    From IR version 4 on they leave the graph's inputs, as weights do in exported models; before,
    an initializer had to be a graph input too, and stays one."""
    graph = model.graph
    for value, array in zip(graph.input[1:], inputs[1:]):
        graph.initializer.append(numpy_helper.from_array(array, name=value.name))
    if model.ir_version >= 4:
        del graph.input[1:]
    return model


def prepare(test, mode, runner):
    """Writes the model (folded only) and the inputs into the test's work directory; returns the
    model's path, the input paths and the output paths (old outputs removed)."""
    work = os.path.join(runner.work, mode, test.name)
    os.makedirs(work, exist_ok=True)
    model = load_model(test.name)
    output_paths = [os.path.join(work, f"out{i}.npy") for i in range(len(model.graph.output))]
    inputs = read_tensors(test.name, "input")
    model_path = os.path.join(DATA_DIR, test.name, "model.onnx")
    if mode == "folded":
        model_path = os.path.join(work, "model.onnx")
        onnx.save(fold_inputs(model, inputs), model_path)
        inputs = inputs[:1]
    input_paths = []
    for i, array in enumerate(inputs):
        input_paths.append(os.path.join(work, f"in{i}.npy"))
        np.save(input_paths[-1], array)
    for path in output_paths:
        if os.path.exists(path):
            os.remove(path)
    return model_path, input_paths, output_paths


def launch(command, timeout):
    """Runs the command; returns (exit code, stderr), the code None on timeout. Retries for a
    while when the binary is missing or being written (a build may be relinking it)."""
    for attempt in range(LAUNCH_ATTEMPTS):
        try:
            done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  timeout=timeout, errors="replace")
            return done.returncode, done.stderr
        except subprocess.TimeoutExpired as e:
            stderr = e.stderr or b""
            return None, stderr.decode(errors="replace") if isinstance(stderr, bytes) else stderr
        except OSError as e:
            if e.errno not in RELINKING_ERRNOS or attempt == LAUNCH_ATTEMPTS - 1:
                raise
            time.sleep(3)


def stderr_head(stderr, lines=3):
    kept = [line.strip()[:200] for line in stderr.splitlines() if line.strip()]
    return " | ".join(kept[:lines])


def crash_detail(rc, stderr):
    """What makes the run a crash, or "" when it is not one."""
    if rc < 0:
        how = f"killed by {signal.Signals(-rc).name}"
    elif rc not in (0, 1):
        how = f"exit code {rc}"
    elif any(marker in stderr for marker in CRASH_MARKERS):
        how = f"exit code {rc}, crash report"
    else:
        return ""
    return f"{how}: {stderr_head(stderr)}" if stderr.strip() else how


def normalize_reason(message):
    """An error message with what varies from test to test taken out: the node's name or index
    (its op kept), value names, shapes and numbers."""
    message = re.sub(r"ONNX node (?:'[^']*'|#\d+)(?: \(output '[^']*'\))? \((\w+)\)", r"\1",
                     message)
    message = re.sub(r"\b(value|tensor|output|input|initializer) '[^']*'", r"\1 '…'", message)
    message = re.sub(r"\('[^']*'\)", "('…')", message)
    message = re.sub(r"\b(?:\d+x)+", lambda m: "Nx" * m.group().count("x"), message)
    message = re.sub(r"(?<![\w.])-?\d+(\.\d+)?(e-?\d+)?\b", "N", message)
    return message if len(message) <= REASON_LENGTH else message[:REASON_LENGTH - 1] + "…"


def first_error(stderr):
    """The first "error:" line's message (without its location), or the first line of stderr."""
    for line in stderr.splitlines():
        if "error: " in line:
            return line.split("error: ", 1)[1].strip()
    return "no error line: " + (stderr_head(stderr, 1) or "empty stderr")


def float_kind(array):
    return array.dtype.kind in "fc"


def compare_output(actual, expected):
    """None when the output matches, else what differs (and the max |diff| when it is values)."""
    if actual.dtype != expected.dtype:
        return f"element type {actual.dtype}, expected {expected.dtype}", None
    if actual.shape != expected.shape:
        return f"shape {actual.shape}, expected {expected.shape}", None
    if float_kind(expected):
        close = np.isclose(actual, expected, rtol=RTOL, atol=ATOL, equal_nan=True)
    else:
        close = actual == expected
    if close.all():
        return None, None
    a, e = actual.astype(np.float64), expected.astype(np.float64)
    with np.errstate(invalid="ignore"):
        diff = np.where(close, 0.0, np.abs(a - e))
    max_diff = float(np.where(np.isnan(diff), np.inf, diff).max())
    detail = f"max |diff| {max_diff:.3g} at {int((~close).sum())} of {close.size} elements"
    return detail, max_diff if np.isfinite(max_diff) else str(max_diff)  # JSON has no inf


def compare_outputs(output_paths, expected):
    """(detail, max diff) of the first output that differs or is missing, or (None, None)."""
    for i, (path, want) in enumerate(zip(output_paths, expected)):
        if not os.path.exists(path):
            return f"output {i} missing", None
        try:
            got = np.load(path)
        except ValueError as e:
            return f"output {i} unreadable: {e}", None
        detail, max_diff = compare_output(got, want)
        if detail:
            return f"output {i}: {detail}", max_diff
    return None, None


def run_test(test, mode, runner):
    """The result of one test in one mode, as a JSON-ready dict."""
    result = {"test": test.name, "mode": mode, "op": test.op, "ops": list(test.ops)}
    if test.skip:
        return dict(result, status="skipped", reason=test.skip)
    model_path, input_paths, output_paths = prepare(test, mode, runner)
    command = [runner.mini_run, model_path]
    for path in input_paths:
        command += ["--input", path]
    for path in output_paths:
        command += ["--output", path]
    start = time.monotonic()
    rc, stderr = launch(command, runner.timeout)
    result["seconds"] = round(time.monotonic() - start, 2)
    if rc is None:
        return dict(result, status="hang", reason=f"timeout after {runner.timeout:g} s",
                    stderr=stderr_head(stderr))
    crash = crash_detail(rc, stderr)
    if crash:
        return dict(result, status="crash", reason=crash, rc=rc)
    if rc == 1:
        error = first_error(stderr)
        return dict(result, status="refused", reason=normalize_reason(error), error=error[:300])
    detail, max_diff = compare_outputs(output_paths, expected_outputs(test.name))
    if detail:
        return dict(result, status="wrong", reason=detail, max_diff=max_diff)
    return dict(result, status="pass")


def run_job(job):
    return run_test(*job)


def run_all(tests, modes, runner, jobs):
    """Every test in every mode on `jobs` worker processes; results ordered by test, then mode."""
    work = [(test, mode, runner) for test in tests for mode in modes]
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(run_job, work, chunksize=1))


# --- Reporting ---------------------------------------------------------------------------------

def count_statuses(results, mode):
    counts = collections.Counter(r["status"] for r in results if r["mode"] == mode)
    return {status: counts[status] for status in STATUSES}


def inference_subset(counts):
    return sum(counts.values()) - counts["skipped"]


def summary_line(mode, counts):
    return (f"conformance {mode}: " + ", ".join(f"{counts[s]} {s}" for s in STATUSES)
            + f" (inference subset {inference_subset(counts)})")


def pass_rate(counts):
    subset = inference_subset(counts)
    return f"{100.0 * counts['pass'] / subset:.1f}%" if subset else "-"


def reason_key(result):
    """How a non-passing result is grouped: its status, and its reason when that groups well."""
    if result["status"] in ("refused", "skipped"):
        return f"{result['status']}: {result['reason']}"
    return result["status"]


def group_reasons(results, modes):
    """`key (n)` per reason of the non-passing results, most frequent first; the count is per mode,
    or given per mode when the modes differ."""
    counts = collections.defaultdict(collections.Counter)
    for r in results:
        if r["status"] != "pass":
            counts[reason_key(r)][r["mode"]] += 1
    def label(key):
        per_mode = [counts[key][mode] for mode in modes]
        if len(set(per_mode)) == 1:
            return f"{key} ({per_mode[0]})"
        return f"{key} (" + ", ".join(f"{m} {n}" for m, n in zip(modes, per_mode) if n) + ")"
    order = sorted(counts, key=lambda k: (-max(counts[k].values()), k))
    return [label(key) for key in order]


def sci(x):
    return np.format_float_scientific(x, trim="-", exp_digits=1)


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def shown_path(path):
    """A path as the page shows it: relative to the repository when inside it."""
    path = os.path.abspath(path)
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def summary_section(results, modes):
    rows = []
    for mode in modes:
        counts = count_statuses(results, mode)
        rows.append([mode] + [counts[s] for s in STATUSES]
                    + [inference_subset(counts), pass_rate(counts)])
    return ["## Summary", ""] + table(
        ["mode"] + list(STATUSES) + ["inference subset", "pass rate"], rows) + [""]


def per_op_section(results, modes):
    by_op = collections.defaultdict(list)
    for r in results:
        by_op[r["op"]].append(r)
    rows = []
    for op in sorted(by_op, key=str.lower):
        op_results = by_op[op]
        tests = len({r["test"] for r in op_results})
        row = [op, tests]
        for mode in MODES:
            counts = count_statuses(op_results, mode)
            row.append(f"{counts['pass']}/{inference_subset(counts)}" if mode in modes else "-")
        row.append("; ".join(group_reasons(op_results, modes)))
        rows.append(row)
    return ["## Per op", "",
            "Pass counts are over the op's tests in scope. A reason's count is per mode, or given "
            "per mode when the modes differ. An op marked (expanded) is its function body, from "
            "the `_expanded` tests.", ""] + table(
        ["op", "tests", "pass (shipped)", "pass (folded)", "not passing"], rows) + [""]


def failures_section(results):
    lines = ["## Wrong, crashing and hanging tests", ""]
    failing = [r for r in results if r["status"] in FAILURES]
    if not failing:
        return lines + ["None.", ""]
    rows = [[r["test"], r["mode"], r["op"], r["status"], r["reason"]] for r in failing]
    return lines + table(["test", "mode", "op", "status", "detail"], rows) + [""]


def refusals_section(results, modes):
    counts = collections.defaultdict(collections.Counter)
    for r in results:
        if r["status"] == "refused":
            counts[r["reason"]][r["mode"]] += 1
    order = sorted(counts, key=lambda k: (-sum(counts[k].values()), k))
    rows = [[reason] + [counts[reason][mode] for mode in modes] for reason in order]
    return (["## Refusal reasons", ""] + table(["reason"] + list(modes), rows) + [""]
            if rows else [])


def skips_section(results, modes):
    reasons = collections.Counter(r["reason"] for r in results
                                  if r["status"] == "skipped" and r["mode"] == modes[0])
    rows = [[reason, n] for reason, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))]
    return (["## Out of scope for inference (skipped)", ""] + table(["reason", "tests"], rows)
            + [""]) if rows else []


def markdown(results, modes, args):
    tests = len({r["test"] for r in results})
    lines = [
        "# ONNX backend node tests",
        "",
        "Written by `scripts/onnx_conformance.py"
        + (f" --filter '{args.filter}'" if args.filter else "")
        + f" --mode {args.mode} --markdown docs/conformance.md`: ONNX's own node tests "
        f"(Debian's libonnx-testdata, onnx {onnx.__version__}), `{DATA_DIR}/<test>/`, "
        f"{tests} tests, run by `{shown_path(args.mini_run)}` (timeout {args.timeout:g} s).",
        "",
        "- Modes: **shipped** gives every graph input as an `.npy` input; **folded** makes every "
        "graph input after the first an initializer holding the test's data (as weights are in "
        "real models) and gives input 0 only.",
        f"- A test passes when mini-run exits 0 and every output has the expected shape and element "
        f"type, integers and bools equal, floats within `np.allclose(rtol={sci(RTOL)}, atol={sci(ATOL)})` "
        f"with NaNs equal (ONNX's backend runner uses atol 1e-7; f32 kernels that sum in another "
        f"order differ by more near zero).",
        "- **wrong**: exit 0 but an output differs or is missing; **crash**: a signal, an exit "
        "code other than 0 and 1, or a crash report on stderr; **hang**: timed out; **refused**: "
        "exit 1 with an error (its first `error:` line, names and numbers replaced by `'…'` and "
        "`N`); **skipped**: out of scope for inference (training, strings, randomness, sequences, "
        "optionals and control flow, signal windows and spectra, outputs shaped by data, or a "
        "non-tensor input or output).",
        "- The pass rate is over the inference subset: all tests minus the skipped ones.",
        "- Expected outputs recomputed because this onnx's own definition contradicts the shipped "
        "data (`CORRECTED_REFERENCES`): " + ", ".join(f"`{t}`" for t in sorted(CORRECTED_REFERENCES))
        + " (the data truncates float32 to bfloat16; `onnx.helper.float32_to_bfloat16` rounds to "
        "nearest even, as PyTorch and later onnx test data do).",
        "",
    ]
    lines += summary_section(results, modes)
    lines += failures_section(results)
    lines += per_op_section(results, modes)
    lines += refusals_section(results, modes)
    lines += skips_section(results, modes)
    return "\n".join(lines)


def check(results, min_pass):
    """The problems that fail --check."""
    problems = [f"{r['mode']} {r['status']}: {r['test']}" for r in results
                if r["status"] in FAILURES]
    if min_pass is not None:
        passed = count_statuses(results, "folded")["pass"]
        if passed < min_pass:
            problems.append(f"folded: {passed} pass < --min-pass {min_pass}")
    return problems


# --- Driver ------------------------------------------------------------------------------------

def default_mini_run():
    beside = os.path.join(ROOT, "build", "bin", "mini-run")
    return beside if os.path.exists(beside) else shutil.which("mini-run")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=("shipped", "folded", "both"), default="both")
    parser.add_argument("--filter", default="", help="a regex the test names must contain")
    parser.add_argument("--mini-run", default=default_mini_run())
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per run")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--work", help="directory for the models and .npy files (default: a "
                                       "temporary one, removed at the end)")
    parser.add_argument("--markdown", help="write the Markdown page here")
    parser.add_argument("--json", help="write the per-test results here")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 on any wrong, crash or hang, or too few passes folded")
    parser.add_argument("--min-pass", type=int, help="with --check: least folded passes")
    args = parser.parse_args()
    if not args.mini_run or not os.path.exists(args.mini_run):
        parser.error("mini-run not found: build it, or give --mini-run")
    if args.min_pass is not None and args.mode == "shipped":
        parser.error("--min-pass counts folded passes: it needs --mode folded or both")
    return args


def main():
    args = parse_args()
    modes = MODES if args.mode == "both" else (args.mode,)
    names = sorted(n for n in os.listdir(DATA_DIR) if re.search(args.filter, n))
    tests = [classify_test(name) for name in names]
    with tempfile.TemporaryDirectory(prefix="onnx-conformance-") as scratch:
        runner = Runner(mini_run=os.path.abspath(args.mini_run), timeout=args.timeout,
                        work=os.path.abspath(args.work or scratch))
        results = run_all(tests, modes, runner, args.jobs)
    for mode in modes:
        print(summary_line(mode, count_statuses(results, mode)))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"data": DATA_DIR, "modes": list(modes), "rtol": RTOL, "atol": ATOL,
                       "timeout": args.timeout, "results": results}, f, indent=1)
            f.write("\n")
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(markdown(results, modes, args) + "\n")
    problems = check(results, args.min_pass) if args.check else []
    for problem in problems:
        print(f"conformance: FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
