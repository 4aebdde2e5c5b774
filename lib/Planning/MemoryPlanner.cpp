//===- MemoryPlanner.cpp - static buffer assignment -----------------------===//
//
// Interference graph, lower bound, the best-fit and greedy-color planners,
// and the plan checker. See MemoryPlanner.h for the sources of the
// algorithms.
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/MemoryPlanner.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <chrono>
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
      .Case("first-fit", Strategy::FirstFit)
      .Case("best-fit-by-length", Strategy::BestFitByLength)
      .Case("greedy-conflicts", Strategy::GreedyConflicts)
      .Case("greedy-color", Strategy::GreedyColor)
      .Case("auto", Strategy::Auto)
      .Default(std::nullopt);
}

llvm::StringRef planning::stringifyStrategy(Strategy strategy) {
  switch (strategy) {
  case Strategy::BestFit:
    return "best-fit";
  case Strategy::FirstFit:
    return "first-fit";
  case Strategy::BestFitByLength:
    return "best-fit-by-length";
  case Strategy::GreedyConflicts:
    return "greedy-conflicts";
  case Strategy::GreedyColor:
    return "greedy-color";
  case Strategy::Auto:
    return "auto";
  }
  llvm_unreachable("unknown strategy");
}

llvm::StringRef planning::getStrategyNames() {
  return "best-fit, first-fit, best-fit-by-length, greedy-conflicts, "
         "greedy-color or auto";
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

//===----------------------------------------------------------------------===//
// Sharings
//===----------------------------------------------------------------------===//

namespace {
/// The sharing forest of valid sharings: every buffer's root (itself when
/// unshared) and its byte offset in the root's memory.
struct SharingForest {
  std::vector<unsigned> root;
  std::vector<uint64_t> rootOffset;
  /// The roots, in increasing index order; `treeOf[b]` indexes it.
  std::vector<unsigned> roots;
  std::vector<unsigned> treeOf;
};
} // namespace

/// Builds the forest of sharings already validated (no cycles).
static SharingForest buildSharingForest(size_t numBuffers,
                                        ArrayRef<BufferSharing> sharings) {
  std::vector<int64_t> host(numBuffers, -1);
  std::vector<uint64_t> offset(numBuffers, 0);
  for (const BufferSharing &sharing : sharings) {
    host[sharing.buffer] = sharing.host;
    offset[sharing.buffer] = sharing.offset;
  }
  SharingForest forest;
  forest.root.assign(numBuffers, 0);
  forest.rootOffset.assign(numBuffers, 0);
  std::vector<bool> done(numBuffers, false);
  std::vector<unsigned> chain;
  for (unsigned b = 0; b < numBuffers; ++b) {
    // Walk up to a resolved buffer or a root, then resolve the chain down;
    // iterative, since in-place chains can be as long as the program.
    chain.clear();
    unsigned top = b;
    while (!done[top] && host[top] >= 0) {
      chain.push_back(top);
      top = host[top];
    }
    if (!done[top]) {
      forest.root[top] = top;
      done[top] = true;
    }
    for (unsigned member : llvm::reverse(chain)) {
      unsigned up = host[member];
      forest.root[member] = forest.root[up];
      forest.rootOffset[member] = forest.rootOffset[up] + offset[member];
      done[member] = true;
    }
  }
  forest.treeOf.assign(numBuffers, 0);
  for (unsigned b = 0; b < numBuffers; ++b)
    if (forest.root[b] == b) {
      forest.treeOf[b] = forest.roots.size();
      forest.roots.push_back(b);
    }
  for (unsigned b = 0; b < numBuffers; ++b)
    forest.treeOf[b] = forest.treeOf[forest.root[b]];
  return forest;
}

/// One request per sharing tree: the root's size, live from the first start
/// to the last end of the members.
static std::vector<BufferRequest>
getTreeRequests(ArrayRef<BufferRequest> requests, const SharingForest &forest) {
  std::vector<BufferRequest> trees;
  trees.reserve(forest.roots.size());
  for (unsigned root : forest.roots)
    trees.push_back(requests[root]);
  for (auto [b, request] : llvm::enumerate(requests)) {
    BufferRequest &tree = trees[forest.treeOf[b]];
    tree.start = std::min(tree.start, request.start);
    tree.end = std::max(tree.end, request.end);
  }
  return trees;
}

llvm::Error planning::validateSharings(ArrayRef<BufferRequest> requests,
                                       ArrayRef<BufferSharing> sharings,
                                       uint64_t alignment) {
  size_t n = requests.size();
  std::vector<int64_t> host(n, -1);
  for (auto [i, sharing] : llvm::enumerate(sharings)) {
    auto fail = [&, i = i](const llvm::Twine &why) {
      return makeError("sharing " + llvm::Twine(i) + " (buffer " +
                       llvm::Twine(sharing.buffer) + " in buffer " +
                       llvm::Twine(sharing.host) + " at offset " +
                       llvm::Twine(sharing.offset) + "): " + why);
    };
    if (sharing.buffer >= n || sharing.host >= n)
      return fail("there are " + llvm::Twine(n) + " buffers");
    if (sharing.buffer == sharing.host)
      return fail("a buffer cannot host itself");
    if (host[sharing.buffer] >= 0)
      return fail("the buffer already lives in buffer " +
                  llvm::Twine(host[sharing.buffer]));
    if (sharing.offset % alignment != 0)
      return fail("the offset is not a multiple of the alignment " +
                  llvm::Twine(alignment));
    uint64_t size = *getAlignedSize(requests[sharing.buffer].size, alignment);
    uint64_t hostSize = *getAlignedSize(requests[sharing.host].size, alignment);
    if (sharing.offset > hostSize || size > hostSize - sharing.offset)
      return fail(llvm::Twine(size) + " bytes do not fit in the host's " +
                  llvm::Twine(hostSize));
    host[sharing.buffer] = sharing.host;
  }
  // Cycles: follow each chain, marking the buffers of the walk in progress.
  std::vector<uint8_t> state(n, 0); // 0 new, 1 on the current walk, 2 done
  std::vector<unsigned> path;
  for (unsigned b = 0; b < n; ++b) {
    path.clear();
    for (unsigned walk = b; state[walk] == 0;) {
      state[walk] = 1;
      path.push_back(walk);
      if (host[walk] < 0)
        break;
      walk = host[walk];
      if (state[walk] == 1)
        return makeError("buffer " + llvm::Twine(walk) +
                         " is its own ancestor in the sharings");
    }
    for (unsigned walk : path)
      state[walk] = 2;
  }
  return llvm::Error::success();
}

llvm::SmallVector<BufferSharing>
planning::selectSharings(ArrayRef<BufferRequest> requests,
                         ArrayRef<BufferSharing> candidates,
                         uint64_t alignment,
                         llvm::SmallVectorImpl<unsigned> *takenIndices) {
  llvm::SmallVector<BufferSharing> taken;
  size_t n = requests.size();
  if (n == 0 || candidates.empty())
    return taken;
  std::vector<uint64_t> sizes = getAlignedSizes(requests, alignment);
  // Live bytes per step, on the steps where a live range starts or ends
  // (the peak is always at one of them).
  std::vector<int64_t> steps;
  for (const BufferRequest &request : requests) {
    steps.push_back(request.start);
    steps.push_back(request.end);
  }
  llvm::sort(steps);
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
  auto slotOf = [&](int64_t step) {
    return static_cast<size_t>(llvm::lower_bound(steps, step) - steps.begin());
  };
  std::vector<uint64_t> live(steps.size() + 1, 0);
  for (auto [b, request] : llvm::enumerate(requests)) {
    live[slotOf(request.start)] += sizes[b];
    live[slotOf(request.end) + 1] -= sizes[b];
  }
  uint64_t peak = 0;
  for (size_t s = 0; s < steps.size(); ++s) {
    if (s > 0)
      live[s] += live[s - 1];
    peak = std::max(peak, live[s]);
  }

  // The forest so far: hosts, roots, tree members and slot ranges.
  std::vector<int64_t> host(n, -1);
  std::vector<unsigned> root(n);
  std::vector<uint64_t> rootOffset(n, 0);
  std::vector<std::vector<unsigned>> members(n);
  std::vector<size_t> first(n), last(n);
  for (unsigned b = 0; b < n; ++b) {
    root[b] = b;
    members[b] = {b};
    first[b] = slotOf(requests[b].start);
    last[b] = slotOf(requests[b].end);
  }
  for (auto [index, candidate] : llvm::enumerate(candidates)) {
    if (candidate.buffer >= n || candidate.host >= n ||
        candidate.offset % alignment != 0)
      continue;
    // The buffer, or the root of its tree when the buffer covers that root
    // exactly; the root has no host.
    unsigned b = root[candidate.buffer];
    if (rootOffset[candidate.buffer] != 0 || sizes[b] != sizes[candidate.buffer])
      continue;
    unsigned r = root[candidate.host];
    if (r == b || candidate.offset > sizes[candidate.host] ||
        sizes[b] > sizes[candidate.host] - candidate.offset)
      continue;
    // b is a root (it has no host); its tree joins r's. The tree of r is
    // then live over the hull of both: r's size is added where r's tree
    // was not live, and b's size removed where b's tree was.
    size_t lo = std::min(first[b], first[r]), hi = std::max(last[b], last[r]);
    auto delta = [&](size_t s) {
      int64_t d = 0;
      if (s < first[r] || s > last[r])
        d += sizes[r];
      if (s >= first[b] && s <= last[b])
        d -= sizes[b];
      return d;
    };
    bool raisesPeak = false;
    for (size_t s = lo; s < first[r] && !raisesPeak; ++s)
      raisesPeak = static_cast<int64_t>(live[s]) + delta(s) >
                   static_cast<int64_t>(peak);
    for (size_t s = last[r] + 1; s <= hi && !raisesPeak; ++s)
      raisesPeak = static_cast<int64_t>(live[s]) + delta(s) >
                   static_cast<int64_t>(peak);
    if (raisesPeak)
      continue;
    for (size_t s = lo; s < first[r]; ++s)
      live[s] += delta(s);
    for (size_t s = last[r] + 1; s <= hi; ++s)
      live[s] += delta(s);
    for (size_t s = std::max(first[b], first[r]);
         s <= std::min(last[b], last[r]); ++s)
      live[s] -= sizes[b];
    uint64_t base = rootOffset[candidate.host] + candidate.offset;
    for (unsigned member : members[b]) {
      root[member] = r;
      rootOffset[member] += base;
      members[r].push_back(member);
    }
    members[b].clear();
    members[b].shrink_to_fit();
    first[r] = lo;
    last[r] = hi;
    host[b] = candidate.host;
    taken.push_back({b, candidate.host, candidate.offset});
    if (takenIndices)
      takenIndices->push_back(index);
  }
  return taken;
}

uint64_t planning::computeLowerBound(ArrayRef<BufferRequest> requests,
                                     uint64_t alignment,
                                     ArrayRef<BufferSharing> sharings) {
  if (!sharings.empty())
    return computeLowerBound(
        getTreeRequests(requests,
                        buildSharingForest(requests.size(), sharings)),
        alignment);
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

/// Live-range length order, descending, then the size order: XLA's temporal
/// order.
static std::vector<unsigned> getLengthOrder(ArrayRef<BufferRequest> requests,
                                            ArrayRef<uint64_t> sizes) {
  std::vector<unsigned> order = getSizeOrder(requests, sizes);
  llvm::stable_sort(order, [&](unsigned a, unsigned b) {
    return requests[a].end - requests[a].start >
           requests[b].end - requests[b].start;
  });
  return order;
}

/// Interference degree order, descending, then the size order: TVM USMP's
/// greedy_by_conflicts.
static std::vector<unsigned>
getConflictOrder(ArrayRef<BufferRequest> requests, ArrayRef<uint64_t> sizes,
                 const InterferenceGraph &graph) {
  std::vector<unsigned> order = getSizeOrder(requests, sizes);
  llvm::stable_sort(order, [&](unsigned a, unsigned b) {
    return graph.getNeighbors(a).size() > graph.getNeighbors(b).size();
  });
  return order;
}

/// Which gap an arena strategy takes.
enum class GapChoice { Smallest, Lowest };

/// Places the buffers one by one in `order` into one arena, each in a gap
/// among its placed neighbors in `graph`.
static llvm::Expected<MemoryPlan> planArena(ArrayRef<BufferRequest> requests,
                                            ArrayRef<uint64_t> sizes,
                                            const InterferenceGraph &graph,
                                            ArrayRef<unsigned> order,
                                            GapChoice choice) {
  MemoryPlan plan;
  plan.placements.assign(requests.size(), BufferPlacement());
  llvm::BitVector placed(requests.size());
  uint64_t arenaSize = 0;
  std::vector<std::pair<uint64_t, uint64_t>> busy; // [offset, end) in bytes
  for (unsigned i : order) {
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

static llvm::Expected<MemoryPlan>
planGreedyColor(ArrayRef<BufferRequest> requests, ArrayRef<uint64_t> sizes,
                const InterferenceGraph &graph) {
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

//===----------------------------------------------------------------------===//
// Exact search (auto)
//===----------------------------------------------------------------------===//

namespace {

/// Depth-first search over canonical solutions, after MiniMalloc (Moffitt,
/// ASPLOS 2023): buffers are placed in nondecreasing offset order, each at
/// the highest top of the placed buffers it interferes with (the skyline
/// over its live range). Every plan can be pushed down into such a form
/// without growing, so the search is complete. Steps are compressed to the
/// segments between distinct live-range boundaries.
class ExactSearch {
public:
  enum class Result { Found, Infeasible, Stopped };

  ExactSearch(ArrayRef<BufferRequest> requests, ArrayRef<uint64_t> sizes,
              uint64_t unit, uint64_t maxSteps,
              std::chrono::steady_clock::time_point deadline, bool hasDeadline)
      : sizes(sizes), unit(unit), maxSteps(maxSteps), deadline(deadline),
        hasDeadline(hasDeadline) {
    std::vector<int64_t> bounds;
    for (const BufferRequest &r : requests) {
      bounds.push_back(r.start);
      bounds.push_back(r.end + 1);
    }
    llvm::sort(bounds);
    bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
    auto index = [&](int64_t step) {
      return static_cast<unsigned>(llvm::lower_bound(bounds, step) -
                                   bounds.begin());
    };
    for (const BufferRequest &r : requests) {
      first.push_back(index(r.start));
      last.push_back(index(r.end + 1));
    }
    numSegments = bounds.empty() ? 0 : bounds.size() - 1;
  }

  /// Searches for a plan whose arena is at most `capacity` bytes, for at
  /// most `runSteps` nodes. `restart` > 0 breaks ties among candidates of
  /// one offset and start by a hash of (buffer, restart) instead of size.
  Result run(uint64_t capacity, std::vector<uint64_t> &offsets,
             unsigned restart = 0, uint64_t runSteps = UINT64_MAX) {
    this->capacity = capacity;
    this->restart = restart;
    runEnd = runSteps > UINT64_MAX - steps ? UINT64_MAX : steps + runSteps;
    unsigned n = sizes.size();
    skyline.assign(numSegments, 0);
    remaining.assign(numSegments, 0);
    placed.assign(n, false);
    offset.assign(n, 0);
    unsigned toPlace = 0;
    for (unsigned i = 0; i < n; ++i) {
      if (sizes[i] == 0) {
        placed[i] = true;
        continue;
      }
      if (sizes[i] > capacity)
        return Result::Infeasible;
      ++toPlace;
      for (unsigned t = first[i]; t < last[i]; ++t)
        remaining[t] += sizes[i];
    }
    Result result = search(0, {0, 0}, toPlace);
    if (result == Result::Found)
      offsets = offset;
    return result;
  }

  uint64_t getSteps() const { return steps; }
  bool hitStepBudget() const { return stepBudgetHit; }
  bool hitTimeLimit() const { return timeLimitHit; }

private:
  /// `lastOffset` and `lastKey` (first segment, index + 1; {0, 0} before
  /// any) describe the buffer placed last: buffers at one offset are
  /// disjoint in time and commute, so they are placed by increasing key.
  Result search(uint64_t lastOffset, std::pair<unsigned, unsigned> lastKey,
                unsigned toPlace) {
    if (toPlace == 0)
      return Result::Found;
    if (steps >= maxSteps) {
      stepBudgetHit = true;
      return Result::Stopped;
    }
    if (steps >= runEnd)
      return Result::Stopped;
    ++steps;
    if (hasDeadline && (steps & 255) == 0 &&
        std::chrono::steady_clock::now() > deadline) {
      timeLimitHit = true;
      return Result::Stopped;
    }
    // Every unplaced buffer ends up at or above max(skyline, lastOffset)
    // at each of its steps, and they are disjoint there. Before the start
    // of the last placed buffer, a buffer at lastOffset itself would break
    // the (offset, start) order, so the floor there is one unit higher.
    for (unsigned t = 0; t < numSegments; ++t) {
      if (remaining[t] == 0)
        continue;
      uint64_t floor = std::max(skyline[t], lastOffset);
      if (skyline[t] <= lastOffset && t < lastKey.first)
        floor = lastOffset + unit;
      if (floor + remaining[t] > capacity)
        return Result::Infeasible;
    }

    struct Candidate {
      uint64_t offset;
      unsigned index;
      /// The buffer ends where the gap it starts in ends (a flush fit).
      bool flush;
    };
    llvm::SmallVector<Candidate> candidates;
    for (unsigned i = 0, n = sizes.size(); i < n; ++i) {
      if (placed[i])
        continue;
      uint64_t top = 0;
      for (unsigned t = first[i]; t < last[i]; ++t)
        top = std::max(top, skyline[t]);
      if (std::max(top, lastOffset) + sizes[i] > capacity)
        return Result::Infeasible;
      if (top > lastOffset ||
          (top == lastOffset &&
           std::make_pair(first[i], i + 1) > lastKey)) {
        unsigned gapEnd = last[i];
        while (gapEnd < numSegments && skyline[gapEnd] <= top)
          ++gapEnd;
        candidates.push_back({top, i, gapEnd == last[i]});
      }
    }
    // Bottom-up, left to right, flush fits first, then larger first.
    llvm::sort(candidates, [&](const Candidate &a, const Candidate &b) {
      if (a.offset != b.offset)
        return a.offset < b.offset;
      if (first[a.index] != first[b.index])
        return first[a.index] < first[b.index];
      if (a.flush != b.flush)
        return a.flush;
      if (restart != 0) {
        uint64_t ha = llvm::hash_combine(a.index, restart);
        uint64_t hb = llvm::hash_combine(b.index, restart);
        if (ha != hb)
          return ha < hb;
      }
      if (sizes[a.index] != sizes[b.index])
        return sizes[a.index] > sizes[b.index];
      unsigned lengthA = last[a.index] - first[a.index];
      unsigned lengthB = last[b.index] - first[b.index];
      if (lengthA != lengthB)
        return lengthA > lengthB;
      return a.index < b.index;
    });

    Result outcome = Result::Infeasible;
    std::vector<uint64_t> saved;
    for (auto [k, c] : llvm::enumerate(candidates)) {
      // Identical buffers (size, live range, offset) are interchangeable.
      if (k > 0) {
        const Candidate &p = candidates[k - 1];
        if (p.offset == c.offset && sizes[p.index] == sizes[c.index] &&
            first[p.index] == first[c.index] && last[p.index] == last[c.index])
          continue;
      }
      unsigned i = c.index;
      saved.assign(skyline.begin() + first[i], skyline.begin() + last[i]);
      for (unsigned t = first[i]; t < last[i]; ++t) {
        skyline[t] = c.offset + sizes[i];
        remaining[t] -= sizes[i];
      }
      placed[i] = true;
      offset[i] = c.offset;
      Result r = search(c.offset, {first[i], i + 1}, toPlace - 1);
      if (r == Result::Found)
        return r;
      placed[i] = false;
      for (unsigned t = first[i]; t < last[i]; ++t) {
        skyline[t] = saved[t - first[i]];
        remaining[t] += sizes[i];
      }
      if (r == Result::Stopped)
        return r;
    }
    return outcome;
  }

  ArrayRef<uint64_t> sizes;
  /// The alignment: every offset and size is a multiple of it.
  uint64_t unit;
  std::vector<unsigned> first, last;
  unsigned numSegments = 0;
  std::vector<uint64_t> skyline, remaining, offset;
  std::vector<bool> placed;
  uint64_t capacity = 0;
  unsigned restart = 0;
  uint64_t steps = 0, maxSteps, runEnd = UINT64_MAX;
  std::chrono::steady_clock::time_point deadline;
  bool hasDeadline;
  bool stepBudgetHit = false, timeLimitHit = false;
};

} // namespace

static MemoryPlan makeArenaPlan(ArrayRef<uint64_t> sizes,
                                const std::vector<uint64_t> &offsets) {
  MemoryPlan plan;
  plan.placements.assign(sizes.size(), BufferPlacement());
  uint64_t arena = 0;
  for (unsigned i = 0, n = sizes.size(); i < n; ++i) {
    plan.placements[i].offset = offsets[i];
    if (sizes[i] != 0)
      arena = std::max(arena, offsets[i] + sizes[i]);
  }
  if (!sizes.empty())
    plan.poolSizes.push_back(arena);
  return plan;
}

llvm::Expected<MemoryPlan>
planning::planMemory(ArrayRef<BufferRequest> requests, Strategy strategy,
                     uint64_t alignment, const SearchOptions &options,
                     ArrayRef<BufferSharing> sharings) {
  if (llvm::Error error = validateRequests(requests, alignment))
    return std::move(error);
  if (!sharings.empty()) {
    // Plan one buffer per sharing tree, then place the members.
    if (llvm::Error error = validateSharings(requests, sharings, alignment))
      return std::move(error);
    SharingForest forest = buildSharingForest(requests.size(), sharings);
    llvm::Expected<MemoryPlan> plan =
        planMemory(getTreeRequests(requests, forest), strategy, alignment,
                   options);
    if (!plan)
      return plan.takeError();
    std::vector<BufferPlacement> placements(requests.size());
    for (unsigned b = 0; b < requests.size(); ++b) {
      placements[b] = plan->placements[forest.treeOf[b]];
      placements[b].offset += forest.rootOffset[b];
    }
    plan->placements = std::move(placements);
    return plan;
  }
  std::vector<uint64_t> sizes = getAlignedSizes(requests, alignment);
  InterferenceGraph graph = buildInterferenceGraph(requests, sizes);
  uint64_t lowerBound = computeLowerBound(requests, alignment);
  auto planWith = [&](Strategy s) -> llvm::Expected<MemoryPlan> {
    llvm::Expected<MemoryPlan> plan = [&]() -> llvm::Expected<MemoryPlan> {
      switch (s) {
      case Strategy::BestFit:
        return planArena(requests, sizes, graph, getSizeOrder(requests, sizes),
                         GapChoice::Smallest);
      case Strategy::FirstFit:
        return planArena(requests, sizes, graph, getSizeOrder(requests, sizes),
                         GapChoice::Lowest);
      case Strategy::BestFitByLength:
        return planArena(requests, sizes, graph,
                         getLengthOrder(requests, sizes), GapChoice::Smallest);
      case Strategy::GreedyConflicts:
        return planArena(requests, sizes, graph,
                         getConflictOrder(requests, sizes, graph),
                         GapChoice::Lowest);
      case Strategy::GreedyColor:
        return planGreedyColor(requests, sizes, graph);
      case Strategy::Auto:
        break;
      }
      llvm_unreachable("auto is not a single strategy");
    }();
    if (plan) {
      plan->strategy = s;
      plan->optimal = plan->getPlannedBytes() == lowerBound;
    }
    return plan;
  };
  std::optional<uint64_t> capacity;
  if (options.capacity) {
    capacity = *options.capacity / alignment * alignment;
    if (lowerBound > *capacity)
      return makeError("no plan within " + llvm::Twine(*options.capacity) +
                       " bytes exists: the lower bound (peak live bytes) is " +
                       llvm::Twine(lowerBound));
  }
  auto checkCapacity =
      [&](llvm::Expected<MemoryPlan> plan) -> llvm::Expected<MemoryPlan> {
    if (plan && capacity && plan->getPlannedBytes() > *capacity)
      return makeError("no plan within " + llvm::Twine(*options.capacity) +
                       " bytes found: " + stringifyStrategy(plan->strategy) +
                       " needs " + llvm::Twine(plan->getPlannedBytes()) +
                       " (auto searches exactly)");
    return plan;
  };
  if (strategy != Strategy::Auto)
    return checkCapacity(planWith(strategy));

  // Auto: the smallest plan of all heuristics, the earlier on ties; stop as
  // soon as one reaches the lower bound.
  std::optional<MemoryPlan> best;
  for (Strategy s : {Strategy::BestFit, Strategy::FirstFit,
                     Strategy::BestFitByLength, Strategy::GreedyConflicts,
                     Strategy::GreedyColor}) {
    llvm::Expected<MemoryPlan> plan = planWith(s);
    if (!plan)
      return plan.takeError();
    if (!best || plan->getPlannedBytes() < best->getPlannedBytes())
      best = std::move(*plan);
    if (best->optimal)
      break;
  }
  if (best->optimal || (capacity && best->getPlannedBytes() <= *capacity))
    return std::move(*best);

  // Exact search: the lower bound first, then bisection between the largest
  // capacity proven infeasible and the best plan. With a capacity, only it.
  auto start = std::chrono::steady_clock::now();
  ExactSearch search(requests, sizes, alignment, options.maxSteps,
                     start + std::chrono::milliseconds(options.timeLimitMs),
                     options.timeLimitMs != 0);
  uint64_t low = capacity ? *capacity : lowerBound;
  uint64_t high = capacity ? *capacity : best->getPlannedBytes() - alignment;
  // Each capacity tried gets at most an eighth of the budget (all of it for
  // a given capacity), so that when the lower bound cannot be settled the
  // search still looks for smaller plans above it.
  uint64_t probeBudget =
      capacity ? options.maxSteps : std::max<uint64_t>(options.maxSteps / 8, 1);
  auto probe = [&](uint64_t tryCapacity, std::vector<uint64_t> &offsets) {
    // Searches like this one have heavy-tailed running times: restart with
    // other tie-breaks and a geometrically growing step allowance (Gomes,
    // Selman and Kautz, "Boosting Combinatorial Search Through
    // Randomization", AAAI 1998). Hashes make the restarts deterministic.
    uint64_t begin = search.getSteps();
    for (unsigned restart = 0;; ++restart) {
      uint64_t used = search.getSteps() - begin;
      if (used >= probeBudget)
        return ExactSearch::Result::Stopped;
      uint64_t allowance = std::min(uint64_t(1000) << std::min(restart, 40u),
                                    probeBudget - used);
      ExactSearch::Result result =
          search.run(tryCapacity, offsets, restart, allowance);
      if (result != ExactSearch::Result::Stopped || search.hitStepBudget() ||
          search.hitTimeLimit())
        return result;
    }
  };
  uint64_t tryCapacity = low;
  bool lowIsProven = true, provenInfeasible = false;
  while (low <= high && !search.hitStepBudget() && !search.hitTimeLimit()) {
    std::vector<uint64_t> offsets;
    ExactSearch::Result result = probe(tryCapacity, offsets);
    if (result == ExactSearch::Result::Found) {
      MemoryPlan plan = makeArenaPlan(sizes, offsets);
      plan.strategy = Strategy::Auto;
      best = std::move(plan);
      if (best->getPlannedBytes() < alignment + low)
        break;
      high = best->getPlannedBytes() - alignment;
    } else {
      // Infeasible is a proof; Stopped only means this capacity is left
      // unsettled, and the search moves up.
      if (result == ExactSearch::Result::Stopped)
        lowIsProven = false;
      else
        provenInfeasible = capacity.has_value();
      low = tryCapacity + alignment;
    }
    tryCapacity = low + (high - low) / 2 / alignment * alignment;
  }
  bool stopped = search.hitStepBudget() || search.hitTimeLimit();
  best->searchSteps = search.getSteps();
  best->hitStepBudget = search.hitStepBudget();
  best->hitTimeLimit = search.hitTimeLimit();
  best->optimal =
      best->getPlannedBytes() == lowerBound ||
      (lowIsProven && !stopped && best->getPlannedBytes() < low + alignment);
  if (capacity && best->getPlannedBytes() > *capacity)
    return makeError(
        "no plan within " + llvm::Twine(*options.capacity) + " bytes " +
        (provenInfeasible ? "exists (the exact search is exhaustive)"
                          : "found within the search budget (" +
                                llvm::Twine(search.getSteps()) +
                                " steps); the best plan needs " +
                                llvm::Twine(best->getPlannedBytes())));
  return std::move(*best);
  llvm_unreachable("unknown strategy");
}

//===----------------------------------------------------------------------===//
// Checker
//===----------------------------------------------------------------------===//

llvm::Error planning::verifyMemoryPlan(ArrayRef<BufferRequest> requests,
                                       const MemoryPlan &plan,
                                       uint64_t alignment,
                                       ArrayRef<BufferSharing> sharings) {
  if (llvm::Error error = validateRequests(requests, alignment))
    return error;
  if (llvm::Error error = validateSharings(requests, sharings, alignment))
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

  // Sharings: each shared buffer sits where it was declared; the ranges of
  // a tree's root cover the whole tree, and only roots take part in the
  // sweep below. Overlaps inside a tree are checked after it.
  std::vector<int64_t> host(requests.size(), -1);
  std::vector<BufferRequest> ranges(requests.begin(), requests.end());
  for (const BufferSharing &sharing : sharings) {
    unsigned b = sharing.buffer;
    host[b] = sharing.host;
    const BufferPlacement &at = plan.placements[b];
    const BufferPlacement &in = plan.placements[sharing.host];
    if (at.pool != in.pool || at.offset != in.offset + sharing.offset)
      return makeError("buffer " + llvm::Twine(b) + " is at pool " +
                       llvm::Twine(at.pool) + " offset " +
                       llvm::Twine(at.offset) + ", but shares buffer " +
                       llvm::Twine(sharing.host) + " at offset " +
                       llvm::Twine(sharing.offset) + " (pool " +
                       llvm::Twine(in.pool) + " offset " +
                       llvm::Twine(in.offset + sharing.offset) + ")");
  }
  auto rootOf = [&](unsigned b) {
    while (host[b] >= 0)
      b = host[b];
    return b;
  };
  std::vector<unsigned> roots(requests.size());
  for (unsigned b = 0; b < requests.size(); ++b) {
    roots[b] = rootOf(b);
    BufferRequest &tree = ranges[roots[b]];
    tree.start = std::min(tree.start, requests[b].start);
    tree.end = std::max(tree.end, requests[b].end);
  }

  // Sweep the steps; per pool, keep the live buffers ordered by offset and
  // check each newcomer against its neighbors in that order.
  struct Event {
    int64_t step;
    bool isRemoval; // removals at step s + 1 come before additions at s + 1
    unsigned buffer;
  };
  std::vector<Event> events;
  auto sortEvents = [](std::vector<Event> &events) {
    llvm::sort(events, [](const Event &a, const Event &b) {
      if (a.step != b.step)
        return a.step < b.step;
      if (a.isRemoval != b.isRemoval)
        return a.isRemoval;
      return a.buffer < b.buffer;
    });
  };
  for (auto [i, request] : llvm::enumerate(ranges)) {
    if (sizes[i] == 0 || roots[i] != i)
      continue;
    events.push_back({request.start, false, static_cast<unsigned>(i)});
    events.push_back({request.end + 1, true, static_cast<unsigned>(i)});
  }
  sortEvents(events);
  // pool -> (offset -> buffer); offsets are unique among live buffers of a
  // pool when the plan is valid, so a collision is itself an overlap.
  std::vector<std::map<uint64_t, unsigned>> live(plan.poolSizes.size());
  auto describe = [&](unsigned b) {
    return "buffer " + std::to_string(b) + " (bytes [" +
           std::to_string(plan.placements[b].offset) + ", " +
           std::to_string(plan.placements[b].offset + sizes[b]) +
           "), steps [" + std::to_string(ranges[b].start) + ", " +
           std::to_string(ranges[b].end) + "])";
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
  if (sharings.empty())
    return llvm::Error::success();

  // Inside each tree: two live members may overlap only when one is an
  // ancestor of the other. Trees are small next to the program (a concat's
  // operands, or a chain of which at most two members live at one step).
  std::vector<bool> inSharing(requests.size(), false);
  for (const BufferSharing &sharing : sharings)
    inSharing[sharing.buffer] = inSharing[sharing.host] = true;
  events.clear();
  for (auto [i, request] : llvm::enumerate(requests)) {
    if (sizes[i] == 0 || !inSharing[i])
      continue;
    events.push_back({request.start, false, static_cast<unsigned>(i)});
    events.push_back({request.end + 1, true, static_cast<unsigned>(i)});
  }
  sortEvents(events);
  auto isAncestor = [&](unsigned a, unsigned b) {
    for (int64_t up = host[b]; up >= 0; up = host[up])
      if (static_cast<unsigned>(up) == a)
        return true;
    return false;
  };
  std::map<unsigned, std::vector<unsigned>> liveInTree;
  for (const Event &event : events) {
    unsigned b = event.buffer;
    std::vector<unsigned> &tree = liveInTree[roots[b]];
    if (event.isRemoval) {
      llvm::erase(tree, b);
      continue;
    }
    uint64_t lo = plan.placements[b].offset, hi = lo + sizes[b];
    for (unsigned other : tree) {
      uint64_t otherLo = plan.placements[other].offset;
      if (otherLo < hi && lo < otherLo + sizes[other] &&
          !isAncestor(other, b) && !isAncestor(b, other))
        return makeError("buffer " + std::to_string(b) + " (bytes [" +
                         std::to_string(lo) + ", " + std::to_string(hi) +
                         "), steps [" + std::to_string(requests[b].start) +
                         ", " + std::to_string(requests[b].end) +
                         "]) overlaps buffer " + std::to_string(other) +
                         " of the same sharing tree, which it does not share");
    }
    tree.push_back(b);
  }
  return llvm::Error::success();
}
