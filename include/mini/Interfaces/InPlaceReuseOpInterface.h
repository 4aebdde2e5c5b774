//===- InPlaceReuseOpInterface.h - in-place buffer reuse ---------*- C++
//-*-===//
//
// The op interface through which ops on buffers declare that an output may
// be written over an input, and its external models for linalg.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_INTERFACES_INPLACEREUSEOPINTERFACE_H
#define MINI_INTERFACES_INPLACEREUSEOPINTERFACE_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/SmallVector.h"

#include "mini/Interfaces/InPlaceReuseOpInterface.h.inc"

namespace mini {

/// Attaches InPlaceReuseOpInterface to `linalg.generic` and `linalg.map`.
/// For an output of memref type, the inputs returned are the memref inputs
/// of the same shape and element bit width whose indexing map equals the
/// output's, when that map is the identity, every loop is parallel and the
/// payload does not read the output.
void registerInPlaceReuseExternalModels(mlir::DialectRegistry &registry);

} // namespace mini

#endif // MINI_INTERFACES_INPLACEREUSEOPINTERFACE_H
