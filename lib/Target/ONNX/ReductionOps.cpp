//===- ReductionOps.cpp - ONNX reductions and Softmax to mini -------------===//
//
// The reductions (Mean, Sum, Max, Min, Prod, L1, L2, SumSquare, LogSum,
// LogSumExp; axes from the attribute or, from ReduceSum-13 and opset 18
// on, from the constant input), ArgMax and ArgMin, Softmax, LogSoftmax and
// Hardmax, and Trilu.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

using namespace mlir;
using namespace mini;
using namespace mini::onnx_import;

FailureOr<std::optional<SmallVector<NamedAttribute>>>
mini::onnx_import::getReductionAttrs(Importer &im, const onnx::NodeProto &node,
                                     Value x) {
  FailureOr<std::optional<SmallVector<int64_t>>> axes =
      im.getIntsFromAttrOrInput(node, "axes", 1);
  if (failed(axes))
    return failure();
  if (!*axes || (*axes)->empty()) {
    int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
    if (im.getInt(node, "noop_with_empty_axes", 0)) {
      im.defineValue(node, x);
      return std::optional<SmallVector<NamedAttribute>>();
    }
    axes->emplace();
    for (int64_t i = 0; i < rank; ++i)
      (*axes)->push_back(i);
  }
  OpBuilder &b = im.builder;
  return std::optional<SmallVector<NamedAttribute>>(SmallVector<NamedAttribute>{
      b.getNamedAttr("axes", b.getDenseI64ArrayAttr(**axes)),
      b.getNamedAttr("keepdims",
                     b.getBoolAttr(im.getInt(node, "keepdims", 1) != 0))});
}

SmallVector<NamedAttribute>
mini::onnx_import::getArgReductionAttrs(Importer &im,
                                        const onnx::NodeProto &node) {
  OpBuilder &b = im.builder;
  return {
      b.getNamedAttr("axis", b.getI64IntegerAttr(im.getInt(node, "axis", 0))),
      b.getNamedAttr("keepdims",
                     b.getBoolAttr(im.getInt(node, "keepdims", 1) != 0)),
      b.getNamedAttr(
          "select_last_index",
          b.getBoolAttr(im.getInt(node, "select_last_index", 0) != 0))};
}

FailureOr<NamedAttribute>
mini::onnx_import::getSoftmaxAxisAttr(Importer &im, const onnx::NodeProto &node,
                                      Value x) {
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  int64_t axis = im.getInt(node, "axis", im.opset < 13 ? 1 : -1);
  int64_t normalized = axis < 0 ? axis + rank : axis;
  if (im.opset < 13 && normalized != rank - 1)
    return im.nodeError(node, node.op_type() +
                                  " before opset 13 flattens its input at "
                                  "the axis; only the last axis is supported");
  if (normalized < 0 || normalized >= rank)
    return im.nodeError(node, "axis " + Twine(axis) + " out of range");
  return im.builder.getNamedAttr("axis", im.builder.getI64IntegerAttr(axis));
}

LogicalResult mini::onnx_import::importTrilu(Importer &im,
                                             const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  int64_t k = 0;
  if (node.input_size() > 1 && !node.input(1).empty()) {
    const HostTensor *constant = im.getConstant(node, 1);
    if (!constant || constant->isFloat() || constant->getNumElements() != 1)
      return im.nodeError(node, "k must be a constant integer scalar (folded "
                                "at import)");
    k = constant->ints[0];
  }
  OpBuilder &b = im.builder;
  return im.buildTyped<TriluOp>(
      node, x->getType(), *x,
      {b.getNamedAttr("upper", b.getBoolAttr(im.getInt(node, "upper", 1))),
       b.getNamedAttr("k", b.getI64IntegerAttr(k))});
}
