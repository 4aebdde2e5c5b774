//===- PrintBufferLiveness.cpp - remarks from the buffer liveness --------===//
//
// `--mini-print-buffer-liveness`: one remark per memref.alloc with its size
// and live range, or why it cannot be planned; tested with
// `-verify-diagnostics` like upstream's `test-print-liveness`.
//
//===----------------------------------------------------------------------===//

#include "mini/Analysis/BufferLiveness.h"
#include "mini/Transforms/Passes.h"

namespace mini {
#define GEN_PASS_DEF_PRINTBUFFERLIVENESSPASS
#include "mini/Transforms/Passes.h.inc"
} // namespace mini

using namespace mlir;
using namespace mini;

namespace {
struct PrintBufferLivenessPass
    : public mini::impl::PrintBufferLivenessPassBase<PrintBufferLivenessPass> {
  using Base::Base;
  void getDependentDialects(DialectRegistry &registry) const override {
    registerBufferLivenessDependencies(registry);
  }
  void runOnOperation() override {
    BufferLivenessOptions options;
    options.planAllocas = allocas;
    options.alignment =
        alignment > 0 ? static_cast<uint64_t>(alignment.getValue()) : 0;
    BufferLiveness liveness(getOperation(), options);
    for (const BufferLiveRange &range : liveness.getBuffers()) {
      Operation *alloc = range.alloc;
      std::string name = getBufferName(alloc->getLoc());
      InFlightDiagnostic remark = alloc->emitRemark("buffer '")
                                  << name << "': ";
      if (range.sizeInBytes)
        remark << *range.sizeInBytes << " bytes, ";
      remark << "live [" << range.start << ", " << range.end << "]";
      if (!range.isPlannable())
        remark << ", not plannable: " << range.unplannedReason;
    }
    markAllAnalysesPreserved();
  }
};
} // namespace
