//===- MiniToLinalg.h - mini to linalg on tensors ---------------*- C++ -*-===//
//
// Patterns lowering the `mini` dialect to linalg, tensor and arith ops.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_CONVERSION_MINITOLINALG_MINITOLINALG_H
#define MINI_CONVERSION_MINITOLINALG_MINITOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace mini {

/// Adds the patterns that lower every `mini` op to linalg, tensor, arith and
/// math ops on tensors (see `--convert-mini-to-linalg`).
void populateMiniToLinalgPatterns(mlir::RewritePatternSet &patterns);

} // namespace mini

#endif // MINI_CONVERSION_MINITOLINALG_MINITOLINALG_H
