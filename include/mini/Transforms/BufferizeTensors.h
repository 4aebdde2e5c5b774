//===- BufferizeTensors.h - linalg on tensors to memref IR -------*- C++
//-*-===//
//
// The upstream part of `--mini-bufferize`, for every driver that bufferizes
// linalg on tensors the way mini-infer plans it (the pipeline itself, and
// `mini-fuse-patches`, which plans each candidate segment).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_TRANSFORMS_BUFFERIZETENSORS_H
#define MINI_TRANSFORMS_BUFFERIZETENSORS_H

#include "mlir/Pass/PassManager.h"

namespace mini {

/// Upstream One-Shot Bufferize across function boundaries with identity
/// layouts, then buildResultsToOutParamsPipeline, then, with
/// `insertDeallocs`, the upstream buffer-deallocation pipeline followed by
/// `optimize-allocation-liveness`, so that each buffer is freed after its
/// last use. The anchor is the module.
void buildBufferizeTensorsPipeline(mlir::OpPassManager &pm,
                                   bool insertDeallocs);

/// The part of `--mini-bufferize` that memref IR needs too: upstream
/// `buffer-results-to-out-params` (memref results become out-params
/// appended to the arguments, a returned static allocation is hoisted into
/// its out-param), then canonicalization.
void buildResultsToOutParamsPipeline(mlir::OpPassManager &pm);

} // namespace mini

#endif // MINI_TRANSFORMS_BUFFERIZETENSORS_H
