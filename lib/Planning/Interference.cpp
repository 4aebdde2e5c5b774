//===- Interference.cpp - interference and orders -------------------------===//
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/Interference.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <numeric>

using namespace mini;
using namespace mini::planning;
using llvm::ArrayRef;

/// How many buffers the loops handle between two looks at the clock.
static constexpr unsigned kClockInterval = 4096;

std::optional<InterferenceGraph>
InterferenceGraph::build(ArrayRef<BufferRequest> requests,
                         ArrayRef<uint64_t> sizes, const Deadline &deadline) {
  unsigned n = requests.size();
  std::vector<unsigned> byStart(n);
  std::iota(byStart.begin(), byStart.end(), 0u);
  llvm::stable_sort(byStart, [&](unsigned a, unsigned b) {
    return requests[a].start < requests[b].start;
  });
  if (isPast(deadline))
    return std::nullopt;
  std::vector<std::pair<unsigned, unsigned>> pairs;
  std::vector<unsigned> active;
  for (auto [k, i] : llvm::enumerate(byStart)) {
    if (k % kClockInterval == 0 && isPast(deadline))
      return std::nullopt;
    if (sizes[i] == 0)
      continue;
    llvm::erase_if(active, [&](unsigned j) {
      return requests[j].end < requests[i].start;
    });
    for (unsigned j : active)
      pairs.emplace_back(std::min(i, j), std::max(i, j));
    active.push_back(i);
  }
  InterferenceGraph graph;
  graph.offsets.assign(n + 1, 0);
  for (auto [a, b] : pairs) {
    ++graph.offsets[a + 1];
    ++graph.offsets[b + 1];
  }
  for (unsigned i = 0; i < n; ++i)
    graph.offsets[i + 1] += graph.offsets[i];
  graph.edges.resize(graph.offsets[n]);
  std::vector<size_t> fill(graph.offsets.begin(), graph.offsets.end() - 1);
  for (auto [a, b] : pairs) {
    graph.edges[fill[a]++] = b;
    graph.edges[fill[b]++] = a;
  }
  // Sorted neighbor lists keep every later iteration deterministic.
  for (unsigned i = 0; i < n; ++i) {
    if (i % kClockInterval == 0 && isPast(deadline))
      return std::nullopt;
    std::sort(graph.edges.begin() + graph.offsets[i],
              graph.edges.begin() + graph.offsets[i + 1]);
  }
  return graph;
}

/// Buffer indices by aligned size descending, then live-range length
/// descending (the longer-lived of two equal buffers constrains more; XLA's
/// heap simulator breaks ties the same way), then start step, then index.
std::vector<unsigned> planning::getSizeOrder(ArrayRef<BufferRequest> requests,
                                             ArrayRef<uint64_t> sizes) {
  std::vector<unsigned> order(requests.size());
  std::iota(order.begin(), order.end(), 0u);
  llvm::sort(order, [&](unsigned a, unsigned b) {
    if (sizes[a] != sizes[b])
      return sizes[a] > sizes[b];
    int64_t lengthA = requests[a].end - requests[a].start;
    int64_t lengthB = requests[b].end - requests[b].start;
    if (lengthA != lengthB)
      return lengthA > lengthB;
    if (requests[a].start != requests[b].start)
      return requests[a].start < requests[b].start;
    return a < b;
  });
  return order;
}

/// Live-range length order, descending, then the size order: XLA's temporal
/// order.
std::vector<unsigned> planning::getLengthOrder(ArrayRef<BufferRequest> requests,
                                               ArrayRef<uint64_t> sizes) {
  std::vector<unsigned> order = getSizeOrder(requests, sizes);
  llvm::stable_sort(order, [&](unsigned a, unsigned b) {
    return requests[a].end - requests[a].start >
           requests[b].end - requests[b].start;
  });
  return order;
}

/// Interference degree order, descending, then the size order: TVM USMP's
/// greedy_by_conflicts.
std::vector<unsigned>
planning::getConflictOrder(ArrayRef<BufferRequest> requests,
                           ArrayRef<uint64_t> sizes,
                           const InterferenceGraph &graph) {
  std::vector<unsigned> order = getSizeOrder(requests, sizes);
  llvm::stable_sort(order, [&](unsigned a, unsigned b) {
    return graph.getNeighbors(a).size() > graph.getNeighbors(b).size();
  });
  return order;
}
