//===- Heuristics.h - greedy buffer-assignment strategies -------*- C++ -*-===//
//
// The heuristics of the strategy table (mini/Planning/Strategy.h): arena
// packings in an order with a gap choice, and greedy coloring.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_HEURISTICS_H
#define MINI_PLANNING_HEURISTICS_H

#include "mini/Planning/Interference.h"

namespace mini {
namespace planning {

/// Returns true if `strategy` needs the interference graph.
bool needsInterferenceGraph(Strategy strategy);

/// Plans valid `requests` (aligned sizes `sizes`, interference `graph`,
/// which may be null for a strategy that does not need it) with the
/// heuristic `strategy` (not Auto); offsets and pool sizes are multiples of
/// the alignment the sizes were rounded to. Arena strategies run in
/// O(n log n + P log P) for P interfering pairs and give one pool;
/// greedy-color runs in O(n log n + P + n * colors) and gives one pool per
/// color. `optimal` is left false. Returns std::nullopt if `deadline`
/// passes first. Errors: a plan past kMaxPlanBytes.
llvm::Expected<std::optional<MemoryPlan>>
planHeuristic(llvm::ArrayRef<BufferRequest> requests,
              llvm::ArrayRef<uint64_t> sizes, const InterferenceGraph *graph,
              Strategy strategy, const Deadline &deadline = std::nullopt);

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_HEURISTICS_H
