//===- ScheduleGraph.cpp - the buffers a block's order decides ------------===//

#include "mini/Analysis/ScheduleGraph.h"

#include "mini/Interfaces/InPlaceReuseOpInterface.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/EquivalenceClasses.h"

using namespace mlir;
using namespace mini;

/// Bytes of a statically shaped tensor value; 0 for anything else.
static uint64_t getTensorBytes(Value value, const DataLayout &layout) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return 0;
  return static_cast<uint64_t>(type.getNumElements()) *
         layout.getTypeSize(type.getElementType());
}

/// Whether `insert` writes a contiguous part of its destination: unit
/// strides, static offsets and sizes, and past the first dimension of size
/// above one, every dimension whole.
static bool isContiguousSlice(tensor::InsertSliceOp insert) {
  RankedTensorType dest = insert.getDestType();
  if (!dest.hasStaticShape() || !insert.hasUnitStride() ||
      ShapedType::isDynamicShape(insert.getStaticSizes()) ||
      ShapedType::isDynamicShape(insert.getStaticOffsets()))
    return false;
  ArrayRef<int64_t> sizes = insert.getStaticSizes();
  bool whole = false;
  for (auto [size, extent] : llvm::zip_equal(sizes, dest.getShape())) {
    if (whole && size != extent)
      return false;
    whole |= size != 1;
  }
  return true;
}

BlockScheduleGraph mini::buildBlockScheduleGraph(Block &block,
                                                 const DataLayout &layout,
                                                 uint64_t alignment,
                                                 bool inPlace) {
  BlockScheduleGraph schedule;
  // Materializations: side-effect free ops that use only other
  // materializations (tensor.empty, constants, the fill or the bias
  // broadcast that initializes a convolution's result).
  DenseMap<Operation *, unsigned> nodeOf;
  DenseSet<Operation *> materialized;
  SmallVector<Operation *> blockOrder;
  for (Operation &op : block.without_terminator()) {
    blockOrder.push_back(&op);
    SetVector<Value> used;
    used.insert(op.operand_begin(), op.operand_end());
    getUsedValuesDefinedAbove(op.getRegions(), used);
    if (isMemoryEffectFree(&op) && llvm::all_of(used, [&](Value value) {
          Operation *def = value.getDefiningOp();
          return def && materialized.contains(def);
        })) {
      materialized.insert(&op);
      schedule.materializations.push_back(&op);
      continue;
    }
    nodeOf[&op] = schedule.nodes.size();
    schedule.nodes.push_back(&op);
  }
  auto isNodeResult = [&](Value value) {
    Operation *def = value.getDefiningOp();
    return def && nodeOf.contains(def);
  };

  // Raw buffers, unioned where values share one.
  SmallVector<uint64_t> rawBytes;
  llvm::EquivalenceClasses<unsigned> classes;
  DenseMap<Value, unsigned> bufferOf;
  SmallVector<std::pair<unsigned, unsigned>> rawInPlace;
  SmallVector<unsigned> rawInPlaceNode;
  auto newBuffer = [&](Value value) {
    unsigned id = rawBytes.size();
    rawBytes.push_back(llvm::alignTo(getTensorBytes(value, layout),
                                     std::max<uint64_t>(alignment, 1)));
    classes.insert(id);
    bufferOf[value] = id;
    return id;
  };
  auto lookup = [&](Value value) -> std::optional<unsigned> {
    auto it = bufferOf.find(value);
    if (it == bufferOf.end())
      return std::nullopt;
    return it->second;
  };

  for (Operation *op : blockOrder) {
    for (OpResult result : op->getResults()) {
      if (!isa<RankedTensorType>(result.getType()) ||
          isa<tensor::EmptyOp>(op) || op->hasTrait<OpTrait::ConstantLike>())
        continue;
      if (auto dps = dyn_cast<DestinationStyleOpInterface>(op)) {
        Value init = dps.getTiedOpOperand(result)->get();
        std::optional<unsigned> initBuffer = lookup(init);
        if (initBuffer && init.hasOneUse())
          bufferOf[result] = *initBuffer;
        else
          newBuffer(result);
        continue;
      }
      if (isa<tensor::ExtractSliceOp, tensor::CollapseShapeOp,
              tensor::ExpandShapeOp, tensor::CastOp>(op)) {
        // A view of a weight or an argument is no buffer of the function's.
        if (std::optional<unsigned> source = lookup(op->getOperand(0)))
          bufferOf[result] = *source;
        continue;
      }
      newBuffer(result);
    }
    if (!inPlace || !nodeOf.contains(op))
      continue;
    unsigned n = nodeOf.lookup(op);
    // The planner's sharings (mini/Analysis/BufferSharing.h).
    auto shareSource = [&](Value source, Value host) {
      std::optional<unsigned> sourceBuffer = lookup(source);
      std::optional<unsigned> hostBuffer = lookup(host);
      if (sourceBuffer && hostBuffer && isNodeResult(source) &&
          source.hasOneUse())
        classes.unionSets(*sourceBuffer, *hostBuffer);
    };
    if (auto insert = dyn_cast<tensor::InsertSliceOp>(op)) {
      if (isContiguousSlice(insert))
        shareSource(insert.getSource(), insert.getResult());
    } else if (auto pad = dyn_cast<tensor::PadOp>(op)) {
      shareSource(pad.getSource(), pad.getResult());
    } else if (auto reuse = dyn_cast<InPlaceReuseOpInterface>(op)) {
      auto dps = cast<DestinationStyleOpInterface>(op);
      for (OpOperand &init : dps.getDpsInitsMutable()) {
        Value result = dps.getTiedOpResult(&init);
        std::optional<unsigned> guest = lookup(result);
        if (!guest || lookup(init.get()) == guest)
          continue; // written into its init's buffer already
        for (OpOperand *input : reuse.getInPlaceInputs(init))
          if (std::optional<unsigned> host = lookup(input->get())) {
            rawInPlace.push_back({*host, *guest});
            rawInPlaceNode.push_back(n);
          }
      }
    }
  }

  // One buffer per class, numbered in order of first appearance; its bytes
  // the largest of its values' (a concatenation holds its parts).
  Operation *terminator = block.getTerminator();
  DenseMap<unsigned, unsigned> bufferOfLeader;
  planning::ScheduleGraph &graph = schedule.graph;
  auto getBuffer = [&](unsigned raw) {
    return bufferOfLeader.lookup(classes.getLeaderValue(raw));
  };
  for (unsigned raw = 0; raw < rawBytes.size(); ++raw) {
    auto [it, inserted] = bufferOfLeader.try_emplace(
        classes.getLeaderValue(raw), graph.buffers.size());
    if (inserted)
      graph.buffers.push_back({});
    planning::ScheduleBuffer &buffer = graph.buffers[it->second];
    buffer.bytes = std::max(buffer.bytes, rawBytes[raw]);
  }
  // Returned values become out-params: no buffer of the plan.
  for (Value value : terminator->getOperands())
    if (std::optional<unsigned> raw = lookup(value))
      graph.buffers[getBuffer(*raw)].liveOut = true;
  for (planning::ScheduleBuffer &buffer : graph.buffers)
    if (buffer.liveOut)
      buffer.bytes = 0;

  graph.nodes.resize(schedule.nodes.size());
  std::optional<unsigned> lastEffect;
  for (auto [n, op] : llvm::enumerate(schedule.nodes)) {
    planning::ScheduleNode &node = graph.nodes[n];
    SetVector<Value> used;
    used.insert(op->operand_begin(), op->operand_end());
    getUsedValuesDefinedAbove(op->getRegions(), used);
    used.insert(op->result_begin(), op->result_end());
    for (Value value : used) {
      if (std::optional<unsigned> raw = lookup(value)) {
        unsigned buffer = getBuffer(*raw);
        if (!llvm::is_contained(node.buffers, buffer))
          node.buffers.push_back(buffer);
      }
      Operation *def = value.getDefiningOp();
      if (def && def != op && nodeOf.contains(def) &&
          !llvm::is_contained(node.predecessors, nodeOf.lookup(def)))
        node.predecessors.push_back(nodeOf.lookup(def));
    }
    // Ops with effects keep their order; an op that cannot be speculated
    // (a shape-dependent access a cf.assert guards) stays after them.
    bool effects = !isMemoryEffectFree(op);
    if ((effects || !isSpeculatable(op)) && lastEffect &&
        !llvm::is_contained(node.predecessors, *lastEffect))
      node.predecessors.push_back(*lastEffect);
    if (effects)
      lastEffect = n;
  }
  for (auto [pair, n] : llvm::zip_equal(rawInPlace, rawInPlaceNode)) {
    unsigned host = getBuffer(pair.first), guest = getBuffer(pair.second);
    if (host != guest)
      graph.nodes[n].inPlace.push_back({host, guest});
  }
  return schedule;
}

void mini::applySchedule(const BlockScheduleGraph &schedule,
                         ArrayRef<unsigned> order) {
  if (schedule.nodes.empty())
    return;
  Block *block = schedule.nodes.front()->getBlock();
  Operation *terminator = block->getTerminator();
  for (unsigned n : order)
    schedule.nodes[n]->moveBefore(terminator);
  // Users first, so that each one's operands move before it.
  for (Operation *op : llvm::reverse(schedule.materializations)) {
    Operation *first = nullptr;
    for (Operation *user : op->getUsers())
      if (Operation *ancestor = block->findAncestorOpInBlock(*user))
        if (!first || ancestor->isBeforeInBlock(first))
          first = ancestor;
    if (first)
      op->moveBefore(first);
  }
}
