# -*- Python -*-
# lit configuration of mini-infer's regression tests (check-mini).

import os
import shutil
import subprocess

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "MINI"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.mini_obj_root, "test")
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt", "Inputs"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%shlibext", config.llvm_shlib_ext))
config.substitutions.append(("%mini_src_root", config.mini_src_root))
config.substitutions.append(("%mini_tools_dir", config.mini_tools_dir))
config.substitutions.append(("%mini_obj_root", config.mini_obj_root))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
# `not` and `count` come from LLVM's tools folder.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# Scripts run with Debian's python3, which has torch, onnx and numpy.
system_python = "/usr/bin/python3"
config.substitutions.append(("%python", system_python))

tool_dirs = [config.mini_tools_dir, config.llvm_tools_dir]
tools = ["mini-opt", "mini-plan", "mini-run", "mini-compile", "mini-translate", "mlir-opt",
         "mlir-runner", "mini-onnx-import-fuzzer", "mini-npy-fuzzer",
         "mini-csv-fuzzer", "mini-planner-fuzzer"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Upstream's runtime libraries for mlir-runner (printMemrefF32).
llvm_lib_dir = os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")
config.substitutions.append(("%mlir_runner_libs", ",".join(
    os.path.join(llvm_lib_dir, lib + config.llvm_shlib_ext)
    for lib in ["libmlir_runner_utils", "libmlir_c_runner_utils"])))


def python_has(*modules):
    code = "import " + ", ".join(modules)
    try:
        return subprocess.run([system_python, "-c", code],
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0
    except OSError:
        return False


if python_has("onnx", "numpy"):
    config.available_features.add("onnx-python")
if python_has("torch", "torchvision", "onnx"):
    config.available_features.add("torch")
# The formatter the C++ sources are kept in (.clang-format; scripts/setup.sh).
# A C compiler for the deployment example (examples/deploy).
if shutil.which("cc"):
    config.available_features.add("cc")
if shutil.which("clang-format-22") and shutil.which("git"):
    config.available_features.add("clang-format")
# ONNX's backend node tests (Debian's libonnx-testdata; scripts/setup.sh).
if os.path.isdir("/usr/include/onnx/backend/test/data/node"):
    config.available_features.add("onnx-testdata")

# The zoo is exported once per build tree and shared by the tests.
config.substitutions.append(("%zoo", os.path.join(config.mini_obj_root, "zoo")))
