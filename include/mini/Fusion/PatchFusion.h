//===- PatchFusion.h - patch-based inference by tile-and-fuse ---*- C++ -*-===//
//
// Patch-based inference (MCUNetV2, NeurIPS 2021; msf-CNN, NeurIPS 2025):
// a segment of a network runs patch by patch, so that its intermediate
// feature maps exist one patch (with its halo) at a time instead of whole.
// Here a segment's last op (its sink) is tiled over the H and W of its NCHW
// result with upstream tile-and-fuse (`scf::tileConsumerAndFuseProducers
// UsingSCF`, TilingInterface), and every producer in the segment, pads
// included, is fused into the patch loops, its halo recomputed per patch.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_FUSION_PATCHFUSION_H
#define MINI_FUSION_PATCHFUSION_H

#include "mini/Planning/SegmentSearch.h"

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <cstdint>
#include <string>

namespace mini {

/// The patches of a segment: its sink's result cut into `rows` x `cols`
/// patches over H and W (1 x 1: the segment runs layer by layer), and each
/// patch into `channels` groups of channels (C of NCHW: a global pooling's
/// channels, the int8 accumulator bands of mini-fuse-accumulators); or,
/// with `splits`, the segment's inner tensor cut into groups of channels
/// (getSplitRoot; then rows, cols and channels are 1).
struct PatchGrid {
  int64_t rows = 1;
  int64_t cols = 1;
  int64_t channels = 1;
  /// The input channels of the segment's split root cut into this many
  /// groups, accumulated one after the other: the inner tensor of an
  /// inverted residual block (MobileNetV2, Sandler et al., CVPR 2018,
  /// section 5.1, "memory efficient inference") exists a group at a time,
  /// and nothing is computed twice.
  int64_t splits = 1;
  bool isWhole() const {
    return rows == 1 && cols == 1 && channels == 1 && splits == 1;
  }
  /// "RxC", "RxCxK" with K groups of channels, "1x1/S" with S splits.
  std::string str() const;
};

/// The split root of a segment whose ops are `ops` (in program order): the
/// last linalg op of one result that reduces over dim 1 of its first input
/// (the input channels of an NCHW convolution, the K of a matmul), static
/// there, and whose first input another op of `ops` computes; with that
/// reduction loop. nullopt when no op is one.
std::optional<std::pair<mlir::linalg::LinalgOp, unsigned>>
getSplitRoot(llvm::ArrayRef<mlir::Operation *> ops);

/// Why `sink` cannot be tiled into patches: not a linalg op, a result that
/// is not a rank-4 (NCHW) tensor of static shape, or H or W not computed
/// by parallel loops of their own; an empty string if it can.
std::string getPatchSinkProblem(mlir::Operation *sink);

/// Why `sink` cannot be tiled into `grid`: getPatchSinkProblem's when the
/// grid cuts H or W; when it cuts C, not a linalg op of one rank-4 (NCHW)
/// result whose C is static and computed by a parallel loop of its own (H
/// and W may then be dynamic: the halo patches of a segment). An empty
/// string if it can.
std::string getGridProblem(mlir::Operation *sink, PatchGrid grid);

/// Tiles `sink` into `grid` (patches of ceil(H / rows) x ceil(W / cols)
/// output pixels of ceil(C / channels) channels; the last row and column of
/// patches are smaller when the grid does not divide H or W) and fuses every
/// producer in `members` into the patch loops, recursively, halos recomputed
/// per patch. With `grid.splits`, the op tiled is the split root of
/// `members` and `sink` instead (getSplitRoot), over its reduction into
/// groups of ceil(C / splits) input channels, its destination (the bias it
/// starts from) not fused; the ops after it stay as they are. The tiled
/// op's uses take the loop nest's result. Members left without uses are
/// erased. With patches and splits both, the patches are made first and
/// each patch's split root (among the ops of the innermost patch loop)
/// split. Fails, leaving the IR as it was, when the sink cannot be tiled
/// (getGridProblem), the segment has no split root, or tiling fails; a
/// split that fails inside patches already made leaves the patches.
mlir::LogicalResult
fuseIntoPatches(mlir::RewriterBase &rewriter, mlir::Operation *sink,
                PatchGrid grid,
                const llvm::SmallPtrSetImpl<mlir::Operation *> &members);

/// Tiles `tiled` (a TilingInterface op) by `tileSizes` (one per loop, 0:
/// untiled) with upstream tile-and-fuse and fuses its producers in
/// `members` (but not `unfusedInit`, when given) into the loops, except a
/// linalg op whose result is indexed by constants (it has no tiled form);
/// `tiled`'s uses take the loops' result, and the members left unused are
/// erased. Returns the outermost loop (null when the tiling made none);
/// failure when tiling fails.
mlir::FailureOr<mlir::Operation *>
tileAndFuse(mlir::RewriterBase &rewriter, mlir::Operation *tiled,
            llvm::ArrayRef<mlir::OpFoldResult> tileSizes,
            const llvm::SmallPtrSetImpl<mlir::Operation *> &members,
            mlir::Value unfusedInit = {});

/// Cleans the patch loops under `root` for bufferization: an `scf.if` whose
/// condition is the same at every iteration of its enclosing loops (the
/// guard of a tiled pad against an empty source slice, which no patch of a
/// convolution's halo takes) becomes the branch taken; extract_slices of
/// `tensor.empty` become empties of the patch's size; then canonicalization.
void simplifyPatchLoops(mlir::Operation *root);

/// The multiply-accumulates of the ops under `root`: for each linalg op
/// with a reduction loop (convolutions, matmuls), the product of its loop
/// ranges, summed over every iteration of the loops that enclose it (so a
/// halo recomputed per patch is counted each time). nullopt when a loop
/// range cannot be evaluated or a loop nest has more than 65536 iterations.
std::optional<uint64_t> countMACs(mlir::Operation *root);

/// The attribute `mini.patch_fusion` of `figures`, and the figures of
/// `op`'s attribute (nullopt when it has none or it is malformed).
mlir::DictionaryAttr
buildPatchFusionAttr(mlir::MLIRContext *context,
                     const planning::PatchFusionFigures &figures);
std::optional<planning::PatchFusionFigures>
readPatchFusionAttr(mlir::Operation *op);

} // namespace mini

#endif // MINI_FUSION_PATCHFUSION_H
