//===- PlanFigures.h - the figures of a plan, and their keys ----*- C++ -*-===//
//
// The one list of a plan's figures and their report keys. `--plan-memory`
// writes them on each function (`mini.memory_plan`) and in its JSON report,
// the runtime reads the attribute back, and mini-run and `mini-plan --json`
// print them: all through visitPlanFigures, so that a key is spelled once.
// docs/reading-a-plan.md describes each.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_PLANFIGURES_H
#define MINI_PLANNING_PLANFIGURES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mini {
namespace planning {

/// The figures of one function's plan (sums over its alloc scopes), or of
/// one planning problem. Bytes unless said.
struct PlanFigures {
  /// The strategy asked for, and the one that planned the largest scope.
  std::string strategy;
  int64_t alignment = 0;
  /// Every buffer in an allocation of its own.
  uint64_t naiveBytes = 0;
  /// The peak of live bytes: no plan is smaller (computeLowerBound).
  uint64_t lowerBoundBytes = 0;
  /// The same with the sharings taken, each sharing tree counted once.
  uint64_t sharedLowerBoundBytes = 0;
  /// Buffers that live in another buffer's memory.
  int64_t sharedBuffers = 0;
  /// The sum of the pools.
  uint64_t plannedBytes = 0;
  std::string chosenStrategy;
  /// Proven optimal (MemoryPlan::optimal) in every scope.
  bool optimal = false;
  /// Exact-search nodes, and whether a search stopped at its node budget
  /// or its time limit.
  int64_t searchNodes = 0;
  bool hitNodeBudget = false;
  bool hitTimeLimit = false;
  /// Planned bytes over the shared lower bound (1 without buffers).
  double fragmentation = 1.0;
  /// The step of the peak of live bytes, the name of the op there and the
  /// buffers live there (-1, empty and none without buffers).
  int64_t peakStep = -1;
  std::string peakOp;
  std::vector<std::string> liveAtPeak;
  /// Wall-clock time of planning, in microseconds.
  int64_t planningUs = 0;
  /// The size of each pool.
  std::vector<int64_t> pools;
};

/// Where a figure is written: in the function attribute and the report, or
/// only in the report (figures of the planning run rather than of the
/// plan's memory).
enum class FigureUse { AttributeAndReport, ReportOnly };

/// Calls `visit(key, field, use)` for every figure, in report order: the
/// one list of the keys. `Figures` is PlanFigures or const PlanFigures.
template <typename Figures, typename Visitor>
void visitPlanFigures(Figures &f, Visitor &&visit) {
  constexpr FigureUse both = FigureUse::AttributeAndReport;
  constexpr FigureUse report = FigureUse::ReportOnly;
  visit("strategy", f.strategy, both);
  visit("alignment", f.alignment, both);
  visit("naive_bytes", f.naiveBytes, both);
  visit("lower_bound_bytes", f.lowerBoundBytes, both);
  visit("shared_lower_bound_bytes", f.sharedLowerBoundBytes, both);
  visit("shared_buffers", f.sharedBuffers, both);
  visit("planned_bytes", f.plannedBytes, both);
  visit("chosen_strategy", f.chosenStrategy, both);
  visit("optimal", f.optimal, both);
  visit("search_nodes", f.searchNodes, both);
  visit("hit_node_budget", f.hitNodeBudget, report);
  visit("hit_time_limit", f.hitTimeLimit, report);
  visit("fragmentation", f.fragmentation, report);
  visit("peak_step", f.peakStep, report);
  visit("peak_op", f.peakOp, report);
  visit("live_at_peak", f.liveAtPeak, report);
  visit("planning_us", f.planningUs, report);
  visit("pools", f.pools, both);
}

/// Writes every figure as an attribute of the JSON object being written.
void writePlanFigures(llvm::json::OStream &json, const PlanFigures &figures);

/// Adds the figures of `use` (the attribute's, or all) to `object`.
void addPlanFigures(llvm::json::Object &object, const PlanFigures &figures,
                    FigureUse use);

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_PLANFIGURES_H
