//===- MiniToLinalg.cpp - mini to linalg on tensors -----------------------===//
//
// One pattern per `mini` op. Everything is destination-passing style on
// tensors so that One-Shot Bufferize turns each activation into exactly one
// buffer; shape-only ops become reassociative reshapes, which bufferize to
// views rather than copies.
//
//===----------------------------------------------------------------------===//

#include "mini/Conversion/Passes.h"
#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>

namespace mini {
#define GEN_PASS_DEF_CONVERTMINITOLINALGPASS
#include "mini/Conversion/Passes.h.inc"
} // namespace mini

using namespace mlir;
using namespace mini;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

using utils::IteratorType;
using BodyBuilder = function_ref<Value(OpBuilder &, Location, ValueRange)>;

static RankedTensorType tensorOf(ArrayRef<int64_t> shape, MLIRContext *ctx) {
  return RankedTensorType::get(shape, Float32Type::get(ctx));
}

static Value f32Constant(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
}

static Value emptyTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape) {
  return tensor::EmptyOp::create(b, loc, shape, b.getF32Type());
}

static Value filledTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                          double value) {
  Value init = emptyTensor(b, loc, shape);
  return linalg::FillOp::create(b, loc, ValueRange{f32Constant(b, loc, value)},
                                ValueRange{init})
      .getResult(0);
}

/// The indexing map reading an operand of `shape` broadcast (NumPy rules,
/// right-aligned) into a result of `resultShape`.
static AffineMap getBroadcastMap(ArrayRef<int64_t> shape,
                                 ArrayRef<int64_t> resultShape,
                                 MLIRContext *ctx) {
  unsigned rank = resultShape.size();
  unsigned lead = rank - shape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, dim] : llvm::enumerate(shape)) {
    if (dim == 1 && resultShape[lead + i] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(lead + i, ctx));
  }
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// Builds `linalg.generic` computing `body(inputs...)` elementwise into a
/// new tensor of `resultShape`; the inputs are broadcast to it.
static Value buildElementwise(OpBuilder &b, Location loc,
                              ArrayRef<int64_t> resultShape, ValueRange inputs,
                              BodyBuilder body) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(getBroadcastMap(
        cast<RankedTensorType>(input.getType()).getShape(), resultShape, ctx));
  maps.push_back(AffineMap::getMultiDimIdentityMap(resultShape.size(), ctx));
  SmallVector<IteratorType> iterators(resultShape.size(),
                                      IteratorType::parallel);
  Value init = emptyTensor(b, loc, resultShape);
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
             iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               Value result = body(nb, nloc, args.drop_back());
               linalg::YieldOp::create(nb, nloc, result);
             })
      .getResult(0);
}

/// Pads the spatial dimensions (2 and 3) of an NCHW tensor with `value`.
static Value padSpatial(OpBuilder &b, Location loc, Value input,
                        ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                        double value) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<OpFoldResult> lows(4, b.getIndexAttr(0)),
      highs(4, b.getIndexAttr(0));
  for (int i = 0; i < 2; ++i) {
    shape[2 + i] += low[i] + high[i];
    lows[2 + i] = b.getIndexAttr(low[i]);
    highs[2 + i] = b.getIndexAttr(high[i]);
  }
  return tensor::PadOp::create(b, loc, tensorOf(shape, b.getContext()), input,
                               lows, highs, f32Constant(b, loc, value));
}

/// Reshapes `input` to `shape` (same element count) with collapse/expand
/// reassociations, which bufferize to views.
static Value reshapeTo(OpBuilder &b, Location loc, Value input,
                       ArrayRef<int64_t> shape) {
  auto srcType = cast<RankedTensorType>(input.getType());
  RankedTensorType dstType = tensorOf(shape, b.getContext());
  if (srcType == dstType)
    return input;
  if (srcType.getRank() > dstType.getRank()) {
    if (auto re = getReassociationIndicesForReshape(srcType, dstType))
      return tensor::CollapseShapeOp::create(b, loc, dstType, input, *re);
  } else if (srcType.getRank() < dstType.getRank()) {
    if (auto re = getReassociationIndicesForReshape(dstType, srcType))
      return tensor::ExpandShapeOp::create(b, loc, dstType, input, *re);
  }
  // General case: through 1-D.
  int64_t count = srcType.getNumElements();
  RankedTensorType flat = tensorOf({count}, b.getContext());
  Value flatValue = input;
  if (srcType.getRank() != 1) {
    SmallVector<ReassociationIndices> all(1);
    for (int64_t i = 0; i < srcType.getRank(); ++i)
      all[0].push_back(i);
    if (srcType.getRank() == 0)
      flatValue = tensor::ExpandShapeOp::create(
          b, loc, flat, input, ArrayRef<ReassociationIndices>{});
    else
      flatValue = tensor::CollapseShapeOp::create(b, loc, flat, input, all);
  }
  if (dstType.getRank() == 1)
    return flatValue;
  if (dstType.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, dstType, flatValue,
                                           ArrayRef<ReassociationIndices>{});
  SmallVector<ReassociationIndices> all(1);
  for (int64_t i = 0; i < dstType.getRank(); ++i)
    all[0].push_back(i);
  return tensor::ExpandShapeOp::create(b, loc, dstType, flatValue, all);
}

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// Reduces `input` over the dims in `reduced` with `combine`, starting from
/// `initValue`; the result keeps the reduced dims with size 1.
static Value buildReduction(OpBuilder &b, Location loc, Value input,
                            ArrayRef<bool> reduced, double initValue,
                            function_ref<Value(OpBuilder &, Location, Value,
                                               Value)>
                                combine) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> shape = shapeOf(input);
  SmallVector<int64_t> outShape;
  SmallVector<AffineExpr> outExprs;
  SmallVector<IteratorType> iterators;
  for (auto [i, dim] : llvm::enumerate(shape)) {
    outShape.push_back(reduced[i] ? 1 : dim);
    outExprs.push_back(reduced[i] ? getAffineConstantExpr(0, ctx)
                                  : getAffineDimExpr(i, ctx));
    iterators.push_back(reduced[i] ? IteratorType::reduction
                                   : IteratorType::parallel);
  }
  Value init = filledTensor(b, loc, outShape, initValue);
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(shape.size(), ctx),
      AffineMap::get(shape.size(), 0, outExprs, ctx)};
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{input},
             ValueRange{init}, maps, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc,
                                       combine(nb, nloc, args[0], args[1]));
             })
      .getResult(0);
}

static Value addF(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::AddFOp::create(b, loc, x, y);
}
static Value maxF(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::MaximumFOp::create(b, loc, x, y);
}

/// Divides every element of `input` by the scalar `divisor`.
static Value divideBy(OpBuilder &b, Location loc, Value input, double divisor) {
  return buildElementwise(
      b, loc, shapeOf(input), ValueRange{input},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        return arith::DivFOp::create(nb, nloc, args[0],
                                     f32Constant(nb, nloc, divisor));
      });
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

namespace {

struct ConstantLowering : OpRewritePattern<ConstantOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConstantOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, op.getValue());
    return success();
  }
};

template <typename OpTy, typename ArithOp>
struct BinaryLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Value result = buildElementwise(
        rewriter, op.getLoc(), op.getType().getShape(),
        ValueRange{op.getLhs(), op.getRhs()},
        [](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return ArithOp::create(b, loc, args[0], args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Lowers a unary elementwise op; subclasses give the scalar body.
template <typename OpTy>
struct UnaryLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  virtual Value buildScalar(OpTy op, OpBuilder &b, Location loc,
                            Value x) const = 0;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Value result = buildElementwise(
        rewriter, op.getLoc(), op.getType().getShape(),
        ValueRange{op.getInput()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return buildScalar(op, b, loc, args[0]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ReluLowering : UnaryLowering<ReluOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(ReluOp, OpBuilder &b, Location loc,
                    Value x) const override {
    return arith::MaximumFOp::create(b, loc, x, f32Constant(b, loc, 0.0));
  }
};

struct ClipLowering : UnaryLowering<ClipOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(ClipOp op, OpBuilder &b, Location loc,
                    Value x) const override {
    Value lo = arith::ConstantOp::create(b, loc, op.getMinAttr());
    Value hi = arith::ConstantOp::create(b, loc, op.getMaxAttr());
    Value clamped = arith::MaximumFOp::create(b, loc, x, lo);
    return arith::MinimumFOp::create(b, loc, clamped, hi);
  }
};

struct SigmoidLowering : UnaryLowering<SigmoidOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(SigmoidOp, OpBuilder &b, Location loc,
                    Value x) const override {
    Value neg = arith::NegFOp::create(b, loc, x);
    Value exp = math::ExpOp::create(b, loc, neg);
    Value one = f32Constant(b, loc, 1.0);
    return arith::DivFOp::create(b, loc, one,
                                 arith::AddFOp::create(b, loc, one, exp));
  }
};

struct HardSigmoidLowering : UnaryLowering<HardSigmoidOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(HardSigmoidOp op, OpBuilder &b, Location loc,
                    Value x) const override {
    Value alpha = arith::ConstantOp::create(b, loc, op.getAlphaAttr());
    Value beta = arith::ConstantOp::create(b, loc, op.getBetaAttr());
    Value y = arith::AddFOp::create(
        b, loc, arith::MulFOp::create(b, loc, alpha, x), beta);
    y = arith::MinimumFOp::create(b, loc, y, f32Constant(b, loc, 1.0));
    return arith::MaximumFOp::create(b, loc, y, f32Constant(b, loc, 0.0));
  }
};

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
          Value denom = math::SqrtOp::create(
              b, l, arith::AddFOp::create(b, l, a[4], e));
          Value centered = arith::SubFOp::create(b, l, a[0], a[3]);
          Value scaled = arith::MulFOp::create(b, l, centered, a[1]);
          return arith::AddFOp::create(
              b, l, arith::DivFOp::create(b, l, scaled, denom), a[2]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

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
      Value filter = reshapeTo(rewriter, loc, op.getFilter(),
                               {filterShape[0], filterShape[2], filterShape[3]});
      result = linalg::DepthwiseConv2DNchwChwOp::create(
                   rewriter, loc, TypeRange{init.getType()},
                   ValueRange{input, filter}, ValueRange{init}, attrs)
                   .getResult(0);
    } else {
      // General grouped convolution on N x G x C/G x H x W.
      ArrayRef<int64_t> in = shapeOf(input);
      Value groupedInput = reshapeTo(
          rewriter, loc, input,
          {in[0], group, in[1] / group, in[2], in[3]});
      Value groupedFilter = reshapeTo(
          rewriter, loc, op.getFilter(),
          {group, filterShape[0] / group, filterShape[1], filterShape[2],
           filterShape[3]});
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
    rewriter.replaceOp(op, result);
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
               Value prod = arith::MulFOp::create(nb, l, args[0], args[1]);
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
    Value init;
    if (Value c = op.getC(); c && beta != 0.0f) {
      init = buildElementwise(
          rewriter, loc, out, ValueRange{c},
          [&](OpBuilder &b, Location l, ValueRange a) -> Value {
            if (beta == 1.0f)
              return a[0];
            return arith::MulFOp::create(b, l, a[0], f32Constant(b, l, beta));
          });
    } else {
      init = filledTensor(rewriter, loc, out, 0.0);
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
    rewriter.replaceOp(op, buildContraction(rewriter, loc, op.getA(), op.getB(),
                                            aMap, bMap, init, scale));
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
    Value init = filledTensor(rewriter, loc, out, 0.0);
    rewriter.replaceOp(
        op, buildContraction(rewriter, loc, op.getLhs(), op.getRhs(),
                             operandMap(shapeOf(op.getLhs()), m, k),
                             operandMap(shapeOf(op.getRhs()), k, n), init,
                             std::nullopt));
    return success();
  }
};

/// Extra end padding so that every window of a ceil-mode pooling fits.
static SmallVector<int64_t> getPoolEndPads(ArrayRef<int64_t> inShape,
                                           ArrayRef<int64_t> outShape,
                                           ArrayRef<int64_t> kernel,
                                           ArrayRef<int64_t> strides,
                                           ArrayRef<int64_t> dilations,
                                           ArrayRef<int64_t> pads) {
  SmallVector<int64_t> high;
  for (int i = 0; i < 2; ++i) {
    int64_t needed = (outShape[2 + i] - 1) * strides[i] +
                     dilations[i] * (kernel[i] - 1) + 1;
    high.push_back(std::max<int64_t>(pads[2 + i],
                                     needed - inShape[2 + i] - pads[i]));
  }
  return high;
}

struct MaxPool2dLowering : OpRewritePattern<MaxPool2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MaxPool2dOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> out = op.getType().getShape();
    double lowest = -std::numeric_limits<float>::infinity();
    SmallVector<int64_t> high = getPoolEndPads(
        shapeOf(op.getInput()), out, op.getKernelShape(), op.getStrides(),
        op.getDilations(), op.getPads());
    Value input = padSpatial(rewriter, loc, op.getInput(),
                             op.getPads().take_front(2), high, lowest);
    Value init = filledTensor(rewriter, loc, out, lowest);
    Value window = emptyTensor(rewriter, loc, op.getKernelShape());
    SmallVector<NamedAttribute> attrs = {
        rewriter.getNamedAttr("strides",
                              rewriter.getI64TensorAttr(op.getStrides())),
        rewriter.getNamedAttr("dilations",
                              rewriter.getI64TensorAttr(op.getDilations()))};
    rewriter.replaceOp(
        op, linalg::PoolingNchwMaxOp::create(
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
      int64_t hi = op.getCountIncludePad() ? in[2 + dim] + pads[2 + dim]
                                           : in[2 + dim];
      for (int64_t o = 0; o < out[2 + dim]; ++o) {
        int64_t begin = o * strides[dim] - pads[dim];
        int64_t end = begin + kernel[dim];
        c.push_back(std::min(end, hi) - std::max(begin, lo));
      }
      return c;
    };
    SmallVector<int64_t> rows = counts(0), cols = counts(1);
    bool uniform = llvm::all_equal(rows) && llvm::all_equal(cols);
    if (uniform) {
      rewriter.replaceOp(op, divideBy(rewriter, loc, sum,
                                      static_cast<double>(rows[0] * cols[0])));
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
    rewriter.replaceOp(
        op, buildElementwise(rewriter, loc, out, ValueRange{sum, divTensor},
                             [](OpBuilder &b, Location l, ValueRange a) -> Value {
                               return arith::DivFOp::create(b, l, a[0], a[1]);
                             }));
    return success();
  }
};

struct GlobalAvgPool2dLowering : OpRewritePattern<GlobalAvgPool2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GlobalAvgPool2dOp op,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> in = shapeOf(op.getInput());
    bool reduced[4] = {false, false, true, true};
    Value sum = buildReduction(rewriter, op.getLoc(), op.getInput(), reduced,
                               0.0, addF);
    rewriter.replaceOp(op, divideBy(rewriter, op.getLoc(), sum,
                                    static_cast<double>(in[2] * in[3])));
    return success();
  }
};

struct ReduceMeanLowering : OpRewritePattern<ReduceMeanOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReduceMeanOp op,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> in = shapeOf(op.getInput());
    SmallVector<bool> reduced(in.size(), false);
    int64_t count = 1;
    for (int64_t axis : op.getAxes()) {
      int64_t a = axis < 0 ? axis + in.size() : axis;
      reduced[a] = true;
      count *= in[a];
    }
    Value sum = buildReduction(rewriter, op.getLoc(), op.getInput(), reduced,
                               0.0, addF);
    Value mean =
        divideBy(rewriter, op.getLoc(), sum, static_cast<double>(count));
    rewriter.replaceOp(
        op, reshapeTo(rewriter, op.getLoc(), mean, op.getType().getShape()));
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
    Value exp = buildElementwise(
        rewriter, loc, shape, ValueRange{op.getInput(), max},
        [](OpBuilder &b, Location l, ValueRange a) -> Value {
          return math::ExpOp::create(b, l,
                                     arith::SubFOp::create(b, l, a[0], a[1]));
        });
    Value sum = buildReduction(rewriter, loc, exp, reduced, 0.0, addF);
    rewriter.replaceOp(
        op, buildElementwise(rewriter, loc, shape, ValueRange{exp, sum},
                             [](OpBuilder &b, Location l, ValueRange a) -> Value {
                               return arith::DivFOp::create(b, l, a[0], a[1]);
                             }));
    return success();
  }
};

struct FlattenLowering : OpRewritePattern<FlattenOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(FlattenOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), op.getInput(),
                                     op.getType().getShape()));
    return success();
  }
};

struct ReshapeLowering : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), op.getInput(),
                                     op.getType().getShape()));
    return success();
  }
};

struct TransposeLowering : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    Value init =
        emptyTensor(rewriter, op.getLoc(), op.getType().getShape());
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(),
                                                       op.getInput(), init,
                                                       op.getPerm())
                               .getResult());
    return success();
  }
};

struct ConcatLowering : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> shape = op.getType().getShape();
    int64_t rank = shape.size();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    Value result = emptyTensor(rewriter, loc, shape);
    int64_t offset = 0;
    for (Value input : op.getInputs()) {
      ArrayRef<int64_t> inShape = shapeOf(input);
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
      for (int64_t d : inShape)
        sizes.push_back(rewriter.getIndexAttr(d));
      offsets[axis] = rewriter.getIndexAttr(offset);
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, sizes, strides);
      offset += inShape[axis];
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct PadLowering : OpRewritePattern<PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PadOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t rank = op.getType().getRank();
    ArrayRef<int64_t> pads = op.getPads();
    SmallVector<OpFoldResult> low, high;
    for (int64_t i = 0; i < rank; ++i) {
      low.push_back(rewriter.getIndexAttr(pads[i]));
      high.push_back(rewriter.getIndexAttr(pads[rank + i]));
    }
    Value value = arith::ConstantOp::create(rewriter, loc, op.getValueAttr());
    rewriter.replaceOpWithNewOp<tensor::PadOp>(op, op.getType(), op.getInput(),
                                               low, high, value);
    return success();
  }
};

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
  patterns.add<ConstantLowering, BinaryLowering<AddOp, arith::AddFOp>,
               BinaryLowering<SubOp, arith::SubFOp>,
               BinaryLowering<MulOp, arith::MulFOp>,
               BinaryLowering<DivOp, arith::DivFOp>, ReluLowering,
               ClipLowering, SigmoidLowering, HardSigmoidLowering,
               BatchNormLowering, Conv2dLowering, GemmLowering, MatMulLowering,
               MaxPool2dLowering, AvgPool2dLowering, GlobalAvgPool2dLowering,
               ReduceMeanLowering, SoftmaxLowering, FlattenLowering,
               ReshapeLowering, TransposeLowering, ConcatLowering, PadLowering>(
      patterns.getContext());
}
