//===- PlanMemory.cpp - buffer assignment into aligned pools ---------------===//
//
// The `--plan-memory` pass: a thin rewrite over the buffer liveness analysis
// and the planning library. It turns every planned `memref.alloc` into a
// `memref.view` of an `i8` pool at a byte offset, erases the planned
// buffers' deallocs, frees each pool after its last use, and reports the
// figures as a function attribute and as JSON.
//
//===----------------------------------------------------------------------===//

#include "mini/Analysis/BufferLiveness.h"
#include "mini/Analysis/BufferSharing.h"
#include "mini/Planning/MemoryPlanner.h"
#include "mini/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/ToolOutputFile.h"

namespace mini {
#define GEN_PASS_DEF_PLANMEMORYPASS
#include "mini/Transforms/Passes.h.inc"
} // namespace mini

using namespace mlir;
using namespace mini;
using namespace mini::planning;

namespace {
/// The plan of one function, as reported.
struct FunctionPlan {
  std::string name;
  /// One entry per alloc of the function, in program order. The allocs
  /// themselves are gone after the rewrite, so the entries copy what the
  /// report needs.
  struct Buffer {
    std::string name;
    std::optional<uint64_t> sizeInBytes;
    /// Why the buffer was left alone; empty if planned.
    std::string unplannedReason;
    /// Index into `requests` of a planned buffer, -1 otherwise.
    int64_t requestIndex = -1;
    /// The buffer whose memory this one shares (index into `buffers`), -1
    /// if none; how and at which byte offset.
    int64_t host = -1;
    SharingKind sharingKind = SharingKind::InPlace;
    uint64_t sharingOffset = 0;
  };
  SmallVector<Buffer> buffers;
  std::vector<BufferRequest> requests;
  /// The sharings taken, over `requests`.
  SmallVector<BufferSharing> sharings;
  /// The copies into concat slices that the sharings make no-ops.
  SmallVector<Operation *> copiesToErase;
  /// The padded slices taken, each with the buffers (indices into
  /// `buffers`) that become subviews of its host, in program order.
  struct PaddedSlice {
    SharingCandidate candidate;
    SmallVector<unsigned> members;
  };
  SmallVector<PaddedSlice> paddedSlices;
  MemoryPlan plan;
  uint64_t naiveBytes = 0;
  uint64_t lowerBoundBytes = 0;
  uint64_t sharedLowerBoundBytes = 0;
};

struct PlanMemoryPass : public mini::impl::PlanMemoryPassBase<PlanMemoryPass> {
  using Base::Base;
  void runOnOperation() override;

private:
  LogicalResult planFunction(FunctionOpInterface function, Strategy strategy,
                             FunctionPlan &result);
  void selectFunctionSharings(const BufferLiveness &liveness,
                              FunctionPlan &result);
  void rewriteFunction(FunctionOpInterface function,
                       const BufferLiveness &liveness,
                       const FunctionPlan &result);
  LogicalResult writeReport(StringRef path, ArrayRef<FunctionPlan> plans,
                            Strategy strategy);
};
} // namespace

/// Names every buffer from its location, or `alloc<i>` when it has none.
static std::string getNameOf(memref::AllocOp alloc, size_t index) {
  std::string name = getBufferName(alloc.getLoc());
  return name.empty() ? "alloc" + std::to_string(index) : name;
}

LogicalResult PlanMemoryPass::planFunction(FunctionOpInterface function,
                                           Strategy strategy,
                                           FunctionPlan &result) {
  uint64_t align = static_cast<uint64_t>(alignment.getValue());
  BufferLiveness liveness(function);
  result.name = SymbolTable::getSymbolName(function).str();
  for (auto [i, range] : llvm::enumerate(liveness.getBuffers())) {
    memref::AllocOp alloc = range.alloc;
    FunctionPlan::Buffer &buffer = result.buffers.emplace_back();
    buffer.name = getNameOf(alloc, i);
    buffer.sizeInBytes = range.sizeInBytes;
    buffer.unplannedReason = range.unplannedReason;
    // An alloc that asks for more alignment than the plan gives stays.
    std::optional<uint64_t> own = alloc.getAlignment();
    if (range.isPlannable() && own && *own > align)
      buffer.unplannedReason = "requests alignment " + std::to_string(*own) +
                               ", above the plan's " + std::to_string(align);
    if (!buffer.unplannedReason.empty()) {
      alloc.emitRemark("buffer not planned: ") << buffer.unplannedReason;
      continue;
    }
    buffer.requestIndex = result.requests.size();
    result.requests.push_back({*range.sizeInBytes, range.start, range.end});
  }
  // Stack buffers are left alone, and said so: in the remarks and the
  // report, like every buffer that is not planned.
  function.walk([&](memref::AllocaOp alloca) {
    FunctionPlan::Buffer &buffer = result.buffers.emplace_back();
    std::string name = getBufferName(alloca.getLoc());
    buffer.name = name.empty()
                      ? "alloca" + std::to_string(result.buffers.size() - 1)
                      : name;
    buffer.unplannedReason =
        "a stack buffer (memref.alloca); only memref.alloc is planned";
    alloca.emitRemark("buffer not planned: ") << buffer.unplannedReason;
  });

  if (inPlace)
    selectFunctionSharings(liveness, result);

  SearchOptions search;
  search.maxNodes = searchNodes;
  search.timeLimitMs = timeLimitMs;
  if (capacity != 0)
    search.capacity = capacity;
  llvm::Expected<MemoryPlan> plan =
      planMemory(result.requests, strategy, align, search, result.sharings);
  if (!plan)
    return function.emitError("memory planning failed: ")
           << llvm::toString(plan.takeError());
  result.plan = std::move(*plan);
  result.naiveBytes = computeNaiveBytes(result.requests, align);
  result.lowerBoundBytes = computeLowerBound(result.requests, align);
  result.sharedLowerBoundBytes =
      computeLowerBound(result.requests, align, result.sharings);
  if (llvm::Error error = verifyMemoryPlan(result.requests, result.plan,
                                           align, result.sharings))
    return function.emitError("the memory plan is invalid (a planner bug): ")
           << llvm::toString(std::move(error));

  rewriteFunction(function, liveness, result);

  // Attach the figures to the function.
  Builder b(function.getContext());
  SmallVector<int64_t> pools(result.plan.poolSizes.begin(),
                             result.plan.poolSizes.end());
  function->setAttr(
      "mini.memory_plan",
      b.getDictionaryAttr({
          b.getNamedAttr("strategy", b.getStringAttr(stringifyStrategy(strategy))),
          b.getNamedAttr("alignment", b.getI64IntegerAttr(align)),
          b.getNamedAttr("naive_bytes", b.getI64IntegerAttr(result.naiveBytes)),
          b.getNamedAttr("lower_bound_bytes",
                         b.getI64IntegerAttr(result.lowerBoundBytes)),
          b.getNamedAttr("shared_lower_bound_bytes",
                         b.getI64IntegerAttr(result.sharedLowerBoundBytes)),
          b.getNamedAttr("shared_buffers",
                         b.getI64IntegerAttr(result.sharings.size())),
          b.getNamedAttr("planned_bytes",
                         b.getI64IntegerAttr(result.plan.getPlannedBytes())),
          b.getNamedAttr("pools", b.getDenseI64ArrayAttr(pools)),
          b.getNamedAttr("chosen_strategy", b.getStringAttr(stringifyStrategy(
                                                result.plan.strategy))),
          b.getNamedAttr("optimal", b.getBoolAttr(result.plan.optimal)),
          b.getNamedAttr("search_nodes",
                         b.getI64IntegerAttr(result.plan.searchNodes)),
      }));
  return success();
}

void PlanMemoryPass::selectFunctionSharings(const BufferLiveness &liveness,
                                            FunctionPlan &result) {
  // Candidates over requests; padded slices apart, since whether one can be
  // taken depends on the in-place chains the others form.
  SmallVector<SharingCandidate> usable, padded;
  SmallVector<BufferSharing> candidates, paddedCandidates;
  for (const SharingCandidate &candidate :
       findSharingCandidates(liveness)) {
    int64_t buffer = result.buffers[candidate.buffer].requestIndex;
    int64_t host = result.buffers[candidate.host].requestIndex;
    if (buffer < 0 || host < 0)
      continue;
    bool isPadded = candidate.kind == SharingKind::PaddedSlice;
    (isPadded ? padded : usable).push_back(candidate);
    // A padded slice is strided inside its host: the plan places it at the
    // host's offset, and the rewrite makes it the host's subview.
    (isPadded ? paddedCandidates : candidates)
        .push_back({static_cast<unsigned>(buffer), static_cast<unsigned>(host),
                    isPadded ? 0 : candidate.offset});
  }
  uint64_t align = alignment.getValue();
  SmallVector<unsigned> firstTaken;
  SmallVector<BufferSharing> sharings =
      selectSharings(result.requests, candidates, align, &firstTaken);

  // A padded slice turns the whole tree of its buffer into strided subviews
  // of the host: every member must be an in-place copy of the buffer (same
  // shape), layout-flexible, and neither a concat slice nor a padded
  // slice's host; the host must hold no other buffer yet.
  size_t numRequests = result.requests.size();
  SmallVector<int64_t> bufferOfRequest(numRequests);
  for (auto [i, buffer] : llvm::enumerate(result.buffers))
    if (buffer.requestIndex >= 0)
      bufferOfRequest[buffer.requestIndex] = i;
  SmallVector<int64_t> hostOf(numRequests, -1);
  for (const BufferSharing &sharing : sharings)
    hostOf[sharing.buffer] = sharing.host;
  // Roots, memoized along each walk (in-place chains can be long).
  SmallVector<int64_t> rootOf(numRequests, -1);
  DenseMap<unsigned, SmallVector<unsigned>> members;
  SmallVector<unsigned> path;
  for (unsigned r = 0; r < numRequests; ++r) {
    path.clear();
    unsigned walk = r;
    while (rootOf[walk] < 0 && hostOf[walk] >= 0) {
      path.push_back(walk);
      walk = hostOf[walk];
    }
    int64_t root = rootOf[walk] >= 0 ? rootOf[walk] : walk;
    rootOf[walk] = root;
    for (unsigned member : path)
      rootOf[member] = root;
    members[root].push_back(r);
  }
  DenseSet<unsigned> excluded;
  for (const BufferSharing &candidate : paddedCandidates)
    excluded.insert(candidate.host);
  for (auto [index, sharing] : llvm::zip(firstTaken, sharings))
    if (usable[index].kind == SharingKind::ConcatSlice)
      excluded.insert(sharing.buffer);
  SmallVector<BufferSharing> combined(sharings);
  SmallVector<SharingCandidate> paddedUsable;
  for (auto [candidate, sharing] : llvm::zip(padded, paddedCandidates)) {
    MemRefType sliceType = candidate.slice.getType();
    bool ok = members[sharing.host].size() == 1 &&
              rootOf[sharing.host] == static_cast<int64_t>(sharing.host);
    for (unsigned r : members[rootOf[sharing.buffer]]) {
      MemRefType type = memref::AllocOp(
          liveness.getBuffers()[bufferOfRequest[r]].alloc).getType();
      ok = ok && !excluded.contains(r) &&
           type.getShape() == sliceType.getShape() &&
           type.getElementType() == sliceType.getElementType() &&
           isLayoutFlexible(liveness.getBuffers()[bufferOfRequest[r]]);
    }
    if (!ok)
      continue;
    combined.push_back(sharing);
    paddedUsable.push_back(candidate);
  }
  // The sharings taken so far are taken again, in the same order and so with
  // the same answers; then the padded slices that fit under the bound.
  SmallVector<unsigned> taken;
  size_t numFirst = sharings.size();
  if (paddedUsable.empty()) {
    result.sharings = std::move(sharings);
    taken = llvm::to_vector(llvm::seq<unsigned>(0, numFirst));
  } else {
    result.sharings = selectSharings(result.requests, combined, align, &taken);
  }
  for (auto [index, sharing] : llvm::zip(taken, result.sharings)) {
    const SharingCandidate &candidate =
        index < numFirst ? usable[firstTaken[index]]
                         : paddedUsable[index - numFirst];
    FunctionPlan::Buffer &buffer =
        result.buffers[bufferOfRequest[sharing.buffer]];
    buffer.host = bufferOfRequest[sharing.host];
    buffer.sharingKind = candidate.kind;
    buffer.sharingOffset = candidate.offset;
    if (candidate.kind == SharingKind::ConcatSlice)
      result.copiesToErase.push_back(candidate.op);
    if (candidate.kind == SharingKind::PaddedSlice) {
      FunctionPlan::PaddedSlice &slice = result.paddedSlices.emplace_back();
      slice.candidate = candidate;
      for (unsigned r : members[sharing.buffer])
        slice.members.push_back(bufferOfRequest[r]);
    }
  }
}

void PlanMemoryPass::rewriteFunction(FunctionOpInterface function,
                                     const BufferLiveness &liveness,
                                     const FunctionPlan &result) {
  if (result.requests.empty())
    return;
  MLIRContext *context = function.getContext();
  Block &entry = function->getRegion(0).front();
  OpBuilder builder(context);

  // One pool per plan pool, allocated at function entry; each is freed
  // after the last step at which one of its members is live.
  SmallVector<Value> pools;
  SmallVector<int64_t> lastStep(result.plan.poolSizes.size(), -1);
  builder.setInsertionPointToStart(&entry);
  Type i8 = builder.getI8Type();
  for (auto [p, size] : llvm::enumerate(result.plan.poolSizes)) {
    auto type = MemRefType::get({static_cast<int64_t>(size)}, i8);
    Location loc = NameLoc::get(
        builder.getStringAttr("pool" + std::to_string(p)), function.getLoc());
    pools.push_back(memref::AllocOp::create(
        builder, loc, type, builder.getI64IntegerAttr(alignment.getValue())));
  }

  ArrayRef<BufferLiveRange> ranges = liveness.getBuffers();
  for (auto [range, buffer] : llvm::zip(ranges, result.buffers)) {
    if (buffer.requestIndex >= 0) {
      unsigned pool = result.plan.placements[buffer.requestIndex].pool;
      lastStep[pool] = std::max(lastStep[pool], range.end);
    }
  }
  // Free the pools first: the op at a pool's last step may be a planned
  // alloc, which the view inserted before it replaces below.
  for (auto [p, pool] : llvm::enumerate(pools)) {
    // Pools without a live member (all zero-sized) are freed right away.
    int64_t step = std::max<int64_t>(lastStep[p], 0);
    Operation *last = liveness.getOpAtStep(step);
    if (last->hasTrait<OpTrait::IsTerminator>())
      builder.setInsertionPoint(last);
    else
      builder.setInsertionPointAfter(last);
    memref::DeallocOp::create(builder, pool.getLoc(), pool);
  }

  DenseSet<unsigned> strided;
  for (const FunctionPlan::PaddedSlice &slice : result.paddedSlices)
    strided.insert(slice.members.begin(), slice.members.end());
  for (auto [i, range, buffer] :
       llvm::enumerate(ranges, result.buffers)) {
    if (buffer.requestIndex < 0 || strided.contains(i))
      continue;
    const BufferPlacement &placement =
        result.plan.placements[buffer.requestIndex];
    memref::AllocOp alloc = range.alloc;
    builder.setInsertionPoint(alloc);
    Value offset = arith::ConstantIndexOp::create(
        builder, alloc.getLoc(), static_cast<int64_t>(placement.offset));
    auto view = memref::ViewOp::create(builder, alloc.getLoc(), alloc.getType(),
                                       pools[placement.pool], offset,
                                       ValueRange());
    for (memref::DeallocOp dealloc : range.deallocs)
      dealloc.erase();
    alloc.replaceAllUsesWith(view.getResult());
    alloc.erase();
  }
  // Padded slices: each member becomes the host's subview, on a view of
  // the host's memory made where the member was allocated; the host's fill
  // moves before the first member, so that it no longer clobbers them.
  for (const FunctionPlan::PaddedSlice &slice : result.paddedSlices) {
    memref::SubViewOp subview = slice.candidate.slice;
    const FunctionPlan::Buffer &host = result.buffers[slice.candidate.host];
    const BufferPlacement &placement =
        result.plan.placements[host.requestIndex];
    MemRefType hostType = subview.getSourceType();
    Operation *fill = slice.candidate.fill;
    for (auto [n, member] : llvm::enumerate(slice.members)) {
      memref::AllocOp alloc = ranges[member].alloc;
      builder.setInsertionPoint(alloc);
      Location loc = alloc.getLoc();
      Value offset = arith::ConstantIndexOp::create(
          builder, loc, static_cast<int64_t>(placement.offset));
      Value view = memref::ViewOp::create(builder, loc, hostType,
                                          pools[placement.pool], offset,
                                          ValueRange());
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
      for (memref::DeallocOp dealloc : ranges[member].deallocs)
        dealloc.erase();
      alloc.replaceAllUsesWith(memberView.getResult());
      alloc.erase();
    }
  }

  // A copy into a concat or padded slice whose source now lives in that
  // slice copies a buffer onto itself.
  SmallVector<Operation *> copies(result.copiesToErase);
  for (const FunctionPlan::PaddedSlice &slice : result.paddedSlices)
    copies.push_back(slice.candidate.op);
  for (Operation *copy : copies) {
    auto view = cast<memref::CopyOp>(copy).getTarget().getDefiningOp();
    copy->erase();
    if (view && view->use_empty())
      view->erase();
  }
}

LogicalResult PlanMemoryPass::writeReport(StringRef path,
                                          ArrayRef<FunctionPlan> plans,
                                          Strategy strategy) {
  std::string errorMessage;
  std::unique_ptr<llvm::ToolOutputFile> file =
      openOutputFile(path, &errorMessage);
  if (!file)
    return emitError(getOperation()->getLoc(), "cannot write the memory plan "
                                              "report: ")
           << errorMessage;
  uint64_t align = static_cast<uint64_t>(alignment.getValue());
  llvm::json::OStream json(file->os(), /*IndentSize=*/2);
  json.object([&] {
    json.attributeArray("functions", [&] {
      for (const FunctionPlan &fp : plans) {
        json.object([&] {
          json.attribute("name", fp.name);
          json.attribute("strategy", stringifyStrategy(strategy));
          json.attribute("alignment", static_cast<int64_t>(align));
          json.attribute("naive_bytes", fp.naiveBytes);
          json.attribute("lower_bound_bytes", fp.lowerBoundBytes);
          json.attribute("shared_lower_bound_bytes", fp.sharedLowerBoundBytes);
          json.attribute("shared_buffers",
                         static_cast<int64_t>(fp.sharings.size()));
          json.attribute("planned_bytes", fp.plan.getPlannedBytes());
          json.attribute("chosen_strategy",
                         stringifyStrategy(fp.plan.strategy));
          json.attribute("optimal", fp.plan.optimal);
          json.attribute("search_nodes",
                         static_cast<int64_t>(fp.plan.searchNodes));
          json.attribute("hit_node_budget", fp.plan.hitNodeBudget);
          json.attribute("hit_time_limit", fp.plan.hitTimeLimit);
          json.attributeArray("pools", [&] {
            for (uint64_t size : fp.plan.poolSizes)
              json.value(size);
          });
          json.attributeArray("buffers", [&] {
            for (const FunctionPlan::Buffer &buffer : fp.buffers) {
              json.object([&] {
                json.attribute("name", buffer.name);
                int64_t r = buffer.requestIndex;
                if (r < 0) {
                  if (buffer.sizeInBytes)
                    json.attribute("size", *buffer.sizeInBytes);
                  json.attribute("reason", buffer.unplannedReason);
                  return;
                }
                json.attribute("size",
                               *getAlignedSize(fp.requests[r].size, align));
                json.attribute("start", fp.requests[r].start);
                json.attribute("end", fp.requests[r].end);
                json.attribute("pool", fp.plan.placements[r].pool);
                json.attribute("offset", fp.plan.placements[r].offset);
                if (buffer.host >= 0) {
                  json.attribute("shares", buffer.host);
                  json.attribute("sharing",
                                 stringifySharingKind(buffer.sharingKind));
                  json.attribute("sharing_offset", buffer.sharingOffset);
                }
              });
            }
          });
        });
      }
    });
  });
  file->os() << "\n";
  file->os().flush();
  if (std::error_code error = file->os().error()) {
    // Cleared, so that closing the file does not end in "LLVM ERROR".
    file->os().clear_error();
    return emitError(getOperation()->getLoc(),
                     "cannot write the memory plan report '")
           << path << "': " << error.message();
  }
  file->keep();
  return success();
}

void PlanMemoryPass::runOnOperation() {
  std::optional<Strategy> strategyKind = parseStrategy(strategy);
  if (!strategyKind) {
    emitError(getOperation()->getLoc())
        << "unknown plan-memory strategy '" << strategy
        << "'; expected " << getStrategyNames();
    return signalPassFailure();
  }
  if (alignment.getValue() <= 0 ||
      !isValidAlignment(static_cast<uint64_t>(alignment.getValue()))) {
    emitError(getOperation()->getLoc())
        << "plan-memory alignment must be a power of two, got "
        << alignment.getValue();
    return signalPassFailure();
  }

  // On a function, its own report; on a module, one for all its functions.
  std::string reportPath = report;
  if (auto function = dyn_cast<FunctionOpInterface>(getOperation())) {
    size_t at = reportPath.find("{function}");
    if (!reportPath.empty() && at == std::string::npos) {
      emitError(getOperation()->getLoc())
          << "plan-memory runs on functions here, so each writes its own "
             "report: put {function} in the report path, or run the pass on "
             "the module";
      return signalPassFailure();
    }
    if (at != std::string::npos)
      reportPath.replace(at, strlen("{function}"),
                         SymbolTable::getSymbolName(function).str());
  }

  SmallVector<FunctionOpInterface> functions;
  getOperation()->walk([&](FunctionOpInterface function) {
    if (!function.isExternal() && function->getNumRegions() == 1)
      functions.push_back(function);
  });
  std::vector<FunctionPlan> plans(functions.size());
  for (auto [function, plan] : llvm::zip(functions, plans))
    if (failed(planFunction(function, *strategyKind, plan)))
      return signalPassFailure();

  if (!reportPath.empty() &&
      failed(writeReport(reportPath, plans, *strategyKind)))
    return signalPassFailure();
}
