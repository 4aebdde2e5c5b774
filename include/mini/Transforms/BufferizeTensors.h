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

#include "mini/Planning/PlanFigures.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include <string>

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

/// Registers what bufferizing and planning need: the bufferization,
/// deallocation and view-flow models of the dialects mini-infer lowers to,
/// and --plan-memory's dependencies.
void registerBufferizeTensorsDependencies(mlir::DialectRegistry &registry);

/// How a program on tensors is planned by planTensorFunction: the options of
/// --plan-memory of those names.
struct TensorPlanOptions {
  int64_t alignment = 64;
  bool inPlace = true;
};

/// What a configured `--plan-memory` pass (createPlanMemoryPass, then
/// initializeOptions) will do, read back from the options it prints: its
/// alignment and in-place reuse (as TensorPlanOptions, for planning
/// candidates the same way) and whether it moves pools to arena arguments.
struct PlanPassSettings {
  TensorPlanOptions plan;
  bool arenaArgument = false;
};
PlanPassSettings getPlanPassSettings(mlir::Pass &planMemory);

/// Bufferizes `module` as --mini-bufferize does (buildBufferizeTensorsPipeline
/// with deallocations, after the passes `prepare` adds, if any) and plans its
/// function `name` with --plan-memory: the plan's figures. `module` is
/// consumed: the caller passes a copy. Fails with the reason (no such
/// function, bufferizing or planning failed with its errors, a buffer left
/// unplanned with the planner's remark) in `problem`.
mlir::FailureOr<planning::PlanFigures>
planTensorFunction(mlir::ModuleOp module, llvm::StringRef name,
                   const TensorPlanOptions &options,
                   llvm::function_ref<void(mlir::OpPassManager &)> prepare,
                   std::string &problem);

} // namespace mini

#endif // MINI_TRANSFORMS_BUFFERIZETENSORS_H
