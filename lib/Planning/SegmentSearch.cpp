//===- SegmentSearch.cpp - choosing fusion segments and patch grids -------===//

#include "mini/Planning/SegmentSearch.h"

#include <algorithm>
#include <limits>
#include <tuple>

using namespace mini::planning;

namespace {
/// The best way found to reach a cut: its MACs, segment count, peak and
/// the candidate that enters it.
struct Reach {
  bool reached = false;
  uint64_t macs = 0;
  unsigned segments = 0;
  uint64_t peakBytes = 0;
  unsigned via = 0;
};
} // namespace

std::optional<SegmentPath>
mini::planning::findMinMacPath(const std::vector<SegmentCandidate> &candidates,
                               unsigned lastCut, uint64_t maxPeakBytes) {
  // Cuts are in program order and every candidate goes forward, so one
  // pass over the candidates sorted by their start relaxes each cut after
  // every way into it.
  std::vector<unsigned> order(candidates.size());
  for (unsigned i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](unsigned a, unsigned b) {
    return candidates[a].from < candidates[b].from;
  });
  std::vector<Reach> reach(lastCut + 1);
  reach[0].reached = true;
  for (unsigned index : order) {
    const SegmentCandidate &c = candidates[index];
    if (c.from >= c.to || c.to > lastCut || !reach[c.from].reached ||
        c.peakBytes > maxPeakBytes)
      continue;
    const Reach &at = reach[c.from];
    uint64_t macs = at.macs + c.macs;
    if (macs < at.macs)
      macs = std::numeric_limits<uint64_t>::max();
    Reach next{true, macs, at.segments + 1, std::max(at.peakBytes, c.peakBytes),
               index};
    Reach &to = reach[c.to];
    if (!to.reached || std::tie(next.macs, next.segments, next.peakBytes) <
                           std::tie(to.macs, to.segments, to.peakBytes))
      to = next;
  }
  if (!reach[lastCut].reached)
    return std::nullopt;
  SegmentPath path;
  path.macs = reach[lastCut].macs;
  path.peakBytes = reach[lastCut].peakBytes;
  for (unsigned cut = lastCut; cut != 0;) {
    unsigned via = reach[cut].via;
    path.candidates.push_back(via);
    cut = candidates[via].from;
  }
  std::reverse(path.candidates.begin(), path.candidates.end());
  return path;
}

std::optional<SegmentPath>
mini::planning::findMinPeakPath(const std::vector<SegmentCandidate> &candidates,
                                unsigned lastCut, uint64_t maxMacs) {
  // The smallest feasible peak is one of the candidates' peaks, and the
  // fewest MACs under a peak only fall as the peak grows: bisect.
  std::vector<uint64_t> peaks;
  for (const SegmentCandidate &c : candidates)
    peaks.push_back(c.peakBytes);
  std::sort(peaks.begin(), peaks.end());
  peaks.erase(std::unique(peaks.begin(), peaks.end()), peaks.end());
  auto feasible = [&](uint64_t peak) {
    std::optional<SegmentPath> path = findMinMacPath(candidates, lastCut, peak);
    return path && path->macs <= maxMacs ? path : std::nullopt;
  };
  size_t low = 0, high = peaks.size();
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (feasible(peaks[middle]))
      high = middle;
    else
      low = middle + 1;
  }
  if (low == peaks.size())
    return std::nullopt;
  return feasible(peaks[low]);
}
