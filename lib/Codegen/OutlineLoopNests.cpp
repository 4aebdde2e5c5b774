//===- OutlineLoopNests.cpp - split long functions into parts -------------===//
//
// See the pass description in Passes.td: runs of top-level loop nests move
// into `no_inline` private functions of at most `nests-per-function` nests,
// with the pure ops they use (views, constants, globals) cloned into each
// part, so that LLVM's per-loop analyses walk short functions.
//
//===----------------------------------------------------------------------===//

#include "mini/Codegen/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/SetVector.h"

namespace mini {
#define GEN_PASS_DEF_OUTLINELOOPNESTSPASS
#include "mini/Codegen/Passes.h.inc"
} // namespace mini

using namespace mlir;

namespace {

/// Whether a value defined by `op` outside a part is cloned into the part
/// instead of passed: pure ops without regions (constants, views, subviews,
/// get_global, casts, reshapes, index arithmetic).
bool isCloned(Operation *op) {
  return op && op->getNumRegions() == 0 && isPure(op);
}

/// Whether a top-level op with results may stay outside a part whose
/// earlier ops then run after it: pure ops, and allocations while the part
/// frees nothing (an allocation moved before a free would raise the heap's
/// peak, which --free-after-last-use measures).
bool canBeReorderedWith(Operation *op, bool partFrees) {
  return isPure(op) ||
         (!partFrees && isa<memref::AllocOp, memref::AllocaOp>(op));
}

/// Whether `op` or an op nested in it frees memory.
bool frees(Operation *op) {
  return op
      ->walk([](Operation *nested) {
        return hasEffect<MemoryEffects::Free>(nested) ? WalkResult::interrupt()
                                                      : WalkResult::advance();
      })
      .wasInterrupted();
}

/// Moves `part` (top-level ops of one block, without results, in order)
/// into a new private function after `after`, called where the last of them
/// was; returns the new function.
func::FuncOp outlinePart(func::FuncOp func, Operation *after,
                         ArrayRef<Operation *> part, SymbolTable &symbols,
                         unsigned index) {
  // What the part uses from outside it, and what of that is cloned.
  llvm::SetVector<Value> used;
  for (Operation *op : part) {
    for (Value operand : op->getOperands())
      used.insert(operand);
    for (Region &region : op->getRegions())
      getUsedValuesDefinedAbove(region, used);
  }
  llvm::SetVector<Operation *> cloned;
  llvm::SetVector<Value> arguments;
  SmallVector<Value> worklist(used.begin(), used.end());
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    Operation *def = value.getDefiningOp();
    if (def && llvm::is_contained(part, def))
      continue;
    if (isCloned(def)) {
      if (cloned.insert(def))
        llvm::append_range(worklist, def->getOperands());
      continue;
    }
    arguments.insert(value);
  }
  SmallVector<Operation *> clonedInOrder(cloned.begin(), cloned.end());
  llvm::sort(clonedInOrder,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });

  OpBuilder builder(func);
  builder.setInsertionPointAfter(after);
  Location loc = part.front()->getLoc();
  SmallVector<Type> argumentTypes;
  for (Value value : arguments)
    argumentTypes.push_back(value.getType());
  auto outlined = func::FuncOp::create(
      builder, loc, (func.getSymName() + "_part" + llvm::Twine(index)).str(),
      builder.getFunctionType(argumentTypes, {}));
  outlined.setPrivate();
  // Kept apart by MLIR's inliner (no_inline) and by LLVM's (noinline, which
  // the LLVM dialect passes through; func-to-llvm drops no_inline).
  outlined->setAttr("no_inline", builder.getUnitAttr());
  outlined->setAttr("passthrough",
                    builder.getArrayAttr({builder.getStringAttr("noinline")}));
  symbols.insert(outlined);
  Block *body = outlined.addEntryBlock();
  IRMapping mapping;
  for (auto [value, argument] : llvm::zip(arguments, body->getArguments()))
    mapping.map(value, argument);
  builder.setInsertionPointToStart(body);
  for (Operation *op : clonedInOrder)
    builder.clone(*op, mapping);
  for (Operation *op : part)
    builder.clone(*op, mapping);
  func::ReturnOp::create(builder, loc);

  builder.setInsertionPoint(part.back());
  func::CallOp::create(builder, loc, outlined, arguments.getArrayRef());
  for (Operation *op : llvm::reverse(part))
    op->erase();
  return outlined;
}

struct OutlineLoopNestsPass
    : public mini::impl::OutlineLoopNestsPassBase<OutlineLoopNestsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    for (func::FuncOp func : funcs) {
      if (func.isExternal() || !func.getBody().hasOneBlock())
        continue;
      // Parts: runs of ops without results, each with at most
      // nestsPerFunction ops with regions, ended early by an op that a part
      // may not move past.
      SmallVector<SmallVector<Operation *>> parts(1);
      unsigned nests = 0;
      bool partFrees = false;
      auto closePart = [&] {
        if (!parts.back().empty())
          parts.emplace_back();
        nests = 0;
        partFrees = false;
      };
      for (Operation &op : func.getBody().front()) {
        if (op.hasTrait<OpTrait::IsTerminator>())
          break;
        if (op.getNumResults() != 0) {
          if (!canBeReorderedWith(&op, partFrees))
            closePart();
          continue;
        }
        if (op.getNumRegions() != 0 && nests == nestsPerFunction)
          closePart();
        parts.back().push_back(&op);
        partFrees |= frees(&op);
        if (op.getNumRegions() != 0)
          ++nests;
      }
      // Parts without a nest stay where they are; one part is the function
      // itself: nothing to split.
      llvm::erase_if(parts, [](ArrayRef<Operation *> part) {
        return llvm::none_of(
            part, [](Operation *op) { return op->getNumRegions() != 0; });
      });
      if (parts.size() < 2)
        continue;
      Operation *last = func;
      for (auto [index, part] : llvm::enumerate(parts))
        last = outlinePart(func, last, part, symbols, index);
    }
  }
};

} // namespace
