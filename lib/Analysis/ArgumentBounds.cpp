//===- ArgumentBounds.cpp - mini.upper_bound as value bounds --------------===//
//
//===----------------------------------------------------------------------===//

#include "mini/Analysis/ArgumentBounds.h"
#include "mini/Dialect/Mini/IR/MiniDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"

using namespace mlir;

namespace {
/// The bounds of a function's entry-block arguments. The constraint set
/// asks the op that owns a block argument (here the function) for its
/// bounds, as it asks `scf.for` about its induction variable.
struct FunctionArgumentBounds
    : public ValueBoundsOpInterface::ExternalModel<FunctionArgumentBounds,
                                                   func::FuncOp> {
  /// The argument `value` is, if it is one of `op`'s entry block.
  static BlockArgument getArgument(Operation *op, Value value) {
    auto arg = dyn_cast<BlockArgument>(value);
    if (!arg || op->getNumRegions() != 1 || op->getRegion(0).empty() ||
        arg.getOwner() != &op->getRegion(0).front())
      return nullptr;
    return arg;
  }

  void populateBoundsForIndexValue(Operation *op, Value value,
                                   ValueBoundsConstraintSet &cstr) const {
    BlockArgument arg = getArgument(op, value);
    if (!arg)
      return;
    auto bound = cast<FunctionOpInterface>(op).getArgAttrOfType<IntegerAttr>(
        arg.getArgNumber(),
        mini::MiniDialect::UpperBoundAttrHelper::getNameStr());
    if (!bound || bound.getValue().isNegative())
      return;
    cstr.bound(value) >= 0;
    cstr.bound(value) <= bound.getInt();
  }

  void populateBoundsForShapedValueDim(Operation *op, Value value, int64_t dim,
                                       ValueBoundsConstraintSet &cstr) const {
    BlockArgument arg = getArgument(op, value);
    if (!arg)
      return;
    auto bounds =
        cast<FunctionOpInterface>(op).getArgAttrOfType<DenseI64ArrayAttr>(
            arg.getArgNumber(),
            mini::MiniDialect::UpperBoundAttrHelper::getNameStr());
    auto type = dyn_cast<ShapedType>(value.getType());
    if (!bounds || !type || !type.hasRank() ||
        bounds.size() != type.getRank() || dim >= bounds.size() ||
        bounds[dim] < 0)
      return;
    cstr.bound(value)[dim] <= bounds[dim];
  }
};
} // namespace

void mini::registerArgumentBoundsExternalModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, func::FuncDialect *) {
    func::FuncOp::attachInterface<FunctionArgumentBounds>(*ctx);
  });
}
