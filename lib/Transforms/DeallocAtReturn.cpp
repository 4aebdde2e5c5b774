//===- DeallocAtReturn.cpp - free every allocation at function exit -------===//

#include "mini/Transforms/Passes.h"

namespace mini {
#define GEN_PASS_DEF_DEALLOCATRETURNPASS
#include "mini/Transforms/Passes.h.inc"
} // namespace mini

using namespace mlir;

namespace {

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
      bool deallocated = llvm::any_of(buffer.getUsers(), [](Operation *user) {
        return isa<memref::DeallocOp>(user);
      });
      bool returned = llvm::is_contained(terminator->getOperands(), buffer);
      if (!deallocated && !returned)
        memref::DeallocOp::create(builder, alloc.getLoc(), buffer);
    }
  }
};

} // namespace
