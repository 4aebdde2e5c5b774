//===- Reductions.cpp - reductions and normalizations ---------------------===//
//
// Reductions, softmax and the normalizations (batch norm, layer norm):
// linalg.generic reductions keeping the reduced dims, then elementwise.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include <limits>
#include <type_traits>

using namespace mlir;
using namespace mini;
using namespace mini::lowering;

namespace {

struct BatchNormLowering : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    // The 1-D parameters are read along dim 1 (channels): reshape them to
    // C x 1 x ... so that NumPy broadcasting applies.
    ArrayRef<int64_t> shape = op.getType().getShape();
    SmallVector<int64_t> paramShape(shape.size() - 1, 1);
    paramShape[0] = shape[1];
    Location loc = op.getLoc();
    SmallVector<Value> inputs = {op.getInput()};
    for (Value p : {op.getScale(), op.getBias(), op.getMean(), op.getVar()})
      inputs.push_back(reshapeTo(rewriter, loc, p, paramShape));
    FloatAttr eps = op.getEpsilonAttr();
    Value result = buildElementwise(
        rewriter, loc, shape, inputs,
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          // y = (x - mean) * scale / sqrt(var + eps) + bias
          Value e = arith::ConstantOp::create(b, l, eps);
          Value denom =
              math::SqrtOp::create(b, l, arith::AddFOp::create(b, l, a[4], e));
          Value centered = arith::SubFOp::create(b, l, a[0], a[3]);
          Value scaled = arith::MulFOp::create(b, l, centered, a[1]);
          return arith::AddFOp::create(
              b, l, arith::DivFOp::create(b, l, scaled, denom), a[2]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The reduced dims of a reduction over `axes` of a tensor of `shape`,
/// and how many elements each result element combines.
static int64_t getReducedDims(ArrayRef<int64_t> shape, ArrayRef<int64_t> axes,
                              SmallVectorImpl<bool> &reduced) {
  reduced.assign(shape.size(), false);
  int64_t count = 1;
  for (int64_t axis : axes) {
    int64_t a = axis < 0 ? axis + shape.size() : axis;
    reduced[a] = true;
    count *= shape[a];
  }
  return count;
}

/// ReduceSum, ReduceMean (a sum, then a division) and ReduceMax.
template <typename OpTy> struct ReduceLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<bool> reduced;
    int64_t count =
        getReducedDims(shapeOf(op.getInput()), op.getAxes(), reduced);
    Value result;
    if constexpr (std::is_same_v<OpTy, ReduceMaxOp>) {
      result = buildReduction(rewriter, loc, op.getInput(), reduced,
                              -std::numeric_limits<float>::infinity(), maxF);
    } else {
      result = buildReduction(rewriter, loc, op.getInput(), reduced, 0.0, addF);
      if constexpr (std::is_same_v<OpTy, ReduceMeanOp>)
        result = divideBy(rewriter, loc, result, static_cast<double>(count));
    }
    rewriter.replaceOp(
        op, reshapeTo(rewriter, loc, result, op.getType().getShape()));
    return success();
  }
};

struct LayerNormLowering : OpRewritePattern<LayerNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LayerNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    ArrayRef<int64_t> shape = op.getType().getShape();
    int64_t rank = shape.size();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    SmallVector<bool> reduced(rank, false);
    int64_t count = 1;
    for (int64_t i = axis; i < rank; ++i) {
      reduced[i] = true;
      count *= shape[i];
    }
    // mean, then the variance in one reduction reading x and the mean, then
    // the output in one elementwise generic: no full-size temporary.
    Value mean = divideBy(
        rewriter, loc,
        buildReduction(rewriter, loc, op.getInput(), reduced, 0.0, addF),
        static_cast<double>(count));
    ArrayRef<int64_t> statShape = shapeOf(mean);
    SmallVector<AffineExpr> statExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t i = 0; i < rank; ++i) {
      statExprs.push_back(reduced[i] ? getAffineConstantExpr(0, ctx)
                                     : getAffineDimExpr(i, ctx));
      iterators.push_back(reduced[i] ? utils::IteratorType::reduction
                                     : utils::IteratorType::parallel);
    }
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap statMap = AffineMap::get(rank, 0, statExprs, ctx);
    Value sumSq =
        filledTensor(rewriter, loc, statShape, 0.0,
                     getAlignedDynamicSizes(rewriter, loc, statShape, mean));
    sumSq = linalg::GenericOp::create(
                rewriter, loc, TypeRange{sumSq.getType()},
                ValueRange{op.getInput(), mean}, ValueRange{sumSq},
                ArrayRef<AffineMap>{identity, statMap, statMap}, iterators,
                [&](OpBuilder &b, Location l, ValueRange a) {
                  Value d = arith::SubFOp::create(b, l, a[0], a[1]);
                  linalg::YieldOp::create(
                      b, l,
                      Value(arith::AddFOp::create(
                          b, l, a[2], arith::MulFOp::create(b, l, d, d))));
                })
                .getResult(0);
    SmallVector<Value> inputs = {op.getInput(), mean, sumSq, op.getScale()};
    if (Value bias = op.getBias())
      inputs.push_back(bias);
    FloatAttr eps = op.getEpsilonAttr();
    Value result = buildElementwise(
        rewriter, loc, shape, inputs,
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          // (x - mean) / sqrt(sumSq / count + eps) * scale (+ bias)
          Value var = arith::DivFOp::create(
              b, l, a[2], f32Constant(b, l, static_cast<double>(count)));
          Value denom = math::SqrtOp::create(
              b, l,
              arith::AddFOp::create(b, l, var,
                                    arith::ConstantOp::create(b, l, eps)));
          Value y = arith::DivFOp::create(
              b, l, arith::SubFOp::create(b, l, a[0], a[1]), denom);
          y = arith::MulFOp::create(b, l, y, a[3]);
          if (a.size() > 4)
            y = arith::AddFOp::create(b, l, y, a[4]);
          return y;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SoftmaxLowering : OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> shape = op.getType().getShape();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += shape.size();
    SmallVector<bool> reduced(shape.size(), false);
    reduced[axis] = true;
    // max, exp(x - max), sum, divide: the numerically stable form.
    double lowest = -std::numeric_limits<float>::infinity();
    Value max =
        buildReduction(rewriter, loc, op.getInput(), reduced, lowest, maxF);
    Value exp =
        buildElementwise(rewriter, loc, shape, ValueRange{op.getInput(), max},
                         [](OpBuilder &b, Location l, ValueRange a) -> Value {
                           return math::ExpOp::create(
                               b, l, arith::SubFOp::create(b, l, a[0], a[1]));
                         });
    Value sum = buildReduction(rewriter, loc, exp, reduced, 0.0, addF);
    rewriter.replaceOp(
        op,
        buildElementwise(rewriter, loc, shape, ValueRange{exp, sum},
                         [](OpBuilder &b, Location l, ValueRange a) -> Value {
                           return arith::DivFOp::create(b, l, a[0], a[1]);
                         }));
    return success();
  }
};

} // namespace

void mini::lowering::populateReductionPatterns(RewritePatternSet &patterns) {
  patterns.add<BatchNormLowering, ReduceLowering<ReduceMeanOp>,
               ReduceLowering<ReduceSumOp>, ReduceLowering<ReduceMaxOp>,
               LayerNormLowering, SoftmaxLowering>(patterns.getContext());
}
