//===- ScheduleForMemory.cpp - memory-aware op scheduling
//------------------===//
//
// The `--mini-schedule-for-memory` pass: a thin rewrite over the planning
// library's scheduler. It builds the dataflow graph of a function body,
// asks for an order, and moves the ops when the order lowers the peak.
//
//===----------------------------------------------------------------------===//

#include "mini/Dialect/Mini/IR/MiniDialect.h"
#include "mini/Planning/Scheduler.h"
#include "mini/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mini {
#define GEN_PASS_DEF_SCHEDULEFORMEMORYPASS
#include "mini/Transforms/Passes.h.inc"
} // namespace mini

using namespace mlir;
using namespace mini;
using namespace mini::planning;

namespace {
struct ScheduleForMemoryPass
    : public mini::impl::ScheduleForMemoryPassBase<ScheduleForMemoryPass> {
  void runOnOperation() override;
};
} // namespace

/// Bytes of a statically shaped tensor value; 0 for anything else.
static uint64_t getTensorBytes(Value value, const DataLayout &layout) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return 0;
  return static_cast<uint64_t>(type.getNumElements()) *
         layout.getTypeSize(type.getElementType());
}

void ScheduleForMemoryPass::runOnOperation() {
  func::FuncOp function = getOperation();
  if (!function.getBody().hasOneBlock())
    return;
  Block &body = function.getBody().front();
  Operation *terminator = body.getTerminator();
  DataLayout layout = DataLayout::closest(function);

  SmallVector<Operation *> ops;
  DenseMap<Operation *, unsigned> nodeOf;
  for (Operation &op : body.without_terminator()) {
    nodeOf[&op] = ops.size();
    ops.push_back(&op);
  }
  std::vector<ScheduleNode> nodes(ops.size());
  int64_t lastEffect = -1;
  for (auto [i, op] : llvm::enumerate(ops)) {
    ScheduleNode &node = nodes[i];
    if (!op->hasTrait<OpTrait::ConstantLike>())
      for (Value result : op->getResults())
        node.bytes += getTensorBytes(result, layout);
    SetVector<Value> used;
    used.insert(op->operand_begin(), op->operand_end());
    getUsedValuesDefinedAbove(op->getRegions(), used);
    for (Value value : used) {
      Operation *def = value.getDefiningOp();
      if (def && def->getBlock() == &body) {
        unsigned producer = nodeOf.lookup(def);
        if (!llvm::is_contained(node.operands, producer))
          node.operands.push_back(producer);
      }
    }
    if (!isMemoryEffectFree(op)) {
      if (lastEffect >= 0)
        node.after.push_back(lastEffect);
      lastEffect = i;
    }
  }
  for (Value value : terminator->getOperands())
    if (Operation *def = value.getDefiningOp(); def && def->getBlock() == &body)
      nodes[nodeOf.lookup(def)].liveOut = true;

  SmallVector<unsigned> current(ops.size());
  for (unsigned i = 0; i < ops.size(); ++i)
    current[i] = i;
  uint64_t before = computeSchedulePeak(nodes, current);
  std::vector<unsigned> order = scheduleForMemory(nodes);
  uint64_t after = computeSchedulePeak(nodes, order);
  if (after < before) {
    for (unsigned n : order)
      ops[n]->moveBefore(terminator);
  } else {
    after = before;
  }
  Builder b(function.getContext());
  function->setAttr(
      MiniDialect::ScheduleAttrHelper::getNameStr(),
      b.getDictionaryAttr(
          {b.getNamedAttr("peak_bytes_before", b.getI64IntegerAttr(before)),
           b.getNamedAttr("peak_bytes_after", b.getI64IntegerAttr(after))}));
}
