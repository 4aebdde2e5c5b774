//===- Sharing.h - buffers that live inside other buffers -------*- C++ -*-===//
//
// The sharing forest: in-place reuse and slices declared by the IR analysis
// (mini/Analysis/BufferSharing.h), validated, selected so that the lower
// bound does not rise, and reduced to one request per tree for the planners.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_SHARING_H
#define MINI_PLANNING_SHARING_H

#include "mini/Planning/Problem.h"

#include <optional>
#include <vector>

namespace mini {
namespace planning {

/// A declared sharing: buffer `buffer` lives inside the memory of buffer
/// `host`, `offset` bytes (a multiple of the alignment) from its start, so
/// the two may overlap in memory while both are live. Sharings form a forest:
/// a buffer has at most one host and no buffer is its own ancestor. Kinds
/// that come from the IR (see mini/Analysis/BufferSharing.h):
/// - in-place reuse: an elementwise op writes its result over an operand
///   that dies at the op (offset 0, equal sizes); TFLite's in-place
///   operators, XLA's `CanShareBuffer`;
/// - a concat operand written straight into its slice of the result (the
///   slice's byte offset), and a padded operand in its host's interior.
/// A sharing tree is planned as one buffer: its root's size, live from the
/// first start to the last end of its members.
struct BufferSharing {
  unsigned buffer = 0;
  unsigned host = 0;
  uint64_t offset = 0;
};

/// The sharing forest of valid sharings: every buffer's root (itself when
/// unshared) and its byte offset in the root's memory.
struct SharingForest {
  std::vector<unsigned> root;
  /// The host of each buffer taken into a tree, -1 for a root.
  std::vector<int64_t> host;
  std::vector<uint64_t> rootOffset;
  /// The roots, in increasing index order; `treeOf[b]` indexes it.
  std::vector<unsigned> roots;
  std::vector<unsigned> treeOf;

  /// Builds the forest of `sharings` over `numBuffers` buffers; the
  /// sharings must have passed validateSharings. O(n + sharings).
  static SharingForest build(size_t numBuffers,
                             llvm::ArrayRef<BufferSharing> sharings);

  /// One request per tree, in `roots` order: the root's size, live from the
  /// first start to the last end of the members.
  std::vector<BufferRequest>
  getTreeRequests(llvm::ArrayRef<BufferRequest> requests) const;

  /// Expands a plan of the tree requests to every buffer: each member at
  /// its root's placement plus its offset in the root.
  MemoryPlan expandPlan(MemoryPlan treePlan) const;
};

/// The lower bound of plans that honor `sharings`: each sharing tree counts
/// as one buffer (see BufferSharing). Requests and sharings must be valid.
uint64_t computeLowerBound(llvm::ArrayRef<BufferRequest> requests,
                           uint64_t alignment,
                           llvm::ArrayRef<BufferSharing> sharings);

/// The peak of live bytes of plans that honor `sharings`, each sharing tree
/// counted once, live from its first member's start to its last member's
/// end (computePeak over the trees). Requests and sharings must be valid.
LivePeak computePeak(llvm::ArrayRef<BufferRequest> requests, uint64_t alignment,
                     llvm::ArrayRef<BufferSharing> sharings);

/// Checks that every sharing names two distinct requests, that no buffer has
/// two hosts or is its own ancestor, that every buffer fits in its host
/// at an offset that is a multiple of `alignment`:
/// `offset + alignedSize(buffer) <= alignedSize(host)`, and that two members
/// of one tree live at one step share bytes only when one lives in the other
/// (what the checker demands of every plan). The error names the first
/// offending sharing or pair of buffers by index. Requests must be valid.
llvm::Error validateSharings(llvm::ArrayRef<BufferRequest> requests,
                             llvm::ArrayRef<BufferSharing> sharings,
                             uint64_t alignment);

/// The sharings chosen so far and the forest and live bytes they make: each
/// candidate offered is taken when it is valid together with those taken
/// before (see validateSharings) and does not raise the lower bound.
/// Merging a buffer into its host's tree keeps the tree's memory from the
/// first start to the last end of both, which can raise the peak before the
/// host is born (a concat result held from its first operand on); in-place
/// reuse of a buffer whose live range touches its host's never does. Each
/// offer costs the length in steps of the live ranges merged and the
/// product of the two trees' sizes (the sibling check); building the
/// selector, O(n log n).
class SharingSelector {
public:
  /// Over valid `requests`, with no sharing taken.
  SharingSelector(llvm::ArrayRef<BufferRequest> requests, uint64_t alignment);

  /// Offers `candidate`; returns the sharing taken, or nullopt. A candidate
  /// whose buffer already lives in a host at offset 0 with the same size
  /// (the result of an in-place chain) moves the root of its tree instead:
  /// the sharing returned names that root.
  std::optional<BufferSharing> tryAdd(const BufferSharing &candidate);

  /// The root of `buffer`'s tree so far (itself when unshared).
  unsigned getRoot(unsigned buffer) const { return root[buffer]; }
  /// The members of the tree of `root` (a root), itself first; empty for a
  /// buffer that is not a root.
  llvm::ArrayRef<unsigned> getMembers(unsigned root) const {
    return members[root];
  }

private:
  uint64_t alignment;
  std::vector<BufferRequest> requests;
  std::vector<uint64_t> sizes;
  /// Live bytes per slot (a step where a live range starts or ends), and
  /// their peak: the lower bound, which no offer may raise.
  std::vector<uint64_t> live;
  uint64_t peak = 0;
  std::vector<unsigned> root;
  /// The host of each buffer taken into a tree, -1 for a root.
  std::vector<int64_t> host;
  std::vector<uint64_t> rootOffset;
  std::vector<std::vector<unsigned>> members;
  /// Per root, the first and last slot of its tree.
  std::vector<size_t> first, last;
};

/// Chooses, among candidate sharings in the given order, those to apply:
/// the candidates offered in order to one SharingSelector (see there).
/// `taken`, if given, receives the indices of the candidates taken, in
/// order. O(n log n) plus the length in steps of the live ranges merged.
llvm::SmallVector<BufferSharing>
selectSharings(llvm::ArrayRef<BufferRequest> requests,
               llvm::ArrayRef<BufferSharing> candidates, uint64_t alignment,
               llvm::SmallVectorImpl<unsigned> *taken = nullptr);

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_SHARING_H
