//===- Segments.h - cut points and segments of a function body --*- C++ -*-===//
//
// A function body's cut points are the program points where the live
// activations (values computed from the arguments, as opposed to weights,
// bias broadcasts and other values of constants) are one tensor alone:
// the outputs of a chain's layers, of a residual block, of a branching
// block once its branches join. Between two cut points lies a segment,
// which can run on its own: one tensor in, one tensor out.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_FUSION_SEGMENTS_H
#define MINI_FUSION_SEGMENTS_H

#include "mini/Fusion/PatchFusion.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mini {

/// The cut points of a single-block function body.
struct CutPoints {
  /// The body's ops in order, without the terminator.
  llvm::SmallVector<mlir::Operation *> ops;
  /// Cut k lies before ops[positions[k]]; cut 0 is at 0 (the arguments),
  /// the last at ops.size() (the returned values).
  llvm::SmallVector<unsigned> positions;
  /// The activations live across each cut: one value for every cut but
  /// possibly the first and the last.
  llvm::SmallVector<llvm::SmallVector<mlir::Value, 1>> live;

  unsigned getNumCuts() const { return positions.size(); }
  /// The ops of the segment from cut `from` to cut `to`.
  llvm::ArrayRef<mlir::Operation *> getSegment(unsigned from,
                                               unsigned to) const {
    return llvm::ArrayRef(ops).slice(positions[from],
                                     positions[to] - positions[from]);
  }
};

/// Whether `value` is an accumulator that mini-fuse-accumulators computes
/// a band at a time with the op that reads it (never whole, so no cut
/// point): the result of a linalg op with a reduction loop, of int32
/// elements (an int8 op's), or of f32 elements that its one user, a
/// linalg.generic, rounds to narrower ones (a half-precision op's).
bool isBandedAccumulator(mlir::Value value);

/// The cut points of `function`'s body (one block); nullopt for a body of
/// more blocks.
std::optional<CutPoints> findCutPoints(mlir::func::FuncOp function);

/// A segment, copied into a module of its own: `@segment`, whose arguments
/// are the activations live at its start and whose results are those live
/// at its end. An input that is not an argument of the original function
/// is copied into a tensor of its own first, and an output that the
/// original function does not return is copied out last, so that after
/// bufferization they are buffers live where they are in the function.
mlir::OwningOpRef<mlir::ModuleOp> extractSegment(mlir::func::FuncOp function,
                                                 const CutPoints &cuts,
                                                 unsigned from, unsigned to);

/// The figures of one way to run a segment.
struct SegmentFigures {
  /// The MACs (countMACs).
  uint64_t macs = 0;
  /// The largest patch of the sink's result and of the segment's input
  /// read for it, as rows x cols (0 x 0 when the segment runs whole).
  std::pair<int64_t, int64_t> patch{0, 0};
  std::pair<int64_t, int64_t> inputPatch{0, 0};
};

/// How candidates are planned: the options of --plan-memory.
struct SegmentPlanOptions {
  int64_t alignment = 64;
  bool inPlace = true;
};

/// Registers what tiling, bufferizing and planning a segment need: the
/// TilingInterface models of linalg and tensor ops, the bufferization,
/// deallocation and view-flow models, and --plan-memory's dependencies.
void registerSegmentPlanningDependencies(mlir::DialectRegistry &registry);

/// Makes `@segment` of `module` (from extractSegment) run patch by patch
/// with `grid` (a whole grid: layer by layer, unchanged) and counts its
/// MACs. Fails with the reason (its last op cannot be cut into patches,
/// tile-and-fuse failed, a loop range not evaluated) in `problem`.
mlir::FailureOr<SegmentFigures>
fuseSegment(mlir::ModuleOp module, PatchGrid grid, std::string &problem);

/// Bufferizes `module` as --mini-bufferize does and plans `@segment` with
/// --plan-memory: the planned bytes. Fails with the reason (bufferizing or
/// planning failed, a buffer left unplanned) in `problem`.
mlir::FailureOr<uint64_t> planSegment(mlir::ModuleOp module,
                                      const SegmentPlanOptions &options,
                                      std::string &problem);

} // namespace mini

#endif // MINI_FUSION_SEGMENTS_H
