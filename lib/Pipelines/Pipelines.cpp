//===- Pipelines.cpp - mini-infer pass pipelines --------------------------===//
//
// `--mini-bufferize`: mini on tensors to memref IR, and
// `--mini-lower-to-llvm`: memref IR to the LLVM dialect, with upstream passes
// and mini's tile-and-vectorize driver (the house style keeps pipelines in a
// library, not in the tools).
//
//===----------------------------------------------------------------------===//

#include "mini/Pipelines/Pipelines.h"

#include "mini/Codegen/Passes.h"
#include "mini/Conversion/Passes.h"
#include "mini/Fusion/Passes.h"
#include "mini/Transforms/BufferizeTensors.h"
#include "mini/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Dialect/Vector/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using mini::createTileAndVectorizePass;

void mini::buildBufferizePipeline(OpPassManager &pm,
                                  const BufferizePipelineOptions &options) {
  pm.addPass(createConvertMiniToLinalgPass());
  pm.addPass(mini::createInsertShapeChecksPass());
  if (options.outlineShapeChecks)
    pm.addPass(mini::createOutlineShapeChecksPass());
  if (options.fuseElementwise)
    pm.addNestedPass<func::FuncOp>(mini::createFuseElementwisePass());
  if (options.scheduleForMemory) {
    ScheduleForMemoryPassOptions schedule;
    schedule.inPlace = options.scheduleInPlace;
    pm.addNestedPass<func::FuncOp>(mini::createScheduleForMemoryPass(schedule));
  }

  if (options.fusePatches())
    pm.addNestedPass<func::FuncOp>(
        mini::createFusePatchesPass(options.getFusePatchesOptions()));
  // int8 convolutions: their int32 accumulators a band of rows at a time
  // (after the patches, which make those inside them small already).
  pm.addNestedPass<func::FuncOp>(mini::createFuseAccumulatorsPass());
  buildBufferizeTensorsPipeline(pm, options.insertDeallocs);
}

void mini::buildLowerToLLVMPipeline(OpPassManager &pm,
                                    const LowerToLLVMPipelineOptions &options) {
  OpPassManager &funcPm = pm.nest<func::FuncOp>();
  if (options.vectorize) {
    funcPm.addPass(createTileAndVectorizePass());
    funcPm.addPass(createCanonicalizerPass());
    funcPm.addPass(createCSEPass());
  }
  funcPm.addPass(createConvertLinalgToLoopsPass());
  funcPm.addPass(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll()));
  funcPm.addPass(vector::createLowerVectorMultiReductionPass());
  // LLVM's per-loop analyses grow with the square of the loops in one
  // function (see mini-outline-loop-nests).
  if (options.nestsPerFunction != 0) {
    OutlineLoopNestsPassOptions outline;
    outline.nestsPerFunction = options.nestsPerFunction;
    pm.addPass(createOutlineLoopNestsPass(outline));
  }
  // What upstream's deallocation pipeline leaves (bufferization.clone,
  // bufferization.dealloc) becomes memref ops.
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  // scf.forall runs as scf.parallel, which scf-to-cf lowers to a loop.
  pm.addPass(createForallToParallelLoopPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createCanonicalizerPass());

  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.vectorContractLowering =
      vector::VectorContractLowering::OuterProduct;
  vectorToLLVM.vectorTransposeLowering =
      vector::VectorTransposeLowering::Shuffle1D;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useAlignedAlloc = true;
  memrefToLLVM.useGenericFunctions = options.genericAllocFunctions;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mini::registerPipelines() {
  PassPipelineRegistration<BufferizePipelineOptions>(
      "mini-bufferize",
      "Lower mini ops to memref IR: one memref.alloc per activation",
      buildBufferizePipeline);
  PassPipelineRegistration<LowerToLLVMPipelineOptions>(
      "mini-lower-to-llvm",
      "Lower (planned) memref IR to the LLVM dialect: tiling, vectorization, "
      "loops, LLVM",
      buildLowerToLLVMPipeline);
}
