//===- Fusion.h - fused forms of decomposed ONNX subgraphs -------*- C++ -*-===//
//
// Internal to the MiniImportONNX library.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_LIB_TARGET_ONNX_FUSION_H
#define MINI_LIB_TARGET_ONNX_FUSION_H

#include "mlir/IR/BuiltinOps.h"

namespace mini::onnx_import {

/// Rewrites, in `module`, the subgraphs that opset-13 exporters write for
/// LayerNormalization (ReduceMean, Sub, Pow 2, ReduceMean, Add epsilon,
/// Sqrt, Div, then Mul by a scale and Add of a bias) and for the exact GELU
/// (Div by sqrt 2, Erf, Add 1, Mul by x, Mul by 0.5) into `mini.layer_norm`
/// and `mini.gelu`, as torch-mlir and onnx-mlir recognize them: one fused op
/// keeps one buffer live where the subgraph kept several. Fails only if the
/// greedy rewrite does not converge.
mlir::LogicalResult fuseDecomposedOps(mlir::ModuleOp module);

} // namespace mini::onnx_import

#endif // MINI_LIB_TARGET_ONNX_FUSION_H
