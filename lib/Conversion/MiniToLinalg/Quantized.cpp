//===- Quantized.cpp - int8 quantization ops to linalg --------------------===//
//
// QuantizeLinear and DequantizeLinear as elementwise generics; the int8
// convolution as upstream's plain convolution named ops of int8 operands
// into int32 (linalg.conv_2d_nchw_fchw, linalg.depthwise_conv_2d_nchw_chw:
// the input's zero point folded into the bias, so that the CPU code
// vectorizes them as it does float ones) and the matrix product as
// linalg.quantized_matmul, each followed by a requantizing generic; the
// int8 addition as one generic (TFLite's int8 Add).
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Matchers.h"

#include <type_traits>

using namespace mlir;
using namespace mini;
using namespace mini::lowering;

namespace {

Value i64Constant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(value));
}

/// `x * 2^-exponent` rounded half away from zero, for a 64-bit `x` and an
/// `exponent` in [0, 63]: gemmlowp's RoundingDivideByPOT.
Value roundingShiftRight(OpBuilder &b, Location loc, Value x, Value exponent) {
  Value one = i64Constant(b, loc, 1);
  Value zero = i64Constant(b, loc, 0);
  Value mask = arith::SubIOp::create(
      b, loc, arith::ShLIOp::create(b, loc, one, exponent), one);
  Value remainder = arith::AndIOp::create(b, loc, x, mask);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zero);
  Value threshold = arith::AddIOp::create(
      b, loc, arith::ShRSIOp::create(b, loc, mask, one),
      arith::ExtUIOp::create(b, loc, b.getI64Type(), negative));
  Value up = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, remainder,
                                   threshold);
  return arith::AddIOp::create(
      b, loc, arith::ShRSIOp::create(b, loc, x, exponent),
      arith::ExtUIOp::create(b, loc, b.getI64Type(), up));
}

/// `x * multiplier * 2^-(31 + shift)` (64-bit `x`, i32 `multiplier` and
/// `shift`), one rounding half away from zero: the fixed-point multiply of
/// the requantization (gemmlowp's MultiplyByQuantizedMultiplier).
Value multiplyByQuantizedMultiplier(OpBuilder &b, Location loc, Value x,
                                    Value multiplier, Value shift) {
  Type i64 = b.getI64Type();
  Value product = arith::MulIOp::create(
      b, loc, x, arith::ExtSIOp::create(b, loc, i64, multiplier));
  Value exponent =
      arith::AddIOp::create(b, loc, arith::ExtSIOp::create(b, loc, i64, shift),
                            i64Constant(b, loc, 31));
  return roundingShiftRight(b, loc, product, exponent);
}

/// `value + zeroPoint` clamped to [lo, hi] and truncated to i8.
Value offsetClampToI8(OpBuilder &b, Location loc, Value value,
                      int64_t zeroPoint, int64_t lo, int64_t hi) {
  Value shifted =
      arith::AddIOp::create(b, loc, value, i64Constant(b, loc, zeroPoint));
  Value clamped = arith::MinSIOp::create(
      b, loc, arith::MaxSIOp::create(b, loc, shifted, i64Constant(b, loc, lo)),
      i64Constant(b, loc, hi));
  return arith::TruncIOp::create(b, loc, b.getI8Type(), clamped);
}

/// An i32 constant tensor of `values` shaped `shape`.
Value i32Tensor(OpBuilder &b, Location loc, ArrayRef<int32_t> values,
                ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, b.getI32Type());
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, values));
}

/// `scale` or `zeroPoint` of a (de)quantization along `axis` of a rank
/// `rank` tensor, shaped to broadcast against it (NumPy rules): a scalar
/// stays, a 1-D one gets trailing unit dimensions.
Value alongAxis(OpBuilder &b, Location loc, Value param, int64_t axis,
                int64_t rank) {
  ArrayRef<int64_t> shape = shapeOf(param);
  if (shape.empty())
    return param;
  SmallVector<int64_t> target = {shape[0]};
  target.append(rank - axis - 1, 1);
  return reshapeTo(b, loc, param, target);
}

/// saturate(round_half_even(x / scale) + zero_point), to i8.
Value quantizeScalar(OpBuilder &b, Location l, ValueRange a) {
  Value scaled = arith::DivFOp::create(b, l, a[0], a[1]);
  Value rounded = math::RoundEvenOp::create(b, l, scaled);
  Value zp = arith::SIToFPOp::create(b, l, b.getF32Type(), a[2]);
  Value q = arith::AddFOp::create(b, l, rounded, zp);
  // maxnumf/minnumf: NaN saturates to -128, as a bound.
  q = arith::MaxNumFOp::create(b, l, q, f32Constant(b, l, -128.0));
  q = arith::MinNumFOp::create(b, l, q, f32Constant(b, l, 127.0));
  return arith::FPToSIOp::create(b, l, b.getI8Type(), q);
}

/// (x - zero_point) * scale, the difference taken in 64-bit integers.
Value dequantizeScalar(OpBuilder &b, Location l, ValueRange a) {
  Type i64 = b.getI64Type();
  Value x = arith::ExtSIOp::create(b, l, i64, a[0]);
  Value zp = arith::ExtSIOp::create(b, l, i64, a[2]);
  Value centered = arith::SIToFPOp::create(b, l, b.getF32Type(),
                                           arith::SubIOp::create(b, l, x, zp));
  return arith::MulFOp::create(b, l, centered, a[1]);
}

/// QuantizeLinear or DequantizeLinear: one elementwise generic of the
/// input, the scale and the zero point (broadcast along the axis).
template <typename OpTy>
struct LinearQuantizationLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t rank = op.getType().getRank();
    Value scale = alongAxis(rewriter, loc, op.getScale(), op.getAxis(), rank);
    Value zeroPoint =
        alongAxis(rewriter, loc, op.getZeroPoint(), op.getAxis(), rank);
    constexpr bool quantize = std::is_same_v<OpTy, QuantizeLinearOp>;
    Value result =
        buildElementwise(rewriter, loc, op.getType().getShape(),
                         ValueRange{op.getInput(), scale, zeroPoint},
                         quantize ? quantizeScalar : dequantizeScalar,
                         op.getType().getElementType());
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The int32 accumulator of `shape` starting from the broadcast `bias`
/// (along dimension 1), or zeros.
Value buildAccumulator(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                       Value bias, int64_t channelDim) {
  Type i32 = b.getI32Type();
  if (!bias) {
    Value empty = emptyTensor(b, loc, shape, i32);
    Value zero = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
    return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
  }
  SmallVector<int64_t> target = {shape[channelDim]};
  target.append(shape.size() - channelDim - 1, 1);
  Value column = reshapeTo(b, loc, bias, target);
  return buildElementwise(
      b, loc, shape, ValueRange{column},
      [](OpBuilder &, Location, ValueRange a) -> Value { return a[0]; }, i32);
}

/// The bias of an int8 convolution over uncentered inputs: `bias` (1-D
/// int32, or none) minus inputZeroPoint * sum(filter[f, ...]) per output
/// channel f. With the padding equal to the zero point, sum((x - zx) * w) =
/// sum(x * w) - zx * sum(w) at every output, so the convolution becomes a
/// plain one of int8 operands into int32, which the CPU code vectorizes,
/// and the zero point moves into the bias (TFLite's and gemmlowp's
/// zero-point folding). Folded to a constant when the filter and the bias
/// are constants (the weights), else computed by a reduction. int32
/// arithmetic wraps, so the accumulator is exact whenever the centered sum
/// fits in int32, as it must.
Value foldZeroPointIntoBias(OpBuilder &b, Location loc, Value filter,
                            Value bias, int64_t inputZeroPoint) {
  ArrayRef<int64_t> f = shapeOf(filter);
  auto type = RankedTensorType::get({f[0]}, b.getI32Type());
  DenseIntElementsAttr weights, biasValues;
  if (matchPattern(filter, m_Constant(&weights)) &&
      (!bias || matchPattern(bias, m_Constant(&biasValues)))) {
    // Summed in 64 bits, then wrapped to 32 as the int32 accumulator does.
    SmallVector<int64_t> sums(f[0], 0);
    if (bias)
      for (auto [o, v] : llvm::enumerate(biasValues.getValues<APInt>()))
        sums[o] = v.getSExtValue();
    int64_t perChannel = weights.getNumElements() / f[0];
    int64_t i = 0;
    for (const APInt &w : weights.getValues<APInt>())
      sums[i++ / perChannel] -= inputZeroPoint * w.getSExtValue();
    SmallVector<APInt> wrapped;
    for (int64_t sum : sums)
      wrapped.push_back(APInt(64, static_cast<uint64_t>(sum)).trunc(32));
    return arith::ConstantOp::create(b, loc,
                                     DenseElementsAttr::get(type, wrapped));
  }
  MLIRContext *ctx = b.getContext();
  unsigned rank = f.size();
  SmallVector<AffineExpr> dims;
  for (unsigned d = 0; d < rank; ++d)
    dims.push_back(getAffineDimExpr(d, ctx));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::reduction);
  iterators[0] = utils::IteratorType::parallel;
  Value init = bias;
  if (!init) {
    Value zero = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
    init = linalg::FillOp::create(b, loc, zero,
                                  emptyTensor(b, loc, {f[0]}, b.getI32Type()))
               .getResult(0);
  }
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{filter}, ValueRange{init},
             ArrayRef<AffineMap>{AffineMap::get(rank, 0, dims, ctx),
                                 AffineMap::get(rank, 0, dims[0], ctx)},
             iterators,
             [&](OpBuilder &nb, Location l, ValueRange a) {
               Value w = arith::ExtSIOp::create(nb, l, nb.getI32Type(), a[0]);
               Value share = arith::MulIOp::create(
                   nb, l, w,
                   arith::ConstantOp::create(
                       nb, l,
                       nb.getI32IntegerAttr(
                           static_cast<int32_t>(-inputZeroPoint))));
               linalg::YieldOp::create(
                   nb, l, Value(arith::AddIOp::create(nb, l, a[1], share)));
             })
      .getResult(0);
}

/// Requantizes the int32 `accumulator` to int8 with per-channel (along
/// `channelDim`) multipliers and shifts.
Value buildRequantize(OpBuilder &b, Location loc, Value accumulator,
                      int64_t channelDim, ArrayRef<int32_t> multipliers,
                      ArrayRef<int32_t> shifts, int64_t zeroPoint, int64_t lo,
                      int64_t hi) {
  ArrayRef<int64_t> shape = shapeOf(accumulator);
  SmallVector<int64_t> paramShape = {static_cast<int64_t>(multipliers.size())};
  if (multipliers.size() != 1)
    paramShape.append(shape.size() - channelDim - 1, 1);
  Value m = i32Tensor(b, loc, multipliers, paramShape);
  Value s = i32Tensor(b, loc, shifts, paramShape);
  return buildElementwise(
      b, loc, shape, ValueRange{accumulator, m, s},
      [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value acc = arith::ExtSIOp::create(nb, l, nb.getI64Type(), a[0]);
        Value scaled = multiplyByQuantizedMultiplier(nb, l, acc, a[1], a[2]);
        return offsetClampToI8(nb, l, scaled, zeroPoint, lo, hi);
      },
      b.getI8Type());
}

/// Replaces the quantized op `op` by the requantization of its int32
/// accumulator `acc` (channels along dimension 1).
template <typename OpTy>
void replaceByRequantization(PatternRewriter &rewriter, OpTy op, Value acc) {
  rewriter.replaceOp(op, buildRequantize(rewriter, op.getLoc(), acc, 1,
                                         op.getMultipliers(), op.getShifts(),
                                         op.getOutputZeroPoint(),
                                         op.getClampMin(), op.getClampMax()));
}

/// The int32 accumulation of an integer convolution `op` (a qconv2d or a
/// conv_integer) of the padded `input` and `filter` into `init`: upstream's
/// NCHW convolution for group 1, its depthwise one (the filter C x 1 x KH x
/// KW as C x KH x KW) for the verifiers' other case.
template <typename ConvOp>
Value buildIntegerConv(OpBuilder &b, Location loc, ConvOp op, Value input,
                       Value filter, Value init) {
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("strides", b.getI64TensorAttr(op.getStrides())),
      b.getNamedAttr("dilations", b.getI64TensorAttr(op.getDilations()))};
  if (op.getGroup() == 1)
    return linalg::Conv2DNchwFchwOp::create(b, loc, TypeRange{init.getType()},
                                            ValueRange{input, filter},
                                            ValueRange{init}, attrs)
        .getResult(0);
  ArrayRef<int64_t> f = shapeOf(filter);
  filter = reshapeTo(b, loc, filter, {f[0], f[2], f[3]});
  return linalg::DepthwiseConv2DNchwChwOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{input, filter},
             ValueRange{init}, attrs)
      .getResult(0);
}

struct QConv2dLowering : OpRewritePattern<QConv2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QConv2dOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> pads = op.getPads();
    int64_t izp = op.getInputZeroPoint();
    // The padding is a real zero: the input's zero point.
    Value input = padSpatial(
        rewriter, loc, op.getInput(), pads.take_front(2), pads.drop_front(2),
        arith::ConstantOp::create(
            rewriter, loc, rewriter.getI8IntegerAttr(static_cast<int8_t>(izp)))
            .getResult());
    ArrayRef<int64_t> out = op.getType().getShape();
    // The filter's zero point is 0 (symmetric weights, the verifier's
    // rule); the input's is folded into the bias.
    Value bias = op.getBias();
    if (izp != 0)
      bias = foldZeroPointIntoBias(rewriter, loc, op.getFilter(), bias, izp);
    Value init = buildAccumulator(rewriter, loc, out, bias, 1);
    replaceByRequantization(
        rewriter, op,
        buildIntegerConv(rewriter, loc, op, input, op.getFilter(), init));
    return success();
  }
};

/// `value` (int8) minus its zero points (one, or one per index of dimension
/// `dim`) as int32.
Value centeredI32(OpBuilder &b, Location loc, Value value,
                  ArrayRef<int64_t> zeroPoints, int64_t dim) {
  ArrayRef<int64_t> shape = shapeOf(value);
  SmallVector<int32_t> zps(zeroPoints.begin(), zeroPoints.end());
  SmallVector<int64_t> paramShape = {static_cast<int64_t>(zps.size())};
  if (zps.size() != 1)
    paramShape.append(shape.size() - dim - 1, 1);
  Value z = i32Tensor(b, loc, zps, paramShape);
  return buildElementwise(
      b, loc, shape, ValueRange{value, z},
      [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value x = arith::ExtSIOp::create(nb, l, nb.getI32Type(), a[0]);
        return arith::SubIOp::create(nb, l, x, a[1]);
      },
      b.getI32Type());
}

/// ConvInteger: the operands minus their zero points in int32 (a copy four
/// times the input's bytes: ConvInteger is an import format, not a
/// deployment kernel), convolved into int32.
struct ConvIntegerLowering : OpRewritePattern<ConvIntegerOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvIntegerOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> pads = op.getPads();
    Value input =
        centeredI32(rewriter, loc, op.getInput(),
                    {static_cast<int64_t>(op.getInputZeroPoint())}, 1);
    input = padSpatial(
        rewriter, loc, input, pads.take_front(2), pads.drop_front(2),
        arith::ConstantOp::create(rewriter, loc, rewriter.getI32IntegerAttr(0))
            .getResult());
    Value filter =
        centeredI32(rewriter, loc, op.getFilter(), op.getFilterZeroPoints(), 0);
    Value init =
        buildAccumulator(rewriter, loc, op.getType().getShape(), Value(), 1);
    rewriter.replaceOp(
        op, buildIntegerConv(rewriter, loc, op, input, filter, init));
    return success();
  }
};

/// MatMulInteger: the operands minus their zero points in int32, multiplied
/// into int32.
struct MatMulIntegerLowering : OpRewritePattern<MatMulIntegerOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatMulIntegerOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value a = centeredI32(rewriter, loc, op.getA(),
                          {static_cast<int64_t>(op.getAZeroPoint())}, 0);
    Value b = centeredI32(rewriter, loc, op.getB(), op.getBZeroPoints(), 1);
    Value init =
        buildAccumulator(rewriter, loc, op.getType().getShape(), Value(), 1);
    rewriter.replaceOp(
        op, linalg::MatmulOp::create(rewriter, loc, TypeRange{init.getType()},
                                     ValueRange{a, b}, ValueRange{init})
                .getResult(0));
    return success();
  }
};

/// DynamicQuantizeLinear: the range's two reductions (from 0, so that it
/// includes 0), its scale and zero point as 0-d tensors, then the
/// quantization, all in f32 with roundeven as ONNX's reference rounds.
struct DynamicQuantizeLinearLowering
    : OpRewritePattern<DynamicQuantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DynamicQuantizeLinearOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    ArrayRef<int64_t> shape = shapeOf(x);
    SmallVector<bool> all(shape.size(), true);
    auto minF = [](OpBuilder &b, Location l, Value a, Value acc) -> Value {
      return arith::MinimumFOp::create(b, l, a, acc);
    };
    Value lo = reshapeTo(rewriter, loc,
                         buildReduction(rewriter, loc, x, all, 0.0, minF), {});
    Value hi = reshapeTo(rewriter, loc,
                         buildReduction(rewriter, loc, x, all, 0.0, maxF), {});
    Value scale = buildElementwise(
        rewriter, loc, {}, ValueRange{hi, lo},
        [](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value range = arith::SubFOp::create(b, l, a[0], a[1]);
          return arith::DivFOp::create(b, l, range, f32Constant(b, l, 255.0));
        });
    // round(v) + offset saturated to [0, 255], minus 128 (shifted uint8);
    // 0 + offset where the scale is 0 (every element is 0).
    auto quantize = [](OpBuilder &b, Location l, Value v, Value scale,
                       Value offset) -> Value {
      Value zero = f32Constant(b, l, 0.0);
      Value isZero =
          arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, scale, zero);
      Value q = math::RoundEvenOp::create(
          b, l, arith::DivFOp::create(b, l, v, scale));
      q = arith::SelectOp::create(b, l, isZero, zero, q);
      q = arith::AddFOp::create(b, l, q, offset);
      q = arith::MaximumFOp::create(b, l, q, zero);
      q = arith::MinimumFOp::create(b, l, q, f32Constant(b, l, 255.0));
      q = arith::SubFOp::create(b, l, q, f32Constant(b, l, 128.0));
      return arith::FPToSIOp::create(b, l, b.getI8Type(), q);
    };
    Value zeroPoint = buildElementwise(
        rewriter, loc, {}, ValueRange{lo, scale},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value negated = arith::NegFOp::create(b, l, a[0]);
          return quantize(b, l, negated, a[1], f32Constant(b, l, 0.0));
        },
        rewriter.getI8Type());
    Value output = buildElementwise(
        rewriter, loc, shape, ValueRange{x, scale, zeroPoint},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          // The zero point back to [0, 255].
          Value zp = arith::SIToFPOp::create(b, l, b.getF32Type(), a[2]);
          zp = arith::AddFOp::create(b, l, zp, f32Constant(b, l, 128.0));
          return quantize(b, l, a[0], a[1], zp);
        },
        rewriter.getI8Type());
    rewriter.replaceOp(op, {output, scale, zeroPoint});
    return success();
  }
};

struct QGemmLowering : OpRewritePattern<QGemmOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QGemmOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> out = op.getType().getShape();
    Value init = buildAccumulator(rewriter, loc, out, op.getBias(), 1);
    Value zp = arith::ConstantOp::create(
        rewriter, loc,
        rewriter.getI32IntegerAttr(static_cast<int32_t>(op.getAZeroPoint())));
    Value bZp =
        arith::ConstantOp::create(rewriter, loc, rewriter.getI32IntegerAttr(0));
    Value acc = linalg::QuantizedMatmulOp::create(
                    rewriter, loc, TypeRange{init.getType()},
                    ValueRange{op.getA(), op.getB(), zp, bZp}, ValueRange{init})
                    .getResult(0);
    replaceByRequantization(rewriter, op, acc);
    return success();
  }
};

struct QAddLowering : OpRewritePattern<QAddOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QAddOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value result = buildElementwise(
        rewriter, loc, op.getType().getShape(),
        ValueRange{op.getLhs(), op.getRhs()},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Type i64 = b.getI64Type();
          auto constant32 = [&](int32_t v) -> Value {
            return arith::ConstantOp::create(b, l, b.getI32IntegerAttr(v));
          };
          auto rescale = [&](Value x, int64_t zeroPoint, int32_t m, int32_t s) {
            Value centered = arith::SubIOp::create(
                b, l, arith::ExtSIOp::create(b, l, i64, x),
                i64Constant(b, l, zeroPoint));
            Value shifted =
                arith::ShLIOp::create(b, l, centered, i64Constant(b, l, 20));
            return multiplyByQuantizedMultiplier(b, l, shifted, constant32(m),
                                                 constant32(s));
          };
          Value sum = arith::AddIOp::create(
              b, l,
              rescale(a[0], op.getLhsZeroPoint(), op.getLhsMultiplier(),
                      op.getLhsShift()),
              rescale(a[1], op.getRhsZeroPoint(), op.getRhsMultiplier(),
                      op.getRhsShift()));
          Value scaled = multiplyByQuantizedMultiplier(
              b, l, sum, constant32(op.getOutputMultiplier()),
              constant32(op.getOutputShift()));
          return offsetClampToI8(b, l, scaled, op.getOutputZeroPoint(),
                                 op.getClampMin(), op.getClampMax());
        },
        rewriter.getI8Type());
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct QGlobalAvgPool2dLowering : OpRewritePattern<QGlobalAvgPool2dOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QGlobalAvgPool2dOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> out = op.getType().getShape();
    Type i32 = rewriter.getI32Type();
    Value zero =
        arith::ConstantOp::create(rewriter, loc, rewriter.getI32IntegerAttr(0));
    Value init = linalg::FillOp::create(rewriter, loc, zero,
                                        emptyTensor(rewriter, loc, out, i32))
                     .getResult(0);
    int64_t izp = op.getInputZeroPoint();
    Value sum = buildGlobalPoolSum(
        rewriter, loc, op.getInput(), init,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value x = arith::SubIOp::create(
              b, l, arith::ExtSIOp::create(b, l, i32, a[0]),
              arith::ConstantOp::create(
                  b, l, b.getI32IntegerAttr(static_cast<int32_t>(izp))));
          linalg::YieldOp::create(b, l,
                                  Value(arith::AddIOp::create(b, l, a[1], x)));
        });
    int32_t multiplier = op.getMultiplier(), shift = op.getShift();
    rewriter.replaceOp(op,
                       buildRequantize(rewriter, loc, sum, 1, multiplier, shift,
                                       op.getOutputZeroPoint(), -128, 127));
    return success();
  }
};

} // namespace

void mini::lowering::populateQuantizedPatterns(RewritePatternSet &patterns) {
  patterns.add<LinearQuantizationLowering<QuantizeLinearOp>,
               LinearQuantizationLowering<DequantizeLinearOp>, QConv2dLowering,
               QGemmLowering, QAddLowering, QGlobalAvgPool2dLowering,
               ConvIntegerLowering, MatMulIntegerLowering,
               DynamicQuantizeLinearLowering>(patterns.getContext());
}
