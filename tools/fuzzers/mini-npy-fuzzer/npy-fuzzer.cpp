//===- npy-fuzzer.cpp - the .npy reader on arbitrary bytes ----------------===//
//
// Any byte string is an array or an error from `parseNpy`; an array
// serializes and parses back to itself.
//
//===----------------------------------------------------------------------===//

#include "mini/Runtime/Npy.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<mini::NpyArray> array = mini::parseNpy(
      llvm::StringRef(reinterpret_cast<const char *>(data), size));
  if (!array) {
    llvm::consumeError(array.takeError());
    return 0;
  }
  llvm::Expected<mini::NpyArray> again =
      mini::parseNpy(mini::serializeNpy(*array));
  if (!again || again->dtype != array->dtype ||
      again->shape != array->shape || again->ints != array->ints ||
      again->data.size() != array->data.size() ||
      (!array->data.empty() &&
       std::memcmp(again->data.data(), array->data.data(),
                   array->data.size() * sizeof(float)) != 0))
    std::abort(); // The round trip lost something.
  return 0;
}
