//===- ShapeChecks.h - names of the run-time shape checks --------*- C++
//-*-===//
//
// What `mini-outline-shape-checks` writes and the runtime reads: the check
// function of a public function `@f` is `@f_shape_checks`, with the same
// arguments and one `tensor<i32>` result (the index of the first failed
// check, -1 when all hold), and its checks' messages in order as the array
// of strings `mini.shape_checks`.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_TRANSFORMS_SHAPECHECKS_H
#define MINI_TRANSFORMS_SHAPECHECKS_H

#include "llvm/ADT/StringRef.h"

namespace mini {

/// The suffix of a check function's name.
inline constexpr llvm::StringLiteral kShapeChecksSuffix = "_shape_checks";

} // namespace mini

#endif // MINI_TRANSFORMS_SHAPECHECKS_H
