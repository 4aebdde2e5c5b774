//===- CheckerTest.cpp - the independent plan checker ---------------------===//
//
// verifyMemoryPlan: overlaps, misplaced and missing buffers, sharings, and
// that it catches plans scrambled on purpose.
//
//===----------------------------------------------------------------------===//

#include "PlanningTestUtils.h"

#include <random>

using namespace mini::planning;
using namespace mini::planning::test;

namespace {

std::string checkerMessage(const std::vector<BufferRequest> &requests,
                           const MemoryPlan &plan, uint64_t alignment) {
  return messageOf(verifyMemoryPlan(requests, plan, alignment));
}

TEST(CheckerTest, RejectsOverlapOfLiveBuffers) {
  std::vector<BufferRequest> requests = {{64, 0, 3}, {64, 3, 5}};
  MemoryPlan plan;
  plan.poolSizes = {128};
  plan.placements = {{0, 0}, {0, 0}};
  EXPECT_NE(checkerMessage(requests, plan, 64).find("overlaps"),
            std::string::npos);
  // Partial overlap from below and from above.
  plan.poolSizes = {256};
  requests = {{128, 0, 3}, {128, 1, 5}};
  plan.placements = {{0, 64}, {0, 0}};
  EXPECT_NE(checkerMessage(requests, plan, 64).find("overlaps"),
            std::string::npos);
  plan.placements = {{0, 0}, {0, 64}};
  EXPECT_NE(checkerMessage(requests, plan, 64).find("overlaps"),
            std::string::npos);
  // Different pools never overlap; disjoint live ranges may share bytes.
  plan.poolSizes = {128, 128};
  plan.placements = {{0, 0}, {1, 0}};
  EXPECT_EQ(checkerMessage(requests, plan, 64), "");
  requests = {{128, 0, 1}, {128, 2, 5}};
  plan.poolSizes = {128};
  plan.placements = {{0, 0}, {0, 0}};
  EXPECT_EQ(checkerMessage(requests, plan, 64), "");
}

TEST(CheckerTest, RejectsMisalignedOutOfPoolAndMissing) {
  std::vector<BufferRequest> requests = {{64, 0, 1}};
  MemoryPlan plan;
  plan.poolSizes = {128};
  plan.placements = {{0, 32}};
  EXPECT_NE(checkerMessage(requests, plan, 64).find("not a multiple"),
            std::string::npos);
  plan.placements = {{0, 128}};
  EXPECT_NE(checkerMessage(requests, plan, 64).find("overflows pool"),
            std::string::npos);
  plan.placements = {{1, 0}};
  EXPECT_NE(checkerMessage(requests, plan, 64).find("pools"),
            std::string::npos);
  plan.placements = {};
  EXPECT_NE(checkerMessage(requests, plan, 64).find("places 0 buffers"),
            std::string::npos);
  plan.poolSizes = {100};
  plan.placements = {{0, 0}};
  EXPECT_NE(checkerMessage(requests, plan, 64).find("pool 0 size"),
            std::string::npos);
}

TEST(CheckerTest, ScrambledPlansFail) {
  // Mutating one offset of a valid, tight plan onto a live neighbour must be
  // caught: the checker is not a rubber stamp.
  std::mt19937_64 rng(7);
  int caught = 0;
  for (int trial = 0; trial < 100; ++trial) {
    std::vector<BufferRequest> requests;
    for (int i = 0; i < 30; ++i) {
      int64_t start = std::uniform_int_distribution<int64_t>(0, 20)(rng);
      requests.push_back({64, start, start + 5});
    }
    MemoryPlan plan = planChecked(requests, Strategy::BestFit, 64);
    // Find two interfering buffers at different offsets and collide them.
    for (size_t a = 0; a < requests.size(); ++a)
      for (size_t b = a + 1; b < requests.size(); ++b)
        if (requests[a].start <= requests[b].end &&
            requests[b].start <= requests[a].end &&
            plan.placements[a].offset != plan.placements[b].offset) {
          plan.placements[b].offset = plan.placements[a].offset;
          EXPECT_NE(checkerMessage(requests, plan, 64), "");
          ++caught;
          a = requests.size();
          break;
        }
  }
  EXPECT_GT(caught, 50);
}

TEST(CheckerTest, RejectsUndeclaredOverlapsAndMisplacedSharingMembers) {
  MemoryPlan plan;
  plan.poolSizes = {128};
  plan.placements = {{0, 0}, {0, 0}, {0, 0}, {0, 64}, {0, 0}};
  EXPECT_EQ(messageOf(verifyMemoryPlan(kShared, plan, 64, kSharings)), "");
  // Siblings of one tree may not overlap: d declared onto c's slice while
  // both live. No plan can honor that: the sharings themselves are invalid,
  // for the checker and for planMemory (found by the planner's fuzz target,
  // which planMemory accepted and then produced a plan the checker refused).
  plan.placements[3].offset = 0;
  std::vector<BufferSharing> siblings = {{1, 0, 0}, {2, 4, 0}, {3, 4, 0}};
  std::string message =
      messageOf(verifyMemoryPlan(kShared, plan, 64, siblings));
  EXPECT_NE(message.find("buffers 2 and 3 share bytes of one host while both "
                         "live, but neither lives in the other"),
            std::string::npos)
      << message;
  EXPECT_NE(messageOf(validateSharings(kShared, siblings, 64)), "");
  llvm::Expected<MemoryPlan> refused =
      planMemory(kShared, Strategy::BestFit, 64, {}, siblings);
  EXPECT_FALSE(static_cast<bool>(refused));
  llvm::consumeError(refused.takeError());
  // A member away from its declared offset.
  message = messageOf(verifyMemoryPlan(kShared, plan, 64, kSharings));
  EXPECT_NE(message.find("shares buffer 4 at offset 64"), std::string::npos)
      << message;
}

} // namespace
