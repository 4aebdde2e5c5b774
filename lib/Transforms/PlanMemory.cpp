//===- PlanMemory.cpp - buffer assignment into aligned pools
//---------------===//
//
// The `--plan-memory` pass: a driver over the buffer liveness analysis
// (with the plan's options), the sharing selection, the planning library,
// the rewrite (PlanRewrite.cpp) and the report (PlanReport.cpp). Every
// planned `memref.alloc` becomes a `memref.view` of an `i8` pool at a byte
// offset; the figures go on the function as `mini.memory_plan` and, with
// `report=`, `map=` and `svg=`, into files.
//
//===----------------------------------------------------------------------===//

#include "FunctionPlan.h"
#include "mini/Dialect/Mini/IR/MiniDialect.h"

#include "mini/Interfaces/InPlaceReuseOpInterface.h"
#include "mini/Planning/Checker.h"
#include "mini/Planning/MemoryAssignment.h"
#include "mini/Planning/MemoryPlanner.h"
#include "mini/Support/OutputFile.h"
#include "mini/Transforms/Passes.h"
#include "mini/Transforms/PlanAttribute.h"

#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include <chrono>

namespace mini {
#define GEN_PASS_DEF_PLANMEMORYPASS
#include "mini/Transforms/Passes.h.inc"
} // namespace mini

using namespace mlir;
using namespace mini;
using namespace mini::planning;

namespace {

struct PlanMemoryPass : public mini::impl::PlanMemoryPassBase<PlanMemoryPass> {
  using Base::Base;
  void getDependentDialects(DialectRegistry &registry) const override;
  void runOnOperation() override;

private:
  /// The memories option, parsed.
  std::vector<MemorySpec> memorySpecs;
  LogicalResult planFunction(FunctionOpInterface function, Strategy strategy,
                             FunctionPlan &result);
  LogicalResult
  writeOutput(StringRef path, StringRef what,
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
  BufferLivenessOptions livenessOptions;
  livenessOptions.planAllocas = allocas;
  livenessOptions.alignment = align;
  BufferLiveness liveness(function, livenessOptions);
  result.name = SymbolTable::getSymbolName(function).str();
  result.memories = memorySpecs;
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
    if (!range.isPlannable()) {
      range.alloc->emitRemark("buffer not planned: ") << range.unplannedReason;
      continue;
    }
    auto [it, inserted] = scopeIndex.try_emplace(
        std::make_pair(range.scope, unsigned(range.isStack())),
        result.scopes.size());
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
    if (inPlace && !scope.stack) {
      SmallVector<int64_t> requestOf;
      for (const FunctionPlan::Buffer &buffer : result.buffers)
        requestOf.push_back(buffer.scope == static_cast<int64_t>(index)
                                ? buffer.requestIndex
                                : -1);
      scope.sharings =
          selectScopeSharings(liveness, candidates, scope.requests,
                              scope.bufferOfRequest, requestOf, align);
      for (auto [sharing, candidate] :
           llvm::zip(scope.sharings.sharings, scope.sharings.candidates)) {
        FunctionPlan::Buffer &buffer =
            result.buffers[scope.bufferOfRequest[sharing.buffer]];
        buffer.host = scope.bufferOfRequest[sharing.host];
        buffer.sharingKind = candidate.kind;
        buffer.sharingOffset = candidate.offset;
      }
    }
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
    // With several memories, the function body's heap buffers are spread
    // over them; every other scope goes to the last (slowest) one.
    bool spread = !memorySpecs.empty() && !scope.stack &&
                  scope.region == &function->getRegion(0);
    if (spread) {
      // Each op touching a buffer reads or writes it once, whole.
      SmallVector<uint64_t> accessed;
      for (auto [r, request] : llvm::enumerate(scope.requests)) {
        const BufferLiveRange &range =
            liveness.getBuffers()[scope.bufferOfRequest[r]];
        uint64_t touches = llvm::count_if(range.uses, [](OpOperand *use) {
          return !isa<ViewLikeOpInterface>(use->getOwner());
        });
        accessed.push_back(request.size * touches);
      }
      llvm::Expected<MemoryAssignment> assignment =
          assignMemories(scope.requests, accessed, memorySpecs, strategy, align,
                         search, scope.sharings.sharings);
      if (!assignment)
        return function.emitError("memory planning failed: ")
               << llvm::toString(assignment.takeError());
      scope.plan = std::move(assignment->plan);
      scope.poolMemory.assign(assignment->poolMemory.begin(),
                              assignment->poolMemory.end());
      result.memoryBytes = std::move(assignment->bytes);
      result.memoryAccessedBytes = std::move(assignment->accessedBytes);
    } else {
      llvm::Expected<MemoryPlan> plan = planMemory(
          scope.requests, strategy, align, search, scope.sharings.sharings);
      if (!plan)
        return function.emitError("memory planning failed: ")
               << llvm::toString(plan.takeError());
      scope.plan = std::move(*plan);
      scope.poolMemory.assign(scope.plan.poolSizes.size(),
                              memorySpecs.empty() ? 0 : memorySpecs.size() - 1);
    }
    if (llvm::Error error = verifyMemoryPlan(scope.requests, scope.plan, align,
                                             scope.sharings.sharings))
      return function.emitError("the memory plan is invalid (a planner bug): ")
             << llvm::toString(std::move(error));
    scope.firstPool = firstPool;
    firstPool += scope.plan.poolSizes.size();
  }

  // The figures, before the rewrite erases the ops they name.
  result.summarize(strategy, align, liveness);
  SmallVector<Value> pools;
  SmallVector<unsigned> poolMemory;
  for (const ScopePlan &scope : result.scopes) {
    llvm::append_range(pools, rewriteScope(liveness, result, scope, align,
                                           deallocPools && arena == "pools"));
    llvm::append_range(poolMemory, scope.poolMemory);
  }
  SmallVector<std::string> memoryNames;
  for (const MemorySpec &spec : memorySpecs)
    memoryNames.push_back(spec.name);
  if (memoryNames.empty())
    memoryNames.push_back("");
  // A function whose body planned nothing has no bytes in any memory.
  result.memoryBytes.resize(memorySpecs.size(), 0);
  result.memoryAccessedBytes.resize(memorySpecs.size(), 0);
  if (arena == "argument" &&
      failed(movePoolsToArena(function, pools, poolMemory, memoryNames, align)))
    return failure();
  // Every pool counts against its memory's capacity: the function body's
  // (checked by the assignment), stack pools and parallel scopes' pools
  // (in the last memory; once per iteration in an arena).
  if (!memorySpecs.empty()) {
    SmallVector<uint64_t> used(memorySpecs.size(), 0);
    if (auto arenaAttr = function->getAttrOfType<DictionaryAttr>(
            MiniDialect::ArenaAttrHelper::getNameStr());
        arenaAttr && arena == "argument") {
      for (auto [m, memory] :
           llvm::enumerate(arenaAttr.getAs<ArrayAttr>("memories")
                               .getAsRange<DictionaryAttr>()))
        used[m] =
            static_cast<uint64_t>(memory.getAs<IntegerAttr>("bytes").getInt());
    } else {
      for (const ScopePlan &scope : result.scopes)
        for (auto [size, m] :
             llvm::zip_equal(scope.plan.poolSizes, scope.poolMemory))
          used[m] += size;
    }
    for (auto [spec, bytes] : llvm::zip_equal(memorySpecs, used))
      if (spec.capacity && bytes > *spec.capacity)
        return function.emitError("memory '")
               << spec.name << "' of " << *spec.capacity
               << " bytes cannot hold its pools: " << bytes << " bytes";
  }
  if (!memorySpecs.empty()) {
    // The memories' figures: bytes of the function body's pools in each
    // (the pools of other scopes are the last memory's), and the accessed
    // bytes of their buffers.
    Builder b(function.getContext());
    SmallVector<Attribute> memories;
    for (auto [m, spec] : llvm::enumerate(memorySpecs)) {
      SmallVector<NamedAttribute> fields = {
          b.getNamedAttr("name", b.getStringAttr(spec.name)),
          b.getNamedAttr("bytes", b.getI64IntegerAttr(static_cast<int64_t>(
                                      result.memoryBytes[m]))),
          b.getNamedAttr("accessed_bytes",
                         b.getI64IntegerAttr(static_cast<int64_t>(
                             result.memoryAccessedBytes[m])))};
      if (spec.capacity)
        fields.push_back(b.getNamedAttr(
            "capacity",
            b.getI64IntegerAttr(static_cast<int64_t>(*spec.capacity))));
      memories.push_back(b.getDictionaryAttr(fields));
    }
    function->setAttr(MiniDialect::MemoriesAttrHelper::getNameStr(),
                      b.getArrayAttr(memories));
  }
  result.figures.planningUs =
      static_cast<int64_t>(std::chrono::duration<double, std::micro>(
                               std::chrono::steady_clock::now() - functionBegin)
                               .count());
  function->setAttr(MiniDialect::MemoryPlanAttrHelper::getNameStr(),
                    buildMemoryPlanAttr(function.getContext(), result.figures));
  return success();
}

LogicalResult PlanMemoryPass::writeOutput(
    StringRef path, StringRef what,
    llvm::function_ref<void(llvm::raw_ostream &)> write) {
  if (llvm::Error error = writeOutputFile(path, write))
    return emitError(getOperation()->getLoc(), "cannot write the memory plan ")
           << what << " '" << path
           << "': " << llvm::errorToErrorCode(std::move(error)).message();
  return success();
}

void PlanMemoryPass::runOnOperation() {
  std::optional<Strategy> strategyKind = parseStrategy(strategy);
  if (!strategyKind) {
    emitError(getOperation()->getLoc())
        << "unknown plan-memory strategy '" << strategy << "'; expected "
        << getStrategyNames();
    return signalPassFailure();
  }
  memorySpecs.clear();
  if (!memories.empty()) {
    llvm::Expected<std::vector<MemorySpec>> specs = parseMemorySpecs(memories);
    if (!specs) {
      emitError(getOperation()->getLoc())
          << "plan-memory " << llvm::toString(specs.takeError());
      return signalPassFailure();
    }
    memorySpecs = std::move(*specs);
  }
  if (arena != "pools" && arena != "argument") {
    emitError(getOperation()->getLoc())
        << "unknown plan-memory arena '" << arena
        << "'; expected pools or argument";
    return signalPassFailure();
  }
  if (arena == "argument" && isa<FunctionOpInterface>(getOperation())) {
    // The arena changes signatures, which is checked against the callers
    // in the module: the pass must own the module.
    emitError(getOperation()->getLoc())
        << "plan-memory arena=argument runs on a module, not on a function";
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

  uint64_t align = static_cast<uint64_t>(alignment.getValue());
  if (!reportPath.empty() &&
      failed(writeOutput(reportPath, "report", [&](llvm::raw_ostream &os) {
        writePlanReport(os, plans, align);
      })))
    return signalPassFailure();
  if (svgPath.empty() && mapPath.empty())
    return;
  std::vector<MemoryMap> maps = buildMemoryMaps(plans, align);
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
