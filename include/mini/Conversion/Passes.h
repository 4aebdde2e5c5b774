//===- Passes.h - mini-infer conversion passes -------------------*- C++
//-*-===//
//
// Declarations of the conversions out of the `mini` dialect.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_CONVERSION_PASSES_H
#define MINI_CONVERSION_PASSES_H

#include "mini/Conversion/MiniToLinalg/MiniToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mini {

#define GEN_PASS_DECL
#include "mini/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mini/Conversion/Passes.h.inc"

} // namespace mini

#endif // MINI_CONVERSION_PASSES_H
