//===- Passes.h - mini-infer CPU code generation passes ----------*- C++
//-*-===//
//
// Declarations of the code generation passes (generated from Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_CODEGEN_PASSES_H
#define MINI_CODEGEN_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mini {

#define GEN_PASS_DECL
#include "mini/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mini/Codegen/Passes.h.inc"

} // namespace mini

#endif // MINI_CODEGEN_PASSES_H
