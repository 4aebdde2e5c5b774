//===- onnx-import-fuzzer.cpp - the ONNX importer on arbitrary bytes ------===//
//
// Any byte string goes through `importONNXModel`: it is a module that
// verifies, or diagnostics and null. The symbolic dimensions "N" and "seq"
// (those of the seeds, Target/ONNX/Inputs/make_onnx.py) are bounded, so that
// the dynamic shapes' paths are fuzzed too. A signal, an abort, an exception, a
// sanitizer report or an unverifiable module is a finding.
//
//===----------------------------------------------------------------------===//

#include "mini/InitAll.h"
#include "mini/Target/ONNX/ImportONNX.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <cstdlib>

using namespace mlir;

/// One context for the whole run (building one per input would dominate
/// the time); diagnostics are expected and dropped.
static MLIRContext &getContext() {
  static MLIRContext *context = [] {
    DialectRegistry registry;
    mini::registerAllDialects(registry);
    auto *ctx = new MLIRContext(registry);
    ctx->loadAllAvailableDialects();
    ctx->getDiagEngine().registerHandler(
        [](Diagnostic &) { return success(); });
    return ctx;
  }();
  return *context;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  MLIRContext &ctx = getContext();
  mini::ImportONNXOptions options;
  options.dimBounds = {{"N", 4}, {"seq", 16}};
  OwningOpRef<ModuleOp> module = mini::importONNXModel(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), &ctx,
      UnknownLoc::get(&ctx), options);
  if (module && failed(verify(*module)))
    std::abort(); // The importer returned IR that does not verify.
  return 0;
}
