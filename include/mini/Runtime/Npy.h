//===- Npy.h - NumPy .npy reader and writer ----------------------*- C++ -*-===//
//
// A small reader and writer of NumPy's .npy format (versions 1.0, 2.0 and
// 3.0) for float32 arrays, the tensors mini-run reads and writes. Debian 12
// packages one C++ reader, `xtensor/xnpy.hpp` in libxtensor-dev, but it
// reports bad files by throwing, and the runtime is built like LLVM, without
// exceptions; cnpy is not packaged. So this small one is ours, with errors
// as llvm::Error. The format is specified in NumPy's `numpy/lib/format.py`
// (NEP 1).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_RUNTIME_NPY_H
#define MINI_RUNTIME_NPY_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mini {

/// A dense, C-ordered float32 array: `shape` in elements per dimension (empty
/// for a scalar), `data` with the product of `shape` elements in native byte
/// order.
struct NpyArray {
  llvm::SmallVector<int64_t> shape;
  std::vector<float> data;

  /// Number of elements (the product of `shape`).
  int64_t getNumElements() const;
};

/// Parses the bytes of a .npy file. Accepts the dtypes `<f4`, `>f4` and `=f4`
/// (big-endian data is byte-swapped). Errors name what is wrong: a missing or
/// bad magic string, an unsupported version, a truncated or malformed header
/// (no `descr`, `fortran_order` or `shape`), another dtype (its descr is
/// quoted), Fortran order, a negative dimension, and data that is shorter or
/// longer than the shape says.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef bytes);

/// Reads and parses `path`; errors are prefixed with the path.
llvm::Expected<NpyArray> readNpyFile(llvm::StringRef path);

/// Serializes `array` as a version 1.0 .npy file of dtype `<f4`, the header
/// padded so that the data starts at a multiple of 64 bytes (as NumPy does).
std::string serializeNpy(const NpyArray &array);

/// Writes `serializeNpy(array)` to `path` (`-` is stdout).
llvm::Error writeNpyFile(llvm::StringRef path, const NpyArray &array);

} // namespace mini

#endif // MINI_RUNTIME_NPY_H
