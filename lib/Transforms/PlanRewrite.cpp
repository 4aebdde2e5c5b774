//===- PlanRewrite.cpp - a plan applied to the IR -------------------------===//
//
// The rewrite of `--plan-memory` (FunctionPlan.h): every planned alloc
// becomes a `memref.view` of an `i8` pool at its offset (a strided subview
// for a padded slice), its deallocs go, and each heap pool is freed after
// its members' last step.
//
//===----------------------------------------------------------------------===//

#include "FunctionPlan.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"

using namespace mlir;
using namespace mini;
using namespace mini::planning;

/// Gives the subviews of `view`, recursively, the result types their
/// source's (new) layout implies: a padded slice's member written through
/// subviews (isLayoutFlexible) becomes a strided view itself.
static void retypeSubviews(Value view) {
  for (Operation *user : view.getUsers())
    if (auto subview = dyn_cast<memref::SubViewOp>(user)) {
      subview.getResult().setType(memref::SubViewOp::inferResultType(
          subview.getSourceType(), subview.getMixedOffsets(),
          subview.getMixedSizes(), subview.getMixedStrides()));
      retypeSubviews(subview.getResult());
    }
}

/// Creates `memref.view %pool[offset][sizes]` of `type` before `alloc`.
static Value createView(OpBuilder &builder, Operation *alloc, MemRefType type,
                        Value pool, uint64_t offset, ValueRange sizes) {
  builder.setInsertionPoint(alloc);
  Value at = arith::ConstantIndexOp::create(builder, alloc->getLoc(),
                                            static_cast<int64_t>(offset));
  return memref::ViewOp::create(builder, alloc->getLoc(), type, pool, at,
                                sizes);
}

SmallVector<Value> mini::rewriteScope(const BufferLiveness &liveness,
                                      const FunctionPlan &result,
                                      const ScopePlan &scope,
                                      uint64_t alignment, bool deallocPools) {
  MLIRContext *context = scope.region->getContext();
  Block &entry = scope.region->front();
  OpBuilder builder(context);
  Location scopeLoc = scope.region->getParentOp()->getLoc();

  // One pool per plan pool, allocated at the start of the scope's region:
  // a heap pool (`memref.alloc`), freed after its members' last step, or a
  // stack pool (`memref.alloca`), freed when the scope exits.
  SmallVector<Value> pools;
  SmallVector<int64_t> lastStep(scope.plan.poolSizes.size(), -1);
  builder.setInsertionPointToStart(&entry);
  Type i8 = builder.getI8Type();
  IntegerAttr align = builder.getI64IntegerAttr(alignment);
  for (auto [p, size] : llvm::enumerate(scope.plan.poolSizes)) {
    auto type = MemRefType::get({static_cast<int64_t>(size)}, i8);
    Location loc = NameLoc::get(
        builder.getStringAttr((scope.stack ? "stack_pool" : "pool") +
                              std::to_string(scope.firstPool + p)),
        scopeLoc);
    if (scope.stack)
      pools.push_back(memref::AllocaOp::create(builder, loc, type, align));
    else
      pools.push_back(memref::AllocOp::create(builder, loc, type, align));
  }

  ArrayRef<BufferLiveRange> ranges = liveness.getBuffers();
  for (auto [r, index] : llvm::enumerate(scope.bufferOfRequest)) {
    unsigned pool = scope.plan.placements[r].pool;
    lastStep[pool] = std::max(lastStep[pool], ranges[index].end);
  }
  // Free the heap pools first: the op at a pool's last step may be a
  // planned alloc, which the view inserted before it replaces below. In a
  // region of one block, after the op of the block that holds the last
  // step; in a region of several blocks, before each exit of the region.
  if (!scope.stack && deallocPools) {
    for (auto [p, pool] : llvm::enumerate(pools)) {
      SmallVector<Operation *> exits;
      if (scope.region->hasOneBlock()) {
        // Pools without a live member (all zero-sized) are freed right away.
        Operation *last = lastStep[p] < 0
                              ? pool.getDefiningOp()
                              : entry.findAncestorOpInBlock(
                                    *liveness.getOpAtStep(lastStep[p]));
        // Every use of a scope's buffer is inside the scope (a use outside
        // makes it unplannable); the terminator is the safe place anyway.
        if (!last)
          last = entry.getTerminator();
        if (last->hasTrait<OpTrait::IsTerminator>())
          builder.setInsertionPoint(last);
        else
          builder.setInsertionPointAfter(last);
        memref::DeallocOp::create(builder, pool.getLoc(), pool);
        continue;
      }
      for (Block &block : *scope.region)
        if (!block.empty() && block.back().getNumSuccessors() == 0) {
          builder.setInsertionPoint(&block.back());
          memref::DeallocOp::create(builder, pool.getLoc(), pool);
        }
    }
  }

  // A dealloc may free several buffers (see planFunction): erased once.
  DenseSet<Operation *> erased;
  auto eraseDeallocs = [](const BufferLiveRange &range,
                          DenseSet<Operation *> &erased) {
    for (memref::DeallocOp dealloc : range.deallocs)
      if (erased.insert(dealloc).second)
        dealloc.erase();
  };
  DenseSet<unsigned> strided;
  for (const PaddedSlice &slice : scope.sharings.paddedSlices)
    strided.insert(slice.members.begin(), slice.members.end());
  for (auto [r, index] : llvm::enumerate(scope.bufferOfRequest)) {
    if (strided.contains(index))
      continue;
    const BufferLiveRange &range = ranges[index];
    const BufferPlacement &placement = scope.plan.placements[r];
    Operation *alloc = range.alloc;
    Value view =
        createView(builder, alloc, range.getType(), pools[placement.pool],
                   placement.offset, range.getDynamicSizes());
    eraseDeallocs(range, erased);
    alloc->getResult(0).replaceAllUsesWith(view);
    alloc->erase();
  }
  // Padded slices: each member becomes the host's subview, on a view of
  // the host's memory made where the member was allocated; the host's fill
  // moves before the first member, so that it no longer clobbers them.
  for (const PaddedSlice &slice : scope.sharings.paddedSlices) {
    memref::SubViewOp subview = slice.candidate.slice;
    const FunctionPlan::Buffer &host = result.buffers[slice.candidate.host];
    const BufferPlacement &placement = scope.plan.placements[host.requestIndex];
    MemRefType hostType = subview.getSourceType();
    Operation *fill = slice.candidate.fill;
    for (auto [n, member] : llvm::enumerate(slice.members)) {
      Operation *alloc = ranges[member].alloc;
      Location loc = alloc->getLoc();
      Value view = createView(builder, alloc, hostType, pools[placement.pool],
                              placement.offset, ValueRange());
      if (n == 0) {
        // The fill reads only constants and arguments (see
        // findSharingCandidates); constants defined later move up with it.
        Value init = cast<linalg::LinalgOp>(fill).getDpsInitOperand(0)->get();
        SetVector<Value> used;
        getUsedValuesDefinedAbove(fill->getRegions(), used);
        used.insert(fill->operand_begin(), fill->operand_end());
        used.remove(init);
        for (Value value : used)
          if (Operation *def = value.getDefiningOp();
              def && def->getBlock() == alloc->getBlock() &&
              alloc->isBeforeInBlock(def))
            def->moveBefore(view.getDefiningOp());
        IRMapping mapping;
        mapping.map(init, view);
        builder.clone(*fill, mapping);
        fill->erase();
      }
      auto memberView = memref::SubViewOp::create(
          builder, loc, view, subview.getMixedOffsets(),
          subview.getMixedSizes(), subview.getMixedStrides());
      eraseDeallocs(ranges[member], erased);
      alloc->getResult(0).replaceAllUsesWith(memberView.getResult());
      alloc->erase();
      retypeSubviews(memberView.getResult());
    }
  }

  // A copy into a concat or padded slice whose source now lives in that
  // slice copies a buffer onto itself.
  SmallVector<Operation *> copies(scope.sharings.copiesToErase);
  for (const PaddedSlice &slice : scope.sharings.paddedSlices)
    copies.push_back(slice.candidate.op);
  for (Operation *copy : copies) {
    auto view = cast<memref::CopyOp>(copy).getTarget().getDefiningOp();
    copy->erase();
    if (view && view->use_empty())
      view->erase();
  }
  return pools;
}
