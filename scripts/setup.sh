#!/usr/bin/env bash
# Installs, with apt-get, every Debian 12 package mini-infer needs to build, test and benchmark.
# Idempotent: packages already present are skipped, so a second run does nothing.
set -euo pipefail

PACKAGES=(
  # Compiler toolchain and build system.
  g++ cmake ninja-build
  # LLVM/MLIR 22 (headers, static MLIR libraries, lit, FileCheck, mlir-tblgen, mlir-runner).
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  # ONNX importer: libonnx (shape inference, checker) and protobuf.
  libonnx-dev libprotobuf-dev protobuf-compiler
  # ONNX's own conformance tests (the backend node tests: scripts/onnx_conformance.py).
  libonnx-testdata
  # Unit tests; fuzzing and sanitizers (scripts/sanitize.sh, scripts/fuzz.sh).
  libgtest-dev clang-22 libfuzzer-22-dev libclang-rt-22-dev
  # The C++ sources' formatting, checked by the suite (.clang-format).
  clang-format-22
  # Model export and references (run with /usr/bin/python3).
  python3 python3-numpy python3-torch python3-torchvision python3-onnx
  # Benchmarks: a real BLAS for PyTorch's side of the latency comparison (Debian's PyTorch
  # links libblas.so.3, which this package points at OpenBLAS).
  libopenblas0-pthread
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
