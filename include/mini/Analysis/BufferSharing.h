//===- BufferSharing.h - buffers that may share memory -----------*- C++
//-*-===//
//
// The IR side of in-place reuse: which buffers of a function may live in
// another buffer's memory. The planning library chooses among these
// candidates (planning::selectSharings) and plans the rest around them.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_ANALYSIS_BUFFERSHARING_H
#define MINI_ANALYSIS_BUFFERSHARING_H

#include "mini/Analysis/BufferLiveness.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mini {

/// How a buffer may live in another's memory.
enum class SharingKind {
  /// An op implementing InPlaceReuseOpInterface writes the buffer over its
  /// host, an input that dies at the op (TFLite's in-place operators, XLA's
  /// CanShareBuffer). Offset 0, equal sizes.
  InPlace,
  /// The buffer's only consumer at its death is a `memref.copy` into a
  /// contiguous slice of its host (how concat bufferizes): the buffer can be
  /// produced in that slice and the copy dropped.
  ConcatSlice,
  /// The buffer's last use is a `memref.copy` into the strided interior of
  /// its host, which an op filled just before (how a padded input
  /// bufferizes: fill, then copy into a subview). The buffer can be
  /// produced in that interior, as a subview of the host, once the fill is
  /// moved before the buffer is first written; the copy is dropped.
  PaddedSlice,
};

/// Returns the report spelling of `kind`: `in-place`, `concat-slice` or
/// `padded-slice`.
llvm::StringRef stringifySharingKind(SharingKind kind);

/// A sharing the IR allows between two plannable buffers.
struct SharingCandidate {
  SharingKind kind;
  /// Indices in BufferLiveness::getBuffers().
  unsigned buffer;
  unsigned host;
  /// Byte offset of the buffer in the host; for PaddedSlice, of the
  /// interior's first element (the buffer is strided from there).
  uint64_t offset;
  /// The op that writes the buffer over its host (InPlace) or the copy that
  /// becomes a no-op once the sharing is taken (ConcatSlice, PaddedSlice).
  mlir::Operation *op;
  /// PaddedSlice: the op that fills the host, and the host's subview that
  /// the buffer becomes.
  mlir::linalg::LinalgOp fill = nullptr;
  mlir::memref::SubViewOp slice = nullptr;
};

/// Returns true if every use of the buffer is a use of its alloc, or of a
/// rank-preserving `memref.subview` of it (of one, ...), by a linalg
/// structured op, a `memref.copy` or such a subview, ops that accept a
/// memref of any layout: the buffer can become a strided subview of
/// another (its subviews retyped, retypeSubviews).
bool isLayoutFlexible(const BufferLiveRange &buffer);

/// Returns the sharings that the IR of `liveness`'s function allows, in
/// program order:
/// - InPlace: at an op implementing InPlaceReuseOpInterface, an output that
///   is a whole plannable buffer B (the alloc, or reshapes and casts of it)
///   first used at the op, and one of the op's in-place inputs that is a
///   whole plannable buffer A of the same size, last used at the op, that
///   no other operand of the op aliases except as another in-place input.
/// - ConcatSlice: a top-level `memref.copy` from a whole plannable buffer P,
///   last used at the copy, to a static, unit-stride, contiguous
///   `memref.subview` of a plannable buffer R of an identity layout, when
///   every use of R up to the copy is a subview or a copy into a part of R
///   disjoint from the slice.
/// - PaddedSlice: a top-level `memref.copy` from a whole, layout-flexible
///   plannable buffer P, last used at the copy, to a static, unit-stride,
///   non-contiguous subview of the same shape of a plannable buffer R, when
///   the uses of R up to the copy are subviews and one earlier fill: an
///   elementwise linalg op whose only memref operand is all of R, which it
///   overwrites, and whose other operands are function arguments or
///   constants.
/// Concat and padded slices need the copy, the buffer's alloc and the
/// host's alloc in one block; a buffer and its host are in one alloc scope.
/// Buffers that are not plannable (see BufferLiveness), or not statically
/// shaped, are never candidates.
llvm::SmallVector<SharingCandidate>
findSharingCandidates(const BufferLiveness &liveness);

} // namespace mini

#endif // MINI_ANALYSIS_BUFFERSHARING_H
