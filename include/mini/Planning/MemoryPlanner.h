//===- MemoryPlanner.h - static buffer assignment ---------------*- C++ -*-===//
//
// The planning library: sizes and live ranges in, pools and offsets out. It
// knows nothing of MLIR; the `--plan-memory` pass feeds it from the buffer
// liveness analysis and rewrites the IR from its answer. One file per
// concern, as MiniMalloc and XLA lay theirs out:
// - Problem.h: requests, plans, alignment, naive bytes, the lower bound;
// - Sharing.h: the sharing forest (in-place reuse and slices);
// - Interference.h: the interference graph and packing orders;
// - Strategy.h: the strategy table; Heuristics.h: the greedy strategies;
// - ExactSearch.h: the exact search (MiniMalloc's method);
// - this header: `planMemory`, the driver of every strategy and of `auto`;
// - Checker.h: the independent checker every plan passes;
// - MemoryMap.h: SVG and text pictures of a plan.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_MEMORYPLANNER_H
#define MINI_PLANNING_MEMORYPLANNER_H

#include "mini/Planning/Checker.h"
#include "mini/Planning/Problem.h"
#include "mini/Planning/Sharing.h"
#include "mini/Planning/Strategy.h"

#include <functional>

namespace mini {
namespace planning {

/// Limits and goals of `planMemory`.
struct SearchOptions {
  /// Exact-search nodes over every capacity tried; within this budget the
  /// search, and so the plan, is deterministic.
  uint64_t maxNodes = 200000;
  /// Wall-clock limit of the whole call in milliseconds (0: none): the
  /// heuristics after the first and the search stop when it is spent, and
  /// the best plan found so far is returned. When it ends the search, the
  /// plan may depend on the machine, and says so (`hitTimeLimit`).
  uint64_t timeLimitMs = 1000;
  /// With a capacity (bytes), the decision problem: a plan within it, or an
  /// error that says "infeasible" (proven: no plan within it exists) or
  /// "unknown" (none found within the budget).
  std::optional<uint64_t> capacity;
  /// Called with every plan `auto` keeps as its best so far, in the order
  /// found (a tool's progress trace); empty: none.
  std::function<void(const MemoryPlan &)> onImprovement;
};

/// Plans `requests` with `strategy`; every pool size and offset is a
/// multiple of `alignment` (bytes, a power of two). Deterministic within the
/// node budget: the same requests give the same plan. Errors: invalid
/// requests (see validateRequests) or sharings (validateSharings), plans
/// that would exceed kMaxPlanBytes, and with a capacity, no plan within it.
///
/// A heuristic runs alone. `auto` runs every heuristic in the strategy
/// table's order (the smallest plan wins, the earlier on ties; it stops at
/// the lower bound), then, when the best plan is above the lower bound, the
/// exact search (ExactSearch.h): minimizing, it bisects the capacity
/// between the proven lower bound and the best plan, each probe with a fair
/// share of the nodes and time left, always keeping the best plan found;
/// with a capacity, it decides that capacity with the whole budget.
/// `optimal` is set only when proven (see MemoryPlan).
///
/// With `sharings`, each sharing tree is planned as one buffer and its
/// members are placed at their declared offsets; `optimal` is then relative
/// to the lower bound with sharings.
llvm::Expected<MemoryPlan>
planMemory(llvm::ArrayRef<BufferRequest> requests, Strategy strategy,
           uint64_t alignment, const SearchOptions &search = {},
           llvm::ArrayRef<BufferSharing> sharings = {});

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_MEMORYPLANNER_H
