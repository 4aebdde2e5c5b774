//===- Tensor.h - a host tensor: raw bytes of an element type ----*- C++
//-*-===//
//
// The runtime's tensors: a dense, C-ordered buffer of the raw bytes of one
// element type (ElementType.h) with its shape, as a model reads its inputs
// and writes its outputs. Values are never converted (an int64 above 2^53
// stays exact); the buffer is allocated fallibly (a size past the limit or
// the memory at hand is an error, not an abort).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_RUNTIME_TENSOR_H
#define MINI_RUNTIME_TENSOR_H

#include "mini/Runtime/ElementType.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <memory>
#include <random>

namespace mini {

/// The default limit of one tensor's bytes (`Tensor::allocate`): 4 GiB.
inline constexpr int64_t kDefaultMaxTensorBytes = int64_t(1) << 32;

/// A dense, C-ordered array of `getNumElements()` elements of one type,
/// 64-byte aligned, in native (little-endian) byte order.
class Tensor {
public:
  Tensor() = default;
  Tensor(Tensor &&) = default;
  Tensor &operator=(Tensor &&) = default;

  /// A zero-filled tensor of `type` and `shape` (elements per dimension;
  /// empty for a scalar). Errors: a negative dimension, a byte size past
  /// 2^63 or past `maxBytes` (both named with the size), no memory for it.
  /// `what` names the tensor in the messages.
  static llvm::Expected<Tensor>
  allocate(ElementType type, llvm::ArrayRef<int64_t> shape,
           llvm::StringRef what, int64_t maxBytes = kDefaultMaxTensorBytes);

  /// The byte size of `shape` elements of `type`, or an error naming
  /// `what` when a dimension is negative or the size passes 2^63.
  static llvm::Expected<int64_t> getByteSize(ElementType type,
                                             llvm::ArrayRef<int64_t> shape,
                                             llvm::StringRef what);

  ElementType getElementType() const { return type; }
  llvm::ArrayRef<int64_t> getShape() const { return shape; }
  int64_t getNumElements() const;
  int64_t getNumBytes() const { return numBytes; }
  void *data() { return bytes.get(); }
  const void *data() const { return bytes.get(); }

  /// Fills the tensor from `rng`: floats uniform in [-1, 1), integers
  /// uniform in [0, intBound) (intBound >= 1, capped at the type's range),
  /// bools 0 or 1.
  void fillRandom(std::mt19937 &rng, int64_t intBound);

  /// Element `i` as a double (for printing and comparisons; exact for
  /// every float type and for integers up to 2^53).
  double getAsDouble(int64_t i) const;

  /// Prints "output 'NAME' (SHAPE): values..." (the values when at most
  /// 100) and the argmax, as mini-run --print-output does.
  void print(llvm::raw_ostream &os, llvm::StringRef name) const;

private:
  struct FreeDeleter {
    void operator()(void *pointer) const;
  };
  ElementType type = ElementType::Float32;
  llvm::SmallVector<int64_t> shape;
  int64_t numBytes = 0;
  std::unique_ptr<char, FreeDeleter> bytes;
};

/// Pointers to each of `tensors`, as CompiledModel::run takes them.
template <typename T>
llvm::SmallVector<T *> getPointers(llvm::MutableArrayRef<Tensor> tensors) {
  llvm::SmallVector<T *> pointers;
  for (Tensor &tensor : tensors)
    pointers.push_back(&tensor);
  return pointers;
}

} // namespace mini

#endif // MINI_RUNTIME_TENSOR_H
