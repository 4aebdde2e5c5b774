//===- MemoryAssignment.h - buffers across memories of a device --*- C++
//-*-===//
//
// Several memories (a small fast SRAM, a large slow PSRAM or DRAM): which
// buffers live in which memory, each memory planned on its own. As TVM's
// USMP pools with their sizes and TFLite Micro's offline multi-arena plans,
// XLA's memory-space assignment in spirit; the objective here is documented
// and simple so that a user can reason about (or replace) it.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_MEMORYASSIGNMENT_H
#define MINI_PLANNING_MEMORYASSIGNMENT_H

#include "mini/Planning/MemoryPlanner.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace mini {
namespace planning {

/// A memory of the device: its name and capacity in bytes (none: unbounded).
struct MemorySpec {
  std::string name;
  std::optional<uint64_t> capacity;
};

/// Parses `name[:capacity],name[:capacity],...` (fastest first), e.g.
/// `sram:262144,dram`. Errors: an empty list or name, a repeated name, a
/// capacity that is not a non-negative integer, a memory with no capacity
/// before the last.
llvm::Expected<std::vector<MemorySpec>> parseMemorySpecs(llvm::StringRef text);

/// Where each buffer lives and each memory's plan.
struct MemoryAssignment {
  /// The memory (index into the specs) of each request.
  std::vector<unsigned> memoryOf;
  /// One plan per memory over all the requests: its pools hold that
  /// memory's requests; pool `p` belongs to memory `poolMemory[p]`, the
  /// pools of memory 0 first. Checked by verifyMemoryPlan with the
  /// sharings, and each memory's pools fit its capacity.
  MemoryPlan plan;
  std::vector<unsigned> poolMemory;
  /// Per memory: its bytes (the sum of its pools) and the accessed bytes of
  /// its buffers.
  std::vector<uint64_t> bytes, accessedBytes;
};

/// Assigns `requests` (with their `sharings`) to `memories`, fastest first,
/// and plans each memory with `strategy`. Objective: the most accessed
/// bytes (`accessedBytes[i]` per request: its size times the ops that touch
/// it) in the fast memories, memory by memory: the sharing trees (a tree
/// lives in one memory) by accessed bytes per byte of the tree, descending,
/// each taken into the memory when its best-fit plan still fits the
/// capacity; what no bounded memory takes goes to the last. Greedy, not
/// optimal (the exact problem is a knapsack with interference);
/// deterministic. Errors: the last memory's capacity cannot hold the rest
/// (with the bytes it needs), a planning error.
llvm::Expected<MemoryAssignment>
assignMemories(llvm::ArrayRef<BufferRequest> requests,
               llvm::ArrayRef<uint64_t> accessedBytes,
               llvm::ArrayRef<MemorySpec> memories, Strategy strategy,
               uint64_t alignment, const SearchOptions &search = {},
               llvm::ArrayRef<BufferSharing> sharings = {});

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_MEMORYASSIGNMENT_H
