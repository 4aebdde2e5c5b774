//===- Problem.h - buffer-assignment problems and plans ---------*- C++ -*-===//
//
// The planning problem and its answer, and the figures every planner is
// measured against. Terms: a buffer is live on the program steps
// [start, end] (both inclusive); two buffers interfere when their live
// ranges share a step; a pool (arena) is one contiguous allocation; a plan
// gives every buffer a pool and a byte offset in it such that no two
// interfering buffers overlap in memory. The lower bound of any plan is the
// peak live bytes: the largest sum of aligned sizes live at one step.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_PROBLEM_H
#define MINI_PLANNING_PROBLEM_H

#include "mini/Planning/Strategy.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace mini {
namespace planning {

/// One buffer to place: `size` bytes (before alignment), live on the program
/// steps [`start`, `end`], both inclusive, with `start <= end`.
struct BufferRequest {
  uint64_t size = 0;
  int64_t start = 0;
  int64_t end = 0;
};

/// Where a buffer lives: pool index and byte offset from the pool's start.
struct BufferPlacement {
  unsigned pool = 0;
  uint64_t offset = 0;
};

/// The peak of live bytes and where it is.
struct LivePeak {
  /// The largest sum of aligned sizes of the buffers live at one step, in
  /// bytes, saturating at UINT64_MAX; 0 without buffers.
  uint64_t bytes = 0;
  /// The first step at which it is reached; -1 without buffers.
  int64_t step = -1;
};

/// The answer of a planner: the pools, and one placement per request, in the
/// order of the requests.
struct MemoryPlan {
  /// Size of every pool in bytes; each a multiple of the alignment.
  llvm::SmallVector<uint64_t, 4> poolSizes;
  /// `placements[i]` places request i.
  std::vector<BufferPlacement> placements;

  /// The strategy that produced the plan (for `auto`, the one it chose).
  Strategy strategy = Strategy::BestFit;
  /// True only when the plan is proven optimal: its bytes equal the lower
  /// bound, or an exhaustive search proved that no plan is smaller by one
  /// alignment unit. Fitting a capacity is not optimality.
  bool optimal = false;
  /// Nodes the exact search (auto) expanded over all its probes; 0 if it did
  /// not run. Deterministic unless `hitTimeLimit`.
  uint64_t searchNodes = 0;
  /// The search stopped at its node budget, or at the time limit (then the
  /// plan may depend on the machine's speed, and says so).
  bool hitNodeBudget = false;
  bool hitTimeLimit = false;
  /// Bytes no plan can go below: the lower bound, raised past every
  /// capacity the exact search proved infeasible. Equals the planned bytes
  /// when `optimal`.
  uint64_t provenLowerBound = 0;

  /// The problem's figures, in bytes (planMemory): every buffer in an
  /// allocation of its own (computeNaiveBytes), the lower bound without
  /// the sharings and with them (each sharing tree counted once), and the
  /// peak of live bytes with the sharings and its step (computePeak).
  uint64_t naiveBytes = 0;
  uint64_t lowerBoundBytes = 0;
  uint64_t sharedLowerBoundBytes = 0;
  LivePeak peak;

  /// Sum of the pool sizes in bytes: the memory the plan needs.
  uint64_t getPlannedBytes() const;
};

/// The largest size or offset a plan may use, in bytes: what a signed 64-bit
/// `index` can address.
constexpr uint64_t kMaxPlanBytes = static_cast<uint64_t>(INT64_MAX);

/// Returns true if `alignment` (bytes) is a power of two, as plans require.
bool isValidAlignment(uint64_t alignment);

/// Returns `size` rounded up to a multiple of `alignment` (a power of two).
/// Returns std::nullopt if the result exceeds kMaxPlanBytes.
std::optional<uint64_t> getAlignedSize(uint64_t size, uint64_t alignment);

/// Aligned sizes of requests that passed validateRequests, in bytes.
std::vector<uint64_t> getAlignedSizes(llvm::ArrayRef<BufferRequest> requests,
                                      uint64_t alignment);

/// Checks that `alignment` is a power of two, every live range has
/// `start <= end`, and every aligned size fits in kMaxPlanBytes. The error
/// names the first offending request by index.
llvm::Error validateRequests(llvm::ArrayRef<BufferRequest> requests,
                             uint64_t alignment);

/// Sum of the aligned sizes: the memory of one allocation per buffer.
/// Saturates at UINT64_MAX. Requests must be valid.
uint64_t computeNaiveBytes(llvm::ArrayRef<BufferRequest> requests,
                           uint64_t alignment);

/// Computes the peak of live bytes by a sweep over the live-range
/// boundaries. O(n log n). Requests must be valid.
LivePeak computePeak(llvm::ArrayRef<BufferRequest> requests,
                     uint64_t alignment);

/// The lower bound of every plan: the largest sum of aligned sizes of the
/// buffers live at one step (peak live bytes, computePeak), saturating at
/// UINT64_MAX. O(n log n). Requests must be valid.
uint64_t computeLowerBound(llvm::ArrayRef<BufferRequest> requests,
                           uint64_t alignment);

/// Returns `plan` with its pools laid end to end in one pool, in pool order:
/// the same bytes, one address space (what MiniMalloc's CSV and any single
/// arena hold). Buffers keep their relative offsets.
MemoryPlan flattenPools(const MemoryPlan &plan);

/// A wall-clock deadline, or none.
using Deadline = std::optional<std::chrono::steady_clock::time_point>;

/// Returns true if `deadline` is set and has passed.
bool isPast(const Deadline &deadline);

/// Returns an error with `message`, for the planning library's diagnostics.
llvm::Error makePlanningError(const llvm::Twine &message);

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_PROBLEM_H
