//===- FuseAccumulators.cpp - wide accumulators one band at a time --------===//

#include "mini/Fusion/Passes.h"

#include "mini/Fusion/PatchFusion.h"
#include "mini/Fusion/Segments.h"
#include "mini/Support/Divisors.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/TypeUtilities.h"

#include "llvm/Support/MathExtras.h"

namespace mini {
#define GEN_PASS_DEF_FUSEACCUMULATORSPASS
#include "mini/Fusion/Passes.h.inc"
} // namespace mini

using namespace mlir;
using namespace mini;

namespace {

/// Whether `type` is a rank-4 (NCHW) tensor with a static C (H and W are
/// dynamic in the halo patches of a segment).
bool isNCHW(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getRank() == 4 && !tensor.isDynamicDim(1);
}

/// Whether each channel of `accumulate`'s NCHW result reads only the same
/// channel of its first input (a depthwise convolution), so that a band of
/// channels needs only those channels of the input and of its padding.
bool readsOwnChannel(linalg::LinalgOp accumulate) {
  AffineMap result =
      accumulate.getMatchingIndexingMap(accumulate.getDpsInitOperand(0));
  AffineMap input =
      accumulate.getMatchingIndexingMap(accumulate.getDpsInputOperand(0));
  return result.getNumResults() == 4 && input.getNumResults() == 4 &&
         isa<AffineDimExpr>(result.getResult(1)) &&
         input.getResult(1) == result.getResult(1);
}

/// Whether `accumulate`'s bands may take a few channels at a time: it can
/// be tiled (its result is indexed by a projected permutation: a
/// convolution, not a global pooling), and a band of channels reads only
/// those channels of its padded input (depthwise) or reads its input
/// unpadded (a 1x1 convolution), so that nothing is copied twice. A
/// convolution of a padded input keeps every channel in its band: each
/// channel group would pad the input band again.
bool splitsByChannel(linalg::LinalgOp accumulate) {
  if (!accumulate.getMatchingIndexingMap(accumulate.getDpsInitOperand(0))
           .isProjectedPermutation())
    return false;
  return readsOwnChannel(accumulate) || !accumulate.getDpsInputOperand(0)
                                             ->get()
                                             .getDefiningOp<tensor::PadOp>();
}

struct FuseAccumulatorsPass
    : public mini::impl::FuseAccumulatorsPassBase<FuseAccumulatorsPass> {
  using FuseAccumulatorsPassBase::FuseAccumulatorsPassBase;
  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerSegmentPlanningDependencies(registry);
  }
  void runOnOperation() override {
    for (auto [name, value] : {std::make_pair("rows", int64_t(rows)),
                               std::make_pair("channels", int64_t(channels))})
      if (value < 1) {
        getOperation().emitError("mini-fuse-accumulators: ")
            << name << " must be at least 1, not " << value;
        return signalPassFailure();
      }
    // The requantizations and their accumulating producers, in order, and
    // whether the accumulator is a convolution's (else a matrix product's,
    // banded by rows).
    struct Work {
      linalg::GenericOp requantize;
      linalg::LinalgOp accumulate;
      bool convolution;
    };
    SmallVector<Work> work;
    // The elementwise consumer of each accumulator: the requantization,
    // possibly fused with what follows it (mini-fuse-elementwise).
    // An NCHW accumulator (a convolution's) or, of any other rank, one of
    // the consumer's shape (a matrix product's, whose rows are banded).
    getOperation().walk([&](linalg::GenericOp requantize) {
      if (requantize->getNumResults() != 1 ||
          requantize.getNumLoops() != requantize.getNumParallelLoops())
        return;
      Type resultType = requantize->getResult(0).getType();
      if (cast<ShapedType>(resultType).getRank() < 2)
        return;
      for (OpOperand *input : requantize.getDpsInputOperands()) {
        auto accumulate = input->get().getDefiningOp<linalg::LinalgOp>();
        if (!accumulate || !accumulate->hasOneUse() ||
            accumulate->getNumResults() != 1 ||
            !isBandedAccumulator(accumulate->getResult(0)) ||
            accumulate->getBlock() != requantize->getBlock())
          continue;
        Type accumulatorType = accumulate->getResult(0).getType();
        bool convolution = isNCHW(resultType) && isNCHW(accumulatorType);
        // A matrix product's: read elementwise into a result of its shape,
        // and its result indexed by its loops (not a reduction into
        // constant indices, which has no tiled form).
        bool rows =
            cast<ShapedType>(accumulatorType).getShape() ==
                cast<ShapedType>(resultType).getShape() &&
            requantize.getMatchingIndexingMap(requantize.getDpsInitOperand(0))
                .isIdentity() &&
            requantize.getMatchingIndexingMap(input).isIdentity() &&
            accumulate.getMatchingIndexingMap(accumulate.getDpsInitOperand(0))
                .isProjectedPermutation();
        if (!convolution && !rows)
          continue;
        work.push_back({requantize, accumulate, convolution});
        return;
      }
    });
    IRRewriter rewriter(&getContext());
    for (auto [requantize, accumulate, convolution] : work) {
      ArrayRef<int64_t> shape =
          cast<RankedTensorType>(requantize->getResult(0).getType()).getShape();
      // The accumulation and its initial value (bias or zeros).
      llvm::SmallPtrSet<Operation *, 8> members;
      members.insert(accumulate);
      auto addInit = [&](OpOperand &operand) {
        Operation *def = operand.get().getDefiningOp();
        if (def && def->hasOneUse() && isa<linalg::LinalgOp>(def))
          members.insert(def);
      };
      if (!convolution) {
        // A matrix product's rows: bands of at most `rows` rows of the
        // second-to-last dimension (a divisor of a static one).
        int64_t m = shape[shape.size() - 2];
        if (ShapedType::isDynamic(m) || largestDivisorAtMost(m, rows) == m)
          continue;
        SmallVector<OpFoldResult> tileSizes(requantize.getNumLoops(),
                                            rewriter.getIndexAttr(0));
        tileSizes[shape.size() - 2] =
            rewriter.getIndexAttr(largestDivisorAtMost(m, rows));
        for (OpOperand &init : accumulate.getDpsInitsMutable())
          addInit(init);
        if (failed(tileAndFuse(rewriter, requantize, tileSizes, members))) {
          requantize.emitError("mini-fuse-accumulators: tile-and-fuse failed");
          return signalPassFailure();
        }
        continue;
      }
      // Bands of equal size (a remainder band would be of dynamic size,
      // which the microkernels do not take): the most rows at most `rows`
      // that divide a static height (a dynamic one, a halo patch's, is not
      // cut) and, where splitsByChannel, the most channels at most
      // `channels` that divide C.
      int64_t rowGroups = ShapedType::isDynamic(shape[2])
                              ? 1
                              : shape[2] / largestDivisorAtMost(shape[2], rows);
      int64_t channelGroups =
          splitsByChannel(accumulate)
              ? shape[1] / largestDivisorAtMost(shape[1], channels)
              : 1;
      PatchGrid grid{rowGroups, 1, channelGroups};
      if (grid.isWhole() || !getGridProblem(requantize, grid).empty())
        continue;
      // And its padded input. Any other producer of the input stays outside
      // the bands: fused, it would be computed again for every group of
      // channels.
      for (OpOperand &operand : accumulate->getOpOperands()) {
        Operation *def = operand.get().getDefiningOp();
        if (accumulate.isDpsInit(&operand))
          addInit(operand);
        else if (def && def->hasOneUse() && isa<tensor::PadOp>(def))
          members.insert(def);
      }
      if (failed(fuseIntoPatches(rewriter, requantize, grid, members))) {
        requantize.emitError("mini-fuse-accumulators: tile-and-fuse failed");
        return signalPassFailure();
      }
    }
    if (!work.empty())
      simplifyPatchLoops(getOperation());
  }
};

} // namespace
