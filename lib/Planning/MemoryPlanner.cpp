//===- MemoryPlanner.cpp - the driver of every strategy and of auto -------===//
//
// See MemoryPlanner.h. The heuristics are in Heuristics.cpp, the exact
// search in ExactSearch.cpp; this file composes them under one node budget
// and one time limit, as XLA's ChooseBestHeapAlgorithm composes heap
// algorithms.
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/MemoryPlanner.h"
#include "mini/Planning/ExactSearch.h"
#include "mini/Planning/Heuristics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <chrono>

using namespace mini;
using namespace mini::planning;
using llvm::ArrayRef;
using Clock = std::chrono::steady_clock;

/// One arena holding every buffer at `offsets`.
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
  plan.strategy = Strategy::Auto;
  return plan;
}

static llvm::Error noPlanWithin(uint64_t capacity, const llvm::Twine &why) {
  return makePlanningError("no plan within " + llvm::Twine(capacity) +
                           " bytes " + why);
}

/// `auto` and the heuristics on requests without sharings.
static llvm::Expected<MemoryPlan> planRequests(ArrayRef<BufferRequest> requests,
                                               Strategy strategy,
                                               uint64_t alignment,
                                               const SearchOptions &options) {
  Clock::time_point start = Clock::now();
  Deadline deadline;
  if (options.timeLimitMs != 0)
    deadline = start + std::chrono::milliseconds(options.timeLimitMs);
  std::vector<uint64_t> sizes = getAlignedSizes(requests, alignment);
  uint64_t lowerBound = computeLowerBound(requests, alignment);
  std::optional<uint64_t> capacity;
  if (options.capacity) {
    capacity = *options.capacity / alignment * alignment;
    if (lowerBound > *capacity)
      return noPlanWithin(*options.capacity,
                          "exists (infeasible, proven): the lower bound (peak "
                          "live bytes) is " +
                              llvm::Twine(lowerBound));
  }
  auto finish = [&](MemoryPlan plan) {
    plan.optimal = plan.getPlannedBytes() == lowerBound;
    plan.provenLowerBound = lowerBound;
    return plan;
  };

  if (strategy != Strategy::Auto) {
    // One heuristic, to the end: the time limit is for auto.
    std::optional<InterferenceGraph> graph;
    if (needsInterferenceGraph(strategy))
      graph = InterferenceGraph::build(requests, sizes);
    llvm::Expected<std::optional<MemoryPlan>> plan =
        planHeuristic(requests, sizes, graph ? &*graph : nullptr, strategy);
    if (!plan)
      return plan.takeError();
    MemoryPlan result = finish(std::move(**plan));
    if (capacity && result.getPlannedBytes() > *capacity)
      return noPlanWithin(*options.capacity,
                          "found (unknown): " + stringifyStrategy(strategy) +
                              " needs " +
                              llvm::Twine(result.getPlannedBytes()) +
                              " (auto searches exactly)");
    return result;
  }

  // The heuristics. The online one needs no interference graph and runs
  // first and to the end, so that a plan exists however short the time
  // limit; the others, in the table's order, stop at the deadline. The
  // smallest plan wins, the earlier in the table on ties.
  std::optional<MemoryPlan> best;
  unsigned bestRank = 0;
  auto consider = [&](MemoryPlan plan) {
    unsigned rank = 0;
    while (getStrategyTable()[rank].strategy != plan.strategy)
      ++rank;
    if (!best || plan.getPlannedBytes() < best->getPlannedBytes() ||
        (plan.getPlannedBytes() == best->getPlannedBytes() &&
         rank < bestRank)) {
      best = finish(std::move(plan));
      bestRank = rank;
      if (options.onImprovement)
        options.onImprovement(*best);
    }
  };
  llvm::Expected<std::optional<MemoryPlan>> online =
      planHeuristic(requests, sizes, nullptr, Strategy::FirstFitByStart);
  if (!online)
    return online.takeError();
  consider(std::move(**online));
  std::optional<InterferenceGraph> graph;
  if (!isPast(deadline))
    graph = InterferenceGraph::build(requests, sizes, deadline);
  for (const StrategyInfo &info : getStrategyTable()) {
    // An optimal online plan does not stop the others: on equal bytes the
    // table's earlier strategies are preferred, as in every report so far.
    if (!graph ||
        (best->optimal && best->strategy != Strategy::FirstFitByStart))
      break;
    if (!info.isHeuristic || info.strategy == Strategy::FirstFitByStart)
      continue;
    llvm::Expected<std::optional<MemoryPlan>> plan =
        planHeuristic(requests, sizes, &*graph, info.strategy, deadline);
    if (!plan)
      return plan.takeError();
    if (!*plan)
      break;
    consider(std::move(**plan));
  }
  best->hitTimeLimit = isPast(deadline);
  if (best->optimal || (capacity && best->getPlannedBytes() <= *capacity))
    return std::move(*best);
  if (best->hitTimeLimit && !capacity)
    return std::move(*best);

  ExactSearch search(requests, sizes);
  uint64_t nodesLeft = options.maxNodes;
  auto probe = [&](uint64_t tryCapacity, uint64_t maxNodes,
                   std::vector<uint64_t> &offsets) {
    SearchLimits limits;
    limits.maxNodes = std::min(maxNodes, nodesLeft);
    limits.deadline = deadline;
    uint64_t before = search.getNodes();
    SearchResult result = search.decide(tryCapacity, limits, offsets);
    nodesLeft -= std::min(nodesLeft, search.getNodes() - before);
    best->hitNodeBudget |= nodesLeft == 0;
    best->hitTimeLimit |= search.hitTimeLimit();
    return result;
  };

  if (capacity) {
    // The decision problem, with the whole budget.
    std::vector<uint64_t> offsets;
    SearchResult result = probe(*capacity, nodesLeft, offsets);
    uint64_t nodes = search.getNodes();
    if (result == SearchResult::Feasible) {
      MemoryPlan plan = finish(makeArenaPlan(sizes, offsets));
      plan.searchNodes = nodes;
      return plan;
    }
    if (result == SearchResult::Infeasible)
      return noPlanWithin(*options.capacity,
                          "exists (infeasible, proven by an exhaustive search "
                          "of " +
                              llvm::Twine(nodes) + " nodes)");
    if (!search.isSearchable())
      return noPlanWithin(*options.capacity,
                          "found (unknown: the exact search takes at most "
                          "2048 buffers live together without a break, and "
                          "this problem has more); the best plan needs " +
                              llvm::Twine(best->getPlannedBytes()));
    return noPlanWithin(*options.capacity,
                        "found (unknown: the search stopped after " +
                            llvm::Twine(nodes) +
                            " nodes); the best plan needs " +
                            llvm::Twine(best->getPlannedBytes()));
  }

  // A search that can decide nothing would probe forever without a deadline.
  if (!search.isSearchable())
    return std::move(*best);

  // Minimizing, in rounds under a doubling node limit L (as MiniMalloc's
  // round robin doubles its limit over preorders). Each round probes the
  // smallest capacity not proven infeasible with L nodes: a tight problem's
  // optimum is there, and an exhausted probe is a proof. Then a descent
  // from the best plan shares another L nodes among probes of at most L / 4
  // each: the first probe goes a fraction of the open range below the best
  // plan. After an unsettled probe, odd rounds probe the same fraction
  // further down, since the cost of deciding a capacity varies by orders of
  // magnitude from one capacity to a nearby one (a capacity that stalls says
  // little about the next), and even rounds close in on the best plan above
  // it. A feasible probe restarts the descent below the new best plan, an
  // infeasible one raises `proven`. The fraction changes from round to
  // round (1/8 to 1/2, by the golden ratio's sequence), so that a round does
  // not re-probe the capacities that stalled the last.
  // Node limits make the rounds deterministic; the deadline only ends them.
  uint64_t proven = lowerBound;
  uint64_t high = best->getPlannedBytes() - alignment;
  uint64_t limit = 2 * (static_cast<uint64_t>(requests.size()) + 1);
  // Probes `tryCapacity` with at most `maxNodes`; returns whether it was
  // settled (feasible or infeasible) and adds the nodes used to `used`.
  auto settle = [&](uint64_t tryCapacity, uint64_t maxNodes, uint64_t &used) {
    std::vector<uint64_t> offsets;
    uint64_t before = search.getNodes();
    SearchResult result = probe(tryCapacity, maxNodes, offsets);
    used += search.getNodes() - before;
    if (result == SearchResult::Feasible) {
      MemoryPlan plan = makeArenaPlan(sizes, offsets);
      plan.hitNodeBudget = best->hitNodeBudget;
      plan.hitTimeLimit = best->hitTimeLimit;
      best = std::move(plan);
      high = std::min(high, best->getPlannedBytes() - alignment);
      if (options.onImprovement)
        options.onImprovement(*best);
    } else if (result == SearchResult::Infeasible) {
      // A proof for every capacity up to this one.
      proven = std::max(proven, tryCapacity + alignment);
    }
    return result != SearchResult::Unknown;
  };
  auto searching = [&] {
    return proven <= high && nodesLeft > 0 && !isPast(deadline);
  };
  for (uint64_t round = 1; searching(); ++round) {
    uint64_t used = 0;
    settle(proven, limit, used);
    // This round's fraction, in 1/65536ths: 1/8 + 3/8 x frac(round x phi).
    uint64_t fraction = 8192 + ((round * 40503) & 0xffff) * 3 / 8;
    auto step = [&](uint64_t units) {
      return units / 65536 * fraction + units % 65536 * fraction / 65536;
    };
    uint64_t from = high, descent = 0, stallFloor = 0;
    // Odd rounds go on down past a stalled capacity; even rounds close in
    // on the best plan from below it instead (the stalled capacity becomes
    // the round's floor), which serves long runs better.
    bool closeIn = round % 2 == 0;
    while (searching() && descent < limit) {
      uint64_t floor = std::max(proven + alignment, stallFloor);
      if (from > high || from < floor)
        from = high;
      if (from < floor)
        break;
      uint64_t tryCapacity = from - step((from - floor) / alignment) * alignment;
      uint64_t share =
          std::min(limit - descent, std::max<uint64_t>(limit / 4, 1));
      if (settle(tryCapacity, share, descent)) {
        from = high;
        continue;
      }
      if (closeIn) {
        stallFloor = tryCapacity + alignment;
        from = high;
        if (high < stallFloor)
          break;
        continue;
      }
      if (tryCapacity < floor + alignment)
        break;
      from = tryCapacity - alignment;
    }
    limit = limit > UINT64_MAX / 2 ? UINT64_MAX : limit * 2;
  }
  best->searchNodes = search.getNodes();
  best->provenLowerBound = std::min(proven, best->getPlannedBytes());
  best->optimal = best->getPlannedBytes() <= proven;
  return std::move(*best);
}

llvm::Expected<MemoryPlan>
planning::planMemory(ArrayRef<BufferRequest> requests, Strategy strategy,
                     uint64_t alignment, const SearchOptions &options,
                     ArrayRef<BufferSharing> sharings) {
  if (llvm::Error error = validateRequests(requests, alignment))
    return std::move(error);
  if (sharings.empty())
    return planRequests(requests, strategy, alignment, options);
  // Plan one buffer per sharing tree, then place the members.
  if (llvm::Error error = validateSharings(requests, sharings, alignment))
    return std::move(error);
  SharingForest forest = SharingForest::build(requests.size(), sharings);
  llvm::Expected<MemoryPlan> plan = planRequests(
      forest.getTreeRequests(requests), strategy, alignment, options);
  if (!plan)
    return plan.takeError();
  return forest.expandPlan(std::move(*plan));
}
