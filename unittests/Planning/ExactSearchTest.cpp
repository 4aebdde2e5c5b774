//===- ExactSearchTest.cpp - exact buffer assignment ----------------------===//
//
//===----------------------------------------------------------------------===//

#include "PlanningTestUtils.h"

#include "mini/Planning/ExactSearch.h"

using namespace mini::planning;
using namespace mini::planning::test;

namespace {

TEST(ExactSearchTest, DecidesTheTightProblem) {
  std::vector<BufferRequest> requests = tightProblem();
  std::vector<uint64_t> sizes;
  for (const BufferRequest &r : requests)
    sizes.push_back(r.size);
  ExactSearch search(requests, sizes);
  std::vector<uint64_t> offsets;
  EXPECT_EQ(search.decide(15, {}, offsets), SearchResult::Infeasible);
  EXPECT_EQ(search.decide(16, {}, offsets), SearchResult::Feasible);
  MemoryPlan plan;
  plan.poolSizes = {16};
  for (uint64_t offset : offsets)
    plan.placements.push_back({0, offset});
  EXPECT_FALSE(static_cast<bool>(verifyMemoryPlan(requests, plan, 1)));
  uint64_t before = search.getNodes();
  EXPECT_EQ(search.decide(16, {1, {}}, offsets), SearchResult::Unknown);
  EXPECT_TRUE(search.hitNodeBudget());
  EXPECT_EQ(search.getNodes(), before + 1);
}

} // namespace
