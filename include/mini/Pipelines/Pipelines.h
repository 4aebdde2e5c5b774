//===- Pipelines.h - mini-infer pass pipelines -------------------*- C++ -*-===//
//
// Named pipelines shared by mini-opt, the tests and other drivers.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PIPELINES_PIPELINES_H
#define MINI_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mini {

/// Options of `--mini-bufferize`.
struct BufferizePipelineOptions
    : public mlir::PassPipelineOptions<BufferizePipelineOptions> {
  Option<bool> insertDeallocs{
      *this, "insert-deallocs",
      llvm::cl::desc("Free every buffer after its last use (upstream "
                     "ownership-based deallocation)"),
      llvm::cl::init(true)};
};

/// Lowers a module of `mini` ops on tensors to memref IR in which every
/// intermediate activation is one `memref.alloc`: `convert-mini-to-linalg`,
/// upstream One-Shot Bufferize across function boundaries with identity
/// layouts, `buffer-results-to-out-params` (results become out-params, the
/// returned allocation is hoisted into them), and, with `insert-deallocs`,
/// the upstream buffer-deallocation pipeline followed by
/// `optimize-allocation-liveness`, so that each buffer is freed after its
/// last use. The anchor is the module.
void buildBufferizePipeline(mlir::OpPassManager &pm,
                            const BufferizePipelineOptions &options);

/// Registers `--mini-bufferize`.
void registerPipelines();

} // namespace mini

#endif // MINI_PIPELINES_PIPELINES_H
