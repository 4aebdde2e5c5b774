//===- ScheduleGraph.h - the buffers a block's order decides ----*- C++ -*-===//
//
// The IR side of memory-aware scheduling: the dataflow graph of a block's
// ops over the buffers that bufferization will give their tensors, for the
// planning library's scheduler (mini/Planning/Scheduler.h), and the rewrite
// that puts the ops in a chosen order.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_ANALYSIS_SCHEDULEGRAPH_H
#define MINI_ANALYSIS_SCHEDULEGRAPH_H

#include "mini/Planning/Scheduler.h"

#include "mlir/IR/Block.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

namespace mini {

/// The schedule graph of a single block and the ops behind its nodes.
struct BlockScheduleGraph {
  planning::ScheduleGraph graph;
  /// The op of each node, in the block's order.
  llvm::SmallVector<mlir::Operation *> nodes;
  /// Ops that are no nodes: side-effect free ops using only other
  /// materializations (tensor.empty, constants, the fill or bias
  /// broadcast initializing a convolution's result). Each moves right before
  /// its first user, so their buffers open with that user's step.
  llvm::SmallVector<mlir::Operation *> materializations;
};

/// Builds the schedule graph of `block`'s ops, terminator excluded, on
/// tensors as One-Shot Bufferize and `--plan-memory` will treat them:
/// - every statically shaped tensor result defines a buffer of its element
///   count x element size in bytes (DataLayout), rounded up to `alignment`
///   as the plan's offsets are, except that a
///   destination-style op's result is its init's buffer when the init is a
///   node's result with no other use (bufferized in place), and a slice,
///   reshape or cast of a tensor is its source's buffer;
/// - buffers of weights (constants), of function arguments and of returned
///   values (out-params after bufferization) count 0 bytes;
/// - with `inPlace` (the options of --plan-memory of that name), what the
///   planner's sharings give (mini/Analysis/BufferSharing.h): the source of
///   a tensor.insert_slice into a contiguous slice (a concatenation's part)
///   and the source of a tensor.pad, each used once, are their
///   destination's buffer, and an op implementing InPlaceReuseOpInterface
///   may write its result over an input of the same size that dies at it;
/// - a node's predecessors are the producers of the values it uses (in its
///   regions too) and, for an op with memory effects or one that cannot be
///   speculated, the previous op with memory effects.
/// Ops of mini's tensor dialect count likewise, each result its own buffer.
BlockScheduleGraph buildBlockScheduleGraph(mlir::Block &block,
                                           const mlir::DataLayout &layout,
                                           uint64_t alignment, bool inPlace);

/// Moves `schedule`'s nodes into `order` (a topological order of its graph)
/// before the block's terminator, and each materialization right before
/// its first user.
void applySchedule(const BlockScheduleGraph &schedule,
                   llvm::ArrayRef<unsigned> order);

} // namespace mini

#endif // MINI_ANALYSIS_SCHEDULEGRAPH_H
