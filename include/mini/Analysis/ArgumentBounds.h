//===- ArgumentBounds.h - upper bounds of function arguments ----*- C++ -*-===//
//
// A function argument can carry the upper bounds of its dynamic sizes, so
// that buffers sized by them are planned at their bounds (as TVM Relax plans
// symbolic shapes at their upper bounds):
//
//   func.func @f(%n: index {mini.upper_bound = 128 : i64},
//                %x: memref<1x?xf32> {mini.upper_bound = array<i64: 1, 128>})
//
// An index argument's bound is an integer: the argument is in [0, bound].
// A shaped argument's bound is one integer per dimension: dimension i is at
// most bounds[i] (a static dimension's bound is its size). The bounds are
// facts about every call, not checks: a caller that passes more is wrong.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_ANALYSIS_ARGUMENTBOUNDS_H
#define MINI_ANALYSIS_ARGUMENTBOUNDS_H

#include "mlir/IR/DialectRegistry.h"
#include "llvm/ADT/StringRef.h"

namespace mini {

/// Registers `ValueBoundsOpInterface` on `func.func`, which gives
/// `ValueBoundsConstraintSet` the bounds of its arguments from
/// `mini.upper_bound`; an attribute of the wrong kind or length, or a
/// negative bound, adds none.
void registerArgumentBoundsExternalModels(mlir::DialectRegistry &registry);

} // namespace mini

#endif // MINI_ANALYSIS_ARGUMENTBOUNDS_H
