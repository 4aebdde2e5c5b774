//===- ScheduleForMemory.cpp - memory-aware op scheduling -----------------===//
//
// The `--mini-schedule-for-memory` pass: a thin driver over the schedule
// graph (mini/Analysis/ScheduleGraph.h) and the planning library's
// scheduler. It asks for the greedy and the searched orders, plans each
// distinct candidate on a copy of the function, and keeps the best.
//
//===----------------------------------------------------------------------===//

#include "mini/Analysis/ScheduleGraph.h"
#include "mini/Dialect/Mini/IR/MiniDialect.h"
#include "mini/Planning/Scheduler.h"
#include "mini/Transforms/BufferizeTensors.h"
#include "mini/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

#include <numeric>

namespace mini {
#define GEN_PASS_DEF_SCHEDULEFORMEMORYPASS
#include "mini/Transforms/Passes.h.inc"
} // namespace mini

using namespace mlir;
using namespace mini;
using namespace mini::planning;

namespace {
struct ScheduleForMemoryPass
    : public mini::impl::ScheduleForMemoryPassBase<ScheduleForMemoryPass> {
  using ScheduleForMemoryPassBase::ScheduleForMemoryPassBase;
  void getDependentDialects(DialectRegistry &registry) const override {
    // What planning a candidate creates.
    registry.insert<bufferization::BufferizationDialect, cf::ControlFlowDialect,
                    linalg::LinalgDialect, memref::MemRefDialect,
                    scf::SCFDialect>();
    registerBufferizeTensorsDependencies(registry);
  }
  void runOnOperation() override;

  /// The planned bytes of `function` with its block's nodes in `order`, on a
  /// copy in a module of its own; nothing when it cannot be planned alone.
  std::optional<uint64_t> planCandidate(func::FuncOp function,
                                        ArrayRef<unsigned> order,
                                        const BlockScheduleGraph &schedule);
};

/// One candidate order.
struct Candidate {
  const char *name;
  std::vector<unsigned> order;
  uint64_t peakBytes = 0;
  std::optional<uint64_t> plannedBytes;
};
} // namespace

std::optional<uint64_t>
ScheduleForMemoryPass::planCandidate(func::FuncOp function,
                                     ArrayRef<unsigned> order,
                                     const BlockScheduleGraph &schedule) {
  // The copy of the function, with its ops in the same order as the
  // original's: node i's copy is the i-th non-materialization.
  OwningOpRef<ModuleOp> module = ModuleOp::create(function.getLoc());
  if (auto parent = function->getParentOfType<ModuleOp>())
    (*module)->setAttrs(parent->getAttrDictionary());
  auto copy = cast<func::FuncOp>(function->clone());
  copy.setPublic();
  module->push_back(copy);
  BlockScheduleGraph copied;
  DenseMap<Operation *, Operation *> copyOf;
  for (auto [original, cloned] :
       llvm::zip_equal(function.getBody().front().without_terminator(),
                       copy.getBody().front().without_terminator()))
    copyOf[&original] = &cloned;
  for (Operation *op : schedule.nodes)
    copied.nodes.push_back(copyOf.lookup(op));
  for (Operation *op : schedule.materializations)
    copied.materializations.push_back(copyOf.lookup(op));
  // The program's order is planned as the IR has it (materializations
  // where they are), since it is kept so when chosen.
  if (!llvm::equal(order, llvm::seq<unsigned>(0, order.size())))
    applySchedule(copied, order);
  std::string problem;
  FailureOr<PlanFigures> planned =
      planTensorFunction(*module, copy.getSymName(), {alignment, inPlace},
                         /*prepare=*/nullptr, problem);
  if (failed(planned))
    return std::nullopt;
  return planned->plannedBytes;
}

void ScheduleForMemoryPass::runOnOperation() {
  func::FuncOp function = getOperation();
  if (!function.getBody().hasOneBlock())
    return;
  BlockScheduleGraph schedule = buildBlockScheduleGraph(
      function.getBody().front(), DataLayout::closest(function),
      alignment > 0 ? static_cast<uint64_t>(alignment) : 1, inPlace);
  const ScheduleGraph &graph = schedule.graph;

  std::vector<unsigned> program(graph.nodes.size());
  std::iota(program.begin(), program.end(), 0);
  ScheduleSearchOptions options;
  options.maxStates = searchStates;
  options.beamWidth = beamWidth;
  ScheduleSearchResult search = searchSchedule(graph, options);
  SmallVector<Candidate, 3> candidates = {{"program", program},
                                          {"greedy", scheduleGreedy(graph)},
                                          {"search", search.order}};
  for (Candidate &candidate : candidates)
    candidate.peakBytes = computeSchedulePeak(graph, candidate.order);

  // The best candidate: fewest planned bytes when every distinct one plans,
  // else the least peak; the earlier on ties.
  bool planned = checkByPlanning;
  for (auto [i, candidate] : llvm::enumerate(candidates)) {
    if (!planned)
      break;
    auto same = llvm::find_if(ArrayRef(candidates).take_front(i),
                              [&](const Candidate &earlier) {
                                return earlier.order == candidate.order;
                              });
    candidate.plannedBytes =
        same != candidates.begin() + i
            ? same->plannedBytes
            : planCandidate(function, candidate.order, schedule);
    planned = candidate.plannedBytes.has_value();
  }
  const Candidate *chosen = &candidates.front();
  for (const Candidate &candidate : candidates) {
    uint64_t bytes = planned ? *candidate.plannedBytes : candidate.peakBytes;
    uint64_t best = planned ? *chosen->plannedBytes : chosen->peakBytes;
    if (bytes < best)
      chosen = &candidate;
  }
  // The program's order is left as it is: it was planned unchanged.
  if (chosen != &candidates.front())
    applySchedule(schedule, chosen->order);

  Builder b(function.getContext());
  SmallVector<NamedAttribute> figures;
  for (const Candidate &candidate : candidates) {
    figures.push_back(b.getNamedAttr(
        (Twine("peak_bytes_") + candidate.name).str(),
        b.getI64IntegerAttr(static_cast<int64_t>(candidate.peakBytes))));
    if (planned)
      figures.push_back(b.getNamedAttr(
          (Twine("planned_bytes_") + candidate.name).str(),
          b.getI64IntegerAttr(static_cast<int64_t>(*candidate.plannedBytes))));
  }
  figures.push_back(
      b.getNamedAttr("bound_bytes", b.getI64IntegerAttr(static_cast<int64_t>(
                                        computeScheduleLowerBound(graph)))));
  figures.push_back(b.getNamedAttr("chosen", b.getStringAttr(chosen->name)));
  figures.push_back(b.getNamedAttr(
      "search", b.getStringAttr(stringifyScheduleSearchKind(search.kind))));
  figures.push_back(b.getNamedAttr("proven", b.getBoolAttr(search.proven)));
  figures.push_back(b.getNamedAttr(
      "states", b.getI64IntegerAttr(static_cast<int64_t>(search.states))));
  function->setAttr(MiniDialect::ScheduleAttrHelper::getNameStr(),
                    b.getDictionaryAttr(figures));
}
