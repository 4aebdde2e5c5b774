//===- Scheduler.h - memory-aware operation scheduling -----------*- C++
//-*-===//
//
// Reorders the operations of a dataflow graph to lower its peak of live
// bytes, before buffers are planned. Pure C++ over LLVM's ADT, like the
// memory planner; `--mini-schedule-for-memory` feeds it from a block.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_SCHEDULER_H
#define MINI_PLANNING_SCHEDULER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <vector>

namespace mini {
namespace planning {

/// One operation of the graph. It defines `bytes` (the sum of its results'
/// sizes), which are live from the operation until its last consumer has
/// run, or to the end when `liveOut`.
struct ScheduleNode {
  uint64_t bytes = 0;
  /// Nodes whose results this one reads (each at most once).
  llvm::SmallVector<unsigned, 4> operands;
  /// Nodes that must run before this one without being read by it (side
  /// effects, nested-region captures).
  llvm::SmallVector<unsigned, 1> after;
  bool liveOut = false;
};

/// The peak of live bytes of running `nodes` in `order` (a topological order
/// of all nodes): while a node runs, its operands and its results are live.
uint64_t computeSchedulePeak(llvm::ArrayRef<ScheduleNode> nodes,
                             llvm::ArrayRef<unsigned> order);

/// A topological order of `nodes` chosen greedily to keep the live bytes
/// low: among the ready nodes, the one whose run frees the most bytes net of
/// what it defines (its results minus the operands it is the last reader
/// of), ties to the lowest index. This is the greedy memory-aware list
/// scheduler that SERENITY (Ahn et al., MLSys 2020) and HMCOS (Wang et al.,
/// DAC 2022) start from and refine. Runs in O(n * w + e) for n nodes,
/// e operand edges and ready sets of at most w nodes. Deterministic.
std::vector<unsigned> scheduleForMemory(llvm::ArrayRef<ScheduleNode> nodes);

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_SCHEDULER_H
