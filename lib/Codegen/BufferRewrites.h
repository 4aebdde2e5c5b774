//===- BufferRewrites.h - rewrites of tiles on buffers ------------*- C++
//-*-===//
//
// What a tile on buffers becomes before the vectorizer sees it: a
// microkernel (Microkernels.h), a 1-D window op, or depthwise taps as rows.
// Upstream's decompositions work on tensors only. Internal to lib/Codegen.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_LIB_CODEGEN_BUFFERREWRITES_H
#define MINI_LIB_CODEGEN_BUFFERREWRITES_H

#include "mlir/IR/PatternMatch.h"

namespace mini {
namespace codegen {

/// Rewrites the tiled `op` on buffers: a convolution, a row-major
/// contraction or a depthwise convolution into its microkernel when it
/// fits, else a unit-height convolution or pooling into its 1-D form, a
/// depthwise convolution into one elementwise op per tap; failure when none
/// applies.
mlir::LogicalResult decomposeOnBuffers(mlir::RewriterBase &rewriter,
                                       mlir::Operation *op);

} // namespace codegen
} // namespace mini

#endif // MINI_LIB_CODEGEN_BUFFERREWRITES_H
