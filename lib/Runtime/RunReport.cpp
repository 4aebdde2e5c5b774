//===- RunReport.cpp - what a run of a compiled model measured ------------===//

#include "mini/Runtime/RunReport.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

int64_t mini::getPeakResidentBytes() {
  ErrorOr<std::unique_ptr<MemoryBuffer>> status =
      MemoryBuffer::getFileAsStream("/proc/self/status");
  if (!status)
    return -1;
  SmallVector<StringRef> lines;
  (*status)->getBuffer().split(lines, '\n');
  for (StringRef line : lines) {
    if (!line.consume_front("VmHWM:"))
      continue;
    StringRef value = line.trim(); // "123456 kB"
    int64_t kib;
    if (value.consume_back("kB") && !value.trim().getAsInteger(10, kib))
      return kib * 1024;
  }
  return -1;
}

void mini::RunReport::printStats(raw_ostream &os) const {
  if (plan)
    os << "plan: planned_bytes " << plan->plannedBytes << ", lower_bound_bytes "
       << plan->lowerBoundBytes << ", naive_bytes " << plan->naiveBytes << ", "
       << plan->pools.size() << " pool(s)\n";
  else
    os << "plan: none (" << unplannedHow << ")\n";
  if (patchFusion)
    os << "patch fusion: " << patchFusion->segments
       << " segment(s) patch by patch, macs " << patchFusion->macs << " of "
       << patchFusion->baseMacs << " layer by layer"
       << format(" (%.3fx)", patchFusion->baseMacs
                                 ? static_cast<double>(patchFusion->macs) /
                                       patchFusion->baseMacs
                                 : 1.0)
       << ", segment peak " << patchFusion->peakBytes << " bytes\n";
  os << "heap: peak " << heap.peakBytes << " bytes, " << heap.numAllocations
     << " allocations, " << heap.numFrees << " frees, " << heapBytesAtExit
     << " bytes live at exit\n";
  os << "buffers: inputs " << inputBytes << " bytes, outputs " << outputBytes
     << " bytes, constants " << constantBytes << " bytes (static data)\n";
  os << format("compile: %.1f ms\n", compileMs);
}

json::Object mini::RunReport::toJSON() const {
  json::Object object{
      {"model", model},
      {"planned", plan.has_value()},
      {"heap_peak_bytes", static_cast<int64_t>(heap.peakBytes)},
      {"heap_allocations", static_cast<int64_t>(heap.numAllocations)},
      {"heap_frees", static_cast<int64_t>(heap.numFrees)},
      {"heap_bytes_at_exit", static_cast<int64_t>(heapBytesAtExit)},
      {"input_bytes", inputBytes},
      {"output_bytes", outputBytes},
      {"constant_bytes", constantBytes},
      {"compile_ms", compileMs},
  };
  planning::addPlanFigures(object, plan.value_or(planning::PlanFigures()),
                           planning::FigureUse::AttributeAndReport);
  if (patchFusion)
    object["patch_fusion"] =
        json::Object{{"segments", patchFusion->segments},
                     {"base_macs", patchFusion->baseMacs},
                     {"macs", patchFusion->macs},
                     {"peak_bytes", patchFusion->peakBytes}};
  if (int64_t peak = getPeakResidentBytes(); peak >= 0)
    object["peak_rss_bytes"] = peak;
  if (bench)
    object["bench"] = json::Object{{"runs", static_cast<int64_t>(bench->runs)},
                                   {"median_ms", bench->medianMs},
                                   {"min_ms", bench->minMs},
                                   {"max_ms", bench->maxMs}};
  return object;
}
