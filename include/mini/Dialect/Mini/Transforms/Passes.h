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

/// Adds the fusions of `mini-fuse-quantized-ops` to `patterns`.
void populateFuseQuantizedOpsPatterns(mlir::RewritePatternSet &patterns);

/// Applies `mini-fuse-quantized-ops` to `op`: the fusions, then the folding
/// of dequantized constants; fails only if a rewrite does not converge.
mlir::LogicalResult fuseQuantizedOps(mlir::Operation *op);

/// The fixed-point form of a positive real multiplier: (m, s) with m in
/// [2^30, 2^31) and real = m * 2^-(31 + s) (TFLite's QuantizeMultiplier);
/// nullopt when `real` is not positive and finite or s would leave
/// [-31, 32].
std::optional<std::pair<int32_t, int32_t>> quantizeMultiplier(double real);

#define GEN_PASS_REGISTRATION
#include "mini/Dialect/Mini/Transforms/Passes.h.inc"

} // namespace mini

#endif // MINI_DIALECT_MINI_TRANSFORMS_PASSES_H
