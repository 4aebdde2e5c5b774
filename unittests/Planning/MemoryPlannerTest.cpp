//===- MemoryPlannerTest.cpp - planMemory, the driver ---------------------===//
//
// Every strategy through planMemory on edge cases, `auto`'s exact search,
// node budgets, capacities and time limits, and the figures planMemory
// returns with a plan.
//
//===----------------------------------------------------------------------===//

#include "PlanningTestUtils.h"

#include <chrono>
#include <random>

using namespace mini::planning;
using namespace mini::planning::test;

namespace {

TEST(MemoryPlannerTest, ZeroBuffers) {
  for (Strategy s : kStrategies) {
    MemoryPlan plan = planChecked({}, s, 64);
    EXPECT_TRUE(plan.placements.empty());
    EXPECT_EQ(plan.getPlannedBytes(), 0u);
  }
  EXPECT_EQ(computeLowerBound({}, 64), 0u);
  EXPECT_EQ(computeNaiveBytes({}, 64), 0u);
}

TEST(MemoryPlannerTest, OneBufferIsAlignedUp) {
  std::vector<BufferRequest> requests = {{100, 3, 7}};
  for (Strategy s : kStrategies) {
    MemoryPlan plan = planChecked(requests, s, 64);
    ASSERT_EQ(plan.poolSizes.size(), 1u);
    EXPECT_EQ(plan.poolSizes[0], 128u);
    EXPECT_EQ(plan.placements[0].offset, 0u);
  }
  EXPECT_EQ(computeLowerBound(requests, 64), 128u);
}

TEST(MemoryPlannerTest, DisjointRangesShareMemory) {
  // [0,1] and [2,3] never live together; [1,2] overlaps both.
  std::vector<BufferRequest> requests = {{64, 0, 1}, {64, 2, 3}, {64, 1, 2}};
  EXPECT_EQ(computeLowerBound(requests, 64), 128u);
  for (Strategy s : kStrategies) {
    MemoryPlan plan = planChecked(requests, s, 64);
    EXPECT_EQ(plan.getPlannedBytes(), 128u) << stringifyStrategy(s).str();
  }
}

TEST(MemoryPlannerTest, IdenticalLiveRangesStack) {
  std::vector<BufferRequest> requests(5, BufferRequest{256, 4, 9});
  EXPECT_EQ(computeLowerBound(requests, 64), 5 * 256u);
  for (Strategy s : kStrategies) {
    MemoryPlan plan = planChecked(requests, s, 64);
    EXPECT_EQ(plan.getPlannedBytes(), 5 * 256u);
  }
}

TEST(MemoryPlannerTest, EqualSizesAreDeterministic) {
  std::vector<BufferRequest> requests;
  for (int i = 0; i < 20; ++i)
    requests.push_back({512, i % 7, i % 7 + 3});
  for (Strategy s : kStrategies) {
    MemoryPlan a = planChecked(requests, s, 64);
    MemoryPlan b = planChecked(requests, s, 64);
    ASSERT_EQ(a.placements.size(), b.placements.size());
    for (size_t i = 0; i < a.placements.size(); ++i) {
      EXPECT_EQ(a.placements[i].pool, b.placements[i].pool);
      EXPECT_EQ(a.placements[i].offset, b.placements[i].offset);
    }
    EXPECT_EQ(a.poolSizes, b.poolSizes);
  }
}

TEST(MemoryPlannerTest, ZeroSizedBuffersTakeNoMemory) {
  std::vector<BufferRequest> requests = {{0, 0, 5}, {0, 0, 5}, {64, 0, 5}};
  EXPECT_EQ(computeLowerBound(requests, 64), 64u);
  for (Strategy s : kStrategies)
    EXPECT_EQ(planChecked(requests, s, 64).getPlannedBytes(), 64u);
}

TEST(MemoryPlannerTest, AlignmentRoundsEveryOffset) {
  std::vector<BufferRequest> requests = {{1, 0, 3}, {3, 0, 3}, {5, 0, 3}};
  for (uint64_t alignment : {1u, 8u, 256u, 4096u}) {
    MemoryPlan plan = planChecked(requests, Strategy::BestFit, alignment);
    for (const BufferPlacement &p : plan.placements)
      EXPECT_EQ(p.offset % alignment, 0u);
    EXPECT_EQ(plan.getPlannedBytes(), computeLowerBound(requests, alignment));
  }
  // With alignment 1 the three buffers pack to their exact sizes.
  EXPECT_EQ(computeLowerBound(requests, 1), 9u);
}

TEST(MemoryPlannerTest, HugeSizes) {
  // One huge buffer fits; its alignment overflow is an error, and so is an
  // arena beyond 2^63 - 1 bytes.
  uint64_t big = uint64_t(1) << 62;
  for (Strategy s : kStrategies) {
    MemoryPlan plan = planChecked({{big, 0, 1}}, s, 64);
    EXPECT_EQ(plan.getPlannedBytes(), big);
  }
  EXPECT_FALSE(getAlignedSize(kMaxPlanBytes, 64).has_value());
  llvm::Expected<MemoryPlan> overflow =
      planMemory({{kMaxPlanBytes, 0, 1}}, Strategy::BestFit, 64);
  ASSERT_FALSE(overflow);
  llvm::consumeError(overflow.takeError());
  llvm::Expected<MemoryPlan> tooBig = planMemory(
      {{big, 0, 1}, {big, 0, 1}, {big, 0, 1}}, Strategy::BestFit, 64);
  ASSERT_FALSE(tooBig);
  EXPECT_NE(llvm::toString(tooBig.takeError()).find("2^63"), std::string::npos);
  // Disjoint huge buffers reuse the same bytes and plan fine.
  MemoryPlan reuse = planChecked({{big, 0, 1}, {big, 2, 3}, {big, 4, 5}},
                                 Strategy::BestFit, 64);
  EXPECT_EQ(reuse.getPlannedBytes(), big);
}

TEST(MemoryPlannerTest, ReturnsTheFiguresOfTheProblem) {
  // kShared: a (0-2) and b (1-4) of 64 bytes, c (5-6) and d (6-7) of 64,
  // e (7-9) of 128. Without sharings d and e at step 7 are the peak, 192
  // bytes; with them the trees {a, b} (64 bytes, steps 0-4) and {c, d, e}
  // (128 bytes, steps 5-9) never meet: 128 bytes, first at step 5.
  for (Strategy s : kStrategies) {
    llvm::Expected<MemoryPlan> plan = planMemory(kShared, s, 64, {}, kSharings);
    ASSERT_TRUE(static_cast<bool>(plan)) << llvm::toString(plan.takeError());
    EXPECT_EQ(plan->naiveBytes, 4 * 64u + 128u);
    EXPECT_EQ(plan->lowerBoundBytes, 192u);
    EXPECT_EQ(plan->sharedLowerBoundBytes, 128u);
    EXPECT_EQ(plan->peak.bytes, 128u);
    EXPECT_EQ(plan->peak.step, 5);
    EXPECT_GE(plan->getPlannedBytes(), plan->sharedLowerBoundBytes);
  }
  // Without sharings, both lower bounds are the peak of live bytes, of the
  // aligned sizes: 1 -> 64 at step 0, 100 -> 128 on 1-2, 30 -> 64 on 2-3.
  std::vector<BufferRequest> requests = {{1, 0, 0}, {100, 1, 2}, {30, 2, 3}};
  for (Strategy s : kStrategies) {
    llvm::Expected<MemoryPlan> plan = planMemory(requests, s, 64);
    ASSERT_TRUE(static_cast<bool>(plan)) << llvm::toString(plan.takeError());
    EXPECT_EQ(plan->naiveBytes, 256u);
    EXPECT_EQ(plan->lowerBoundBytes, 192u);
    EXPECT_EQ(plan->sharedLowerBoundBytes, 192u);
    EXPECT_EQ(plan->peak.bytes, 192u);
    EXPECT_EQ(plan->peak.step, 2);
  }
  // No buffers: no peak step.
  llvm::Expected<MemoryPlan> empty = planMemory({}, Strategy::Auto, 64);
  ASSERT_TRUE(static_cast<bool>(empty));
  EXPECT_EQ(empty->naiveBytes, 0u);
  EXPECT_EQ(empty->lowerBoundBytes, 0u);
  EXPECT_EQ(empty->peak.bytes, 0u);
  EXPECT_EQ(empty->peak.step, -1);
}

TEST(MemoryPlannerTest, AutoSearchesToTheOptimum) {
  std::vector<BufferRequest> requests = tightProblem();
  MemoryPlan plan = planChecked(requests, Strategy::Auto, 1);
  EXPECT_EQ(plan.getPlannedBytes(), 16u);
  EXPECT_TRUE(plan.optimal);
  EXPECT_EQ(plan.strategy, Strategy::Auto);
  EXPECT_GT(plan.searchNodes, 0u);
  EXPECT_FALSE(plan.hitNodeBudget);
  // Deterministic: the same offsets again.
  MemoryPlan again = planChecked(requests, Strategy::Auto, 1);
  for (size_t i = 0; i < requests.size(); ++i)
    EXPECT_EQ(plan.placements[i].offset, again.placements[i].offset);
}

TEST(MemoryPlannerTest, AutoStopsAtTheNodeBudget) {
  SearchOptions search;
  search.maxNodes = 1;
  llvm::Expected<MemoryPlan> plan =
      planMemory(tightProblem(), Strategy::Auto, 1, search);
  ASSERT_TRUE(static_cast<bool>(plan)) << llvm::toString(plan.takeError());
  EXPECT_TRUE(plan->hitNodeBudget);
  EXPECT_FALSE(plan->optimal);
  EXPECT_GE(plan->getPlannedBytes(), 17u);
  EXPECT_FALSE(static_cast<bool>(verifyMemoryPlan(tightProblem(), *plan, 1)));
}

TEST(MemoryPlannerTest, CapacityIsADecisionProblem) {
  std::vector<BufferRequest> requests = tightProblem();
  SearchOptions search;
  search.capacity = 15;
  llvm::Expected<MemoryPlan> none =
      planMemory(requests, Strategy::Auto, 1, search);
  ASSERT_FALSE(static_cast<bool>(none));
  EXPECT_EQ(llvm::toString(none.takeError()),
            "no plan within 15 bytes exists (infeasible, proven): the lower "
            "bound (peak live bytes) is 16");
  search.capacity = 16;
  llvm::Expected<MemoryPlan> fits =
      planMemory(requests, Strategy::Auto, 1, search);
  ASSERT_TRUE(static_cast<bool>(fits)) << llvm::toString(fits.takeError());
  EXPECT_LE(fits->getPlannedBytes(), 16u);
  llvm::Expected<MemoryPlan> heuristic =
      planMemory(requests, Strategy::BestFit, 1, search);
  ASSERT_FALSE(static_cast<bool>(heuristic));
  EXPECT_NE(
      llvm::toString(heuristic.takeError())
          .find("no plan within 16 bytes found (unknown): best-fit needs"),
      std::string::npos);
}

TEST(MemoryPlannerTest, FittingACapacityIsNotOptimality) {
  // The tight problem's optimum is 16; a capacity of 1000 is met by the
  // heuristics, which must not claim optimality.
  SearchOptions search;
  search.capacity = 1000;
  llvm::Expected<MemoryPlan> plan =
      planMemory(tightProblem(), Strategy::Auto, 1, search);
  ASSERT_TRUE(static_cast<bool>(plan));
  EXPECT_GT(plan->getPlannedBytes(), 16u);
  EXPECT_FALSE(plan->optimal);
  // A capacity the exact search meets above the optimum: still not optimal.
  search.capacity = 20;
  plan = planMemory(tightProblem(), Strategy::Auto, 1, search);
  ASSERT_TRUE(static_cast<bool>(plan));
  EXPECT_EQ(plan->optimal, plan->getPlannedBytes() == 16u);
}

TEST(MemoryPlannerTest, TimeLimitHoldsOnLargeProblems) {
  // 200,000 buffers: the heuristics after the first and the search must
  // respect the limit (the first heuristic's plan is always kept).
  std::mt19937_64 rng(3);
  std::vector<BufferRequest> requests;
  for (int i = 0; i < 200000; ++i) {
    int64_t start = std::uniform_int_distribution<int64_t>(0, 200000)(rng);
    requests.push_back(
        {std::uniform_int_distribution<uint64_t>(1, 4096)(rng), start,
         start + std::uniform_int_distribution<int64_t>(0, 50)(rng)});
  }
  SearchOptions search;
  search.timeLimitMs = 300;
  auto start = std::chrono::steady_clock::now();
  llvm::Expected<MemoryPlan> plan =
      planMemory(requests, Strategy::Auto, 1, search);
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start)
                  .count();
  ASSERT_TRUE(static_cast<bool>(plan));
  EXPECT_FALSE(static_cast<bool>(verifyMemoryPlan(requests, *plan, 1)));
  // Generous: the machine may be loaded; the benchmark measures the 10%.
  EXPECT_LT(ms, 3000.0);
}

} // namespace
