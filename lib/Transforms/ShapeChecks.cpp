//===- ShapeChecks.cpp - run-time checks of dynamic dimensions ------------===//
//
// `mini-insert-shape-checks` guards every access that relies on a dynamic
// dimension equalling another with a `cf.assert`, as torch-mlir's
// TorchToLinalg guards its contractions ("mismatching contracting
// dimension"); `mini-outline-shape-checks` moves the checks of a public
// function into a function of their own that the runtime calls before the
// entry, so that a failed check is an error returned to the caller (as
// IREE's `util.assert` becomes a failed status) instead of an abort, and
// happens before any buffer is touched.
//
//===----------------------------------------------------------------------===//

#include "mini/Transforms/ShapeChecks.h"
#include "mini/Dialect/Mini/IR/MiniDialect.h"
#include "mini/Transforms/Passes.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mini {
#define GEN_PASS_DEF_INSERTSHAPECHECKSPASS
#define GEN_PASS_DEF_OUTLINESHAPECHECKSPASS
#include "mini/Transforms/Passes.h.inc"
} // namespace mini

using namespace mlir;

namespace {

/// `op` for a check's message: the name of its location (the ONNX tensor
/// it computes, as the importer names ops) or the location itself.
std::string describe(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    os << "'" << name.getName().getValue() << "'";
  else
    os << op->getLoc();
  os << " (" << op->getName() << ")";
  return text;
}

/// A size as an index value (a constant for a static one).
Value toIndex(OpBuilder &b, Location loc, OpFoldResult size) {
  if (auto value = dyn_cast<Value>(size))
    return value;
  return arith::ConstantIndexOp::create(b, loc, *getConstantIntValue(size));
}

/// Emits `cf.assert (lhs pred rhs)` before `op` unless both are constants
/// (which the verifiers already compared).
void assertSizes(OpBuilder &b, Operation *op, arith::CmpIPredicate pred,
                 OpFoldResult lhs, OpFoldResult rhs, const llvm::Twine &what) {
  if (getConstantIntValue(lhs) && getConstantIntValue(rhs))
    return;
  b.setInsertionPoint(op);
  Location loc = op->getLoc();
  Value holds = arith::CmpIOp::create(b, loc, pred, toIndex(b, loc, lhs),
                                      toIndex(b, loc, rhs));
  cf::AssertOp::create(b, loc, holds, (describe(op) + ": " + what).str());
}

OpFoldResult dimOf(OpBuilder &b, Operation *op, Value shaped, int64_t dim) {
  auto type = cast<ShapedType>(shaped.getType());
  if (!type.isDynamicDim(dim))
    return b.getIndexAttr(type.getDimSize(dim));
  b.setInsertionPoint(op);
  if (isa<RankedTensorType>(type))
    return tensor::DimOp::create(b, op->getLoc(), shaped, dim).getResult();
  return memref::DimOp::create(b, op->getLoc(), shaped, dim).getResult();
}

/// Every loop of a linalg op iterates over one size: each operand dimension
/// indexed by that loop alone must have it (linalg's verifier compares the
/// static ones).
void checkLinalgOp(OpBuilder &b, linalg::LinalgOp op) {
  if (!llvm::any_of(op->getOperands(), [](Value v) {
        auto type = dyn_cast<ShapedType>(v.getType());
        return type && type.hasRank() && !type.hasStaticShape();
      }))
    return;
  SmallVector<std::pair<OpOperand *, int64_t>> firstOfLoop(op.getNumLoops(),
                                                           {nullptr, 0});
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<ShapedType>(operand.get().getType()))
      continue;
    AffineMap map = op.getMatchingIndexingMap(&operand);
    for (auto [dim, expr] : llvm::enumerate(map.getResults())) {
      auto loop = dyn_cast<AffineDimExpr>(expr);
      if (!loop)
        continue;
      auto &[first, firstDim] = firstOfLoop[loop.getPosition()];
      if (!first) {
        first = &operand;
        firstDim = static_cast<int64_t>(dim);
        continue;
      }
      assertSizes(b, op, arith::CmpIPredicate::eq,
                  dimOf(b, op, first->get(), firstDim),
                  dimOf(b, op, operand.get(), static_cast<int64_t>(dim)),
                  "dimension " + llvm::Twine(firstDim) + " of operand " +
                      llvm::Twine(first->getOperandNumber()) +
                      " and dimension " + llvm::Twine(dim) + " of operand " +
                      llvm::Twine(operand.getOperandNumber()) +
                      " differ (loop " + llvm::Twine(loop.getPosition()) + ")");
    }
  }
}

/// A cast from a dynamic to a static dimension asserts the size.
void checkCast(OpBuilder &b, tensor::CastOp op) {
  auto source = cast<RankedTensorType>(op.getSource().getType());
  auto dest = dyn_cast<RankedTensorType>(op.getType());
  if (!dest)
    return;
  for (int64_t i = 0; i < source.getRank(); ++i)
    if (source.isDynamicDim(i) && !dest.isDynamicDim(i))
      assertSizes(b, op, arith::CmpIPredicate::eq,
                  dimOf(b, op, op.getSource(), i),
                  b.getIndexAttr(dest.getDimSize(i)),
                  "dimension " + llvm::Twine(i) + " is not " +
                      llvm::Twine(dest.getDimSize(i)));
}

/// A slice of unit strides lies inside the tensor of dynamic size it is
/// taken from or inserted into: offset + size <= dimension. (Slices of
/// static tensors are the producer's to keep in bounds, as tiling does.)
void checkSlice(OpBuilder &b, OffsetSizeAndStrideOpInterface op, Value whole) {
  auto type = cast<ShapedType>(whole.getType());
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (!type.isDynamicDim(i))
      continue;
    OpFoldResult offset = op.getMixedOffsets()[i];
    OpFoldResult size = op.getMixedSizes()[i];
    std::optional<int64_t> stride =
        getConstantIntValue(op.getMixedStrides()[i]);
    if (!stride || *stride != 1)
      continue;
    OpFoldResult dim = dimOf(b, op, whole, i);
    if (getConstantIntValue(offset) && getConstantIntValue(size) &&
        getConstantIntValue(dim))
      continue;
    b.setInsertionPoint(op);
    Location loc = op->getLoc();
    Value end = arith::AddIOp::create(b, loc, toIndex(b, loc, offset),
                                      toIndex(b, loc, size));
    assertSizes(b, op, arith::CmpIPredicate::ule, end, dim,
                "the slice of dimension " + llvm::Twine(i) +
                    " ends past its size");
  }
}

struct InsertShapeChecksPass
    : mini::impl::InsertShapeChecksPassBase<InsertShapeChecksPass> {
  void runOnOperation() override {
    OpBuilder b(&getContext());
    getOperation()->walk([&](Operation *op) {
      if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
        checkLinalgOp(b, linalgOp);
      else if (auto castOp = dyn_cast<tensor::CastOp>(op))
        checkCast(b, castOp);
      else if (auto insert = dyn_cast<tensor::InsertSliceOp>(op))
        checkSlice(b, insert, insert.getDest());
      else if (auto extract = dyn_cast<tensor::ExtractSliceOp>(op))
        checkSlice(b, extract, extract.getSource());
    });
  }
};

/// Whether `op` may be cloned into the check function: it reads and writes
/// no memory and holds no region (dims, index arithmetic, constants).
bool isHoistable(Operation *op) {
  return op->getNumRegions() == 0 && isMemoryEffectFree(op);
}

struct OutlineShapeChecksPass
    : mini::impl::OutlineShapeChecksPassBase<OutlineShapeChecksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>())) {
      if (func.isPrivate() || func.isExternal() ||
          !func.getBody().hasOneBlock())
        continue;
      if (failed(outline(func, symbols)))
        return signalPassFailure();
    }
  }

  LogicalResult outline(func::FuncOp func, SymbolTable &symbols) {
    Block &body = func.getBody().front();
    SmallVector<cf::AssertOp> asserts(body.getOps<cf::AssertOp>());
    if (asserts.empty())
      return success();
    // The size of a result of the function's ops is that of its operands
    // (ReifyRankedShapedTypeOpInterface): the checks then read only the
    // arguments' dimensions.
    RewritePatternSet patterns(&getContext());
    memref::populateResolveRankedShapedTypeResultDimsPatterns(patterns);
    memref::populateResolveShapedTypeResultDimsPatterns(patterns);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return func.emitError("resolving the dimensions of the shape checks did "
                            "not converge");

    SmallVector<cf::AssertOp> outlined;
    SetVector<Operation *> slice;
    for (cf::AssertOp check : asserts) {
      BackwardSliceOptions options;
      options.inclusive = false;
      options.omitBlockArguments = true;
      SetVector<Operation *> own;
      if (failed(getBackwardSlice(check.getOperation(), &own, options)))
        continue;
      if (!llvm::all_of(own, isHoistable) ||
          llvm::any_of(own,
                       [&](Operation *op) { return op->getBlock() != &body; }))
        continue;
      slice.insert(own.begin(), own.end());
      outlined.push_back(check);
    }
    if (outlined.empty())
      return success();

    // @<func>_shape_checks(the arguments) -> tensor<i32>: the index of the
    // first check that fails, -1 if none.
    OpBuilder b(func);
    b.setInsertionPointAfter(func);
    Location loc = func.getLoc();
    auto resultType = RankedTensorType::get({}, b.getI32Type());
    auto checks = func::FuncOp::create(
        b, loc, (func.getSymName() + mini::kShapeChecksSuffix).str(),
        b.getFunctionType(func.getArgumentTypes(), {resultType}));
    symbols.insert(checks);
    Block *entry = checks.addEntryBlock();
    b.setInsertionPointToStart(entry);
    IRMapping mapping;
    mapping.map(func.getArguments(), entry->getArguments());
    SmallVector<Operation *> ordered(slice.begin(), slice.end());
    llvm::sort(ordered, [](Operation *x, Operation *y) {
      return x->isBeforeInBlock(y);
    });
    for (Operation *op : ordered)
      b.clone(*op, mapping);
    Value result = arith::ConstantIntOp::create(b, loc, -1, 32);
    SmallVector<Attribute> messages;
    for (auto [index, check] : llvm::enumerate(llvm::reverse(outlined))) {
      int64_t position = static_cast<int64_t>(outlined.size() - 1 - index);
      result = arith::SelectOp::create(
          b, loc, mapping.lookup(check.getArg()), result,
          arith::ConstantIntOp::create(b, loc, position, 32));
    }
    for (cf::AssertOp check : outlined)
      messages.push_back(check.getMsgAttr());
    Value tensor = tensor::FromElementsOp::create(b, loc, resultType, result);
    func::ReturnOp::create(b, loc, tensor);
    checks->setAttr(mini::MiniDialect::ShapeChecksAttrHelper::getNameStr(),
                    b.getArrayAttr(messages));

    // The entry now runs only after its checks passed.
    for (cf::AssertOp check : outlined)
      check.erase();
    for (Operation *op : llvm::reverse(ordered))
      if (op->use_empty())
        op->erase();
    return success();
  }
};

} // namespace
