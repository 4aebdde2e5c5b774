//===- TrackingAllocatorTest.cpp - tests of the tracking allocator --------===//

#include "mini/Runtime/TrackingAllocator.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <thread>
#include <vector>

using namespace mini;

namespace {

TEST(TrackingAllocator, CountsCurrentAndPeakBytes) {
  TrackingAllocator allocator;
  void *a = allocator.allocate(100, 64);
  void *b = allocator.allocate(28, 16);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 64, 0u);
  EXPECT_EQ(allocator.getStats().currentBytes, 128u);
  EXPECT_TRUE(allocator.deallocate(a));
  void *c = allocator.allocate(50, 64);
  AllocationStats stats = allocator.getStats();
  EXPECT_EQ(stats.currentBytes, 78u);
  EXPECT_EQ(stats.peakBytes, 128u);
  EXPECT_EQ(stats.numAllocations, 3u);
  EXPECT_EQ(stats.numFrees, 1u);
  EXPECT_EQ(stats.numLive, 2u);
  EXPECT_TRUE(allocator.deallocate(b));
  EXPECT_TRUE(allocator.deallocate(c));
  EXPECT_EQ(allocator.getStats().currentBytes, 0u);
}

TEST(TrackingAllocator, ResetRestartsThePeakFromTheCurrentBytes) {
  TrackingAllocator allocator;
  void *a = allocator.allocate(1000, 8);
  void *b = allocator.allocate(10, 8);
  EXPECT_TRUE(allocator.deallocate(a));
  allocator.resetPeakAndCounts();
  AllocationStats stats = allocator.getStats();
  EXPECT_EQ(stats.peakBytes, 10u);
  EXPECT_EQ(stats.numAllocations, 0u);
  EXPECT_TRUE(allocator.deallocate(b));
}

TEST(TrackingAllocator, RejectsUnknownAndDoubleFrees) {
  TrackingAllocator allocator;
  int local = 0;
  EXPECT_FALSE(allocator.deallocate(&local));
  void *a = allocator.allocate(4, 4);
  EXPECT_TRUE(allocator.deallocate(a));
  EXPECT_FALSE(allocator.deallocate(a));
  EXPECT_EQ(allocator.getNumBadFrees(), 2u);
  EXPECT_TRUE(allocator.deallocate(nullptr));
  EXPECT_EQ(allocator.allocate(0, 64), nullptr);
}

TEST(TrackingAllocator, IsThreadSafe) {
  TrackingAllocator allocator;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        EXPECT_TRUE(allocator.deallocate(allocator.allocate(64, 64)));
    });
  for (std::thread &thread : threads)
    thread.join();
  AllocationStats stats = allocator.getStats();
  EXPECT_EQ(stats.numAllocations, 4000u);
  EXPECT_EQ(stats.numFrees, 4000u);
  EXPECT_EQ(stats.currentBytes, 0u);
  EXPECT_LE(stats.peakBytes, 4u * 64u);
  EXPECT_GE(stats.peakBytes, 64u);
}

TEST(TrackingAllocator, GenericFunctionsUseTheProcessInstance) {
  AllocationFunctions functions = getAllocationFunctions();
  auto alignedAlloc =
      reinterpret_cast<void *(*)(uint64_t, uint64_t)>(functions.alignedAlloc);
  auto release = reinterpret_cast<void (*)(void *)>(functions.free);
  TrackingAllocator &global = TrackingAllocator::get();
  uint64_t before = global.getStats().currentBytes;
  void *p = alignedAlloc(128, 256);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 128, 0u);
  EXPECT_EQ(global.getStats().currentBytes, before + 256);
  release(p);
  EXPECT_EQ(global.getStats().currentBytes, before);
}

} // namespace
