//===- TrackingAllocator.cpp - heap accounting of compiled models ---------===//

#include "mini/Runtime/TrackingAllocator.h"

#include <algorithm>
#include <cstdlib>

using namespace mini;

TrackingAllocator &TrackingAllocator::get() {
  static TrackingAllocator instance;
  return instance;
}

void *TrackingAllocator::allocate(size_t size, size_t alignment) {
  if (size == 0)
    return nullptr;
  alignment = std::max(alignment, alignof(std::max_align_t));
  // aligned_alloc wants a size that is a multiple of the alignment.
  size_t rounded = (size + alignment - 1) / alignment * alignment;
  void *ptr = std::aligned_alloc(alignment, rounded);
  if (!ptr)
    return nullptr;
  std::lock_guard<std::mutex> lock(mutex);
  sizes[ptr] = size;
  stats.currentBytes += size;
  stats.peakBytes = std::max(stats.peakBytes, stats.currentBytes);
  ++stats.numAllocations;
  ++stats.numLive;
  return ptr;
}

bool TrackingAllocator::deallocate(void *ptr) {
  if (!ptr)
    return true;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = sizes.find(ptr);
    if (it == sizes.end()) {
      ++badFrees;
      return false;
    }
    stats.currentBytes -= it->second;
    ++stats.numFrees;
    --stats.numLive;
    sizes.erase(it);
  }
  std::free(ptr);
  return true;
}

AllocationStats TrackingAllocator::getStats() const {
  std::lock_guard<std::mutex> lock(mutex);
  return stats;
}

void TrackingAllocator::resetPeakAndCounts() {
  std::lock_guard<std::mutex> lock(mutex);
  stats.peakBytes = stats.currentBytes;
  stats.numAllocations = 0;
  stats.numFrees = 0;
}

uint64_t TrackingAllocator::getNumBadFrees() const {
  std::lock_guard<std::mutex> lock(mutex);
  return badFrees;
}

// The signatures upstream's generic allocation lowering declares
// (mlir/lib/Conversion/LLVMCommon/MemRefBuilder / AllocLikeConversion).
extern "C" {
static void *miniTrackedAlloc(uint64_t size) {
  return TrackingAllocator::get().allocate(size, alignof(std::max_align_t));
}
static void *miniTrackedAlignedAlloc(uint64_t alignment, uint64_t size) {
  return TrackingAllocator::get().allocate(size, alignment);
}
static void miniTrackedFree(void *ptr) {
  (void)TrackingAllocator::get().deallocate(ptr);
}
}

AllocationFunctions mini::getAllocationFunctions() {
  return {reinterpret_cast<void *>(&miniTrackedAlloc),
          reinterpret_cast<void *>(&miniTrackedAlignedAlloc),
          reinterpret_cast<void *>(&miniTrackedFree)};
}
