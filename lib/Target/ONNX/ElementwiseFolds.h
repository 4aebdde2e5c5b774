//===- ElementwiseFolds.h - the folds of elementwise ONNX ops -----*- C++
//-*-===//
//
// The folds of the elementwise ops on host tensors, one template per kind
// of op and an instance per op, bound to it in the op table (OpTable.cpp).
// Internal to the MiniImportONNX library.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_LIB_TARGET_ONNX_ELEMENTWISEFOLDS_H
#define MINI_LIB_TARGET_ONNX_ELEMENTWISEFOLDS_H

#include "Importer.h"

#include <algorithm>
#include <cmath>

namespace mini::onnx_import {

using mlir::ArrayRef;
using mlir::failed;
using mlir::failure;
using mlir::FailureOr;

/// Folds the binary op `Fn` on host tensors with NumPy broadcasting:
/// comparisons give bools, two integer tensors an integer one of the wider
/// width (integer Div and Mod fail on a zero divisor or an overflow),
/// anything else floats.
template <BinaryFn Fn>
FailureOr<HostTensor> foldBinary(Importer &im, const onnx::NodeProto &node,
                                 ArrayRef<const HostTensor *> in) {
  if (in.size() != 2 || !in[0] || !in[1])
    return im.nodeError(node, "needs two inputs");
  bool isInt = !in[0]->isFloat() && !in[1]->isFloat();
  constexpr bool isCompare =
      Fn == BinaryFn::Equal || Fn == BinaryFn::Less ||
      Fn == BinaryFn::Greater || Fn == BinaryFn::LessOrEqual ||
      Fn == BinaryFn::GreaterOrEqual || Fn == BinaryFn::And ||
      Fn == BinaryFn::Or || Fn == BinaryFn::Xor;
  HostTensor::Kind kind = isCompare ? HostTensor::Kind::Bool
                          : isInt   ? HostTensor::Kind::Int
                                    : HostTensor::Kind::Float;
  bool fmod = Fn == BinaryFn::Mod && im.getInt(node, "fmod", 0) != 0;
  bool invalid = false;
  FailureOr<HostTensor> t =
      mapBroadcast(im, node, in, kind, [&](ArrayRef<double> v) -> double {
        double a = v[0], b = v[1];
        switch (Fn) {
        case BinaryFn::Add:
          return a + b;
        case BinaryFn::Sub:
          return a - b;
        case BinaryFn::Mul:
          return a * b;
        case BinaryFn::Pow:
          return std::pow(a, b);
        case BinaryFn::Equal:
          return a == b;
        case BinaryFn::Less:
          return a < b;
        case BinaryFn::Greater:
          return a > b;
        case BinaryFn::LessOrEqual:
          return a <= b;
        case BinaryFn::GreaterOrEqual:
          return a >= b;
        case BinaryFn::And:
          return a != 0 && b != 0;
        case BinaryFn::Or:
          return a != 0 || b != 0;
        case BinaryFn::Xor:
          return (a != 0) != (b != 0);
        case BinaryFn::Mod: {
          if (isInt && b == 0) {
            invalid = true;
            return 0;
          }
          double r = std::fmod(a, b);
          // Without fmod the result takes the divisor's sign (Python's %).
          if (!fmod && r != 0 && ((r < 0) != (b < 0)))
            r += b;
          return r;
        }
        case BinaryFn::Div:
          if (!isInt)
            return a / b;
          // A zero divisor, and INT64_MIN / -1, which does not fit (and
          // traps on x86).
          if (b == 0 || (b == -1 && a <= static_cast<double>(INT64_MIN))) {
            invalid = true;
            return 0;
          }
          return static_cast<double>(toInt64(a) / toInt64(b));
        }
        return 0;
      });
  if (failed(t))
    return failure();
  if (invalid)
    return im.nodeError(node, "the folded integer division divides by zero "
                              "or overflows int64");
  if (isInt && !isCompare)
    t->intBits = std::max(in[0]->intBits, in[1]->intBits);
  return t;
}

/// Folds the unary op `Fn` on a host tensor, keeping its element kind.
template <UnaryFn Fn>
FailureOr<HostTensor> foldUnary(Importer &im, const onnx::NodeProto &node,
                                ArrayRef<const HostTensor *> in) {
  auto fn = [](double x) -> double {
    switch (Fn) {
    case UnaryFn::Relu:
      return x > 0 ? x : 0.0;
    case UnaryFn::Sigmoid:
      return 1 / (1 + std::exp(-x));
    case UnaryFn::Sqrt:
      return std::sqrt(x);
    case UnaryFn::Exp:
      return std::exp(x);
    case UnaryFn::Log:
      return std::log(x);
    case UnaryFn::Erf:
      return std::erf(x);
    case UnaryFn::Tanh:
      return std::tanh(x);
    case UnaryFn::Neg:
      return -x;
    case UnaryFn::Reciprocal:
      return 1 / x;
    case UnaryFn::HardSwish:
      return x * std::clamp(x / 6 + 0.5, 0.0, 1.0);
    case UnaryFn::Not:
      return x == 0 ? 1.0 : 0.0;
    case UnaryFn::Sin:
      return std::sin(x);
    case UnaryFn::Cos:
      return std::cos(x);
    case UnaryFn::Tan:
      return std::tan(x);
    case UnaryFn::Asin:
      return std::asin(x);
    case UnaryFn::Acos:
      return std::acos(x);
    case UnaryFn::Atan:
      return std::atan(x);
    case UnaryFn::Sinh:
      return std::sinh(x);
    case UnaryFn::Cosh:
      return std::cosh(x);
    case UnaryFn::Asinh:
      return std::asinh(x);
    case UnaryFn::Acosh:
      return std::acosh(x);
    case UnaryFn::Atanh:
      return std::atanh(x);
    case UnaryFn::Ceil:
      return std::ceil(x);
    case UnaryFn::Floor:
      return std::floor(x);
    case UnaryFn::Round:
      // Halves to even (the default rounding mode).
      return std::nearbyint(x);
    case UnaryFn::Abs:
      return std::fabs(x);
    case UnaryFn::Sign:
      return x > 0 ? 1.0 : x < 0 ? -1.0 : x;
    case UnaryFn::Softplus:
      return std::log(std::exp(x) + 1);
    case UnaryFn::Softsign:
      return x / (1 + std::fabs(x));
    }
    return 0;
  };
  FailureOr<HostTensor> t =
      mapBroadcast(im, node, in[0], in[0]->kind,
                   [&](ArrayRef<double> v) { return fn(v[0]); });
  if (succeeded(t))
    t->intBits = in[0]->intBits;
  return t;
}

} // namespace mini::onnx_import

#endif // MINI_LIB_TARGET_ONNX_ELEMENTWISEFOLDS_H
