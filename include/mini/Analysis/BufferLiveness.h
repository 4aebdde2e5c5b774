//===- BufferLiveness.h - live ranges of memref buffers ----------*- C++
//-*-===//
//
// Buffer liveness: for every `memref.alloc` (and `memref.alloca`) of a
// function, its size in bytes, its live range in program steps and its alloc
// scope, with the reason it cannot be planned when it cannot. Usable on its
// own (see `--mini-print-buffer-liveness`) and by `--plan-memory`.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_ANALYSIS_BUFFERLIVENESS_H
#define MINI_ANALYSIS_BUFFERLIVENESS_H

#include "mlir/Analysis/Liveness.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace mini {

/// The live range, size and alloc scope of one `memref.alloc` or
/// `memref.alloca`.
struct BufferLiveRange {
  /// The allocation: a `memref.alloc` or a `memref.alloca`.
  mlir::Operation *alloc = nullptr;
  /// Size in bytes (element count x element size from the DataLayout),
  /// before any plan alignment. A dynamic dimension counts at its constant
  /// upper bound when one is derived (ValueBoundsOpInterface); std::nullopt
  /// when a dynamic dimension has no bound or the size does not fit in 63
  /// bits.
  std::optional<uint64_t> sizeInBytes;
  /// Steps of the first and last program points at which the buffer is
  /// live, both inclusive (see BufferLiveness for the numbering). The
  /// range starts at the first use of the buffer or of an alias of it (not
  /// at the alloc: a hoisted alloc holds nothing before it is written) and
  /// ends at the last use; a use inside a loop whose body the alloc is not
  /// in counts as a use over the whole loop; across the blocks of a region,
  /// the range covers every block the buffer is live through. Deallocs are
  /// not uses. The step of the alloc when there is no use.
  int64_t start = 0;
  int64_t end = 0;
  /// The alloc scope, whose pool the buffer goes to: the function body, or
  /// the region of the innermost op with a parallel region
  /// (`HasParallelRegion`: `scf.forall`, `scf.parallel`) that holds the
  /// alloc; for a `memref.alloca`, the region of its automatic allocation
  /// scope (`AutomaticAllocationScope`).
  mlir::Region *scope = nullptr;
  /// Empty when the buffer can be planned; otherwise why not, e.g.
  /// "dynamic shape without a constant upper bound", "returned from the
  /// function", "in memory space 1".
  std::string unplannedReason;
  /// The `memref.dealloc` ops that free the buffer or an alias of it. They
  /// are not uses: a plan replaces them.
  llvm::SmallVector<mlir::memref::DeallocOp, 1> deallocs;
  /// Every use of the buffer or of an alias of it by an op of the body,
  /// deallocs excepted, aliases in program order.
  llvm::SmallVector<mlir::OpOperand *, 4> uses;

  bool isPlannable() const { return unplannedReason.empty(); }
  /// True for a `memref.alloca` (a stack buffer).
  bool isStack() const { return mlir::isa<mlir::memref::AllocaOp>(alloc); }
  /// The allocated memref.
  mlir::Value getMemref() const { return alloc->getResult(0); }
  mlir::MemRefType getType() const {
    return mlir::cast<mlir::MemRefType>(getMemref().getType());
  }
  /// The alloc's dynamic size operands, one per dynamic dimension.
  mlir::ValueRange getDynamicSizes() const { return alloc->getOperands(); }
};

/// Computes the live ranges of the `memref.alloc`s and `memref.alloca`s of
/// one function-like op.
///
/// Program steps number every op of the function body, nested ops
/// included, in pre-order from 0: an op that holds regions comes before the
/// ops inside them, and its span runs to the last of them. Ops inside an op
/// whose regions touch no memref (a linalg payload) get no step of their
/// own. Loops are the
/// regions that may run more than once: repetitive regions of a
/// `RegionBranchOpInterface` op, parallel regions, and the regions of ops
/// whose control flow is unknown; a buffer used inside a loop but allocated
/// outside it is live over the loop's whole span. The two regions of an
/// `scf.if` have disjoint steps, so buffers used only in one branch never
/// interfere with buffers used only in the other. Several blocks: the
/// blocks of a region are numbered in order, and a buffer live into or out
/// of a block (upstream `mlir::Liveness` over its aliases), once written,
/// covers that block; back edges are covered since a value live around a
/// loop is live into its header.
///
/// Aliases (views, subviews, casts, reshapes, region and block arguments,
/// region results) are found with upstream `BufferViewFlowAnalysis`. A
/// buffer is plannable when its size is known (static, or bounded), it has
/// an identity layout and the default memory space, it does not escape (no
/// alias is returned, passed to a call, stored as a value, turned into a
/// pointer or a tensor, or used by an op whose memory effects are unknown),
/// no alias carries it from one iteration of a loop holding the alloc to
/// the next or out of that loop (each iteration allocates anew), and every
/// op between the alloc and its scope has known control flow. Buffers are
/// listed in program order; allocs inside nested functions (ops isolated
/// from above) are not listed.
/// What a plan can place, beyond what the IR allows: buffers outside these
/// are not plannable, with the reason. The defaults are `--plan-memory`'s.
struct BufferLivenessOptions {
  /// Stack buffers (`memref.alloca`) are plannable (into stack pools).
  bool planAllocas = false;
  /// The plan's alignment in bytes: an alloc that asks for more is not
  /// plannable; 0 for any.
  uint64_t alignment = 64;
};

class BufferLiveness {
public:
  /// Analyses `op`, which must hold one region (a function body). Besides
  /// the IR's reasons (see above), a buffer is not plannable when
  /// `options` exclude it, or when a dealloc that frees it also frees a
  /// buffer that is not plannable (allocs in the branches of an `scf.if`
  /// that yields them): those are planned together or not at all.
  explicit BufferLiveness(mlir::Operation *op,
                          const BufferLivenessOptions &options = {});

  /// All buffers of the function, in program (pre-)order.
  llvm::ArrayRef<BufferLiveRange> getBuffers() const { return buffers; }

  /// Returns the step of an op of the body (nested or not); -1 for ops
  /// outside it.
  int64_t getStep(mlir::Operation *op) const;

  /// Returns the last step of `op`'s span: the step of the last op nested in
  /// it, or its own step.
  int64_t getSpanEnd(mlir::Operation *op) const;

  /// Returns the op at `step`.
  mlir::Operation *getOpAtStep(int64_t step) const { return steps[step]; }

  /// Number of steps: the number of ops in the body, nested ones included.
  int64_t getNumSteps() const { return steps.size(); }

  /// Returns the index in getBuffers() of the one buffer that `value` is an
  /// alias of (the alloc's result included), or std::nullopt if it aliases
  /// none or more than one.
  std::optional<unsigned> getBufferIndex(mlir::Value value) const;

  /// Returns true if `region` may run more than once per execution of its
  /// parent op, or run concurrently with itself: a repetitive region of a
  /// `RegionBranchOpInterface` op, a region of an op with
  /// `HasParallelRegion`, or a region of an op whose control flow is
  /// unknown. The function body is not.
  bool isLoop(mlir::Region *region) const;

private:
  void applyOptions(const BufferLivenessOptions &options);
  void computeRange(BufferLiveRange &range, mlir::Region *home,
                    llvm::ArrayRef<mlir::Value> aliases);
  void extendOverBlocks(BufferLiveRange &range, mlir::Region *home,
                        llvm::ArrayRef<mlir::Value> aliases);

  mlir::Operation *function = nullptr;
  llvm::SmallVector<BufferLiveRange> buffers;
  llvm::SmallVector<mlir::Operation *> steps;
  llvm::DenseMap<mlir::Operation *, int64_t> stepOf;
  llvm::DenseMap<mlir::Operation *, int64_t> spanEndOf;
  /// Alias -> buffer index, or -1 when the alias has several buffers.
  llvm::DenseMap<mlir::Value, int64_t> bufferOfAlias;
  /// Upstream liveness, computed once when some region has several blocks.
  std::unique_ptr<mlir::Liveness> cfgLiveness;
};

/// Registers what the analysis needs beyond the IR it is given: the
/// `ValueBoundsOpInterface` models of the affine, arith, memref and scf
/// dialects, which bound dynamic sizes (`affine.min` of tiling,
/// `arith.minsi`, loop bounds), and of `func.func` for the bounds its
/// arguments declare with `mini.upper_bound` (ArgumentBounds.h). Passes that
/// run the analysis call it from `getDependentDialects`.
void registerBufferLivenessDependencies(mlir::DialectRegistry &registry);

/// Returns a readable name for a buffer from its location: a `NameLoc`'s
/// name, a file location's `file:line:col` (file name without folders), or
/// the first name found in a fused or call-site location; empty if none.
std::string getBufferName(mlir::Location loc);

} // namespace mini

#endif // MINI_ANALYSIS_BUFFERLIVENESS_H
