//===- PlanChecks.h - what every plan of a fuzzed problem must satisfy ----===//
//
// Shared by the CSV and the planner fuzz targets: every strategy plans the
// problem within a fixed node budget and no wall-clock limit (so that a
// finding reproduces), and every plan passes the checker, is at least the
// lower bound, and is optimal only at its proven lower bound; `auto` is
// never worse than a heuristic. A failed check aborts (a finding).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_TOOLS_FUZZERS_PLANCHECKS_H
#define MINI_TOOLS_FUZZERS_PLANCHECKS_H

#include "mini/Planning/MemoryPlanner.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace mini::fuzz {

[[noreturn]] inline void finding(const char *what,
                                 planning::Strategy strategy) {
  std::fprintf(stderr, "finding: %s (strategy %s)\n", what,
               planning::stringifyStrategy(strategy).str().c_str());
  std::abort();
}

/// Whether `error` is success; consumes it.
inline bool succeeded(llvm::Error error) {
  bool failed = static_cast<bool>(error);
  llvm::consumeError(std::move(error));
  return !failed;
}

/// Plans `requests` with every strategy and checks each plan. Invalid
/// requests or sharings must be refused; valid ones must be planned unless
/// the naive plan itself would pass kMaxPlanBytes.
inline void
checkEveryStrategy(llvm::ArrayRef<planning::BufferRequest> requests,
                   uint64_t alignment,
                   llvm::ArrayRef<planning::BufferSharing> sharings) {
  using namespace planning;
  SearchOptions search;
  search.maxNodes = 2000;
  search.timeLimitMs = 0;
  bool valid = succeeded(validateRequests(requests, alignment)) &&
               succeeded(validateSharings(requests, sharings, alignment));
  uint64_t bound = valid ? computeLowerBound(requests, alignment, sharings) : 0;
  bool mustPlan =
      valid && computeNaiveBytes(requests, alignment) <= kMaxPlanBytes;
  uint64_t bestHeuristic = UINT64_MAX;
  for (const StrategyInfo &info : getStrategyTable()) {
    llvm::Expected<MemoryPlan> plan =
        planMemory(requests, info.strategy, alignment, search, sharings);
    if (!plan) {
      llvm::consumeError(plan.takeError());
      if (mustPlan)
        finding("a valid problem was refused", info.strategy);
      continue;
    }
    if (!valid)
      finding("an invalid problem was planned", info.strategy);
    if (llvm::Error error =
            verifyMemoryPlan(requests, *plan, alignment, sharings)) {
      std::fprintf(stderr, "checker: %s\n",
                   llvm::toString(std::move(error)).c_str());
      finding("the checker rejects the plan", info.strategy);
    }
    uint64_t bytes = plan->getPlannedBytes();
    if (bytes < bound)
      finding("a plan below the lower bound", info.strategy);
    if (plan->optimal && bytes != plan->provenLowerBound)
      finding("optimal, but above the proven lower bound", info.strategy);
    if (info.isHeuristic)
      bestHeuristic = std::min(bestHeuristic, bytes);
    else if (bestHeuristic != UINT64_MAX && bytes > bestHeuristic)
      finding("auto is worse than a heuristic", info.strategy);
  }
}

} // namespace mini::fuzz

#endif // MINI_TOOLS_FUZZERS_PLANCHECKS_H
