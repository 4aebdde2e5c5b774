//===- NNOps.cpp - ONNX neural-network ops to mini ------------------------===//
//
// Convolution, pooling, matrix products, normalizations and Resize.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "mlir/IR/Verifier.h"

#include <cmath>

using namespace mlir;
using namespace mini;
using namespace mini::onnx_import;

/// Reads the window attributes of a 2-D Conv or pooling node (strides,
/// pads, dilations, auto_pad) into `attrs`.
static LogicalResult importWindowAttrs(Importer &im,
                                       const onnx::NodeProto &node,
                                       ArrayRef<int64_t> inputShape,
                                       ArrayRef<int64_t> kernel, bool dilated,
                                       SmallVectorImpl<NamedAttribute> &attrs) {
  if (ShapedType::isDynamicShape(inputShape))
    return im.nodeError(node, "an input has a dynamic dimension, which "
                              "windowed ops do not take");
  OpBuilder &builder = im.builder;
  SmallVector<int64_t> strides =
      im.getInts(node, "strides").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> dilations =
      im.getInts(node, "dilations").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> pads =
      im.getInts(node, "pads").value_or(SmallVector<int64_t>{0, 0, 0, 0});
  if (strides.size() != 2 || dilations.size() != 2 || pads.size() != 4 ||
      kernel.size() != 2)
    return im.nodeError(node, "only 2-D windows are supported");
  std::string autoPad = im.getString(node, "auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    pads.assign(4, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int i = 0; i < 2; ++i) {
      int64_t out = (inputShape[2 + i] + strides[i] - 1) / strides[i];
      int64_t total = std::max<int64_t>(0, (out - 1) * strides[i] +
                                               dilations[i] * (kernel[i] - 1) +
                                               1 - inputShape[2 + i]);
      int64_t small = total / 2, big = total - small;
      pads[i] = autoPad == "SAME_UPPER" ? small : big;
      pads[i + 2] = autoPad == "SAME_UPPER" ? big : small;
    }
  } else if (autoPad != "NOTSET") {
    return im.nodeError(node, "unsupported auto_pad '" + autoPad + "'");
  }
  attrs.push_back(
      builder.getNamedAttr("strides", builder.getDenseI64ArrayAttr(strides)));
  attrs.push_back(
      builder.getNamedAttr("pads", builder.getDenseI64ArrayAttr(pads)));
  if (dilated)
    attrs.push_back(builder.getNamedAttr(
        "dilations", builder.getDenseI64ArrayAttr(dilations)));
  else if (llvm::any_of(dilations, [](int64_t d) { return d != 1; }))
    return im.nodeError(node, "dilations are not supported here");
  return success();
}

/// The attributes of a Conv or QLinearConv node: its window and its group.
static LogicalResult importConvAttrs(Importer &im, const onnx::NodeProto &node,
                                     RankedTensorType xType,
                                     RankedTensorType wType,
                                     SmallVectorImpl<NamedAttribute> &attrs) {
  if (failed(importWindowAttrs(im, node, xType.getShape(),
                               wType.getShape().drop_front(2),
                               /*dilated=*/true, attrs)))
    return failure();
  attrs.push_back(im.builder.getNamedAttr(
      "group", im.builder.getI64IntegerAttr(im.getInt(node, "group", 1))));
  return success();
}

LogicalResult mini::onnx_import::importConv(Importer &im,
                                            const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0), w = im.getValue(node, 1);
  if (failed(x) || failed(w))
    return failure();
  FailureOr<Value> b = im.getOptionalValue(node, 2);
  if (failed(b))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  auto wType = cast<RankedTensorType>(w->getType());
  if (xType.getRank() != 4 || wType.getRank() != 4)
    return im.nodeError(node,
                        "only 2-D convolutions (4-D tensors) are supported");
  SmallVector<NamedAttribute> attrs;
  if (failed(importConvAttrs(im, node, xType, wType, attrs)))
    return failure();
  SmallVector<Value> operands = {*x, *w};
  if (*b)
    operands.push_back(*b);
  return im.build<Conv2dOp>(node, operands, attrs);
}

LogicalResult mini::onnx_import::importPool(Importer &im,
                                            const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  std::optional<SmallVector<int64_t>> kernel = im.getInts(node, "kernel_shape");
  if (!kernel || xType.getRank() != 4)
    return im.nodeError(node,
                        "only 2-D pooling with kernel_shape is supported");
  if (im.getInt(node, "storage_order", 0) != 0)
    return im.nodeError(node, "storage_order 1 is not supported");
  bool isMax = node.op_type() == "MaxPool";
  SmallVector<NamedAttribute> attrs;
  if (failed(importWindowAttrs(im, node, xType.getShape(), *kernel,
                               /*dilated=*/isMax, attrs)))
    return failure();
  OpBuilder &b = im.builder;
  attrs.push_back(
      b.getNamedAttr("kernel_shape", b.getDenseI64ArrayAttr(*kernel)));
  attrs.push_back(b.getNamedAttr(
      "ceil_mode", b.getBoolAttr(im.getInt(node, "ceil_mode", 0) != 0)));
  if (isMax)
    return im.build<MaxPool2dOp>(node, {*x}, attrs);
  attrs.push_back(b.getNamedAttr(
      "count_include_pad",
      b.getBoolAttr(im.getInt(node, "count_include_pad", 0) != 0)));
  return im.build<AvgPool2dOp>(node, {*x}, attrs);
}

LogicalResult
mini::onnx_import::importGlobalAveragePool(Importer &im,
                                           const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  if (cast<RankedTensorType>(x->getType()).getRank() != 4)
    return im.nodeError(node, "only 4-D inputs are supported");
  return im.build<GlobalAvgPool2dOp>(node, {*x});
}

LogicalResult mini::onnx_import::importGemm(Importer &im,
                                            const onnx::NodeProto &node) {
  // A constant B under transB (a Linear layer's weight, (n, k)) is
  // transposed here, once, to (k, n): the lowering's contraction kernel
  // reads rows of B, and would otherwise read a column of the weight at
  // every step of every run (the weights packed at compile time into the
  // layout the kernel reads, as IREE's data tiling and oneDNN's reorders do).
  bool transB = im.getInt(node, "transB", 0) != 0;
  FailureOr<Value> b;
  const HostTensor *weight = transB ? im.getConstant(node, 1) : nullptr;
  if (weight && weight->isFloat() && weight->shape.size() == 2) {
    b = im.materialize(node.input(1) + ".transposed",
                       transposeHostTensor(*weight, {1, 0}));
    transB = false;
  } else {
    b = im.getValue(node, 1);
  }
  FailureOr<Value> a = im.getValue(node, 0);
  FailureOr<Value> c = im.getOptionalValue(node, 2);
  if (failed(a) || failed(b) || failed(c))
    return failure();
  SmallVector<Value> operands = {*a, *b};
  if (*c)
    operands.push_back(*c);
  OpBuilder &builder = im.builder;
  return im.build<GemmOp>(
      node, operands,
      {builder.getNamedAttr(
           "alpha", builder.getF32FloatAttr(im.getFloat(node, "alpha", 1.0f))),
       builder.getNamedAttr(
           "beta", builder.getF32FloatAttr(im.getFloat(node, "beta", 1.0f))),
       builder.getNamedAttr(
           "trans_a", builder.getBoolAttr(im.getInt(node, "transA", 0) != 0)),
       builder.getNamedAttr("trans_b", builder.getBoolAttr(transB))});
}

LogicalResult mini::onnx_import::importMatMul(Importer &im,
                                              const onnx::NodeProto &node) {
  FailureOr<Value> a = im.getValue(node, 0), b = im.getValue(node, 1);
  if (failed(a) || failed(b))
    return failure();
  return im.build<MatMulOp>(node, {*a, *b});
}

LogicalResult
mini::onnx_import::importBatchNormalization(Importer &im,
                                            const onnx::NodeProto &node) {
  if (im.getInt(node, "training_mode", 0) != 0)
    return im.nodeError(node, "training mode is not supported");
  SmallVector<Value> operands;
  for (int i = 0; i < 5; ++i) {
    FailureOr<Value> v = im.getValue(node, i);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  return im.buildTyped<BatchNormOp>(
      node, operands[0].getType(), operands,
      {im.builder.getNamedAttr(
          "epsilon",
          im.builder.getF32FloatAttr(im.getFloat(node, "epsilon", 1e-5f)))});
}

LogicalResult
mini::onnx_import::importLayerNormalization(Importer &im,
                                            const onnx::NodeProto &node) {
  if (im.getInt(node, "stash_type", 1) != 1)
    return im.nodeError(node, "only stash_type 1 (f32) is supported");
  FailureOr<Value> x = im.getValue(node, 0), scale = im.getValue(node, 1);
  FailureOr<Value> bias = im.getOptionalValue(node, 2);
  if (failed(x) || failed(scale) || failed(bias))
    return failure();
  SmallVector<Value> operands = {*x, *scale};
  if (*bias)
    operands.push_back(*bias);
  OpBuilder &b = im.builder;
  int64_t axis = im.getInt(node, "axis", -1);
  float epsilon = im.getFloat(node, "epsilon", 1e-5f);
  if (failed(im.buildTyped<LayerNormOp>(
          node, x->getType(), operands,
          {b.getNamedAttr("axis", b.getI64IntegerAttr(axis)),
           b.getNamedAttr("epsilon", b.getF32FloatAttr(epsilon))})))
    return failure();
  // The optional outputs Mean and InvStdDev, over the normalized axes with
  // them kept: the ops of their definition (reduce_mean of x, of the
  // squared difference, then 1 / sqrt(var + epsilon)), which share nothing
  // with the normalization itself.
  bool wantsStatistics = false;
  for (int i = 1; i < node.output_size(); ++i)
    wantsStatistics |= !node.output(i).empty();
  if (!wantsStatistics)
    return success();
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  int64_t first = axis < 0 ? axis + rank : axis;
  SmallVector<int64_t> axes;
  for (int64_t i = first; i < rank; ++i)
    axes.push_back(i);
  Location loc = im.nodeLoc;
  DenseI64ArrayAttr axesAttr = b.getDenseI64ArrayAttr(axes);
  BoolAttr keep = b.getBoolAttr(true);
  // In f32 (stash_type 1), which ONNX gives the statistics of a half x too.
  Value x32 = *x;
  auto xType = cast<RankedTensorType>(x->getType());
  if (!xType.getElementType().isF32())
    x32 = CastOp::create(b, loc, xType.clone(b.getF32Type()), *x);
  Value mean = ReduceMeanOp::create(b, loc, x32, axesAttr, keep);
  Value centered = SubOp::create(b, loc, x32, mean);
  Value variance = ReduceMeanOp::create(
      b, loc, MulOp::create(b, loc, centered, centered), axesAttr, keep);
  auto scalarType = RankedTensorType::get({}, b.getF32Type());
  Value eps = ConstantOp::create(b, loc, scalarType,
                                 DenseElementsAttr::get(scalarType, epsilon));
  Value invStdDev = ReciprocalOp::create(
      b, loc, SqrtOp::create(b, loc, AddOp::create(b, loc, variance, eps)));
  SmallVector<Value> results = {im.lookupValue(node.output(0)), mean,
                                invStdDev};
  results.resize(node.output_size());
  if (llvm::none_of(node.output(),
                    [](const std::string &name) { return name.empty(); }))
    return im.setResults(node, results);
  // An output left unnamed is not wanted.
  for (int i = 1; i < node.output_size(); ++i)
    if (!node.output(i).empty())
      im.defineValue(node, results[i], i);
  return success();
}

LogicalResult mini::onnx_import::importResize(Importer &im,
                                              const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  if (xType.getRank() != 4)
    return im.nodeError(node, "only 4-D (NCHW) inputs are supported");
  std::string mode = im.getString(node, "mode", "nearest");
  if (mode != "nearest" && mode != "linear")
    return im.nodeError(
        node, "mode '" + mode + "' is not supported (nearest and linear are)");
  if (im.getInt(node, "antialias", 0) != 0 || im.findAttr(node, "axes") ||
      im.getString(node, "keep_aspect_ratio_policy", "stretch") != "stretch")
    return im.nodeError(node, "antialias, axes and keep_aspect_ratio_policy "
                              "are not supported");
  // The output size: from `sizes` (input 3), else floor(input * scales).
  ArrayRef<int64_t> in = xType.getShape();
  if (!xType.hasStaticShape())
    return im.nodeError(node, "an input has a dynamic dimension, which "
                              "Resize does not take");
  SmallVector<int64_t> out;
  OpBuilder &b = im.builder;
  SmallVector<NamedAttribute> attrs;
  const HostTensor *scales = im.getConstant(node, 2);
  const HostTensor *sizes = im.getConstant(node, 3);
  if (sizes && sizes->getNumElements() == 4) {
    out.assign(sizes->ints.begin(), sizes->ints.end());
  } else if (scales && scales->getNumElements() == 4) {
    for (int i = 0; i < 4; ++i) {
      double scale = scales->get(i);
      if (!(scale > 0.0) || !std::isfinite(scale))
        return im.nodeError(node, "scales must be positive and finite");
      out.push_back(toInt64(std::floor(static_cast<double>(in[i]) * scale)));
    }
    // The coordinate transforms divide by the scales given, not by the
    // rounded output over the input (ONNX's reference).
    attrs.push_back(b.getNamedAttr(
        "scales", b.getDenseF64ArrayAttr({scales->get(2), scales->get(3)})));
  } else {
    return im.nodeError(node, "scales or sizes must be constant with one "
                              "value per dimension");
  }
  for (int64_t d : out)
    if (d <= 0)
      return im.nodeError(node, "the output shape must be positive");
  if (out[0] != in[0] || out[1] != in[1])
    return im.nodeError(node, "only H and W can be resized (N and C keep "
                              "their sizes)");
  std::string transform =
      im.getString(node, "coordinate_transformation_mode", "half_pixel");
  std::string nearest =
      im.getString(node, "nearest_mode", "round_prefer_floor");
  attrs.push_back(b.getNamedAttr("mode", b.getStringAttr(mode)));
  attrs.push_back(b.getNamedAttr("coordinate_transformation_mode",
                                 b.getStringAttr(transform)));
  attrs.push_back(b.getNamedAttr("nearest_mode", b.getStringAttr(nearest)));
  return im.buildTyped<ResizeOp>(node, xType.clone(out), *x, attrs);
}

//===----------------------------------------------------------------------===//
// QOperator: QLinearConv and QLinearMatMul
//===----------------------------------------------------------------------===//

/// The NCHW result shape of a QLinearConv or ConvInteger of `xType` and
/// `wType` with the window attributes `attrs` (importConvAttrs); an error
/// when the window does not fit.
static FailureOr<SmallVector<int64_t>>
getConvResultShape(Importer &im, const onnx::NodeProto &node,
                   RankedTensorType xType, RankedTensorType wType,
                   ArrayRef<NamedAttribute> attrs) {
  DictionaryAttr dict = im.builder.getDictionaryAttr(attrs);
  ArrayRef<int64_t> pads = cast<DenseI64ArrayAttr>(dict.get("pads"));
  ArrayRef<int64_t> strides = cast<DenseI64ArrayAttr>(dict.get("strides"));
  ArrayRef<int64_t> dilations = cast<DenseI64ArrayAttr>(dict.get("dilations"));
  SmallVector<int64_t> shape = {xType.getDimSize(0), wType.getDimSize(0)};
  for (int i = 0; i < 2; ++i)
    shape.push_back(computeWindowedOutputSize(
        xType.getDimSize(2 + i), wType.getDimSize(2 + i), strides[i],
        dilations[i], pads[i], pads[2 + i], /*ceilMode=*/false));
  if (llvm::any_of(shape, [](int64_t d) { return d < 1; }))
    return im.nodeError(node, "the convolution's window does not fit its "
                              "input");
  return shape;
}

/// `mini.dequantize_linear` of input `index` of `node` with the scale and
/// zero point at `index + 1` and `index + 2`, along `axis`.
static FailureOr<Value> dequantizeInput(Importer &im,
                                        const onnx::NodeProto &node, int index,
                                        int64_t axis) {
  FailureOr<Value> x = im.getValue(node, index);
  FailureOr<Value> scale = getQuantizationParameter(im, node, index + 1);
  FailureOr<Value> zp = getQuantizationParameter(im, node, index + 2);
  if (failed(x) || failed(scale) || failed(zp))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  if (!type.getElementType().isInteger(8) ||
      !cast<RankedTensorType>(zp->getType()).getElementType().isInteger(8))
    return im.nodeError(node, "only int8 and uint8 operands and zero points "
                              "are supported");
  if (failed(checkScale(im, node, index + 1, /*required=*/true)))
    return failure();
  auto dq = DequantizeLinearOp::create(
      im.builder, im.nodeLoc, type.clone(im.builder.getF32Type()), *x, *scale,
      *zp, im.builder.getI64IntegerAttr(axis));
  if (failed(mlir::verify(dq)))
    return failure();
  return dq.getResult();
}

/// Quantizes `value` with the scale and zero point at inputs `index` and
/// `index + 1` of `node` into the node's output.
static LogicalResult quantizeOutput(Importer &im, const onnx::NodeProto &node,
                                    Value value, int index) {
  if (failed(checkScale(im, node, index, /*required=*/true)))
    return failure();
  FailureOr<Value> scale = getQuantizationParameter(im, node, index);
  FailureOr<Value> zp = getQuantizationParameter(im, node, index + 1);
  if (failed(scale) || failed(zp))
    return failure();
  if (!cast<RankedTensorType>(zp->getType()).getElementType().isInteger(8))
    return im.nodeError(node, "only int8 and uint8 outputs are supported");
  auto type = cast<RankedTensorType>(value.getType());
  if (failed(im.buildTyped<QuantizeLinearOp>(
          node, type.clone(im.builder.getI8Type()),
          ValueRange{value, *scale, *zp},
          {im.builder.getNamedAttr("axis", im.builder.getI64IntegerAttr(1))})))
    return failure();
  // The output's type is its zero point's.
  if (im.isUint8(node, index + 1))
    im.markUint8(node);
  return success();
}

LogicalResult
mini::onnx_import::importQLinearConv(Importer &im,
                                     const onnx::NodeProto &node) {
  // As DequantizeLinear -> Conv -> QuantizeLinear, which
  // mini-fuse-quantized-ops makes one mini.qconv2d.
  FailureOr<Value> x = dequantizeInput(im, node, 0, 1);
  if (failed(x))
    return failure();
  FailureOr<Value> w = dequantizeInput(im, node, 3, 0);
  if (failed(w))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  auto wType = cast<RankedTensorType>(w->getType());
  if (xType.getRank() != 4 || wType.getRank() != 4)
    return im.nodeError(node,
                        "only 2-D convolutions (4-D tensors) are supported");
  SmallVector<NamedAttribute> attrs;
  if (failed(importConvAttrs(im, node, xType, wType, attrs)))
    return failure();
  SmallVector<Value> operands = {*x, *w};
  if (node.input_size() > 8 && !node.input(8).empty()) {
    // The int32 bias, at scale x_scale * w_scale[c] and zero point 0.
    FailureOr<Value> bias = im.getValue(node, 8);
    const HostTensor *xs = im.getConstant(node, 1);
    const HostTensor *ws = im.getConstant(node, 4);
    if (failed(bias))
      return failure();
    auto biasType = cast<RankedTensorType>(bias->getType());
    if (!biasType.getElementType().isInteger(32) || biasType.getRank() != 1)
      return im.nodeError(node, "the bias must be a 1-D int32 tensor");
    SmallVector<float> scales;
    for (int64_t c = 0; c < biasType.getDimSize(0); ++c)
      scales.push_back(xs->floats[0] *
                       ws->floats[ws->floats.size() == 1 ? 0 : c]);
    OpBuilder &b = im.builder;
    auto scaleType =
        RankedTensorType::get({biasType.getDimSize(0)}, b.getF32Type());
    Value scale = ConstantOp::create(
        b, im.nodeLoc, DenseElementsAttr::get(scaleType, ArrayRef(scales)));
    Value zero = ConstantOp::create(
        b, im.nodeLoc,
        DenseElementsAttr::get(scaleType.clone(b.getI32Type()),
                               b.getI32IntegerAttr(0)));
    auto dq = DequantizeLinearOp::create(b, im.nodeLoc, scaleType, *bias, scale,
                                         zero, b.getI64IntegerAttr(0));
    if (failed(mlir::verify(dq)))
      return failure();
    operands.push_back(dq);
  }
  // The result type from the window attributes (the verifier then checks
  // it against the op's own inference).
  FailureOr<SmallVector<int64_t>> shape =
      getConvResultShape(im, node, xType, wType, attrs);
  if (failed(shape))
    return failure();
  auto conv = Conv2dOp::create(im.builder, im.nodeLoc, xType.clone(*shape),
                               operands, attrs);
  if (failed(mlir::verify(conv)))
    return failure();
  return quantizeOutput(im, node, conv, 6);
}

/// The zero points at input `index` of `node`, a ConvInteger or a
/// MatMulInteger: a constant's values (int8, or uint8 shifted), at most
/// `most` of them; absent, 0 of the type of input `data` (uint8's 0 is
/// -128). failure() after a diagnostic otherwise.
static FailureOr<SmallVector<int64_t>>
getIntegerZeroPoints(Importer &im, const onnx::NodeProto &node, int index,
                     int data, int64_t most) {
  if (index >= node.input_size() || node.input(index).empty())
    return SmallVector<int64_t>{im.isUint8(node, data) ? -128 : 0};
  const HostTensor *zp = im.getConstant(node, index);
  if (!zp)
    return im.nodeError(node, "the zero points must be constant");
  if (zp->kind != HostTensor::Kind::Int || zp->intBits != 8 ||
      zp->shape.size() > 1 ||
      (zp->getNumElements() != 1 && zp->getNumElements() != most))
    return im.nodeError(node, "zero point '" + node.input(index) +
                                  "' must be an int8 or uint8 scalar or have " +
                                  std::to_string(most) + " elements");
  return SmallVector<int64_t>(zp->ints.begin(), zp->ints.end());
}

/// The operands of a ConvInteger or MatMulInteger: int8 (or shifted uint8)
/// tensors of rank `rank` at inputs 0 and 1 (`rankError` otherwise), the
/// first's zero point and the second's, one or one per index of its
/// dimension `channelDim`.
struct IntegerOperands {
  Value first, second;
  RankedTensorType firstType, secondType;
  int64_t firstZeroPoint;
  SmallVector<int64_t> secondZeroPoints;
};
static FailureOr<IntegerOperands>
getIntegerOperands(Importer &im, const onnx::NodeProto &node, int64_t rank,
                   unsigned channelDim, const char *rankError) {
  FailureOr<Value> x = im.getValue(node, 0), w = im.getValue(node, 1);
  if (failed(x) || failed(w))
    return failure();
  for (Value v : {*x, *w})
    if (!getElementTypeOrSelf(v.getType()).isInteger(8))
      return im.nodeError(node, "only int8 and uint8 operands are supported");
  IntegerOperands operands{*x,
                           *w,
                           cast<RankedTensorType>(x->getType()),
                           cast<RankedTensorType>(w->getType()),
                           0,
                           {}};
  if (operands.firstType.getRank() != rank ||
      operands.secondType.getRank() != rank)
    return im.nodeError(node, rankError);
  FailureOr<SmallVector<int64_t>> first =
      getIntegerZeroPoints(im, node, 2, 0, 1);
  if (failed(first))
    return failure();
  FailureOr<SmallVector<int64_t>> second = getIntegerZeroPoints(
      im, node, 3, 1, operands.secondType.getDimSize(channelDim));
  if (failed(second))
    return failure();
  operands.firstZeroPoint = (*first)[0];
  operands.secondZeroPoints = std::move(*second);
  return operands;
}

LogicalResult
mini::onnx_import::importConvInteger(Importer &im,
                                     const onnx::NodeProto &node) {
  FailureOr<IntegerOperands> operands = getIntegerOperands(
      im, node, 4, 0, "only 2-D convolutions (4-D tensors) are supported");
  if (failed(operands))
    return failure();
  SmallVector<NamedAttribute> attrs;
  if (failed(importConvAttrs(im, node, operands->firstType,
                             operands->secondType, attrs)))
    return failure();
  OpBuilder &b = im.builder;
  attrs.push_back(b.getNamedAttr(
      "input_zero_point", b.getI64IntegerAttr(operands->firstZeroPoint)));
  attrs.push_back(
      b.getNamedAttr("filter_zero_points",
                     b.getDenseI64ArrayAttr(operands->secondZeroPoints)));
  FailureOr<SmallVector<int64_t>> shape = getConvResultShape(
      im, node, operands->firstType, operands->secondType, attrs);
  if (failed(shape))
    return failure();
  return im.buildTyped<ConvIntegerOp>(
      node, RankedTensorType::get(*shape, b.getI32Type()),
      ValueRange{operands->first, operands->second}, attrs);
}

LogicalResult
mini::onnx_import::importMatMulInteger(Importer &im,
                                       const onnx::NodeProto &node) {
  FailureOr<IntegerOperands> operands =
      getIntegerOperands(im, node, 2, 1, "only 2-D MatMulInteger is supported");
  if (failed(operands))
    return failure();
  OpBuilder &b = im.builder;
  return im.buildTyped<MatMulIntegerOp>(
      node,
      RankedTensorType::get({operands->firstType.getDimSize(0),
                             operands->secondType.getDimSize(1)},
                            b.getI32Type()),
      ValueRange{operands->first, operands->second},
      {b.getNamedAttr("a_zero_point",
                      b.getI64IntegerAttr(operands->firstZeroPoint)),
       b.getNamedAttr("b_zero_points",
                      b.getDenseI64ArrayAttr(operands->secondZeroPoints))});
}

LogicalResult
mini::onnx_import::importQLinearMatMul(Importer &im,
                                       const onnx::NodeProto &node) {
  // 2-D: as DequantizeLinear -> Gemm -> QuantizeLinear, which
  // mini-fuse-quantized-ops makes one mini.qgemm (B per column: axis 1).
  FailureOr<Value> a = dequantizeInput(im, node, 0, 1);
  if (failed(a))
    return failure();
  FailureOr<Value> b = dequantizeInput(im, node, 3, 1);
  if (failed(b))
    return failure();
  if (cast<RankedTensorType>(a->getType()).getRank() != 2 ||
      cast<RankedTensorType>(b->getType()).getRank() != 2)
    return im.nodeError(node, "only 2-D QLinearMatMul is supported");
  auto aType = cast<RankedTensorType>(a->getType());
  auto bType = cast<RankedTensorType>(b->getType());
  auto gemm =
      GemmOp::create(im.builder, im.nodeLoc,
                     aType.clone({aType.getDimSize(0), bType.getDimSize(1)}),
                     ValueRange{*a, *b}, ArrayRef<NamedAttribute>{});
  if (failed(mlir::verify(gemm)))
    return failure();
  return quantizeOutput(im, node, gemm, 6);
}
