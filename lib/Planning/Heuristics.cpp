//===- Heuristics.cpp - greedy strategies ---------------------------------===//
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/Heuristics.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <numeric>
#include <queue>

using namespace mini;
using namespace mini::planning;
using llvm::ArrayRef;

/// How many buffers the loops place between two looks at the clock.
static constexpr unsigned kClockInterval = 4096;

static llvm::Error makeError(const llvm::Twine &message) {
  return makePlanningError(message);
}

/// Which gap an arena strategy takes.
enum class GapChoice { Smallest, Lowest };

/// Places the buffers one by one in `order` into one arena, each in a gap
/// among its placed neighbors in `graph`.
static llvm::Expected<std::optional<MemoryPlan>>
planArena(ArrayRef<BufferRequest> requests, ArrayRef<uint64_t> sizes,
          const InterferenceGraph &graph, ArrayRef<unsigned> order,
          GapChoice choice, const Deadline &deadline) {
  MemoryPlan plan;
  plan.placements.assign(requests.size(), BufferPlacement());
  llvm::BitVector placed(requests.size());
  uint64_t arenaSize = 0;
  std::vector<std::pair<uint64_t, uint64_t>> busy; // [offset, end) in bytes
  for (auto [k, i] : llvm::enumerate(order)) {
    if (k % kClockInterval == 0 && isPast(deadline))
      return std::nullopt;
    placed.set(i);
    if (sizes[i] == 0)
      continue;
    busy.clear();
    for (unsigned j : graph.getNeighbors(i))
      if (placed.test(j) && sizes[j] != 0)
        busy.emplace_back(plan.placements[j].offset,
                          plan.placements[j].offset + sizes[j]);
    llvm::sort(busy);
    // Scan the gaps between the busy ranges; keep the smallest that fits.
    uint64_t candidate = 0;
    std::optional<uint64_t> best;
    uint64_t bestGap = UINT64_MAX;
    for (auto [begin, end] : busy) {
      if (begin >= candidate) {
        uint64_t gap = begin - candidate;
        if (gap >= sizes[i] && gap < bestGap) {
          best = candidate;
          bestGap = gap;
          if (choice == GapChoice::Lowest)
            break;
        }
      }
      candidate = std::max(candidate, end);
    }
    uint64_t offset = best.value_or(candidate);
    if (offset > kMaxPlanBytes - sizes[i])
      return makeError("the arena would exceed 2^63 - 1 bytes");
    plan.placements[i].offset = offset;
    arenaSize = std::max(arenaSize, offset + sizes[i]);
  }
  // No buffers, no arena.
  if (!requests.empty())
    plan.poolSizes.push_back(arenaSize);
  return plan;
}

static llvm::Expected<std::optional<MemoryPlan>>
planGreedyColor(ArrayRef<BufferRequest> requests, ArrayRef<uint64_t> sizes,
                const InterferenceGraph &graph, const Deadline &deadline) {
  MemoryPlan plan;
  plan.placements.assign(requests.size(), BufferPlacement());
  constexpr unsigned kUncolored = ~0u;
  std::vector<unsigned> color(requests.size(), kUncolored);
  llvm::BitVector taken;
  for (auto [k, i] : llvm::enumerate(getSizeOrder(requests, sizes))) {
    if (k % kClockInterval == 0 && isPast(deadline))
      return std::nullopt;
    taken.clear();
    taken.resize(plan.poolSizes.size() + 1);
    for (unsigned j : graph.getNeighbors(i))
      if (color[j] != kUncolored)
        taken.set(color[j]);
    unsigned c = taken.find_first_unset();
    if (c == plan.poolSizes.size())
      plan.poolSizes.push_back(0);
    color[i] = c;
    plan.placements[i] = {c, 0};
    plan.poolSizes[c] = std::max(plan.poolSizes[c], sizes[i]);
  }
  if (plan.getPlannedBytes() > kMaxPlanBytes)
    return makeError("the pools would exceed 2^63 - 1 bytes in total");
  return plan;
}

/// The online packing: buffers by start step, each into the lowest gap
/// among the buffers live at its start, kept in an offset-ordered map.
static llvm::Expected<std::optional<MemoryPlan>>
planFirstFitByStart(ArrayRef<BufferRequest> requests, ArrayRef<uint64_t> sizes,
                    const Deadline &deadline) {
  unsigned n = requests.size();
  std::vector<unsigned> order(n);
  std::iota(order.begin(), order.end(), 0u);
  llvm::sort(order, [&](unsigned a, unsigned b) {
    if (requests[a].start != requests[b].start)
      return requests[a].start < requests[b].start;
    if (sizes[a] != sizes[b])
      return sizes[a] > sizes[b];
    return a < b;
  });
  // The live buffers as (offset, end offset), sorted: a flat vector, since
  // a program has few buffers live at once and a map's nodes cost more than
  // shifting them; and a min-heap of (end step, buffer) to free them.
  std::vector<std::pair<uint64_t, uint64_t>> live;
  std::priority_queue<std::pair<int64_t, unsigned>,
                      std::vector<std::pair<int64_t, unsigned>>, std::greater<>>
      ends;
  MemoryPlan plan;
  plan.placements.assign(n, BufferPlacement());
  uint64_t arenaSize = 0;
  for (auto [k, i] : llvm::enumerate(order)) {
    if (k % kClockInterval == 0 && isPast(deadline))
      return std::nullopt;
    if (sizes[i] == 0)
      continue;
    while (!ends.empty() && ends.top().first < requests[i].start) {
      uint64_t freed = plan.placements[ends.top().second].offset;
      live.erase(llvm::lower_bound(live, std::make_pair(freed, uint64_t(0))));
      ends.pop();
    }
    uint64_t offset = 0;
    auto at = live.begin();
    for (; at != live.end(); ++at) {
      if (at->first >= offset && at->first - offset >= sizes[i])
        break;
      offset = std::max(offset, at->second);
    }
    if (offset > kMaxPlanBytes - sizes[i])
      return makeError("the arena would exceed 2^63 - 1 bytes");
    plan.placements[i].offset = offset;
    live.insert(at, {offset, offset + sizes[i]});
    ends.push({requests[i].end, i});
    arenaSize = std::max(arenaSize, offset + sizes[i]);
  }
  if (n != 0)
    plan.poolSizes.push_back(arenaSize);
  return plan;
}

bool planning::needsInterferenceGraph(Strategy strategy) {
  return strategy != Strategy::FirstFitByStart && strategy != Strategy::Auto;
}

llvm::Expected<std::optional<MemoryPlan>>
planning::planHeuristic(ArrayRef<BufferRequest> requests,
                        ArrayRef<uint64_t> sizes,
                        const InterferenceGraph *graph, Strategy strategy,
                        const Deadline &deadline) {
  assert((graph || !needsInterferenceGraph(strategy)) &&
         "this strategy needs the interference graph");
  llvm::Expected<std::optional<MemoryPlan>> plan =
      [&]() -> llvm::Expected<std::optional<MemoryPlan>> {
    switch (strategy) {
    case Strategy::BestFit:
      return planArena(requests, sizes, *graph, getSizeOrder(requests, sizes),
                       GapChoice::Smallest, deadline);
    case Strategy::FirstFit:
      return planArena(requests, sizes, *graph, getSizeOrder(requests, sizes),
                       GapChoice::Lowest, deadline);
    case Strategy::BestFitByLength:
      return planArena(requests, sizes, *graph, getLengthOrder(requests, sizes),
                       GapChoice::Smallest, deadline);
    case Strategy::GreedyConflicts:
      return planArena(requests, sizes, *graph,
                       getConflictOrder(requests, sizes, *graph),
                       GapChoice::Lowest, deadline);
    case Strategy::FirstFitByStart:
      return planFirstFitByStart(requests, sizes, deadline);
    case Strategy::GreedyColor:
      return planGreedyColor(requests, sizes, *graph, deadline);
    case Strategy::Auto:
      break;
    }
    llvm_unreachable("auto is not a heuristic");
  }();
  if (plan && *plan)
    (*plan)->strategy = strategy;
  return plan;
}
