//===- InitAll.h - register everything mini-infer's tools use ----*- C++ -*-===//
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

/// Registers mini-infer's passes and pipelines and the upstream passes its
/// tests use (canonicalize, cse, bufferization passes).
void registerAllPasses();

} // namespace mini

#endif // MINI_INITALL_H
