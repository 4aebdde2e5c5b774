//===- SharingTest.cpp - buffers that live inside other buffers -----------===//
//
// The sharing forest: its lower bound, its validation, plans that place
// the members at their declared offsets, and the selection of sharings
// (SharingSelector, selectSharings).
//
//===----------------------------------------------------------------------===//

#include "PlanningTestUtils.h"

#include "llvm/ADT/Sequence.h"

#include <algorithm>
#include <random>

using namespace mini::planning;
using namespace mini::planning::test;

namespace {

/// Returns `members` with the first kept and the rest sorted: a tree's
/// members are its root first, the others in no specified order.
std::vector<unsigned> rootThenSorted(llvm::ArrayRef<unsigned> members) {
  std::vector<unsigned> result(members.begin(), members.end());
  if (!result.empty())
    std::sort(result.begin() + 1, result.end());
  return result;
}

TEST(SharingTest, LowerBoundCountsEachTreeOnce) {
  EXPECT_EQ(computeLowerBound(kShared, 64), 192u);
  EXPECT_EQ(computeLowerBound(kShared, 64, kSharings), 128u);
}

TEST(SharingTest, EveryStrategyPlacesMembersAsDeclared) {
  for (Strategy strategy : kStrategies) {
    llvm::Expected<MemoryPlan> plan =
        planMemory(kShared, strategy, 64, {}, kSharings);
    ASSERT_TRUE(static_cast<bool>(plan)) << llvm::toString(plan.takeError());
    EXPECT_EQ(plan->getPlannedBytes(), 128u)
        << stringifyStrategy(strategy).str();
    EXPECT_EQ(plan->placements[1].offset, plan->placements[0].offset);
    EXPECT_EQ(plan->placements[3].offset, plan->placements[4].offset + 64);
    EXPECT_EQ(messageOf(verifyMemoryPlan(kShared, *plan, 64, kSharings)), "");
    // Without the sharings, the same plan has overlaps.
    EXPECT_NE(messageOf(verifyMemoryPlan(kShared, *plan, 64)).find("overlaps"),
              std::string::npos);
  }
}

TEST(SharingTest, ValidatesTheForest) {
  auto message = [](std::vector<BufferSharing> sharings) {
    return messageOf(validateSharings(kShared, sharings, 64));
  };
  EXPECT_NE(message({{9, 0, 0}}).find("there are 5 buffers"),
            std::string::npos);
  EXPECT_NE(message({{1, 1, 0}}).find("cannot host itself"), std::string::npos);
  EXPECT_NE(message({{1, 0, 0}, {1, 4, 0}}).find("already lives in buffer 0"),
            std::string::npos);
  EXPECT_NE(message({{2, 4, 32}}).find("not a multiple of the alignment"),
            std::string::npos);
  EXPECT_NE(message({{4, 2, 0}}).find("do not fit"), std::string::npos);
  EXPECT_NE(message({{0, 1, 0}, {1, 0, 0}}).find("its own ancestor"),
            std::string::npos);
  EXPECT_EQ(message(kSharings), "");
}

TEST(SharingTest, SelectionKeepsTheLowerBound) {
  // c is born long before e: hosting it in e would hold e's 128 bytes from
  // step 0, next to f's 256: 384 B, above the peak of 320 (c and f).
  std::vector<BufferRequest> requests = {
      {64, 0, 6},  // 0: c, dies at its copy into e
      {64, 6, 7},  // 1: d
      {128, 6, 9}, // 2: e
      {256, 0, 3}, // 3: f
  };
  llvm::SmallVector<unsigned> taken;
  llvm::SmallVector<BufferSharing> chosen =
      selectSharings(requests, {{0, 2, 0}, {1, 2, 64}}, 64, &taken);
  ASSERT_EQ(chosen.size(), 1u);
  EXPECT_EQ(chosen[0].buffer, 1u);
  EXPECT_EQ(taken, llvm::SmallVector<unsigned>({1}));
  EXPECT_LE(computeLowerBound(requests, 64, chosen),
            computeLowerBound(requests, 64));
  // A buffer that lives in a slice of another cannot take a second host:
  // it does not cover its tree's root.
  chosen = selectSharings({{64, 0, 2}, {128, 1, 4}, {64, 2, 5}},
                          {{0, 1, 64}, {0, 2, 0}}, 64);
  ASSERT_EQ(chosen.size(), 1u);
  EXPECT_EQ(chosen[0].host, 1u);
  // In a chain, the candidate of a buffer already in place moves its root.
  chosen = selectSharings({{64, 0, 2}, {64, 2, 4}, {128, 3, 6}},
                          {{1, 0, 0}, {1, 2, 64}}, 64);
  ASSERT_EQ(chosen.size(), 2u);
  EXPECT_EQ(chosen[1].buffer, 0u);
  EXPECT_EQ(chosen[1].host, 2u);
}

//===----------------------------------------------------------------------===//
// SharingSelector
//===----------------------------------------------------------------------===//

TEST(SharingTest, SelectorTakesAValidInPlaceCandidate) {
  // b is written over a at step 2, where a dies.
  std::vector<BufferRequest> requests = {{64, 0, 2}, {64, 2, 4}};
  SharingSelector selector(requests, 64);
  EXPECT_EQ(selector.getRoot(0), 0u);
  EXPECT_EQ(selector.getRoot(1), 1u);
  EXPECT_EQ(selector.getMembers(1), llvm::ArrayRef<unsigned>({1}));
  std::optional<BufferSharing> taken = selector.tryAdd({1, 0, 0});
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->buffer, 1u);
  EXPECT_EQ(taken->host, 0u);
  EXPECT_EQ(taken->offset, 0u);
  EXPECT_EQ(selector.getRoot(1), 0u);
  EXPECT_EQ(selector.getMembers(0), llvm::ArrayRef<unsigned>({0, 1}));
  EXPECT_TRUE(selector.getMembers(1).empty());
  // The pair is one buffer now: 64 bytes instead of 128 at step 2.
  EXPECT_EQ(computeLowerBound(requests, 64, {*taken}), 64u);
  EXPECT_EQ(computeLowerBound(requests, 64), 128u);
}

TEST(SharingTest, SelectorRefusesInvalidCandidates) {
  // 0 and 1: 64 bytes, 2: 128 bytes, all live on disjoint steps.
  std::vector<BufferRequest> requests = {{64, 0, 1}, {64, 2, 3}, {128, 4, 5}};
  SharingSelector selector(requests, 64);
  EXPECT_FALSE(selector.tryAdd({3, 0, 0}).has_value());  // no buffer 3
  EXPECT_FALSE(selector.tryAdd({0, 3, 0}).has_value());  // no host 3
  EXPECT_FALSE(selector.tryAdd({0, 0, 0}).has_value());  // itself
  EXPECT_FALSE(selector.tryAdd({0, 2, 32}).has_value()); // misaligned
  EXPECT_FALSE(selector.tryAdd({0, 1, 64}).has_value()); // past the host
  EXPECT_FALSE(selector.tryAdd({2, 0, 0}).has_value());  // larger than it
  for (unsigned b : llvm::seq(0u, 3u)) {
    EXPECT_EQ(selector.getRoot(b), b);
    EXPECT_EQ(selector.getMembers(b), llvm::ArrayRef<unsigned>({b}));
  }
  // A cycle: 0 in 1, then 1 in 0.
  ASSERT_TRUE(selector.tryAdd({0, 1, 0}).has_value());
  EXPECT_FALSE(selector.tryAdd({1, 0, 0}).has_value());
  EXPECT_EQ(selector.getRoot(0), 1u);
  EXPECT_EQ(selector.getRoot(1), 1u);
}

TEST(SharingTest, SelectorRefusesACandidateThatRaisesTheLowerBound) {
  // As in SelectionKeepsTheLowerBound: c in e would hold e's bytes from
  // step 0, 384 bytes next to f, above the peak of 320.
  std::vector<BufferRequest> requests = {
      {64, 0, 6},  // 0: c
      {64, 6, 7},  // 1: d
      {128, 6, 9}, // 2: e
      {256, 0, 3}, // 3: f
  };
  SharingSelector selector(requests, 64);
  EXPECT_FALSE(selector.tryAdd({0, 2, 0}).has_value());
  EXPECT_EQ(selector.getRoot(0), 0u);
  EXPECT_EQ(selector.getMembers(2), llvm::ArrayRef<unsigned>({2}));
  // Hosting c would be fine in a problem without f, which sets the peak.
  std::vector<BufferRequest> withoutF(requests.begin(), requests.begin() + 3);
  EXPECT_TRUE(SharingSelector(withoutF, 64).tryAdd({0, 2, 0}).has_value());
  // The refusal leaves the selector as it was: d still goes into e.
  std::optional<BufferSharing> d = selector.tryAdd({1, 2, 64});
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->buffer, 1u);
  EXPECT_EQ(selector.getRoot(1), 2u);
  EXPECT_EQ(selector.getMembers(2), llvm::ArrayRef<unsigned>({2, 1}));
  EXPECT_EQ(computeLowerBound(requests, 64, {*d}),
            computeLowerBound(requests, 64));
}

TEST(SharingTest, SelectorRefusesASecondHost) {
  // a (64 bytes) fits both 1 (128 bytes) and 2 (64 bytes).
  std::vector<BufferRequest> requests = {{64, 0, 2}, {128, 1, 4}, {64, 2, 5}};
  {
    // In a slice of 1 at offset 64: a does not cover its root.
    SharingSelector selector(requests, 64);
    ASSERT_TRUE(selector.tryAdd({0, 1, 64}).has_value());
    EXPECT_FALSE(selector.tryAdd({0, 2, 0}).has_value());
    EXPECT_EQ(selector.getRoot(0), 1u);
    EXPECT_EQ(selector.getMembers(2), llvm::ArrayRef<unsigned>({2}));
  }
  {
    // At offset 0 of 1, but smaller than 1: still not its root's size.
    SharingSelector selector(requests, 64);
    ASSERT_TRUE(selector.tryAdd({0, 1, 0}).has_value());
    EXPECT_FALSE(selector.tryAdd({0, 2, 0}).has_value());
    EXPECT_EQ(selector.getRoot(0), 1u);
  }
}

TEST(SharingTest, SelectorMovesTheRootOfAnInPlaceChain) {
  // b is written over a; then b is copied into the upper half of e. The
  // chain {a, b} moves as a whole: the sharing taken names its root, a.
  std::vector<BufferRequest> requests = {{64, 0, 2}, {64, 2, 4}, {128, 3, 6}};
  SharingSelector selector(requests, 64);
  ASSERT_TRUE(selector.tryAdd({1, 0, 0}).has_value());
  std::optional<BufferSharing> moved = selector.tryAdd({1, 2, 64});
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->buffer, 0u);
  EXPECT_EQ(moved->host, 2u);
  EXPECT_EQ(moved->offset, 64u);
  for (unsigned b : llvm::seq(0u, 3u))
    EXPECT_EQ(selector.getRoot(b), 2u);
  EXPECT_EQ(rootThenSorted(selector.getMembers(2)),
            (std::vector<unsigned>{2, 0, 1}));
  EXPECT_TRUE(selector.getMembers(0).empty());
  EXPECT_TRUE(selector.getMembers(1).empty());
  // The sharings taken form a valid forest in which b sits where the
  // candidate asked: at offset 64 of e.
  std::vector<BufferSharing> taken = {{1, 0, 0}, *moved};
  EXPECT_EQ(messageOf(validateSharings(requests, taken, 64)), "");
  SharingForest forest = SharingForest::build(requests.size(), taken);
  EXPECT_EQ(forest.root[1], 2u);
  EXPECT_EQ(forest.rootOffset[1], 64u);
  EXPECT_EQ(computeLowerBound(requests, 64, taken), 128u);
}

// Two buffers offered to one host at offset 0 while both live (steps 1):
// the second would share bytes with the first without living in it, which
// validateSharings, the checker and planMemory refuse; the selector takes
// only the first. (It took both before the sibling check.)
TEST(SharingTest, SelectorRefusesSiblingsThatOverlapWhileLive) {
  std::vector<BufferRequest> requests = {{64, 0, 1}, {64, 1, 2}, {128, 2, 3}};
  llvm::SmallVector<BufferSharing> chosen =
      selectSharings(requests, {{0, 2, 0}, {1, 2, 0}}, 64);
  ASSERT_EQ(chosen.size(), 1u);
  EXPECT_EQ(chosen[0].buffer, 0u);
  std::vector<BufferSharing> forest(chosen.begin(), chosen.end());
  EXPECT_EQ(messageOf(validateSharings(requests, forest, 64)), "");
  llvm::Expected<MemoryPlan> plan =
      planMemory(requests, Strategy::BestFit, 64, {}, forest);
  EXPECT_TRUE(static_cast<bool>(plan)) << messageOf(plan.takeError());
}

TEST(SharingTest, SelectSharingsOffersEachCandidateToOneSelector) {
  std::mt19937_64 rng(11);
  unsigned takenTotal = 0, refusedTotal = 0;
  for (int trial = 0; trial < 500; ++trial) {
    uint64_t alignment = trial % 2 ? 16 : 1;
    int n = std::uniform_int_distribution<int>(1, 10)(rng);
    std::vector<BufferRequest> requests;
    for (int i = 0; i < n; ++i) {
      int64_t start = std::uniform_int_distribution<int64_t>(0, 12)(rng);
      int64_t length = std::uniform_int_distribution<int64_t>(0, 5)(rng);
      // Few sizes, so that buffers often fit their hosts.
      uint64_t size = 16 * std::uniform_int_distribution<uint64_t>(0, 4)(rng);
      requests.push_back({size, start, start + length});
    }
    std::vector<BufferSharing> candidates;
    for (int i = 0, e = std::uniform_int_distribution<int>(0, 2 * n)(rng);
         i < e; ++i) {
      unsigned buffer = std::uniform_int_distribution<unsigned>(0, n - 1)(rng);
      unsigned host = std::uniform_int_distribution<unsigned>(0, n - 1)(rng);
      uint64_t offset = 16 * std::uniform_int_distribution<uint64_t>(0, 2)(rng);
      candidates.push_back({buffer, host, offset});
    }
    llvm::SmallVector<unsigned> takenIndices;
    llvm::SmallVector<BufferSharing> chosen =
        selectSharings(requests, candidates, alignment, &takenIndices);

    SharingSelector selector(requests, alignment);
    std::vector<BufferSharing> expected;
    std::vector<unsigned> expectedIndices;
    for (auto [index, candidate] : llvm::enumerate(candidates))
      if (std::optional<BufferSharing> sharing = selector.tryAdd(candidate)) {
        expected.push_back(*sharing);
        expectedIndices.push_back(index);
      }
    ASSERT_EQ(chosen.size(), expected.size()) << "trial " << trial;
    for (auto [got, want] : llvm::zip(chosen, expected)) {
      EXPECT_EQ(got.buffer, want.buffer) << "trial " << trial;
      EXPECT_EQ(got.host, want.host) << "trial " << trial;
      EXPECT_EQ(got.offset, want.offset) << "trial " << trial;
    }
    EXPECT_EQ(std::vector<unsigned>(takenIndices.begin(), takenIndices.end()),
              expectedIndices)
        << "trial " << trial;
    // What the selection promises: a valid forest no higher than the lower
    // bound.
    std::vector<BufferSharing> forest(chosen.begin(), chosen.end());
    EXPECT_EQ(messageOf(validateSharings(requests, forest, alignment)), "")
        << "trial " << trial;
    EXPECT_LE(computeLowerBound(requests, alignment, forest),
              computeLowerBound(requests, alignment))
        << "trial " << trial;
    // The selector's trees are the forest's.
    SharingForest built = SharingForest::build(requests.size(), forest);
    for (unsigned b : llvm::seq(0u, static_cast<unsigned>(n)))
      EXPECT_EQ(selector.getRoot(b), built.root[b]) << "trial " << trial;
    takenTotal += chosen.size();
    refusedTotal += candidates.size() - chosen.size();
  }
  // The campaign exercises both answers.
  EXPECT_GT(takenTotal, 200u);
  EXPECT_GT(refusedTotal, 200u);
}

} // namespace
