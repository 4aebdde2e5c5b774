//===- TileAndVectorize.cpp - tile and vectorize linalg on memrefs --------===//
//
// The pass driver over upstream linalg transformations: `scf::tileUsingSCF`,
// the convolution decomposition patterns, `linalg::vectorize` and
// `linalg::hoistRedundantVectorTransfers`, as in IREE's CPU pipeline (tile to
// registers, decompose windowed ops to 1-D, vectorize, hoist). The tile
// sizes are chosen in TileSizes.cpp; the rewrites of tiles on buffers that
// upstream lacks (unit-height 2-D to 1-D, depthwise taps as rows) are in
// BufferRewrites.cpp, the outer-product microkernels of convolutions,
// depthwise convolutions and row-major contractions in Microkernels.cpp.
//
//===----------------------------------------------------------------------===//

#include "mini/Codegen/Passes.h"

#include "BufferRewrites.h"
#include "Microkernels.h"
#include "TileSizes.h"

#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mini {
#define GEN_PASS_DEF_TILEANDVECTORIZEPASS
#include "mini/Codegen/Passes.h.inc"
} // namespace mini

using namespace mlir;
using namespace mini::codegen;

namespace {

struct TileAndVectorizePass
    : public mini::impl::TileAndVectorizePassBase<TileAndVectorizePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);

    // memref.copy (from bufferized insert_slice and pad) as linalg.copy, so
    // that copies are tiled and vectorized like any elementwise op, unless
    // both sides are one contiguous static block (a concat's operand in its
    // channel slice): upstream's memref-to-llvm lowers those to one
    // `llvm.intr.memcpy`, which costs the JIT nothing and runs as the C
    // library's memcpy. DenseNet-121's 541 concat copies were half its loop
    // nests.
    SmallVector<memref::CopyOp> copies;
    func.walk([&](memref::CopyOp copy) {
      auto contiguous = [](Type type) {
        auto memref = dyn_cast<MemRefType>(type);
        return memref && memref::isStaticShapeAndContiguousRowMajor(memref);
      };
      if (!contiguous(copy.getSource().getType()) ||
          !contiguous(copy.getTarget().getType()))
        copies.push_back(copy);
    });
    for (memref::CopyOp copy : copies) {
      rewriter.setInsertionPoint(copy);
      linalg::CopyOp::create(rewriter, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      rewriter.eraseOp(copy);
    }

    // A contraction's unit loops (ViT's attention projections compute
    // 197x1x768 by 768x2304, the batch of one between the rows and the
    // reduction) are dropped first (upstream `linalg::dropUnitDims`, through
    // rank-reducing subviews), so that the row-major matcher sees rows and
    // columns next to the reduction; otherwise the rows were tiled one by
    // one. The drop is kept only if the microkernel's matcher takes its
    // result: a classifier's 1 x 2048 by 2048 x 1000 has no rows left
    // without its unit loop, and keeps its one-row tiles. A drop that is
    // not kept leaves dead subviews, which the pipeline's canonicalizer
    // removes.
    SmallVector<linalg::GenericOp> withUnitLoops;
    func.walk([&](linalg::GenericOp op) {
      if (op.hasPureBufferSemantics() && op.getNumReductionLoops() != 0 &&
          linalg::isaContractionOpInterface(op) &&
          llvm::is_contained(op.getStaticLoopRanges(), 1))
        withUnitLoops.push_back(op);
    });
    linalg::ControlDropUnitDims dropUnitLoops;
    dropUnitLoops.rankReductionStrategy =
        linalg::ControlDropUnitDims::RankReductionStrategy::ExtractInsertSlice;
    for (linalg::GenericOp op : withUnitLoops) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::DropUnitDimsResult> dropped =
          linalg::dropUnitDims(rewriter, op, dropUnitLoops);
      if (failed(dropped))
        continue;
      auto generic =
          dyn_cast<linalg::GenericOp>(dropped->resultOp.getOperation());
      if (generic && succeeded(matchRowMajorContraction(generic)))
        rewriter.eraseOp(op);
      else
        rewriter.eraseOp(dropped->resultOp);
    }

    // Tile. The ops have buffer semantics, so tiling leaves no results to
    // replace; the original op is erased once its tiles exist.
    SmallVector<linalg::LinalgOp> ops;
    func.walk([&](linalg::LinalgOp op) {
      if (op.hasPureBufferSemantics())
        ops.push_back(op);
    });
    // A row-major contraction whose rows or columns the microkernel's tile
    // does not divide (ViT's 197 tokens) is split (upstream
    // `linalg::splitOp`) into a part it divides and the rest, so that the
    // bulk keeps full tiles instead of the largest divisor's (1 for a
    // prime).
    SmallVector<linalg::LinalgOp> split;
    for (linalg::LinalgOp op : ops) {
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic || failed(matchRowMajorContraction(generic))) {
        split.push_back(op);
        continue;
      }
      SmallVector<linalg::LinalgOp> parts = {op};
      for (auto [dim, tile] : getContractionTiles(op.getNumLoops())) {
        SmallVector<linalg::LinalgOp> next;
        for (linalg::LinalgOp part : parts) {
          int64_t range = part.getStaticLoopRanges()[dim];
          int64_t bulk = range / tile * tile;
          if (bulk == 0 || bulk == range) {
            next.push_back(part);
            continue;
          }
          rewriter.setInsertionPoint(part);
          auto [first, second] = linalg::splitOp(
              rewriter, cast<TilingInterface>(part.getOperation()), dim,
              rewriter.getIndexAttr(bulk));
          for (TilingInterface half : {first, second})
            if (half)
              next.push_back(cast<linalg::LinalgOp>(half.getOperation()));
        }
        parts = std::move(next);
      }
      llvm::append_range(split, parts);
    }
    ops = std::move(split);
    for (linalg::LinalgOp op : ops) {
      SmallVector<int64_t> interchange;
      SmallVector<int64_t> sizes = chooseTileSizes(op, interchange);
      // Every op is tiled, however small, so that vector sizes (and the
      // unrolled code) stay at register-tile scale.
      if (sizes.empty())
        continue;
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(ctx, sizes));
      options.setInterchange(interchange);
      rewriter.setInsertionPoint(op);
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled))
        continue;
      rewriter.eraseOp(op);
      // Unit-height 2-D convolutions and poolings to their 1-D forms, which
      // the vectorizer handles.
      for (Operation *tile : tiled->tiledOps)
        (void)decomposeOnBuffers(rewriter, tile);
    }

    // Vectorize the tiles.
    SmallVector<linalg::LinalgOp> candidates;
    func.walk([&](linalg::LinalgOp op) {
      if (!op->getParentOfType<scf::ForOp>())
        return;
      // Vectors of i1 are bit-packed in memory, while memrefs of i1 (masks,
      // comparison results) hold one byte per element: those ops stay
      // scalar loops.
      auto isBool = [](Value v) {
        return getElementTypeOrSelf(v.getType()).isInteger(1);
      };
      if (llvm::any_of(op->getOperands(), isBool))
        return;
      int64_t points = getStaticIterationPoints(op);
      if (points > 0 && points <= kMaxVectorizedPoints &&
          op.hasPureBufferSemantics() &&
          linalg::hasVectorizationImpl(op.getOperation()))
        candidates.push_back(op);
    });
    for (linalg::LinalgOp op : candidates) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::VectorizationResult> result =
          linalg::vectorize(rewriter, op.getOperation());
      if (succeeded(result))
        rewriter.eraseOp(op);
    }

    // Keep accumulators in registers across the reduction loops. The
    // vectorizer materializes its index constants inside the loops; folding
    // (an empty pattern set) moves them to the entry first, so that the
    // transfers' indices are loop-invariant.
    // erf and tanh have no LLVM intrinsic: MathToLibm would call erff/tanhf
    // per element (and cannot scalarize n-D vectors after vector-to-llvm).
    // Upstream's polynomial approximations (float32 accuracy) keep them
    // vectorized instead.
    RewritePatternSet approximations(ctx);
    populatePolynomialApproximateErfPattern(approximations);
    populatePolynomialApproximateTanhPattern(approximations);
    (void)applyPatternsGreedily(func, std::move(approximations));
    linalg::hoistRedundantVectorTransfers(func);
  }
};

} // namespace
