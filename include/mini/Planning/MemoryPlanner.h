//===- MemoryPlanner.h - static buffer assignment -----------------*- C++ -*-===//
//
// The planning library: sizes and live ranges in, pools and offsets out. It
// knows nothing of MLIR; the `--plan-memory` pass feeds it from the buffer
// liveness analysis and rewrites the IR from its answer.
//
// Terms: a buffer is live on the program steps [start, end] (both inclusive);
// two buffers interfere when their live ranges share a step; a pool (arena)
// is one contiguous allocation; a plan gives every buffer a pool and a byte
// offset in it such that no two interfering buffers overlap in memory. The
// lower bound of any plan is the peak live bytes: the largest sum of aligned
// sizes live at one step.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_MEMORYPLANNER_H
#define MINI_PLANNING_MEMORYPLANNER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

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

/// A declared sharing: buffer `buffer` lives inside the memory of buffer
/// `host`, `offset` bytes (a multiple of the alignment) from its start, so
/// the two may overlap in memory while both are live. Sharings form a forest:
/// a buffer has at most one host and no buffer is its own ancestor. Two
/// kinds come from the IR (see mini/Analysis/BufferSharing.h):
/// - in-place reuse: an elementwise op writes its result over an operand
///   that dies at the op (offset 0, equal sizes); TFLite's in-place
///   operators, XLA's `CanShareBuffer`;
/// - a concat operand written straight into its slice of the result (the
///   slice's byte offset).
/// A sharing tree is planned as one buffer: its root's size, live from the
/// first start to the last end of its members.
struct BufferSharing {
  unsigned buffer = 0;
  unsigned host = 0;
  uint64_t offset = 0;
};

/// Where a buffer lives: pool index and byte offset from the pool's start.
struct BufferPlacement {
  unsigned pool = 0;
  uint64_t offset = 0;
};

/// Buffer-assignment algorithms. The arena strategies (all but
/// greedy-color) place buffers one by one, in an order, into one arena: each
/// buffer goes into a gap among the already placed buffers whose live ranges
/// overlap it, or above them all.
enum class Strategy {
  /// By aligned size, descending (ties: longer live range first, then
  /// earlier start, then request order), into the smallest gap that fits.
  /// TFLite's ArenaPlanner and XLA's heap simulator with its spatial
  /// (size) order; "greedy by size" of Pisarchyk and Lee, "Efficient Memory
  /// Management for Deep Neural Net Inference", 2020.
  BestFit,
  /// The best-fit order, into the lowest gap that fits: TFLite Micro's
  /// GreedyMemoryPlanner.
  FirstFit,
  /// By live-range length, descending (ties: larger first, then earlier
  /// start, then request order), into the smallest gap that fits: XLA's
  /// heap simulator with its temporal order.
  BestFitByLength,
  /// By the number of interfering buffers, descending (ties: the best-fit
  /// order), into the lowest gap that fits: TVM USMP's greedy_by_conflicts.
  GreedyConflicts,
  /// The seeds' algorithm: the interference graph of live ranges colored
  /// greedily, buffers in the best-fit order, each taking the lowest
  /// color none of its colored neighbors has. A color is a pool as large as
  /// its largest member, and every member sits at offset 0.
  GreedyColor,
  /// Every strategy above; the plan with the fewest bytes (ties: the
  /// earlier strategy in this list). When that is above the lower bound, an
  /// exact search in the style of MiniMalloc (Moffitt, "MiniMalloc: A
  /// Lightweight Memory Allocator for Hardware-Accelerated Machine Learning",
  /// ASPLOS 2023) improves it: depth-first over canonical solutions (buffers
  /// placed in order of offset, each resting on the skyline of the buffers
  /// placed before it; buffers at one offset by start), identical buffers
  /// tried once, and a branch pruned as
  /// soon as the skyline plus the unplaced bytes live at some step exceeds
  /// the capacity being tried. Capacities between the lower bound and the
  /// best plan are tried by bisection; the plan is optimal when the search
  /// reaches the lower bound or proves the next smaller capacity infeasible.
  Auto,
};

/// Returns the strategy named `name` (`best-fit`, `first-fit`,
/// `best-fit-by-length`, `greedy-conflicts`, `greedy-color`, `auto`), if any.
std::optional<Strategy> parseStrategy(llvm::StringRef name);
/// Returns the option spelling of `strategy`.
llvm::StringRef stringifyStrategy(Strategy strategy);
/// The spellings of every strategy, for diagnostics: "best-fit, first-fit,
/// ...".
llvm::StringRef getStrategyNames();

/// The answer of a planner: the pools, and one placement per request, in the
/// order of the requests.
struct MemoryPlan {
  /// Size of every pool in bytes; each a multiple of the alignment.
  llvm::SmallVector<uint64_t, 4> poolSizes;
  /// `placements[i]` places request i.
  std::vector<BufferPlacement> placements;

  /// The strategy that produced the plan (for `auto`, the one it chose).
  Strategy strategy = Strategy::BestFit;
  /// True when the plan is proven optimal: its bytes equal the lower bound,
  /// or the exact search proved that no smaller plan exists.
  bool optimal = false;
  /// Nodes the exact search (auto) expanded; 0 if it did not run.
  uint64_t searchSteps = 0;
  /// The search stopped at its step budget or at the wall-clock safety net.
  bool hitStepBudget = false;
  bool hitTimeLimit = false;

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

/// Checks that `alignment` is a power of two, every live range has
/// `start <= end`, and every aligned size fits in kMaxPlanBytes. The error
/// names the first offending request by index.
llvm::Error validateRequests(llvm::ArrayRef<BufferRequest> requests,
                             uint64_t alignment);

/// Sum of the aligned sizes: the memory of one allocation per buffer.
/// Saturates at UINT64_MAX. Requests must be valid.
uint64_t computeNaiveBytes(llvm::ArrayRef<BufferRequest> requests,
                           uint64_t alignment);

/// The lower bound of every plan: the largest sum of aligned sizes of the
/// buffers live at one step (peak live bytes). With sharings, the lower
/// bound of plans that honor them: each sharing tree counts as one buffer
/// (see BufferSharing). Requests and sharings must be valid.
uint64_t computeLowerBound(llvm::ArrayRef<BufferRequest> requests,
                           uint64_t alignment,
                           llvm::ArrayRef<BufferSharing> sharings = {});

/// Checks that every sharing names two distinct requests, that no buffer has
/// two hosts or is its own ancestor, and that every buffer fits in its host
/// at an offset that is a multiple of `alignment`:
/// `offset + alignedSize(buffer) <= alignedSize(host)`. The error names the
/// first offending sharing by index. Requests must be valid.
llvm::Error validateSharings(llvm::ArrayRef<BufferRequest> requests,
                             llvm::ArrayRef<BufferSharing> sharings,
                             uint64_t alignment);

/// Chooses, among candidate sharings in the given order, those to apply: a
/// candidate is taken when it is valid together with those taken before
/// (see validateSharings) and does not raise the lower bound. Merging a
/// buffer into its host's tree keeps the tree's memory from the first start
/// to the last end of both, which can raise the peak before the host is
/// born (a concat result held from its first operand on); in-place reuse of
/// a buffer whose live range touches its host's never does. Runs in
/// O(n log n) plus the length in steps of the live ranges merged.
///
/// A candidate whose buffer already lives in a host at offset 0 with the
/// same size (the result of an in-place chain) moves the root of its tree
/// instead: the sharing returned names that root. `taken`, if given,
/// receives the indices of the candidates taken, in order.
llvm::SmallVector<BufferSharing>
selectSharings(llvm::ArrayRef<BufferRequest> requests,
               llvm::ArrayRef<BufferSharing> candidates, uint64_t alignment,
               llvm::SmallVectorImpl<unsigned> *taken = nullptr);

/// Limits and goals of the exact search of `Strategy::Auto`.
struct SearchOptions {
  /// Search nodes over all capacities tried; the search is deterministic
  /// within this budget.
  uint64_t maxSteps = 200000;
  /// Wall-clock safety net in milliseconds (0: none); when it is hit, the
  /// plan may depend on the machine, and the plan says so.
  uint64_t timeLimitMs = 1000;
  /// With a capacity (bytes), the decision problem: a plan within it or an
  /// error that says whether none exists or none was found.
  std::optional<uint64_t> capacity;
};

/// Plans `requests` with `strategy`; every pool size and offset is a
/// multiple of `alignment` (bytes, a power of two). Deterministic: the same
/// requests give the same plan. Errors: invalid requests (see
/// validateRequests) and plans that would exceed kMaxPlanBytes.
/// The arena strategies run in O(n log n + P log P) for n buffers and P
/// interfering pairs; greedy-color in O(n log n + P + n * colors); auto runs
/// them all. `optimal` is set when the plan's bytes equal the lower bound.
/// With a `search.capacity`, every strategy errs when its plan does not fit:
/// "no plan within C bytes exists" when the lower bound or the exhausted
/// search (auto) proves it, "no plan within C bytes found" otherwise.
/// With `sharings` (validated by validateSharings), each sharing tree is
/// planned as one buffer and its members are placed at their declared
/// offsets; `optimal` is then relative to the lower bound with sharings.
llvm::Expected<MemoryPlan>
planMemory(llvm::ArrayRef<BufferRequest> requests, Strategy strategy,
           uint64_t alignment, const SearchOptions &search = {},
           llvm::ArrayRef<BufferSharing> sharings = {});

/// The checker: verifies that `plan` places every request once, inside its
/// pool, at an offset that is a multiple of `alignment`, that every pool
/// size is a multiple of `alignment`, and that no two buffers live at one
/// step overlap in memory. It shares no code with the planners. The error
/// names the first violation (buffer indices, steps and byte ranges).
/// With `sharings`, every shared buffer must sit in its host's pool at the
/// host's offset plus the declared one, and two live buffers may overlap
/// only when one is an ancestor of the other in the sharing forest; every
/// other overlap is still an error.
llvm::Error verifyMemoryPlan(llvm::ArrayRef<BufferRequest> requests,
                             const MemoryPlan &plan, uint64_t alignment,
                             llvm::ArrayRef<BufferSharing> sharings = {});

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_MEMORYPLANNER_H
