//===- PlanningTestUtils.h - helpers of the planning unit tests -*- C++ -*-===//
//
// Problems and helpers shared by the unit tests of the planning library:
// every strategy, planning with the checker, error messages, the tight
// 14-buffer problem and a small problem with sharings.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_UNITTESTS_PLANNING_PLANNINGTESTUTILS_H
#define MINI_UNITTESTS_PLANNING_PLANNINGTESTUTILS_H

#include "mini/Planning/MemoryPlanner.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

namespace mini {
namespace planning {
namespace test {

/// Every strategy, from the library's one table.
inline std::vector<Strategy> allStrategies() {
  std::vector<Strategy> strategies;
  for (const StrategyInfo &info : getStrategyTable())
    strategies.push_back(info.strategy);
  return strategies;
}

/// Every strategy, in the table's order.
inline const std::vector<Strategy> kStrategies = allStrategies();

/// The error's message, or "" on success.
inline std::string messageOf(llvm::Error error) {
  return error ? llvm::toString(std::move(error)) : "";
}

/// Plans with `strategy`, expects success and a plan the checker accepts.
inline MemoryPlan planChecked(const std::vector<BufferRequest> &requests,
                              Strategy strategy, uint64_t alignment) {
  llvm::Expected<MemoryPlan> plan = planMemory(requests, strategy, alignment);
  if (!plan) {
    ADD_FAILURE() << llvm::toString(plan.takeError());
    return {};
  }
  if (llvm::Error error = verifyMemoryPlan(requests, *plan, alignment))
    ADD_FAILURE() << stringifyStrategy(strategy).str() << ": "
                  << llvm::toString(std::move(error));
  return std::move(*plan);
}

/// A 16-byte x 12-step rectangle cut into 14 buffers
/// (bench/tight_problems.py --buffers 14 --seed 1 --capacity 16 --steps 12,
/// test/Tools/Inputs/tight14.csv): the optimum is the lower bound, 16, and
/// every heuristic needs 17 or more.
inline std::vector<BufferRequest> tightProblem() {
  // {size, lower, upper - 1}
  return {{5, 0, 1}, {11, 0, 1}, {6, 2, 2},   {2, 2, 5},   {6, 2, 5},
          {1, 2, 6}, {1, 2, 9},  {6, 3, 6},   {1, 6, 9},   {7, 6, 9},
          {7, 7, 8}, {7, 9, 9},  {1, 10, 11}, {15, 10, 11}};
}

/// An in-place chain a -> b (b written over a at step 2) and a concat:
/// c and d die at their copies into slices of e. Alignment 64.
inline const std::vector<BufferRequest> kShared = {
    {64, 0, 2},  // 0: a
    {64, 1, 4},  // 1: b, in place over a
    {64, 5, 6},  // 2: c, concat operand
    {64, 6, 7},  // 3: d, concat operand
    {128, 7, 9}, // 4: e, the concat
};
/// The sharings of kShared: b over a, c and d in the two halves of e.
inline const std::vector<BufferSharing> kSharings = {
    {1, 0, 0}, {2, 4, 0}, {3, 4, 64}};

} // namespace test
} // namespace planning
} // namespace mini

#endif // MINI_UNITTESTS_PLANNING_PLANNINGTESTUTILS_H
