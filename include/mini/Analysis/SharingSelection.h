//===- SharingSelection.h - the sharings one alloc scope takes ---*- C++
//-*-===//
//
// Between the IR's sharing candidates (BufferSharing.h) and the planning
// library's selection (planning::SharingSelector): which candidates of one
// alloc scope are taken, with what the rewrite then needs (the copies that
// become no-ops, the padded slices and their members).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_ANALYSIS_SHARINGSELECTION_H
#define MINI_ANALYSIS_SHARINGSELECTION_H

#include "mini/Analysis/BufferSharing.h"
#include "mini/Planning/Sharing.h"

namespace mini {

/// A padded slice taken, with the buffers (indices into
/// BufferLiveness::getBuffers()) that become subviews of its host, in
/// program order.
struct PaddedSlice {
  SharingCandidate candidate;
  llvm::SmallVector<unsigned> members;
};

/// The sharings one alloc scope takes.
struct ScopeSharings {
  /// Over the scope's requests, in the order taken.
  llvm::SmallVector<planning::BufferSharing> sharings;
  /// The candidate behind each sharing.
  llvm::SmallVector<SharingCandidate> candidates;
  /// The copies into concat slices that the sharings make no-ops.
  llvm::SmallVector<mlir::Operation *> copiesToErase;
  llvm::SmallVector<PaddedSlice> paddedSlices;
};

/// Chooses the sharings of one alloc scope among `candidates` (all of the
/// function's, in program order; those of other scopes are skipped) so
/// that the scope's lower bound does not rise: first the in-place and
/// concat-slice candidates, in order; then each padded slice whose host is
/// still alone in its tree and whose buffer's whole tree can become strided
/// subviews of the host (members of the buffer's shape and element type,
/// layout-flexible, neither a concat slice nor a padded slice's host).
/// `requests` are the scope's, `bufferOfRequest[r]` the buffer of request
/// r, and `requestOf[b]` the request of buffer b in this scope or -1.
ScopeSharings
selectScopeSharings(const BufferLiveness &liveness,
                    llvm::ArrayRef<SharingCandidate> candidates,
                    llvm::ArrayRef<planning::BufferRequest> requests,
                    llvm::ArrayRef<unsigned> bufferOfRequest,
                    llvm::ArrayRef<int64_t> requestOf, uint64_t alignment);

} // namespace mini

#endif // MINI_ANALYSIS_SHARINGSELECTION_H
