//===- mini-opt.cpp - mini-infer optimizer driver -------------------------===//
//
// Registers the mini dialect, the upstream dialects our pipelines produce,
// mini-infer's passes and pipelines, and runs MlirOptMain.
//
//===----------------------------------------------------------------------===//

#include "mini/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  // LLVM's own options out of `--help`; MlirOptMain then registers
  // mlir-opt's options and the pass list, which it shows as mlir-opt does.
  mini::hideLLVMOptions();
  mlir::DialectRegistry registry;
  mini::registerAllDialects(registry);
  mini::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "mini-infer optimizer driver\n", registry));
}
