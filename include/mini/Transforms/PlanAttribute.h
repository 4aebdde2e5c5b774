//===- PlanAttribute.h - a plan's figures on its function --------*- C++
//-*-===//
//
// `--plan-memory` leaves each planned function's figures on it as the
// dictionary attribute `mini.memory_plan`, with the keys of the figures
// that mini/Planning/PlanFigures.h marks for the attribute; the runtime
// reads them back from there.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_TRANSFORMS_PLANATTRIBUTE_H
#define MINI_TRANSFORMS_PLANATTRIBUTE_H

#include "mini/Planning/PlanFigures.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"

#include <optional>

namespace mini {

/// The attribute of `figures`: strings, booleans, integers (i64) and the
/// pools (a dense i64 array).
mlir::DictionaryAttr buildMemoryPlanAttr(mlir::MLIRContext *context,
                                         const planning::PlanFigures &figures);

/// The figures of `op`'s attribute (those it holds; the others keep their
/// defaults), or nullopt when `op` has none.
std::optional<planning::PlanFigures> readMemoryPlanAttr(mlir::Operation *op);

} // namespace mini

#endif // MINI_TRANSFORMS_PLANATTRIBUTE_H
