//===- MemoryPlanner.cpp - static buffer assignment -----------------------===//
//
// Interference graph, lower bound, the best-fit and greedy-color planners,
// and the plan checker. See MemoryPlanner.h for the sources of the
// algorithms.
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/MemoryPlanner.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <map>
#include <numeric>

using namespace mini;
using namespace mini::planning;
using llvm::ArrayRef;

uint64_t MemoryPlan::getPlannedBytes() const {
  uint64_t total = 0;
  for (uint64_t size : poolSizes)
    total = llvm::SaturatingAdd(total, size);
  return total;
}

std::optional<Strategy> planning::parseStrategy(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<Strategy>>(name)
      .Case("best-fit", Strategy::BestFit)
      .Case("greedy-color", Strategy::GreedyColor)
      .Default(std::nullopt);
}

llvm::StringRef planning::stringifyStrategy(Strategy strategy) {
  switch (strategy) {
  case Strategy::BestFit:
    return "best-fit";
  case Strategy::GreedyColor:
    return "greedy-color";
  }
  llvm_unreachable("unknown strategy");
}

bool planning::isValidAlignment(uint64_t alignment) {
  return llvm::isPowerOf2_64(alignment);
}

std::optional<uint64_t> planning::getAlignedSize(uint64_t size,
                                                 uint64_t alignment) {
  if (size > kMaxPlanBytes - (alignment - 1))
    return std::nullopt;
  uint64_t aligned = llvm::alignTo(size, alignment);
  if (aligned > kMaxPlanBytes)
    return std::nullopt;
  return aligned;
}

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Error planning::validateRequests(ArrayRef<BufferRequest> requests,
                                       uint64_t alignment) {
  if (!isValidAlignment(alignment))
    return makeError("alignment must be a power of two, got " +
                     llvm::Twine(alignment));
  for (auto [i, request] : llvm::enumerate(requests)) {
    if (request.end < request.start)
      return makeError("buffer " + llvm::Twine(i) + ": live range [" +
                       llvm::Twine(request.start) + ", " +
                       llvm::Twine(request.end) + "] ends before it starts");
    if (!getAlignedSize(request.size, alignment))
      return makeError("buffer " + llvm::Twine(i) + ": size " +
                       llvm::Twine(request.size) + " bytes aligned to " +
                       llvm::Twine(alignment) + " exceeds 2^63 - 1 bytes");
  }
  return llvm::Error::success();
}

/// Aligned sizes of valid requests.
static std::vector<uint64_t> getAlignedSizes(ArrayRef<BufferRequest> requests,
                                             uint64_t alignment) {
  std::vector<uint64_t> sizes;
  sizes.reserve(requests.size());
  for (const BufferRequest &request : requests)
    sizes.push_back(*getAlignedSize(request.size, alignment));
  return sizes;
}

uint64_t planning::computeNaiveBytes(ArrayRef<BufferRequest> requests,
                                     uint64_t alignment) {
  uint64_t total = 0;
  for (uint64_t size : getAlignedSizes(requests, alignment))
    total = llvm::SaturatingAdd(total, size);
  return total;
}

uint64_t planning::computeLowerBound(ArrayRef<BufferRequest> requests,
                                     uint64_t alignment) {
  // Sweep over the live-range boundaries: +size at start, -size after end.
  // At equal steps the additions come first, since both ends are inclusive.
  std::vector<uint64_t> sizes = getAlignedSizes(requests, alignment);
  struct Event {
    int64_t step;
    bool isEnd;
    uint64_t size;
  };
  std::vector<Event> events;
  events.reserve(2 * requests.size());
  for (auto [i, request] : llvm::enumerate(requests)) {
    events.push_back({request.start, false, sizes[i]});
    events.push_back({request.end, true, sizes[i]});
  }
  llvm::sort(events, [](const Event &a, const Event &b) {
    return std::tie(a.step, a.isEnd) < std::tie(b.step, b.isEnd);
  });
  uint64_t live = 0, peak = 0;
  for (const Event &event : events) {
    if (event.isEnd) {
      live -= event.size;
      continue;
    }
    live = llvm::SaturatingAdd(live, event.size);
    peak = std::max(peak, live);
  }
  return peak;
}

//===----------------------------------------------------------------------===//
// Interference graph
//===----------------------------------------------------------------------===//

namespace {
/// Undirected interference graph of live ranges in compressed sparse rows:
/// the neighbors of buffer i are `edges[offsets[i] .. offsets[i + 1])`.
/// Zero-sized buffers interfere with nothing: they occupy no memory.
struct InterferenceGraph {
  std::vector<size_t> offsets;
  std::vector<unsigned> edges;

  ArrayRef<unsigned> getNeighbors(unsigned i) const {
    return ArrayRef<unsigned>(edges).slice(offsets[i],
                                           offsets[i + 1] - offsets[i]);
  }
};
} // namespace

/// Builds the graph with a sweep over live ranges sorted by start step.
static InterferenceGraph buildInterferenceGraph(ArrayRef<BufferRequest> requests,
                                                ArrayRef<uint64_t> sizes) {
  unsigned n = requests.size();
  std::vector<unsigned> byStart(n);
  std::iota(byStart.begin(), byStart.end(), 0u);
  llvm::stable_sort(byStart, [&](unsigned a, unsigned b) {
    return requests[a].start < requests[b].start;
  });
  std::vector<std::pair<unsigned, unsigned>> pairs;
  std::vector<unsigned> active;
  for (unsigned i : byStart) {
    if (sizes[i] == 0)
      continue;
    llvm::erase_if(active, [&](unsigned j) {
      return requests[j].end < requests[i].start;
    });
    for (unsigned j : active)
      pairs.emplace_back(std::min(i, j), std::max(i, j));
    active.push_back(i);
  }
  InterferenceGraph graph;
  graph.offsets.assign(n + 1, 0);
  for (auto [a, b] : pairs) {
    ++graph.offsets[a + 1];
    ++graph.offsets[b + 1];
  }
  for (unsigned i = 0; i < n; ++i)
    graph.offsets[i + 1] += graph.offsets[i];
  graph.edges.resize(graph.offsets[n]);
  std::vector<size_t> fill(graph.offsets.begin(), graph.offsets.end() - 1);
  for (auto [a, b] : pairs) {
    graph.edges[fill[a]++] = b;
    graph.edges[fill[b]++] = a;
  }
  // Sorted neighbor lists keep every later iteration deterministic.
  for (unsigned i = 0; i < n; ++i)
    std::sort(graph.edges.begin() + graph.offsets[i],
              graph.edges.begin() + graph.offsets[i + 1]);
  return graph;
}

/// Buffer indices by aligned size descending, then live-range length
/// descending (the longer-lived of two equal buffers constrains more; XLA's
/// heap simulator breaks ties the same way), then start step, then index.
static std::vector<unsigned> getSizeOrder(ArrayRef<BufferRequest> requests,
                                          ArrayRef<uint64_t> sizes) {
  std::vector<unsigned> order(requests.size());
  std::iota(order.begin(), order.end(), 0u);
  llvm::sort(order, [&](unsigned a, unsigned b) {
    if (sizes[a] != sizes[b])
      return sizes[a] > sizes[b];
    int64_t lengthA = requests[a].end - requests[a].start;
    int64_t lengthB = requests[b].end - requests[b].start;
    if (lengthA != lengthB)
      return lengthA > lengthB;
    if (requests[a].start != requests[b].start)
      return requests[a].start < requests[b].start;
    return a < b;
  });
  return order;
}

//===----------------------------------------------------------------------===//
// Planners
//===----------------------------------------------------------------------===//

static llvm::Expected<MemoryPlan> planBestFit(ArrayRef<BufferRequest> requests,
                                              ArrayRef<uint64_t> sizes) {
  InterferenceGraph graph = buildInterferenceGraph(requests, sizes);
  MemoryPlan plan;
  plan.placements.assign(requests.size(), BufferPlacement());
  llvm::BitVector placed(requests.size());
  uint64_t arenaSize = 0;
  std::vector<std::pair<uint64_t, uint64_t>> busy; // [offset, end) in bytes
  for (unsigned i : getSizeOrder(requests, sizes)) {
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

static llvm::Expected<MemoryPlan>
planGreedyColor(ArrayRef<BufferRequest> requests, ArrayRef<uint64_t> sizes) {
  InterferenceGraph graph = buildInterferenceGraph(requests, sizes);
  MemoryPlan plan;
  plan.placements.assign(requests.size(), BufferPlacement());
  constexpr unsigned kUncolored = ~0u;
  std::vector<unsigned> color(requests.size(), kUncolored);
  llvm::BitVector taken;
  for (unsigned i : getSizeOrder(requests, sizes)) {
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

llvm::Expected<MemoryPlan> planning::planMemory(ArrayRef<BufferRequest> requests,
                                                Strategy strategy,
                                                uint64_t alignment) {
  if (llvm::Error error = validateRequests(requests, alignment))
    return std::move(error);
  std::vector<uint64_t> sizes = getAlignedSizes(requests, alignment);
  switch (strategy) {
  case Strategy::BestFit:
    return planBestFit(requests, sizes);
  case Strategy::GreedyColor:
    return planGreedyColor(requests, sizes);
  }
  llvm_unreachable("unknown strategy");
}

//===----------------------------------------------------------------------===//
// Checker
//===----------------------------------------------------------------------===//

llvm::Error planning::verifyMemoryPlan(ArrayRef<BufferRequest> requests,
                                       const MemoryPlan &plan,
                                       uint64_t alignment) {
  if (llvm::Error error = validateRequests(requests, alignment))
    return error;
  if (plan.placements.size() != requests.size())
    return makeError("the plan places " + llvm::Twine(plan.placements.size()) +
                     " buffers, but there are " +
                     llvm::Twine(requests.size()));
  for (auto [p, size] : llvm::enumerate(plan.poolSizes))
    if (size % alignment != 0)
      return makeError("pool " + llvm::Twine(p) + " size " + llvm::Twine(size) +
                       " is not a multiple of the alignment " +
                       llvm::Twine(alignment));
  std::vector<uint64_t> sizes = getAlignedSizes(requests, alignment);
  for (auto [i, placement] : llvm::enumerate(plan.placements)) {
    if (placement.pool >= plan.poolSizes.size())
      return makeError("buffer " + llvm::Twine(i) + " is in pool " +
                       llvm::Twine(placement.pool) + ", but there are " +
                       llvm::Twine(plan.poolSizes.size()) + " pools");
    if (placement.offset % alignment != 0)
      return makeError("buffer " + llvm::Twine(i) + " offset " +
                       llvm::Twine(placement.offset) +
                       " is not a multiple of the alignment " +
                       llvm::Twine(alignment));
    uint64_t poolSize = plan.poolSizes[placement.pool];
    if (placement.offset > poolSize || sizes[i] > poolSize - placement.offset)
      return makeError("buffer " + llvm::Twine(i) + " at [" +
                       llvm::Twine(placement.offset) + ", +" +
                       llvm::Twine(sizes[i]) + ") overflows pool " +
                       llvm::Twine(placement.pool) + " of " +
                       llvm::Twine(poolSize) + " bytes");
  }

  // Sweep the steps; per pool, keep the live buffers ordered by offset and
  // check each newcomer against its neighbors in that order.
  struct Event {
    int64_t step;
    bool isRemoval; // removals at step s + 1 come before additions at s + 1
    unsigned buffer;
  };
  std::vector<Event> events;
  for (auto [i, request] : llvm::enumerate(requests)) {
    if (sizes[i] == 0)
      continue;
    events.push_back({request.start, false, static_cast<unsigned>(i)});
    events.push_back({request.end + 1, true, static_cast<unsigned>(i)});
  }
  llvm::sort(events, [](const Event &a, const Event &b) {
    if (a.step != b.step)
      return a.step < b.step;
    if (a.isRemoval != b.isRemoval)
      return a.isRemoval;
    return a.buffer < b.buffer;
  });
  // pool -> (offset -> buffer); offsets are unique among live buffers of a
  // pool when the plan is valid, so a collision is itself an overlap.
  std::vector<std::map<uint64_t, unsigned>> live(plan.poolSizes.size());
  auto describe = [&](unsigned b) {
    return "buffer " + std::to_string(b) + " (bytes [" +
           std::to_string(plan.placements[b].offset) + ", " +
           std::to_string(plan.placements[b].offset + sizes[b]) +
           "), steps [" + std::to_string(requests[b].start) + ", " +
           std::to_string(requests[b].end) + "])";
  };
  for (const Event &event : events) {
    unsigned b = event.buffer;
    const BufferPlacement &placement = plan.placements[b];
    std::map<uint64_t, unsigned> &pool = live[placement.pool];
    if (event.isRemoval) {
      pool.erase(placement.offset);
      continue;
    }
    auto next = pool.lower_bound(placement.offset);
    if (next != pool.end() && next->first < placement.offset + sizes[b])
      return makeError(describe(b) + " overlaps " + describe(next->second) +
                       " in pool " + std::to_string(placement.pool));
    if (next != pool.begin()) {
      auto prev = std::prev(next);
      if (prev->first + sizes[prev->second] > placement.offset)
        return makeError(describe(b) + " overlaps " + describe(prev->second) +
                         " in pool " + std::to_string(placement.pool));
    }
    pool.emplace(placement.offset, b);
  }
  return llvm::Error::success();
}
