//===- Interference.h - interference graph and packing orders ---*- C++ -*-===//
//
// Which buffers are live together, and the orders in which the heuristics
// place buffers.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_INTERFERENCE_H
#define MINI_PLANNING_INTERFERENCE_H

#include "mini/Planning/Problem.h"

namespace mini {
namespace planning {

/// Undirected interference graph of live ranges in compressed sparse rows:
/// the neighbors of buffer i are `edges[offsets[i] .. offsets[i + 1])`,
/// sorted. Zero-sized buffers interfere with nothing: they occupy no memory.
struct InterferenceGraph {
  std::vector<size_t> offsets;
  std::vector<unsigned> edges;

  /// Builds the graph with a sweep over live ranges sorted by start step, in
  /// O(n log n + P log P) for P interfering pairs. `sizes` are the aligned
  /// sizes. Returns std::nullopt if `deadline` passes first.
  static std::optional<InterferenceGraph>
  build(llvm::ArrayRef<BufferRequest> requests, llvm::ArrayRef<uint64_t> sizes,
        const Deadline &deadline = std::nullopt);

  llvm::ArrayRef<unsigned> getNeighbors(unsigned i) const {
    return llvm::ArrayRef<unsigned>(edges).slice(offsets[i],
                                                 offsets[i + 1] - offsets[i]);
  }
};

/// Buffer indices by aligned size descending, then live-range length
/// descending (the longer-lived of two equal buffers constrains more; XLA's
/// heap simulator breaks ties the same way), then start step, then index.
std::vector<unsigned> getSizeOrder(llvm::ArrayRef<BufferRequest> requests,
                                   llvm::ArrayRef<uint64_t> sizes);

/// Live-range length order, descending, then the size order: XLA's
/// temporal order.
std::vector<unsigned> getLengthOrder(llvm::ArrayRef<BufferRequest> requests,
                                     llvm::ArrayRef<uint64_t> sizes);

/// Interference degree order, descending, then the size order: TVM USMP's
/// greedy_by_conflicts.
std::vector<unsigned> getConflictOrder(llvm::ArrayRef<BufferRequest> requests,
                                       llvm::ArrayRef<uint64_t> sizes,
                                       const InterferenceGraph &graph);

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_INTERFERENCE_H
