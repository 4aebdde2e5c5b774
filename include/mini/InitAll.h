//===- InitAll.h - register everything mini-infer's tools use ----*- C++
//-*-===//
//
// One place that lists the dialects, interface models, passes and pipelines
// of mini-infer's drivers, as upstream's mlir/InitAllDialects.h does.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_INITALL_H
#define MINI_INITALL_H

#include "mlir/IR/DialectRegistry.h"

namespace mini {

/// Adds the `mini` dialect, the upstream dialects its lowering produces
/// (func, arith, math, linalg, tensor, memref, bufferization, scf, cf) and
/// the external models One-Shot Bufferize and deallocation need.
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers mini-infer's own passes and pipelines (--plan-memory,
/// --mini-bufferize, --mini-lower-to-llvm, ...), as the mlir-opt plugin
/// does. The passes register what they need themselves (in-place reuse
/// models, value-bounds models) from getDependentDialects.
void registerMiniPasses();

/// registerMiniPasses and the upstream passes mini-infer's tests use
/// (canonicalize, cse, bufferization passes and pipelines).
void registerAllPasses();

/// Hides, from `--help`, every command-line option registered so far but
/// `--help`, `--help-hidden` and `--version`: called first thing in a tool's
/// main, these are LLVM's own (code generation for every target, Polly,
/// ...), registered by libLLVM's static constructors. The options a driver
/// registers afterwards (mlir-opt's, the tool's own) stay visible;
/// `--help-hidden` lists everything.
void hideLLVMOptions();

/// Installs an LLVM fatal-error handler that prints `<toolName>: error:
/// cannot write the output: <reason>` for a failed write of an output
/// stream (LLVM's "IO failure on output stream", raised when the stream
/// closes) instead of "LLVM ERROR"; the tool then exits with 1. Any other
/// fatal error is printed as an internal error. `toolName` must outlive
/// the program (a string literal).
void installWriteErrorHandler(const char *toolName);

} // namespace mini

#endif // MINI_INITALL_H
