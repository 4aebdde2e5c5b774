//===- ExactSearch.h - exact buffer assignment ------------------*- C++ -*-===//
//
// The decision procedure of `auto`: is there a plan of one arena within a
// capacity? After MiniMalloc (Moffitt, "MiniMalloc: A Lightweight Memory
// Allocator for Hardware-Accelerated Machine Learning", ASPLOS 2023; the
// method of github.com/google/minimalloc, src/sweeper.cc and src/solver.cc):
//
// - A sweep over live-range boundaries cuts time into sections (maximal step
//   ranges with one set of live buffers) and the buffers into partitions
//   (no buffer crosses a partition boundary), which are solved apart.
// - Depth-first search over canonical solutions: buffers are placed in
//   nondecreasing offset order, each at the lowest offset its sections
//   allow (the highest top of the buffers placed over its live range).
// - Inference per section: its floor rises monotonically with the offsets
//   placed (nothing goes below the last offset placed), and to the lowest
//   offset any unplaced buffer of the section can take (the unallocated
//   floor); a node is infeasible when some floor plus the unplaced bytes of
//   its section exceed the capacity.
// - Dominance: no buffer is placed at or above the lowest top that an
//   unplaced buffer could reach, since that buffer would fit below it.
// - Dynamic decomposition: when no unplaced buffer crosses a section
//   boundary, the two sides are solved as independent subproblems.
// - Preorderings (WAT, TAW, TWA: by width (size), area (size x length) and
//   total (the bytes of the buffer's busiest section), in the order the
//   name gives) break ties among buffers at one offset; the search cycles
//   through them round-robin under doubling node limits, so that no single
//   order's heavy tail stalls it. Past MiniMalloc: each decision starts its
//   round robin with the preorder that found the last plan, since `auto`'s
//   probes of nearby capacities tend to fall to one order (on MiniMalloc's
//   J, TWA plans almost every capacity it can in about one node per buffer,
//   while WAT and TAW spend their whole limits first).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_EXACTSEARCH_H
#define MINI_PLANNING_EXACTSEARCH_H

#include "mini/Planning/Problem.h"

#include <memory>

namespace mini {
namespace planning {

/// What ends a search: a node budget and an optional deadline.
struct SearchLimits {
  /// Nodes this call may expand; the search is deterministic within it.
  uint64_t maxNodes = UINT64_MAX;
  /// Wall-clock deadline, checked at every node.
  Deadline deadline;
};

/// The answer to "is there a plan within the capacity?".
enum class SearchResult {
  /// A plan was found.
  Feasible,
  /// Proven: no plan within the capacity exists.
  Infeasible,
  /// The node budget or the deadline ended the search first.
  Unknown,
};

/// Exact search over one problem, reused across capacities.
class ExactSearch {
public:
  /// Prepares valid `requests` with aligned sizes `sizes` (bytes): sections
  /// and partitions, in O(n log n + the number of (buffer, section) pairs).
  ExactSearch(llvm::ArrayRef<BufferRequest> requests,
              llvm::ArrayRef<uint64_t> sizes);
  ~ExactSearch();

  /// Decides whether one arena of `capacity` bytes holds every buffer. On
  /// Feasible, `offsets[i]` is buffer i's byte offset (0 for empty buffers).
  SearchResult decide(uint64_t capacity, const SearchLimits &limits,
                      std::vector<uint64_t> &offsets);

  /// Whether the search can decide capacities at all: false when a
  /// partition holds more buffers than it takes (2048), and then every
  /// decision that the busiest section does not settle is Unknown at once.
  bool isSearchable() const;
  /// Nodes expanded by every call so far.
  uint64_t getNodes() const;
  /// Whether the last call stopped at its node budget or at its deadline.
  bool hitNodeBudget() const;
  bool hitTimeLimit() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl;
};

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_EXACTSEARCH_H
