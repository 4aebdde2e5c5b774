//===- Scheduler.cpp - memory-aware operation scheduling
//-------------------===//

#include "mini/Planning/Scheduler.h"

#include <algorithm>

using namespace mini;
using namespace mini::planning;
using llvm::ArrayRef;

/// Number of readers of each node's results.
static std::vector<unsigned> countReaders(ArrayRef<ScheduleNode> nodes) {
  std::vector<unsigned> readers(nodes.size(), 0);
  for (const ScheduleNode &node : nodes)
    for (unsigned operand : node.operands)
      ++readers[operand];
  return readers;
}

uint64_t planning::computeSchedulePeak(ArrayRef<ScheduleNode> nodes,
                                       ArrayRef<unsigned> order) {
  std::vector<unsigned> remaining = countReaders(nodes);
  uint64_t live = 0, peak = 0;
  for (unsigned n : order) {
    const ScheduleNode &node = nodes[n];
    live += node.bytes;
    peak = std::max(peak, live);
    for (unsigned operand : node.operands)
      if (--remaining[operand] == 0 && !nodes[operand].liveOut)
        live -= nodes[operand].bytes;
    if (remaining[n] == 0 && !node.liveOut)
      live -= node.bytes;
  }
  return peak;
}

std::vector<unsigned>
planning::scheduleForMemory(ArrayRef<ScheduleNode> nodes) {
  size_t n = nodes.size();
  std::vector<unsigned> remaining = countReaders(nodes);
  // Predecessors not yet run, and successors to release.
  std::vector<unsigned> waiting(n, 0);
  std::vector<llvm::SmallVector<unsigned, 4>> successors(n);
  for (unsigned i = 0; i < n; ++i) {
    for (unsigned operand : nodes[i].operands)
      successors[operand].push_back(i);
    for (unsigned before : nodes[i].after)
      successors[before].push_back(i);
    waiting[i] = nodes[i].operands.size() + nodes[i].after.size();
  }
  std::vector<unsigned> ready;
  for (unsigned i = 0; i < n; ++i)
    if (waiting[i] == 0)
      ready.push_back(i);
  std::vector<unsigned> order;
  order.reserve(n);
  auto netBytes = [&](unsigned i) {
    int64_t net = static_cast<int64_t>(nodes[i].bytes);
    for (unsigned operand : nodes[i].operands)
      if (remaining[operand] == 1 && !nodes[operand].liveOut)
        net -= static_cast<int64_t>(nodes[operand].bytes);
    return net;
  };
  while (!ready.empty()) {
    size_t best = 0;
    int64_t bestNet = netBytes(ready[0]);
    for (size_t r = 1; r < ready.size(); ++r) {
      int64_t net = netBytes(ready[r]);
      if (net < bestNet || (net == bestNet && ready[r] < ready[best])) {
        best = r;
        bestNet = net;
      }
    }
    unsigned chosen = ready[best];
    ready[best] = ready.back();
    ready.pop_back();
    order.push_back(chosen);
    for (unsigned operand : nodes[chosen].operands)
      --remaining[operand];
    for (unsigned next : successors[chosen])
      if (--waiting[next] == 0)
        ready.push_back(next);
  }
  return order;
}
