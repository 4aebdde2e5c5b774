//===- Scheduler.h - memory-aware operation scheduling -----------*- C++
//-*-===//
//
// Orders the operations of a dataflow graph to lower its peak of live
// bytes, before buffers are planned. Pure C++ over LLVM's ADT, like the
// memory planner; `--mini-schedule-for-memory` feeds it from a block.
//
// The graph is one of buffers, not of values: a buffer is live from the step
// of the first node that touches it (writes or reads it) to the step of the
// last, so that several values sharing one buffer (a concatenation written
// part by part, an op writing its result in place of its input) count once,
// and a buffer that bufferization adds (a padded copy of a convolution's
// input) counts where it is live.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_SCHEDULER_H
#define MINI_PLANNING_SCHEDULER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace mini {
namespace planning {

/// A buffer of the schedule: `bytes` are live from the step of the first
/// node touching it to the step of the last one, or to the end when
/// `liveOut`.
struct ScheduleBuffer {
  uint64_t bytes = 0;
  bool liveOut = false;
};

/// One operation of the graph.
struct ScheduleNode {
  /// Buffers the node writes or reads (indices into ScheduleGraph::buffers,
  /// each at most once).
  llvm::SmallVector<unsigned, 4> buffers;
  /// Nodes that must run before this one: the producers of what it reads,
  /// and the ops with side effects before it.
  llvm::SmallVector<unsigned, 4> predecessors;
  /// In-place reuse: pairs (host, guest) of the node's buffers where the
  /// guest, when this node first touches it, may take the host's memory if
  /// the host dies at this node (TFLite's in-place operators, XLA's
  /// CanShareBuffer). The step then counts the guest's bytes past the
  /// host's only.
  llvm::SmallVector<std::pair<unsigned, unsigned>, 1> inPlace;
};

/// A dataflow graph of nodes over buffers. Node indices are the program's
/// order, which is topological.
struct ScheduleGraph {
  std::vector<ScheduleBuffer> buffers;
  std::vector<ScheduleNode> nodes;
};

/// Returns true if `order` runs every node of `graph` once, each after its
/// predecessors.
bool isTopologicalOrder(const ScheduleGraph &graph,
                        llvm::ArrayRef<unsigned> order);

/// The peak in bytes of running `graph` in `order` (a topological order of
/// all nodes): at a node's step, the buffers live before it plus those it
/// touches first (less what in-place reuse saves).
uint64_t computeSchedulePeak(const ScheduleGraph &graph,
                             llvm::ArrayRef<unsigned> order);

/// The largest bytes any single node touches: no order's peak is below it.
uint64_t computeScheduleLowerBound(const ScheduleGraph &graph);

/// A topological order chosen greedily to keep the live bytes low: among
/// the ready nodes, the one whose step adds the fewest bytes net of those it
/// frees (the buffers it touches first minus those it touches last), ties
/// to the lowest index. The greedy memory-aware list scheduler that SERENITY
/// (Ahn et al., MLSys 2020) and HMCOS (Wang et al., DAC 2022) start from.
/// O(n * w * d) for n nodes, ready sets of at most w nodes and d buffers per
/// node. Deterministic.
std::vector<unsigned> scheduleGreedy(const ScheduleGraph &graph);

/// Bounds of searchSchedule.
struct ScheduleSearchOptions {
  /// States the exact search may create before it gives up and the beam
  /// search takes over.
  uint64_t maxStates = 1u << 20;
  /// States the beam search keeps per step (its width).
  unsigned beamWidth = 256;
};

/// How searchSchedule's order was found.
enum class ScheduleSearchKind {
  /// The upper bound (program or greedy order) meets the lower bound.
  Bound,
  /// The exact search closed: `proven` holds.
  Exact,
  /// The exact search ran out of states; the beam search's best order, or
  /// the upper bound's when the beam found none below it.
  Beam,
};

/// The result of searchSchedule.
struct ScheduleSearchResult {
  std::vector<unsigned> order;
  /// computeSchedulePeak(graph, order).
  uint64_t peakBytes = 0;
  /// No topological order has a lower peak.
  bool proven = false;
  ScheduleSearchKind kind = ScheduleSearchKind::Bound;
  /// States created by the exact search and, after it, by the beam search.
  uint64_t states = 0;
};

/// The order of least peak, found as SERENITY does (Ahn et al., "Ordering
/// Chaos: Memory-Aware Scheduling of Irregularly Wired Neural Networks for
/// Edge Devices", MLSys 2020): dynamic programming over the sets of
/// executed nodes, one step at a time, each set kept once with the least
/// peak that reaches it. Pruned by
/// - the upper bound: the best of the program order and scheduleGreedy; a
///   set whose peak reaches it is dropped, and when none is left, the upper
///   bound is optimal;
/// - the lower bound: when computeScheduleLowerBound meets the upper bound,
///   no search runs;
/// - free moves: a ready node that frees at least what it adds, at a step
///   no higher than the set's peak, is the only move tried from that set
///   (moving it first never raises a later step).
/// When the sets exceed `options.maxStates`, a beam search over the same
/// steps keeps the `beamWidth` sets of least (live bytes, peak) per step.
/// Never above the upper bound; deterministic.
ScheduleSearchResult searchSchedule(const ScheduleGraph &graph,
                                    const ScheduleSearchOptions &options = {});

/// Returns the spelling of `kind` in reports: `bound`, `exact` or `beam`.
const char *stringifyScheduleSearchKind(ScheduleSearchKind kind);

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_SCHEDULER_H
