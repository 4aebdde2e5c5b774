//===- HeuristicsTest.cpp - the greedy buffer-assignment strategies -------===//
//
// Placements of single heuristics on problems small enough to work out by
// hand, and their gap to the optimum of a tight problem.
//
//===----------------------------------------------------------------------===//

#include "PlanningTestUtils.h"

using namespace mini::planning;
using namespace mini::planning::test;

namespace {

TEST(HeuristicsTest, RangesTouchingAtOneStepInterfere) {
  // Both ends are inclusive: [0,2] and [2,4] are live together at step 2.
  std::vector<BufferRequest> requests = {{64, 0, 2}, {64, 2, 4}};
  EXPECT_EQ(computeLowerBound(requests, 64), 128u);
  MemoryPlan plan = planChecked(requests, Strategy::BestFit, 64);
  EXPECT_NE(plan.placements[0].offset, plan.placements[1].offset);
}

TEST(HeuristicsTest, BestFitPicksTheSmallestGap) {
  // At steps >= 1 only B [100,190) and D [230,265) stay live, leaving a
  // 100-byte gap at 0 and a 40-byte gap at 190. E (30 bytes) must take the
  // 40-byte gap, where first-fit would take offset 0.
  std::vector<BufferRequest> requests = {
      {100, 0, 0}, // A -> 0
      {90, 0, 9},  // B -> 100
      {40, 0, 0},  // C -> 190
      {35, 0, 9},  // D -> 230
      {30, 1, 9},  // E -> 190
  };
  MemoryPlan plan = planChecked(requests, Strategy::BestFit, 1);
  std::vector<uint64_t> offsets;
  for (const BufferPlacement &p : plan.placements)
    offsets.push_back(p.offset);
  EXPECT_EQ(offsets, (std::vector<uint64_t>{0, 100, 190, 230, 190}));
  EXPECT_EQ(plan.getPlannedBytes(), 265u);
}

TEST(HeuristicsTest, LongerLiveRangeFirstAmongEqualSizes) {
  // Equal sizes: the long-lived buffer is placed first, at offset 0.
  std::vector<BufferRequest> requests = {{64, 0, 1}, {64, 0, 8}};
  MemoryPlan plan = planChecked(requests, Strategy::BestFit, 64);
  EXPECT_EQ(plan.placements[1].offset, 0u);
  EXPECT_EQ(plan.placements[0].offset, 64u);
}

TEST(HeuristicsTest, GreedyColorPoolIsItsLargestMember) {
  std::vector<BufferRequest> requests = {{1000, 0, 1}, {10, 2, 3}};
  MemoryPlan plan = planChecked(requests, Strategy::GreedyColor, 16);
  ASSERT_EQ(plan.poolSizes.size(), 1u);
  EXPECT_EQ(plan.poolSizes[0], 1008u);
  EXPECT_EQ(plan.placements[1].pool, 0u);
  EXPECT_EQ(plan.placements[1].offset, 0u);
}

TEST(HeuristicsTest, StayAboveTheOptimumOfATightProblem) {
  std::vector<BufferRequest> requests = tightProblem();
  ASSERT_EQ(computeLowerBound(requests, 1), 16u);
  for (Strategy strategy : kStrategies) {
    if (strategy == Strategy::Auto)
      continue;
    MemoryPlan plan = planChecked(requests, strategy, 1);
    EXPECT_GE(plan.getPlannedBytes(), 17u) << stringifyStrategy(strategy).str();
    EXPECT_FALSE(plan.optimal);
  }
}

} // namespace
