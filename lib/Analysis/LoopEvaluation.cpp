//===- LoopEvaluation.cpp - index values at every iteration of a loop nest ===//
//
// Ops are evaluated by hand rather than with Operation::fold: fold may
// update an op in place (the commutative trait moves constants to the
// right), and an analysis must leave the IR as it found it.
//
//===----------------------------------------------------------------------===//

#include "mini/Analysis/LoopEvaluation.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mini;

/// Deep enough for the affine chains of a fused patch, shallow enough that
/// a long def-use chain cannot exhaust the stack.
static constexpr unsigned kMaxDepth = 256;

IterationEvaluator::IterationEvaluator(
    llvm::DenseMap<Value, int64_t> inductionValues)
    : inductionValues(std::move(inductionValues)) {}

std::optional<int64_t> IterationEvaluator::getInteger(Value value) {
  return evaluate(value, 0);
}

std::optional<int64_t> IterationEvaluator::getDimension(Value shaped,
                                                        unsigned dim) {
  return getDimension(shaped, dim, 0);
}

/// The value of affine expression `expr` on `dims` and `symbols`; nullopt
/// on overflow or a division by zero.
static std::optional<int64_t> evaluateAffine(AffineExpr expr,
                                             ArrayRef<int64_t> dims,
                                             ArrayRef<int64_t> symbols) {
  if (auto constant = dyn_cast<AffineConstantExpr>(expr))
    return constant.getValue();
  if (auto dim = dyn_cast<AffineDimExpr>(expr))
    return dims[dim.getPosition()];
  if (auto symbol = dyn_cast<AffineSymbolExpr>(expr))
    return symbols[symbol.getPosition()];
  auto binary = cast<AffineBinaryOpExpr>(expr);
  std::optional<int64_t> lhs = evaluateAffine(binary.getLHS(), dims, symbols);
  std::optional<int64_t> rhs = evaluateAffine(binary.getRHS(), dims, symbols);
  if (!lhs || !rhs)
    return std::nullopt;
  switch (expr.getKind()) {
  case AffineExprKind::Add:
    return llvm::checkedAdd(*lhs, *rhs);
  case AffineExprKind::Mul:
    return llvm::checkedMul(*lhs, *rhs);
  case AffineExprKind::Mod:
    if (*rhs <= 0)
      return std::nullopt;
    return llvm::mod(*lhs, *rhs);
  case AffineExprKind::FloorDiv:
  case AffineExprKind::CeilDiv:
    if (*rhs == 0 || (*lhs == INT64_MIN && *rhs == -1))
      return std::nullopt;
    return expr.getKind() == AffineExprKind::FloorDiv
               ? llvm::divideFloorSigned(*lhs, *rhs)
               : llvm::divideCeilSigned(*lhs, *rhs);
  default:
    return std::nullopt;
  }
}

/// The result of an arith integer op on constant operands.
static std::optional<int64_t> evaluateArith(Operation *op,
                                            ArrayRef<int64_t> in) {
  if (isa<arith::AddIOp>(op))
    return llvm::checkedAdd(in[0], in[1]);
  if (isa<arith::SubIOp>(op))
    return llvm::checkedSub(in[0], in[1]);
  if (isa<arith::MulIOp>(op))
    return llvm::checkedMul(in[0], in[1]);
  if (isa<arith::DivSIOp, arith::FloorDivSIOp, arith::CeilDivSIOp,
          arith::RemSIOp, arith::DivUIOp, arith::RemUIOp>(op)) {
    if (in[1] == 0 || (in[0] == INT64_MIN && in[1] == -1))
      return std::nullopt;
    if (isa<arith::DivSIOp>(op))
      return in[0] / in[1];
    if (isa<arith::FloorDivSIOp>(op))
      return llvm::divideFloorSigned(in[0], in[1]);
    if (isa<arith::CeilDivSIOp>(op))
      return llvm::divideCeilSigned(in[0], in[1]);
    if (isa<arith::RemSIOp>(op))
      return in[0] % in[1];
    if (in[0] < 0 || in[1] < 0)
      return std::nullopt;
    return isa<arith::DivUIOp>(op) ? in[0] / in[1] : in[0] % in[1];
  }
  if (isa<arith::MaxSIOp>(op))
    return std::max(in[0], in[1]);
  if (isa<arith::MinSIOp>(op))
    return std::min(in[0], in[1]);
  if (isa<arith::AndIOp>(op))
    return in[0] & in[1];
  if (isa<arith::OrIOp>(op))
    return in[0] | in[1];
  if (isa<arith::XOrIOp>(op))
    return in[0] ^ in[1];
  if (auto cmp = dyn_cast<arith::CmpIOp>(op)) {
    auto lhs = static_cast<uint64_t>(in[0]), rhs = static_cast<uint64_t>(in[1]);
    switch (cmp.getPredicate()) {
    case arith::CmpIPredicate::eq:
      return in[0] == in[1];
    case arith::CmpIPredicate::ne:
      return in[0] != in[1];
    case arith::CmpIPredicate::slt:
      return in[0] < in[1];
    case arith::CmpIPredicate::sle:
      return in[0] <= in[1];
    case arith::CmpIPredicate::sgt:
      return in[0] > in[1];
    case arith::CmpIPredicate::sge:
      return in[0] >= in[1];
    case arith::CmpIPredicate::ult:
      return lhs < rhs;
    case arith::CmpIPredicate::ule:
      return lhs <= rhs;
    case arith::CmpIPredicate::ugt:
      return lhs > rhs;
    case arith::CmpIPredicate::uge:
      return lhs >= rhs;
    }
  }
  if (isa<arith::SelectOp>(op))
    return in[0] ? in[1] : in[2];
  if (isa<arith::IndexCastOp, arith::IndexCastUIOp, arith::ExtSIOp>(op))
    return in[0];
  return std::nullopt;
}

std::optional<int64_t> IterationEvaluator::evaluate(Value value,
                                                    unsigned depth) {
  if (auto it = inductionValues.find(value); it != inductionValues.end())
    return it->second;
  if (auto it = known.find(value); it != known.end())
    return it->second;
  if (depth > kMaxDepth)
    return std::nullopt;
  APInt constant;
  if (matchPattern(value, m_ConstantInt(&constant)))
    return constant.getBitWidth() == 1 ? constant.getZExtValue()
                                       : constant.getSExtValue();
  Operation *op = value.getDefiningOp();
  if (!op || op->getNumRegions() != 0)
    return std::nullopt;

  std::optional<int64_t> result;
  if (auto dimOp = dyn_cast<tensor::DimOp>(op)) {
    if (std::optional<int64_t> index = evaluate(dimOp.getIndex(), depth + 1))
      result = getDimension(dimOp.getSource(), *index, depth + 1);
  } else if (auto dimOp = dyn_cast<memref::DimOp>(op)) {
    if (std::optional<int64_t> index = evaluate(dimOp.getIndex(), depth + 1))
      result = getDimension(dimOp.getSource(), *index, depth + 1);
  } else {
    SmallVector<int64_t> in;
    for (Value operand : op->getOperands()) {
      std::optional<int64_t> v = evaluate(operand, depth + 1);
      if (!v)
        return std::nullopt;
      in.push_back(*v);
    }
    AffineMap map;
    if (auto apply = dyn_cast<affine::AffineApplyOp>(op))
      map = apply.getAffineMap();
    else if (auto min = dyn_cast<affine::AffineMinOp>(op))
      map = min.getAffineMap();
    else if (auto max = dyn_cast<affine::AffineMaxOp>(op))
      map = max.getAffineMap();
    if (map) {
      ArrayRef<int64_t> dims = ArrayRef(in).take_front(map.getNumDims());
      ArrayRef<int64_t> symbols = ArrayRef(in).drop_front(map.getNumDims());
      for (AffineExpr expr : map.getResults()) {
        std::optional<int64_t> v = evaluateAffine(expr, dims, symbols);
        if (!v)
          return std::nullopt;
        if (!result || (isa<affine::AffineMinOp>(op) && *v < *result) ||
            (isa<affine::AffineMaxOp>(op) && *v > *result))
          result = v;
      }
    } else {
      result = evaluateArith(op, in);
    }
  }
  if (result)
    known[value] = *result;
  return result;
}

std::optional<int64_t>
IterationEvaluator::getDimension(Value shaped, unsigned dim, unsigned depth) {
  auto type = dyn_cast<ShapedType>(shaped.getType());
  if (!type || !type.hasRank() || dim >= type.getRank() || depth > kMaxDepth)
    return std::nullopt;
  if (!type.isDynamicDim(dim))
    return type.getDimSize(dim);
  auto fromFoldResult = [&](OpFoldResult ofr) -> std::optional<int64_t> {
    if (std::optional<int64_t> constant = getConstantIntValue(ofr))
      return constant;
    return evaluate(cast<Value>(ofr), depth + 1);
  };
  // The index among the dynamic dimensions, for ops that list only those.
  auto dynamicIndex = [&]() {
    unsigned index = 0;
    for (unsigned d = 0; d < dim; ++d)
      index += type.isDynamicDim(d);
    return index;
  };

  if (auto arg = dyn_cast<BlockArgument>(shaped)) {
    if (auto loop = dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp()))
      if (OpOperand *init = loop.getTiedLoopInit(arg))
        return getDimension(init->get(), dim, depth + 1);
    return std::nullopt;
  }
  Operation *op = shaped.getDefiningOp();
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(op)) {
    if (slice.getSourceType().getRank() == type.getRank())
      return fromFoldResult(slice.getMixedSizes()[dim]);
    return std::nullopt;
  }
  if (auto subview = dyn_cast<memref::SubViewOp>(op)) {
    if (subview.getSourceType().getRank() == type.getRank())
      return fromFoldResult(subview.getMixedSizes()[dim]);
    return std::nullopt;
  }
  if (auto empty = dyn_cast<tensor::EmptyOp>(op))
    return fromFoldResult(empty.getMixedSizes()[dim]);
  if (auto generate = dyn_cast<tensor::GenerateOp>(op))
    return fromFoldResult(generate.getDynamicExtents()[dynamicIndex()]);
  if (auto alloc = dyn_cast<memref::AllocOp>(op))
    return fromFoldResult(alloc.getDynamicSizes()[dynamicIndex()]);
  if (auto alloca = dyn_cast<memref::AllocaOp>(op))
    return fromFoldResult(alloca.getDynamicSizes()[dynamicIndex()]);
  if (auto cast = dyn_cast<tensor::CastOp>(op))
    return getDimension(cast.getSource(), dim, depth + 1);
  if (auto pad = dyn_cast<tensor::PadOp>(op)) {
    std::optional<int64_t> low = fromFoldResult(pad.getMixedLowPad()[dim]);
    std::optional<int64_t> high = fromFoldResult(pad.getMixedHighPad()[dim]);
    std::optional<int64_t> source =
        getDimension(pad.getSource(), dim, depth + 1);
    if (!low || !high || !source)
      return std::nullopt;
    return *low + *source + *high;
  }
  if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
    std::optional<int64_t> condition = evaluate(ifOp.getCondition(), depth + 1);
    if (!condition || ifOp.getElseRegion().empty())
      return std::nullopt;
    unsigned number = cast<OpResult>(shaped).getResultNumber();
    scf::YieldOp yield = *condition ? ifOp.thenYield() : ifOp.elseYield();
    return getDimension(yield.getOperand(number), dim, depth + 1);
  }
  if (auto loop = dyn_cast<scf::ForOp>(op))
    return getDimension(
        loop.getInits()[cast<OpResult>(shaped).getResultNumber()], dim,
        depth + 1);
  if (auto dps = dyn_cast<DestinationStyleOpInterface>(op))
    return getDimension(
        dps.getDpsInitOperand(cast<OpResult>(shaped).getResultNumber())->get(),
        dim, depth + 1);
  return std::nullopt;
}

LogicalResult
mini::forEachLoopIteration(Operation *op, uint64_t maxIterations,
                           llvm::function_ref<void(IterationEvaluator &)> visit,
                           Operation *limit) {
  struct Loop {
    Value inductionVar;
    int64_t lower, upper, step;
  };
  SmallVector<Loop> loops;
  uint64_t iterations = 1;
  for (Operation *parent = op->getParentOp(); parent && parent != limit;
       parent = parent->getParentOp()) {
    auto loop = dyn_cast<scf::ForOp>(parent);
    if (!loop)
      continue;
    std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound());
    std::optional<int64_t> upper = getConstantIntValue(loop.getUpperBound());
    std::optional<int64_t> step = getConstantIntValue(loop.getStep());
    if (!lower || !upper || !step || *step <= 0)
      return failure();
    int64_t trips =
        *upper > *lower ? llvm::divideCeil(*upper - *lower, *step) : 0;
    bool overflow = false;
    iterations = llvm::SaturatingMultiply(
        iterations, static_cast<uint64_t>(trips), &overflow);
    if (overflow || iterations > maxIterations)
      return failure();
    loops.push_back({loop.getInductionVar(), *lower, *upper, *step});
  }
  if (iterations == 0)
    return success();
  std::reverse(loops.begin(), loops.end());
  SmallVector<int64_t> current;
  for (const Loop &loop : loops)
    current.push_back(loop.lower);
  while (true) {
    llvm::DenseMap<Value, int64_t> values;
    for (auto [loop, value] : llvm::zip_equal(loops, current))
      values[loop.inductionVar] = value;
    IterationEvaluator evaluator(std::move(values));
    visit(evaluator);
    // The odometer: the innermost loop advances first.
    int index = static_cast<int>(loops.size()) - 1;
    for (; index >= 0; --index) {
      current[index] += loops[index].step;
      if (current[index] < loops[index].upper)
        break;
      current[index] = loops[index].lower;
    }
    if (index < 0)
      return success();
  }
}

std::optional<std::pair<int64_t, int64_t>>
mini::getRangeOverLoops(Value value, uint64_t maxIterations) {
  Operation *anchor = value.getDefiningOp();
  if (!anchor) {
    Block *block = cast<BlockArgument>(value).getOwner();
    if (block->empty())
      return std::nullopt;
    anchor = &block->front();
  }
  std::optional<std::pair<int64_t, int64_t>> range;
  bool complete = true;
  LogicalResult walked =
      forEachLoopIteration(anchor, maxIterations, [&](IterationEvaluator &ev) {
        std::optional<int64_t> v = ev.getInteger(value);
        if (!v) {
          complete = false;
          return;
        }
        if (!range)
          range = {*v, *v};
        range->first = std::min(range->first, *v);
        range->second = std::max(range->second, *v);
      });
  if (failed(walked) || !complete)
    return std::nullopt;
  return range;
}
