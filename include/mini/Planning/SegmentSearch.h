//===- SegmentSearch.h - choosing fusion segments and patch grids -*- C++
//-*-===//
//
// A network cut at its cut points (program points where one tensor alone is
// live: a chain's layer outputs, a residual block's output) is a path of
// segments from cut 0 (the input) to the last cut (the output). Each
// candidate segment runs either layer by layer or patch by patch with some
// patch grid, and has two figures: the peak of its planned bytes (what
// --plan-memory plans for it, its boundary tensors included) and its MACs
// (halos recomputed per patch included). The network's peak is the largest
// peak along the path and its MACs the sum, so choosing the segments is a
// minimax path under a sum constraint: msf-CNN (NeurIPS 2025) solves it on
// chains of layers; cut points generalize its layer outputs to DAGs whose
// branches join within a segment.
//
// Both searches are exact over the candidates given, deterministic (ties go
// to fewer MACs, then fewer segments, then the earlier candidate), and run
// in O(E log E log P) for E candidates and P distinct peaks.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_SEGMENTSEARCH_H
#define MINI_PLANNING_SEGMENTSEARCH_H

#include <cstdint>
#include <optional>
#include <vector>

namespace mini::planning {

/// One way to run the part of a network between two cut points.
struct SegmentCandidate {
  /// The cut points it runs between, `from < to`.
  unsigned from = 0;
  unsigned to = 0;
  /// Its planned peak in bytes, and its multiply-accumulates.
  uint64_t peakBytes = 0;
  uint64_t macs = 0;
};

/// The chosen candidates, in order from cut 0 to the last cut.
struct SegmentPath {
  std::vector<unsigned> candidates;
  /// The largest peak along the path, and the sum of the MACs.
  uint64_t peakBytes = 0;
  uint64_t macs = 0;
};

/// What was chosen for a function: kept on it by mini-fuse-patches as
/// `mini.patch_fusion` and read back by the runtime's reports.
struct PatchFusionFigures {
  /// Segments that run patch by patch.
  int64_t segments = 0;
  /// MACs layer by layer and as chosen.
  int64_t baseMacs = 0;
  int64_t macs = 0;
  /// The largest planned peak of the chosen segments, in bytes.
  int64_t peakBytes = 0;
};

/// The path from cut 0 to cut `lastCut` with the smallest peak among those
/// whose MACs are at most `maxMacs`, then the fewest MACs; nullopt when no
/// path meets `maxMacs` (or none exists).
std::optional<SegmentPath>
findMinPeakPath(const std::vector<SegmentCandidate> &candidates,
                unsigned lastCut, uint64_t maxMacs);

/// The path with the fewest MACs among those whose peak is at most
/// `maxPeakBytes`; nullopt when none is.
std::optional<SegmentPath>
findMinMacPath(const std::vector<SegmentCandidate> &candidates,
               unsigned lastCut, uint64_t maxPeakBytes);

} // namespace mini::planning

#endif // MINI_PLANNING_SEGMENTSEARCH_H
