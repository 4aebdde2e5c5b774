//===- HalfPrecision.cpp - half-precision ops computed in f32 -------------===//
//
// f16 and bf16 are storage formats in mini: an activation of either takes
// two bytes, and every op computes in f32 and rounds its result once
// (docs/Rationale.md, "Half precision"; what CPUs without half-precision
// arithmetic do, as oneDNN's and ONNX Runtime's CPU kernels convert f16 to
// f32 around their computation). The ops whose lowering does that itself
// (isLoweredInHalf: the convolutions, contractions and poolings with an f32
// accumulator, layer normalization and softmax, whose statistics are f32,
// data movement, which moves values, constants and casts) keep
// their half-precision types; any other mini op with a half-precision
// operand or result is rewritten to the same op on f32 between `mini.cast`s,
// lowered by its f32 pattern. mini-fuse-elementwise fuses those casts into
// the elementwise generics on either side, so no f32 copy of an activation
// remains next to an elementwise op.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mini;
using namespace mini::lowering;

namespace {

/// Whether `op`'s pattern lowers half-precision operands and results
/// itself.
bool isLoweredInHalf(Operation *op) {
  return isa<ConstantOp, CastOp, Conv2dOp, GemmOp, MatMulOp, MaxPool2dOp,
             AvgPool2dOp, GlobalAvgPool2dOp, LayerNormOp, SoftmaxOp,
             LogSoftmaxOp, PadOp, FlattenOp, ReshapeOp, TransposeOp, ConcatOp,
             SliceOp, SplitOp, GatherOp, GatherElementsOp, ExpandOp>(op);
}

bool isHalfTensor(Type type) {
  return isa<RankedTensorType>(type) && isHalfFloat(getElementTypeOrSelf(type));
}

/// `type` with f32 elements when it is a half-precision tensor.
Type widen(Type type) {
  if (!isHalfTensor(type))
    return type;
  return cast<RankedTensorType>(type).clone(
      Float32Type::get(type.getContext()));
}

/// op(x: f16...) -> f16  becomes  cast(op(cast(x) : f32...)) -> f16.
struct WidenHalfPrecision : RewritePattern {
  WidenHalfPrecision(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/2, context) {}
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isa<MiniDialect>(op->getDialect()) || op->getNumRegions() != 0 ||
        isLoweredInHalf(op) ||
        (llvm::none_of(op->getOperandTypes(), isHalfTensor) &&
         llvm::none_of(op->getResultTypes(), isHalfTensor)))
      return failure();
    Location loc = op->getLoc();
    IRMapping mapping;
    for (Value operand : op->getOperands())
      if (isHalfTensor(operand.getType()))
        mapping.map(operand, CastOp::create(rewriter, loc,
                                            widen(operand.getType()), operand)
                                 .getResult());
    Operation *wide = rewriter.clone(*op, mapping);
    SmallVector<Value> results;
    for (auto [result, wideResult] :
         llvm::zip(op->getResults(), wide->getResults())) {
      wideResult.setType(widen(result.getType()));
      results.push_back(
          wideResult.getType() == result.getType()
              ? Value(wideResult)
              : CastOp::create(rewriter, loc, result.getType(), wideResult)
                    .getResult());
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void mini::lowering::populateHalfPrecisionPatterns(
    RewritePatternSet &patterns) {
  patterns.add<WidenHalfPrecision>(patterns.getContext());
}
