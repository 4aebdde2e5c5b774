//===- BufferSharing.cpp - buffers that may share memory
//-------------------===//
//
// Finds in-place and concat-slice sharings on bufferized IR. The checks
// here are about the program (aliases, last uses, what else touches the
// memory); what an op may do in place is the op's own declaration, through
// InPlaceReuseOpInterface.
//
//===----------------------------------------------------------------------===//

#include "mini/Analysis/BufferSharing.h"
#include "mini/Interfaces/InPlaceReuseOpInterface.h"

#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

using namespace mlir;
using namespace mini;

namespace {
class SharingFinder {
public:
  explicit SharingFinder(const BufferLiveness &liveness) : liveness(liveness) {}

  SmallVector<SharingCandidate> run();

private:
  /// The plannable buffer that `value` is all of (the alloc, or reshapes
  /// and casts of it), if any.
  std::optional<unsigned> getWholeBuffer(Value value) const;
  /// The first step at which the buffer is used.
  int64_t getFirstUseStep(unsigned buffer) const;
  void addInPlace(Operation *op, InPlaceReuseOpInterface inPlace);
  void addConcatSlice(memref::CopyOp copy);
  void addPaddedSlice(memref::CopyOp copy, unsigned source, unsigned host,
                      memref::SubViewOp view);

  const BufferLiveness &liveness;
  SmallVector<SharingCandidate> candidates;
};
} // namespace

std::optional<unsigned> SharingFinder::getWholeBuffer(Value value) const {
  while (Operation *def = value.getDefiningOp()) {
    if (!isa<memref::CollapseShapeOp, memref::ExpandShapeOp, memref::CastOp>(
            def))
      break;
    value = def->getOperand(0);
  }
  auto alloc = value.getDefiningOp<memref::AllocOp>();
  if (!alloc)
    return std::nullopt;
  std::optional<unsigned> index = liveness.getBufferIndex(value);
  if (!index || liveness.getBuffers()[*index].alloc != alloc.getOperation() ||
      !liveness.getBuffers()[*index].isPlannable() ||
      !alloc.getType().hasStaticShape())
    return std::nullopt;
  return index;
}

int64_t SharingFinder::getFirstUseStep(unsigned buffer) const {
  int64_t first = INT64_MAX;
  for (OpOperand *use : liveness.getBuffers()[buffer].uses)
    first = std::min(first, liveness.getStep(use->getOwner()));
  return first;
}

void SharingFinder::addInPlace(Operation *op, InPlaceReuseOpInterface inPlace) {
  int64_t step = liveness.getStep(op);
  ArrayRef<BufferLiveRange> buffers = liveness.getBuffers();
  for (OpOperand &output : op->getOpOperands()) {
    if (!isa<MemRefType>(output.get().getType()))
      continue;
    SmallVector<OpOperand *> inputs = inPlace.getInPlaceInputs(output);
    if (inputs.empty())
      continue;
    std::optional<unsigned> result = getWholeBuffer(output.get());
    if (!result || getFirstUseStep(*result) != step)
      continue;
    for (OpOperand *input : inputs) {
      std::optional<unsigned> host = getWholeBuffer(input->get());
      if (!host || *host == *result || buffers[*host].end != step ||
          buffers[*host].scope != buffers[*result].scope ||
          buffers[*host].sizeInBytes != buffers[*result].sizeInBytes)
        continue;
      // Every other operand aliasing the host must be an in-place input too
      // (read at the same position); the output must alias nothing else.
      bool clash = llvm::any_of(op->getOpOperands(), [&](OpOperand &other) {
        if (&other == input || &other == &output)
          return false;
        std::optional<unsigned> buffer = liveness.getBufferIndex(other.get());
        if (buffer == result)
          return true;
        return buffer == host && !llvm::is_contained(inputs, &other);
      });
      if (clash)
        continue;
      candidates.push_back(
          {SharingKind::InPlace, *result, *host, /*offset=*/0, op});
      break;
    }
  }
}

/// The byte offset of `view`'s first element in its identity-layout source,
/// when the offset is static.
static std::optional<uint64_t> getByteOffset(memref::SubViewOp view) {
  MemRefType type = view.getType();
  if (!view.getSourceType().getLayout().isIdentity())
    return std::nullopt;
  auto [strides, offset] = type.getStridesAndOffset();
  if (ShapedType::isDynamic(offset))
    return std::nullopt;
  return static_cast<uint64_t>(offset) *
         DataLayout::closest(view).getTypeSize(type.getElementType());
}

/// The byte range of `view` within its identity-layout source, when it is a
/// static, unit-stride, contiguous subview.
static std::optional<std::pair<uint64_t, uint64_t>>
getContiguousByteRange(memref::SubViewOp view) {
  MemRefType type = view.getType();
  if (!type.hasStaticShape() ||
      !memref::isStaticShapeAndContiguousRowMajor(type))
    return std::nullopt;
  for (int64_t stride : view.getStaticStrides())
    if (stride != 1)
      return std::nullopt;
  std::optional<uint64_t> offset = getByteOffset(view);
  if (!offset)
    return std::nullopt;
  uint64_t elementSize =
      DataLayout::closest(view).getTypeSize(type.getElementType());
  return std::make_pair(*offset, static_cast<uint64_t>(type.getNumElements()) *
                                     elementSize);
}

llvm::StringRef mini::stringifySharingKind(SharingKind kind) {
  switch (kind) {
  case SharingKind::InPlace:
    return "in-place";
  case SharingKind::ConcatSlice:
    return "concat-slice";
  case SharingKind::PaddedSlice:
    return "padded-slice";
  }
  llvm_unreachable("unknown sharing kind");
}

/// Whether `op` is a `memref.subview` that keeps its source's rank (its
/// result type then follows from any source layout, inferResultType).
static bool isRankPreservingSubview(Operation *op) {
  auto subview = dyn_cast<memref::SubViewOp>(op);
  return subview &&
         subview.getSourceType().getRank() == subview.getType().getRank();
}

bool mini::isLayoutFlexible(const BufferLiveRange &buffer) {
  Value alloc = buffer.getMemref();
  // The alloc, or a rank-preserving subview of a view that is (the bands of
  // mini-fuse-accumulators write their result through subviews).
  std::function<bool(Value)> isView = [&](Value value) {
    if (value == alloc)
      return true;
    Operation *def = value.getDefiningOp();
    return def && isRankPreservingSubview(def) &&
           isView(cast<memref::SubViewOp>(def).getSource());
  };
  return llvm::all_of(buffer.uses, [&](OpOperand *use) {
    Operation *owner = use->getOwner();
    return isView(use->get()) &&
           (isa<linalg::LinalgOp, memref::CopyOp>(owner) ||
            isRankPreservingSubview(owner));
  });
}

/// Returns true if `op` overwrites all of `buffer` from constants and
/// function arguments only: an elementwise linalg op with no memref input.
static bool isFillOf(Operation *op, Value buffer) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureBufferSemantics() ||
      linalgOp.getNumDpsInits() != 1 || !linalgOp.isAllParallelLoops())
    return false;
  OpOperand *init = linalgOp.getDpsInitOperand(0);
  if (init->get() != buffer || linalgOp.payloadUsesValueFromOperand(init) ||
      !linalgOp.getMatchingIndexingMap(init).isIdentity())
    return false;
  Block *body = op->getBlock();
  auto isMovable = [&](Value value) {
    if (isa<BaseMemRefType>(value.getType()))
      return false;
    if (auto arg = dyn_cast<BlockArgument>(value))
      return arg.getOwner() == body;
    return value.getDefiningOp()->hasTrait<OpTrait::ConstantLike>();
  };
  SetVector<Value> captured;
  getUsedValuesDefinedAbove(op->getRegions(), captured);
  return llvm::all_of(captured, isMovable) &&
         llvm::all_of(op->getOpOperands(), [&](OpOperand &operand) {
           return &operand == init || isMovable(operand.get());
         });
}

void SharingFinder::addPaddedSlice(memref::CopyOp copy, unsigned source,
                                   unsigned host, memref::SubViewOp view) {
  int64_t step = liveness.getStep(copy);
  const BufferLiveRange &buffer = liveness.getBuffers()[source];
  MemRefType type = buffer.getType();
  if (view.getType().getShape() != type.getShape() ||
      view.getType().getElementType() != type.getElementType() ||
      !isLayoutFlexible(buffer) ||
      llvm::any_of(view.getMixedOffsets(),
                   [](OpFoldResult ofr) { return isa<Value>(ofr); }) ||
      llvm::any_of(view.getStaticStrides(),
                   [](int64_t stride) { return stride != 1; }))
    return;
  Value hostValue = liveness.getBuffers()[host].getMemref();
  linalg::LinalgOp fill;
  for (OpOperand *use : liveness.getBuffers()[host].uses) {
    Operation *user = use->getOwner();
    if (user == copy.getOperation() || liveness.getStep(user) > step ||
        isa<memref::SubViewOp>(user))
      continue;
    if (fill || !isFillOf(user, hostValue) ||
        user->getBlock() != copy->getBlock())
      return;
    fill = cast<linalg::LinalgOp>(user);
  }
  std::optional<uint64_t> offset = getByteOffset(view);
  if (!fill || !offset)
    return;
  SharingCandidate candidate{SharingKind::PaddedSlice, source, host, *offset,
                             copy};
  candidate.fill = fill;
  candidate.slice = view;
  candidates.push_back(candidate);
}

void SharingFinder::addConcatSlice(memref::CopyOp copy) {
  int64_t step = liveness.getStep(copy);
  ArrayRef<BufferLiveRange> buffers = liveness.getBuffers();
  std::optional<unsigned> source = getWholeBuffer(copy.getSource());
  auto view = copy.getTarget().getDefiningOp<memref::SubViewOp>();
  if (!source || !view || buffers[*source].end != step)
    return;
  std::optional<unsigned> host = getWholeBuffer(view.getSource());
  if (!host || *host == *source ||
      buffers[*host].scope != buffers[*source].scope)
    return;
  // The checks below read "before the copy" as "at an earlier step", which
  // holds only when the host is allocated anew in the copy's block: in a
  // loop, a host from outside holds what earlier iterations wrote.
  if (buffers[*host].alloc->getBlock() != copy->getBlock() ||
      buffers[*source].alloc->getBlock() != copy->getBlock())
    return;
  std::optional<std::pair<uint64_t, uint64_t>> slice =
      getContiguousByteRange(view);
  if (!slice) {
    if (view.getSource() == buffers[*host].getMemref())
      addPaddedSlice(copy, *source, *host, view);
    return;
  }
  if (slice->second != buffers[*source].sizeInBytes)
    return;
  // Up to the copy, the host's memory is only viewed, or written by copies
  // into other parts of it: nothing reads or clobbers the slice before the
  // copy, so the source may be produced there.
  for (OpOperand *use : buffers[*host].uses) {
    Operation *user = use->getOwner();
    if (user == copy.getOperation() || liveness.getStep(user) > step ||
        isa<memref::SubViewOp>(user))
      continue;
    auto other = dyn_cast<memref::CopyOp>(user);
    auto otherView =
        other ? other.getTarget().getDefiningOp<memref::SubViewOp>() : nullptr;
    if (!other || use->get() != other.getTarget() || !otherView)
      return;
    std::optional<std::pair<uint64_t, uint64_t>> range =
        getContiguousByteRange(otherView);
    if (!range || getWholeBuffer(otherView.getSource()) != host ||
        (range->first < slice->first + slice->second &&
         slice->first < range->first + range->second))
      return;
  }
  candidates.push_back(
      {SharingKind::ConcatSlice, *source, *host, slice->first, copy});
}

SmallVector<SharingCandidate> SharingFinder::run() {
  for (int64_t step = 0; step < liveness.getNumSteps(); ++step) {
    Operation *op = liveness.getOpAtStep(step);
    if (auto inPlace = dyn_cast<InPlaceReuseOpInterface>(op))
      addInPlace(op, inPlace);
    else if (auto copy = dyn_cast<memref::CopyOp>(op))
      addConcatSlice(copy);
  }
  return std::move(candidates);
}

SmallVector<SharingCandidate>
mini::findSharingCandidates(const BufferLiveness &liveness) {
  return SharingFinder(liveness).run();
}
