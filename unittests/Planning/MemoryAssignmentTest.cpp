//===- MemoryAssignmentTest.cpp - buffers across memories -----------------===//

#include "mini/Planning/MemoryAssignment.h"

#include "gtest/gtest.h"

#include <random>

using namespace mini::planning;

namespace {

TEST(MemoryAssignmentTest, ParsesMemories) {
  llvm::Expected<std::vector<MemorySpec>> specs =
      parseMemorySpecs("sram:262144,dram");
  ASSERT_TRUE(bool(specs));
  ASSERT_EQ(specs->size(), 2u);
  EXPECT_EQ((*specs)[0].name, "sram");
  EXPECT_EQ((*specs)[0].capacity, std::optional<uint64_t>(262144));
  EXPECT_EQ((*specs)[1].capacity, std::nullopt);
  for (const char *bad :
       {"", "sram:1,sram", "sram:lots,dram", "sram,dram", ":5,dram"}) {
    llvm::Expected<std::vector<MemorySpec>> parsed = parseMemorySpecs(bad);
    EXPECT_FALSE(bool(parsed)) << bad;
    llvm::consumeError(parsed.takeError());
  }
}

TEST(MemoryAssignmentTest, DensestBuffersGoToTheFastMemory) {
  // Three 64-byte buffers live together; the fast memory holds two. The
  // accessed bytes rank buffer 2, then 0, then 1.
  std::vector<BufferRequest> requests = {{64, 0, 2}, {64, 0, 2}, {64, 0, 2}};
  std::vector<uint64_t> accessed = {640, 64, 6400};
  std::vector<MemorySpec> memories = {{"sram", 128}, {"dram", std::nullopt}};
  llvm::Expected<MemoryAssignment> assignment = assignMemories(
      requests, accessed, memories, Strategy::Auto, /*alignment=*/64);
  ASSERT_TRUE(bool(assignment)) << llvm::toString(assignment.takeError());
  EXPECT_EQ(assignment->memoryOf, std::vector<unsigned>({0, 1, 0}));
  EXPECT_EQ(assignment->bytes, std::vector<uint64_t>({128, 64}));
  EXPECT_EQ(assignment->accessedBytes, std::vector<uint64_t>({7040, 64}));
}

TEST(MemoryAssignmentTest, ABoundedLastMemoryTooSmallIsAnError) {
  std::vector<BufferRequest> requests = {{64, 0, 2}, {64, 0, 2}, {64, 0, 2}};
  std::vector<MemorySpec> memories = {{"sram", 64}, {"dram", 64}};
  llvm::Expected<MemoryAssignment> assignment = assignMemories(
      requests, {1, 2, 3}, memories, Strategy::Auto, /*alignment=*/64);
  ASSERT_FALSE(bool(assignment));
  EXPECT_EQ(llvm::toString(assignment.takeError()),
            "memory 'dram' of 64 bytes cannot hold what the faster memories "
            "leave: its plan needs 128 bytes");
}

TEST(MemoryAssignmentTest, RandomProblemsFitAndAreChecked) {
  std::mt19937 rng(3);
  for (unsigned trial = 0; trial < 50; ++trial) {
    std::vector<BufferRequest> requests;
    std::vector<uint64_t> accessed;
    for (unsigned i = 0; i < 40; ++i) {
      int64_t start = rng() % 30;
      uint64_t size = 1 + rng() % 4000;
      requests.push_back({size, start, start + int64_t(rng() % 8)});
      accessed.push_back(size * (1 + rng() % 5));
    }
    // A sharing: buffer 1 in buffer 0 when their ranges touch.
    std::vector<BufferSharing> sharings;
    if (requests[0].end + 1 == requests[1].start &&
        requests[1].size <= requests[0].size)
      sharings.push_back({1, 0, 0});
    std::vector<MemorySpec> memories = {
        {"sram", 8192}, {"psram", 16384}, {"dram", std::nullopt}};
    llvm::Expected<MemoryAssignment> assignment = assignMemories(
        requests, accessed, memories, Strategy::Auto, 64, {}, sharings);
    ASSERT_TRUE(bool(assignment)) << llvm::toString(assignment.takeError());
    EXPECT_LE(assignment->bytes[0], 8192u);
    EXPECT_LE(assignment->bytes[1], 16384u);
    for (const BufferSharing &sharing : sharings)
      EXPECT_EQ(assignment->memoryOf[sharing.buffer],
                assignment->memoryOf[sharing.host]);
    for (auto [r, placement] : llvm::enumerate(assignment->plan.placements))
      EXPECT_EQ(assignment->poolMemory[placement.pool],
                assignment->memoryOf[r]);
    // The plan's figures are the whole problem's.
    const MemoryPlan &plan = assignment->plan;
    EXPECT_EQ(plan.naiveBytes, computeNaiveBytes(requests, 64));
    EXPECT_EQ(plan.sharedLowerBoundBytes,
              computeLowerBound(requests, 64, sharings));
    EXPECT_GE(plan.getPlannedBytes(), plan.sharedLowerBoundBytes);
    EXPECT_EQ(plan.optimal,
              plan.getPlannedBytes() == plan.sharedLowerBoundBytes);
    llvm::Expected<MemoryAssignment> again = assignMemories(
        requests, accessed, memories, Strategy::Auto, 64, {}, sharings);
    ASSERT_TRUE(bool(again));
    EXPECT_EQ(again->memoryOf, assignment->memoryOf); // deterministic
  }
}

} // namespace
