//===- FuseDecomposedOps.cpp - fused forms of decomposed subgraphs --------===//
//
// `mini-fuse-decomposed-ops` (Passes.td): rewrite patterns on mini ops.
//
//===----------------------------------------------------------------------===//

#include "mini/Dialect/Mini/Transforms/Passes.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

using namespace mlir;
using namespace mini;

/// Whether `v` is a mini.constant splat of (about) `expected`.
static bool isSplat(Value v, double expected) {
  auto constant = v.getDefiningOp<ConstantOp>();
  if (!constant)
    return false;
  auto dense = dyn_cast<DenseFPElementsAttr>(constant.getValue());
  if (!dense || !dense.isSplat())
    return false;
  double value = dense.getSplatValue<APFloat>().convertToDouble();
  return std::abs(value - expected) <= 1e-6 * std::max(1.0, std::abs(expected));
}

/// The splat value of a mini.constant, if it is one.
static std::optional<double> getSplat(Value v) {
  auto constant = v.getDefiningOp<ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto dense = dyn_cast<DenseFPElementsAttr>(constant.getValue());
  if (!dense || !dense.isSplat())
    return std::nullopt;
  return dense.getSplatValue<APFloat>().convertToDouble();
}

/// The first normalized axis of a keepdims reduction over trailing axes of
/// `op`'s input, or std::nullopt.
static std::optional<int64_t> getTrailingAxis(ReduceMeanOp op) {
  if (!op || !op.getKeepdims())
    return std::nullopt;
  int64_t rank = op.getInput().getType().getRank();
  SmallVector<int64_t> axes;
  for (int64_t a : op.getAxes())
    axes.push_back(a < 0 ? a + rank : a);
  llvm::sort(axes);
  for (auto [i, a] : llvm::enumerate(axes))
    if (a != rank - static_cast<int64_t>(axes.size()) + static_cast<int64_t>(i))
      return std::nullopt;
  return axes.empty() ? std::nullopt : std::optional<int64_t>(axes.front());
}

namespace {

/// (x - mean(x)) / sqrt(mean((x - mean(x))^2) + eps)  ->  layer_norm(x, 1).
struct FuseLayerNorm : OpRewritePattern<DivOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DivOp div,
                                PatternRewriter &rewriter) const override {
    auto sub = div.getLhs().getDefiningOp<SubOp>();
    auto sqrt = div.getRhs().getDefiningOp<SqrtOp>();
    if (!sub || !sqrt || sub.getType() != div.getType())
      return failure();
    auto addEps = sqrt.getInput().getDefiningOp<AddOp>();
    if (!addEps)
      return failure();
    std::optional<double> eps = getSplat(addEps.getRhs());
    auto variance = addEps.getLhs().getDefiningOp<ReduceMeanOp>();
    if (!eps || !variance)
      return failure();
    auto pow = variance.getInput().getDefiningOp<PowOp>();
    if (!pow || pow.getLhs() != sub.getResult() || !isSplat(pow.getRhs(), 2.0))
      return failure();
    auto mean = sub.getRhs().getDefiningOp<ReduceMeanOp>();
    if (!mean || mean.getInput() != sub.getLhs())
      return failure();
    std::optional<int64_t> axis = getTrailingAxis(mean);
    if (!axis || axis != getTrailingAxis(variance))
      return failure();
    Value x = sub.getLhs();
    auto type = cast<RankedTensorType>(x.getType());
    auto scaleType = RankedTensorType::get(type.getShape().drop_front(*axis),
                                           type.getElementType());
    Value ones = ConstantOp::create(
        rewriter, div.getLoc(),
        DenseElementsAttr::get(
            scaleType, rewriter.getFloatAttr(type.getElementType(), 1.0)));
    rewriter.replaceOpWithNewOp<LayerNormOp>(
        div, type, x, ones, Value(), rewriter.getI64IntegerAttr(*axis),
        rewriter.getF32FloatAttr(static_cast<float>(*eps)));
    return success();
  }
};

/// The affine part: layer_norm(x, 1) * g  ->  layer_norm(x, g), and
/// layer_norm(x, g) + b  ->  layer_norm(x, g, b), for constant g and b of
/// the normalized shape.
template <typename OpTy> struct FuseLayerNormAffine : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    constexpr bool isScale = std::is_same_v<OpTy, MulOp>;
    for (auto [norm, other] : {std::pair(op.getLhs(), op.getRhs()),
                               std::pair(op.getRhs(), op.getLhs())}) {
      auto ln = norm.template getDefiningOp<LayerNormOp>();
      if (!ln || !ln->hasOneUse() || ln.getType() != op.getType() ||
          !other.template getDefiningOp<ConstantOp>() || ln.getBias())
        continue;
      if (isScale && !isSplat(ln.getScale(), 1.0))
        continue;
      int64_t rank = ln.getType().getRank();
      int64_t axis = ln.getAxis() < 0 ? ln.getAxis() + rank : ln.getAxis();
      ArrayRef<int64_t> normalized = ln.getType().getShape().drop_front(axis);
      ArrayRef<int64_t> shape =
          cast<RankedTensorType>(other.getType()).getShape();
      // The constant must broadcast along the normalized dims only.
      if (shape.size() > normalized.size() ||
          shape != normalized.take_back(shape.size()))
        continue;
      Value scale = isScale ? other : ln.getScale();
      Value bias = isScale ? Value() : other;
      rewriter.template replaceOpWithNewOp<LayerNormOp>(
          op, ln.getType(), ln.getInput(), scale, bias, ln.getAxisAttr(),
          ln.getEpsilonAttr());
      return success();
    }
    return failure();
  }
};

/// (x * (erf(x / sqrt 2) + 1)) * 0.5, in either operand order, -> gelu(x).
struct FuseGelu : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MulOp op,
                                PatternRewriter &rewriter) const override {
    for (auto [product, half] : {std::pair(op.getLhs(), op.getRhs()),
                                 std::pair(op.getRhs(), op.getLhs())}) {
      auto mul = product.getDefiningOp<MulOp>();
      if (!mul || !isSplat(half, 0.5))
        continue;
      for (auto [x, sum] : {std::pair(mul.getLhs(), mul.getRhs()),
                            std::pair(mul.getRhs(), mul.getLhs())}) {
        auto add = sum.getDefiningOp<AddOp>();
        if (!add || !isSplat(add.getRhs(), 1.0))
          continue;
        auto erf = add.getLhs().getDefiningOp<ErfOp>();
        auto div = erf ? erf.getInput().getDefiningOp<DivOp>() : DivOp();
        if (!div || div.getLhs() != x || !isSplat(div.getRhs(), M_SQRT2) ||
            x.getType() != op.getType())
          continue;
        rewriter.replaceOpWithNewOp<GeluOp>(op, op.getType(), x,
                                            rewriter.getStringAttr("none"));
        return success();
      }
    }
    return failure();
  }
};

} // namespace

void mini::populateFuseDecomposedOpsPatterns(RewritePatternSet &patterns) {
  patterns.add<FuseLayerNorm, FuseLayerNormAffine<MulOp>,
               FuseLayerNormAffine<AddOp>, FuseGelu>(patterns.getContext());
}

LogicalResult mini::fuseDecomposedOps(Operation *op) {
  RewritePatternSet patterns(op->getContext());
  populateFuseDecomposedOpsPatterns(patterns);
  GreedyRewriteConfig config;
  config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
  return applyPatternsGreedily(op, std::move(patterns), config);
}

namespace mini {
#define GEN_PASS_DEF_FUSEDECOMPOSEDOPSPASS
#include "mini/Dialect/Mini/Transforms/Passes.h.inc"
} // namespace mini

namespace {
struct FuseDecomposedOpsPass
    : mini::impl::FuseDecomposedOpsPassBase<FuseDecomposedOpsPass> {
  void runOnOperation() override {
    if (failed(fuseDecomposedOps(getOperation())))
      signalPassFailure();
  }
};
} // namespace
