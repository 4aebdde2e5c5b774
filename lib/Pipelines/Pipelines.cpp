//===- Pipelines.cpp - mini-infer pass pipelines --------------------------===//
//
// `--mini-bufferize`: mini on tensors to memref IR, with upstream passes
// only (the house style keeps pipelines in a library, not in the tools).
//
//===----------------------------------------------------------------------===//

#include "mini/Pipelines/Pipelines.h"

#include "mini/Conversion/Passes.h"

#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void mini::buildBufferizePipeline(OpPassManager &pm,
                                  const BufferizePipelineOptions &options) {
  pm.addPass(createConvertMiniToLinalgPass());

  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));

  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addPass(createCanonicalizerPass());

  if (options.insertDeallocs) {
    bufferization::BufferDeallocationPipelineOptions dealloc;
    bufferization::buildBufferDeallocationPipeline(pm, dealloc);
    pm.addNestedPass<func::FuncOp>(
        bufferization::createOptimizeAllocationLivenessPass());
  }
}

void mini::registerPipelines() {
  PassPipelineRegistration<BufferizePipelineOptions>(
      "mini-bufferize",
      "Lower mini ops to memref IR: one memref.alloc per activation",
      buildBufferizePipeline);
}
