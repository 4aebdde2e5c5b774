//===- DeallocAtReturn.cpp - free every allocation at function exit -------===//

#include "mini/Transforms/Passes.h"

#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mini {
#define GEN_PASS_DEF_DEALLOCATRETURNPASS
#include "mini/Transforms/Passes.h.inc"
} // namespace mini

using namespace mlir;

namespace {

bool isDeallocated(Value buffer) {
  return llvm::any_of(buffer.getUsers(), [](Operation *user) {
    return isa<memref::DeallocOp>(user);
  });
}

/// Whether `buffer` or a view of it is an operand of `terminator`.
bool escapesThrough(Value buffer, Operation *terminator) {
  for (Operation *user : buffer.getUsers()) {
    if (user == terminator)
      return true;
    if (isa<ViewLikeOpInterface>(user))
      for (Value result : user->getResults())
        if (escapesThrough(result, terminator))
          return true;
  }
  return false;
}

struct DeallocAtReturnPass
    : public mini::impl::DeallocAtReturnPassBase<DeallocAtReturnPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || !func.getBody().hasOneBlock())
      return;
    Block &body = func.getBody().front();
    Operation *terminator = body.getTerminator();
    OpBuilder builder(terminator);
    for (auto alloc : body.getOps<memref::AllocOp>()) {
      Value buffer = alloc.getResult();
      bool returned = llvm::is_contained(terminator->getOperands(), buffer);
      if (!isDeallocated(buffer) && !returned)
        memref::DeallocOp::create(builder, alloc.getLoc(), buffer);
    }
    // An allocation in a loop body or a branch (a tile of upstream
    // tile-and-fuse) is freed at the end of its block, unless its block
    // yields it or a view of it.
    func.walk([&](memref::AllocOp alloc) {
      Block *block = alloc->getBlock();
      if (block == &body || isDeallocated(alloc.getResult()) ||
          escapesThrough(alloc.getResult(), block->getTerminator()))
        return;
      OpBuilder nested(block->getTerminator());
      memref::DeallocOp::create(nested, alloc.getLoc(), alloc.getResult());
    });
  }
};

} // namespace
