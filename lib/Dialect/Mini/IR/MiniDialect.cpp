//===- MiniDialect.cpp - mini dialect registration ------------------------===//
//
// Registers the ops of the `mini` dialect and materializes folded constants.
//
//===----------------------------------------------------------------------===//

#include "mini/Dialect/Mini/IR/MiniDialect.h"
#include "mini/Dialect/Mini/IR/MiniOps.h"

using namespace mlir;
using namespace mini;

#include "mini/Dialect/Mini/IR/MiniOpsDialect.cpp.inc"

void MiniDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "mini/Dialect/Mini/IR/MiniOps.cpp.inc"
      >();
}

Operation *MiniDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed || typed.getType() != type || !isa<ElementsAttr>(value))
    return nullptr;
  return ConstantOp::create(builder, loc, cast<ElementsAttr>(value));
}
