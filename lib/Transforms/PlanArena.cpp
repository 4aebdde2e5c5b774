//===- PlanArena.cpp - a function's pools in one caller-given arena -------===//
//
// `--plan-memory=arena=argument`: the pools of a planned function become
// byte ranges of one argument, so that the function allocates nothing and
// its caller (a C program with a static array, another MLIR function) gives
// the memory, as TFLite Micro's tensor arena and upstream MLIR's
// static-memory-planner with arena-mode=arg do.
//
//===----------------------------------------------------------------------===//

#include "FunctionPlan.h"

#include "mini/Dialect/Mini/IR/MiniDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mini;

namespace {

/// The loop dimensions of a parallel loop: lower bounds, steps and
/// iteration counts, all static; nothing when one is not.
struct ParallelDims {
  SmallVector<Value> ivs;
  SmallVector<int64_t> lowerBounds, steps, counts;
};

std::optional<ParallelDims> getStaticDims(Operation *loop) {
  SmallVector<OpFoldResult> lbs, ubs, steps;
  ParallelDims dims;
  if (auto forall = dyn_cast<scf::ForallOp>(loop)) {
    lbs = forall.getMixedLowerBound();
    ubs = forall.getMixedUpperBound();
    steps = forall.getMixedStep();
    llvm::append_range(dims.ivs, forall.getInductionVars());
  } else if (auto parallel = dyn_cast<scf::ParallelOp>(loop)) {
    lbs = getAsOpFoldResult(parallel.getLowerBound());
    ubs = getAsOpFoldResult(parallel.getUpperBound());
    steps = getAsOpFoldResult(parallel.getStep());
    llvm::append_range(dims.ivs, parallel.getInductionVars());
  } else {
    return std::nullopt;
  }
  for (auto [lb, ub, step] : llvm::zip_equal(lbs, ubs, steps)) {
    std::optional<int64_t> l = getConstantIntValue(lb),
                           u = getConstantIntValue(ub),
                           s = getConstantIntValue(step);
    if (!l || !u || !s || *s <= 0)
      return std::nullopt;
    dims.lowerBounds.push_back(*l);
    dims.steps.push_back(*s);
    dims.counts.push_back(*u > *l ? llvm::divideCeil(*u - *l, *s) : 0);
  }
  return dims;
}

} // namespace

LogicalResult mini::movePoolsToArena(FunctionOpInterface function,
                                     ArrayRef<Value> pools,
                                     ArrayRef<unsigned> poolMemory,
                                     ArrayRef<std::string> memoryNames,
                                     uint64_t alignment) {
  if (auto uses = SymbolTable::getSymbolUses(
          function, function->getParentOfType<ModuleOp>());
      uses && !uses->empty())
    return function.emitError("plan-memory arena=argument: @")
           << SymbolTable::getSymbolName(function).getValue()
           << " has callers, whose calls would lack its new arena argument";

  // The layout: each pool at an aligned offset, a pool of a parallel alloc
  // scope once per iteration of its enclosing parallel loops.
  struct Range {
    Value pool;
    unsigned memory;
    uint64_t offset, stride;
    SmallVector<std::pair<Operation *, ParallelDims>, 2> loops;
  };
  SmallVector<Range, 4> ranges;
  SmallVector<uint64_t> arenaBytes(memoryNames.size(), 0);
  const uint64_t limit = uint64_t(1) << 62;
  for (auto [pool, memory] : llvm::zip_equal(pools, poolMemory)) {
    Range range{pool, memory, 0, 0, {}};
    uint64_t &bytes = arenaBytes[memory];
    uint64_t slices = 1;
    for (Operation *op = pool.getDefiningOp()->getParentOp(); op != function;
         op = op->getParentOp()) {
      if (!isa<scf::ForallOp, scf::ParallelOp>(op))
        continue;
      std::optional<ParallelDims> dims = getStaticDims(op);
      if (!dims)
        return op->emitError("plan-memory arena=argument: this parallel loop "
                             "holds a pool and has no static iteration "
                             "count, so the arena cannot hold one copy of "
                             "the pool per concurrent iteration");
      for (int64_t count : dims->counts)
        slices = count > 0 && slices <= limit / static_cast<uint64_t>(count)
                     ? slices * count
                     : (count == 0 ? 0 : limit);
      range.loops.insert(range.loops.begin(), {op, std::move(*dims)});
    }
    auto type = cast<MemRefType>(pool.getType());
    range.stride =
        llvm::alignTo(static_cast<uint64_t>(type.getNumElements()), alignment);
    range.offset = llvm::alignTo(bytes, alignment);
    if (slices != 0 && range.stride > (limit - range.offset) / slices)
      return function.emitError("plan-memory arena=argument: the arena of @")
             << SymbolTable::getSymbolName(function).getValue()
             << " passes 2^62 bytes";
    bytes = range.offset + range.stride * slices;
    ranges.push_back(std::move(range));
  }

  // The arguments, first, one per memory in memory order, and the rewrite
  // of each pool's uses.
  MLIRContext *context = function.getContext();
  OpBuilder builder(context);
  Type i8 = builder.getI8Type();
  for (auto [m, bytes] : llvm::enumerate(arenaBytes)) {
    auto arenaType = MemRefType::get({static_cast<int64_t>(bytes)}, i8);
    if (failed(function.insertArgument(m, arenaType, {}, function.getLoc())))
      return function.emitError("plan-memory arena=argument: cannot add the "
                                "arena argument to @")
             << SymbolTable::getSymbolName(function).getValue();
  }
  for (Range &range : ranges) {
    Value arena = function.getArgument(range.memory);
    Operation *poolOp = range.pool.getDefiningOp();
    builder.setInsertionPoint(poolOp);
    Location loc = poolOp->getLoc();
    Value base =
        arith::ConstantIndexOp::create(builder, loc, range.offset).getResult();
    if (!range.loops.empty()) {
      // The iteration's index over every enclosing parallel dimension,
      // outermost first.
      Value linear = arith::ConstantIndexOp::create(builder, loc, 0);
      for (auto &[loop, dims] : range.loops)
        for (auto [iv, lb, step, count] : llvm::zip_equal(
                 dims.ivs, dims.lowerBounds, dims.steps, dims.counts)) {
          Value index = arith::SubIOp::create(
              builder, loc, iv,
              arith::ConstantIndexOp::create(builder, loc, lb));
          index = arith::DivUIOp::create(
              builder, loc, index,
              arith::ConstantIndexOp::create(builder, loc, step));
          linear = arith::AddIOp::create(
              builder, loc,
              arith::MulIOp::create(
                  builder, loc, linear,
                  arith::ConstantIndexOp::create(builder, loc, count)),
              index);
        }
      base = arith::AddIOp::create(
          builder, loc, base,
          arith::MulIOp::create(
              builder, loc, linear,
              arith::ConstantIndexOp::create(builder, loc, range.stride)));
    }
    for (Operation *user : llvm::make_early_inc_range(range.pool.getUsers())) {
      if (isa<memref::DeallocOp>(user)) {
        user->erase();
        continue;
      }
      auto view = dyn_cast<memref::ViewOp>(user);
      if (!view)
        return user->emitError("plan-memory arena=argument: a pool is used by "
                               "an op other than memref.view or its dealloc "
                               "(a planner bug)");
      builder.setInsertionPoint(view);
      Value shift = arith::AddIOp::create(builder, view.getLoc(), base,
                                          view.getByteShift());
      Value moved =
          memref::ViewOp::create(builder, view.getLoc(), view.getType(), arena,
                                 shift, view.getSizes());
      view.replaceAllUsesWith(moved);
      view.erase();
    }
    poolOp->erase();
  }
  Builder b(context);
  uint64_t total = 0;
  for (uint64_t bytes : arenaBytes)
    total += bytes;
  SmallVector<NamedAttribute> fields = {
      b.getNamedAttr("bytes", b.getI64IntegerAttr(static_cast<int64_t>(total))),
      b.getNamedAttr("alignment",
                     b.getI64IntegerAttr(static_cast<int64_t>(alignment)))};
  if (memoryNames.size() > 1) {
    SmallVector<Attribute> memories;
    for (auto [name, bytes] : llvm::zip_equal(memoryNames, arenaBytes))
      memories.push_back(b.getDictionaryAttr(
          {b.getNamedAttr("name", b.getStringAttr(name)),
           b.getNamedAttr("bytes",
                          b.getI64IntegerAttr(static_cast<int64_t>(bytes)))}));
    fields.push_back(b.getNamedAttr("memories", b.getArrayAttr(memories)));
  }
  function->setAttr(MiniDialect::ArenaAttrHelper::getNameStr(),
                    b.getDictionaryAttr(fields));
  return success();
}
