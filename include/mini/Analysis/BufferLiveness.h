//===- BufferLiveness.h - live ranges of memref buffers ----------*- C++ -*-===//
//
// Buffer liveness: for every `memref.alloc` of a function, its size in bytes
// and its live range in program steps, with the reason it cannot be planned
// when it cannot. Usable on its own (see `--mini-print-buffer-liveness`) and
// by `--plan-memory`.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_ANALYSIS_BUFFERLIVENESS_H
#define MINI_ANALYSIS_BUFFERLIVENESS_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace mini {

/// The live range and size of one `memref.alloc`.
struct BufferLiveRange {
  /// The allocation.
  mlir::memref::AllocOp alloc;
  /// Size in bytes (element count x element size from the DataLayout),
  /// before any plan alignment; std::nullopt when the shape is dynamic or
  /// the size does not fit in 63 bits.
  std::optional<uint64_t> sizeInBytes;
  /// Steps of the first and last program points at which the buffer is
  /// live, both inclusive: the smallest and the largest step of a use of the
  /// buffer or of any alias of it (deallocs are not uses); the step of the
  /// alloc when there is none. A use inside a nested region
  /// counts at the step of the top-level op holding the region.
  int64_t start = 0;
  int64_t end = 0;
  /// Empty when the buffer can be planned; otherwise why not, e.g.
  /// "dynamic shape", "returned from the function", "in memory space 1".
  std::string unplannedReason;
  /// The `memref.dealloc` ops that free the buffer or an alias of it. They
  /// are not uses: a plan replaces them.
  llvm::SmallVector<mlir::memref::DeallocOp, 1> deallocs;
  /// Every use of the buffer or of an alias of it by an op of the body,
  /// deallocs excepted, in the order BufferViewFlowAnalysis lists them.
  llvm::SmallVector<mlir::OpOperand *, 4> uses;

  bool isPlannable() const { return unplannedReason.empty(); }
};

/// Computes the live ranges of the `memref.alloc`s of one function-like op.
///
/// Program steps number the ops of the function body's block in order,
/// starting at 0. Aliases (views, subviews, casts, reshapes, region results,
/// ...) are found with upstream `BufferViewFlowAnalysis`. A buffer is
/// plannable when it is allocated directly in a single-block body, has a
/// static shape, an identity layout and the default memory space, and does
/// not escape: no alias is returned, passed to a call, stored as a value,
/// turned into a pointer or a tensor, or used by an op whose memory effects
/// are unknown. Buffers are listed in program order.
class BufferLiveness {
public:
  /// Analyses `op`, which must hold one region (a function body).
  explicit BufferLiveness(mlir::Operation *op);

  /// All `memref.alloc` ops of the function, top-level and nested, in
  /// program (pre-)order.
  llvm::ArrayRef<BufferLiveRange> getBuffers() const { return buffers; }

  /// Returns the step of a top-level op of the body, or of the top-level
  /// ancestor of a nested op; -1 for ops outside the body.
  int64_t getStep(mlir::Operation *op) const;

  /// Returns the top-level op of the body at `step`.
  mlir::Operation *getOpAtStep(int64_t step) const { return steps[step]; }

  /// Number of steps: the number of ops in the body's block.
  int64_t getNumSteps() const { return steps.size(); }

  /// Returns the index in getBuffers() of the one buffer that `value` is an
  /// alias of (the alloc's result included), or std::nullopt if it aliases
  /// none or more than one.
  std::optional<unsigned> getBufferIndex(mlir::Value value) const;

private:
  llvm::SmallVector<BufferLiveRange> buffers;
  llvm::SmallVector<mlir::Operation *> steps;
  llvm::DenseMap<mlir::Operation *, int64_t> stepOf;
  /// Alias -> buffer index, or -1 when the alias has several buffers.
  llvm::DenseMap<mlir::Value, int64_t> bufferOfAlias;
  mlir::Block *body = nullptr;
};

/// Returns a readable name for a buffer from its location: a `NameLoc`'s
/// name, a file location's `file:line:col` (file name without folders), or
/// the first name found in a fused or call-site location; empty if none.
std::string getBufferName(mlir::Location loc);

} // namespace mini

#endif // MINI_ANALYSIS_BUFFERLIVENESS_H
