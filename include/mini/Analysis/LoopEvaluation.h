//===- LoopEvaluation.h - index values at every iteration of a loop nest --===//
//
// The sizes and offsets that upstream tile-and-fuse computes for a patch are
// `affine.min`s of `affine.max`es of the loops' induction variables. The
// value-bounds analysis (ValueBoundsOpInterface) bounds a min from above
// and a max from below, but not a max of mins from above, nor a min from
// below, so it cannot bound a halo tile's size or prove that a patch is
// never empty. When every enclosing `scf.for` has constant bounds and few
// iterations (a patch grid has 4 to 256), evaluating the value at every
// iteration gives the exact range instead: affine.apply/min/max, arith's
// integer ops, comparisons, selects and casts, and tensor/memref.dim are
// evaluated on integers.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_ANALYSIS_LOOPEVALUATION_H
#define MINI_ANALYSIS_LOOPEVALUATION_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstdint>
#include <optional>

namespace mini {

/// The values of the index and integer SSA values at one iteration of a
/// loop nest: induction variables are given, everything else is folded from
/// its operands. Each evaluation is memoized.
class IterationEvaluator {
public:
  /// Evaluates with `inductionValues` (loop induction variable -> value).
  explicit IterationEvaluator(
      llvm::DenseMap<mlir::Value, int64_t> inductionValues);

  /// The integer (index, iN) value of `value`, or nullopt when an op on
  /// the way does not fold or reads something that is not known.
  std::optional<int64_t> getInteger(mlir::Value value);

  /// The size of dimension `dim` of a ranked tensor or memref value: static
  /// sizes from the type, dynamic ones from the op that defines the value
  /// (`tensor.extract_slice`, `memref.subview`, `tensor.empty`,
  /// `tensor.generate`, `memref.alloc`, `tensor.pad`, the init of a
  /// destination-style op, the taken branch of an `scf.if`, the init of a
  /// loop's iteration argument, `tensor.dim`'s source); nullopt otherwise.
  std::optional<int64_t> getDimension(mlir::Value shaped, unsigned dim);

private:
  std::optional<int64_t> evaluate(mlir::Value value, unsigned depth);
  std::optional<int64_t> getDimension(mlir::Value shaped, unsigned dim,
                                      unsigned depth);

  llvm::DenseMap<mlir::Value, int64_t> inductionValues;
  llvm::DenseMap<mlir::Value, int64_t> known;
};

/// Calls `visit` once for every iteration of the `scf.for` loops that
/// enclose `op` (outermost first, up to and excluding `limit` if given),
/// with an evaluator for that iteration. Fails, without calling `visit`,
/// when a loop's bounds or step are not constant, a step is not positive,
/// or the nest has more than `maxIterations` iterations. A loop nest of
/// none calls `visit` once.
mlir::LogicalResult
forEachLoopIteration(mlir::Operation *op, uint64_t maxIterations,
                     llvm::function_ref<void(IterationEvaluator &)> visit,
                     mlir::Operation *limit = nullptr);

/// The smallest and largest value of integer `value` over every iteration
/// of the loops that enclose its definition (at most `maxIterations`);
/// nullopt when one iteration cannot be evaluated.
std::optional<std::pair<int64_t, int64_t>>
getRangeOverLoops(mlir::Value value, uint64_t maxIterations);

} // namespace mini

#endif // MINI_ANALYSIS_LOOPEVALUATION_H
