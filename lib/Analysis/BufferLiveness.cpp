//===- BufferLiveness.cpp - live ranges of memref buffers -----------------===//
//
// Liveness of buffers over a whole function: steps number every op in
// pre-order, uses inside loops the buffer is not allocated in cover the
// whole loop, and in regions of several blocks upstream `mlir::Liveness`
// (live-in and live-out per block) extends a range over the blocks it is
// live through. The result is one interval of steps per buffer, which is
// what the planning library packs.
//
//===----------------------------------------------------------------------===//

#include "mini/Analysis/BufferLiveness.h"
#include "mini/Analysis/ArgumentBounds.h"
#include "mini/Analysis/LoopEvaluation.h"

#include "mlir/Dialect/Affine/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/BufferViewFlowAnalysis.h"
#include "mlir/Dialect/MemRef/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"
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

void mini::registerBufferLivenessDependencies(DialectRegistry &registry) {
  affine::registerValueBoundsOpInterfaceExternalModels(registry);
  arith::registerValueBoundsOpInterfaceExternalModels(registry);
  memref::registerValueBoundsOpInterfaceExternalModels(registry);
  scf::registerValueBoundsOpInterfaceExternalModels(registry);
  registerArgumentBoundsExternalModels(registry);
}

/// The most loop iterations evaluated for the bound of one dynamic size (a
/// patch grid has at most a few hundred).
static constexpr uint64_t kMaxEvaluatedIterations = 4096;

/// Returns the byte size of the buffer, a dynamic dimension counted at its
/// constant upper bound; std::nullopt if a bound is missing or the size
/// does not fit in 63 bits. Sets `unbounded` when a bound is missing.
static std::optional<uint64_t> getSizeInBytes(const BufferLiveRange &range,
                                              const DataLayout &layout,
                                              bool &unbounded) {
  MemRefType type = range.getType();
  uint64_t size = layout.getTypeSize(type.getElementType());
  unsigned dynamic = 0;
  for (int64_t dim : type.getShape()) {
    uint64_t extent = static_cast<uint64_t>(dim);
    if (ShapedType::isDynamic(dim)) {
      Value operand = range.getDynamicSizes()[dynamic++];
      FailureOr<int64_t> bound = ValueBoundsConstraintSet::computeConstantBound(
          presburger::BoundType::UB, operand, /*stopCondition=*/nullptr,
          /*closedUB=*/true);
      // A max of mins (a halo tile's size) is beyond the value-bounds
      // analysis; the enclosing loops' iterations give its exact range.
      if (failed(bound))
        if (std::optional<std::pair<int64_t, int64_t>> range =
                getRangeOverLoops(operand, kMaxEvaluatedIterations))
          bound = range->second;
      if (failed(bound)) {
        unbounded = true;
        return std::nullopt;
      }
      extent = static_cast<uint64_t>(std::max<int64_t>(*bound, 0));
    }
    bool overflow = false;
    size = llvm::SaturatingMultiply(size, extent, &overflow);
    if (overflow || size > static_cast<uint64_t>(INT64_MAX))
      return std::nullopt;
  }
  return size;
}

/// Returns why a use of a buffer alias by `user` lets the buffer escape the
/// function or hides its lifetime, or an empty string if it does not.
static std::string
getEscapeReason(Operation *user, Value alias, Operation *function,
                const BufferViewFlowAnalysis::ValueSetT &aliases) {
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
           RegionBranchOpInterface, RegionBranchTerminatorOpInterface,
           BranchOpInterface>(user) &&
      !user->hasTrait<OpTrait::HasRecursiveMemoryEffects>() &&
      !user->hasTrait<OpTrait::ReturnLike>())
    return ("used by '" + user->getName().getStringRef() +
            "', whose memory effects are unknown")
        .str();
  return "";
}

/// The region that holds the definition of `value`.
static Region *getDefiningRegion(Value value) {
  if (auto arg = dyn_cast<BlockArgument>(value))
    return arg.getOwner()->getParent();
  return value.getDefiningOp()->getParentRegion();
}

bool BufferLiveness::isLoop(Region *region) const {
  Operation *parent = region->getParentOp();
  if (parent == function)
    return false;
  if (parent->hasTrait<OpTrait::HasParallelRegion>())
    return true;
  if (auto branch = dyn_cast<RegionBranchOpInterface>(parent))
    return branch.isRepetitiveRegion(region->getRegionNumber());
  return true;
}

/// Returns the alloc scope of `alloc` (see BufferLiveRange::scope).
static Region *getScope(Operation *alloc, Operation *function) {
  bool stack = isa<memref::AllocaOp>(alloc);
  for (Region *region = alloc->getParentRegion();;
       region = region->getParentOp()->getParentRegion()) {
    Operation *parent = region->getParentOp();
    if (parent == function ||
        (stack ? parent->hasTrait<OpTrait::AutomaticAllocationScope>()
               : parent->hasTrait<OpTrait::HasParallelRegion>()))
      return region;
  }
}

BufferLiveness::BufferLiveness(Operation *op,
                               const BufferLivenessOptions &options)
    : function(op) {
  assert(op->getNumRegions() == 1 && "expected a function-like op");
  if (op->getRegion(0).empty())
    return;
  // Pre-order steps; a span ends at the last op nested in it. The inside of
  // an op whose regions touch no memref (a linalg payload) holds no buffer
  // use and gets no steps: the op is one step, as in straight-line code.
  auto touchesMemref = [](Operation *holder) {
    auto isMemref = [](Value value) {
      return isa<BaseMemRefType>(value.getType());
    };
    WalkResult result = holder->walk([&](Operation *inner) {
      if (inner != holder && (llvm::any_of(inner->getOperands(), isMemref) ||
                              llvm::any_of(inner->getResults(), isMemref)))
        return WalkResult::interrupt();
      for (Region &region : inner->getRegions())
        for (Block &block : region)
          if (llvm::any_of(block.getArguments(), isMemref))
            return WalkResult::interrupt();
      return WalkResult::advance();
    });
    return result.wasInterrupted();
  };
  std::function<void(Operation *)> number = [&](Operation *nested) {
    stepOf[nested] = steps.size();
    steps.push_back(nested);
    if (nested->getNumRegions() != 0 && !touchesMemref(nested)) {
      spanEndOf[nested] = steps.size() - 1;
      return;
    }
    for (Region &region : nested->getRegions())
      for (Block &block : region)
        for (Operation &inner : block)
          number(&inner);
    spanEndOf[nested] = steps.size() - 1;
  };
  for (Block &block : op->getRegion(0))
    for (Operation &top : block)
      number(&top);

  BufferViewFlowAnalysis aliasAnalysis(op);
  DataLayout layout = DataLayout::closest(op);
  op->walk<WalkOrder::PreOrder>([&](Operation *alloc) {
    if (alloc != op && alloc->hasTrait<OpTrait::IsIsolatedFromAbove>())
      return WalkResult::skip();
    if (!isa<memref::AllocOp, memref::AllocaOp>(alloc))
      return WalkResult::advance();
    BufferLiveRange range;
    range.alloc = alloc;
    range.scope = getScope(alloc, op);
    MemRefType type = range.getType();
    bool unbounded = false;
    range.sizeInBytes = getSizeInBytes(range, layout, unbounded);
    auto setReason = [&](const Twine &reason) {
      if (range.unplannedReason.empty())
        range.unplannedReason = reason.str();
    };
    // Every op between the alloc and its scope must have known control
    // flow, or its regions' order of execution is unknown.
    for (Region *region = alloc->getParentRegion(); region != range.scope;
         region = region->getParentOp()->getParentRegion()) {
      Operation *parent = region->getParentOp();
      if (!isa<RegionBranchOpInterface>(parent) &&
          !parent->hasTrait<OpTrait::HasParallelRegion>()) {
        setReason("allocated inside '" + parent->getName().getStringRef() +
                  "', whose control flow is unknown");
        break;
      }
    }
    if (unbounded)
      setReason("dynamic shape without a constant upper bound");
    else if (!range.sizeInBytes)
      setReason("size does not fit in 63 bits");
    if (!type.getLayout().isIdentity())
      setReason("non-identity layout");
    if (Attribute space = type.getMemorySpace()) {
      std::string spelled;
      llvm::raw_string_ostream(spelled) << space;
      setReason("in memory space " + spelled);
    }

    BufferViewFlowAnalysis::ValueSetT aliasSet =
        aliasAnalysis.resolve(range.getMemref());
    // Sorted by position, so that messages and use lists do not depend on
    // pointer order.
    SmallVector<Value> aliases(aliasSet.begin(), aliasSet.end());
    auto positionOf = [&](Value value) -> std::tuple<int64_t, int, unsigned> {
      if (auto arg = dyn_cast<BlockArgument>(value)) {
        Block *owner = arg.getOwner();
        return {owner->empty() ? -1 : stepOf.lookup(&owner->front()), 0,
                arg.getArgNumber()};
      }
      return {stepOf.lookup(value.getDefiningOp()), 1,
              cast<OpResult>(value).getResultNumber()};
    };
    llvm::sort(aliases,
               [&](Value a, Value b) { return positionOf(a) < positionOf(b); });

    // A loop that holds the alloc allocates anew in each iteration: no
    // alias may carry the buffer to the next iteration or out of the loop.
    for (Region *region = alloc->getParentRegion(); region != &op->getRegion(0);
         region = region->getParentOp()->getParentRegion()) {
      if (!isLoop(region))
        continue;
      for (Value alias : aliases) {
        Region *defined = getDefiningRegion(alias);
        auto arg = dyn_cast<BlockArgument>(alias);
        if (!region->isAncestor(defined) ||
            (arg && arg.getOwner() == &region->front())) {
          setReason("carried out of an iteration of '" +
                    region->getParentOp()->getName().getStringRef() +
                    "', which allocates it anew each time");
          break;
        }
      }
    }

    int64_t index = buffers.size();
    for (Value alias : aliases) {
      auto [it, inserted] = bufferOfAlias.try_emplace(alias, index);
      if (!inserted && it->second != index)
        it->second = -1;
    }
    computeRange(range, alloc->getParentRegion(), aliases);
    buffers.push_back(std::move(range));
    return WalkResult::advance();
  });
  applyOptions(options);
}

void BufferLiveness::applyOptions(const BufferLivenessOptions &options) {
  for (BufferLiveRange &range : buffers) {
    if (!range.unplannedReason.empty())
      continue;
    if (range.isStack() && !options.planAllocas) {
      range.unplannedReason = "a stack buffer (memref.alloca); stack buffers "
                              "are planned with allocas=true";
      continue;
    }
    // An alloc that asks for more alignment than the plan gives stays.
    auto own = range.alloc->getAttrOfType<IntegerAttr>("alignment");
    if (options.alignment != 0 && own &&
        own.getValue().getZExtValue() > options.alignment)
      range.unplannedReason = "requests alignment " +
                              std::to_string(own.getValue().getZExtValue()) +
                              ", above the plan's " +
                              std::to_string(options.alignment);
  }
  // Buffers freed by one dealloc are planned together or not at all: a
  // planned one's view must not reach the dealloc, an unplanned one must.
  DenseMap<Operation *, SmallVector<unsigned>> buffersOfDealloc;
  for (auto [i, range] : llvm::enumerate(buffers))
    for (memref::DeallocOp dealloc : range.deallocs)
      buffersOfDealloc[dealloc].push_back(i);
  for (bool changed = true; changed;) {
    changed = false;
    for (BufferLiveRange &range : buffers) {
      if (!range.unplannedReason.empty())
        continue;
      for (memref::DeallocOp dealloc : range.deallocs)
        for (unsigned other : buffersOfDealloc[dealloc])
          if (!buffers[other].unplannedReason.empty() &&
              range.unplannedReason.empty()) {
            range.unplannedReason =
                "freed by a memref.dealloc that also frees '" +
                getBufferName(buffers[other].alloc->getLoc()) +
                "', which is not planned";
            changed = true;
          }
    }
  }
}

void BufferLiveness::computeRange(BufferLiveRange &range, Region *home,
                                  ArrayRef<Value> aliases) {
  // Walk every use of every alias; the escape reported is the one at the
  // earliest step (then operand order), so the message is deterministic.
  BufferViewFlowAnalysis::ValueSetT aliasSet(aliases.begin(), aliases.end());
  int64_t escapeStep = INT64_MAX;
  std::string escape;
  int64_t start = INT64_MAX, end = INT64_MIN;
  for (Value alias : aliases) {
    for (OpOperand &use : alias.getUses()) {
      Operation *user = use.getOwner();
      if (auto dealloc = dyn_cast<memref::DeallocOp>(user)) {
        range.deallocs.push_back(dealloc);
        continue;
      }
      auto it = stepOf.find(user);
      if (it == stepOf.end())
        continue;
      range.uses.push_back(&use);
      int64_t lo = it->second, hi = it->second;
      // A use inside a loop that does not hold the alloc recurs in every
      // iteration: the buffer is live over the whole loop.
      for (Region *region = user->getParentRegion(); !region->isAncestor(home);
           region = region->getParentOp()->getParentRegion()) {
        if (isLoop(region)) {
          lo = stepOf.lookup(region->getParentOp());
          hi = spanEndOf.lookup(region->getParentOp());
        }
      }
      start = std::min(start, lo);
      end = std::max(end, hi);
      std::string reason = getEscapeReason(user, alias, function, aliasSet);
      if (!reason.empty() && it->second < escapeStep) {
        escapeStep = it->second;
        escape = std::move(reason);
      }
    }
  }
  if (!escape.empty() && range.unplannedReason.empty())
    range.unplannedReason = escape;
  // The buffer holds nothing before its first use (through any alias):
  // an alloc hoisted far ahead of it does not make it live earlier.
  if (start == INT64_MAX)
    start = end = stepOf.lookup(range.alloc);
  range.start = start;
  range.end = end;
  for (Region *region = home;;
       region = region->getParentOp()->getParentRegion()) {
    if (!region->hasOneBlock())
      extendOverBlocks(range, region, aliases);
    if (region == &function->getRegion(0))
      break;
  }
}

void BufferLiveness::extendOverBlocks(BufferLiveRange &range, Region *region,
                                      ArrayRef<Value> aliases) {
  if (!cfgLiveness)
    cfgLiveness = std::make_unique<Liveness>(function);
  // Blocks of the region that hold a use (directly or nested).
  llvm::SmallPtrSet<Block *, 8> used;
  for (OpOperand *use : range.uses)
    if (Operation *ancestor = region->findAncestorOpInRegion(*use->getOwner()))
      used.insert(ancestor->getBlock());
  // Blocks reachable from a use by at least one edge: where the buffer may
  // hold data written before.
  llvm::SmallPtrSet<Block *, 8> reached;
  SmallVector<Block *> worklist;
  for (Block *block : used)
    llvm::append_range(worklist, block->getSuccessors());
  while (!worklist.empty()) {
    Block *block = worklist.pop_back_val();
    if (reached.insert(block).second)
      llvm::append_range(worklist, block->getSuccessors());
  }
  for (Block &block : *region) {
    if (block.empty())
      continue;
    const LivenessBlockInfo *info = cfgLiveness->getLiveness(&block);
    if (!info)
      continue;
    bool liveIn = false, liveOut = false;
    for (Value alias : aliases) {
      liveIn |= info->isLiveIn(alias);
      liveOut |= info->isLiveOut(alias);
    }
    bool holdsData = reached.contains(&block);
    if (liveIn && holdsData)
      range.start = std::min(range.start, stepOf.lookup(&block.front()));
    if (liveOut && (holdsData || used.contains(&block)))
      range.end = std::max(range.end, spanEndOf.lookup(&block.back()));
  }
}

int64_t BufferLiveness::getStep(Operation *op) const {
  auto it = stepOf.find(op);
  return it == stepOf.end() ? -1 : it->second;
}

int64_t BufferLiveness::getSpanEnd(Operation *op) const {
  auto it = spanEndOf.find(op);
  return it == spanEndOf.end() ? -1 : it->second;
}

std::optional<unsigned> BufferLiveness::getBufferIndex(Value value) const {
  auto it = bufferOfAlias.find(value);
  if (it == bufferOfAlias.end() || it->second < 0)
    return std::nullopt;
  return static_cast<unsigned>(it->second);
}
