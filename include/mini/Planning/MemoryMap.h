//===- MemoryMap.h - pictures of a memory plan ------------------*- C++ -*-===//
//
// Draws a checked plan for people: an SVG picture (steps across, byte
// offsets up, one box per buffer, names on hover, shared buffers and the
// peak marked), as XLA's buffer-assignment dumps and TFLite Micro's arena
// printouts make plans readable, and a text map in the style of TFLite
// Micro's `GreedyMemoryPlanner::PrintMemoryPlan` (one line per step, one
// character per slice of the arena, one symbol per buffer).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_MEMORYMAP_H
#define MINI_PLANNING_MEMORYMAP_H

#include "mini/Planning/Problem.h"
#include "mini/Planning/Sharing.h"

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace mini {
namespace planning {

/// One planned function (or problem) as the maps draw it. The pools are
/// drawn end to end, pool 0 at the bottom.
struct MemoryMap {
  /// Shown above the map: the function or file name.
  std::string title;
  /// Pool sizes in bytes.
  std::vector<uint64_t> poolSizes;
  struct Buffer {
    std::string name;
    /// More about the buffer for the hover text (type, defining op), may be
    /// empty.
    std::string detail;
    /// Aligned size in bytes.
    uint64_t size = 0;
    /// Live range in steps, both inclusive.
    int64_t start = 0, end = 0;
    unsigned pool = 0;
    /// Byte offset in its pool.
    uint64_t offset = 0;
    /// The index in `buffers` of the buffer whose bytes this one reuses
    /// (in-place or a slice); -1 if none.
    int64_t host = -1;
  };
  std::vector<Buffer> buffers;
  /// The peak of live bytes (shared buffers counted once) and its step.
  LivePeak peak;
};

/// Builds the map of `plan` over `requests` (aligned to `alignment`, a
/// power of two); `names[i]` and `details[i]` describe request i (`details`
/// may be empty); `sharings` are the sharings the plan honors. The plan must
/// have passed verifyMemoryPlan.
MemoryMap buildMemoryMap(std::string title,
                         llvm::ArrayRef<BufferRequest> requests,
                         const MemoryPlan &plan, uint64_t alignment,
                         llvm::ArrayRef<std::string> names,
                         llvm::ArrayRef<std::string> details = {},
                         llvm::ArrayRef<BufferSharing> sharings = {});

/// Writes the maps as one SVG document, one map under the other: steps
/// across, offsets up (the pools end to end, their bounds as lines), one
/// box per buffer with its name in a hover title (and in the box where it
/// fits), buffers that reuse another's bytes dashed on top of their host,
/// and a vertical line at the peak step. Deterministic: the same maps give
/// the same bytes.
void writeMemoryMapSVG(llvm::raw_ostream &os, llvm::ArrayRef<MemoryMap> maps);

/// Writes the maps as text: per map a legend (symbol, name, bytes, offset,
/// steps) and one line per step at which the set of live buffers changes,
/// `width` characters across the pools end to end, each the symbol of the
/// buffer that holds the most bytes of that slice ('.' free), then the live
/// bytes; the peak's line is marked. Plans of fewer than `width` bytes get
/// one column per byte.
void writeMemoryMapText(llvm::raw_ostream &os, llvm::ArrayRef<MemoryMap> maps,
                        unsigned width = 80);

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_MEMORYMAP_H
