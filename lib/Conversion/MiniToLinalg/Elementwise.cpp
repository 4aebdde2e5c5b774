//===- Elementwise.cpp - elementwise mini ops to linalg.generic -----------===//
//
// Constants, arithmetic with broadcasting, activations, comparisons, select
// and casts: each a linalg.generic over the result, or arith.constant.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include <limits>
#include <type_traits>

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

/// Replaces `op` (one ranked tensor result) by the elementwise generic of
/// `inputs` broadcast to its result's shape, each element `body`, of the
/// result's element type.
LogicalResult replaceByElementwise(PatternRewriter &rewriter, Operation *op,
                                   ValueRange inputs, BodyBuilder body) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  rewriter.replaceOp(op,
                     buildElementwise(rewriter, op->getLoc(), type.getShape(),
                                      inputs, body, type.getElementType()));
  return success();
}

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
    return replaceByElementwise(
        rewriter, op, ValueRange{op.getLhs(), op.getRhs()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          if (isFloat)
            return FloatOp::create(b, loc, args[0], args[1]);
          return IntOp::create(b, loc, args[0], args[1]);
        });
  }
};

/// Lowers a unary elementwise op; subclasses give the scalar body.
template <typename OpTy> struct UnaryLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  virtual Value buildScalar(OpTy op, OpBuilder &b, Location loc,
                            Value x) const = 0;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    return replaceByElementwise(
        rewriter, op, ValueRange{op.getInput()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return buildScalar(op, b, loc, args[0]);
        });
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

/// `cond ? a : b` on f32 scalars.
Value select(OpBuilder &b, Location loc, arith::CmpFPredicate predicate,
             Value lhs, Value rhs, Value a, Value c) {
  Value cond = arith::CmpFOp::create(b, loc, predicate, lhs, rhs);
  return arith::SelectOp::create(b, loc, cond, a, c);
}

/// exp(x) - 1, as ONNX's reference computes it.
Value expMinusOne(OpBuilder &b, Location loc, Value x) {
  return arith::SubFOp::create(b, loc, math::ExpOp::create(b, loc, x),
                               f32Constant(b, loc, 1.0));
}

struct SignLowering : UnaryLowering<SignOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(SignOp, OpBuilder &b, Location loc,
                    Value x) const override {
    // 0 and NaN stay as they are.
    Value zero = f32Constant(b, loc, 0.0);
    Value negative = select(b, loc, arith::CmpFPredicate::OLT, x, zero,
                            f32Constant(b, loc, -1.0), x);
    return select(b, loc, arith::CmpFPredicate::OGT, x, zero,
                  f32Constant(b, loc, 1.0), negative);
  }
};

struct SoftplusLowering : UnaryLowering<SoftplusOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(SoftplusOp, OpBuilder &b, Location loc,
                    Value x) const override {
    return math::LogOp::create(
        b, loc,
        arith::AddFOp::create(b, loc, math::ExpOp::create(b, loc, x),
                              f32Constant(b, loc, 1.0)));
  }
};

struct SoftsignLowering : UnaryLowering<SoftsignOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(SoftsignOp, OpBuilder &b, Location loc,
                    Value x) const override {
    Value denominator = arith::AddFOp::create(b, loc, f32Constant(b, loc, 1.0),
                                              math::AbsFOp::create(b, loc, x));
    return arith::DivFOp::create(b, loc, x, denominator);
  }
};

struct EluLowering : UnaryLowering<EluOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(EluOp op, OpBuilder &b, Location loc,
                    Value x) const override {
    Value alpha = arith::ConstantOp::create(b, loc, op.getAlphaAttr());
    Value negative =
        arith::MulFOp::create(b, loc, alpha, expMinusOne(b, loc, x));
    return select(b, loc, arith::CmpFPredicate::OLT, x,
                  f32Constant(b, loc, 0.0), negative, x);
  }
};

struct LeakyReluLowering : UnaryLowering<LeakyReluOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(LeakyReluOp op, OpBuilder &b, Location loc,
                    Value x) const override {
    Value alpha = arith::ConstantOp::create(b, loc, op.getAlphaAttr());
    return select(b, loc, arith::CmpFPredicate::OLT, x,
                  f32Constant(b, loc, 0.0),
                  arith::MulFOp::create(b, loc, alpha, x), x);
  }
};

struct CeluLowering : UnaryLowering<CeluOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(CeluOp op, OpBuilder &b, Location loc,
                    Value x) const override {
    Value alpha = arith::ConstantOp::create(b, loc, op.getAlphaAttr());
    Value zero = f32Constant(b, loc, 0.0);
    Value negative = arith::MulFOp::create(
        b, loc, alpha,
        expMinusOne(b, loc, arith::DivFOp::create(b, loc, x, alpha)));
    return arith::AddFOp::create(
        b, loc, arith::MaximumFOp::create(b, loc, x, zero),
        arith::MinimumFOp::create(b, loc, negative, zero));
  }
};

struct ThresholdedReluLowering : UnaryLowering<ThresholdedReluOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(ThresholdedReluOp op, OpBuilder &b, Location loc,
                    Value x) const override {
    Value alpha = arith::ConstantOp::create(b, loc, op.getAlphaAttr());
    return select(b, loc, arith::CmpFPredicate::OGT, x, alpha, x,
                  f32Constant(b, loc, 0.0));
  }
};

struct SeluLowering : UnaryLowering<SeluOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(SeluOp op, OpBuilder &b, Location loc,
                    Value x) const override {
    Value alpha = arith::ConstantOp::create(b, loc, op.getAlphaAttr());
    Value gamma = arith::ConstantOp::create(b, loc, op.getGammaAttr());
    Value negative = arith::SubFOp::create(
        b, loc,
        arith::MulFOp::create(b, loc, alpha, math::ExpOp::create(b, loc, x)),
        alpha);
    Value y = select(b, loc, arith::CmpFPredicate::OLE, x,
                     f32Constant(b, loc, 0.0), negative, x);
    return arith::MulFOp::create(b, loc, gamma, y);
  }
};

struct ShrinkLowering : UnaryLowering<ShrinkOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(ShrinkOp op, OpBuilder &b, Location loc,
                    Value x) const override {
    Value bias = arith::ConstantOp::create(b, loc, op.getBiasAttr());
    Value lambd = arith::ConstantOp::create(b, loc, op.getLambdAttr());
    Value above = select(b, loc, arith::CmpFPredicate::OGT, x, lambd,
                         arith::SubFOp::create(b, loc, x, bias),
                         f32Constant(b, loc, 0.0));
    return select(b, loc, arith::CmpFPredicate::OLT, x,
                  arith::NegFOp::create(b, loc, lambd),
                  arith::AddFOp::create(b, loc, x, bias), above);
  }
};

/// The inverse hyperbolic functions by their logarithmic forms (math's
/// asinh, acosh and atanh have no lowering to LLVM or libm here):
/// asinh(x) = sign(x) log(|x| + sqrt(x^2 + 1)) (odd, so that large negative
/// x does not cancel), acosh(x) = log(x + sqrt(x^2 - 1)), atanh(x) =
/// log((1 + x) / (1 - x)) / 2.
struct AsinhLowering : UnaryLowering<AsinhOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(AsinhOp, OpBuilder &b, Location loc,
                    Value x) const override {
    Value a = math::AbsFOp::create(b, loc, x);
    Value root = math::SqrtOp::create(
        b, loc,
        arith::AddFOp::create(b, loc, arith::MulFOp::create(b, loc, a, a),
                              f32Constant(b, loc, 1.0)));
    Value y =
        math::LogOp::create(b, loc, arith::AddFOp::create(b, loc, a, root));
    return math::CopySignOp::create(b, loc, y, x);
  }
};

struct AcoshLowering : UnaryLowering<AcoshOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(AcoshOp, OpBuilder &b, Location loc,
                    Value x) const override {
    Value root = math::SqrtOp::create(
        b, loc,
        arith::SubFOp::create(b, loc, arith::MulFOp::create(b, loc, x, x),
                              f32Constant(b, loc, 1.0)));
    return math::LogOp::create(b, loc, arith::AddFOp::create(b, loc, x, root));
  }
};

struct AtanhLowering : UnaryLowering<AtanhOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(AtanhOp, OpBuilder &b, Location loc,
                    Value x) const override {
    Value one = f32Constant(b, loc, 1.0);
    Value ratio =
        arith::DivFOp::create(b, loc, arith::AddFOp::create(b, loc, one, x),
                              arith::SubFOp::create(b, loc, one, x));
    return arith::MulFOp::create(b, loc, f32Constant(b, loc, 0.5),
                                 math::LogOp::create(b, loc, ratio));
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
    return replaceByElementwise(
        rewriter, op, ValueRange{op.getLhs(), op.getRhs()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          if (isFloat)
            return arith::CmpFOp::create(b, loc, FloatPredicate, args[0],
                                         args[1]);
          return arith::CmpIOp::create(b, loc, IntPredicate, args[0], args[1]);
        });
  }
};

/// And, Or, Xor on i1 (NumPy broadcasting, as the arithmetic ops).
template <typename OpTy, typename ScalarOp>
struct LogicalLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    return replaceByElementwise(
        rewriter, op, ValueRange{op.getLhs(), op.getRhs()},
        [](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return ScalarOp::create(b, loc, args[0], args[1]);
        });
  }
};

struct NotLowering : OpRewritePattern<NotOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(NotOp op,
                                PatternRewriter &rewriter) const override {
    return replaceByElementwise(
        rewriter, op, ValueRange{op.getInput()},
        [](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value one = arith::ConstantOp::create(b, loc, b.getBoolAttr(true));
          return arith::XOrIOp::create(b, loc, args[0], one);
        });
  }
};

/// IsNaN (unordered with itself) and IsInf (|x| == inf, by sign).
template <typename OpTy> struct ClassifyLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    return replaceByElementwise(
        rewriter, op, ValueRange{op.getInput()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value x = args[0];
          if constexpr (std::is_same_v<OpTy, IsNaNOp>) {
            return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x,
                                         x);
          } else {
            float inf = std::numeric_limits<float>::infinity();
            Value positive = arith::CmpFOp::create(
                b, loc, arith::CmpFPredicate::OEQ, x, f32Constant(b, loc, inf));
            Value negative =
                arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x,
                                      f32Constant(b, loc, -inf));
            Value no = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
            return arith::OrIOp::create(b, loc,
                                        op.getDetectPositive() ? positive : no,
                                        op.getDetectNegative() ? negative : no);
          }
        });
  }
};

/// PRelu: x < 0 ? slope * x : x, the slope broadcast against x.
struct PReluLowering : OpRewritePattern<PReluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PReluOp op,
                                PatternRewriter &rewriter) const override {
    return replaceByElementwise(
        rewriter, op, ValueRange{op.getLhs(), op.getRhs()},
        [](OpBuilder &b, Location loc, ValueRange a) -> Value {
          Value negative = arith::CmpFOp::create(
              b, loc, arith::CmpFPredicate::OLT, a[0], f32Constant(b, loc, 0));
          return arith::SelectOp::create(
              b, loc, negative, arith::MulFOp::create(b, loc, a[1], a[0]),
              a[0]);
        });
  }
};

/// Max, Min, Sum and Mean of any number of broadcast operands: one
/// generic folding them left to right (Mean divides the sum by the count).
template <typename OpTy> struct VariadicLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Type elementType = op.getType().getElementType();
    bool isFloat = isa<FloatType>(elementType);
    double count = static_cast<double>(op.getInputs().size());
    return replaceByElementwise(
        rewriter, op, op.getInputs(),
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value acc = args[0];
          for (Value x : args.drop_front()) {
            if constexpr (std::is_same_v<OpTy, MaxOp>)
              acc = isFloat ? Value(arith::MaximumFOp::create(b, loc, acc, x))
                            : Value(arith::MaxSIOp::create(b, loc, acc, x));
            else if constexpr (std::is_same_v<OpTy, MinOp>)
              acc = isFloat ? Value(arith::MinimumFOp::create(b, loc, acc, x))
                            : Value(arith::MinSIOp::create(b, loc, acc, x));
            else
              acc = isFloat ? Value(arith::AddFOp::create(b, loc, acc, x))
                            : Value(arith::AddIOp::create(b, loc, acc, x));
          }
          if constexpr (std::is_same_v<OpTy, MeanOp>)
            acc =
                arith::DivFOp::create(b, loc, acc, f32Constant(b, loc, count));
          return acc;
        });
  }
};

struct WhereLowering : OpRewritePattern<WhereOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(WhereOp op,
                                PatternRewriter &rewriter) const override {
    return replaceByElementwise(
        rewriter, op, ValueRange{op.getCondition(), op.getX(), op.getY()},
        [](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
        });
  }
};

/// Converts one scalar between f32, i64, i32 and i1 as ONNX Cast does.
static Value castScalar(OpBuilder &b, Location loc, Value x, Type to) {
  Type from = x.getType();
  if (from == to)
    return x;
  if (isa<FloatType>(from) && isa<FloatType>(to))
    return convertFloat(b, loc, x, to);
  if (to.isInteger(1)) {
    if (isa<FloatType>(from))
      return arith::CmpFOp::create(
          b, loc, arith::CmpFPredicate::UNE, x,
          arith::ConstantOp::create(b, loc, b.getFloatAttr(from, 0.0)));
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
    return replaceByElementwise(
        rewriter, op, ValueRange{op.getInput()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return castScalar(b, loc, args[0], to);
        });
  }
};

/// x xor 0x80: ONNX uint8 bytes to mini's shifted int8 and back.
struct Uint8ShiftLowering : UnaryLowering<Uint8ShiftOp> {
  using UnaryLowering::UnaryLowering;
  Value buildScalar(Uint8ShiftOp, OpBuilder &b, Location loc,
                    Value x) const override {
    Value signBit = arith::ConstantOp::create(
        b, loc, b.getIntegerAttr(b.getI8Type(), -128));
    return arith::XOrIOp::create(b, loc, x, signBit);
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
      MathUnaryLowering<NegOp, arith::NegFOp>,
      MathUnaryLowering<SinOp, math::SinOp>,
      MathUnaryLowering<CosOp, math::CosOp>,
      MathUnaryLowering<TanOp, math::TanOp>,
      MathUnaryLowering<AsinOp, math::AsinOp>,
      MathUnaryLowering<AcosOp, math::AcosOp>,
      MathUnaryLowering<AtanOp, math::AtanOp>,
      MathUnaryLowering<SinhOp, math::SinhOp>,
      MathUnaryLowering<CoshOp, math::CoshOp>, AsinhLowering, AcoshLowering,
      AtanhLowering, MathUnaryLowering<CeilOp, math::CeilOp>,
      MathUnaryLowering<FloorOp, math::FloorOp>,
      MathUnaryLowering<RoundOp, math::RoundEvenOp>,
      MathUnaryLowering<AbsOp, math::AbsFOp>, SignLowering, SoftplusLowering,
      SoftsignLowering, EluLowering, LeakyReluLowering, CeluLowering,
      ThresholdedReluLowering, SeluLowering, ShrinkLowering, ReciprocalLowering,
      HardSwishLowering, GeluLowering,
      CompareLowering<EqualOp, CmpFPredicate::OEQ, CmpIPredicate::eq>,
      CompareLowering<LessOp, CmpFPredicate::OLT, CmpIPredicate::slt>,
      CompareLowering<GreaterOp, CmpFPredicate::OGT, CmpIPredicate::sgt>,
      CompareLowering<LessOrEqualOp, CmpFPredicate::OLE, CmpIPredicate::sle>,
      CompareLowering<GreaterOrEqualOp, CmpFPredicate::OGE, CmpIPredicate::sge>,
      LogicalLowering<AndOp, arith::AndIOp>,
      LogicalLowering<OrOp, arith::OrIOp>,
      LogicalLowering<XorOp, arith::XOrIOp>, NotLowering,
      ClassifyLowering<IsNaNOp>, ClassifyLowering<IsInfOp>, PReluLowering,
      VariadicLowering<MaxOp>, VariadicLowering<MinOp>, VariadicLowering<SumOp>,
      VariadicLowering<MeanOp>, WhereLowering, CastLowering,
      Uint8ShiftLowering>(patterns.getContext());
}
