//===- SchedulerTest.cpp - memory-aware operation scheduling --------------===//
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/Scheduler.h"

#include "llvm/ADT/STLExtras.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <random>

using namespace mini::planning;

namespace {

/// A graph in which node i writes buffer i of `bytes[i]` and reads the
/// buffers of `operands[i]`.
ScheduleGraph makeGraph(llvm::ArrayRef<uint64_t> bytes,
                        llvm::ArrayRef<std::vector<unsigned>> operands) {
  ScheduleGraph graph;
  for (auto [i, size] : llvm::enumerate(bytes)) {
    graph.buffers.push_back({size, false});
    ScheduleNode node;
    node.buffers.push_back(i);
    for (unsigned operand : operands[i]) {
      node.buffers.push_back(operand);
      node.predecessors.push_back(operand);
    }
    graph.nodes.push_back(node);
  }
  return graph;
}

/// The least peak over every topological order, by enumeration.
uint64_t bruteForcePeak(const ScheduleGraph &graph) {
  std::vector<unsigned> order(graph.nodes.size());
  std::iota(order.begin(), order.end(), 0);
  uint64_t best = UINT64_MAX;
  do {
    if (isTopologicalOrder(graph, order))
      best = std::min(best, computeSchedulePeak(graph, order));
  } while (std::next_permutation(order.begin(), order.end()));
  return best;
}

/// A random graph of `n` nodes: each reads up to two earlier buffers, some
/// buffers are shared by two writers (a concatenation written in parts),
/// some nodes may write in place of what they read, the last is live out.
ScheduleGraph makeRandomGraph(std::mt19937 &rng, unsigned n) {
  ScheduleGraph graph;
  for (unsigned i = 0; i < n; ++i) {
    ScheduleNode node;
    unsigned written;
    if (i > 1 && rng() % 5 == 0) {
      // Writes a part of an earlier node's buffer, after that node.
      unsigned earlier = rng() % i;
      written = graph.nodes[earlier].buffers.front();
      node.predecessors.push_back(earlier);
    } else {
      written = graph.buffers.size();
      graph.buffers.push_back({1 + rng() % 64, false});
    }
    node.buffers.push_back(written);
    for (unsigned k = 0; k < 2 && i > 0; ++k) {
      unsigned producer = rng() % i;
      unsigned read = graph.nodes[producer].buffers.front();
      if (!llvm::is_contained(node.buffers, read))
        node.buffers.push_back(read);
      if (!llvm::is_contained(node.predecessors, producer))
        node.predecessors.push_back(producer);
      if (rng() % 3 == 0 && read != written)
        node.inPlace.push_back({read, written});
    }
    graph.nodes.push_back(node);
  }
  graph.buffers[graph.nodes.back().buffers.front()].liveOut = true;
  return graph;
}

TEST(SchedulerTest, FinishesABranchBeforeStartingTheNext) {
  // 0, 1: 4096-byte branches of the input; 2, 3: each shrinks one to 256;
  // 4 joins them and is returned.
  ScheduleGraph graph =
      makeGraph({4096, 4096, 256, 256, 256}, {{}, {}, {0}, {1}, {2, 3}});
  graph.buffers[4].liveOut = true;
  EXPECT_EQ(computeSchedulePeak(graph, {0, 1, 2, 3, 4}), 8448u);
  std::vector<unsigned> order = scheduleGreedy(graph);
  EXPECT_EQ(order, std::vector<unsigned>({0, 2, 1, 3, 4}));
  EXPECT_EQ(computeSchedulePeak(graph, order), 4608u);
  ScheduleSearchResult result = searchSchedule(graph);
  EXPECT_EQ(result.peakBytes, 4608u);
  EXPECT_TRUE(result.proven);
}

TEST(SchedulerTest, CountsASharedBufferOnceFromItsFirstWriter) {
  // Nodes 0 and 1 write the two halves of buffer 0 (a concatenation), node
  // 2 reads it: 1024 bytes live from node 0 on, not 2048.
  ScheduleGraph graph;
  graph.buffers = {{1024, true}};
  graph.nodes.resize(3);
  graph.nodes[0].buffers = {0};
  graph.nodes[1].buffers = {0};
  graph.nodes[2].buffers = {0};
  graph.nodes[2].predecessors = {0, 1};
  EXPECT_EQ(computeSchedulePeak(graph, {0, 1, 2}), 1024u);
  EXPECT_EQ(computeScheduleLowerBound(graph), 1024u);
}

TEST(SchedulerTest, InPlaceReuseNeedsTheHostToDieAtTheStep) {
  // Node 1 may write buffer 1 over buffer 0; node 2 reads buffer 0 too.
  ScheduleGraph graph = makeGraph({100, 100, 10}, {{}, {0}, {0}});
  graph.nodes[1].inPlace.push_back({0, 1});
  // 0 dies at 1 when 2 ran first: 100 + 10 at node 2's step.
  EXPECT_EQ(computeSchedulePeak(graph, {0, 2, 1}), 110u);
  // 0 is still read by 2: no reuse at node 1's step.
  EXPECT_EQ(computeSchedulePeak(graph, {0, 1, 2}), 200u);
  EXPECT_EQ(searchSchedule(graph).peakBytes, 110u);
}

TEST(SchedulerTest, ExactSearchMatchesBruteForce) {
  std::mt19937 rng(11);
  unsigned improved = 0;
  for (unsigned trial = 0; trial < 600; ++trial) {
    ScheduleGraph graph = makeRandomGraph(rng, 3 + trial % 6);
    ScheduleSearchResult result = searchSchedule(graph);
    ASSERT_TRUE(isTopologicalOrder(graph, result.order));
    EXPECT_EQ(result.peakBytes, computeSchedulePeak(graph, result.order));
    EXPECT_TRUE(result.proven);
    EXPECT_EQ(result.peakBytes, bruteForcePeak(graph)) << "trial " << trial;
    if (result.peakBytes < computeSchedulePeak(graph, scheduleGreedy(graph)))
      ++improved;
  }
  // The graphs are hard enough that greedy is not always optimal.
  EXPECT_GT(improved, 0u);
}

TEST(SchedulerTest, BeamSearchUnderAStateBudget) {
  std::mt19937 rng(5);
  for (unsigned trial = 0; trial < 20; ++trial) {
    ScheduleGraph graph = makeRandomGraph(rng, 120);
    std::vector<unsigned> program(graph.nodes.size());
    std::iota(program.begin(), program.end(), 0);
    uint64_t bound =
        std::min(computeSchedulePeak(graph, program),
                 computeSchedulePeak(graph, scheduleGreedy(graph)));
    ScheduleSearchOptions options;
    options.maxStates = 50;
    options.beamWidth = 8;
    ScheduleSearchResult result = searchSchedule(graph, options);
    ASSERT_TRUE(isTopologicalOrder(graph, result.order));
    EXPECT_LE(result.peakBytes, bound);
    EXPECT_EQ(result.peakBytes, computeSchedulePeak(graph, result.order));
    if (result.kind == ScheduleSearchKind::Beam) {
      EXPECT_FALSE(result.proven);
    }
    // Deterministic.
    ScheduleSearchResult again = searchSchedule(graph, options);
    EXPECT_EQ(again.order, result.order);
    EXPECT_EQ(again.states, result.states);
  }
}

TEST(SchedulerTest, KeepsDependenciesOnLargeRandomGraphs) {
  std::mt19937 rng(7);
  for (unsigned trial = 0; trial < 3; ++trial) {
    ScheduleGraph graph = makeRandomGraph(rng, 3000);
    std::vector<unsigned> order = scheduleGreedy(graph);
    ASSERT_TRUE(isTopologicalOrder(graph, order));
    EXPECT_EQ(scheduleGreedy(graph), order); // deterministic
  }
}

} // namespace
