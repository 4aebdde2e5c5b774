//===- SegmentSearchTest.cpp - choosing fusion segments and patch grids ---===//
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/SegmentSearch.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <functional>
#include <random>

using namespace mini::planning;

namespace {

/// Cuts 0..3: layer by layer each interval peaks at 100 (MACs 10); one
/// fused segment 0 -> 2 peaks at 40 for 25 MACs, one 1 -> 3 at 60 for 22.
std::vector<SegmentCandidate> getChain() {
  return {{0, 1, 100, 10},
          {1, 2, 100, 10},
          {2, 3, 30, 10},
          {0, 2, 40, 25},
          {1, 3, 60, 22}};
}

TEST(SegmentSearchTest, SmallestPeakWithinTheMacs) {
  std::vector<SegmentCandidate> chain = getChain();
  // Unconstrained: 0 -> 2 fused, then 2 -> 3: peak 40, 35 MACs.
  std::optional<SegmentPath> path = findMinPeakPath(chain, 3, UINT64_MAX);
  ASSERT_TRUE(path);
  EXPECT_EQ(path->candidates, std::vector<unsigned>({3, 2}));
  EXPECT_EQ(path->peakBytes, 40u);
  EXPECT_EQ(path->macs, 35u);
  // 34 MACs do not allow it, nor 1 -> 3 fused (0 -> 1 peaks at 100
  // anyway): layer by layer, 30 MACs, is the fewest at peak 100.
  path = findMinPeakPath(chain, 3, 34);
  ASSERT_TRUE(path);
  EXPECT_EQ(path->peakBytes, 100u);
  EXPECT_EQ(path->macs, 30u);
  EXPECT_EQ(path->candidates, std::vector<unsigned>({0, 1, 2}));
  // Fewer MACs than the network's own: no path.
  EXPECT_FALSE(findMinPeakPath(chain, 3, 29));
}

TEST(SegmentSearchTest, FewestMacsWithinTheBudget) {
  std::vector<SegmentCandidate> chain = getChain();
  std::optional<SegmentPath> path = findMinMacPath(chain, 3, 60);
  ASSERT_TRUE(path);
  // Both fused ways fit 60: 0 -> 2, 2 -> 3 (35 MACs) beats 0 -> 1 (100,
  // over the budget).
  EXPECT_EQ(path->candidates, std::vector<unsigned>({3, 2}));
  EXPECT_EQ(path->macs, 35u);
  EXPECT_FALSE(findMinMacPath(chain, 3, 39));
}

TEST(SegmentSearchTest, TiesGoToFewerSegmentsThenTheEarlierCandidate) {
  // Two ways of 20 MACs at peak 50: one segment or two; and a duplicate.
  std::vector<SegmentCandidate> candidates = {
      {0, 1, 50, 10}, {1, 2, 50, 10}, {0, 2, 50, 20}, {0, 2, 50, 20}};
  std::optional<SegmentPath> path = findMinMacPath(candidates, 2, 50);
  ASSERT_TRUE(path);
  EXPECT_EQ(path->candidates, std::vector<unsigned>({2}));
}

TEST(SegmentSearchTest, MatchesBruteForceOnRandomCandidates) {
  std::mt19937 rng(11);
  for (unsigned trial = 0; trial < 200; ++trial) {
    unsigned lastCut = 2 + rng() % 6;
    std::vector<SegmentCandidate> candidates;
    for (unsigned from = 0; from < lastCut; ++from)
      candidates.push_back({from, from + 1, 1 + rng() % 100, 1 + rng() % 20});
    for (unsigned k = 0; k < 3 * lastCut; ++k) {
      unsigned from = rng() % lastCut;
      unsigned to = from + 1 + rng() % (lastCut - from);
      candidates.push_back({from, to, 1 + rng() % 100, 1 + rng() % 60});
    }
    uint64_t maxMacs = 20 + rng() % 100;
    // Every path, by depth-first search.
    std::optional<std::pair<uint64_t, uint64_t>> best; // (peak, macs)
    std::function<void(unsigned, uint64_t, uint64_t)> visit =
        [&](unsigned cut, uint64_t peak, uint64_t macs) {
          if (cut == lastCut) {
            if (macs <= maxMacs &&
                (!best || std::make_pair(peak, macs) < *best))
              best = {peak, macs};
            return;
          }
          for (const SegmentCandidate &c : candidates)
            if (c.from == cut)
              visit(c.to, std::max(peak, c.peakBytes), macs + c.macs);
        };
    visit(0, 0, 0);
    std::optional<SegmentPath> path =
        findMinPeakPath(candidates, lastCut, maxMacs);
    ASSERT_EQ(path.has_value(), best.has_value()) << "trial " << trial;
    if (!path)
      continue;
    EXPECT_EQ(path->peakBytes, best->first) << "trial " << trial;
    EXPECT_EQ(path->macs, best->second) << "trial " << trial;
    // The path is connected and its figures are its candidates'.
    unsigned cut = 0;
    uint64_t peak = 0, macs = 0;
    for (unsigned index : path->candidates) {
      EXPECT_EQ(candidates[index].from, cut);
      cut = candidates[index].to;
      peak = std::max(peak, candidates[index].peakBytes);
      macs += candidates[index].macs;
    }
    EXPECT_EQ(cut, lastCut);
    EXPECT_EQ(peak, path->peakBytes);
    EXPECT_EQ(macs, path->macs);
  }
}

} // namespace
