//===- Sharing.cpp - the sharing forest -----------------------------------===//
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/Sharing.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <map>

using namespace mini;
using namespace mini::planning;
using llvm::ArrayRef;

static llvm::Error makeError(const llvm::Twine &message) {
  return makePlanningError(message);
}

SharingForest SharingForest::build(size_t numBuffers,
                                   ArrayRef<BufferSharing> sharings) {
  std::vector<int64_t> host(numBuffers, -1);
  std::vector<uint64_t> offset(numBuffers, 0);
  for (const BufferSharing &sharing : sharings) {
    host[sharing.buffer] = sharing.host;
    offset[sharing.buffer] = sharing.offset;
  }
  SharingForest forest;
  forest.root.assign(numBuffers, 0);
  forest.rootOffset.assign(numBuffers, 0);
  std::vector<bool> done(numBuffers, false);
  std::vector<unsigned> chain;
  for (unsigned b = 0; b < numBuffers; ++b) {
    // Walk up to a resolved buffer or a root, then resolve the chain down;
    // iterative, since in-place chains can be as long as the program.
    chain.clear();
    unsigned top = b;
    while (!done[top] && host[top] >= 0) {
      chain.push_back(top);
      top = host[top];
    }
    if (!done[top]) {
      forest.root[top] = top;
      done[top] = true;
    }
    for (unsigned member : llvm::reverse(chain)) {
      unsigned up = host[member];
      forest.root[member] = forest.root[up];
      forest.rootOffset[member] = forest.rootOffset[up] + offset[member];
      done[member] = true;
    }
  }
  forest.treeOf.assign(numBuffers, 0);
  for (unsigned b = 0; b < numBuffers; ++b)
    if (forest.root[b] == b) {
      forest.treeOf[b] = forest.roots.size();
      forest.roots.push_back(b);
    }
  for (unsigned b = 0; b < numBuffers; ++b)
    forest.treeOf[b] = forest.treeOf[forest.root[b]];
  return forest;
}

std::vector<BufferRequest>
SharingForest::getTreeRequests(ArrayRef<BufferRequest> requests) const {
  const SharingForest &forest = *this;
  std::vector<BufferRequest> trees;
  trees.reserve(forest.roots.size());
  for (unsigned root : forest.roots)
    trees.push_back(requests[root]);
  for (auto [b, request] : llvm::enumerate(requests)) {
    BufferRequest &tree = trees[forest.treeOf[b]];
    tree.start = std::min(tree.start, request.start);
    tree.end = std::max(tree.end, request.end);
  }
  return trees;
}

/// Two members of one sharing tree that are live at one step may overlap in
/// bytes only when one is an ancestor of the other (a buffer written over
/// its host); two siblings at overlapping bytes would clobber each other in
/// every plan, and the checker rejects that. A sweep over the live ranges
/// of the members, per tree: O(n log n) plus the pairs live together.
static llvm::Error validateTreeMembers(ArrayRef<BufferRequest> requests,
                                       ArrayRef<BufferSharing> sharings,
                                       uint64_t alignment,
                                       const std::vector<int64_t> &host) {
  if (sharings.empty())
    return llvm::Error::success();
  SharingForest forest = SharingForest::build(requests.size(), sharings);
  std::vector<uint64_t> sizes = getAlignedSizes(requests, alignment);
  std::vector<unsigned> members;
  for (const BufferSharing &sharing : sharings) {
    members.push_back(sharing.buffer);
    members.push_back(sharing.host);
  }
  llvm::sort(members);
  members.erase(std::unique(members.begin(), members.end()), members.end());
  llvm::stable_sort(members, [&](unsigned a, unsigned b) {
    return requests[a].start < requests[b].start;
  });
  auto isAncestor = [&](unsigned a, unsigned b) {
    for (int64_t up = host[b]; up >= 0; up = host[up])
      if (static_cast<unsigned>(up) == a)
        return true;
    return false;
  };
  // Per root, the members seen so far that may still be live.
  std::map<unsigned, std::vector<unsigned>> open;
  for (unsigned b : members) {
    std::vector<unsigned> &live = open[forest.root[b]];
    llvm::erase_if(live, [&](unsigned other) {
      return requests[other].end < requests[b].start;
    });
    uint64_t lo = forest.rootOffset[b], hi = lo + sizes[b];
    for (unsigned other : live) {
      uint64_t otherLo = forest.rootOffset[other];
      if (otherLo < hi && lo < otherLo + sizes[other] &&
          !isAncestor(other, b) && !isAncestor(b, other))
        return makeError("buffers " + llvm::Twine(std::min(b, other)) +
                         " and " + llvm::Twine(std::max(b, other)) +
                         " share bytes of one host while both live, but "
                         "neither lives in the other");
    }
    live.push_back(b);
  }
  return llvm::Error::success();
}

llvm::Error planning::validateSharings(ArrayRef<BufferRequest> requests,
                                       ArrayRef<BufferSharing> sharings,
                                       uint64_t alignment) {
  size_t n = requests.size();
  std::vector<int64_t> host(n, -1);
  for (auto [i, sharing] : llvm::enumerate(sharings)) {
    auto fail = [&, i = i](const llvm::Twine &why) {
      return makeError("sharing " + llvm::Twine(i) + " (buffer " +
                       llvm::Twine(sharing.buffer) + " in buffer " +
                       llvm::Twine(sharing.host) + " at offset " +
                       llvm::Twine(sharing.offset) + "): " + why);
    };
    if (sharing.buffer >= n || sharing.host >= n)
      return fail("there are " + llvm::Twine(n) + " buffers");
    if (sharing.buffer == sharing.host)
      return fail("a buffer cannot host itself");
    if (host[sharing.buffer] >= 0)
      return fail("the buffer already lives in buffer " +
                  llvm::Twine(host[sharing.buffer]));
    if (sharing.offset % alignment != 0)
      return fail("the offset is not a multiple of the alignment " +
                  llvm::Twine(alignment));
    uint64_t size = *getAlignedSize(requests[sharing.buffer].size, alignment);
    uint64_t hostSize = *getAlignedSize(requests[sharing.host].size, alignment);
    if (sharing.offset > hostSize || size > hostSize - sharing.offset)
      return fail(llvm::Twine(size) + " bytes do not fit in the host's " +
                  llvm::Twine(hostSize));
    host[sharing.buffer] = sharing.host;
  }
  // Cycles: follow each chain, marking the buffers of the walk in progress.
  std::vector<uint8_t> state(n, 0); // 0 new, 1 on the current walk, 2 done
  std::vector<unsigned> path;
  for (unsigned b = 0; b < n; ++b) {
    path.clear();
    for (unsigned walk = b; state[walk] == 0;) {
      state[walk] = 1;
      path.push_back(walk);
      if (host[walk] < 0)
        break;
      walk = host[walk];
      if (state[walk] == 1)
        return makeError("buffer " + llvm::Twine(walk) +
                         " is its own ancestor in the sharings");
    }
    for (unsigned walk : path)
      state[walk] = 2;
  }
  return validateTreeMembers(requests, sharings, alignment, host);
}

SharingSelector::SharingSelector(ArrayRef<BufferRequest> requests,
                                 uint64_t alignment)
    : alignment(alignment), requests(requests.begin(), requests.end()),
      sizes(getAlignedSizes(requests, alignment)) {
  size_t n = requests.size();
  // Live bytes per step, on the steps where a live range starts or ends
  // (the peak is always at one of them).
  std::vector<int64_t> steps;
  for (const BufferRequest &request : requests) {
    steps.push_back(request.start);
    steps.push_back(request.end);
  }
  llvm::sort(steps);
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
  auto slotOf = [&](int64_t step) {
    return static_cast<size_t>(llvm::lower_bound(steps, step) - steps.begin());
  };
  live.assign(steps.size() + 1, 0);
  for (auto [b, request] : llvm::enumerate(requests)) {
    live[slotOf(request.start)] += sizes[b];
    live[slotOf(request.end) + 1] -= sizes[b];
  }
  for (size_t s = 0; s < steps.size(); ++s) {
    if (s > 0)
      live[s] += live[s - 1];
    peak = std::max(peak, live[s]);
  }
  root.resize(n);
  host.assign(n, -1);
  rootOffset.assign(n, 0);
  members.resize(n);
  first.resize(n);
  last.resize(n);
  for (unsigned b = 0; b < n; ++b) {
    root[b] = b;
    members[b] = {b};
    first[b] = slotOf(requests[b].start);
    last[b] = slotOf(requests[b].end);
  }
}

std::optional<BufferSharing>
SharingSelector::tryAdd(const BufferSharing &candidate) {
  size_t n = sizes.size();
  if (candidate.buffer >= n || candidate.host >= n ||
      candidate.offset % alignment != 0)
    return std::nullopt;
  // The buffer, or the root of its tree when the buffer covers that root
  // exactly; the root has no host.
  unsigned b = root[candidate.buffer];
  if (rootOffset[candidate.buffer] != 0 || sizes[b] != sizes[candidate.buffer])
    return std::nullopt;
  unsigned r = root[candidate.host];
  if (r == b || candidate.offset > sizes[candidate.host] ||
      sizes[b] > sizes[candidate.host] - candidate.offset)
    return std::nullopt;
  // b is a root (it has no host); its tree joins r's. The tree of r is then
  // live over the hull of both: r's size is added where r's tree was not
  // live, and b's size removed where b's tree was.
  size_t lo = std::min(first[b], first[r]), hi = std::max(last[b], last[r]);
  auto delta = [&](size_t s) {
    int64_t d = 0;
    if (s < first[r] || s > last[r])
      d += sizes[r];
    if (s >= first[b] && s <= last[b])
      d -= sizes[b];
    return d;
  };
  // The members of b's tree land in r's memory at `base`: one that shares
  // bytes with a member of r's tree while both live must be nested in it
  // (that member is the host or one of its ancestors), or the two would
  // clobber each other (validateSharings' tree rule). O(|b's tree| x
  // |r's tree|); the trees of in-place chains and concats are small.
  uint64_t base = rootOffset[candidate.host] + candidate.offset;
  auto isHostOrAncestor = [&](unsigned other) {
    for (int64_t up = candidate.host; up >= 0; up = host[up])
      if (static_cast<unsigned>(up) == other)
        return true;
    return false;
  };
  for (unsigned member : members[b]) {
    uint64_t lo1 = base + rootOffset[member], hi1 = lo1 + sizes[member];
    for (unsigned other : members[r]) {
      bool together = requests[member].start <= requests[other].end &&
                      requests[other].start <= requests[member].end;
      uint64_t lo2 = rootOffset[other], hi2 = lo2 + sizes[other];
      if (together && lo1 < hi2 && lo2 < hi1 && !isHostOrAncestor(other))
        return std::nullopt;
    }
  }
  bool raisesPeak = false;
  for (size_t s = lo; s < first[r] && !raisesPeak; ++s)
    raisesPeak =
        static_cast<int64_t>(live[s]) + delta(s) > static_cast<int64_t>(peak);
  for (size_t s = last[r] + 1; s <= hi && !raisesPeak; ++s)
    raisesPeak =
        static_cast<int64_t>(live[s]) + delta(s) > static_cast<int64_t>(peak);
  if (raisesPeak)
    return std::nullopt;
  for (size_t s = lo; s < first[r]; ++s)
    live[s] += delta(s);
  for (size_t s = last[r] + 1; s <= hi; ++s)
    live[s] += delta(s);
  for (size_t s = std::max(first[b], first[r]); s <= std::min(last[b], last[r]);
       ++s)
    live[s] -= sizes[b];
  for (unsigned member : members[b]) {
    root[member] = r;
    rootOffset[member] += base;
    members[r].push_back(member);
  }
  members[b].clear();
  members[b].shrink_to_fit();
  first[r] = lo;
  last[r] = hi;
  host[b] = candidate.host;
  return BufferSharing{b, candidate.host, candidate.offset};
}

llvm::SmallVector<BufferSharing>
planning::selectSharings(ArrayRef<BufferRequest> requests,
                         ArrayRef<BufferSharing> candidates, uint64_t alignment,
                         llvm::SmallVectorImpl<unsigned> *takenIndices) {
  llvm::SmallVector<BufferSharing> taken;
  if (requests.empty() || candidates.empty())
    return taken;
  SharingSelector selector(requests, alignment);
  for (auto [index, candidate] : llvm::enumerate(candidates)) {
    std::optional<BufferSharing> sharing = selector.tryAdd(candidate);
    if (!sharing)
      continue;
    taken.push_back(*sharing);
    if (takenIndices)
      takenIndices->push_back(index);
  }
  return taken;
}

MemoryPlan SharingForest::expandPlan(MemoryPlan treePlan) const {
  std::vector<BufferPlacement> placements(root.size());
  for (unsigned b = 0; b < root.size(); ++b) {
    placements[b] = treePlan.placements[treeOf[b]];
    placements[b].offset += rootOffset[b];
  }
  treePlan.placements = std::move(placements);
  return treePlan;
}

LivePeak planning::computePeak(ArrayRef<BufferRequest> requests,
                               uint64_t alignment,
                               ArrayRef<BufferSharing> sharings) {
  if (sharings.empty())
    return computePeak(requests, alignment);
  return computePeak(
      SharingForest::build(requests.size(), sharings).getTreeRequests(requests),
      alignment);
}

uint64_t planning::computeLowerBound(ArrayRef<BufferRequest> requests,
                                     uint64_t alignment,
                                     ArrayRef<BufferSharing> sharings) {
  return computePeak(requests, alignment, sharings).bytes;
}
