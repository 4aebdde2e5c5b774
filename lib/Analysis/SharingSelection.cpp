//===- SharingSelection.cpp - the sharings one alloc scope takes ----------===//

#include "mini/Analysis/SharingSelection.h"

#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace mini;
using namespace mini::planning;

ScopeSharings mini::selectScopeSharings(const BufferLiveness &liveness,
                                        ArrayRef<SharingCandidate> all,
                                        ArrayRef<BufferRequest> requests,
                                        ArrayRef<unsigned> bufferOfRequest,
                                        ArrayRef<int64_t> requestOf,
                                        uint64_t alignment) {
  ScopeSharings result;
  // The scope's candidates over its requests; padded slices apart, since
  // whether one can be taken depends on the trees the others form.
  SmallVector<const SharingCandidate *> padded;
  SmallVector<BufferSharing> paddedSharings;
  SharingSelector selector(requests, alignment);
  auto take = [&](const SharingCandidate &candidate,
                  const BufferSharing &sharing) {
    result.sharings.push_back(sharing);
    result.candidates.push_back(candidate);
    if (candidate.kind == SharingKind::ConcatSlice)
      result.copiesToErase.push_back(candidate.op);
  };
  DenseSet<unsigned> concatBuffers;
  for (const SharingCandidate &candidate : all) {
    int64_t buffer = requestOf[candidate.buffer];
    int64_t host = requestOf[candidate.host];
    if (buffer < 0 || host < 0)
      continue;
    if (candidate.kind == SharingKind::PaddedSlice) {
      // A padded slice is strided inside its host: the plan places it at
      // the host's offset, and the rewrite makes it the host's subview.
      padded.push_back(&candidate);
      paddedSharings.push_back(
          {static_cast<unsigned>(buffer), static_cast<unsigned>(host), 0});
      continue;
    }
    std::optional<BufferSharing> sharing =
        selector.tryAdd({static_cast<unsigned>(buffer),
                         static_cast<unsigned>(host), candidate.offset});
    if (!sharing)
      continue;
    take(candidate, *sharing);
    if (candidate.kind == SharingKind::ConcatSlice)
      concatBuffers.insert(sharing->buffer);
  }
  if (padded.empty())
    return result;

  // A padded slice turns the whole tree of its buffer into strided subviews
  // of the host: every member must be an in-place copy of the buffer (same
  // shape), layout-flexible, and neither a concat slice nor a padded
  // slice's host; the host must hold no other buffer yet. Judged on the
  // trees of the sharings above, before any padded slice is taken.
  DenseSet<unsigned> excluded(concatBuffers.begin(), concatBuffers.end());
  for (const BufferSharing &sharing : paddedSharings)
    excluded.insert(sharing.host);
  SmallVector<std::pair<size_t, SmallVector<unsigned>>> usable;
  for (auto [index, candidate] : llvm::enumerate(padded)) {
    const BufferSharing &sharing = paddedSharings[index];
    MemRefType sliceType =
        cast<MemRefType>(candidate->slice->getResult(0).getType());
    bool ok = selector.getRoot(sharing.host) == sharing.host &&
              selector.getMembers(sharing.host).size() == 1;
    ArrayRef<unsigned> tree =
        selector.getMembers(selector.getRoot(sharing.buffer));
    for (unsigned r : tree) {
      const BufferLiveRange &range = liveness.getBuffers()[bufferOfRequest[r]];
      MemRefType type = range.getType();
      ok = ok && !excluded.contains(r) &&
           type.getShape() == sliceType.getShape() &&
           type.getElementType() == sliceType.getElementType() &&
           isLayoutFlexible(range);
    }
    if (!ok)
      continue;
    // Requests are in program order.
    SmallVector<unsigned> members(tree);
    llvm::sort(members);
    usable.push_back({index, std::move(members)});
  }
  for (auto &[index, tree] : usable) {
    std::optional<BufferSharing> sharing =
        selector.tryAdd(paddedSharings[index]);
    if (!sharing)
      continue;
    take(*padded[index], *sharing);
    PaddedSlice &slice = result.paddedSlices.emplace_back();
    slice.candidate = *padded[index];
    for (unsigned r : tree)
      slice.members.push_back(bufferOfRequest[r]);
  }
  return result;
}
