//===- Passes.h - mini-infer fusion passes ------------------------*- C++
//-*-===//
//
// Declarations of the fusion passes (generated from Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_FUSION_PASSES_H
#define MINI_FUSION_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mini {

#define GEN_PASS_DECL
#include "mini/Fusion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mini/Fusion/Passes.h.inc"

} // namespace mini

#endif // MINI_FUSION_PASSES_H
