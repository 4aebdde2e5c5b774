//===- FuseQuantizedOps.cpp - QDQ subgraphs to integer ops ----------------===//
//
// `mini-fuse-quantized-ops` (Passes.td): the float op between
// DequantizeLinear and QuantizeLinear of a QDQ model becomes one integer op,
// as onnxruntime's QDQ transformers and torch-mlir's fusion of
// dequantize-matmul do; TFLite's int8 spec gives the arithmetic (per-channel
// symmetric weights, int32 bias at scale s_in * s_w, fixed-point
// requantization). What cannot be fused (a zero point that is not a
// constant scalar, non-zero weight zero points, grouped convolutions that
// are not depthwise) stays float, correct and slower.
//
//===----------------------------------------------------------------------===//

#include "mini/Dialect/Mini/Transforms/Passes.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

using namespace mlir;
using namespace mini;

std::optional<std::pair<int32_t, int32_t>>
mini::quantizeMultiplier(double real) {
  if (!(real > 0.0) || !std::isfinite(real))
    return std::nullopt;
  int exponent = 0;
  double fraction = std::frexp(real, &exponent); // real = fraction * 2^exp
  int64_t multiplier = std::llround(fraction * 2147483648.0);
  if (multiplier == (int64_t(1) << 31)) {
    multiplier /= 2;
    ++exponent;
  }
  int shift = -exponent;
  if (shift < -31 || shift > 32)
    return std::nullopt;
  return std::make_pair(static_cast<int32_t>(multiplier),
                        static_cast<int32_t>(shift));
}

namespace {

/// The float values of a constant f32 tensor.
std::optional<SmallVector<double>> getFloats(Value v) {
  auto constant = v.getDefiningOp<ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto dense = dyn_cast<DenseFPElementsAttr>(constant.getValue());
  if (!dense)
    return std::nullopt;
  SmallVector<double> values;
  for (APFloat f : dense.getValues<APFloat>())
    values.push_back(f.convertToDouble());
  return values;
}

/// The integer values of a constant integer tensor.
std::optional<SmallVector<int64_t>> getInts(Value v) {
  auto constant = v.getDefiningOp<ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto dense = dyn_cast<DenseIntElementsAttr>(constant.getValue());
  if (!dense)
    return std::nullopt;
  SmallVector<int64_t> values;
  for (APInt i : dense.getValues<APInt>())
    values.push_back(i.getSExtValue());
  return values;
}

/// A dequantization with constant parameters.
struct Dequantized {
  Value quantized;
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  int64_t axis = 0;
  bool perTensor() const { return scales.size() == 1; }
};

std::optional<Dequantized> matchDequantize(Value v) {
  auto dq = v.getDefiningOp<DequantizeLinearOp>();
  if (!dq)
    return std::nullopt;
  std::optional<SmallVector<double>> scales = getFloats(dq.getScale());
  std::optional<SmallVector<int64_t>> zps = getInts(dq.getZeroPoint());
  if (!scales || !zps || scales->empty() || scales->size() != zps->size())
    return std::nullopt;
  return Dequantized{dq.getInput(), *scales, *zps,
                     static_cast<int64_t>(dq.getAxis())};
}

/// The output quantization of a QuantizeLinear with constant per-tensor
/// parameters, and the activation between it and `producer`.
struct OutputQuantization {
  double scale;
  int64_t zeroPoint;
  int64_t clampMin = -128, clampMax = 127;
  Value producer;
};

std::optional<OutputQuantization> matchOutput(QuantizeLinearOp q) {
  std::optional<SmallVector<double>> scales = getFloats(q.getScale());
  std::optional<SmallVector<int64_t>> zps = getInts(q.getZeroPoint());
  if (!scales || !zps || scales->size() != 1 || zps->size() != 1)
    return std::nullopt;
  OutputQuantization out{(*scales)[0], (*zps)[0], -128, 127, q.getInput()};
  auto clampTo = [&](double lo, double hi) {
    if (std::isfinite(lo))
      out.clampMin =
          std::max<int64_t>(-128, out.zeroPoint + std::llround(lo / out.scale));
    if (std::isfinite(hi))
      out.clampMax =
          std::min<int64_t>(127, out.zeroPoint + std::llround(hi / out.scale));
  };
  Operation *def = out.producer.getDefiningOp();
  if (auto relu = dyn_cast_if_present<ReluOp>(def); relu && relu->hasOneUse()) {
    clampTo(0.0, INFINITY);
    out.producer = relu.getInput();
  } else if (auto clip = dyn_cast_if_present<ClipOp>(def);
             clip && clip->hasOneUse()) {
    clampTo(clip.getMin().convertToDouble(), clip.getMax().convertToDouble());
    out.producer = clip.getInput();
  }
  if (out.clampMin > out.clampMax)
    return std::nullopt;
  return out;
}

/// Per output channel multipliers and shifts of s_in * s_w[c] / s_out.
bool getRequantization(double inputScale, ArrayRef<double> weightScales,
                       double outputScale, SmallVectorImpl<int32_t> &m,
                       SmallVectorImpl<int32_t> &s) {
  for (double w : weightScales) {
    std::optional<std::pair<int32_t, int32_t>> q =
        quantizeMultiplier(inputScale * w / outputScale);
    if (!q)
      return false;
    m.push_back(q->first);
    s.push_back(q->second);
  }
  return true;
}

/// The attributes of a requantizing op: its input zero point (named
/// `inputName`), the output's zero point and clamp, and the multipliers and
/// shifts.
SmallVector<NamedAttribute>
getRequantizationAttrs(PatternRewriter &rewriter, StringRef inputName,
                       int64_t inputZeroPoint, const OutputQuantization &out,
                       ArrayRef<int32_t> m, ArrayRef<int32_t> s) {
  return {
      rewriter.getNamedAttr(inputName,
                            rewriter.getI64IntegerAttr(inputZeroPoint)),
      rewriter.getNamedAttr("output_zero_point",
                            rewriter.getI64IntegerAttr(out.zeroPoint)),
      rewriter.getNamedAttr("multipliers", rewriter.getDenseI32ArrayAttr(m)),
      rewriter.getNamedAttr("shifts", rewriter.getDenseI32ArrayAttr(s)),
      rewriter.getNamedAttr("clamp_min",
                            rewriter.getI64IntegerAttr(out.clampMin)),
      rewriter.getNamedAttr("clamp_max",
                            rewriter.getI64IntegerAttr(out.clampMax))};
}

/// The int32 bias of a fused op: a float constant quantized at
/// s_in * s_w[c] (rounded half to even), or a dequantized int32 constant
/// at that scale; null without a bias; failure otherwise.
FailureOr<Value> getQuantizedBias(PatternRewriter &rewriter, Location loc,
                                  Value bias, double inputScale,
                                  ArrayRef<double> weightScales,
                                  int64_t channels) {
  if (!bias)
    return Value();
  SmallVector<double> real;
  if (std::optional<SmallVector<double>> floats = getFloats(bias)) {
    real = *floats;
  } else if (std::optional<Dequantized> dq = matchDequantize(bias)) {
    std::optional<SmallVector<int64_t>> ints = getInts(dq->quantized);
    if (!ints)
      return failure();
    for (auto [i, v] : llvm::enumerate(*ints)) {
      size_t c = dq->perTensor() ? 0 : i;
      real.push_back((v - dq->zeroPoints[c]) * dq->scales[c]);
    }
  } else {
    return failure();
  }
  if (static_cast<int64_t>(real.size()) != channels)
    return failure();
  SmallVector<int32_t> quantized;
  for (auto [c, v] : llvm::enumerate(real)) {
    double scale = inputScale * weightScales[weightScales.size() == 1 ? 0 : c];
    double q = std::nearbyint(v / scale);
    if (!(std::abs(q) < 2147483647.0))
      return failure();
    quantized.push_back(static_cast<int32_t>(q));
  }
  auto type = RankedTensorType::get({channels}, rewriter.getI32Type());
  return ConstantOp::create(rewriter, loc,
                            DenseElementsAttr::get(type, ArrayRef(quantized)))
      .getResult();
}

/// Weights: an int8 constant, symmetric (every zero point 0), per tensor or
/// per output channel along `channelAxis`.
bool isSymmetricWeight(const Dequantized &w, int64_t channelAxis) {
  return w.quantized.getDefiningOp<ConstantOp>() &&
         llvm::all_of(w.zeroPoints, [](int64_t z) { return z == 0; }) &&
         (w.perTensor() || w.axis == channelAxis);
}

/// DequantizeLinear -> Conv [-> Relu | Clip] -> QuantizeLinear.
struct FuseQuantizedConv : OpRewritePattern<QuantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeLinearOp q,
                                PatternRewriter &rewriter) const override {
    std::optional<OutputQuantization> out = matchOutput(q);
    if (!out)
      return failure();
    auto conv = out->producer.getDefiningOp<Conv2dOp>();
    if (!conv || !conv->hasOneUse())
      return failure();
    std::optional<Dequantized> x = matchDequantize(conv.getInput());
    std::optional<Dequantized> w = matchDequantize(conv.getFilter());
    if (!x || !w || !x->perTensor() || !isSymmetricWeight(*w, 0))
      return failure();
    int64_t channels = conv.getType().getDimSize(1);
    int64_t inChannels = conv.getInput().getType().getDimSize(1);
    int64_t group = static_cast<int64_t>(conv.getGroup());
    if (group != 1 && !(group == inChannels && channels == inChannels))
      return failure();
    SmallVector<int32_t> m, s;
    if (!getRequantization(x->scales[0], w->scales, out->scale, m, s))
      return failure();
    FailureOr<Value> bias =
        getQuantizedBias(rewriter, conv.getLoc(), conv.getBias(), x->scales[0],
                         w->scales, channels);
    if (failed(bias))
      return failure();
    SmallVector<Value> operands = {x->quantized, w->quantized};
    if (*bias)
      operands.push_back(*bias);
    SmallVector<NamedAttribute> attrs = getRequantizationAttrs(
        rewriter, "input_zero_point", x->zeroPoints[0], *out, m, s);
    attrs.append({rewriter.getNamedAttr("dilations", conv.getDilationsAttr()),
                  rewriter.getNamedAttr("group", conv.getGroupAttr()),
                  rewriter.getNamedAttr("pads", conv.getPadsAttr()),
                  rewriter.getNamedAttr("strides", conv.getStridesAttr())});
    auto fused =
        QConv2dOp::create(rewriter, q.getLoc(), q.getType(), operands, attrs);
    rewriter.replaceOp(q, fused.getResult());
    return success();
  }
};

/// DequantizeLinear -> Gemm [-> Relu | Clip] -> QuantizeLinear, with
/// constant weights (alpha = beta = 1, A not transposed).
struct FuseQuantizedGemm : OpRewritePattern<QuantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeLinearOp q,
                                PatternRewriter &rewriter) const override {
    std::optional<OutputQuantization> out = matchOutput(q);
    if (!out)
      return failure();
    auto gemm = out->producer.getDefiningOp<GemmOp>();
    if (!gemm || !gemm->hasOneUse() || gemm.getTransA() ||
        gemm.getAlpha().convertToDouble() != 1.0 ||
        gemm.getBeta().convertToDouble() != 1.0)
      return failure();
    std::optional<Dequantized> a = matchDequantize(gemm.getA());
    std::optional<Dequantized> w = matchDequantize(gemm.getB());
    bool transB = gemm.getTransB();
    if (!a || !w || !a->perTensor() || !isSymmetricWeight(*w, transB ? 0 : 1))
      return failure();
    auto weights = cast<DenseIntElementsAttr>(
        w->quantized.getDefiningOp<ConstantOp>().getValue());
    ArrayRef<int64_t> ws = weights.getType().getShape();
    int64_t k = transB ? ws[1] : ws[0], n = transB ? ws[0] : ws[1];
    if (gemm.getType().getRank() != 2 || gemm.getType().getDimSize(1) != n)
      return failure();
    // B as [K, N].
    SmallVector<int8_t> values;
    SmallVector<APInt> all(weights.getValues<APInt>());
    for (int64_t i = 0; i < k; ++i)
      for (int64_t j = 0; j < n; ++j)
        values.push_back(static_cast<int8_t>(
            all[transB ? j * k + i : i * n + j].getSExtValue()));
    Value b = ConstantOp::create(
        rewriter, gemm.getLoc(),
        DenseElementsAttr::get(
            RankedTensorType::get({k, n}, rewriter.getI8Type()),
            ArrayRef(values)));
    SmallVector<int32_t> m, s;
    if (!getRequantization(a->scales[0], w->scales, out->scale, m, s))
      return failure();
    Value c = gemm.getC();
    if (c && cast<RankedTensorType>(c.getType()).getRank() != 1)
      return failure();
    FailureOr<Value> bias = getQuantizedBias(rewriter, gemm.getLoc(), c,
                                             a->scales[0], w->scales, n);
    if (failed(bias))
      return failure();
    SmallVector<Value> operands = {a->quantized, b};
    if (*bias)
      operands.push_back(*bias);
    auto fused =
        QGemmOp::create(rewriter, q.getLoc(), q.getType(), operands,
                        getRequantizationAttrs(rewriter, "a_zero_point",
                                               a->zeroPoints[0], *out, m, s));
    rewriter.replaceOp(q, fused.getResult());
    return success();
  }
};

/// DequantizeLinear + DequantizeLinear [-> Relu | Clip] -> QuantizeLinear
/// on one shape: TFLite's int8 Add (left shift 20, both operands rescaled
/// to twice the larger scale, the sum to the output's).
struct FuseQuantizedAdd : OpRewritePattern<QuantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeLinearOp q,
                                PatternRewriter &rewriter) const override {
    std::optional<OutputQuantization> out = matchOutput(q);
    if (!out)
      return failure();
    auto add = out->producer.getDefiningOp<AddOp>();
    if (!add || !add->hasOneUse())
      return failure();
    std::optional<Dequantized> lhs = matchDequantize(add.getLhs());
    std::optional<Dequantized> rhs = matchDequantize(add.getRhs());
    if (!lhs || !rhs || !lhs->perTensor() || !rhs->perTensor() ||
        add.getLhs().getType() != add.getRhs().getType() ||
        add.getLhs().getType() != add.getType())
      return failure();
    double twiceMax = 2.0 * std::max(lhs->scales[0], rhs->scales[0]);
    std::optional<std::pair<int32_t, int32_t>> ml =
        quantizeMultiplier(lhs->scales[0] / twiceMax);
    std::optional<std::pair<int32_t, int32_t>> mr =
        quantizeMultiplier(rhs->scales[0] / twiceMax);
    std::optional<std::pair<int32_t, int32_t>> mo =
        quantizeMultiplier(twiceMax / (double(1 << 20) * out->scale));
    if (!ml || !mr || !mo)
      return failure();
    auto i32 = [&](int32_t v) { return rewriter.getI32IntegerAttr(v); };
    auto i64 = [&](int64_t v) { return rewriter.getI64IntegerAttr(v); };
    auto fused = QAddOp::create(
        rewriter, q.getLoc(), q.getType(),
        ValueRange{lhs->quantized, rhs->quantized},
        {rewriter.getNamedAttr("lhs_zero_point", i64(lhs->zeroPoints[0])),
         rewriter.getNamedAttr("rhs_zero_point", i64(rhs->zeroPoints[0])),
         rewriter.getNamedAttr("output_zero_point", i64(out->zeroPoint)),
         rewriter.getNamedAttr("lhs_multiplier", i32(ml->first)),
         rewriter.getNamedAttr("lhs_shift", i32(ml->second)),
         rewriter.getNamedAttr("rhs_multiplier", i32(mr->first)),
         rewriter.getNamedAttr("rhs_shift", i32(mr->second)),
         rewriter.getNamedAttr("output_multiplier", i32(mo->first)),
         rewriter.getNamedAttr("output_shift", i32(mo->second)),
         rewriter.getNamedAttr("clamp_min", i64(out->clampMin)),
         rewriter.getNamedAttr("clamp_max", i64(out->clampMax))});
    rewriter.replaceOp(q, fused.getResult());
    return success();
  }
};

/// DequantizeLinear -> MaxPool / Flatten / Reshape ... -> QuantizeLinear
/// with the same scale and zero point: the ops keep the quantization
/// (max commutes with an increasing affine map), so they run on the int8
/// values, as TFLite's int8 MaxPool and Reshape do.
struct FuseQuantizedDataMovement : OpRewritePattern<QuantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeLinearOp q,
                                PatternRewriter &rewriter) const override {
    std::optional<SmallVector<double>> scales = getFloats(q.getScale());
    std::optional<SmallVector<int64_t>> zps = getInts(q.getZeroPoint());
    if (!scales || !zps || scales->size() != 1 || zps->size() != 1)
      return failure();
    SmallVector<Operation *> chain;
    Value v = q.getInput();
    while (Operation *def = v.getDefiningOp()) {
      if (!isa<MaxPool2dOp, FlattenOp>(def) || !def->hasOneUse())
        break;
      chain.push_back(def);
      v = def->getOperand(0);
    }
    std::optional<Dequantized> dq = matchDequantize(v);
    if (chain.empty() || !dq || !dq->perTensor() ||
        dq->zeroPoints[0] != (*zps)[0] ||
        std::abs(dq->scales[0] - (*scales)[0]) > 1e-6 * std::abs((*scales)[0]))
      return failure();
    Value current = dq->quantized;
    for (Operation *op : llvm::reverse(chain)) {
      Operation *clone = rewriter.clone(*op);
      clone->setOperand(0, current);
      auto type = cast<RankedTensorType>(clone->getResult(0).getType());
      clone->getResult(0).setType(type.clone(rewriter.getI8Type()));
      current = clone->getResult(0);
    }
    rewriter.replaceOp(q, current);
    return success();
  }
};

/// DequantizeLinear -> GlobalAveragePool [-> Flatten] -> QuantizeLinear:
/// `mini.qglobal_avg_pool2d` (then the flatten on int8), as TFLite's int8
/// Mean.
struct FuseQuantizedGlobalAvgPool : OpRewritePattern<QuantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeLinearOp q,
                                PatternRewriter &rewriter) const override {
    std::optional<OutputQuantization> out = matchOutput(q);
    if (!out || out->clampMin != -128 || out->clampMax != 127)
      return failure();
    Value v = out->producer;
    auto flatten = v.getDefiningOp<FlattenOp>();
    if (flatten) {
      if (!flatten->hasOneUse())
        return failure();
      v = flatten.getInput();
    }
    auto pool = v.getDefiningOp<GlobalAvgPool2dOp>();
    if (!pool || !pool->hasOneUse())
      return failure();
    std::optional<Dequantized> x = matchDequantize(pool.getInput());
    if (!x || !x->perTensor())
      return failure();
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(x->quantized.getType()).getShape();
    std::optional<std::pair<int32_t, int32_t>> m = quantizeMultiplier(
        x->scales[0] / (double(shape[2] * shape[3]) * out->scale));
    if (!m)
      return failure();
    Value pooled = QGlobalAvgPool2dOp::create(
        rewriter, pool.getLoc(), pool.getType().clone(rewriter.getI8Type()),
        x->quantized, rewriter.getI64IntegerAttr(x->zeroPoints[0]),
        rewriter.getI64IntegerAttr(out->zeroPoint),
        rewriter.getI32IntegerAttr(m->first),
        rewriter.getI32IntegerAttr(m->second));
    if (flatten)
      pooled = FlattenOp::create(rewriter, flatten.getLoc(), q.getType(),
                                 pooled, flatten.getAxisAttr());
    rewriter.replaceOp(q, pooled);
    return success();
  }
};

/// A dequantization of constants (weights left to a float op) becomes a
/// float constant: no float copy of the weights is computed at run time.
struct FoldConstantDequantize : OpRewritePattern<DequantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DequantizeLinearOp dq,
                                PatternRewriter &rewriter) const override {
    std::optional<Dequantized> d = matchDequantize(dq.getResult());
    if (!d)
      return failure();
    std::optional<SmallVector<int64_t>> ints = getInts(d->quantized);
    if (!ints)
      return failure();
    ArrayRef<int64_t> shape = dq.getType().getShape();
    int64_t inner = 1;
    if (!d->perTensor())
      for (size_t i = d->axis + 1; i < shape.size(); ++i)
        inner *= shape[i];
    SmallVector<float> values;
    for (auto [i, v] : llvm::enumerate(*ints)) {
      size_t c = d->perTensor() ? 0 : (i / inner) % d->scales.size();
      values.push_back(
          static_cast<float>((v - d->zeroPoints[c]) * d->scales[c]));
    }
    rewriter.replaceOpWithNewOp<ConstantOp>(
        dq, DenseElementsAttr::get(dq.getType(), ArrayRef(values)));
    return success();
  }
};

} // namespace

void mini::populateFuseQuantizedOpsPatterns(RewritePatternSet &patterns) {
  patterns.add<FuseQuantizedConv, FuseQuantizedGemm, FuseQuantizedAdd,
               FuseQuantizedDataMovement, FuseQuantizedGlobalAvgPool>(
      patterns.getContext());
}

LogicalResult mini::fuseQuantizedOps(Operation *op) {
  GreedyRewriteConfig config;
  config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
  // The fusions first, then the dequantizations of constants they left: a
  // weight's dequantization folded first would hide it from its fusion.
  RewritePatternSet fusions(op->getContext());
  populateFuseQuantizedOpsPatterns(fusions);
  if (failed(applyPatternsGreedily(op, std::move(fusions), config)))
    return failure();
  RewritePatternSet folds(op->getContext());
  folds.add<FoldConstantDequantize>(op->getContext());
  return applyPatternsGreedily(op, std::move(folds), config);
}

namespace mini {
#define GEN_PASS_DEF_FUSEQUANTIZEDOPSPASS
#include "mini/Dialect/Mini/Transforms/Passes.h.inc"
} // namespace mini

namespace {
struct FuseQuantizedOpsPass
    : public mini::impl::FuseQuantizedOpsPassBase<FuseQuantizedOpsPass> {
  void runOnOperation() override {
    if (failed(fuseQuantizedOps(getOperation())))
      signalPassFailure();
  }
};
} // namespace
