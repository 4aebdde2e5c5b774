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
#include "mini/Interfaces/InPlaceReuseOpInterface.h"
#include "mini/Planning/MemoryMap.h"
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

#include <chrono>

namespace mini {
#define GEN_PASS_DEF_PLANMEMORYPASS
#include "mini/Transforms/Passes.h.inc"
} // namespace mini

using namespace mlir;
using namespace mini;
using namespace mini::planning;

namespace {
/// A padded slice taken, with the buffers (indices into
/// FunctionPlan::buffers) that become subviews of its host, in program
/// order.
struct PaddedSlice {
  SharingCandidate candidate;
  SmallVector<unsigned> members;
};

/// The plan of one alloc scope: the function body or a parallel loop's body
/// for heap buffers, an automatic allocation scope for stack buffers. Each
/// is planned on its own, into pools allocated at the start of its region.
struct ScopePlan {
  mlir::Region *region = nullptr;
  bool stack = false;
  std::vector<BufferRequest> requests;
  /// Index into FunctionPlan::buffers of each request.
  SmallVector<unsigned> bufferOfRequest;
  /// The sharings taken, over `requests`.
  SmallVector<BufferSharing> sharings;
  /// The copies into concat slices that the sharings make no-ops.
  SmallVector<Operation *> copiesToErase;
  SmallVector<PaddedSlice> paddedSlices;
  MemoryPlan plan;
  uint64_t naiveBytes = 0;
  uint64_t lowerBoundBytes = 0;
  uint64_t sharedLowerBoundBytes = 0;
  /// Index of the scope's first pool in the function's pool list.
  unsigned firstPool = 0;
};

/// The plan of one function, as reported.
struct FunctionPlan {
  std::string name;
  /// One entry per alloc of the function, in program order. The allocs
  /// themselves are gone after the rewrite, so the entries copy what the
  /// report needs.
  struct Buffer {
    std::string name;
    /// The buffer's shape (ShapedType::kDynamic for a dynamic dimension),
    /// element type and defining op (the op at its first step).
    SmallVector<int64_t> shape;
    std::string elementType;
    std::string op;
    std::optional<uint64_t> sizeInBytes;
    /// Why the buffer was left alone; empty if planned.
    std::string unplannedReason;
    /// Index into `scopes` and into its `requests` of a planned buffer, -1
    /// otherwise.
    int64_t scope = -1;
    int64_t requestIndex = -1;
    /// The buffer whose memory this one shares (index into `buffers`), -1
    /// if none; how and at which byte offset.
    int64_t host = -1;
    SharingKind sharingKind = SharingKind::InPlace;
    uint64_t sharingOffset = 0;
  };
  SmallVector<Buffer> buffers;
  std::vector<ScopePlan> scopes;
  /// The peak of live bytes over every scope (sharing trees counted once),
  /// the op at its step and the buffers live there (indices into
  /// `buffers`).
  LivePeak peak;
  std::string peakOp;
  SmallVector<unsigned> liveAtPeak;
  /// Wall-clock time of planning and rewriting the function.
  double planningMs = 0;

  /// Every scope's requests end to end, with their sharings and plans
  /// (pools numbered over the function): one problem for the peak and the
  /// maps. `bufferOfRequest` indexes `buffers`.
  struct Combined {
    std::vector<BufferRequest> requests;
    SmallVector<BufferSharing> sharings;
    MemoryPlan plan;
    SmallVector<unsigned> bufferOfRequest;
  };
  Combined combine() const {
    Combined all;
    for (const ScopePlan &scope : scopes) {
      unsigned base = all.requests.size();
      llvm::append_range(all.requests, scope.requests);
      llvm::append_range(all.bufferOfRequest, scope.bufferOfRequest);
      for (BufferSharing sharing : scope.sharings) {
        sharing.buffer += base;
        sharing.host += base;
        all.sharings.push_back(sharing);
      }
      llvm::append_range(all.plan.poolSizes, scope.plan.poolSizes);
      for (BufferPlacement placement : scope.plan.placements) {
        placement.pool += scope.firstPool;
        all.plan.placements.push_back(placement);
      }
    }
    return all;
  }
  /// The plan's figures: planned bytes over the shared lower bound.
  double getFragmentation() const {
    uint64_t bound = sum(&ScopePlan::sharedLowerBoundBytes);
    return bound == 0 ? 1.0
                      : static_cast<double>(getPlannedBytes()) / bound;
  }

  /// Sums over the scopes of `get(scope)`.
  template <typename Get>
  uint64_t sum(Get get) const {
    uint64_t total = 0;
    for (const ScopePlan &scope : scopes)
      total += get(scope);
    return total;
  }
  uint64_t sum(uint64_t ScopePlan::*field) const {
    return sum([&](const ScopePlan &scope) { return scope.*field; });
  }
  uint64_t getPlannedBytes() const {
    return sum([](const ScopePlan &scope) { return scope.plan.getPlannedBytes(); });
  }
  uint64_t getNumSharings() const {
    return sum([](const ScopePlan &scope) { return scope.sharings.size(); });
  }
  uint64_t getSearchNodes() const {
    return sum([](const ScopePlan &scope) { return scope.plan.searchNodes; });
  }
  bool isOptimal() const {
    return llvm::all_of(scopes,
                        [](const ScopePlan &scope) { return scope.plan.optimal; });
  }
  /// The strategy that planned the largest scope (the first on ties).
  Strategy getChosenStrategy(Strategy requested) const {
    const ScopePlan *largest = nullptr;
    for (const ScopePlan &scope : scopes)
      if (!largest ||
          scope.plan.getPlannedBytes() > largest->plan.getPlannedBytes())
        largest = &scope;
    return largest ? largest->plan.strategy : requested;
  }
  SmallVector<int64_t> getPools() const {
    SmallVector<int64_t> pools;
    for (const ScopePlan &scope : scopes)
      for (uint64_t size : scope.plan.poolSizes)
        pools.push_back(static_cast<int64_t>(size));
    return pools;
  }
};

struct PlanMemoryPass : public mini::impl::PlanMemoryPassBase<PlanMemoryPass> {
  using Base::Base;
  void getDependentDialects(DialectRegistry &registry) const override;
  void runOnOperation() override;

private:
  LogicalResult planFunction(FunctionOpInterface function, Strategy strategy,
                             FunctionPlan &result);
  void selectScopeSharings(const BufferLiveness &liveness,
                           ArrayRef<SharingCandidate> candidates,
                           FunctionPlan &result, unsigned scopeIndex);
  void rewriteScope(const BufferLiveness &liveness, FunctionPlan &result,
                    const ScopePlan &scope);
  void writeReport(llvm::raw_ostream &os, ArrayRef<FunctionPlan> plans,
                   Strategy strategy);
  LogicalResult writeOutput(StringRef path, StringRef what,
                            llvm::function_ref<void(llvm::raw_ostream &)> write);
};
} // namespace

void PlanMemoryPass::getDependentDialects(DialectRegistry &registry) const {
  Base::getDependentDialects(registry);
  registerBufferLivenessDependencies(registry);
  // In-place reuse of linalg ops: registered by the pass itself, so that a
  // PassManager built in C++ gets the same plans as mini-opt.
  registerInPlaceReuseExternalModels(registry);
}

/// Names every buffer from its location, or `alloc<i>` / `alloca<i>` when it
/// has none.
static std::string getNameOf(const BufferLiveRange &range, size_t index) {
  std::string name = getBufferName(range.alloc->getLoc());
  if (!name.empty())
    return name;
  return (range.isStack() ? "alloca" : "alloc") + std::to_string(index);
}

LogicalResult PlanMemoryPass::planFunction(FunctionOpInterface function,
                                           Strategy strategy,
                                           FunctionPlan &result) {
  auto functionBegin = std::chrono::steady_clock::now();
  uint64_t align = static_cast<uint64_t>(alignment.getValue());
  BufferLiveness liveness(function);
  result.name = SymbolTable::getSymbolName(function).str();
  // Scopes in order of their first planned buffer.
  DenseMap<std::pair<Region *, unsigned>, unsigned> scopeIndex;
  // Names are unique within the function: one ONNX node can give several
  // buffers (a result and the padded copy a convolution reads), so a name
  // seen before gets `#<n>`, its n-th repeat in step order.
  llvm::StringMap<unsigned> nameUses;
  for (auto [i, range] : llvm::enumerate(liveness.getBuffers())) {
    FunctionPlan::Buffer &buffer = result.buffers.emplace_back();
    buffer.name = getNameOf(range, i);
    if (unsigned repeats = nameUses[buffer.name]++)
      buffer.name += "#" + std::to_string(repeats);
    MemRefType type = range.getType();
    buffer.shape.assign(type.getShape().begin(), type.getShape().end());
    llvm::raw_string_ostream(buffer.elementType) << type.getElementType();
    buffer.op = liveness.getOpAtStep(range.start)->getName().getStringRef();
    buffer.sizeInBytes = range.sizeInBytes;
    buffer.unplannedReason = range.unplannedReason;
    // An alloc that asks for more alignment than the plan gives stays.
    auto own = range.alloc->getAttrOfType<IntegerAttr>("alignment");
    if (buffer.unplannedReason.empty() && range.isStack() && !allocas)
      buffer.unplannedReason = "a stack buffer (memref.alloca); stack "
                               "buffers are planned with allocas=true";
    if (buffer.unplannedReason.empty() && own &&
        own.getValue().getZExtValue() > align)
      buffer.unplannedReason =
          "requests alignment " + std::to_string(own.getValue().getZExtValue()) +
          ", above the plan's " + std::to_string(align);
  }
  // Buffers freed by one dealloc (allocs in the branches of an `scf.if`
  // that yields them, freed through the result) are planned together or
  // not at all: a planned one's view must not reach the dealloc, an
  // unplanned one must.
  {
    DenseMap<Operation *, SmallVector<unsigned>> buffersOfDealloc;
    for (auto [i, range] : llvm::enumerate(liveness.getBuffers()))
      for (memref::DeallocOp dealloc : range.deallocs)
        buffersOfDealloc[dealloc].push_back(i);
    for (bool changed = true; changed;) {
      changed = false;
      for (auto [i, range] : llvm::enumerate(liveness.getBuffers())) {
        if (!result.buffers[i].unplannedReason.empty())
          continue;
        for (memref::DeallocOp dealloc : range.deallocs)
          for (unsigned other : buffersOfDealloc[dealloc])
            if (!result.buffers[other].unplannedReason.empty() &&
                result.buffers[i].unplannedReason.empty()) {
              result.buffers[i].unplannedReason =
                  "freed by a memref.dealloc that also frees '" +
                  result.buffers[other].name + "', which is not planned";
              changed = true;
            }
      }
    }
  }
  for (auto [i, range] : llvm::enumerate(liveness.getBuffers())) {
    FunctionPlan::Buffer &buffer = result.buffers[i];
    if (!buffer.unplannedReason.empty()) {
      range.alloc->emitRemark("buffer not planned: ")
          << buffer.unplannedReason;
      continue;
    }
    auto [it, inserted] = scopeIndex.try_emplace(
        std::make_pair(range.scope, unsigned(range.isStack())), result.scopes.size());
    if (inserted) {
      ScopePlan &scope = result.scopes.emplace_back();
      scope.region = range.scope;
      scope.stack = range.isStack();
    }
    ScopePlan &scope = result.scopes[it->second];
    buffer.scope = it->second;
    buffer.requestIndex = scope.requests.size();
    scope.requests.push_back({*range.sizeInBytes, range.start, range.end});
    scope.bufferOfRequest.push_back(i);
  }

  SmallVector<SharingCandidate> candidates;
  if (inPlace)
    candidates = findSharingCandidates(liveness);

  // The time limit covers the whole function: each scope gets what is left.
  auto begin = std::chrono::steady_clock::now();
  unsigned firstPool = 0;
  for (auto [index, scope] : llvm::enumerate(result.scopes)) {
    if (inPlace && !scope.stack)
      selectScopeSharings(liveness, candidates, result, index);
    SearchOptions search;
    search.maxNodes = searchNodes;
    search.timeLimitMs = timeLimitMs;
    if (timeLimitMs != 0) {
      uint64_t spent = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - begin)
                           .count();
      search.timeLimitMs = spent < timeLimitMs ? timeLimitMs - spent : 1;
    }
    if (capacity != 0)
      search.capacity = capacity;
    llvm::Expected<MemoryPlan> plan =
        planMemory(scope.requests, strategy, align, search, scope.sharings);
    if (!plan)
      return function.emitError("memory planning failed: ")
             << llvm::toString(plan.takeError());
    scope.plan = std::move(*plan);
    scope.naiveBytes = computeNaiveBytes(scope.requests, align);
    scope.lowerBoundBytes = computeLowerBound(scope.requests, align);
    scope.sharedLowerBoundBytes =
        computeLowerBound(scope.requests, align, scope.sharings);
    if (llvm::Error error = verifyMemoryPlan(scope.requests, scope.plan, align,
                                             scope.sharings))
      return function.emitError("the memory plan is invalid (a planner bug): ")
             << llvm::toString(std::move(error));
    scope.firstPool = firstPool;
    firstPool += scope.plan.poolSizes.size();
  }

  // The peak over every scope, before the rewrite erases its ops.
  FunctionPlan::Combined all = result.combine();
  result.peak = computePeak(all.requests, align, all.sharings);
  if (result.peak.step >= 0) {
    result.peakOp =
        liveness.getOpAtStep(result.peak.step)->getName().getStringRef();
    for (auto [r, request] : llvm::enumerate(all.requests))
      if (request.start <= result.peak.step && result.peak.step <= request.end)
        result.liveAtPeak.push_back(all.bufferOfRequest[r]);
    llvm::sort(result.liveAtPeak);
  }

  for (const ScopePlan &scope : result.scopes)
    rewriteScope(liveness, result, scope);
  result.planningMs = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - functionBegin)
                          .count();

  // Attach the figures to the function: sums over the scopes.
  Builder b(function.getContext());
  function->setAttr(
      "mini.memory_plan",
      b.getDictionaryAttr({
          b.getNamedAttr("strategy", b.getStringAttr(stringifyStrategy(strategy))),
          b.getNamedAttr("alignment", b.getI64IntegerAttr(align)),
          b.getNamedAttr("naive_bytes",
                         b.getI64IntegerAttr(result.sum(&ScopePlan::naiveBytes))),
          b.getNamedAttr("lower_bound_bytes",
                         b.getI64IntegerAttr(
                             result.sum(&ScopePlan::lowerBoundBytes))),
          b.getNamedAttr("shared_lower_bound_bytes",
                         b.getI64IntegerAttr(
                             result.sum(&ScopePlan::sharedLowerBoundBytes))),
          b.getNamedAttr("shared_buffers",
                         b.getI64IntegerAttr(result.getNumSharings())),
          b.getNamedAttr("planned_bytes",
                         b.getI64IntegerAttr(result.getPlannedBytes())),
          b.getNamedAttr("pools", b.getDenseI64ArrayAttr(result.getPools())),
          b.getNamedAttr("chosen_strategy",
                         b.getStringAttr(stringifyStrategy(
                             result.getChosenStrategy(strategy)))),
          b.getNamedAttr("optimal", b.getBoolAttr(result.isOptimal())),
          b.getNamedAttr("search_nodes",
                         b.getI64IntegerAttr(result.getSearchNodes())),
      }));
  return success();
}

void PlanMemoryPass::selectScopeSharings(const BufferLiveness &liveness,
                                         ArrayRef<SharingCandidate> all,
                                         FunctionPlan &result,
                                         unsigned scopeIndex) {
  ScopePlan &scope = result.scopes[scopeIndex];
  // Candidates over requests; padded slices apart, since whether one can be
  // taken depends on the in-place chains the others form.
  SmallVector<SharingCandidate> usable, padded;
  SmallVector<BufferSharing> candidates, paddedCandidates;
  for (const SharingCandidate &candidate : all) {
    const FunctionPlan::Buffer &bufferEntry = result.buffers[candidate.buffer];
    const FunctionPlan::Buffer &hostEntry = result.buffers[candidate.host];
    if (bufferEntry.scope != scopeIndex || hostEntry.scope != scopeIndex)
      continue;
    int64_t buffer = bufferEntry.requestIndex;
    int64_t host = hostEntry.requestIndex;
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
      selectSharings(scope.requests, candidates, align, &firstTaken);

  // A padded slice turns the whole tree of its buffer into strided subviews
  // of the host: every member must be an in-place copy of the buffer (same
  // shape), layout-flexible, and neither a concat slice nor a padded
  // slice's host; the host must hold no other buffer yet.
  size_t numRequests = scope.requests.size();
  ArrayRef<unsigned> bufferOfRequest = scope.bufferOfRequest;
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
      const BufferLiveRange &range = liveness.getBuffers()[bufferOfRequest[r]];
      MemRefType type = range.getType();
      ok = ok && !excluded.contains(r) &&
           type.getShape() == sliceType.getShape() &&
           type.getElementType() == sliceType.getElementType() &&
           isLayoutFlexible(range);
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
    scope.sharings = std::move(sharings);
    taken = llvm::to_vector(llvm::seq<unsigned>(0, numFirst));
  } else {
    scope.sharings = selectSharings(scope.requests, combined, align, &taken);
  }
  for (auto [index, sharing] : llvm::zip(taken, scope.sharings)) {
    const SharingCandidate &candidate =
        index < numFirst ? usable[firstTaken[index]]
                         : paddedUsable[index - numFirst];
    FunctionPlan::Buffer &buffer =
        result.buffers[bufferOfRequest[sharing.buffer]];
    buffer.host = bufferOfRequest[sharing.host];
    buffer.sharingKind = candidate.kind;
    buffer.sharingOffset = candidate.offset;
    if (candidate.kind == SharingKind::ConcatSlice)
      scope.copiesToErase.push_back(candidate.op);
    if (candidate.kind == SharingKind::PaddedSlice) {
      PaddedSlice &slice = scope.paddedSlices.emplace_back();
      slice.candidate = candidate;
      for (unsigned r : members[sharing.buffer])
        slice.members.push_back(bufferOfRequest[r]);
    }
  }
}

/// Creates `memref.view %pool[offset][sizes]` of `type` before `alloc`.
static Value createView(OpBuilder &builder, Operation *alloc, MemRefType type,
                        Value pool, uint64_t offset, ValueRange sizes) {
  builder.setInsertionPoint(alloc);
  Value at = arith::ConstantIndexOp::create(builder, alloc->getLoc(),
                                            static_cast<int64_t>(offset));
  return memref::ViewOp::create(builder, alloc->getLoc(), type, pool, at, sizes);
}

void PlanMemoryPass::rewriteScope(const BufferLiveness &liveness,
                                  FunctionPlan &result,
                                  const ScopePlan &scope) {
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
  IntegerAttr align = builder.getI64IntegerAttr(alignment.getValue());
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
  for (const PaddedSlice &slice : scope.paddedSlices)
    strided.insert(slice.members.begin(), slice.members.end());
  for (auto [r, index] : llvm::enumerate(scope.bufferOfRequest)) {
    if (strided.contains(index))
      continue;
    const BufferLiveRange &range = ranges[index];
    const BufferPlacement &placement = scope.plan.placements[r];
    Operation *alloc = range.alloc;
    Value view = createView(builder, alloc, range.getType(),
                            pools[placement.pool], placement.offset,
                            range.getDynamicSizes());
    eraseDeallocs(range, erased);
    alloc->getResult(0).replaceAllUsesWith(view);
    alloc->erase();
  }
  // Padded slices: each member becomes the host's subview, on a view of
  // the host's memory made where the member was allocated; the host's fill
  // moves before the first member, so that it no longer clobbers them.
  for (const PaddedSlice &slice : scope.paddedSlices) {
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
    }
  }

  // A copy into a concat or padded slice whose source now lives in that
  // slice copies a buffer onto itself.
  SmallVector<Operation *> copies(scope.copiesToErase);
  for (const PaddedSlice &slice : scope.paddedSlices)
    copies.push_back(slice.candidate.op);
  for (Operation *copy : copies) {
    auto view = cast<memref::CopyOp>(copy).getTarget().getDefiningOp();
    copy->erase();
    if (view && view->use_empty())
      view->erase();
  }
}

void PlanMemoryPass::writeReport(llvm::raw_ostream &os,
                                 ArrayRef<FunctionPlan> plans,
                                 Strategy strategy) {
  uint64_t align = static_cast<uint64_t>(alignment.getValue());
  llvm::json::OStream json(os, /*IndentSize=*/2);
  json.object([&] {
    json.attributeArray("functions", [&] {
      for (const FunctionPlan &fp : plans) {
        json.object([&] {
          json.attribute("name", fp.name);
          json.attribute("strategy", stringifyStrategy(strategy));
          json.attribute("alignment", static_cast<int64_t>(align));
          json.attribute("naive_bytes", fp.sum(&ScopePlan::naiveBytes));
          json.attribute("lower_bound_bytes",
                         fp.sum(&ScopePlan::lowerBoundBytes));
          json.attribute("shared_lower_bound_bytes",
                         fp.sum(&ScopePlan::sharedLowerBoundBytes));
          json.attribute("shared_buffers",
                         static_cast<int64_t>(fp.getNumSharings()));
          json.attribute("planned_bytes", fp.getPlannedBytes());
          json.attribute("chosen_strategy",
                         stringifyStrategy(fp.getChosenStrategy(strategy)));
          json.attribute("optimal", fp.isOptimal());
          json.attribute("search_nodes",
                         static_cast<int64_t>(fp.getSearchNodes()));
          auto any = [&](bool MemoryPlan::*flag) {
            return llvm::any_of(fp.scopes, [&](const ScopePlan &scope) {
              return scope.plan.*flag;
            });
          };
          json.attribute("hit_node_budget", any(&MemoryPlan::hitNodeBudget));
          json.attribute("hit_time_limit", any(&MemoryPlan::hitTimeLimit));
          json.attribute("fragmentation", fp.getFragmentation());
          json.attribute("peak_step", fp.peak.step);
          json.attribute("peak_op", fp.peakOp);
          json.attributeArray("live_at_peak", [&] {
            for (unsigned b : fp.liveAtPeak)
              json.value(fp.buffers[b].name);
          });
          // Microseconds, an integer: a double would print 17 digits.
          json.attribute("planning_us",
                         static_cast<int64_t>(fp.planningMs * 1000.0));
          json.attributeArray("pools", [&] {
            for (int64_t size : fp.getPools())
              json.value(size);
          });
          // Each alloc scope: the op whose region holds its pools, and its
          // own figures (the function's are their sums).
          json.attributeArray("scopes", [&] {
            for (const ScopePlan &scope : fp.scopes) {
              json.object([&] {
                Operation *owner = scope.region->getParentOp();
                json.attribute("op", owner->getName().getStringRef());
                json.attribute("stack", scope.stack);
                json.attribute("naive_bytes", scope.naiveBytes);
                json.attribute("lower_bound_bytes", scope.lowerBoundBytes);
                json.attribute("planned_bytes", scope.plan.getPlannedBytes());
                json.attribute("optimal", scope.plan.optimal);
                json.attributeArray("pools", [&] {
                  for (auto p : llvm::seq<size_t>(
                           0, scope.plan.poolSizes.size()))
                    json.value(static_cast<int64_t>(scope.firstPool + p));
                });
              });
            }
          });
          json.attributeArray("buffers", [&] {
            for (const FunctionPlan::Buffer &buffer : fp.buffers) {
              json.object([&] {
                json.attribute("name", buffer.name);
                json.attributeArray("shape", [&] {
                  for (int64_t dim : buffer.shape)
                    ShapedType::isDynamic(dim) ? json.value(nullptr)
                                               : json.value(dim);
                });
                json.attribute("element_type", buffer.elementType);
                json.attribute("op", buffer.op);
                int64_t r = buffer.requestIndex;
                if (r < 0) {
                  if (buffer.sizeInBytes)
                    json.attribute("size", *buffer.sizeInBytes);
                  json.attribute("reason", buffer.unplannedReason);
                  return;
                }
                const ScopePlan &scope = fp.scopes[buffer.scope];
                json.attribute("size",
                               *getAlignedSize(scope.requests[r].size, align));
                json.attribute("start", scope.requests[r].start);
                json.attribute("end", scope.requests[r].end);
                json.attribute("scope", buffer.scope);
                json.attribute("pool", static_cast<int64_t>(
                                           scope.firstPool +
                                           scope.plan.placements[r].pool));
                json.attribute("offset", scope.plan.placements[r].offset);
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
  os << "\n";
}

LogicalResult PlanMemoryPass::writeOutput(
    StringRef path, StringRef what,
    llvm::function_ref<void(llvm::raw_ostream &)> write) {
  std::string errorMessage;
  std::unique_ptr<llvm::ToolOutputFile> file =
      openOutputFile(path, &errorMessage);
  if (!file)
    return emitError(getOperation()->getLoc(), "cannot write the memory plan ")
           << what << ": " << errorMessage;
  write(file->os());
  file->os().flush();
  if (std::error_code error = file->os().error()) {
    // Cleared, so that closing the file does not end in "LLVM ERROR".
    file->os().clear_error();
    return emitError(getOperation()->getLoc(), "cannot write the memory plan ")
           << what << " '" << path << "': " << error.message();
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

  // On a function, its own outputs; on a module, one for all its functions.
  std::string reportPath = report, svgPath = svg, mapPath = map;
  if (auto function = dyn_cast<FunctionOpInterface>(getOperation())) {
    for (std::string *path : {&reportPath, &svgPath, &mapPath}) {
      size_t at = path->find("{function}");
      if (!path->empty() && at == std::string::npos) {
        emitError(getOperation()->getLoc())
            << "plan-memory runs on functions here, so each writes its own "
               "report and maps: put {function} in the path '"
            << *path << "', or run the pass on the module";
        return signalPassFailure();
      }
      if (at != std::string::npos)
        path->replace(at, strlen("{function}"),
                      SymbolTable::getSymbolName(function).str());
    }
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
      failed(writeOutput(reportPath, "report", [&](llvm::raw_ostream &os) {
        writeReport(os, plans, *strategyKind);
      })))
    return signalPassFailure();
  if (svgPath.empty() && mapPath.empty())
    return;
  std::vector<MemoryMap> maps;
  for (const FunctionPlan &fp : plans) {
    FunctionPlan::Combined all = fp.combine();
    SmallVector<std::string> names, details;
    for (unsigned b : all.bufferOfRequest) {
      const FunctionPlan::Buffer &buffer = fp.buffers[b];
      names.push_back(buffer.name);
      std::string detail;
      llvm::raw_string_ostream os(detail);
      llvm::interleave(
          buffer.shape, os,
          [&](int64_t dim) {
            ShapedType::isDynamic(dim) ? os << "?" : os << dim;
          },
          "x");
      os << (buffer.shape.empty() ? "" : "x") << buffer.elementType
         << ", written by " << buffer.op;
      details.push_back(detail);
    }
    maps.push_back(buildMemoryMap("@" + fp.name, all.requests, all.plan,
                                  alignment.getValue(), names, details,
                                  all.sharings));
  }
  if (!svgPath.empty() &&
      failed(writeOutput(svgPath, "picture", [&](llvm::raw_ostream &os) {
        writeMemoryMapSVG(os, maps);
      })))
    return signalPassFailure();
  if (!mapPath.empty() &&
      failed(writeOutput(mapPath, "map", [&](llvm::raw_ostream &os) {
        writeMemoryMapText(os, maps);
      })))
    return signalPassFailure();
}
