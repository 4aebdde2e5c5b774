//===- Passes.h - passes on the mini dialect ---------------------*- C++
//-*-===//
//
// Declarations of the mini-to-mini passes (generated from Passes.td) and of
// their patterns.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_DIALECT_MINI_TRANSFORMS_PASSES_H
#define MINI_DIALECT_MINI_TRANSFORMS_PASSES_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace mini {

#define GEN_PASS_DECL
#include "mini/Dialect/Mini/Transforms/Passes.h.inc"

/// Adds the patterns of `mini-fuse-decomposed-ops` to `patterns`.
void populateFuseDecomposedOpsPatterns(mlir::RewritePatternSet &patterns);

/// Applies `mini-fuse-decomposed-ops` to `op` (greedily, without region
/// simplification); fails only if the rewrite does not converge.
mlir::LogicalResult fuseDecomposedOps(mlir::Operation *op);

#define GEN_PASS_REGISTRATION
#include "mini/Dialect/Mini/Transforms/Passes.h.inc"

} // namespace mini

#endif // MINI_DIALECT_MINI_TRANSFORMS_PASSES_H
