//===- Tensor.cpp - a host tensor: raw bytes of an element type -----------===//

#include "mini/Runtime/Tensor.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"

#include <cstdlib>
#include <cstring>

using namespace llvm;
using mini::ElementType;

namespace {

Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

/// The IEEE semantics of a 16-bit float type.
const fltSemantics &getHalfSemantics(ElementType type) {
  return type == ElementType::BFloat16 ? APFloat::BFloat()
                                       : APFloat::IEEEhalf();
}

} // namespace

void mini::Tensor::FreeDeleter::operator()(void *pointer) const {
  std::free(pointer);
}

Expected<int64_t> mini::Tensor::getByteSize(ElementType type,
                                            ArrayRef<int64_t> shape,
                                            StringRef what) {
  int64_t bytes = getElementBytes(type);
  for (int64_t d : shape) {
    if (d < 0)
      return makeError(what + " has a negative dimension (" + Twine(d) + ")");
    if (MulOverflow(bytes, d, bytes))
      return makeError(what + " has more than 2^63 bytes");
  }
  return bytes;
}

Expected<mini::Tensor> mini::Tensor::allocate(ElementType type,
                                              ArrayRef<int64_t> shape,
                                              StringRef what,
                                              int64_t maxBytes) {
  Expected<int64_t> bytes = getByteSize(type, shape, what);
  if (!bytes)
    return bytes.takeError();
  auto shapeText = [&] {
    std::string text;
    raw_string_ostream os(text);
    interleave(shape, os, "x");
    return text;
  };
  if (*bytes > maxBytes)
    return makeError(what + " (" + shapeText() + " " +
                     getElementTypeName(type) + ") has " + Twine(*bytes) +
                     " bytes, more than the limit of " + Twine(maxBytes));
  Tensor tensor;
  tensor.type = type;
  tensor.shape.assign(shape.begin(), shape.end());
  tensor.numBytes = *bytes;
  // 64-byte aligned (a cache line, the plan's default alignment); at least
  // one block, so that an empty tensor has an address.
  size_t size = alignTo(std::max<int64_t>(*bytes, 1), 64);
  tensor.bytes.reset(static_cast<char *>(std::aligned_alloc(64, size)));
  if (!tensor.bytes)
    return makeError("out of memory for " + what + " (" + Twine(*bytes) +
                     " bytes)");
  std::memset(tensor.bytes.get(), 0, size);
  return std::move(tensor);
}

int64_t mini::Tensor::getNumElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

void mini::Tensor::fillRandom(std::mt19937 &rng, int64_t intBound) {
  char *p = bytes.get();
  int64_t n = getNumElements();
  unsigned width = getElementBytes(type);
  ElementKind kind = getElementKind(type);
  // The largest count of integers the type holds from 0, capped at 2^62.
  uint64_t range = 2;
  if (kind == ElementKind::Signed || kind == ElementKind::Unsigned) {
    unsigned bits = 8 * width - (kind == ElementKind::Signed ? 1 : 0);
    uint64_t limit = bits >= 62 ? uint64_t(1) << 62 : uint64_t(1) << bits;
    range = std::min<uint64_t>(std::max<int64_t>(intBound, 1), limit);
  }
  for (int64_t i = 0; i < n; ++i) {
    char *at = p + i * width;
    if (kind == ElementKind::Float) {
      float value =
          static_cast<float>(rng() >> 8) * (2.0f / 16777216.0f) - 1.0f;
      if (type == ElementType::Float32) {
        std::memcpy(at, &value, 4);
      } else if (type == ElementType::Float64) {
        double wide = value;
        std::memcpy(at, &wide, 8);
      } else {
        APFloat half(value);
        bool lost;
        half.convert(getHalfSemantics(type), APFloat::rmNearestTiesToEven,
                     &lost);
        uint16_t bits16 =
            static_cast<uint16_t>(half.bitcastToAPInt().getZExtValue());
        std::memcpy(at, &bits16, 2);
      }
      continue;
    }
    uint64_t value = kind == ElementKind::Bool ? rng() % 2
                     : range <= (uint64_t(1) << 32)
                         ? rng() % range
                         : ((uint64_t(rng()) << 32) | rng()) % range;
    std::memcpy(at, &value, width); // little-endian: the low bytes
  }
}

double mini::Tensor::getAsDouble(int64_t i) const {
  const char *at = bytes.get() + i * getElementBytes(type);
  switch (type) {
  case ElementType::Float32: {
    float v;
    std::memcpy(&v, at, 4);
    return v;
  }
  case ElementType::Float64: {
    double v;
    std::memcpy(&v, at, 8);
    return v;
  }
  case ElementType::Float16:
  case ElementType::BFloat16: {
    uint16_t bits;
    std::memcpy(&bits, at, 2);
    return APFloat(getHalfSemantics(type), APInt(16, bits)).convertToDouble();
  }
#define MINI_INT(E, T)                                                         \
  case ElementType::E: {                                                       \
    T v;                                                                       \
    std::memcpy(&v, at, sizeof(T));                                            \
    return static_cast<double>(v);                                             \
  }
    MINI_INT(Int8, int8_t)
    MINI_INT(Int16, int16_t)
    MINI_INT(Int32, int32_t)
    MINI_INT(Int64, int64_t)
    MINI_INT(UInt8, uint8_t)
    MINI_INT(UInt16, uint16_t)
    MINI_INT(UInt32, uint32_t)
    MINI_INT(UInt64, uint64_t)
#undef MINI_INT
  case ElementType::Bool:
    return *at != 0;
  }
  return 0;
}

/// Prints element `i` of `tensor`: integers exactly, floats with 6
/// significant digits.
static void printElement(raw_ostream &os, const mini::Tensor &tensor,
                         int64_t i) {
  ElementType type = tensor.getElementType();
  mini::ElementKind kind = mini::getElementKind(type);
  if (kind == mini::ElementKind::Float) {
    os << format("%.6g", tensor.getAsDouble(i));
    return;
  }
  unsigned width = mini::getElementBytes(type);
  uint64_t bits = 0;
  std::memcpy(&bits, static_cast<const char *>(tensor.data()) + i * width,
              width);
  if (kind == mini::ElementKind::Signed)
    os << SignExtend64(bits, 8 * width);
  else
    os << bits;
}

void mini::Tensor::print(raw_ostream &os, StringRef name) const {
  os << "output '" << name << "' (";
  interleave(shape, os, "x");
  os << "):";
  int64_t n = getNumElements();
  if (n <= 100)
    for (int64_t i = 0; i < n; ++i) {
      os << " ";
      printElement(os, *this, i);
    }
  int64_t best = 0;
  for (int64_t i = 1; i < n; ++i)
    if (getAsDouble(i) > getAsDouble(best))
      best = i;
  if (n > 0) {
    os << "\n  argmax " << best << " = ";
    printElement(os, *this, best);
  }
  os << "\n";
}
