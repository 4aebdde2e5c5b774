//===- MiniOps.cpp - mini dialect operations ------------------------------===//
//
// Result type inference (ONNX's shape rules), verifiers and folders of the
// `mini` ops but the shape and data movement ones (MiniShapeOps.cpp).
// Inference functions report errors with `emitOptionalError` so that the
// verifier and the ONNX importer share one set of diagnostics.
//
//===----------------------------------------------------------------------===//

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "OpUtils.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cmath>
#include <tuple>

using namespace mlir;
using namespace mini;
using namespace mini::detail;

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

int64_t mini::computeWindowedOutputSize(int64_t size, int64_t kernel,
                                        int64_t stride, int64_t dilation,
                                        int64_t padBegin, int64_t padEnd,
                                        bool ceilMode) {
  int64_t effectiveKernel = dilation * (kernel - 1) + 1;
  int64_t span = size + padBegin + padEnd - effectiveKernel;
  if (span < 0)
    return 0;
  if (!ceilMode)
    return span / stride + 1;
  int64_t out = (span + stride - 1) / stride + 1;
  // The last window must start inside the input or its begin padding.
  if ((out - 1) * stride >= size + padBegin)
    --out;
  return out;
}

LogicalResult mini::traits::verifySameFloatType(Operation *op) {
  Type floatType;
  for (Type type :
       llvm::concat<const Type>(op->getOperandTypes(), op->getResultTypes())) {
    Type element = getElementTypeOrSelf(type);
    if (!isa<FloatType>(element))
      continue;
    if (floatType && element != floatType)
      return op->emitOpError("float operands and results must have one "
                             "element type, but has ")
             << floatType << " and " << element;
    floatType = element;
  }
  return success();
}

RankedTensorType mini::detail::getTensorLike(Value value,
                                             ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, getElementTypeOrSelf(value.getType()));
}

ArrayRef<int64_t> mini::detail::shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

LogicalResult mini::detail::checkArrayAttr(std::optional<Location> loc,
                                           StringRef opName, StringRef attrName,
                                           ArrayRef<int64_t> values,
                                           size_t count, int64_t minValue) {
  if (values.size() != count)
    return emitOptionalError(loc, "'mini.", opName, "' op '", attrName,
                             "' must have ", count, " values, got ",
                             values.size());
  for (int64_t v : values)
    if (v < minValue)
      return emitOptionalError(loc, "'mini.", opName, "' op '", attrName,
                               "' values must be >= ", minValue, ", got ", v);
  return success();
}

FailureOr<int64_t> mini::detail::normalizeAxis(std::optional<Location> loc,
                                               StringRef opName, int64_t axis,
                                               int64_t rank, int64_t extra) {
  int64_t bound = rank + extra;
  if (axis < -bound || axis >= bound)
    return emitOptionalError(loc, "'mini.", opName, "' op axis ", axis,
                             " is out of range for rank ", rank);
  return axis < 0 ? axis + bound : axis;
}

LogicalResult mini::detail::inferWindowedShape(
    std::optional<Location> loc, StringRef opName, ArrayRef<int64_t> input,
    ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
    ArrayRef<int64_t> dilations, bool ceilMode,
    SmallVectorImpl<int64_t> &spatial) {
  // Bounds that keep the window arithmetic below from overflowing int64.
  for (int i = 0; i < 2; ++i)
    for (int64_t v :
         {kernel[i], strides[i], dilations[i], pads[i], pads[i + 2]})
      if (v > INT32_MAX || input[2 + i] > (int64_t(1) << 62))
        return emitOptionalError(loc, "'mini.", opName,
                                 "' op window sizes past 2^31 (or a spatial "
                                 "dimension past 2^62) are not supported");
  for (int i = 0; i < 2; ++i) {
    int64_t effective = dilations[i] * (kernel[i] - 1) + 1;
    if (pads[i] >= effective || pads[i + 2] >= effective)
      return emitOptionalError(loc, "'mini.", opName,
                               "' op padding must be smaller than the window (",
                               effective, "), got pads [", pads[i], ", ",
                               pads[i + 2], "] on spatial dimension ", i);
    int64_t out =
        computeWindowedOutputSize(input[2 + i], kernel[i], strides[i],
                                  dilations[i], pads[i], pads[i + 2], ceilMode);
    if (out <= 0)
      return emitOptionalError(loc, "'mini.", opName, "' op window of ",
                               effective, " does not fit the padded input (",
                               input[2 + i] + pads[i] + pads[i + 2],
                               ") on spatial dimension ", i);
    spatial.push_back(out);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// Conv2dOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2dOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  StringRef name = "conv2d";
  if (failed(
          checkArrayAttr(loc, name, "strides", adaptor.getStrides(), 2, 1)) ||
      failed(checkArrayAttr(loc, name, "pads", adaptor.getPads(), 4, 0)) ||
      failed(
          checkArrayAttr(loc, name, "dilations", adaptor.getDilations(), 2, 1)))
    return failure();
  ArrayRef<int64_t> input = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> filter = shapeOf(adaptor.getFilter());
  int64_t group = static_cast<int64_t>(adaptor.getGroup());
  if (group < 1)
    return emitOptionalError(loc, "'mini.conv2d' op group must be >= 1, got ",
                             group);
  if (input[1] % group != 0 || filter[0] % group != 0)
    return emitOptionalError(loc, "'mini.conv2d' op group ", group,
                             " must divide the input channels (", input[1],
                             ") and the output channels (", filter[0], ")");
  if (filter[1] * group != input[1])
    return emitOptionalError(loc, "'mini.conv2d' op filter expects ",
                             filter[1] * group, " input channels (", filter[1],
                             " per group x ", group,
                             " groups), but the input has ", input[1]);
  if (Value bias = adaptor.getBias()) {
    ArrayRef<int64_t> b = shapeOf(bias);
    if (b.size() != 1 || b[0] != filter[0])
      return emitOptionalError(loc, "'mini.conv2d' op bias must be 1-D with ",
                               filter[0], " elements");
  }
  SmallVector<int64_t> shape = {input[0], filter[0]};
  if (failed(inferWindowedShape(loc, name, input, filter.drop_front(2),
                                adaptor.getStrides(), adaptor.getPads(),
                                adaptor.getDilations(), /*ceilMode=*/false,
                                shape)))
    return failure();
  types.push_back(getTensorLike(adaptor.getInput(), shape));
  return success();
}

//===----------------------------------------------------------------------===//
// GemmOp and MatMulOp
//===----------------------------------------------------------------------===//

LogicalResult GemmOp::inferReturnTypes(MLIRContext *context,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> a = shapeOf(adaptor.getA());
  ArrayRef<int64_t> b = shapeOf(adaptor.getB());
  if (a.size() != 2 || b.size() != 2)
    return emitOptionalError(loc,
                             "'mini.gemm' op operands A and B must be 2-D");
  int64_t m = adaptor.getTransA() ? a[1] : a[0];
  int64_t ka = adaptor.getTransA() ? a[0] : a[1];
  int64_t kb = adaptor.getTransB() ? b[1] : b[0];
  int64_t n = adaptor.getTransB() ? b[0] : b[1];
  if (ka != kb && !ShapedType::isDynamic(ka) && !ShapedType::isDynamic(kb))
    return emitOptionalError(
        loc, "'mini.gemm' op inner dimensions differ: ", ka, " vs ", kb);
  if (Value c = adaptor.getC()) {
    ArrayRef<int64_t> cs = shapeOf(c);
    SmallVector<int64_t> out = {m, n};
    bool ok = cs.size() <= 2;
    for (auto [i, d] : llvm::enumerate(llvm::reverse(cs)))
      ok = ok && (d == 1 || d == out[1 - i] || ShapedType::isDynamic(d) ||
                  ShapedType::isDynamic(out[1 - i]));
    if (!ok)
      return emitOptionalError(loc, "'mini.gemm' op bias C of shape [", cs,
                               "] does not broadcast to [", m, ", ", n, "]");
  }
  types.push_back(getTensorLike(adaptor.getA(), {m, n}));
  return success();
}

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> a = shapeOf(adaptor.getLhs());
  ArrayRef<int64_t> b = shapeOf(adaptor.getRhs());
  if (a.size() < 2 || b.size() < 2)
    return emitOptionalError(loc,
                             "'mini.matmul' op operands must have rank >= 2");
  if (a.back() != b[b.size() - 2] && !ShapedType::isDynamic(a.back()) &&
      !ShapedType::isDynamic(b[b.size() - 2]))
    return emitOptionalError(loc, "'mini.matmul' op inner dimensions differ: ",
                             a.back(), " vs ", b[b.size() - 2]);
  SmallVector<int64_t> batch;
  if (!OpTrait::util::getBroadcastedShape(a.drop_back(2), b.drop_back(2),
                                          batch))
    return emitOptionalError(loc, "'mini.matmul' op batch dimensions do not "
                                  "broadcast");
  batch.push_back(a[a.size() - 2]);
  batch.push_back(b.back());
  types.push_back(getTensorLike(adaptor.getLhs(), batch));
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops
//===----------------------------------------------------------------------===//

/// Infers the NumPy broadcast of the operands' shapes, with `elementType`
/// (f32 when null).
static LogicalResult inferBroadcast(MLIRContext *context,
                                    std::optional<Location> loc,
                                    StringRef opName, ValueRange operands,
                                    SmallVectorImpl<Type> &types,
                                    Type elementType = {}) {
  SmallVector<int64_t> shape;
  for (Value operand : operands) {
    SmallVector<int64_t> next;
    if (!OpTrait::util::getBroadcastedShape(shape, shapeOf(operand), next))
      return emitOptionalError(loc, "'mini.", opName, "' op operand shapes [",
                               shape, "] and [", shapeOf(operand),
                               "] do not broadcast");
    shape = std::move(next);
  }
  if (!elementType)
    elementType = Float32Type::get(context);
  types.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

// Binary ops broadcast operands of one element type; arithmetic keeps it
// (`lhs`), comparisons give i1.
#define MINI_BROADCAST_INFER(OP, NAME, RESULT_ELEMENT_TYPE)                    \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,      \
      SmallVectorImpl<Type> &types) {                                          \
    Type lhs = getElementTypeOrSelf(adaptor.getLhs().getType());               \
    if (lhs != getElementTypeOrSelf(adaptor.getRhs().getType()))               \
      return emitOptionalError(loc, "'mini.", NAME,                            \
                               "' op operands have different element types");  \
    return inferBroadcast(context, loc, NAME,                                  \
                          ValueRange{adaptor.getLhs(), adaptor.getRhs()},      \
                          types, RESULT_ELEMENT_TYPE);                         \
  }
MINI_BROADCAST_INFER(AddOp, "add", lhs)
MINI_BROADCAST_INFER(SubOp, "sub", lhs)
MINI_BROADCAST_INFER(MulOp, "mul", lhs)
MINI_BROADCAST_INFER(DivOp, "div", lhs)
MINI_BROADCAST_INFER(PowOp, "pow", lhs)
MINI_BROADCAST_INFER(EqualOp, "equal", IntegerType::get(context, 1))
MINI_BROADCAST_INFER(LessOp, "less", IntegerType::get(context, 1))
MINI_BROADCAST_INFER(GreaterOp, "greater", IntegerType::get(context, 1))
MINI_BROADCAST_INFER(LessOrEqualOp, "less_or_equal",
                     IntegerType::get(context, 1))
MINI_BROADCAST_INFER(GreaterOrEqualOp, "greater_or_equal",
                     IntegerType::get(context, 1))
MINI_BROADCAST_INFER(AndOp, "and", lhs)
MINI_BROADCAST_INFER(OrOp, "or", lhs)
MINI_BROADCAST_INFER(XorOp, "xor", lhs)
MINI_BROADCAST_INFER(PReluOp, "prelu", lhs)
#undef MINI_BROADCAST_INFER

// Variadic ops: one or more operands of one element type, broadcast.
#define MINI_VARIADIC_INFER(OP, NAME)                                          \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,      \
      SmallVectorImpl<Type> &types) {                                          \
    ValueRange inputs = adaptor.getInputs();                                   \
    if (inputs.empty())                                                        \
      return emitOptionalError(loc, "'mini.", NAME,                            \
                               "' op needs at least one operand");             \
    Type element = getElementTypeOrSelf(inputs.front().getType());             \
    for (Value input : inputs)                                                 \
      if (getElementTypeOrSelf(input.getType()) != element)                    \
        return emitOptionalError(loc, "'mini.", NAME,                          \
                                 "' op operands have different element "       \
                                 "types");                                     \
    return inferBroadcast(context, loc, NAME, inputs, types, element);         \
  }
MINI_VARIADIC_INFER(MaxOp, "max")
MINI_VARIADIC_INFER(MinOp, "min")
MINI_VARIADIC_INFER(SumOp, "sum")
MINI_VARIADIC_INFER(MeanOp, "mean")
#undef MINI_VARIADIC_INFER

LogicalResult WhereOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  Type x = getElementTypeOrSelf(adaptor.getX().getType());
  if (x != getElementTypeOrSelf(adaptor.getY().getType()))
    return emitOptionalError(loc,
                             "'mini.where' op X and Y have different element "
                             "types");
  return inferBroadcast(
      context, loc, "where",
      ValueRange{adaptor.getCondition(), adaptor.getX(), adaptor.getY()}, types,
      x);
}

//===----------------------------------------------------------------------===//
// Activations and normalization
//===----------------------------------------------------------------------===//

LogicalResult ClipOp::verify() {
  if (getMin().convertToFloat() > getMax().convertToFloat())
    return emitOpError("min (")
           << getMin().convertToFloat() << ") must not exceed max ("
           << getMax().convertToFloat() << ")";
  return success();
}

LogicalResult GeluOp::verify() {
  if (getApproximate() != "none" && getApproximate() != "tanh")
    return emitOpError("approximate must be \"none\" or \"tanh\", got \"")
           << getApproximate() << "\"";
  return success();
}

LogicalResult LayerNormOp::verify() {
  ArrayRef<int64_t> input = getInput().getType().getShape();
  int64_t rank = input.size();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < -rank || axis >= rank)
    return emitOpError("axis ") << axis << " is out of range for rank " << rank;
  ArrayRef<int64_t> normalized =
      input.drop_front(axis < 0 ? axis + rank : axis);
  if (llvm::any_of(normalized, ShapedType::isDynamic))
    return emitOpError("the normalized dimensions (from axis ")
           << (axis < 0 ? axis + rank : axis) << ") must be static";
  for (auto [name, value] : {std::pair<StringRef, Value>{"scale", getScale()},
                             {"bias", getBias()}}) {
    if (!value)
      continue;
    SmallVector<int64_t> shape;
    if (!OpTrait::util::getBroadcastedShape(normalized, shapeOf(value),
                                            shape) ||
        ArrayRef<int64_t>(shape) != normalized)
      return emitOpError() << name << " of shape [" << shapeOf(value)
                           << "] does not broadcast to the normalized shape ["
                           << normalized << "]";
  }
  if (getEpsilon().convertToFloat() < 0.0f)
    return emitOpError("epsilon must be non-negative");
  return success();
}

/// The axis of a softmax-like op is one of its input's.
template <typename OpTy> static LogicalResult verifySoftmaxAxis(OpTy op) {
  int64_t rank = op.getInput().getType().getRank();
  int64_t axis = static_cast<int64_t>(op.getAxis());
  if (axis < -rank || axis >= rank)
    return op.emitOpError("axis ")
           << axis << " is out of range for rank " << rank;
  return success();
}

LogicalResult SoftmaxOp::verify() { return verifySoftmaxAxis(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmaxAxis(*this); }
LogicalResult HardmaxOp::verify() { return verifySoftmaxAxis(*this); }

LogicalResult GatherElementsOp::verify() {
  ArrayRef<int64_t> data = getData().getType().getShape();
  ArrayRef<int64_t> indices = getIndices().getType().getShape();
  int64_t rank = data.size();
  if (static_cast<int64_t>(indices.size()) != rank)
    return emitOpError("indices must have the data's rank ")
           << rank << ", not " << indices.size();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < -rank || axis >= rank)
    return emitOpError("axis ") << axis << " is out of range for rank " << rank;
  if (axis < 0)
    axis += rank;
  if (data[axis] == 0)
    return emitOpError("the data's axis ") << axis << " is empty";
  auto result = getType();
  if (result.getShape() != indices ||
      result.getElementType() != getData().getType().getElementType())
    return emitOpError("the result must have the indices' shape and the "
                       "data's element type");
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis && indices[d] > data[d])
      return emitOpError("indices dimension ")
             << d << " (" << indices[d] << ") exceeds the data's (" << data[d]
             << ")";
  return success();
}

LogicalResult TriluOp::verify() {
  if (getInput().getType().getRank() < 2)
    return emitOpError("input must have rank >= 2");
  return success();
}

LogicalResult BatchNormOp::verify() {
  ArrayRef<int64_t> input = getInput().getType().getShape();
  if (input.size() < 2)
    return emitOpError("input must have rank >= 2 (N x C x ...)");
  static constexpr StringLiteral names[] = {"scale", "bias", "mean", "var"};
  Value params[] = {getScale(), getBias(), getMean(), getVar()};
  for (auto [name, value] : llvm::zip(names, params)) {
    ArrayRef<int64_t> shape = shapeOf(value);
    if (shape.size() != 1 || shape[0] != input[1])
      return emitOpError() << name << " must be 1-D with " << input[1]
                           << " elements (the channels)";
  }
  if (getEpsilon().convertToFloat() < 0.0f)
    return emitOpError("epsilon must be non-negative");
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

LogicalResult MaxPool2dOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  StringRef name = "max_pool2d";
  if (failed(checkArrayAttr(loc, name, "kernel_shape", adaptor.getKernelShape(),
                            2, 1)) ||
      failed(
          checkArrayAttr(loc, name, "strides", adaptor.getStrides(), 2, 1)) ||
      failed(checkArrayAttr(loc, name, "pads", adaptor.getPads(), 4, 0)) ||
      failed(
          checkArrayAttr(loc, name, "dilations", adaptor.getDilations(), 2, 1)))
    return failure();
  ArrayRef<int64_t> input = shapeOf(adaptor.getInput());
  SmallVector<int64_t> shape = {input[0], input[1]};
  if (failed(inferWindowedShape(loc, name, input, adaptor.getKernelShape(),
                                adaptor.getStrides(), adaptor.getPads(),
                                adaptor.getDilations(), adaptor.getCeilMode(),
                                shape)))
    return failure();
  types.push_back(getTensorLike(adaptor.getInput(), shape));
  return success();
}

LogicalResult AvgPool2dOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  StringRef name = "avg_pool2d";
  if (failed(checkArrayAttr(loc, name, "kernel_shape", adaptor.getKernelShape(),
                            2, 1)) ||
      failed(
          checkArrayAttr(loc, name, "strides", adaptor.getStrides(), 2, 1)) ||
      failed(checkArrayAttr(loc, name, "pads", adaptor.getPads(), 4, 0)))
    return failure();
  ArrayRef<int64_t> input = shapeOf(adaptor.getInput());
  SmallVector<int64_t> shape = {input[0], input[1]};
  int64_t ones[2] = {1, 1};
  if (failed(inferWindowedShape(loc, name, input, adaptor.getKernelShape(),
                                adaptor.getStrides(), adaptor.getPads(), ones,
                                adaptor.getCeilMode(), shape)))
    return failure();
  types.push_back(getTensorLike(adaptor.getInput(), shape));
  return success();
}

LogicalResult GlobalAvgPool2dOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> input = shapeOf(adaptor.getInput());
  types.push_back(
      getTensorLike(adaptor.getInput(), {input[0], input[1], 1, 1}));
  return success();
}

/// Infers the result of a reduction of `input` over `axes`.
static LogicalResult inferReduction(MLIRContext *context,
                                    std::optional<Location> loc,
                                    StringRef opName, Value input,
                                    ArrayRef<int64_t> axes, bool keepdims,
                                    SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> shape = shapeOf(input);
  int64_t rank = shape.size();
  llvm::SmallBitVector reduced(rank);
  for (int64_t axis : axes) {
    FailureOr<int64_t> a = normalizeAxis(loc, opName, axis, rank);
    if (failed(a))
      return failure();
    if (reduced.test(*a))
      return emitOptionalError(loc, "'mini.", opName, "' op axis ", axis,
                               " is listed twice");
    reduced.set(*a);
    if (ShapedType::isDynamic(shape[*a]))
      return emitOptionalError(loc, "'mini.", opName, "' op axis ", axis,
                               " is dynamic; only static axes are reduced");
  }
  if (axes.empty())
    return emitOptionalError(loc, "'mini.", opName,
                             "' op needs at least one axis");
  SmallVector<int64_t> result;
  for (int64_t i = 0; i < rank; ++i) {
    if (!reduced.test(i))
      result.push_back(shape[i]);
    else if (keepdims)
      result.push_back(1);
  }
  types.push_back(getTensorLike(input, result));
  return success();
}

#define MINI_REDUCE_INFER(OP, NAME)                                            \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,      \
      SmallVectorImpl<Type> &types) {                                          \
    return inferReduction(context, loc, NAME, adaptor.getInput(),              \
                          adaptor.getAxes(), adaptor.getKeepdims(), types);    \
  }
MINI_REDUCE_INFER(ReduceMeanOp, "reduce_mean")
MINI_REDUCE_INFER(ReduceSumOp, "reduce_sum")
MINI_REDUCE_INFER(ReduceMaxOp, "reduce_max")
MINI_REDUCE_INFER(ReduceMinOp, "reduce_min")
MINI_REDUCE_INFER(ReduceProdOp, "reduce_prod")
MINI_REDUCE_INFER(ReduceL1Op, "reduce_l1")
MINI_REDUCE_INFER(ReduceL2Op, "reduce_l2")
MINI_REDUCE_INFER(ReduceSumSquareOp, "reduce_sum_square")
MINI_REDUCE_INFER(ReduceLogSumOp, "reduce_log_sum")
MINI_REDUCE_INFER(ReduceLogSumExpOp, "reduce_log_sum_exp")
#undef MINI_REDUCE_INFER

#define MINI_ARG_REDUCE_INFER(OP, NAME)                                        \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,      \
      SmallVectorImpl<Type> &types) {                                          \
    int64_t axis = static_cast<int64_t>(adaptor.getAxis());                    \
    if (failed(inferReduction(context, loc, NAME, adaptor.getInput(), {axis},  \
                              adaptor.getKeepdims(), types)))                  \
      return failure();                                                        \
    types.back() = cast<RankedTensorType>(types.back())                        \
                       .clone(IntegerType::get(context, 64));                  \
    return success();                                                          \
  }
MINI_ARG_REDUCE_INFER(ArgMaxOp, "arg_max")
MINI_ARG_REDUCE_INFER(ArgMinOp, "arg_min")
#undef MINI_ARG_REDUCE_INFER

#define GET_OP_CLASSES
#include "mini/Dialect/Mini/IR/MiniOps.cpp.inc"
