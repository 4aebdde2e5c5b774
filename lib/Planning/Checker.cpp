//===- Checker.cpp - the independent plan checker -------------------------===//
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/Checker.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <map>
#include <string>

using namespace mini;
using namespace mini::planning;
using llvm::ArrayRef;

static llvm::Error makeError(const llvm::Twine &message) {
  return makePlanningError(message);
}

llvm::Error planning::verifyMemoryPlan(ArrayRef<BufferRequest> requests,
                                       const MemoryPlan &plan,
                                       uint64_t alignment,
                                       ArrayRef<BufferSharing> sharings) {
  if (llvm::Error error = validateRequests(requests, alignment))
    return error;
  if (llvm::Error error = validateSharings(requests, sharings, alignment))
    return error;
  if (plan.placements.size() != requests.size())
    return makeError("the plan places " + llvm::Twine(plan.placements.size()) +
                     " buffers, but there are " + llvm::Twine(requests.size()));
  for (auto [p, size] : llvm::enumerate(plan.poolSizes))
    if (size % alignment != 0)
      return makeError("pool " + llvm::Twine(p) + " size " + llvm::Twine(size) +
                       " is not a multiple of the alignment " +
                       llvm::Twine(alignment));
  std::vector<uint64_t> sizes = getAlignedSizes(requests, alignment);
  for (auto [i, placement] : llvm::enumerate(plan.placements)) {
    if (placement.pool >= plan.poolSizes.size())
      return makeError("buffer " + llvm::Twine(i) + " is in pool " +
                       llvm::Twine(placement.pool) + ", but there are " +
                       llvm::Twine(plan.poolSizes.size()) + " pools");
    if (placement.offset % alignment != 0)
      return makeError("buffer " + llvm::Twine(i) + " offset " +
                       llvm::Twine(placement.offset) +
                       " is not a multiple of the alignment " +
                       llvm::Twine(alignment));
    uint64_t poolSize = plan.poolSizes[placement.pool];
    if (placement.offset > poolSize || sizes[i] > poolSize - placement.offset)
      return makeError("buffer " + llvm::Twine(i) + " at [" +
                       llvm::Twine(placement.offset) + ", +" +
                       llvm::Twine(sizes[i]) + ") overflows pool " +
                       llvm::Twine(placement.pool) + " of " +
                       llvm::Twine(poolSize) + " bytes");
  }

  // Sharings: each shared buffer sits where it was declared; the ranges of
  // a tree's root cover the whole tree, and only roots take part in the
  // sweep below (overlaps inside a tree: see its end).
  std::vector<int64_t> host(requests.size(), -1);
  std::vector<BufferRequest> ranges(requests.begin(), requests.end());
  for (const BufferSharing &sharing : sharings) {
    unsigned b = sharing.buffer;
    host[b] = sharing.host;
    const BufferPlacement &at = plan.placements[b];
    const BufferPlacement &in = plan.placements[sharing.host];
    if (at.pool != in.pool || at.offset != in.offset + sharing.offset)
      return makeError(
          "buffer " + llvm::Twine(b) + " is at pool " + llvm::Twine(at.pool) +
          " offset " + llvm::Twine(at.offset) + ", but shares buffer " +
          llvm::Twine(sharing.host) + " at offset " +
          llvm::Twine(sharing.offset) + " (pool " + llvm::Twine(in.pool) +
          " offset " + llvm::Twine(in.offset + sharing.offset) + ")");
  }
  auto rootOf = [&](unsigned b) {
    while (host[b] >= 0)
      b = host[b];
    return b;
  };
  std::vector<unsigned> roots(requests.size());
  for (unsigned b = 0; b < requests.size(); ++b) {
    roots[b] = rootOf(b);
    BufferRequest &tree = ranges[roots[b]];
    tree.start = std::min(tree.start, requests[b].start);
    tree.end = std::max(tree.end, requests[b].end);
  }

  // Sweep the steps; per pool, keep the live buffers ordered by offset and
  // check each newcomer against its neighbors in that order.
  struct Event {
    int64_t step;
    bool isRemoval; // removals at step s + 1 come before additions at s + 1
    unsigned buffer;
  };
  std::vector<Event> events;
  for (auto [i, request] : llvm::enumerate(ranges)) {
    if (sizes[i] == 0 || roots[i] != i)
      continue;
    events.push_back({request.start, false, static_cast<unsigned>(i)});
    events.push_back({request.end + 1, true, static_cast<unsigned>(i)});
  }
  llvm::sort(events, [](const Event &a, const Event &b) {
    if (a.step != b.step)
      return a.step < b.step;
    if (a.isRemoval != b.isRemoval)
      return a.isRemoval;
    return a.buffer < b.buffer;
  });
  // pool -> (offset -> buffer); offsets are unique among live buffers of a
  // pool when the plan is valid, so a collision is itself an overlap.
  std::vector<std::map<uint64_t, unsigned>> live(plan.poolSizes.size());
  auto describe = [&](unsigned b) {
    return "buffer " + std::to_string(b) + " (bytes [" +
           std::to_string(plan.placements[b].offset) + ", " +
           std::to_string(plan.placements[b].offset + sizes[b]) + "), steps [" +
           std::to_string(ranges[b].start) + ", " +
           std::to_string(ranges[b].end) + "])";
  };
  for (const Event &event : events) {
    unsigned b = event.buffer;
    const BufferPlacement &placement = plan.placements[b];
    std::map<uint64_t, unsigned> &pool = live[placement.pool];
    if (event.isRemoval) {
      pool.erase(placement.offset);
      continue;
    }
    auto next = pool.lower_bound(placement.offset);
    if (next != pool.end() && next->first < placement.offset + sizes[b])
      return makeError(describe(b) + " overlaps " + describe(next->second) +
                       " in pool " + std::to_string(placement.pool));
    if (next != pool.begin()) {
      auto prev = std::prev(next);
      if (prev->first + sizes[prev->second] > placement.offset)
        return makeError(describe(b) + " overlaps " + describe(prev->second) +
                         " in pool " + std::to_string(placement.pool));
    }
    pool.emplace(placement.offset, b);
  }
  // Inside each tree, two live members overlap only when one lives in the
  // other: validateSharings checked that of the declared offsets, and every
  // member was found at its declared offset above.
  return llvm::Error::success();
}
