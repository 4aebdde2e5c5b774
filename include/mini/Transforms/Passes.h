//===- Passes.h - dialect-agnostic mini-infer passes -------------*- C++
//-*-===//
//
// Declarations of the memory-planning passes (generated from Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_TRANSFORMS_PASSES_H
#define MINI_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mini {

#define GEN_PASS_DECL
#include "mini/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mini/Transforms/Passes.h.inc"

} // namespace mini

#endif // MINI_TRANSFORMS_PASSES_H
