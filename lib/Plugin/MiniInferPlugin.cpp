//===- MiniInferPlugin.cpp - mini-infer as an mlir-opt plugin -------------===//
//
// The `mini` dialect and mini-infer's passes for upstream mlir-opt:
//   mlir-opt --load-dialect-plugin=MiniInferPlugin.so \
//            --load-pass-plugin=MiniInferPlugin.so --plan-memory in.mlir
// as upstream's mlir/examples/standalone plugin does.
//
//===----------------------------------------------------------------------===//

#include "mini/InitAll.h"

#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Compiler.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "MiniInfer", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            mini::registerAllDialects(*registry);
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "MiniInfer", LLVM_VERSION_STRING,
          []() { mini::registerMiniPasses(); }};
}
