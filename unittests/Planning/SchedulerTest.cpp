//===- SchedulerTest.cpp - memory-aware operation scheduling --------------===//
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/Scheduler.h"

#include "llvm/ADT/STLExtras.h"

#include "gtest/gtest.h"

#include <random>

using namespace mini::planning;

namespace {

TEST(SchedulerTest, FinishesABranchBeforeStartingTheNext) {
  // 0, 1: 4096-byte branches of the input; 2, 3: each shrinks one to 256;
  // 4 joins them and is returned.
  std::vector<ScheduleNode> nodes(5);
  nodes[0].bytes = nodes[1].bytes = 4096;
  nodes[2] = {256, {0}, {}, false};
  nodes[3] = {256, {1}, {}, false};
  nodes[4] = {256, {2, 3}, {}, true};
  EXPECT_EQ(computeSchedulePeak(nodes, {0, 1, 2, 3, 4}), 8448u);
  std::vector<unsigned> order = scheduleForMemory(nodes);
  EXPECT_EQ(order, std::vector<unsigned>({0, 2, 1, 3, 4}));
  EXPECT_EQ(computeSchedulePeak(nodes, order), 4608u);
}

TEST(SchedulerTest, KeepsDependenciesOnLargeRandomGraphs) {
  std::mt19937 rng(7);
  for (unsigned trial = 0; trial < 5; ++trial) {
    std::vector<ScheduleNode> nodes(5000);
    for (unsigned i = 0; i < nodes.size(); ++i) {
      nodes[i].bytes = rng() % 4096;
      for (unsigned k = 0; k < 2 && i > 0; ++k) {
        unsigned operand = i - 1 - rng() % std::min(i, 50u);
        if (!llvm::is_contained(nodes[i].operands, operand))
          nodes[i].operands.push_back(operand);
      }
      if (i > 0 && rng() % 10 == 0)
        nodes[i].after.push_back(i - 1);
    }
    nodes.back().liveOut = true;
    std::vector<unsigned> order = scheduleForMemory(nodes);
    ASSERT_EQ(order.size(), nodes.size());
    std::vector<int> position(nodes.size(), -1);
    for (auto [p, n] : llvm::enumerate(order))
      position[n] = p;
    for (unsigned i = 0; i < nodes.size(); ++i) {
      ASSERT_GE(position[i], 0);
      for (unsigned operand : nodes[i].operands)
        EXPECT_LT(position[operand], position[i]);
      for (unsigned before : nodes[i].after)
        EXPECT_LT(position[before], position[i]);
    }
    EXPECT_EQ(scheduleForMemory(nodes), order); // deterministic
  }
}

} // namespace
