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

/// Checks that `attribute`, a discardable attribute of the dialect, has the
/// kind it is declared with (MiniDialect.td), and for the name lists that
/// every element is a string; `where` says where it is for the message.
static LogicalResult verifyDiscardableAttr(Operation *op,
                                           NamedAttribute attribute,
                                           StringRef where) {
  StringRef name = attribute.getName().getValue();
  Attribute value = attribute.getValue();
  auto fail = [&](StringRef expected) {
    return op->emitError() << "'" << name << "' " << where << " must be "
                           << expected << ", got " << value;
  };
  auto isStringArray = [](Attribute a) {
    auto array = dyn_cast<ArrayAttr>(a);
    return array && llvm::all_of(array, llvm::IsaPred<StringAttr>);
  };
  if (name == MiniDialect::NameAttrHelper::getNameStr())
    return isa<StringAttr>(value) ? success() : fail("a string");
  if (name == MiniDialect::DimParamsAttrHelper::getNameStr())
    return isStringArray(value) ? success() : fail("an array of strings");
  if (name == MiniDialect::UpperBoundAttrHelper::getNameStr())
    return isa<DenseI64ArrayAttr>(value) ? success() : fail("an i64 array");
  if (name == MiniDialect::MemoryPlanAttrHelper::getNameStr() ||
      name == MiniDialect::ScheduleAttrHelper::getNameStr() ||
      name == MiniDialect::PatchFusionAttrHelper::getNameStr() ||
      name == MiniDialect::ArenaAttrHelper::getNameStr())
    return isa<DictionaryAttr>(value) ? success() : fail("a dictionary");
  if (name == MiniDialect::ShapeChecksAttrHelper::getNameStr())
    return isStringArray(value) ? success() : fail("an array of strings");
  if (name == MiniDialect::Uint8AttrHelper::getNameStr())
    return isa<UnitAttr>(value) ? success() : fail("a unit attribute");
  if (name == MiniDialect::MemoriesAttrHelper::getNameStr()) {
    auto array = dyn_cast<ArrayAttr>(value);
    return array && llvm::all_of(array, llvm::IsaPred<DictionaryAttr>)
               ? success()
               : fail("an array of dictionaries");
  }
  return op->emitError() << "'" << name << "' " << where
                         << " is not an attribute of the mini dialect";
}

LogicalResult MiniDialect::verifyOperationAttribute(Operation *op,
                                                    NamedAttribute attribute) {
  StringRef name = attribute.getName().getValue();
  if (name != MemoryPlanAttrHelper::getNameStr() &&
      name != ScheduleAttrHelper::getNameStr() &&
      name != PatchFusionAttrHelper::getNameStr() &&
      name != ArenaAttrHelper::getNameStr() &&
      name != MemoriesAttrHelper::getNameStr() &&
      name != ShapeChecksAttrHelper::getNameStr())
    return op->emitError() << "'" << name
                           << "' is not an attribute of an operation in the "
                              "mini dialect (memory_plan, schedule, "
                              "patch_fusion, arena, memories and shape_checks "
                              "are)";
  return verifyDiscardableAttr(op, attribute, "on an operation");
}

LogicalResult MiniDialect::verifyRegionArgAttribute(Operation *op, unsigned,
                                                    unsigned,
                                                    NamedAttribute attribute) {
  StringRef name = attribute.getName().getValue();
  if (name != NameAttrHelper::getNameStr() &&
      name != DimParamsAttrHelper::getNameStr() &&
      name != UpperBoundAttrHelper::getNameStr() &&
      name != Uint8AttrHelper::getNameStr())
    return op->emitError() << "'" << name
                           << "' is not an argument attribute of the mini "
                              "dialect (name, dim_params, upper_bound and "
                              "uint8 are)";
  return verifyDiscardableAttr(op, attribute, "on an argument");
}

LogicalResult
MiniDialect::verifyRegionResultAttribute(Operation *op, unsigned, unsigned,
                                         NamedAttribute attribute) {
  StringRef name = attribute.getName().getValue();
  if (name != DimParamsAttrHelper::getNameStr() &&
      name != Uint8AttrHelper::getNameStr())
    return op->emitError() << "'" << name
                           << "' is not a result attribute of the mini "
                              "dialect (dim_params and uint8 are)";
  return verifyDiscardableAttr(op, attribute, "on a result");
}
