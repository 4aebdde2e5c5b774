//===- Problem.cpp - problems, plans, lower bound -------------------------===//
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/Problem.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mini;
using namespace mini::planning;
using llvm::ArrayRef;

uint64_t MemoryPlan::getPlannedBytes() const {
  uint64_t total = 0;
  for (uint64_t size : poolSizes)
    total = llvm::SaturatingAdd(total, size);
  return total;
}

bool planning::isValidAlignment(uint64_t alignment) {
  return llvm::isPowerOf2_64(alignment);
}

std::optional<uint64_t> planning::getAlignedSize(uint64_t size,
                                                 uint64_t alignment) {
  if (size > kMaxPlanBytes - (alignment - 1))
    return std::nullopt;
  uint64_t aligned = llvm::alignTo(size, alignment);
  if (aligned > kMaxPlanBytes)
    return std::nullopt;
  return aligned;
}

bool planning::isPast(const Deadline &deadline) {
  return deadline && std::chrono::steady_clock::now() >= *deadline;
}

llvm::Error planning::makePlanningError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

static llvm::Error makeError(const llvm::Twine &message) {
  return makePlanningError(message);
}

llvm::Error planning::validateRequests(ArrayRef<BufferRequest> requests,
                                       uint64_t alignment) {
  if (!isValidAlignment(alignment))
    return makeError("alignment must be a power of two, got " +
                     llvm::Twine(alignment));
  for (auto [i, request] : llvm::enumerate(requests)) {
    if (request.end < request.start)
      return makeError("buffer " + llvm::Twine(i) + ": live range [" +
                       llvm::Twine(request.start) + ", " +
                       llvm::Twine(request.end) + "] ends before it starts");
    if (!getAlignedSize(request.size, alignment))
      return makeError("buffer " + llvm::Twine(i) + ": size " +
                       llvm::Twine(request.size) + " bytes aligned to " +
                       llvm::Twine(alignment) + " exceeds 2^63 - 1 bytes");
  }
  return llvm::Error::success();
}

/// Aligned sizes of valid requests.

std::vector<uint64_t>
planning::getAlignedSizes(ArrayRef<BufferRequest> requests,
                          uint64_t alignment) {
  std::vector<uint64_t> sizes;
  sizes.reserve(requests.size());
  for (const BufferRequest &request : requests)
    sizes.push_back(*getAlignedSize(request.size, alignment));
  return sizes;
}

uint64_t planning::computeNaiveBytes(ArrayRef<BufferRequest> requests,
                                     uint64_t alignment) {
  uint64_t total = 0;
  for (uint64_t size : getAlignedSizes(requests, alignment))
    total = llvm::SaturatingAdd(total, size);
  return total;
}

LivePeak planning::computePeak(ArrayRef<BufferRequest> requests,
                               uint64_t alignment) {
  // Sweep over the live-range boundaries: +size at start, -size after end.
  // At equal steps the additions come first, since both ends are inclusive.
  std::vector<uint64_t> sizes = getAlignedSizes(requests, alignment);
  struct Event {
    int64_t step;
    bool isEnd;
    uint64_t size;
  };
  std::vector<Event> events;
  events.reserve(2 * requests.size());
  for (auto [i, request] : llvm::enumerate(requests)) {
    events.push_back({request.start, false, sizes[i]});
    events.push_back({request.end, true, sizes[i]});
  }
  llvm::sort(events, [](const Event &a, const Event &b) {
    return std::tie(a.step, a.isEnd) < std::tie(b.step, b.isEnd);
  });
  uint64_t live = 0;
  LivePeak peak;
  for (const Event &event : events) {
    if (event.isEnd) {
      live -= event.size;
      continue;
    }
    live = llvm::SaturatingAdd(live, event.size);
    if (live > peak.bytes || peak.step < 0)
      peak = {live, event.step};
  }
  return peak;
}

uint64_t planning::computeLowerBound(ArrayRef<BufferRequest> requests,
                                     uint64_t alignment) {
  return computePeak(requests, alignment).bytes;
}

MemoryPlan planning::flattenPools(const MemoryPlan &plan) {
  MemoryPlan flat = plan;
  std::vector<uint64_t> base(plan.poolSizes.size(), 0);
  uint64_t total = 0;
  for (auto [p, size] : llvm::enumerate(plan.poolSizes)) {
    base[p] = total;
    total = llvm::SaturatingAdd(total, size);
  }
  for (BufferPlacement &placement : flat.placements) {
    placement.offset += base[placement.pool];
    placement.pool = 0;
  }
  flat.poolSizes.clear();
  if (!plan.poolSizes.empty())
    flat.poolSizes.push_back(total);
  return flat;
}
