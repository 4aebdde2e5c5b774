//===- ExactSearch.cpp - exact buffer assignment --------------------------===//
//
// MiniMalloc's method (see ExactSearch.h for the rules and the source),
// written for mini's requests: inclusive step ranges become half-open ones,
// sizes are already aligned (so every offset, a sum of sizes, is aligned),
// and the search is bounded by a node budget and a deadline checked at
// every node.
//
// Over 500 lines on purpose: the search's state (sections, the unplaced
// prefix, the undo trail) and the node loop that mutates it are one data
// structure with one invariant; split across files, each half would need
// the other's internals (MiniMalloc keeps its solver in one file too).
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/ExactSearch.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <numeric>

using namespace mini;
using namespace mini::planning;
using llvm::ArrayRef;

namespace {

/// The largest partition the search takes: it keeps one ordering of the
/// unplaced buffers per depth, O(buffers^2) bytes along a path. A larger
/// partition leaves the capacity undecided (Unknown), and `auto` keeps its
/// heuristic plan; no problem of the field's benchmarks comes near it.
constexpr size_t kMaxPartitionBuffers = 2048;

constexpr uint64_t kUnplaced = std::numeric_limits<uint64_t>::max();
constexpr unsigned kNoBuffer = std::numeric_limits<unsigned>::max();

/// A set of buffers no other buffer crosses, over the sections
/// [firstSection, endSection).
struct Partition {
  std::vector<unsigned> buffers;
  unsigned firstSection = 0, endSection = 0;
};

/// The static orders (MiniMalloc's preorderings), by key letters: W the
/// live-range length, A the area (size x length), T the largest total of
/// the buffer's sections; each descending, ties by buffer index.
const char *const kPreorders[] = {"WAT", "TAW", "TWA"};

/// One entry of the dynamic order: a buffer's lowest offset and its rank
/// in the static order.
struct OrderEntry {
  uint64_t offset;
  unsigned rank;
};

} // namespace

struct ExactSearch::Impl {
  enum class Status { Found, NotFound, Stopped };

  // The problem, swept.
  std::vector<uint64_t> size;
  /// Half-open live range in steps.
  std::vector<int64_t> lower, upper;
  /// The sections each buffer spans: [firstSection, endSection).
  std::vector<unsigned> firstSection, endSection;
  unsigned numSections = 0;
  std::vector<Partition> partitions;
  /// Per buffer: the buffers it interferes with (filled per partition, on
  /// the first search of the partition).
  std::vector<std::vector<unsigned>> overlaps;
  /// Per section: its live buffers (filled with the overlaps), the
  /// unplaced ones first: `unplacedCount[s]` of them. A placement swaps the
  /// buffer out of that prefix and its undo takes it back, so that the
  /// unallocated floor scans only unplaced buffers.
  std::vector<std::vector<unsigned>> sectionBuffers;
  std::vector<unsigned> unplacedCount;
  /// Per buffer: its index in sectionBuffers[s], at s - firstSection[b].
  std::vector<std::vector<unsigned>> sectionIndex;
  std::vector<bool> partitionPrepared;

  // The state of one search.
  uint64_t capacity = 0;
  std::vector<uint64_t> offset, minOffset, solution;
  /// Per section: the lowest offset any buffer can still take there, and
  /// the bytes of its unplaced buffers.
  std::vector<uint64_t> floor, total;
  /// Per section boundary s (between s and s + 1): the unplaced buffers that
  /// cross it.
  std::vector<unsigned> cuts;

  /// The preorder of the round in progress; subproblems keep it.
  const char *currentPreorder = kPreorders[0];
  /// The preorder that found the last plan: every later decision's round
  /// robin starts with it (nearby capacities tend to fall to one order).
  unsigned firstPreorder = 0;
  /// Per buffer: the largest unplaced total of its sections, when its
  /// partition was last ordered.
  std::vector<uint64_t> busiest;

  // Limits.
  uint64_t nodes = 0, nodesLeft = 0;
  Deadline deadline;
  bool nodeBudgetHit = false, timeLimitHit = false;

  Impl(ArrayRef<BufferRequest> requests, ArrayRef<uint64_t> sizes);
  void preparePartition(unsigned p);
  SearchResult decide(uint64_t cap, const SearchLimits &limits,
                      std::vector<uint64_t> &offsets);
  Status solvePartition(const Partition &partition, const char *preorder);
  Status search(const Partition &partition, ArrayRef<unsigned> byRank,
                ArrayRef<OrderEntry> parentOrder, uint64_t lastOffset,
                unsigned lastRank);
  Status decompose(const Partition &partition, ArrayRef<unsigned> byRank,
                   ArrayRef<OrderEntry> order, uint64_t lastOffset,
                   unsigned lastRank, unsigned placed);
  bool check(const Partition &partition, uint64_t lastOffset, uint64_t maxTotal,
             unsigned firstChanged, unsigned endChanged) const;
  bool isSearchable() const {
    return llvm::all_of(partitions, [](const Partition &partition) {
      return partition.buffers.size() <= kMaxPartitionBuffers;
    });
  }

  /// Per section: an unplaced buffer whose lowest offset was at or below
  /// the floor when last seen, or kNoBuffer.
  std::vector<unsigned> floorWitness;

  /// The undo trail: the lowest offsets and floors a placement changed,
  /// with their old values, popped when it is taken back.
  struct Change {
    unsigned index;
    uint64_t old;
  };
  std::vector<Change> offsetTrail, floorTrail;
  /// Per search depth: the dynamic order and the raised entries of a node,
  /// kept to reuse their storage (a node's order lives while its children
  /// search).
  std::vector<std::vector<OrderEntry>> orderPool, raisedPool;
  unsigned depth = 0;
};

ExactSearch::Impl::Impl(ArrayRef<BufferRequest> requests,
                        ArrayRef<uint64_t> sizes) {
  unsigned n = requests.size();
  size.assign(sizes.begin(), sizes.end());
  lower.resize(n);
  upper.resize(n);
  firstSection.assign(n, 0);
  endSection.assign(n, 0);
  for (unsigned b = 0; b < n; ++b) {
    lower[b] = requests[b].start;
    upper[b] = requests[b].end + 1;
  }
  // The sweep: ends before starts at one step (ranges are half-open), then
  // by buffer. A section closes at every end that follows a start; a
  // partition closes when no buffer is live. Empty buffers take no part.
  struct Point {
    int64_t step;
    bool isStart;
    unsigned buffer;
  };
  std::vector<Point> points;
  points.reserve(2 * n);
  for (unsigned b = 0; b < n; ++b) {
    if (size[b] == 0)
      continue;
    points.push_back({lower[b], true, b});
    points.push_back({upper[b], false, b});
  }
  llvm::sort(points, [](const Point &a, const Point &b) {
    if (a.step != b.step)
      return a.step < b.step;
    if (a.isStart != b.isStart)
      return !a.isStart;
    return a.buffer < b.buffer;
  });
  unsigned live = 0;
  bool openSection = false;
  for (const Point &point : points) {
    if (point.isStart) {
      if (live == 0) {
        partitions.emplace_back();
        partitions.back().firstSection = numSections;
      }
      partitions.back().buffers.push_back(point.buffer);
      firstSection[point.buffer] = numSections;
      ++live;
      openSection = true;
      continue;
    }
    if (openSection) {
      ++numSections;
      openSection = false;
    }
    endSection[point.buffer] = numSections;
    if (--live == 0)
      partitions.back().endSection = numSections;
  }
  overlaps.resize(n);
  sectionBuffers.resize(numSections);
  unplacedCount.assign(numSections, 0);
  sectionIndex.resize(n);
  partitionPrepared.assign(partitions.size(), false);
}

/// Fills the overlaps and the section members of partition `p`.
void ExactSearch::Impl::preparePartition(unsigned p) {
  if (partitionPrepared[p])
    return;
  partitionPrepared[p] = true;
  const Partition &partition = partitions[p];
  for (unsigned b : partition.buffers)
    for (unsigned s = firstSection[b]; s < endSection[b]; ++s) {
      sectionIndex[b].push_back(sectionBuffers[s].size());
      sectionBuffers[s].push_back(b);
      ++unplacedCount[s];
    }
  // Buffers are in start order: each overlaps the earlier ones still live.
  std::vector<unsigned> active;
  for (unsigned b : partition.buffers) {
    llvm::erase_if(active, [&](unsigned a) { return upper[a] <= lower[b]; });
    for (unsigned a : active) {
      overlaps[a].push_back(b);
      overlaps[b].push_back(a);
    }
    active.push_back(b);
  }
}

bool ExactSearch::Impl::check(const Partition &partition, uint64_t lastOffset,
                              uint64_t maxTotal, unsigned firstChanged,
                              unsigned endChanged) const {
  // Section inference with the monotonic floor: every unplaced buffer of a
  // section sits at or above its floor and the last offset placed, so
  // max(floor, lastOffset) + total <= capacity in every section. The node
  // passed the check before this placement, and a placement changes only
  // the floors and totals of the sections [firstChanged, endChanged); the
  // other sections need only the
  // lastOffset part, which the largest total (before the placement, an
  // upper bound after it) settles unless it is tight.
  for (unsigned s = firstChanged; s < endChanged; ++s)
    if (std::max(floor[s], lastOffset) + total[s] > capacity)
      return false;
  if (lastOffset + maxTotal <= capacity)
    return true;
  for (unsigned s = partition.firstSection; s < partition.endSection; ++s)
    if (std::max(floor[s], lastOffset) + total[s] > capacity)
      return false;
  return true;
}

SearchResult ExactSearch::Impl::decide(uint64_t cap, const SearchLimits &limits,
                                       std::vector<uint64_t> &offsets) {
  capacity = cap;
  nodesLeft = limits.maxNodes;
  deadline = limits.deadline;
  nodeBudgetHit = timeLimitHit = false;
  unsigned n = size.size();
  for (unsigned b = 0; b < n; ++b)
    if (size[b] > capacity)
      return SearchResult::Infeasible;
  offset.assign(n, kUnplaced);
  // A search places one buffer per level: at most n + 1 levels.
  orderPool.resize(n + 2);
  raisedPool.resize(n + 2);
  depth = 0;
  minOffset.assign(n, 0);
  solution.assign(n, 0);
  busiest.assign(n, 0);
  floorWitness.assign(numSections, kNoBuffer);
  floor.assign(numSections, 0);
  total.assign(numSections, 0);
  cuts.assign(numSections ? numSections - 1 : 0, 0);
  for (unsigned b = 0; b < n; ++b) {
    if (size[b] == 0)
      continue;
    for (unsigned s = firstSection[b]; s < endSection[b]; ++s)
      total[s] += size[b];
    for (unsigned s = firstSection[b]; s + 1 < endSection[b]; ++s)
      ++cuts[s];
  }
  // A partition whose busiest section exceeds the capacity is infeasible
  // without a search; one too large to search leaves the answer unknown.
  for (const Partition &partition : partitions)
    for (unsigned s = partition.firstSection; s < partition.endSection; ++s)
      if (total[s] > capacity)
        return SearchResult::Infeasible;
  if (!isSearchable())
    return SearchResult::Unknown;
  for (unsigned p = 0; p < partitions.size(); ++p)
    preparePartition(p);

  // Round robin over the preorders under doubling node limits, each
  // partition solved apart (MiniMalloc's RoundRobin), from the last winner.
  uint64_t limit = std::max<uint64_t>(n, 1);
  for (;;) {
    limit = limit > UINT64_MAX / 2 ? UINT64_MAX : limit * 2;
    for (unsigned i = 0; i < std::size(kPreorders); ++i) {
      unsigned index = (firstPreorder + i) % std::size(kPreorders);
      const char *preorder = kPreorders[index];
      Status status = Status::Found;
      currentPreorder = preorder;
      uint64_t budget = std::min(limit, nodesLeft);
      uint64_t outerLeft = nodesLeft;
      nodesLeft = budget;
      for (const Partition &partition : partitions) {
        status = solvePartition(partition, preorder);
        if (status != Status::Found)
          break;
      }
      uint64_t used = budget - nodesLeft;
      nodesLeft = outerLeft - std::min(outerLeft, used);
      if (status == Status::Found) {
        firstPreorder = index;
        offsets = solution;
        return SearchResult::Feasible;
      }
      if (status == Status::NotFound)
        return SearchResult::Infeasible;
      if (timeLimitHit)
        return SearchResult::Unknown;
      if (nodesLeft == 0) {
        nodeBudgetHit = true;
        return SearchResult::Unknown;
      }
    }
  }
}

ExactSearch::Impl::Status
ExactSearch::Impl::solvePartition(const Partition &partition,
                                  const char *preorder) {
  // The static order of the partition's unplaced buffers.
  std::vector<unsigned> byRank;
  for (unsigned b : partition.buffers)
    if (offset[b] == kUnplaced)
      byRank.push_back(b);
  for (unsigned b : byRank) {
    busiest[b] = 0;
    for (unsigned s = firstSection[b]; s < endSection[b]; ++s)
      busiest[b] = std::max(busiest[b], total[s]);
  }
  auto key = [&](unsigned b, char letter) -> uint64_t {
    uint64_t width = upper[b] - lower[b];
    switch (letter) {
    case 'W':
      return width;
    case 'A':
      return width > UINT64_MAX / std::max<uint64_t>(size[b], 1)
                 ? UINT64_MAX
                 : width * size[b];
    default:
      return busiest[b];
    }
  };
  llvm::sort(byRank, [&](unsigned a, unsigned b) {
    for (const char *letter = preorder; *letter; ++letter) {
      uint64_t ka = key(a, *letter), kb = key(b, *letter);
      if (ka != kb)
        return ka > kb;
    }
    return a < b;
  });
  std::vector<OrderEntry> order(byRank.size());
  for (unsigned r = 0; r < byRank.size(); ++r)
    order[r] = {0, r};
  return search(partition, byRank, order, 0, 0);
}

ExactSearch::Impl::Status
ExactSearch::Impl::search(const Partition &partition, ArrayRef<unsigned> byRank,
                          ArrayRef<OrderEntry> parentOrder, uint64_t lastOffset,
                          unsigned lastRank) {
  if (nodesLeft == 0)
    return Status::Stopped;
  --nodesLeft;
  ++nodes;
  if (isPast(deadline)) {
    timeLimitHit = true;
    return Status::Stopped;
  }
  // The dynamic order: unplaced buffers by lowest offset, then rank. The
  // parent's order is sorted; the entries the parent's placement raised are
  // sorted apart and merged back in.
  auto before = [](const OrderEntry &a, const OrderEntry &b) {
    return a.offset != b.offset ? a.offset < b.offset : a.rank < b.rank;
  };
  std::vector<OrderEntry> &order = orderPool[depth];
  std::vector<OrderEntry> &raised = raisedPool[depth];
  order.clear();
  raised.clear();
  for (const OrderEntry &entry : parentOrder) {
    unsigned b = byRank[entry.rank];
    if (offset[b] != kUnplaced)
      continue;
    if (minOffset[b] == entry.offset)
      order.push_back(entry);
    else
      raised.push_back({minOffset[b], entry.rank});
  }
  if (order.empty() && raised.empty()) {
    for (unsigned b : partition.buffers)
      solution[b] = offset[b];
    return Status::Found;
  }
  if (!raised.empty()) {
    llvm::sort(raised, before);
    size_t middle = order.size();
    order.insert(order.end(), raised.begin(), raised.end());
    std::inplace_merge(order.begin(), order.begin() + middle, order.end(),
                       before);
  }
  uint64_t maxTotal = 0;
  for (unsigned s = partition.firstSection; s < partition.endSection; ++s)
    maxTotal = std::max(maxTotal, total[s]);
  // Dominance: the lowest top any unplaced buffer can reach.
  uint64_t minHeight = UINT64_MAX;
  for (const OrderEntry &entry : order)
    minHeight = std::min(minHeight, entry.offset + size[byRank[entry.rank]]);

  for (const OrderEntry &entry : order) {
    // Canonical solutions: nondecreasing offsets, ranks increasing at one
    // offset.
    if (entry.offset < lastOffset ||
        (entry.offset == lastOffset && entry.rank < lastRank))
      continue;
    // A gap an unplaced buffer could fill would stay below this one.
    if (entry.offset >= minHeight)
      continue;
    unsigned b = byRank[entry.rank];
    uint64_t at = entry.offset, top = at + size[b];
    offset[b] = at;
    solution[b] = at;
    for (unsigned s = firstSection[b]; s < endSection[b]; ++s) {
      std::vector<unsigned> &members = sectionBuffers[s];
      unsigned last = members[--unplacedCount[s]];
      unsigned index = sectionIndex[b][s - firstSection[b]];
      std::swap(members[index], members[unplacedCount[s]]);
      sectionIndex[last][s - firstSection[last]] = index;
      sectionIndex[b][s - firstSection[b]] = unplacedCount[s];
    }

    // Raise the lowest offsets of the unplaced buffers it overlaps.
    size_t offsetMark = offsetTrail.size(), floorMark = floorTrail.size();
    bool hatless = true;
    unsigned firstRaised = firstSection[b], endRaised = endSection[b];
    for (unsigned other : overlaps[b]) {
      if (offset[other] != kUnplaced)
        continue;
      hatless = false;
      if (minOffset[other] >= top)
        continue;
      offsetTrail.push_back({other, minOffset[other]});
      minOffset[other] = top;
      firstRaised = std::min(firstRaised, firstSection[other]);
      endRaised = std::max(endRaised, endSection[other]);
    }
    // The sections this placement changes: its own, and those of the
    // buffers it raised. Each raised buffer overlaps this one, so their
    // spans and its own make one range of sections.
    // Its sections: the floor rises to its top, its bytes are placed.
    for (unsigned s = firstSection[b]; s < endSection[b]; ++s) {
      floorTrail.push_back({s, floor[s]});
      floor[s] = top;
      total[s] -= size[b];
    }
    // The unallocated floor: no section's floor stays below the lowest
    // offset its unplaced buffers can take.
    bool raisedAny = offsetTrail.size() > offsetMark;
    for (unsigned s = firstRaised; raisedAny && s < endRaised; ++s) {
      // An unplaced buffer at or below the floor keeps it; the last one
      // found is tried first (a hint, verified, never restored).
      unsigned witness = floorWitness[s];
      if (witness != kNoBuffer && offset[witness] == kUnplaced &&
          minOffset[witness] <= floor[s])
        continue;
      // The scan stops at the first unplaced buffer at or below the floor:
      // the floor stays, and that buffer is the next witness.
      uint64_t lowest = UINT64_MAX;
      for (unsigned other :
           llvm::ArrayRef(sectionBuffers[s]).take_front(unplacedCount[s])) {
        if (minOffset[other] >= lowest)
          continue;
        lowest = minOffset[other];
        floorWitness[s] = other;
        if (lowest <= floor[s])
          break;
      }
      if (lowest != UINT64_MAX && floor[s] < lowest) {
        floorTrail.push_back({s, floor[s]});
        floor[s] = lowest;
      }
    }

    Status status = Status::NotFound;
    if (top <= capacity &&
        check(partition, at, maxTotal, firstRaised, endRaised)) {
      ++depth;
      status = decompose(partition, byRank, order, at, entry.rank, b);
      --depth;
    }

    while (floorTrail.size() > floorMark) {
      floor[floorTrail.back().index] = floorTrail.back().old;
      floorTrail.pop_back();
    }
    for (unsigned s = firstSection[b]; s < endSection[b]; ++s) {
      total[s] += size[b];
      // Back into the unplaced prefix, where the placement left it.
      ++unplacedCount[s];
    }
    while (offsetTrail.size() > offsetMark) {
      minOffset[offsetTrail.back().index] = offsetTrail.back().old;
      offsetTrail.pop_back();
    }
    offset[b] = kUnplaced;
    if (status != Status::NotFound)
      return status;
    // Nothing above it: no other choice here can do better.
    if (hatless)
      break;
  }
  return Status::NotFound;
}

ExactSearch::Impl::Status
ExactSearch::Impl::decompose(const Partition &partition,
                             ArrayRef<unsigned> byRank,
                             ArrayRef<OrderEntry> order, uint64_t lastOffset,
                             unsigned lastRank, unsigned placed) {
  // Placing a buffer removes it from the cuts it crossed; where a cut drops
  // to zero, the sides are independent subproblems.
  std::vector<unsigned> cutpoints = {partition.firstSection};
  for (unsigned s = firstSection[placed]; s + 1 < endSection[placed]; ++s)
    if (--cuts[s] == 0)
      cutpoints.push_back(s + 1);
  Status status = Status::Found;
  if (cutpoints.size() == 1) {
    status = search(partition, byRank, order, lastOffset, lastRank);
  } else {
    cutpoints.push_back(partition.endSection);
    for (unsigned c = 1; c < cutpoints.size(); ++c) {
      Partition sub;
      sub.firstSection = cutpoints[c - 1];
      sub.endSection = cutpoints[c];
      for (unsigned b : partition.buffers)
        if (offset[b] == kUnplaced && firstSection[b] < sub.endSection &&
            sub.firstSection < endSection[b])
          sub.buffers.push_back(b);
      if (sub.buffers.empty())
        continue;
      // The subproblems keep the preorder of the search in progress.
      status = solvePartition(sub, currentPreorder);
      if (status != Status::Found)
        break;
    }
  }
  for (unsigned s = firstSection[placed]; s + 1 < endSection[placed]; ++s)
    ++cuts[s];
  return status;
}

ExactSearch::ExactSearch(ArrayRef<BufferRequest> requests,
                         ArrayRef<uint64_t> sizes)
    : impl(std::make_unique<Impl>(requests, sizes)) {}

ExactSearch::~ExactSearch() = default;

SearchResult ExactSearch::decide(uint64_t capacity, const SearchLimits &limits,
                                 std::vector<uint64_t> &offsets) {
  return impl->decide(capacity, limits, offsets);
}

bool ExactSearch::isSearchable() const { return impl->isSearchable(); }
uint64_t ExactSearch::getNodes() const { return impl->nodes; }
bool ExactSearch::hitNodeBudget() const { return impl->nodeBudgetHit; }
bool ExactSearch::hitTimeLimit() const { return impl->timeLimitHit; }
