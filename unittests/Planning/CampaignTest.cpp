//===- CampaignTest.cpp - randomized campaigns over the whole library -----===//
//
// Randomized problems through every strategy and mode of planMemory, whose
// plans must pass the library's checker and an overlap check written apart
// from it, stay between the lower bound (checked by brute force) and the
// naive size, and be called optimal only when they are (checked against a
// brute-force optimum). Issue: greedy-color's pools in a one-address-space
// CSV, "optimal" for a plan that merely fits a capacity.
//
//===----------------------------------------------------------------------===//

#include "PlanningTestUtils.h"

#include <algorithm>
#include <numeric>
#include <random>

using namespace mini::planning;
using namespace mini::planning::test;

namespace {

/// Lower bound by brute force over every step.
uint64_t bruteForceLowerBound(const std::vector<BufferRequest> &requests,
                              uint64_t alignment) {
  uint64_t peak = 0;
  int64_t last = 0;
  for (const BufferRequest &r : requests)
    last = std::max(last, r.end);
  for (int64_t step = 0; step <= last; ++step) {
    uint64_t live = 0;
    for (const BufferRequest &r : requests)
      if (r.start <= step && step <= r.end)
        live += *getAlignedSize(r.size, alignment);
    peak = std::max(peak, live);
  }
  return peak;
}

/// Overlap check written apart from the library's checker: every pair.
std::string bruteForceOverlap(const std::vector<BufferRequest> &requests,
                              const MemoryPlan &plan, uint64_t alignment) {
  for (size_t a = 0; a < requests.size(); ++a) {
    uint64_t sizeA = (requests[a].size + alignment - 1) / alignment * alignment;
    const BufferPlacement &pa = plan.placements[a];
    if (pa.offset % alignment != 0 ||
        pa.offset + sizeA > plan.poolSizes[pa.pool])
      return "buffer " + std::to_string(a) + " misplaced";
    for (size_t b = a + 1; b < requests.size(); ++b) {
      uint64_t sizeB =
          (requests[b].size + alignment - 1) / alignment * alignment;
      const BufferPlacement &pb = plan.placements[b];
      bool liveTogether = requests[a].start <= requests[b].end &&
                          requests[b].start <= requests[a].end;
      bool overlap = pa.pool == pb.pool && pa.offset < pb.offset + sizeB &&
                     pb.offset < pa.offset + sizeA;
      if (sizeA && sizeB && liveTogether && overlap)
        return "buffers " + std::to_string(a) + " and " + std::to_string(b) +
               " overlap";
    }
  }
  return "";
}

/// The optimum of a problem of at most 7 buffers: the lowest-fit packing
/// over every order (every plan pushed down is one of them).
uint64_t bruteForceOptimum(const std::vector<BufferRequest> &requests,
                           uint64_t alignment) {
  std::vector<unsigned> order(requests.size());
  std::iota(order.begin(), order.end(), 0u);
  uint64_t best = UINT64_MAX;
  do {
    std::vector<std::pair<unsigned, uint64_t>> placed;
    uint64_t peak = 0;
    for (unsigned i : order) {
      uint64_t size =
          (requests[i].size + alignment - 1) / alignment * alignment;
      if (size == 0)
        continue;
      std::vector<std::pair<uint64_t, uint64_t>> busy;
      for (auto [j, offset] : placed) {
        uint64_t sizeJ =
            (requests[j].size + alignment - 1) / alignment * alignment;
        if (requests[i].start <= requests[j].end &&
            requests[j].start <= requests[i].end)
          busy.push_back({offset, offset + sizeJ});
      }
      std::sort(busy.begin(), busy.end());
      uint64_t offset = 0;
      for (auto [begin, end] : busy) {
        if (begin >= offset + size)
          break;
        offset = std::max(offset, end);
      }
      placed.push_back({i, offset});
      peak = std::max(peak, offset + size);
    }
    best = std::min(best, peak);
  } while (std::next_permutation(order.begin(), order.end()));
  return best;
}

TEST(CampaignTest, RandomizedPlansPassTheChecker) {
  std::mt19937_64 rng(20261120);
  for (int trial = 0; trial < 300; ++trial) {
    int n = std::uniform_int_distribution<int>(1, 120)(rng);
    int steps = std::uniform_int_distribution<int>(1, 200)(rng);
    uint64_t alignment = uint64_t(1)
                         << std::uniform_int_distribution<int>(0, 8)(rng);
    std::vector<BufferRequest> requests;
    for (int i = 0; i < n; ++i) {
      int64_t start = std::uniform_int_distribution<int64_t>(0, steps)(rng);
      int64_t length = std::uniform_int_distribution<int64_t>(0, 30)(rng);
      uint64_t size = std::uniform_int_distribution<uint64_t>(0, 1 << 16)(rng);
      requests.push_back({size, start, start + length});
    }
    uint64_t bound = computeLowerBound(requests, alignment);
    ASSERT_EQ(bound, bruteForceLowerBound(requests, alignment));
    uint64_t naive = computeNaiveBytes(requests, alignment);
    for (Strategy s : kStrategies) {
      MemoryPlan plan = planChecked(requests, s, alignment);
      EXPECT_GE(plan.getPlannedBytes(), bound);
      EXPECT_LE(plan.getPlannedBytes(), naive);
    }
  }
}

TEST(CampaignTest, EveryStrategyAndModeGivesValidPlansAndTrueOptimality) {
  std::mt19937_64 rng(7);
  unsigned checked = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    int n = std::uniform_int_distribution<int>(1, 7)(rng);
    int steps = std::uniform_int_distribution<int>(2, 40)(rng);
    uint64_t alignment = trial % 3 == 0 ? 16 : 1;
    std::vector<BufferRequest> requests;
    for (int i = 0; i < n; ++i) {
      int64_t start = std::uniform_int_distribution<int64_t>(0, steps)(rng);
      int64_t length = std::uniform_int_distribution<int64_t>(0, 12)(rng);
      uint64_t size = std::uniform_int_distribution<uint64_t>(0, 3000)(rng);
      requests.push_back({size, start, start + length});
    }
    uint64_t optimum = bruteForceOptimum(requests, alignment);
    uint64_t bound = computeLowerBound(requests, alignment);
    std::vector<SearchOptions> modes(4);
    modes[1].maxNodes = 1;
    modes[2].capacity = optimum;
    modes[3].capacity = bound;
    for (Strategy s : kStrategies) {
      for (const SearchOptions &mode : modes) {
        llvm::Expected<MemoryPlan> plan =
            planMemory(requests, s, alignment, mode);
        if (!plan) {
          std::string message = llvm::toString(plan.takeError());
          // Only a capacity may be refused; auto never refuses the optimum.
          EXPECT_TRUE(mode.capacity.has_value()) << message;
          EXPECT_FALSE(s == Strategy::Auto && mode.capacity == optimum &&
                       mode.maxNodes > 1)
              << message;
          continue;
        }
        // What a one-address-space front end writes: pools end to end.
        MemoryPlan flat = flattenPools(*plan);
        ASSERT_EQ(flat.getPlannedBytes(), plan->getPlannedBytes());
        ASSERT_EQ(bruteForceOverlap(requests, flat, alignment), "")
            << stringifyStrategy(s).str() << " trial " << trial;
        ASSERT_EQ(bruteForceOverlap(requests, *plan, alignment), "");
        EXPECT_GE(plan->getPlannedBytes(), optimum);
        if (plan->optimal) {
          EXPECT_EQ(plan->getPlannedBytes(), optimum)
              << stringifyStrategy(s).str() << " trial " << trial;
        }
        EXPECT_LE(plan->provenLowerBound, optimum);
        if (mode.capacity) {
          EXPECT_LE(plan->getPlannedBytes(), *mode.capacity);
        }
        ++checked;
      }
    }
    // Unbudgeted, auto reaches and proves the optimum of these small problems.
    llvm::Expected<MemoryPlan> exact =
        planMemory(requests, Strategy::Auto, alignment, {1000000, 0, {}});
    ASSERT_TRUE(static_cast<bool>(exact));
    EXPECT_EQ(exact->getPlannedBytes(), optimum) << "trial " << trial;
    EXPECT_TRUE(exact->optimal) << "trial " << trial;
  }
  EXPECT_GT(checked, 60000u);
}

} // namespace
