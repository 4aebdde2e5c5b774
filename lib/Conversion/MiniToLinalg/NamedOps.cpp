//===- NamedOps.cpp - convolution, pooling, contractions ------------------===//
//
// Convolutions and pooling to linalg named ops over tensor.pad; Gemm and
// MatMul to a contraction linalg.generic.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

using namespace mlir;
using namespace mini;
using namespace mini::lowering;

namespace {

struct Conv2dLowering : OpRewritePattern<Conv2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Conv2dOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    ArrayRef<int64_t> pads = op.getPads();
    Value input = padSpatial(rewriter, loc, op.getInput(), pads.take_front(2),
                             pads.drop_front(2), 0.0);
    ArrayRef<int64_t> out = op.getType().getShape();
    ArrayRef<int64_t> filterShape = shapeOf(op.getFilter());
    int64_t group = static_cast<int64_t>(op.getGroup());
    int64_t channels = shapeOf(op.getInput())[1];

    // The output starts as the broadcast bias, or zeros.
    Value init;
    if (Value bias = op.getBias()) {
      Value biasCol = reshapeTo(rewriter, loc, bias, {out[1], 1, 1});
      init = buildElementwise(
          rewriter, loc, out, ValueRange{biasCol},
          [](OpBuilder &, Location, ValueRange a) -> Value { return a[0]; });
    } else {
      init = filledTensor(rewriter, loc, out, 0.0);
    }
    NamedAttribute strides(rewriter.getStringAttr("strides"),
                           rewriter.getI64TensorAttr(op.getStrides()));
    NamedAttribute dilations(rewriter.getStringAttr("dilations"),
                             rewriter.getI64TensorAttr(op.getDilations()));
    SmallVector<NamedAttribute> attrs = {strides, dilations};
    Value result;
    if (group == 1) {
      result = linalg::Conv2DNchwFchwOp::create(
                   rewriter, loc, TypeRange{init.getType()},
                   ValueRange{input, op.getFilter()}, ValueRange{init}, attrs)
                   .getResult(0);
    } else if (group == channels && filterShape[0] == channels) {
      // Depthwise, one filter per channel: F x 1 x KH x KW -> C x KH x KW.
      Value filter =
          reshapeTo(rewriter, loc, op.getFilter(),
                    {filterShape[0], filterShape[2], filterShape[3]});
      result = linalg::DepthwiseConv2DNchwChwOp::create(
                   rewriter, loc, TypeRange{init.getType()},
                   ValueRange{input, filter}, ValueRange{init}, attrs)
                   .getResult(0);
    } else {
      // General grouped convolution on N x G x C/G x H x W.
      ArrayRef<int64_t> in = shapeOf(input);
      Value groupedInput = reshapeTo(
          rewriter, loc, input, {in[0], group, in[1] / group, in[2], in[3]});
      Value groupedFilter =
          reshapeTo(rewriter, loc, op.getFilter(),
                    {group, filterShape[0] / group, filterShape[1],
                     filterShape[2], filterShape[3]});
      SmallVector<int64_t> groupedOut = {out[0], group, out[1] / group, out[2],
                                         out[3]};
      Value groupedInit = reshapeTo(rewriter, loc, init, groupedOut);
      Value conv = linalg::Conv2DNgchwGfchwOp::create(
                       rewriter, loc, TypeRange{tensorOf(groupedOut, ctx)},
                       ValueRange{groupedInput, groupedFilter},
                       ValueRange{groupedInit}, attrs)
                       .getResult(0);
      result = reshapeTo(rewriter, loc, conv, out);
    }
    // Half precision: the f32 accumulator (the named ops extend each
    // operand element to the init's type) rounded once.
    rewriter.replaceOp(op, convertElementType(rewriter, loc, result,
                                              op.getType().getElementType()));
    return success();
  }
};

/// Builds a contraction `out[..., m, n] += alpha * a[..., m, k] * b[..., k, n]`
/// as one linalg.generic; `aMap` and `bMap` give the operand indexing over
/// the loop dims (batch..., m, n, k).
static Value buildContraction(OpBuilder &b, Location loc, Value lhs, Value rhs,
                              AffineMap aMap, AffineMap bMap, Value init,
                              std::optional<double> alpha) {
  MLIRContext *ctx = b.getContext();
  unsigned numLoops = aMap.getNumDims();
  SmallVector<AffineExpr> outExprs;
  for (unsigned i = 0; i + 1 < numLoops; ++i)
    outExprs.push_back(getAffineDimExpr(i, ctx));
  SmallVector<AffineMap> maps = {aMap, bMap,
                                 AffineMap::get(numLoops, 0, outExprs, ctx)};
  SmallVector<IteratorType> iterators(numLoops - 1, IteratorType::parallel);
  iterators.push_back(IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{lhs, rhs},
             ValueRange{init}, maps, iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               // Into the f32 accumulator `init` (half precision extended).
               Value prod =
                   arith::MulFOp::create(nb, l, extendHalf(nb, l, args[0]),
                                         extendHalf(nb, l, args[1]));
               if (alpha)
                 prod = arith::MulFOp::create(nb, l, prod,
                                              f32Constant(nb, l, *alpha));
               linalg::YieldOp::create(
                   nb, l, Value(arith::AddFOp::create(nb, l, args[2], prod)));
             })
      .getResult(0);
}

struct GemmLowering : OpRewritePattern<GemmOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GemmOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    ArrayRef<int64_t> out = op.getType().getShape();
    float beta = op.getBeta().convertToFloat();
    float alpha = op.getAlpha().convertToFloat();
    // Dynamic sizes: m from A, n from B.
    SmallVector<Value> sizes;
    if (ShapedType::isDynamic(out[0]))
      sizes.push_back(dimOf(rewriter, loc, op.getA(), op.getTransA() ? 1 : 0));
    if (ShapedType::isDynamic(out[1]))
      sizes.push_back(dimOf(rewriter, loc, op.getB(), op.getTransB() ? 0 : 1));
    Value init;
    if (Value c = op.getC(); c && beta != 0.0f) {
      init = buildElementwise(
          rewriter, loc, out, ValueRange{c},
          [&](OpBuilder &b, Location l, ValueRange a) -> Value {
            if (beta == 1.0f)
              return a[0];
            return arith::MulFOp::create(b, l, a[0], f32Constant(b, l, beta));
          },
          {}, sizes);
    } else {
      init = filledTensor(rewriter, loc, out, 0.0, sizes);
    }
    AffineExpr m = getAffineDimExpr(0, ctx), n = getAffineDimExpr(1, ctx),
               k = getAffineDimExpr(2, ctx);
    AffineMap aMap = AffineMap::get(3, 0,
                                    op.getTransA() ? ArrayRef<AffineExpr>{k, m}
                                                   : ArrayRef<AffineExpr>{m, k},
                                    ctx);
    AffineMap bMap = AffineMap::get(3, 0,
                                    op.getTransB() ? ArrayRef<AffineExpr>{n, k}
                                                   : ArrayRef<AffineExpr>{k, n},
                                    ctx);
    std::optional<double> scale;
    if (alpha != 1.0f)
      scale = alpha;
    Value result = buildContraction(rewriter, loc, op.getA(), op.getB(), aMap,
                                    bMap, init, scale);
    rewriter.replaceOp(op, convertElementType(rewriter, loc, result,
                                              op.getType().getElementType()));
    return success();
  }
};

struct MatMulLowering : OpRewritePattern<MatMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatMulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    ArrayRef<int64_t> out = op.getType().getShape();
    unsigned batch = out.size() - 2;
    unsigned numLoops = out.size() + 1; // batch..., m, n, k
    AffineExpr m = getAffineDimExpr(batch, ctx),
               n = getAffineDimExpr(batch + 1, ctx),
               k = getAffineDimExpr(batch + 2, ctx);
    // Batch dims broadcast as in NumPy: right-aligned, size 1 reads index 0.
    auto operandMap = [&](ArrayRef<int64_t> shape, AffineExpr r, AffineExpr c) {
      SmallVector<AffineExpr> exprs;
      unsigned opBatch = shape.size() - 2;
      unsigned lead = batch - opBatch;
      for (unsigned i = 0; i < opBatch; ++i)
        exprs.push_back(shape[i] == 1 && out[lead + i] != 1
                            ? getAffineConstantExpr(0, ctx)
                            : getAffineDimExpr(lead + i, ctx));
      exprs.push_back(r);
      exprs.push_back(c);
      return AffineMap::get(numLoops, 0, exprs, ctx);
    };
    // Dynamic sizes: m from the lhs, n from the rhs, batch dims from
    // either (aligned from the right of the batch dims).
    Value lhs = op.getLhs(), rhs = op.getRhs();
    SmallVector<Value> sizes;
    for (auto [i, d] : llvm::enumerate(out)) {
      if (!ShapedType::isDynamic(d))
        continue;
      if (i == batch)
        sizes.push_back(dimOf(rewriter, loc, lhs, shapeOf(lhs).size() - 2));
      else if (i == batch + 1)
        sizes.push_back(dimOf(rewriter, loc, rhs, shapeOf(rhs).size() - 1));
      else
        for (Value v : {lhs, rhs}) {
          ArrayRef<int64_t> shape = shapeOf(v);
          int64_t j = static_cast<int64_t>(i) -
                      static_cast<int64_t>(batch - (shape.size() - 2));
          if (j >= 0 && ShapedType::isDynamic(shape[j])) {
            sizes.push_back(dimOf(rewriter, loc, v, j));
            break;
          }
        }
    }
    Value init = filledTensor(rewriter, loc, out, 0.0, sizes);
    Value result = buildContraction(rewriter, loc, op.getLhs(), op.getRhs(),
                                    operandMap(shapeOf(op.getLhs()), m, k),
                                    operandMap(shapeOf(op.getRhs()), k, n),
                                    init, std::nullopt);
    rewriter.replaceOp(op, convertElementType(rewriter, loc, result,
                                              op.getType().getElementType()));
    return success();
  }
};

/// Extra end padding so that every window of a ceil-mode pooling fits.
static SmallVector<int64_t>
getPoolEndPads(ArrayRef<int64_t> inShape, ArrayRef<int64_t> outShape,
               ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
               ArrayRef<int64_t> dilations, ArrayRef<int64_t> pads) {
  SmallVector<int64_t> high;
  for (int i = 0; i < 2; ++i) {
    int64_t needed =
        (outShape[2 + i] - 1) * strides[i] + dilations[i] * (kernel[i] - 1) + 1;
    high.push_back(
        std::max<int64_t>(pads[2 + i], needed - inShape[2 + i] - pads[i]));
  }
  return high;
}

struct MaxPool2dLowering : OpRewritePattern<MaxPool2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MaxPool2dOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> out = op.getType().getShape();
    // The padding and the start: the lowest value of the element type.
    Type elementType = op.getType().getElementType();
    Value lowest = arith::ConstantOp::create(
        rewriter, loc,
        elementType.isInteger(8)
            ? TypedAttr(rewriter.getI8IntegerAttr(-128))
            : TypedAttr(rewriter.getFloatAttr(
                  elementType, -std::numeric_limits<double>::infinity())));
    SmallVector<int64_t> high =
        getPoolEndPads(shapeOf(op.getInput()), out, op.getKernelShape(),
                       op.getStrides(), op.getDilations(), op.getPads());
    Value input = padSpatial(rewriter, loc, op.getInput(),
                             op.getPads().take_front(2), high, lowest);
    Value init =
        linalg::FillOp::create(rewriter, loc, lowest,
                               emptyTensor(rewriter, loc, out, elementType))
            .getResult(0);
    Value window = emptyTensor(rewriter, loc, op.getKernelShape());
    SmallVector<NamedAttribute> attrs = {
        rewriter.getNamedAttr("strides",
                              rewriter.getI64TensorAttr(op.getStrides())),
        rewriter.getNamedAttr("dilations",
                              rewriter.getI64TensorAttr(op.getDilations()))};
    rewriter.replaceOp(op,
                       linalg::PoolingNchwMaxOp::create(
                           rewriter, loc, TypeRange{init.getType()},
                           ValueRange{input, window}, ValueRange{init}, attrs)
                           .getResult(0));
    return success();
  }
};

struct AvgPool2dLowering : OpRewritePattern<AvgPool2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AvgPool2dOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> out = op.getType().getShape();
    ArrayRef<int64_t> in = shapeOf(op.getInput());
    ArrayRef<int64_t> kernel = op.getKernelShape();
    ArrayRef<int64_t> strides = op.getStrides();
    ArrayRef<int64_t> pads = op.getPads();
    int64_t ones[2] = {1, 1};
    SmallVector<int64_t> high =
        getPoolEndPads(in, out, kernel, strides, ones, pads);
    Value input =
        padSpatial(rewriter, loc, op.getInput(), pads.take_front(2), high, 0.0);
    Value init = filledTensor(rewriter, loc, out, 0.0);
    Value window = emptyTensor(rewriter, loc, kernel);
    SmallVector<NamedAttribute> attrs = {
        rewriter.getNamedAttr("strides", rewriter.getI64TensorAttr(strides)),
        rewriter.getNamedAttr("dilations", rewriter.getI64TensorAttr(ones))};
    Value sum = linalg::PoolingNchwSumOp::create(
                    rewriter, loc, TypeRange{init.getType()},
                    ValueRange{input, window}, ValueRange{init}, attrs)
                    .getResult(0);
    // The divisor of each output element: the window clipped to the input
    // (or to the declared padding with count_include_pad), known statically.
    auto counts = [&](int dim) {
      SmallVector<int64_t> c;
      int64_t lo = op.getCountIncludePad() ? -pads[dim] : 0;
      int64_t hi =
          op.getCountIncludePad() ? in[2 + dim] + pads[2 + dim] : in[2 + dim];
      for (int64_t o = 0; o < out[2 + dim]; ++o) {
        int64_t begin = o * strides[dim] - pads[dim];
        int64_t end = begin + kernel[dim];
        c.push_back(std::min(end, hi) - std::max(begin, lo));
      }
      return c;
    };
    SmallVector<int64_t> rows = counts(0), cols = counts(1);
    bool uniform = llvm::all_equal(rows) && llvm::all_equal(cols);
    Type elementType = op.getType().getElementType();
    if (uniform) {
      rewriter.replaceOp(op, divideBy(rewriter, loc, sum,
                                      static_cast<double>(rows[0] * cols[0]),
                                      elementType));
      return success();
    }
    SmallVector<float> divisors;
    for (int64_t r : rows)
      for (int64_t c : cols)
        divisors.push_back(static_cast<float>(r * c));
    RankedTensorType divType =
        tensorOf({out[2], out[3]}, rewriter.getContext());
    Value divTensor = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(divType, ArrayRef(divisors)));
    rewriter.replaceOp(op,
                       buildElementwise(
                           rewriter, loc, out, ValueRange{sum, divTensor},
                           [](OpBuilder &b, Location l, ValueRange a) -> Value {
                             return arith::DivFOp::create(b, l, a[0], a[1]);
                           },
                           elementType));
    return success();
  }
};

struct GlobalAvgPool2dLowering : OpRewritePattern<GlobalAvgPool2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GlobalAvgPool2dOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> in = shapeOf(op.getInput());
    Value sum;
    if (ShapedType::isStaticShape(in)) {
      // Tileable by channels, and no pooling window tensor (a buffer).
      Value init = filledTensor(rewriter, loc, {in[0], in[1], 1, 1}, 0.0);
      sum = buildGlobalPoolSum(
          rewriter, loc, op.getInput(), init,
          [](OpBuilder &b, Location l, ValueRange args) {
            linalg::YieldOp::create(
                b, l, addF(b, l, extendHalf(b, l, args[0]), args[1]));
          });
    } else {
      bool reduced[4] = {false, false, true, true};
      sum = buildReduction(rewriter, loc, op.getInput(), reduced, 0.0, addF);
    }
    rewriter.replaceOp(op, divideBy(rewriter, loc, sum,
                                    static_cast<double>(in[2] * in[3]),
                                    op.getType().getElementType()));
    return success();
  }
};

} // namespace

void mini::lowering::populateNamedOpPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2dLowering, GemmLowering, MatMulLowering, MaxPool2dLowering,
               AvgPool2dLowering, GlobalAvgPool2dLowering>(
      patterns.getContext());
}
