//===- FunctionPlan.h - the plan of one function -----------------*- C++
//-*-===//
//
// What `--plan-memory` decides for a function, shared by its parts: the
// pass (PlanMemory.cpp) builds it, the rewrite (PlanRewrite.cpp) applies it
// to the IR, the report (PlanReport.cpp) writes it as an attribute, JSON
// and maps.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_LIB_TRANSFORMS_FUNCTIONPLAN_H
#define MINI_LIB_TRANSFORMS_FUNCTIONPLAN_H

#include "mini/Analysis/BufferLiveness.h"
#include "mini/Analysis/SharingSelection.h"
#include "mini/Planning/MemoryAssignment.h"
#include "mini/Planning/MemoryMap.h"
#include "mini/Planning/PlanFigures.h"
#include "mini/Planning/Strategy.h"

#include "mlir/IR/Region.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

#include <optional>
#include <string>
#include <vector>

namespace mini {

/// The plan of one alloc scope: the function body or a parallel loop's body
/// for heap buffers, an automatic allocation scope for stack buffers. Each
/// is planned on its own, into pools allocated at the start of its region.
struct ScopePlan {
  mlir::Region *region = nullptr;
  bool stack = false;
  std::vector<planning::BufferRequest> requests;
  /// Index into FunctionPlan::buffers of each request.
  llvm::SmallVector<unsigned> bufferOfRequest;
  /// The sharings taken, over `requests`, and what the rewrite needs of
  /// them.
  ScopeSharings sharings;
  /// The plan, with the scope's figures (naive, lower bounds, peak).
  planning::MemoryPlan plan;
  /// Index of the scope's first pool in the function's pool list.
  unsigned firstPool = 0;
  /// The memory (index into --plan-memory's memories; 0 without them) of
  /// each pool.
  llvm::SmallVector<unsigned> poolMemory;
};

/// The plan of one function, as reported.
struct FunctionPlan {
  std::string name;
  /// One entry per alloc of the function, in program order. The allocs
  /// themselves are gone after the rewrite, so the entries copy what the
  /// report needs.
  struct Buffer {
    std::string name;
    /// The buffer's shape (ShapedType::kDynamic for a dynamic dimension),
    /// element type and defining op (the op at its first step).
    llvm::SmallVector<int64_t> shape;
    std::string elementType;
    std::string op;
    std::optional<uint64_t> sizeInBytes;
    /// Why the buffer was left alone; empty if planned.
    std::string unplannedReason;
    /// Index into `scopes` and into its `requests` of a planned buffer, -1
    /// otherwise.
    int64_t scope = -1;
    int64_t requestIndex = -1;
    /// The buffer whose memory this one shares (index into `buffers`), -1
    /// if none; how and at which byte offset.
    int64_t host = -1;
    SharingKind sharingKind = SharingKind::InPlace;
    uint64_t sharingOffset = 0;
  };
  llvm::SmallVector<Buffer> buffers;
  std::vector<ScopePlan> scopes;
  /// With several memories: the memories (fastest first; empty without
  /// them), each memory's bytes in the function body's plan and the
  /// accessed bytes of its buffers (MemoryAssignment).
  std::vector<planning::MemorySpec> memories;
  std::vector<uint64_t> memoryBytes, memoryAccessedBytes;

  /// Every scope's requests end to end, with their sharings and plans
  /// (pools numbered over the function): one problem for the peak and the
  /// maps. `bufferOfRequest` indexes `buffers`.
  struct Combined {
    std::vector<planning::BufferRequest> requests;
    llvm::SmallVector<planning::BufferSharing> sharings;
    planning::MemoryPlan plan;
    llvm::SmallVector<unsigned> bufferOfRequest;
    /// The memory of each pool (ScopePlan::poolMemory).
    llvm::SmallVector<unsigned> poolMemory;
  };
  Combined combined;

  /// The function's figures: sums over the scopes, the peak over the
  /// combined problem.
  planning::PlanFigures figures;

  /// Combines the scopes (`combined`) and computes `figures`, after the
  /// scopes are planned and before the rewrite erases their ops: `strategy`
  /// is the one asked for, `alignment` the plan's, `liveness` the
  /// function's (for the op at the peak step).
  void summarize(planning::Strategy strategy, uint64_t alignment,
                 const BufferLiveness &liveness);
};

/// Rewrites the allocs of `scope` into views of its pools (see
/// `--plan-memory`): pools allocated at the start of the scope's region (or
/// allocas for a stack scope), heap pools freed after their last member's
/// last step when `deallocPools`, the planned buffers' deallocs erased,
/// concat and padded slices produced in their host's memory. Returns the
/// pools (`memref.alloc` or `memref.alloca` of `memref<N x i8>`), in the
/// plan's pool order.
llvm::SmallVector<mlir::Value>
rewriteScope(const BufferLiveness &liveness, const FunctionPlan &plan,
             const ScopePlan &scope, uint64_t alignment, bool deallocPools);

/// Moves the pools of `function` (what rewriteScope returned for each of its
/// scopes) into arenas, one per memory (`memoryNames`, fastest first; one
/// unnamed memory without --plan-memory's memories), new first arguments
/// `memref<N x i8>` in memory order that the caller allocates with
/// `alignment`: pool p becomes a byte range of memory `poolMemory[p]`'s
/// arena (its `memref.view`s shifted, its deallocs erased), a pool of a
/// parallel alloc scope one range per iteration of its parallel loops,
/// indexed by the linearized iteration. Records `mini.arena = {bytes,
/// alignment}` (bytes: the sum), with several memories also `memories =
/// [{name, bytes}]`, on the function. Errors: a function with callers (its
/// signature changes), a parallel loop without a static iteration count,
/// an arena past 2^62 bytes.
mlir::LogicalResult movePoolsToArena(mlir::FunctionOpInterface function,
                                     llvm::ArrayRef<mlir::Value> pools,
                                     llvm::ArrayRef<unsigned> poolMemory,
                                     llvm::ArrayRef<std::string> memoryNames,
                                     uint64_t alignment);

/// Writes the JSON report of `plans` (docs/reading-a-plan.md); with
/// several memories, each function's `memories` (name, capacity, bytes,
/// accessed bytes, pools) and each buffer's memory.
void writePlanReport(llvm::raw_ostream &os, llvm::ArrayRef<FunctionPlan> plans,
                     uint64_t alignment);

/// The memory map of each of `plans`, for the text and SVG pictures; with
/// several memories, one map per function and memory, fastest first.
std::vector<planning::MemoryMap>
buildMemoryMaps(llvm::ArrayRef<FunctionPlan> plans, uint64_t alignment);

} // namespace mini

#endif // MINI_LIB_TRANSFORMS_FUNCTIONPLAN_H
