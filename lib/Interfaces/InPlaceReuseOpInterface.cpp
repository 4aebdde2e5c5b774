//===- InPlaceReuseOpInterface.cpp - in-place buffer reuse
//-----------------===//
//
// The interface's generated definitions and its external models for linalg.
//
//===----------------------------------------------------------------------===//

#include "mini/Interfaces/InPlaceReuseOpInterface.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

#include "mini/Interfaces/InPlaceReuseOpInterface.cpp.inc"

namespace {
/// Elementwise linalg ops on buffers, or on tensors (of the buffers they
/// bufferize to): every loop parallel, the output and
/// each input returned accessed through the same identity map, so that
/// iteration i reads position i of those inputs and writes position i of
/// the output, and nothing else; the payload does not read the output.
template <typename OpTy>
struct LinalgInPlaceReuseModel
    : public mini::InPlaceReuseOpInterface::ExternalModel<
          LinalgInPlaceReuseModel<OpTy>, OpTy> {
  SmallVector<OpOperand *> getInPlaceInputs(Operation *op,
                                            OpOperand &output) const {
    auto linalgOp = cast<linalg::LinalgOp>(op);
    SmallVector<OpOperand *> inputs;
    auto outputType = dyn_cast<ShapedType>(output.get().getType());
    if (!outputType ||
        !(linalgOp.hasPureBufferSemantics() ||
          linalgOp.hasPureTensorSemantics()) ||
        !linalgOp.isDpsInit(&output) || !linalgOp.isAllParallelLoops() ||
        linalgOp.payloadUsesValueFromOperand(&output))
      return inputs;
    AffineMap map = linalgOp.getMatchingIndexingMap(&output);
    if (!map.isIdentity())
      return inputs;
    for (OpOperand *input : linalgOp.getDpsInputOperands()) {
      auto inputType = dyn_cast<ShapedType>(input->get().getType());
      if (inputType && inputType.getShape() == outputType.getShape() &&
          inputType.getElementTypeBitWidth() ==
              outputType.getElementTypeBitWidth() &&
          linalgOp.getMatchingIndexingMap(input) == map)
        inputs.push_back(input);
    }
    return inputs;
  }
};
} // namespace

void mini::registerInPlaceReuseExternalModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, linalg::LinalgDialect *) {
    linalg::GenericOp::attachInterface<
        LinalgInPlaceReuseModel<linalg::GenericOp>>(*context);
    linalg::MapOp::attachInterface<LinalgInPlaceReuseModel<linalg::MapOp>>(
        *context);
  });
}
