//===- InitAll.cpp - register everything mini-infer's tools use -----------===//

#include "mini/InitAll.h"

#include "mini/Dialect/Mini/Transforms/Passes.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

#include "mini/Codegen/Passes.h"
#include "mini/Conversion/Passes.h"
#include "mini/Dialect/Mini/IR/MiniDialect.h"
#include "mini/Fusion/Passes.h"
#include "mini/Fusion/Segments.h"
#include "mini/Interfaces/InPlaceReuseOpInterface.h"
#include "mini/Pipelines/Pipelines.h"
#include "mini/Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferViewFlowOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/ControlFlow/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/ControlFlow/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/AllocationOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/Transforms/BufferViewFlowOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/IR/TensorTilingInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void mini::registerAllDialects(DialectRegistry &registry) {
  registry
      .insert<MiniDialect, func::FuncDialect, arith::ArithDialect,
              math::MathDialect, linalg::LinalgDialect, tensor::TensorDialect,
              memref::MemRefDialect, bufferization::BufferizationDialect,
              scf::SCFDialect, cf::ControlFlowDialect, affine::AffineDialect,
              vector::VectorDialect, LLVM::LLVMDialect>();
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  // Tiling, bufferization, deallocation and view-flow models, in-place
  // reuse and the planner's value-bounds models: the one list
  // (mini/Fusion/Segments.h).
  registerSegmentPlanningDependencies(registry);
}

void mini::registerMiniPasses() {
  registerMiniTransformsPasses();
  registerMiniFusionPasses();
  registerMiniDialectTransformsPasses();
  registerMiniConversionPasses();
  registerMiniCodegenPasses();
  registerPipelines();
}

void mini::registerAllPasses() {
  registerMiniPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  bufferization::registerBufferizationPasses();
  bufferization::registerBufferizationPipelines();
}

void mini::hideLLVMOptions() {
  for (auto &entry : llvm::cl::getRegisteredOptions())
    if (entry.first != "help" && entry.first != "help-hidden" &&
        entry.first != "version")
      entry.second->setHiddenFlag(llvm::cl::Hidden);
}

void mini::installWriteErrorHandler(const char *toolName) {
  // LLVM reports a failed write of an output stream (a full disk, /dev/full)
  // as a fatal error when the stream closes, after the drivers we reuse
  // (MlirOptMain, mlirTranslateMain) are done with it; this handler turns
  // that into the tool's error message. report_fatal_error exits with 1
  // after it.
  llvm::install_fatal_error_handler(
      [](void *tool, const char *reason, bool) {
        llvm::StringRef message(reason);
        if (message.consume_front("IO failure on output stream: "))
          llvm::errs() << static_cast<const char *>(tool)
                       << ": error: cannot write the output: " << message
                       << "\n";
        else
          llvm::errs() << static_cast<const char *>(tool)
                       << ": internal error: " << message << "\n";
      },
      const_cast<char *>(toolName));
}
