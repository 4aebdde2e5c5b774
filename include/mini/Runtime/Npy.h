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

/// The element types mini-run reads and writes.
enum class NpyDType { Float32, Int64, Int32, Bool };

/// The .npy descr of `dtype` (`<f4`, `<i8`, `<i4`, `|b1`) and its element
/// size in bytes.
llvm::StringRef getNpyDescr(NpyDType dtype);
unsigned getNpyElementBytes(NpyDType dtype);

/// A dense, C-ordered array: `shape` in elements per dimension (empty for a
/// scalar); float32 elements in `data`, integer and bool elements (as 0 or
/// 1) in `ints`, the product of `shape` of them, in native byte order.
struct NpyArray {
  llvm::SmallVector<int64_t> shape;
  std::vector<float> data;
  NpyDType dtype = NpyDType::Float32;
  std::vector<int64_t> ints;

  /// Number of elements (the product of `shape`).
  int64_t getNumElements() const;
};

/// Parses the bytes of a .npy file. Accepts the dtypes float32 (`<f4`, `>f4`,
/// `=f4`; big-endian data is byte-swapped), int64 (`<i8`), int32 (`<i4`) and
/// bool (`|b1`). Errors name what is wrong: a missing or bad magic string, an
/// unsupported version, a truncated or malformed header (no `descr`,
/// `fortran_order` or `shape`), another dtype (its descr is quoted), Fortran
/// order, a negative dimension, a shape whose byte size overflows, and data
/// that is shorter or longer than the shape says.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef bytes);

/// Reads and parses `path`; errors are prefixed with the path.
llvm::Expected<NpyArray> readNpyFile(llvm::StringRef path);

/// Serializes `array` as a version 1.0 .npy file of its dtype, the header
/// padded so that the data starts at a multiple of 64 bytes (as NumPy does).
std::string serializeNpy(const NpyArray &array);

/// Writes `serializeNpy(array)` to `path` (`-` is stdout).
llvm::Error writeNpyFile(llvm::StringRef path, const NpyArray &array);

} // namespace mini

#endif // MINI_RUNTIME_NPY_H
