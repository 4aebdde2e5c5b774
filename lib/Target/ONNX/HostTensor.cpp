//===- HostTensor.cpp - tensors known at import
//-----------------------------===//
//
// Host tensors: initializers and Constant values read from their protobuf
// messages (every size checked against the data), and the folds' results.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mini;
using namespace mini::onnx_import;

/// The semantics of a half-precision format.
static const llvm::fltSemantics &getSemantics(HostTensor::FloatFormat format) {
  return format == HostTensor::FloatFormat::BF16 ? llvm::APFloat::BFloat()
                                                 : llvm::APFloat::IEEEhalf();
}

/// `value` rounded once to `format` (to nearest, ties to even, as a truncf
/// or an sitofp of the program does), held as a float.
static float roundTo(HostTensor::FloatFormat format, double value) {
  if (format == HostTensor::FloatFormat::F32)
    return static_cast<float>(value);
  llvm::APFloat v(value);
  bool lost;
  v.convert(getSemantics(format), llvm::APFloat::rmNearestTiesToEven, &lost);
  return v.convertToFloat();
}

void HostTensor::push(double value) {
  if (isFloat())
    floats.push_back(roundTo(floatFormat, value));
  else if (kind == Kind::Bool)
    ints.push_back(value != 0);
  else
    ints.push_back(toInt64(value));
}

void HostTensor::pushFrom(const HostTensor &other, int64_t i) {
  if (isFloat())
    floats.push_back(other.floats[i]);
  else
    ints.push_back(other.ints[i]);
}

void HostTensor::setElementTypeOf(const HostTensor &other) {
  kind = other.kind;
  intBits = other.intBits;
  uint8 = other.uint8;
  floatFormat = other.floatFormat;
}

HostTensor HostTensor::ofInts(ArrayRef<int64_t> shape,
                              std::vector<int64_t> values) {
  HostTensor t;
  t.shape.assign(shape.begin(), shape.end());
  t.kind = Kind::Int;
  t.ints = std::move(values);
  return t;
}

SmallVector<int64_t> mini::onnx_import::getStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

std::optional<int64_t>
mini::onnx_import::getCheckedElementCount(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t d : shape)
    if (d < 0 || llvm::MulOverflow(count, d, count))
      return std::nullopt;
  return count;
}

LogicalResult mini::onnx_import::checkElementCount(Location loc,
                                                   ArrayRef<int64_t> shape,
                                                   int64_t limit,
                                                   const Twine &what) {
  std::optional<int64_t> count = getCheckedElementCount(shape);
  if (!count)
    return emitError(loc) << what << " has more than 2^63 elements";
  if (*count > limit)
    return emitError(loc) << what << " has " << *count
                          << " elements, more than the " << limit
                          << " mini-translate holds or folds at import";
  return success();
}

FailureOr<HostTensor> Importer::readTensor(const onnx::TensorProto &proto) {
  HostTensor t;
  for (int64_t d : proto.dims()) {
    if (d < 0)
      return emitError(nodeLoc)
             << "tensor '" << proto.name() << "' has a negative dimension";
    t.shape.push_back(d);
  }
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return emitError(nodeLoc)
           << "tensor '" << proto.name()
           << "' keeps its data in an external file, which is "
              "not supported";
  if (failed(checkElementCount(nodeLoc, t.shape, kMaxHostElements,
                               "tensor '" + proto.name() + "'")))
    return failure();
  int64_t n = t.getNumElements();
  const std::string &raw = proto.raw_data();
  auto checkCount = [&](int64_t have) -> LogicalResult {
    if (have != n)
      return emitError(nodeLoc)
             << "tensor '" << proto.name() << "' holds " << have
             << " elements but its shape needs " << n;
    return success();
  };
  switch (proto.data_type()) {
  case onnx::TensorProto::FLOAT:
    t.kind = HostTensor::Kind::Float;
    if (!raw.empty()) {
      if (raw.size() % 4)
        return emitError(nodeLoc)
               << "tensor '" << proto.name() << "' has " << raw.size()
               << " bytes of raw data, not a multiple of its element size "
                  "(4 bytes)";
      if (failed(checkCount(raw.size() / 4)))
        return failure();
      t.floats.resize(n);
      for (int64_t i = 0; i < n; ++i)
        t.floats[i] = llvm::bit_cast<float>(
            llvm::support::endian::read32le(raw.data() + 4 * i));
    } else {
      if (failed(checkCount(proto.float_data_size())))
        return failure();
      t.floats.assign(proto.float_data().begin(), proto.float_data().end());
    }
    return t;
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16: {
    // Two bytes an element in raw_data, or one 16-bit pattern per entry of
    // int32_data (onnx.proto).
    t.kind = HostTensor::Kind::Float;
    t.floatFormat = proto.data_type() == onnx::TensorProto::FLOAT16
                        ? HostTensor::FloatFormat::F16
                        : HostTensor::FloatFormat::BF16;
    std::vector<uint16_t> bits;
    if (!raw.empty()) {
      if (raw.size() % 2)
        return emitError(nodeLoc)
               << "tensor '" << proto.name() << "' has " << raw.size()
               << " bytes of raw data, not a multiple of its element size "
                  "(2 bytes)";
      if (failed(checkCount(raw.size() / 2)))
        return failure();
      for (int64_t i = 0; i < n; ++i)
        bits.push_back(llvm::support::endian::read16le(raw.data() + 2 * i));
    } else {
      if (failed(checkCount(proto.int32_data_size())))
        return failure();
      for (int32_t v : proto.int32_data()) {
        if (v < 0 || v > 0xffff)
          return emitError(nodeLoc)
                 << "tensor '" << proto.name()
                 << "' holds 16-bit floats but its int32_data holds " << v;
        bits.push_back(static_cast<uint16_t>(v));
      }
    }
    t.floats.reserve(n);
    for (uint16_t b : bits)
      t.floats.push_back(
          llvm::APFloat(getSemantics(t.floatFormat), llvm::APInt(16, b))
              .convertToFloat());
    return t;
  }
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL: {
    t.kind = proto.data_type() == onnx::TensorProto::BOOL
                 ? HostTensor::Kind::Bool
                 : HostTensor::Kind::Int;
    if (proto.data_type() == onnx::TensorProto::INT32)
      t.intBits = 32;
    if (proto.data_type() == onnx::TensorProto::INT8 ||
        proto.data_type() == onnx::TensorProto::UINT8)
      t.intBits = 8;
    // uint8 is held as int8 shifted by -128 (Importer::isUint8).
    t.uint8 = proto.data_type() == onnx::TensorProto::UINT8;
    int64_t shift = t.uint8 ? -128 : 0;
    unsigned width = proto.data_type() == onnx::TensorProto::INT64   ? 8
                     : proto.data_type() == onnx::TensorProto::INT32 ? 4
                                                                     : 1;
    if (!raw.empty()) {
      if (raw.size() % width)
        return emitError(nodeLoc)
               << "tensor '" << proto.name() << "' has " << raw.size()
               << " bytes of raw data, not a multiple of its element size ("
               << width << " bytes)";
      if (failed(checkCount(raw.size() / width)))
        return failure();
      for (int64_t i = 0; i < n; ++i) {
        const char *p = raw.data() + width * i;
        t.ints.push_back(
            width == 8
                ? static_cast<int64_t>(llvm::support::endian::read64le(p))
            : width == 4
                ? static_cast<int32_t>(llvm::support::endian::read32le(p))
            : proto.data_type() == onnx::TensorProto::INT8
                ? static_cast<int64_t>(static_cast<int8_t>(*p))
            : t.uint8 ? static_cast<int64_t>(static_cast<uint8_t>(*p)) + shift
                      : static_cast<int64_t>(*p != 0));
      }
    } else if (proto.data_type() == onnx::TensorProto::INT64) {
      if (failed(checkCount(proto.int64_data_size())))
        return failure();
      t.ints.assign(proto.int64_data().begin(), proto.int64_data().end());
    } else {
      if (failed(checkCount(proto.int32_data_size())))
        return failure();
      t.ints.assign(proto.int32_data().begin(), proto.int32_data().end());
      // int32_data holds int8, uint8 and bool elements one per int32.
      if (proto.data_type() == onnx::TensorProto::INT8)
        for (int64_t v : t.ints)
          if (v < -128 || v > 127)
            return emitError(nodeLoc)
                   << "tensor '" << proto.name() << "' is int8 but holds " << v;
      if (t.uint8)
        for (int64_t &v : t.ints) {
          if (v < 0 || v > 255)
            return emitError(nodeLoc) << "tensor '" << proto.name()
                                      << "' is uint8 but holds " << v;
          v += shift;
        }
    }
    return t;
  }
  default:
    return emitError(nodeLoc)
           << "tensor '" << proto.name() << "' has ONNX data type "
           << proto.data_type() << " ("
           << (onnx::TensorProto::DataType_IsValid(proto.data_type())
                   ? onnx::TensorProto::DataType_Name(
                         static_cast<onnx::TensorProto::DataType>(
                             proto.data_type()))
                   : std::string("unknown"))
           << "); only float, float16, bfloat16, int64, int32, int8, uint8 "
              "and bool are supported";
  }
}
