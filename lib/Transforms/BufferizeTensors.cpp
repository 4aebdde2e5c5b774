//===- BufferizeTensors.cpp - linalg on tensors to memref IR --------------===//

#include "mini/Transforms/BufferizeTensors.h"

#include "mini/Analysis/BufferLiveness.h"
#include "mini/Interfaces/InPlaceReuseOpInterface.h"
#include "mini/Transforms/Passes.h"
#include "mini/Transforms/PlanAttribute.h"

#include "mlir/Dialect/Arith/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferViewFlowOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/ControlFlow/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/Transforms/AllocationOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/Transforms/BufferViewFlowOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void mini::buildBufferizeTensorsPipeline(OpPassManager &pm,
                                         bool insertDeallocs) {
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  buildResultsToOutParamsPipeline(pm);

  if (insertDeallocs) {
    bufferization::BufferDeallocationPipelineOptions dealloc;
    bufferization::buildBufferDeallocationPipeline(pm, dealloc);
    pm.addNestedPass<func::FuncOp>(
        bufferization::createOptimizeAllocationLivenessPass());
  }
}

void mini::buildResultsToOutParamsPipeline(OpPassManager &pm) {
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addPass(createCanonicalizerPass());
}

void mini::registerBufferizeTensorsDependencies(DialectRegistry &registry) {
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  arith::registerBufferDeallocationOpInterfaceExternalModels(registry);
  arith::registerBufferViewFlowOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  cf::registerBufferizableOpInterfaceExternalModels(registry);
  cf::registerBufferDeallocationOpInterfaceExternalModels(registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  memref::registerAllocationOpInterfaceExternalModels(registry);
  memref::registerBufferViewFlowOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  scf::registerBufferDeallocationOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  registerBufferLivenessDependencies(registry);
  registerInPlaceReuseExternalModels(registry);
}

FailureOr<mini::planning::PlanFigures> mini::planTensorFunction(
    ModuleOp module, StringRef name, const mini::TensorPlanOptions &options,
    llvm::function_ref<void(OpPassManager &)> prepare, std::string &problem) {
  if (!module.lookupSymbol<func::FuncOp>(name)) {
    problem = ("no function @" + name).str();
    return failure();
  }
  // The errors, and the planner's remark on each buffer it leaves
  // unplanned.
  std::string diagnostics, unplanned;
  ScopedDiagnosticHandler handler(module.getContext(), [&](Diagnostic &diag) {
    std::string text = diag.str();
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      diagnostics += text + "; ";
    else if (diag.getSeverity() == DiagnosticSeverity::Remark &&
             StringRef(text).starts_with("buffer not planned: ") &&
             unplanned.empty())
      unplanned = text;
    return success();
  });
  PassManager pm(module.getContext(), ModuleOp::getOperationName());
  if (prepare)
    prepare(pm);
  buildBufferizeTensorsPipeline(pm, /*insertDeallocs=*/true);
  PlanMemoryPassOptions plan;
  plan.alignment = options.alignment;
  plan.inPlace = options.inPlace;
  pm.addPass(createPlanMemoryPass(plan));
  if (failed(pm.run(module))) {
    problem = "bufferizing or planning failed: " + diagnostics;
    return failure();
  }
  std::optional<mini::planning::PlanFigures> planned =
      readMemoryPlanAttr(module.lookupSymbol<func::FuncOp>(name));
  if (!unplanned.empty() || !planned) {
    problem = unplanned.empty() ? "no plan" : unplanned;
    return failure();
  }
  return *planned;
}

mini::PlanPassSettings mini::getPlanPassSettings(Pass &planMemory) {
  std::string printed;
  llvm::raw_string_ostream os(printed);
  planMemory.printAsTextualPipeline(os);
  mini::PlanPassSettings settings;
  StringRef options(printed);
  options = options.drop_until([](char c) { return c == '{'; })
                .drop_front()
                .take_until([](char c) { return c == '}'; });
  llvm::SmallVector<StringRef> tokens;
  options.split(tokens, ' ', -1, /*KeepEmpty=*/false);
  for (StringRef token : tokens) {
    auto [key, value] = token.split('=');
    if (key == "alignment")
      (void)value.getAsInteger(10, settings.plan.alignment);
    else if (key == "in-place")
      settings.plan.inPlace = value != "false";
    else if (key == "arena")
      settings.arenaArgument = value == "argument";
  }
  return settings;
}
