//===- QuantizationOps.cpp - ONNX QuantizeLinear and DequantizeLinear -----===//
//
// ONNX's linear quantization to int8 and uint8 (opsets 10-21): per tensor
// or per axis scales and zero points. A quantization of constants (a QDQ
// model's float weights) folds at import into an int8 constant; everything
// else becomes mini.quantize_linear / mini.dequantize_linear, which
// mini-fuse-quantized-ops turns into integer ops where a float op lies
// between them. uint8 tensors and zero points are held as int8 shifted by
// -128 (Importer::isUint8): s (q - z) is unchanged, and clamping q + 128 to
// [0, 255] is clamping q to [-128, 127], so that uint8 quantization is int8
// quantization with a shifted zero point (onnxruntime's quantize_static
// writes uint8 activations by default). Block quantization (opset 21
// block_size) and other output types are refused with a diagnostic.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include <cfenv>
#include <cmath>

using namespace mlir;
using namespace mini;
using namespace mini::onnx_import;

FailureOr<Value> mini::onnx_import::getQuantizationParameter(
    Importer &im, const onnx::NodeProto &node, int index) {
  const HostTensor *c = im.getConstant(node, index);
  if (!c || c->shape.size() != 1 || c->shape[0] != 1)
    return im.getValue(node, index);
  HostTensor scalar = *c;
  scalar.shape.clear();
  return im.materialize(node.input(index) + "#scalar", scalar);
}

LogicalResult mini::onnx_import::checkScale(Importer &im,
                                            const onnx::NodeProto &node,
                                            int index, bool required) {
  const HostTensor *scale = im.getConstant(node, index);
  if (!scale)
    return required ? im.nodeError(node, "the scales must be constant")
                    : success();
  if (!scale->isFloat())
    return im.nodeError(node, "the scale must be a float tensor");
  if (scale->shape.size() > 1)
    return im.nodeError(node, "the scale must be a scalar or 1-D (per "
                              "axis), got rank " +
                                  std::to_string(scale->shape.size()));
  for (float s : scale->floats)
    if (!(s > 0.0f) || !std::isfinite(s))
      return im.nodeError(node, "every scale must be positive and finite, "
                                "got " +
                                    std::to_string(s));
  return success();
}

namespace {

/// The checked parameters of a (de)quantization node.
struct Quantization {
  /// The normalized axis (meaningful with per-axis parameters).
  int64_t axis = 1;
};

/// Checks the attributes and the constant parameters of `node` (axis in
/// range for an input of rank `rank`, no block quantization, positive
/// finite scales, a zero point of the scale's shape).
FailureOr<Quantization>
checkQuantization(Importer &im, const onnx::NodeProto &node, int64_t rank) {
  Quantization q;
  int64_t axis = im.getInt(node, "axis", 1);
  // Per tensor (a scalar scale, or a constant one of one element, which
  // getQuantizationParameter makes a scalar), the axis is not used.
  FailureOr<SmallVector<int64_t>> scaleShape = im.getShapeOf(node, 1);
  if (failed(scaleShape))
    return failure();
  const HostTensor *constantScale = im.getConstant(node, 1);
  bool perTensor = scaleShape->empty() ||
                   (constantScale && constantScale->getNumElements() == 1);
  if (!perTensor && (axis < -rank || axis >= std::max<int64_t>(rank, 1)))
    return im.nodeError(node, "axis " + std::to_string(axis) +
                                  " is out of range for an input of rank " +
                                  std::to_string(rank));
  q.axis = perTensor ? 0 : axis < 0 ? axis + rank : axis;
  if (im.getInt(node, "block_size", 0) != 0)
    return im.nodeError(node, "block quantization (block_size) is not "
                              "supported");
  if (failed(checkScale(im, node, 1, /*required=*/false)))
    return failure();
  if (node.input_size() > 2 && !node.input(2).empty()) {
    if (const HostTensor *zp = im.getConstant(node, 2))
      if (const HostTensor *scale = im.getConstant(node, 1))
        if (zp->shape != scale->shape)
          return im.nodeError(node, "the zero point and the scale must have "
                                    "one shape");
  }
  return q;
}

/// Whether `node` has no zero point.
bool hasNoZeroPoint(const onnx::NodeProto &node) {
  return node.input_size() <= 2 || node.input(2).empty();
}

/// Whether QuantizeLinear `node` quantizes to uint8: its zero point is
/// uint8, or it has none (ONNX's default type).
bool quantizesToUint8(Importer &im, const onnx::NodeProto &node) {
  return hasNoZeroPoint(node) || im.isUint8(node, 2);
}

/// The zero point ONNX defaults to: 0 of the result's type (uint8's is
/// -128, shifted), one per element of `scale`.
HostTensor defaultZeroPoint(const HostTensor &scale, bool uint8) {
  HostTensor zp = HostTensor::ofInts(
      scale.shape, std::vector<int64_t>(scale.getNumElements(),
                                        uint8 ? int64_t(-128) : int64_t(0)));
  zp.intBits = 8;
  zp.uint8 = uint8;
  return zp;
}

/// A constant of the default zero point for `scale`, an f32 tensor of the
/// node's scale shape.
Value buildDefaultZeroPoint(Importer &im, Value scale, bool uint8) {
  auto type =
      cast<RankedTensorType>(scale.getType()).clone(im.builder.getI8Type());
  return ConstantOp::create(
      im.builder, im.nodeLoc,
      DenseElementsAttr::get(
          type, im.builder.getI8IntegerAttr(uint8 ? int8_t(-128) : int8_t(0))));
}

} // namespace

FailureOr<HostTensor>
mini::onnx_import::foldQuantizeLinear(Importer &im, const onnx::NodeProto &node,
                                      ArrayRef<const HostTensor *> in) {
  bool uint8 = quantizesToUint8(im, node);
  // Without a zero point there is no third input at all.
  const HostTensor *given = in.size() > 2 ? in[2] : nullptr;
  HostTensor defaultZp;
  if (!given)
    defaultZp = defaultZeroPoint(*in[1], uint8);
  const HostTensor &x = *in[0], &scale = *in[1],
                   &zp = given ? *given : defaultZp;
  if (zp.isFloat() || zp.intBits != 8)
    return im.nodeError(node, "the zero point must be int8 or uint8");
  if (!x.isFloat())
    return im.nodeError(node, "the input must be a float tensor");
  FailureOr<Quantization> q =
      checkQuantization(im, node, static_cast<int64_t>(x.shape.size()));
  if (failed(q))
    return failure();
  bool perAxis = scale.shape.size() == 1 && scale.getNumElements() != 1;
  if (perAxis && (q->axis >= static_cast<int64_t>(x.shape.size()) ||
                  x.shape[q->axis] != scale.shape[0]))
    return im.nodeError(node, "the per-axis scale has " +
                                  std::to_string(scale.shape[0]) +
                                  " elements but the input's axis does not");
  int64_t inner = 1;
  if (perAxis)
    for (size_t d = q->axis + 1; d < x.shape.size(); ++d)
      inner *= x.shape[d];
  HostTensor result;
  result.shape = x.shape;
  result.kind = HostTensor::Kind::Int;
  result.intBits = 8;
  result.uint8 = uint8;
  int64_t n = x.getNumElements();
  result.ints.reserve(n);
  int rounding = std::fegetround();
  std::fesetround(FE_TONEAREST);
  for (int64_t i = 0; i < n; ++i) {
    int64_t c = perAxis ? (i / inner) % scale.shape[0] : 0;
    // Half to even (the default rounding mode), then saturation.
    double v = std::nearbyint(static_cast<double>(x.floats[i]) /
                              static_cast<double>(scale.floats[c])) +
               static_cast<double>(zp.ints[c]);
    result.ints.push_back(std::isnan(v) ? 0
                          : v < -128.0  ? -128
                          : v > 127.0   ? 127
                                        : static_cast<int64_t>(v));
  }
  std::fesetround(rounding);
  return result;
}

LogicalResult
mini::onnx_import::importQuantizeLinear(Importer &im,
                                        const onnx::NodeProto &node) {
  bool uint8 = quantizesToUint8(im, node);
  FailureOr<Value> x = im.getValue(node, 0);
  FailureOr<Value> scale = getQuantizationParameter(im, node, 1);
  if (failed(x) || failed(scale))
    return failure();
  auto type = dyn_cast<RankedTensorType>(x->getType());
  if (!type || !type.getElementType().isF32())
    return im.nodeError(node, "the input must be a float tensor");
  Value zp;
  if (hasNoZeroPoint(node)) {
    zp = buildDefaultZeroPoint(im, *scale, uint8);
  } else {
    FailureOr<Value> given = getQuantizationParameter(im, node, 2);
    if (failed(given))
      return failure();
    if (!cast<RankedTensorType>(given->getType()).getElementType().isInteger(8))
      return im.nodeError(node, "only int8 and uint8 quantization is "
                                "supported: the zero point must be int8 or "
                                "uint8");
    zp = *given;
  }
  FailureOr<Quantization> q = checkQuantization(im, node, type.getRank());
  if (failed(q))
    return failure();
  if (failed(im.buildTyped<QuantizeLinearOp>(
          node, type.clone(im.builder.getI8Type()), ValueRange{*x, *scale, zp},
          {im.builder.getNamedAttr("axis",
                                   im.builder.getI64IntegerAttr(q->axis))})))
    return failure();
  if (uint8)
    im.markUint8(node);
  return success();
}

LogicalResult
mini::onnx_import::importDynamicQuantizeLinear(Importer &im,
                                               const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  auto type = dyn_cast<RankedTensorType>(x->getType());
  if (!type || !type.getElementType().isF32())
    return im.nodeError(node, "the input must be a float tensor");
  OpBuilder &b = im.builder;
  if (failed(im.buildTyped<DynamicQuantizeLinearOp>(
          node,
          TypeRange{type.clone(b.getI8Type()),
                    RankedTensorType::get({}, b.getF32Type()),
                    RankedTensorType::get({}, b.getI8Type())},
          ValueRange{*x})))
    return failure();
  // The output and the zero point are uint8.
  im.markUint8(node, 0);
  if (node.output_size() > 2)
    im.markUint8(node, 2);
  return success();
}

LogicalResult
mini::onnx_import::importDequantizeLinear(Importer &im,
                                          const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  FailureOr<Value> scale = getQuantizationParameter(im, node, 1);
  if (failed(x) || failed(scale))
    return failure();
  auto type = dyn_cast<RankedTensorType>(x->getType());
  if (!type || !(type.getElementType().isInteger(8) ||
                 type.getElementType().isInteger(32)))
    return im.nodeError(node, "only int8 and int32 tensors can be "
                              "dequantized");
  FailureOr<Quantization> q = checkQuantization(im, node, type.getRank());
  if (failed(q))
    return failure();
  bool uint8 = im.isUint8(node, 0);
  Value zp;
  if (node.input_size() > 2 && !node.input(2).empty()) {
    FailureOr<Value> given = getQuantizationParameter(im, node, 2);
    if (failed(given))
      return failure();
    zp = *given;
  } else if (uint8) {
    zp = buildDefaultZeroPoint(im, *scale, /*uint8=*/true);
  } else {
    // The default zero point: 0 of the input's type, the scale's shape.
    auto zpType =
        cast<RankedTensorType>(scale->getType()).clone(type.getElementType());
    zp = ConstantOp::create(
        im.builder, im.builder.getUnknownLoc(),
        DenseElementsAttr::get(
            zpType, im.builder.getIntegerAttr(type.getElementType(), 0)));
  }
  return im.buildTyped<DequantizeLinearOp>(
      node, type.clone(im.builder.getF32Type()), ValueRange{*x, *scale, zp},
      {im.builder.getNamedAttr("axis", im.builder.getI64IntegerAttr(q->axis))});
}
