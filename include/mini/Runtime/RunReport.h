//===- RunReport.h - what a run of a compiled model measured -----*- C++
//-*-===//
//
// The figures mini-run reports (`--stats` as text, `--json` as JSON): the
// plan's (by the keys of mini/Planning/PlanFigures.h), the tracking
// allocator's heap figures, the tensors' bytes, compile and run times and
// the process's peak resident memory. Written once here, so that the text
// and the JSON say the same.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_RUNTIME_RUNREPORT_H
#define MINI_RUNTIME_RUNREPORT_H

#include "mini/Planning/PlanFigures.h"
#include "mini/Planning/SegmentSearch.h"
#include "mini/Runtime/TrackingAllocator.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace mini {

/// This process's peak resident memory in bytes (Linux's VmHWM), or -1
/// where /proc/self/status has none. Not getrusage's ru_maxrss, which Linux
/// keeps across exec: a tool started by a large process (a Python benchmark
/// with PyTorch loaded) would report its parent's size.
int64_t getPeakResidentBytes();

/// Timing of repeated runs, in ms.
struct BenchStats {
  unsigned runs = 0;
  double medianMs = 0, minMs = 0, maxMs = 0;
};

/// What one mini-run measured.
struct RunReport {
  std::string model;
  /// The plan's figures; nullopt when not planned, `unplannedHow` then
  /// saying how the allocations are freed.
  std::optional<planning::PlanFigures> plan;
  std::string unplannedHow;
  /// What --mini-fuse-patches chose, when it ran.
  std::optional<planning::PatchFusionFigures> patchFusion;
  /// The heap figures of the measured run with the largest peak, and the
  /// bytes the runs left allocated.
  AllocationStats heap;
  uint64_t heapBytesAtExit = 0;
  /// Bytes of the inputs and outputs (at the last run's sizes) and of the
  /// weights (static data, not on the heap).
  int64_t inputBytes = 0, outputBytes = 0, constantBytes = 0;
  double compileMs = 0;
  /// The timed runs, when there were any.
  std::optional<BenchStats> bench;

  /// The `--stats` lines: plan, patch fusion (when it ran), heap,
  /// buffers, compile.
  void printStats(llvm::raw_ostream &os) const;
  /// The `--json` object: model, planned, the plan's attribute figures
  /// (zeros when not planned), patch_fusion {segments, base_macs, macs,
  /// peak_bytes} when it ran, heap_*, *_bytes, compile_ms,
  /// peak_rss_bytes (when known) and bench {runs, median_ms, min_ms,
  /// max_ms}.
  llvm::json::Object toJSON() const;
};

} // namespace mini

#endif // MINI_RUNTIME_RUNREPORT_H
