//===- Npy.h - NumPy .npy reader and writer ----------------------*- C++
//-*-===//
//
// A small reader and writer of NumPy's .npy format (versions 1.0, 2.0 and
// 3.0) for the runtime's tensors (Tensor.h), of every element type. Debian 12
// packages one C++ reader, `xtensor/xnpy.hpp` in libxtensor-dev, but it
// reports bad files by throwing, and the runtime is built like LLVM, without
// exceptions; cnpy is not packaged. So this small one is ours, with errors
// as llvm::Error. The format is specified in NumPy's `numpy/lib/format.py`
// (NEP 1).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_RUNTIME_NPY_H
#define MINI_RUNTIME_NPY_H

#include "mini/Runtime/Tensor.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mini {

/// Parses the bytes of a .npy file into a tensor of the file's element
/// type (every type of ElementType.h; '<u2' gives UInt16, see there for
/// bfloat16; big-endian data is byte-swapped). The header must be NumPy's
/// dict of exactly 'descr', 'fortran_order' and 'shape', each once (NumPy
/// refuses others, and a repeated key would be read differently by it).
/// Errors name what is wrong: a missing or bad magic string, an unsupported
/// version, a truncated or malformed header, a missing, repeated or unknown
/// key, another dtype (its descr is quoted), Fortran order, a negative
/// dimension, a size past 2^63 or `maxBytes`, and data that is shorter or
/// longer than the shape says.
llvm::Expected<Tensor> parseNpy(llvm::StringRef bytes,
                                int64_t maxBytes = kDefaultMaxTensorBytes);

/// Reads and parses `path`; errors are prefixed with the path.
llvm::Expected<Tensor> readNpyFile(llvm::StringRef path,
                                   int64_t maxBytes = kDefaultMaxTensorBytes);

/// Reads each of `paths` (readNpyFile), in order.
llvm::Expected<llvm::SmallVector<Tensor>>
readNpyFiles(llvm::ArrayRef<std::string> paths,
             int64_t maxBytes = kDefaultMaxTensorBytes);

/// Serializes `tensor` as a version 1.0 .npy file of its element type's
/// descr, the header padded so that the data starts at a multiple of 64
/// bytes (as NumPy does).
std::string serializeNpy(const Tensor &tensor);

/// Writes `serializeNpy(tensor)` to `path` (`-` is stdout).
llvm::Error writeNpyFile(llvm::StringRef path, const Tensor &tensor);

} // namespace mini

#endif // MINI_RUNTIME_NPY_H
