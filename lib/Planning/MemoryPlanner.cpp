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

/// Luby, Sinclair and Zuckerman's universal restart sequence (1, 1, 2, 1,
/// 1, 2, 4, ...), 1-based.
static uint64_t luby(uint64_t i) {
  for (;;) {
    uint64_t k = 1;
    while ((uint64_t(1) << k) - 1 < i)
      ++k;
    if ((uint64_t(1) << k) - 1 == i)
      return uint64_t(1) << (k - 1);
    i -= (uint64_t(1) << (k - 1)) - 1;
  }
}

/// The `i`th descent probe's distance below the best plan, as a fraction of
/// the range not proven infeasible, in 1/65536ths: between 1/16 and 1/2,
/// spread evenly on a log scale (2^-(1 + 3u), u from the golden ratio's
/// sequence, 2^-f taken as 1 - f/2 between powers of two). The cost of
/// deciding a capacity varies by orders of magnitude from one capacity to a
/// nearby one, and the distance to the optimum is unknown: every scale is
/// tried, each probe at a capacity the last ones did not stall on.
static uint64_t getDescentFraction(uint64_t i) {
  uint64_t u = (i * 40503) & 0xffff;
  uint64_t e = 3 * u;
  uint64_t whole = e >> 16, part = e & 0xffff;
  return (32768 >> whole) * (131072 - part) / 131072;
}

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
  // from the best plan spends another L nodes on probes below it, each at a
  // new distance (getDescentFraction) with a budget from Luby, Sinclair and
  // Zuckerman's restart sequence ("Optimal speedup of Las Vegas
  // algorithms", 1993): the cost of deciding a capacity varies by orders of
  // magnitude from one capacity to a nearby one, like a randomized run's,
  // and Luby's budgets are within a log factor of the best fixed budget
  // whatever the distribution of costs. A feasible probe lowers the best
  // plan, an infeasible one raises `proven`.
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
  // The descent: one probe after another, each at a new capacity below the
  // best plan, with budgets in Luby's sequence times `unit` (one dive
  // through every buffer, and as much again for backtracking). Its nodes
  // are matched to the lower-bound probes' round by round (a probe may
  // overdraw; the next round pays).
  uint64_t unit = 2 * (static_cast<uint64_t>(requests.size()) + 1);
  uint64_t descentIndex = 0;
  int64_t credit = 0;
  while (searching()) {
    uint64_t used = 0;
    settle(proven, limit, used);
    credit += static_cast<int64_t>(std::min<uint64_t>(limit, INT64_MAX / 4));
    while (searching() && credit > 0) {
      uint64_t floor = proven + alignment;
      if (high < floor)
        break;
      ++descentIndex;
      uint64_t fraction = getDescentFraction(descentIndex);
      uint64_t units = (high - floor) / alignment;
      uint64_t step =
          units / 65536 * fraction + units % 65536 * fraction / 65536;
      uint64_t descent = 0;
      settle(high - step * alignment, unit * luby(descentIndex), descent);
      credit -= static_cast<int64_t>(descent);
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
  llvm::Expected<MemoryPlan> plan = [&]() -> llvm::Expected<MemoryPlan> {
    if (sharings.empty())
      return planRequests(requests, strategy, alignment, options);
    // Plan one buffer per sharing tree, then place the members.
    if (llvm::Error error = validateSharings(requests, sharings, alignment))
      return std::move(error);
    SharingForest forest = SharingForest::build(requests.size(), sharings);
    llvm::Expected<MemoryPlan> treePlan = planRequests(
        forest.getTreeRequests(requests), strategy, alignment, options);
    if (!treePlan)
      return treePlan.takeError();
    return forest.expandPlan(std::move(*treePlan));
  }();
  if (!plan)
    return plan.takeError();
  plan->naiveBytes = computeNaiveBytes(requests, alignment);
  plan->lowerBoundBytes = computeLowerBound(requests, alignment);
  plan->sharedLowerBoundBytes =
      computeLowerBound(requests, alignment, sharings);
  plan->peak = computePeak(requests, alignment, sharings);
  return plan;
}
