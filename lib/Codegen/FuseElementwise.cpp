//===- FuseElementwise.cpp - fuse elementwise producers into consumers ----===//
//
// See the pass description in Passes.td: upstream's elementwise fusion
// (`linalg::populateElementwiseOpsFusionPatterns`) restricted to all-parallel
// producers with one use and all-parallel consumers, on tensors, before
// bufferization.
//
//===----------------------------------------------------------------------===//

#include "mini/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mini {
#define GEN_PASS_DEF_FUSEELEMENTWISEPASS
#include "mini/Codegen/Passes.h.inc"
} // namespace mini

using namespace mlir;

namespace {

/// Whether `op` is a `linalg.generic` on tensors whose loops are all
/// parallel (elementwise, broadcasts, transposes).
bool isAllParallelGeneric(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  return generic && generic.hasPureTensorSemantics() &&
         generic.getNumLoops() == generic.getNumParallelLoops();
}

struct FuseElementwisePass
    : public mini::impl::FuseElementwisePassBase<FuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(
        patterns, [](OpOperand *operand) {
          // In one block: a producer outside a loop fused into a consumer
          // inside it would run at every iteration.
          Operation *producer = operand->get().getDefiningOp();
          Operation *consumer = operand->getOwner();
          return isAllParallelGeneric(producer) && producer->hasOneUse() &&
                 isAllParallelGeneric(consumer) &&
                 producer->getBlock() == consumer->getBlock();
        });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
