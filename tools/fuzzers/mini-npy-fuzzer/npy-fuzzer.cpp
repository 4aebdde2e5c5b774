//===- npy-fuzzer.cpp - the .npy reader on arbitrary bytes ----------------===//
//
// Any byte string is a tensor or an error from `parseNpy`; a tensor
// serializes and parses back to itself, byte for byte.
//
//===----------------------------------------------------------------------===//

#include "mini/Runtime/Npy.h"

#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A small limit: the fuzzer's memory is not the point.
  constexpr int64_t kMaxBytes = 1 << 20;
  llvm::Expected<mini::Tensor> tensor = mini::parseNpy(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), kMaxBytes);
  if (!tensor) {
    llvm::consumeError(tensor.takeError());
    return 0;
  }
  llvm::Expected<mini::Tensor> again =
      mini::parseNpy(mini::serializeNpy(*tensor), kMaxBytes);
  if (!again || again->getElementType() != tensor->getElementType() ||
      again->getShape() != tensor->getShape() ||
      again->getNumBytes() != tensor->getNumBytes() ||
      std::memcmp(again->data(), tensor->data(), tensor->getNumBytes()) != 0)
    std::abort(); // The round trip lost something.
  return 0;
}
