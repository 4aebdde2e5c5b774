//===- ProblemTest.cpp - requests, alignment and the figures of a problem -===//
//
// Validation of requests, aligned sizes, the naive size, the peak of live
// bytes (the lower bound) and pools laid end to end.
//
//===----------------------------------------------------------------------===//

#include "PlanningTestUtils.h"

using namespace mini::planning;
using namespace mini::planning::test;

namespace {

TEST(ProblemTest, RejectsBadAlignment) {
  for (uint64_t alignment : {0u, 3u, 48u, 100u}) {
    llvm::Expected<MemoryPlan> plan =
        planMemory({{8, 0, 1}}, Strategy::BestFit, alignment);
    ASSERT_FALSE(plan);
    EXPECT_NE(llvm::toString(plan.takeError()).find("power of two"),
              std::string::npos);
  }
}

TEST(ProblemTest, RejectsInvertedLiveRange) {
  llvm::Expected<MemoryPlan> plan =
      planMemory({{8, 0, 1}, {8, 5, 4}}, Strategy::BestFit, 8);
  ASSERT_FALSE(plan);
  EXPECT_NE(llvm::toString(plan.takeError()).find("buffer 1"),
            std::string::npos);
}

TEST(ProblemTest, ValidateRequestsNamesTheFirstOffender) {
  EXPECT_EQ(messageOf(validateRequests({}, 1)), "");
  EXPECT_EQ(messageOf(validateRequests({{0, 3, 3}, {kMaxPlanBytes, 0, 9}}, 1)),
            "");
  EXPECT_EQ(messageOf(validateRequests({{8, 0, 1}}, 12)),
            "alignment must be a power of two, got 12");
  EXPECT_EQ(messageOf(validateRequests({{8, 0, 1}, {8, 2, 1}, {8, 9, 3}}, 8)),
            "buffer 1: live range [2, 1] ends before it starts");
  EXPECT_EQ(messageOf(validateRequests({{8, 0, 1}, {kMaxPlanBytes, 0, 1}}, 2)),
            "buffer 1: size 9223372036854775807 bytes aligned to 2 exceeds "
            "2^63 - 1 bytes");
}

TEST(ProblemTest, AlignmentIsAPowerOfTwo) {
  for (uint64_t alignment : {uint64_t(1), uint64_t(2), uint64_t(64),
                             uint64_t(4096), uint64_t(1) << 63})
    EXPECT_TRUE(isValidAlignment(alignment)) << alignment;
  for (uint64_t alignment :
       {uint64_t(0), uint64_t(3), uint64_t(48), uint64_t(100), UINT64_MAX})
    EXPECT_FALSE(isValidAlignment(alignment)) << alignment;
}

TEST(ProblemTest, AlignedSizesRoundUpWithinTheLargestPlan) {
  EXPECT_EQ(getAlignedSize(0, 64), 0u);
  EXPECT_EQ(getAlignedSize(1, 64), 64u);
  EXPECT_EQ(getAlignedSize(64, 64), 64u);
  EXPECT_EQ(getAlignedSize(65, 64), 128u);
  EXPECT_EQ(getAlignedSize(kMaxPlanBytes, 1), kMaxPlanBytes);
  // The largest multiple of 64 that a plan can hold, and one byte more.
  EXPECT_EQ(getAlignedSize(kMaxPlanBytes - 63, 64), kMaxPlanBytes - 63);
  EXPECT_FALSE(getAlignedSize(kMaxPlanBytes - 62, 64).has_value());
  EXPECT_FALSE(getAlignedSize(UINT64_MAX, 1).has_value());
  EXPECT_EQ(getAlignedSizes({{1, 0, 0}, {100, 0, 0}, {0, 0, 0}}, 32),
            (std::vector<uint64_t>{32, 128, 0}));
}

TEST(ProblemTest, NaiveBytesSumTheAlignedSizes) {
  // Live ranges do not matter: one allocation per buffer.
  EXPECT_EQ(computeNaiveBytes({{1, 0, 0}, {100, 5, 9}, {0, 1, 1}}, 64), 192u);
  EXPECT_EQ(computeNaiveBytes({{1, 0, 0}, {100, 5, 9}, {0, 1, 1}}, 1), 101u);
  // Saturating: three of the largest buffers exceed 2^64.
  std::vector<BufferRequest> huge(3, {kMaxPlanBytes, 0, 0});
  EXPECT_EQ(computeNaiveBytes(huge, 1), UINT64_MAX);
  EXPECT_EQ(computeLowerBound(huge, 1), UINT64_MAX);
}

TEST(ProblemTest, PeakIsTheFirstStepOfTheLargestLiveSum) {
  // Live bytes per step: 10, 30, 20, 50, 0, 5, 5.
  std::vector<BufferRequest> requests = {
      {10, 0, 1}, {20, 1, 3}, {30, 3, 3}, {5, 5, 6}};
  LivePeak peak = computePeak(requests, 1);
  EXPECT_EQ(peak.bytes, 50u);
  EXPECT_EQ(peak.step, 3);
  EXPECT_EQ(computeLowerBound(requests, 1), 50u);
  // Aligned to 16: 16, 32, 32, 64, 0, 16, 16.
  peak = computePeak(requests, 16);
  EXPECT_EQ(peak.bytes, 64u);
  EXPECT_EQ(peak.step, 3);
  // Ties go to the first step; both ends are inclusive.
  peak = computePeak({{8, 4, 4}, {8, 0, 0}}, 1);
  EXPECT_EQ(peak.bytes, 8u);
  EXPECT_EQ(peak.step, 0);
  peak = computePeak({{8, 0, 2}, {8, 2, 4}}, 1);
  EXPECT_EQ(peak.bytes, 16u);
  EXPECT_EQ(peak.step, 2);
  // Zero-sized buffers still have a step; no buffers have none.
  peak = computePeak({{0, 7, 9}}, 64);
  EXPECT_EQ(peak.bytes, 0u);
  EXPECT_EQ(peak.step, 7);
  peak = computePeak({}, 64);
  EXPECT_EQ(peak.bytes, 0u);
  EXPECT_EQ(peak.step, -1);
}

TEST(ProblemTest, FlattenPoolsLaysPoolsEndToEnd) {
  MemoryPlan plan;
  plan.poolSizes = {64, 128, 32};
  plan.placements = {{1, 64}, {0, 0}, {2, 0}, {1, 0}};
  plan.strategy = Strategy::GreedyColor;
  MemoryPlan flat = flattenPools(plan);
  EXPECT_EQ(flat.poolSizes, (llvm::SmallVector<uint64_t, 4>{224}));
  std::vector<uint64_t> offsets;
  for (const BufferPlacement &p : flat.placements) {
    EXPECT_EQ(p.pool, 0u);
    offsets.push_back(p.offset);
  }
  EXPECT_EQ(offsets, (std::vector<uint64_t>{128, 0, 192, 64}));
  EXPECT_EQ(flat.getPlannedBytes(), plan.getPlannedBytes());
  EXPECT_EQ(flat.strategy, Strategy::GreedyColor);
  // No pools stay no pools.
  EXPECT_TRUE(flattenPools(MemoryPlan()).poolSizes.empty());
}

} // namespace
