//===- ElementwiseOps.cpp - ONNX elementwise ops to mini ------------------===//
//
// Arithmetic with broadcasting, activations, comparisons, Where, Cast and
// the ops that vanish in inference (Identity, Dropout).
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include <limits>

using namespace mlir;
using namespace mini;
using namespace mini::onnx_import;

LogicalResult mini::onnx_import::importIdentity(Importer &im,
                                                const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  im.defineValue(node, *x);
  return success();
}

/// Dropout is the identity in inference: training mode off (input 2,
/// opset 12 on; absent means off) or a ratio of 0 (input 1 from opset 12,
/// the `ratio` attribute before, default 0.5). torch.onnx writes
/// training_mode=true with ratio 0 for a functional dropout of p=0 (Swin's
/// attention). Anything else draws random numbers: an error.
static LogicalResult checkDropoutIsIdentity(Importer &im,
                                            const onnx::NodeProto &node) {
  auto scalar = [&](int index) -> std::optional<double> {
    const HostTensor *t = im.getConstant(node, index);
    if (!t || t->getNumElements() != 1)
      return std::nullopt;
    return t->get(0);
  };
  bool hasTraining = node.input_size() > 2 && !node.input(2).empty();
  std::optional<double> training = hasTraining ? scalar(2) : 0.0;
  if (training && *training == 0.0)
    return success();
  bool hasRatio = node.input_size() > 1 && !node.input(1).empty();
  std::optional<double> ratio =
      hasRatio ? scalar(1)
               : std::optional<double>(im.getFloat(node, "ratio", 0.5));
  if (training && ratio && *ratio == 0.0)
    return success();
  return im.nodeError(node, "training mode with a ratio that is not a constant "
                            "0 drops random elements; export the model in "
                            "eval mode");
}

LogicalResult mini::onnx_import::importDropout(Importer &im,
                                               const onnx::NodeProto &node) {
  if (failed(checkDropoutIsIdentity(im, node)))
    return failure();
  return importIdentity(im, node);
}

FailureOr<HostTensor>
mini::onnx_import::foldDropout(Importer &im, const onnx::NodeProto &node,
                               ArrayRef<const HostTensor *> in) {
  if (failed(checkDropoutIsIdentity(im, node)))
    return failure();
  return *in[0];
}

LogicalResult
mini::onnx_import::importHardSigmoid(Importer &im,
                                     const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  OpBuilder &b = im.builder;
  return im.buildTyped<HardSigmoidOp>(
      node, x->getType(), *x,
      {b.getNamedAttr("alpha",
                      b.getF32FloatAttr(im.getFloat(node, "alpha", 0.2f))),
       b.getNamedAttr("beta",
                      b.getF32FloatAttr(im.getFloat(node, "beta", 0.5f)))});
}

LogicalResult mini::onnx_import::importIsNaN(Importer &im,
                                             const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  return im.buildTyped<IsNaNOp>(node, type.clone(im.builder.getI1Type()), *x);
}

LogicalResult mini::onnx_import::importIsInf(Importer &im,
                                             const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  OpBuilder &b = im.builder;
  auto type = cast<RankedTensorType>(x->getType());
  return im.buildTyped<IsInfOp>(
      node, type.clone(b.getI1Type()), *x,
      {b.getNamedAttr("detect_negative",
                      b.getBoolAttr(im.getInt(node, "detect_negative", 1))),
       b.getNamedAttr("detect_positive",
                      b.getBoolAttr(im.getInt(node, "detect_positive", 1)))});
}

LogicalResult mini::onnx_import::importClip(Importer &im,
                                            const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  float lo = -std::numeric_limits<float>::infinity();
  float hi = std::numeric_limits<float>::infinity();
  if (im.opset < 11) {
    lo = im.getFloat(node, "min", lo);
    hi = im.getFloat(node, "max", hi);
  } else {
    for (int i = 1; i <= 2; ++i) {
      if (i >= node.input_size() || node.input(i).empty())
        continue;
      const HostTensor *c = im.getConstant(node, i);
      if (!c || c->getNumElements() != 1)
        return im.nodeError(node, "min and max must be constant scalars");
      (i == 1 ? lo : hi) = static_cast<float>(c->get(0));
    }
  }
  if (lo > hi)
    return im.nodeError(node, "min (" + std::to_string(lo) + ") exceeds max (" +
                                  std::to_string(hi) + ")");
  OpBuilder &b = im.builder;
  return im.buildTyped<ClipOp>(node, x->getType(), *x,
                               {b.getNamedAttr("min", b.getF32FloatAttr(lo)),
                                b.getNamedAttr("max", b.getF32FloatAttr(hi))});
}

LogicalResult mini::onnx_import::importGelu(Importer &im,
                                            const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  std::string approximate = im.getString(node, "approximate", "none");
  return im.buildTyped<GeluOp>(
      node, x->getType(), *x,
      {im.builder.getNamedAttr("approximate",
                               im.builder.getStringAttr(approximate))});
}

LogicalResult mini::onnx_import::importWhere(Importer &im,
                                             const onnx::NodeProto &node) {
  FailureOr<Value> c = im.getValue(node, 0);
  FailureOr<SmallVector<Value>> xy = im.getOperandsOfOneType(node, {1, 2});
  if (failed(c) || failed(xy))
    return failure();
  return im.build<WhereOp>(node, {*c, (*xy)[0], (*xy)[1]});
}

LogicalResult mini::onnx_import::importCast(Importer &im,
                                            const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  int64_t to = im.getInt(node, "to", 0);
  Type elementType = getElementType(im.builder, to);
  if (!elementType)
    return im.nodeError(node, "casts to ONNX data type " + Twine(to) +
                                  " are not supported (float, float16, "
                                  "bfloat16, int64, int32 and bool are)");
  auto type = cast<RankedTensorType>(x->getType()).clone(elementType);
  return im.buildTyped<CastOp>(node, type, *x);
}

LogicalResult mini::onnx_import::importCastLike(Importer &im,
                                                const onnx::NodeProto &node) {
  // Cast to the element type of input 1 (a uint8 one is refused by the op
  // table, Uint8Use::Refused; the cast's verifier refuses what mini.cast
  // does not take).
  FailureOr<Value> x = im.getValue(node, 0);
  FailureOr<Value> like = im.getValue(node, 1);
  if (failed(x) || failed(like))
    return failure();
  auto type = cast<RankedTensorType>(x->getType())
                  .clone(getElementTypeOrSelf(like->getType()));
  return im.buildTyped<CastOp>(node, type, *x);
}
