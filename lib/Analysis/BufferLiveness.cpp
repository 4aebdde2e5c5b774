//===- BufferLiveness.cpp - live ranges of memref buffers -----------------===//
//
// Straight-line liveness over the top-level ops of a single-block body. Uses
// nested in regions are attributed to their top-level ancestor, which makes
// the range conservative for loops and branches without needing the CFG
// machinery of `mlir::Liveness` (which answers per-block questions, not
// "last step at which this buffer is live").
//
//===----------------------------------------------------------------------===//

#include "mini/Analysis/BufferLiveness.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/BufferViewFlowAnalysis.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mini;

std::string mini::getBufferName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return (llvm::sys::path::filename(file.getFilename().getValue()) + ":" +
            Twine(file.getLine()) + ":" + Twine(file.getColumn()))
        .str();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      if (std::string name = getBufferName(inner); !name.empty())
        return name;
    return "";
  }
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return getBufferName(callSite.getCallee());
  return "";
}

/// Returns the byte size of `type`, or std::nullopt if dynamic or too large.
static std::optional<uint64_t> getSizeInBytes(MemRefType type,
                                              const DataLayout &layout) {
  if (!type.hasStaticShape())
    return std::nullopt;
  uint64_t elementSize = layout.getTypeSize(type.getElementType());
  uint64_t size = elementSize;
  for (int64_t dim : type.getShape()) {
    bool overflow = false;
    size = llvm::SaturatingMultiply(size, static_cast<uint64_t>(dim), &overflow);
    if (overflow || size > static_cast<uint64_t>(INT64_MAX))
      return std::nullopt;
  }
  return size;
}

/// Returns why a use of a buffer alias by `user` lets the buffer escape the
/// function or hides its lifetime, or an empty string if it does not.
static std::string getEscapeReason(Operation *user, Value alias,
                                   Operation *function,
                                   const BufferViewFlowAnalysis::ValueSetT
                                       &aliases) {
  if (user->hasTrait<OpTrait::ReturnLike>() && user->getParentOp() == function)
    return "returned from the function";
  if (isa<CallOpInterface>(user))
    return ("passed to a call ('" + user->getName().getStringRef() + "')")
        .str();
  if (auto store = dyn_cast<memref::StoreOp>(user))
    if (store.getValueToStore() == alias)
      return "stored to memory";
  if (isa<bufferization::ToTensorOp, memref::ExtractAlignedPointerAsIndexOp,
          UnrealizedConversionCastOp>(user))
    return ("escapes through '" + user->getName().getStringRef() + "'").str();
  // A memref result that is not a known alias would hide a use.
  for (Value result : user->getResults())
    if (isa<BaseMemRefType>(result.getType()) && !aliases.contains(result))
      return ("aliased by an untracked result of '" +
              user->getName().getStringRef() + "'")
          .str();
  if (!isa<MemoryEffectOpInterface, ViewLikeOpInterface,
           RegionBranchOpInterface, RegionBranchTerminatorOpInterface>(user) &&
      !user->hasTrait<OpTrait::HasRecursiveMemoryEffects>() &&
      !user->hasTrait<OpTrait::ReturnLike>())
    return ("used by '" + user->getName().getStringRef() +
            "', whose memory effects are unknown")
        .str();
  return "";
}

BufferLiveness::BufferLiveness(Operation *op) {
  assert(op->getNumRegions() == 1 && "expected a function-like op");
  Region &region = op->getRegion(0);
  if (region.empty())
    return;
  bool singleBlock = region.hasOneBlock();
  body = &region.front();
  for (Operation &top : *body) {
    stepOf[&top] = steps.size();
    steps.push_back(&top);
  }

  BufferViewFlowAnalysis aliasAnalysis(op);
  DataLayout layout = DataLayout::closest(op);
  op->walk<WalkOrder::PreOrder>([&](memref::AllocOp alloc) {
    BufferLiveRange range;
    range.alloc = alloc;
    MemRefType type = alloc.getType();
    range.sizeInBytes = getSizeInBytes(type, layout);
    range.start = range.end = getStep(alloc);
    auto setReason = [&](const Twine &reason) {
      if (range.unplannedReason.empty())
        range.unplannedReason = reason.str();
    };
    if (!singleBlock)
      setReason("the function body has more than one block");
    else if (alloc->getParentOp() != op)
      setReason("allocated inside a nested region of '" +
                alloc->getParentOp()->getName().getStringRef() + "'");
    if (!type.hasStaticShape())
      setReason("dynamic shape");
    else if (!range.sizeInBytes)
      setReason("size does not fit in 63 bits");
    if (!type.getLayout().isIdentity())
      setReason("non-identity layout");
    if (Attribute space = type.getMemorySpace()) {
      std::string spelled;
      llvm::raw_string_ostream(spelled) << space;
      setReason("in memory space " + spelled);
    }

    // Walk every use of every alias; the escape reported is the one at the
    // earliest step (then operand order), so the message is deterministic.
    int64_t escapeStep = INT64_MAX, firstUse = INT64_MAX;
    std::string escape;
    BufferViewFlowAnalysis::ValueSetT aliases =
        aliasAnalysis.resolve(alloc.getResult());
    int64_t index = buffers.size();
    for (Value alias : aliases) {
      auto [it, inserted] = bufferOfAlias.try_emplace(alias, index);
      if (!inserted && it->second != index)
        it->second = -1;
      for (OpOperand &use : alias.getUses()) {
        Operation *user = use.getOwner();
        if (auto dealloc = dyn_cast<memref::DeallocOp>(user)) {
          range.deallocs.push_back(dealloc);
          continue;
        }
        int64_t step = getStep(user);
        if (step < 0)
          continue;
        range.uses.push_back(&use);
        firstUse = std::min(firstUse, step);
        range.end = std::max(range.end, step);
        std::string reason = getEscapeReason(user, alias, op, aliases);
        if (!reason.empty() && step < escapeStep) {
          escapeStep = step;
          escape = std::move(reason);
        }
      }
    }
    if (!escape.empty())
      setReason(escape);
    // The buffer holds nothing before its first use (through any alias):
    // an alloc hoisted far ahead of it does not make it live earlier.
    if (firstUse != INT64_MAX)
      range.start = firstUse;
    buffers.push_back(std::move(range));
  });
}

int64_t BufferLiveness::getStep(Operation *op) const {
  if (!body)
    return -1;
  Operation *top = body->findAncestorOpInBlock(*op);
  if (!top)
    return -1;
  return stepOf.lookup(top);
}

std::optional<unsigned> BufferLiveness::getBufferIndex(Value value) const {
  auto it = bufferOfAlias.find(value);
  if (it == bufferOfAlias.end() || it->second < 0)
    return std::nullopt;
  return static_cast<unsigned>(it->second);
}
