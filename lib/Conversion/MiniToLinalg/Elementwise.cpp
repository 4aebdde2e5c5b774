//===- Elementwise.cpp - elementwise mini ops to linalg.generic -----------===//
//
// Constants, arithmetic with broadcasting, activations, comparisons, select
// and casts: each a linalg.generic over the result, or arith.constant.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mini;
using namespace mini::lowering;

namespace {

struct ConstantLowering : OpRewritePattern<ConstantOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConstantOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, op.getValue());
    return success();
  }
};

/// A binary op: `FloatOp` on floats, `IntOp` on integers (signed; the
/// same op when the operation is float-only, whose verifier takes no
/// integers).
template <typename OpTy, typename FloatOp, typename IntOp = FloatOp>
struct BinaryLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Type elementType = op.getType().getElementType();
    bool isFloat = isa<FloatType>(elementType);
    Value result = buildElementwise(
        rewriter, op.getLoc(), op.getType().getShape(),
        ValueRange{op.getLhs(), op.getRhs()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          if (isFloat)
            return FloatOp::create(b, loc, args[0], args[1]);
          return IntOp::create(b, loc, args[0], args[1]);
        },
        elementType);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Lowers a unary elementwise op; subclasses give the scalar body.
template <typename OpTy> struct UnaryLowering : OpRewritePattern<OpTy> {
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

/// A unary op that is one math (or arith) op on every element.
template <typename OpTy, typename ScalarOp>
struct MathUnaryLowering : UnaryLowering<OpTy> {
  using UnaryLowering<OpTy>::UnaryLowering;
  Value buildScalar(OpTy, OpBuilder &b, Location loc, Value x) const override {
    return ScalarOp::create(b, loc, x);
  }
};

struct ReciprocalLowering : UnaryLowering<ReciprocalOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(ReciprocalOp, OpBuilder &b, Location loc,
                    Value x) const override {
    return arith::DivFOp::create(b, loc, f32Constant(b, loc, 1.0), x);
  }
};

struct HardSwishLowering : UnaryLowering<HardSwishOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(HardSwishOp, OpBuilder &b, Location loc,
                    Value x) const override {
    // x * clamp(x / 6 + 1/2, 0, 1), as ONNX HardSwish (HardSigmoid with
    // alpha = 1/6, beta = 1/2, times x).
    Value y = arith::AddFOp::create(
        b, loc, arith::MulFOp::create(b, loc, x, f32Constant(b, loc, 1.0 / 6)),
        f32Constant(b, loc, 0.5));
    y = arith::MinimumFOp::create(b, loc, y, f32Constant(b, loc, 1.0));
    y = arith::MaximumFOp::create(b, loc, y, f32Constant(b, loc, 0.0));
    return arith::MulFOp::create(b, loc, x, y);
  }
};

struct GeluLowering : UnaryLowering<GeluOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(GeluOp op, OpBuilder &b, Location loc,
                    Value x) const override {
    Value inner;
    if (op.getApproximate() == "tanh") {
      // tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))
      Value x3 =
          arith::MulFOp::create(b, loc, x, arith::MulFOp::create(b, loc, x, x));
      Value sum = arith::AddFOp::create(
          b, loc, x,
          arith::MulFOp::create(b, loc, x3, f32Constant(b, loc, 0.044715)));
      inner = math::TanhOp::create(
          b, loc,
          arith::MulFOp::create(b, loc, sum,
                                f32Constant(b, loc, 0.7978845608028654)));
    } else {
      // erf(x / sqrt(2))
      inner = math::ErfOp::create(
          b, loc,
          arith::MulFOp::create(b, loc, x,
                                f32Constant(b, loc, 0.7071067811865476)));
    }
    Value half = arith::MulFOp::create(b, loc, x, f32Constant(b, loc, 0.5));
    return arith::MulFOp::create(
        b, loc, half,
        arith::AddFOp::create(b, loc, inner, f32Constant(b, loc, 1.0)));
  }
};

/// A comparison: `arith.cmpf` (ordered) on floats, `arith.cmpi` (signed) on
/// integers, into i1.
template <typename OpTy, arith::CmpFPredicate FloatPredicate,
          arith::CmpIPredicate IntPredicate>
struct CompareLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    bool isFloat = isa<FloatType>(getElementTypeOrSelf(op.getLhs().getType()));
    Value result = buildElementwise(
        rewriter, op.getLoc(), op.getType().getShape(),
        ValueRange{op.getLhs(), op.getRhs()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          if (isFloat)
            return arith::CmpFOp::create(b, loc, FloatPredicate, args[0],
                                         args[1]);
          return arith::CmpIOp::create(b, loc, IntPredicate, args[0], args[1]);
        },
        rewriter.getI1Type());
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct WhereLowering : OpRewritePattern<WhereOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(WhereOp op,
                                PatternRewriter &rewriter) const override {
    Value result = buildElementwise(
        rewriter, op.getLoc(), op.getType().getShape(),
        ValueRange{op.getCondition(), op.getX(), op.getY()},
        [](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
        },
        op.getType().getElementType());
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Converts one scalar between f32, i64, i32 and i1 as ONNX Cast does.
static Value castScalar(OpBuilder &b, Location loc, Value x, Type to) {
  Type from = x.getType();
  if (from == to)
    return x;
  if (to.isInteger(1)) {
    if (isa<FloatType>(from))
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x,
                                   f32Constant(b, loc, 0.0));
    return arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ne, x,
        arith::ConstantOp::create(b, loc, b.getIntegerAttr(from, 0)));
  }
  if (isa<FloatType>(to)) {
    if (from.isInteger(1))
      return arith::UIToFPOp::create(b, loc, to, x);
    return arith::SIToFPOp::create(b, loc, to, x);
  }
  if (isa<FloatType>(from))
    return arith::FPToSIOp::create(b, loc, to, x);
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth > toWidth)
    return arith::TruncIOp::create(b, loc, to, x);
  if (from.isInteger(1))
    return arith::ExtUIOp::create(b, loc, to, x);
  return arith::ExtSIOp::create(b, loc, to, x);
}

struct CastLowering : OpRewritePattern<CastOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CastOp op,
                                PatternRewriter &rewriter) const override {
    Type to = op.getType().getElementType();
    if (op.getInput().getType() == op.getType()) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    Value result = buildElementwise(
        rewriter, op.getLoc(), op.getType().getShape(),
        ValueRange{op.getInput()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return castScalar(b, loc, args[0], to);
        },
        to);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mini::lowering::populateElementwisePatterns(RewritePatternSet &patterns) {
  using arith::CmpFPredicate;
  using arith::CmpIPredicate;
  patterns.add<
      ConstantLowering, BinaryLowering<AddOp, arith::AddFOp, arith::AddIOp>,
      BinaryLowering<SubOp, arith::SubFOp, arith::SubIOp>,
      BinaryLowering<MulOp, arith::MulFOp, arith::MulIOp>,
      BinaryLowering<DivOp, arith::DivFOp, arith::DivSIOp>,
      BinaryLowering<PowOp, math::PowFOp>, ReluLowering, ClipLowering,
      SigmoidLowering, HardSigmoidLowering,
      MathUnaryLowering<SqrtOp, math::SqrtOp>,
      MathUnaryLowering<ExpOp, math::ExpOp>,
      MathUnaryLowering<LogOp, math::LogOp>,
      MathUnaryLowering<ErfOp, math::ErfOp>,
      MathUnaryLowering<TanhOp, math::TanhOp>,
      MathUnaryLowering<NegOp, arith::NegFOp>, ReciprocalLowering,
      HardSwishLowering, GeluLowering,
      CompareLowering<EqualOp, CmpFPredicate::OEQ, CmpIPredicate::eq>,
      CompareLowering<LessOp, CmpFPredicate::OLT, CmpIPredicate::slt>,
      CompareLowering<GreaterOp, CmpFPredicate::OGT, CmpIPredicate::sgt>,
      WhereLowering, CastLowering>(patterns.getContext());
}
