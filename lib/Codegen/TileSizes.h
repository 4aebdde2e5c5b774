//===- TileSizes.h - the tile sizes of mini's CPU code ------------*- C++
//-*-===//
//
// Which loops of a linalg op on buffers are tiled, by how much and in which
// order, so that each tile fits the microkernels (Microkernels.h) or the
// vectorizer: the tile-size policy, apart from the transformations (as
// IREE keeps it in KernelDispatch.cpp). Internal to lib/Codegen.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_LIB_CODEGEN_TILESIZES_H
#define MINI_LIB_CODEGEN_TILESIZES_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mini {
namespace codegen {

/// Only tiles up to this many iteration points are vectorized: vector code is
/// fully unrolled, so larger vectors cost compile time and code size.
constexpr int64_t kMaxVectorizedPoints = 2048;

/// Tile sizes for `op` (0: that loop is not tiled), or an empty vector when
/// the op is left alone; `interchange` gets the tile loops' order where it
/// is not the loops' own (empty otherwise).
llvm::SmallVector<int64_t>
chooseTileSizes(mlir::linalg::LinalgOp op,
                llvm::SmallVectorImpl<int64_t> &interchange);

/// The number of iteration points of `op`, or -1 when a loop is dynamic.
int64_t getStaticIterationPoints(mlir::linalg::LinalgOp op);

} // namespace codegen
} // namespace mini

#endif // MINI_LIB_CODEGEN_TILESIZES_H
