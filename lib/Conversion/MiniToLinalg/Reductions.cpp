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

/// Every ONNX reduction: an optional map of each element, a combination
/// from an initial value, and an optional map of each result (ONNX's
/// definitions: L1 = sum |x|, L2 = sqrt(sum x^2), SumSquare = sum x^2,
/// LogSum = log(sum x), Mean = sum / count). LogSumExp has its own pattern.
template <typename OpTy> struct ReduceLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<bool> reduced;
    int64_t count =
        getReducedDims(shapeOf(op.getInput()), op.getAxes(), reduced);
    constexpr float inf = std::numeric_limits<float>::infinity();
    auto absolute = [](OpBuilder &b, Location l, Value x, Value acc) -> Value {
      return arith::AddFOp::create(b, l, acc, math::AbsFOp::create(b, l, x));
    };
    auto square = [](OpBuilder &b, Location l, Value x, Value acc) -> Value {
      return arith::AddFOp::create(b, l, acc,
                                   arith::MulFOp::create(b, l, x, x));
    };
    auto product = [](OpBuilder &b, Location l, Value x, Value acc) -> Value {
      return arith::MulFOp::create(b, l, acc, x);
    };
    auto minimum = [](OpBuilder &b, Location l, Value x, Value acc) -> Value {
      return arith::MinimumFOp::create(b, l, x, acc);
    };
    Value input = op.getInput(), result;
    if constexpr (std::is_same_v<OpTy, ReduceMaxOp>)
      result = buildReduction(rewriter, loc, input, reduced, -inf, maxF);
    else if constexpr (std::is_same_v<OpTy, ReduceMinOp>)
      result = buildReduction(rewriter, loc, input, reduced, inf, minimum);
    else if constexpr (std::is_same_v<OpTy, ReduceProdOp>)
      result = buildReduction(rewriter, loc, input, reduced, 1.0, product);
    else if constexpr (std::is_same_v<OpTy, ReduceL1Op>)
      result = buildReduction(rewriter, loc, input, reduced, 0.0, absolute);
    else if constexpr (std::is_same_v<OpTy, ReduceL2Op> ||
                       std::is_same_v<OpTy, ReduceSumSquareOp>)
      result = buildReduction(rewriter, loc, input, reduced, 0.0, square);
    else
      result = buildReduction(rewriter, loc, input, reduced, 0.0, addF);
    if constexpr (std::is_same_v<OpTy, ReduceMeanOp>)
      result = divideBy(rewriter, loc, result, static_cast<double>(count));
    if constexpr (std::is_same_v<OpTy, ReduceL2Op> ||
                  std::is_same_v<OpTy, ReduceLogSumOp>)
      result =
          buildElementwise(rewriter, loc, shapeOf(result), ValueRange{result},
                           [](OpBuilder &b, Location l, ValueRange a) -> Value {
                             if constexpr (std::is_same_v<OpTy, ReduceL2Op>)
                               return math::SqrtOp::create(b, l, a[0]);
                             else
                               return math::LogOp::create(b, l, a[0]);
                           });
    rewriter.replaceOp(
        op, reshapeTo(rewriter, loc, result, op.getType().getShape()));
    return success();
  }
};

/// ArgMax and ArgMin: one reduction generic carrying the best value (f32)
/// and its index (i64) along the axis; a later element replaces the best
/// when strictly better (the first on ties) or, with select_last_index,
/// when at least as good. Ordered comparisons: a NaN never replaces.
template <typename OpTy> struct ArgReduceLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value input = op.getInput();
    ArrayRef<int64_t> shape = shapeOf(input);
    int64_t rank = shape.size();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    constexpr bool isMax = std::is_same_v<OpTy, ArgMaxOp>;
    bool last = op.getSelectLastIndex();
    SmallVector<int64_t> kept;
    SmallVector<AffineExpr> outExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t i = 0; i < rank; ++i) {
      kept.push_back(i == axis ? 1 : shape[i]);
      outExprs.push_back(i == axis ? getAffineConstantExpr(0, ctx)
                                   : getAffineDimExpr(i, ctx));
      iterators.push_back(i == axis ? utils::IteratorType::reduction
                                    : utils::IteratorType::parallel);
    }
    float start = (isMax ? -1 : 1) * std::numeric_limits<float>::infinity();
    Value best = filledTensor(rewriter, loc, kept, start, {});
    Value zero =
        arith::ConstantOp::create(rewriter, loc, rewriter.getI64IntegerAttr(0));
    Value index = linalg::FillOp::create(
                      rewriter, loc, zero,
                      emptyTensor(rewriter, loc, kept, rewriter.getI64Type()))
                      .getResult(0);
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap outMap = AffineMap::get(rank, 0, outExprs, ctx);
    auto predicate =
        isMax ? (last ? arith::CmpFPredicate::OGE : arith::CmpFPredicate::OGT)
              : (last ? arith::CmpFPredicate::OLE : arith::CmpFPredicate::OLT);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{best.getType(), index.getType()},
        ValueRange{input}, ValueRange{best, index},
        ArrayRef<AffineMap>{identity, outMap, outMap}, iterators,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value i = arith::IndexCastOp::create(
              b, l, b.getI64Type(), linalg::IndexOp::create(b, l, axis));
          Value better = arith::CmpFOp::create(b, l, predicate, a[0], a[1]);
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, better, a[0], a[1]),
                         arith::SelectOp::create(b, l, better, i, a[2])});
        });
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, generic.getResult(1),
                                     op.getType().getShape()));
    return success();
  }
};

/// log(sum(exp(x))) as m + log(sum(exp(x - m))), m the maximum (so that no
/// exponential overflows; a slice of all -inf gives -inf, as the naive
/// form does).
struct ReduceLogSumExpLowering : OpRewritePattern<ReduceLogSumExpOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReduceLogSumExpOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value input = op.getInput();
    ArrayRef<int64_t> shape = shapeOf(input);
    SmallVector<bool> reduced;
    getReducedDims(shape, op.getAxes(), reduced);
    Value max = buildReduction(rewriter, loc, input, reduced,
                               -std::numeric_limits<float>::infinity(), maxF);
    // A finite shift: an all -inf (or +inf) slice shifts by 0.
    Value shift = buildElementwise(
        rewriter, loc, shapeOf(max), ValueRange{max},
        [](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value finite = arith::CmpFOp::create(
              b, l, arith::CmpFPredicate::ONE, math::AbsFOp::create(b, l, a[0]),
              f32Constant(b, l, std::numeric_limits<float>::infinity()));
          return arith::SelectOp::create(b, l, finite, a[0],
                                         f32Constant(b, l, 0.0));
        });
    SmallVector<AffineExpr> statExprs;
    SmallVector<utils::IteratorType> iterators;
    for (auto [i, r] : llvm::enumerate(reduced)) {
      statExprs.push_back(r ? getAffineConstantExpr(0, ctx)
                            : getAffineDimExpr(i, ctx));
      iterators.push_back(r ? utils::IteratorType::reduction
                            : utils::IteratorType::parallel);
    }
    AffineMap identity = AffineMap::getMultiDimIdentityMap(shape.size(), ctx);
    AffineMap statMap = AffineMap::get(shape.size(), 0, statExprs, ctx);
    ArrayRef<int64_t> statShape = shapeOf(shift);
    Value sum =
        filledTensor(rewriter, loc, statShape, 0.0,
                     getAlignedDynamicSizes(rewriter, loc, statShape, shift));
    sum = linalg::GenericOp::create(
              rewriter, loc, TypeRange{sum.getType()}, ValueRange{input, shift},
              ValueRange{sum}, ArrayRef<AffineMap>{identity, statMap, statMap},
              iterators,
              [&](OpBuilder &b, Location l, ValueRange a) {
                Value e = math::ExpOp::create(
                    b, l, arith::SubFOp::create(b, l, a[0], a[1]));
                linalg::YieldOp::create(
                    b, l, Value(arith::AddFOp::create(b, l, a[2], e)));
              })
              .getResult(0);
    Value result =
        buildElementwise(rewriter, loc, statShape, ValueRange{sum, shift},
                         [](OpBuilder &b, Location l, ValueRange a) -> Value {
                           return arith::AddFOp::create(
                               b, l, math::LogOp::create(b, l, a[0]), a[1]);
                         });
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
                  Value d =
                      arith::SubFOp::create(b, l, extendHalf(b, l, a[0]), a[1]);
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
        },
        op.getType().getElementType());
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The pieces of a softmax of `input` along `axis` (negative counts from
/// the end), in the numerically stable form: the maximum and the sum of
/// exp(x - max) (the reduced dim kept), and exp(x - max).
struct SoftmaxParts {
  Value max, exp, sum;
};
static SoftmaxParts buildSoftmaxParts(OpBuilder &b, Location loc, Value input,
                                      int64_t axis) {
  ArrayRef<int64_t> shape = shapeOf(input);
  if (axis < 0)
    axis += shape.size();
  SmallVector<bool> reduced(shape.size(), false);
  reduced[axis] = true;
  SoftmaxParts parts;
  parts.max = buildReduction(b, loc, input, reduced,
                             -std::numeric_limits<float>::infinity(), maxF);
  parts.exp =
      buildElementwise(b, loc, shape, ValueRange{input, parts.max},
                       [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                         return math::ExpOp::create(
                             nb, l, arith::SubFOp::create(nb, l, a[0], a[1]));
                       });
  parts.sum = buildReduction(b, loc, parts.exp, reduced, 0.0, addF);
  return parts;
}

struct SoftmaxLowering : OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SoftmaxParts parts = buildSoftmaxParts(rewriter, loc, op.getInput(),
                                           static_cast<int64_t>(op.getAxis()));
    rewriter.replaceOp(op,
                       buildElementwise(
                           rewriter, loc, op.getType().getShape(),
                           ValueRange{parts.exp, parts.sum},
                           [](OpBuilder &b, Location l, ValueRange a) -> Value {
                             return arith::DivFOp::create(b, l, a[0], a[1]);
                           },
                           op.getType().getElementType()));
    return success();
  }
};

/// LogSoftmax: x - max - log(sum(exp(x - max))) along the axis.
struct LogSoftmaxLowering : OpRewritePattern<LogSoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LogSoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SoftmaxParts parts = buildSoftmaxParts(rewriter, loc, op.getInput(),
                                           static_cast<int64_t>(op.getAxis()));
    rewriter.replaceOp(
        op, buildElementwise(
                rewriter, loc, op.getType().getShape(),
                ValueRange{op.getInput(), parts.max, parts.sum},
                [](OpBuilder &b, Location l, ValueRange a) -> Value {
                  Value shifted = arith::SubFOp::create(b, l, a[0], a[1]);
                  return arith::SubFOp::create(b, l, shifted,
                                               math::LogOp::create(b, l, a[2]));
                },
                op.getType().getElementType()));
    return success();
  }
};

/// Hardmax: the first index of the maximum along the axis (as ArgMax),
/// then 1 where an element's index along the axis is it, 0 elsewhere.
struct HardmaxLowering : OpRewritePattern<HardmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(HardmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t rank = op.getType().getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    Value index = ArgMaxOp::create(rewriter, loc, op.getInput(),
                                   rewriter.getI64IntegerAttr(axis),
                                   /*keepdims=*/rewriter.getBoolAttr(true),
                                   /*select_last_index=*/
                                   rewriter.getBoolAttr(false))
                      .getResult();
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < rank; ++i)
      indexExprs.push_back(i == axis ? getAffineConstantExpr(0, ctx)
                                     : getAffineDimExpr(i, ctx));
    Value init = emptyTensor(rewriter, loc, op.getType().getShape(),
                             rewriter.getF32Type());
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{init.getType()}, ValueRange{index},
            ValueRange{init},
            ArrayRef<AffineMap>{AffineMap::get(rank, 0, indexExprs, ctx),
                                AffineMap::getMultiDimIdentityMap(rank, ctx)},
            iterators,
            [&](OpBuilder &b, Location l, ValueRange a) {
              Value i = arith::IndexCastOp::create(
                  b, l, b.getI64Type(), linalg::IndexOp::create(b, l, axis));
              Value hit = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                                i, a[0]);
              linalg::YieldOp::create(
                  b, l,
                  Value(arith::SelectOp::create(b, l, hit, f32Constant(b, l, 1),
                                                f32Constant(b, l, 0))));
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Trilu: each element kept where its column minus its row (the last two
/// indices) is at least k (upper) or at most k (lower), else zero.
struct TriluLowering : OpRewritePattern<TriluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TriluOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto type = op.getType();
    int64_t rank = type.getRank();
    Type element = type.getElementType();
    Value init = emptyTensor(rewriter, loc, type.getShape(), element);
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    int64_t k = static_cast<int64_t>(op.getK());
    bool upper = op.getUpper();
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{init.getType()}, ValueRange{op.getInput()},
            ValueRange{init}, ArrayRef<AffineMap>{identity, identity},
            iterators,
            [&](OpBuilder &b, Location l, ValueRange a) {
              auto at = [&](int64_t dim) -> Value {
                return arith::IndexCastOp::create(
                    b, l, b.getI64Type(), linalg::IndexOp::create(b, l, dim));
              };
              Value diagonal =
                  arith::SubIOp::create(b, l, at(rank - 1), at(rank - 2));
              Value kept = arith::CmpIOp::create(
                  b, l,
                  upper ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle,
                  diagonal,
                  arith::ConstantOp::create(b, l, b.getI64IntegerAttr(k)));
              Value zero =
                  arith::ConstantOp::create(b, l, b.getZeroAttr(element));
              linalg::YieldOp::create(
                  b, l, Value(arith::SelectOp::create(b, l, kept, a[0], zero)));
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mini::lowering::populateReductionPatterns(RewritePatternSet &patterns) {
  patterns
      .add<BatchNormLowering, ReduceLowering<ReduceMeanOp>,
           ReduceLowering<ReduceSumOp>, ReduceLowering<ReduceMaxOp>,
           ReduceLowering<ReduceMinOp>, ReduceLowering<ReduceProdOp>,
           ReduceLowering<ReduceL1Op>, ReduceLowering<ReduceL2Op>,
           ReduceLowering<ReduceSumSquareOp>, ReduceLowering<ReduceLogSumOp>,
           ReduceLogSumExpLowering, ArgReduceLowering<ArgMaxOp>,
           ArgReduceLowering<ArgMinOp>, LayerNormLowering, SoftmaxLowering,
           LogSoftmaxLowering, HardmaxLowering, TriluLowering>(
          patterns.getContext());
}
