//===- MemoryAssignment.cpp - buffers across memories of a device ---------===//

#include "mini/Planning/MemoryAssignment.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <numeric>

using namespace mini;
using namespace mini::planning;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<std::vector<MemorySpec>>
planning::parseMemorySpecs(llvm::StringRef text) {
  std::vector<MemorySpec> specs;
  llvm::StringSet<> names;
  llvm::SmallVector<llvm::StringRef> items;
  text.split(items, ',');
  for (llvm::StringRef item : items) {
    auto [name, capacity] = item.trim().split(':');
    if (name.empty())
      return makeError("memories '" + text + "': a memory without a name");
    // Names become C macros (mini-compile's header): unique in any case.
    if (!names.insert(name.lower()).second)
      return makeError("memories '" + text + "': '" + name +
                       "' is named twice");
    MemorySpec spec{name.str(), std::nullopt};
    if (item.contains(':')) {
      uint64_t bytes = 0;
      if (capacity.getAsInteger(10, bytes))
        return makeError("memories '" + text + "': the capacity of '" + name +
                         "' is not a number of bytes: '" + capacity + "'");
      spec.capacity = bytes;
    }
    specs.push_back(std::move(spec));
  }
  for (size_t m = 0; m + 1 < specs.size(); ++m)
    if (!specs[m].capacity)
      return makeError("memories '" + text + "': '" + specs[m].name +
                       "' has no capacity, but only the last memory may be "
                       "unbounded");
  return specs;
}

/// The requests `members` (indices into `requests`) with the sharings among
/// them, renumbered in that order.
static std::pair<std::vector<BufferRequest>, std::vector<BufferSharing>>
getSubproblem(llvm::ArrayRef<BufferRequest> requests,
              llvm::ArrayRef<BufferSharing> sharings,
              llvm::ArrayRef<unsigned> members) {
  std::vector<int64_t> index(requests.size(), -1);
  std::vector<BufferRequest> subRequests;
  for (unsigned r : members) {
    index[r] = subRequests.size();
    subRequests.push_back(requests[r]);
  }
  std::vector<BufferSharing> subSharings;
  for (const BufferSharing &sharing : sharings)
    if (index[sharing.buffer] >= 0 && index[sharing.host] >= 0)
      subSharings.push_back({static_cast<unsigned>(index[sharing.buffer]),
                             static_cast<unsigned>(index[sharing.host]),
                             sharing.offset});
  return {std::move(subRequests), std::move(subSharings)};
}

llvm::Expected<MemoryAssignment>
planning::assignMemories(llvm::ArrayRef<BufferRequest> requests,
                         llvm::ArrayRef<uint64_t> accessedBytes,
                         llvm::ArrayRef<MemorySpec> memories, Strategy strategy,
                         uint64_t alignment, const SearchOptions &search,
                         llvm::ArrayRef<BufferSharing> sharings) {
  if (memories.empty())
    return makeError("no memory to plan into");
  if (accessedBytes.size() != requests.size())
    return makeError("one accessed-bytes figure per request is needed");
  for (size_t m = 0; m + 1 < memories.size(); ++m)
    if (!memories[m].capacity)
      return makeError("memory '" + memories[m].name +
                       "' has no capacity, but only the last memory may be "
                       "unbounded");
  SharingForest forest = SharingForest::build(requests.size(), sharings);
  std::vector<BufferRequest> trees = forest.getTreeRequests(requests);
  size_t numTrees = trees.size();
  std::vector<uint64_t> treeAccessed(numTrees, 0);
  std::vector<llvm::SmallVector<unsigned, 2>> membersOf(numTrees);
  for (unsigned r = 0; r < requests.size(); ++r) {
    treeAccessed[forest.treeOf[r]] += accessedBytes[r];
    membersOf[forest.treeOf[r]].push_back(r);
  }
  // Densest first: accessed bytes per byte of the tree (cross-multiplied,
  // in 128 bits), ties in program order.
  std::vector<unsigned> order(numTrees);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](unsigned a, unsigned b) {
    unsigned __int128 left = static_cast<unsigned __int128>(treeAccessed[a]) *
                             std::max<uint64_t>(trees[b].size, 1);
    unsigned __int128 right = static_cast<unsigned __int128>(treeAccessed[b]) *
                              std::max<uint64_t>(trees[a].size, 1);
    return left > right;
  });

  MemoryAssignment result;
  result.memoryOf.assign(requests.size(), memories.size() - 1);
  std::vector<bool> assigned(numTrees, false);
  for (unsigned m = 0; m + 1 < memories.size(); ++m) {
    uint64_t capacity = *memories[m].capacity;
    std::vector<BufferRequest> taken;
    for (unsigned t : order) {
      if (assigned[t])
        continue;
      taken.push_back(trees[t]);
      bool fits = computeLowerBound(taken, alignment) <= capacity;
      if (fits) {
        llvm::Expected<MemoryPlan> plan =
            planMemory(taken, Strategy::BestFit, alignment);
        if (!plan)
          return plan.takeError();
        uint64_t bytes = 0;
        for (uint64_t size : plan->poolSizes)
          bytes += size;
        fits = bytes <= capacity;
      }
      if (!fits) {
        taken.pop_back();
        continue;
      }
      assigned[t] = true;
      for (unsigned r : membersOf[t])
        result.memoryOf[r] = m;
    }
  }

  // Each memory planned with the strategy asked for, within its capacity
  // (best-fit already fit, and auto keeps the smallest plan).
  result.plan.placements.resize(requests.size());
  result.bytes.assign(memories.size(), 0);
  result.accessedBytes.assign(memories.size(), 0);
  for (unsigned m = 0; m < memories.size(); ++m) {
    llvm::SmallVector<unsigned> members;
    for (unsigned r = 0; r < requests.size(); ++r)
      if (result.memoryOf[r] == m) {
        members.push_back(r);
        result.accessedBytes[m] += accessedBytes[r];
      }
    auto [subRequests, subSharings] =
        getSubproblem(requests, sharings, members);
    llvm::Expected<MemoryPlan> plan =
        planMemory(subRequests, strategy, alignment, search, subSharings);
    if (!plan)
      return plan.takeError();
    auto getBytes = [](const MemoryPlan &p) {
      uint64_t bytes = 0;
      for (uint64_t size : p.poolSizes)
        bytes += size;
      return bytes;
    };
    uint64_t bytes = getBytes(*plan);
    // A fast memory's trees were taken while their best-fit plan fit: when
    // the strategy asked for plans larger (greedy-color, first-fit), the
    // best-fit plan serves.
    if (m + 1 < memories.size() && bytes > *memories[m].capacity) {
      plan = planMemory(subRequests, Strategy::BestFit, alignment, search,
                        subSharings);
      if (!plan)
        return plan.takeError();
      bytes = getBytes(*plan);
    }
    if (memories[m].capacity && bytes > *memories[m].capacity)
      return makeError("memory '" + memories[m].name + "' of " +
                       llvm::Twine(*memories[m].capacity) +
                       " bytes cannot hold what the faster memories leave: "
                       "its plan needs " +
                       llvm::Twine(bytes) + " bytes");
    unsigned firstPool = result.plan.poolSizes.size();
    for (uint64_t size : plan->poolSizes) {
      result.plan.poolSizes.push_back(size);
      result.poolMemory.push_back(m);
    }
    for (auto [i, r] : llvm::enumerate(members))
      result.plan.placements[r] = {firstPool + plan->placements[i].pool,
                                   plan->placements[i].offset};
    result.bytes[m] = bytes;
    result.plan.searchNodes += plan->searchNodes;
    result.plan.hitNodeBudget |= plan->hitNodeBudget;
    result.plan.hitTimeLimit |= plan->hitTimeLimit;
    if (m == 0)
      result.plan.strategy = plan->strategy;
  }
  // The figures of the whole problem: the memories' plans are optimal
  // together when their bytes meet its lower bound.
  result.plan.naiveBytes = computeNaiveBytes(requests, alignment);
  result.plan.lowerBoundBytes = computeLowerBound(requests, alignment);
  result.plan.sharedLowerBoundBytes =
      computeLowerBound(requests, alignment, sharings);
  result.plan.peak = computePeak(requests, alignment, sharings);
  result.plan.optimal =
      result.plan.getPlannedBytes() == result.plan.sharedLowerBoundBytes;
  if (llvm::Error error =
          verifyMemoryPlan(requests, result.plan, alignment, sharings))
    return makeError("the assignment's plan is invalid (a planner bug): " +
                     llvm::toString(std::move(error)));
  return result;
}
