//===- MiniToLinalg.cpp - the mini to linalg pass driver ------------------===//
//
// The pass and the populate function; the patterns are in one file per
// family (Elementwise, NamedOps, Reductions, DataMovement). Everything is
// destination-passing style on tensors so that One-Shot Bufferize turns
// each activation into exactly one buffer; shape-only ops become
// reassociative reshapes and slices, which bufferize to views rather than
// copies.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mini {
#define GEN_PASS_DEF_CONVERTMINITOLINALGPASS
#include "mini/Conversion/Passes.h.inc"
} // namespace mini

using namespace mlir;
using namespace mini;

namespace {

struct ConvertMiniToLinalgPass
    : public mini::impl::ConvertMiniToLinalgPassBase<ConvertMiniToLinalgPass> {
  using Base::Base;
  void runOnOperation() override {
    ConversionTarget target(getContext());
    target.addIllegalDialect<MiniDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(&getContext());
    populateMiniToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mini::populateMiniToLinalgPatterns(RewritePatternSet &patterns) {
  lowering::populateElementwisePatterns(patterns);
  lowering::populateNamedOpPatterns(patterns);
  lowering::populateReductionPatterns(patterns);
  lowering::populateDataMovementPatterns(patterns);
  lowering::populateQuantizedPatterns(patterns);
  lowering::populateHalfPrecisionPatterns(patterns);
}
