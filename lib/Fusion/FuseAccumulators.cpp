//===- FuseAccumulators.cpp - int32 accumulators one band at a time -------===//

#include "mini/Fusion/Passes.h"

#include "mini/Fusion/PatchFusion.h"
#include "mini/Fusion/Segments.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "llvm/Support/MathExtras.h"

namespace mini {
#define GEN_PASS_DEF_FUSEACCUMULATORSPASS
#include "mini/Fusion/Passes.h.inc"
} // namespace mini

using namespace mlir;
using namespace mini;

namespace {

/// Whether `type` is a static rank-4 tensor of `bits`-bit integers.
bool isIntTensor4D(Type type, unsigned bits) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getRank() == 4 && tensor.hasStaticShape() &&
         tensor.getElementType().isInteger(bits);
}

struct FuseAccumulatorsPass
    : public mini::impl::FuseAccumulatorsPassBase<FuseAccumulatorsPass> {
  using FuseAccumulatorsPassBase::FuseAccumulatorsPassBase;
  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerSegmentPlanningDependencies(registry);
  }
  void runOnOperation() override {
    if (rows < 1) {
      getOperation().emitError("mini-fuse-accumulators: rows must be at "
                               "least 1, not ")
          << static_cast<int64_t>(rows);
      return signalPassFailure();
    }
    // The requantizations and their accumulating producers, in order.
    SmallVector<std::pair<linalg::GenericOp, linalg::LinalgOp>> work;
    // The elementwise consumer of each accumulator: the requantization,
    // possibly fused with what follows it (mini-fuse-elementwise).
    getOperation().walk([&](linalg::GenericOp requantize) {
      if (requantize->getNumResults() != 1 ||
          requantize.getNumLoops() != requantize.getNumParallelLoops() ||
          !getPatchSinkProblem(requantize).empty())
        return;
      for (OpOperand *input : requantize.getDpsInputOperands()) {
        auto accumulate = input->get().getDefiningOp<linalg::LinalgOp>();
        if (!accumulate || !accumulate->hasOneUse() ||
            accumulate->getNumResults() != 1 ||
            accumulate.getNumReductionLoops() == 0 ||
            !isIntTensor4D(accumulate->getResult(0).getType(), 32) ||
            accumulate->getBlock() != requantize->getBlock())
          continue;
        work.push_back({requantize, accumulate});
        return;
      }
    });
    IRRewriter rewriter(&getContext());
    for (auto [requantize, accumulate] : work) {
      int64_t height =
          cast<RankedTensorType>(requantize->getResult(0).getType())
              .getDimSize(2);
      if (height <= rows)
        continue;
      // The accumulation, its initial value (bias or zeros) and its padded
      // input.
      llvm::SmallPtrSet<Operation *, 8> members;
      members.insert(accumulate);
      for (Value operand : accumulate->getOperands())
        if (Operation *def = operand.getDefiningOp())
          if (isa<linalg::LinalgOp, tensor::PadOp>(def) && def->hasOneUse())
            members.insert(def);
      // Bands of equal height (a remainder band would be of dynamic size,
      // which the microkernels do not take): the most rows at most `rows`
      // that divide the height.
      int64_t band = std::min<int64_t>(rows, height);
      while (height % band != 0)
        --band;
      PatchGrid grid{height / band, 1};
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
