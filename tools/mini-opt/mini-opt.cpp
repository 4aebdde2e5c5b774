//===- mini-opt.cpp - mini-infer optimizer driver -------------------------===//
//
// Registers the mini dialect, the upstream dialects our pipelines produce,
// mini-infer's passes and pipelines, and runs MlirOptMain, with a `--help`
// that fits a screen: mlir-opt's everyday options; the pass list and the
// rest in `--list-passes` and `--help-hidden`.
//
//===----------------------------------------------------------------------===//

#include "mini/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"

/// The mlir-opt options `--help` shows; every other one is in `--help-hidden`.
static const char *const kShownOptions[] = {"allow-unregistered-dialect",
                                            "dump-pass-pipeline",
                                            "emit-bytecode",
                                            "list-passes",
                                            "load-dialect-plugin",
                                            "load-pass-plugin",
                                            "mlir-pass-statistics",
                                            "mlir-print-debuginfo",
                                            "mlir-print-ir-after-all",
                                            "mlir-print-ir-before-all",
                                            "mlir-print-op-on-diagnostic",
                                            "mlir-timing",
                                            "pass-pipeline",
                                            "show-dialects",
                                            "split-input-file",
                                            "verify-diagnostics",
                                            "verify-each",
                                            "help",
                                            "help-hidden",
                                            "version"};

int main(int argc, char **argv) {
  mini::hideLLVMOptions();
  mini::installWriteErrorHandler("mini-opt");
  mlir::DialectRegistry registry;
  mini::registerAllDialects(registry);
  mini::registerAllPasses();
  std::string header = mlir::registerCLIOptions(
      "mini-infer optimizer driver\n\n"
      "mini-infer's passes: --mini-bufferize (mini ops to memref IR),\n"
      "--plan-memory (pack buffers into pools), --mini-lower-to-llvm (to the\n"
      "LLVM dialect); --list-passes prints every registered pass and pipeline\n"
      "with its options, --help-hidden every option.\n",
      registry);
  // The pass list (one entry per pass and pass option) and mlir-opt's
  // debugging options stay parseable, out of `--help`.
  llvm::StringSet<> shown;
  for (const char *name : kShownOptions)
    shown.insert(name);
  for (auto &entry : llvm::cl::getRegisteredOptions())
    if (!shown.contains(entry.first))
      entry.second->setHiddenFlag(llvm::cl::Hidden);
  auto [inputFilename, outputFilename] =
      mlir::parseCLIOptions(argc, argv, header);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, inputFilename, outputFilename, registry));
}
