//===- MiniShapeOps.cpp - the mini dialect's shape and data ops -----------===//
//
// Result type inference, verifiers and folders of the shape ops (flatten,
// reshape, transpose, concat, pad, slice, split) and the data movement ops
// (gather, expand, resize); MiniOps.cpp has the rest.
//
//===----------------------------------------------------------------------===//

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "OpUtils.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mini;
using namespace mini::detail;

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> input = shapeOf(adaptor.getInput());
  int64_t rank = input.size();
  // ONNX's Flatten takes an axis in [-r, r]; a negative one counts from r
  // (-1 keeps the last dimension apart), unlike Unsqueeze's.
  int64_t given = static_cast<int64_t>(adaptor.getAxis());
  FailureOr<int64_t> axis = given < 0
                                ? normalizeAxis(loc, "flatten", given, rank)
                                : normalizeAxis(loc, "flatten", given, rank, 1);
  if (failed(axis))
    return failure();
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < rank; ++i)
    (i < *axis ? outer : inner) *= input[i];
  types.push_back(getTensorLike(adaptor.getInput(), {outer, inner}));
  return success();
}

LogicalResult ReshapeOp::verify() {
  RankedTensorType input = getInput().getType(), output = getOutput().getType();
  if (!input.hasStaticShape() || !output.hasStaticShape()) {
    // The one dynamic result dimension is the element count over the static
    // ones (ONNX's -1), which the lowering computes at run time.
    if (output.getNumDynamicDims() > 1)
      return emitOpError("result type ")
             << output << " has more than one dynamic dimension";
    int64_t staticCount = 1;
    for (int64_t d : output.getShape())
      if (!ShapedType::isDynamic(d) &&
          llvm::MulOverflow(staticCount, d, staticCount))
        return emitOpError("result type ")
               << output << " has over 2^63 elements";
    if (input.hasStaticShape() &&
        (staticCount == 0 || input.getNumElements() % staticCount != 0))
      return emitOpError("input has ")
             << input.getNumElements()
             << " elements, not a multiple of the result's static "
                "dimensions' "
             << staticCount;
    return success();
  }
  if (getInput().getType().getNumElements() !=
      getOutput().getType().getNumElements())
    return emitOpError("input has ") << getInput().getType().getNumElements()
                                     << " elements but the result has "
                                     << getOutput().getType().getNumElements();
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  return {};
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> input = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  if (perm.size() != input.size())
    return emitOptionalError(loc, "'mini.transpose' op perm has ", perm.size(),
                             " entries for rank ", input.size());
  llvm::SmallBitVector seen(input.size());
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(input.size()) || seen.test(p))
      return emitOptionalError(loc, "'mini.transpose' op perm [", perm,
                               "] is not a permutation of [0, ", input.size(),
                               ")");
    seen.set(p);
    shape.push_back(input[p]);
  }
  types.push_back(getTensorLike(adaptor.getInput(), shape));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ValueRange inputs = adaptor.getInputs();
  for (Value input : inputs)
    if (getElementTypeOrSelf(input.getType()) !=
        getElementTypeOrSelf(inputs.front().getType()))
      return emitOptionalError(loc, "'mini.concat' op inputs have different "
                                    "element types");
  if (inputs.empty())
    return emitOptionalError(loc, "'mini.concat' op needs at least one input");
  SmallVector<int64_t> shape(shapeOf(inputs.front()));
  FailureOr<int64_t> axis = normalizeAxis(
      loc, "concat", static_cast<int64_t>(adaptor.getAxis()), shape.size());
  if (failed(axis))
    return failure();
  for (auto [i, input] : llvm::enumerate(inputs.drop_front())) {
    ArrayRef<int64_t> other = shapeOf(input);
    bool same = other.size() == shape.size();
    for (size_t d = 0; same && d < shape.size(); ++d)
      same = static_cast<int64_t>(d) == *axis || other[d] == shape[d];
    if (!same)
      return emitOptionalError(
          loc, "'mini.concat' op input ", i + 1, " of shape [", other,
          "] does not match input 0 of shape [", shapeOf(inputs.front()),
          "] outside axis ", *axis);
    if (llvm::AddOverflow(shape[*axis], other[*axis], shape[*axis]))
      return emitOptionalError(loc, "'mini.concat' op the concatenated axis "
                                    "has more than 2^63 elements");
  }
  types.push_back(getTensorLike(inputs.front(), shape));
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *context,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> input = shapeOf(adaptor.getInput());
  if (failed(checkArrayAttr(loc, "pad", "pads", adaptor.getPads(),
                            2 * input.size(), 0)))
    return failure();
  SmallVector<int64_t> shape(input);
  for (size_t i = 0; i < input.size(); ++i)
    if (llvm::AddOverflow(shape[i], adaptor.getPads()[i], shape[i]) ||
        llvm::AddOverflow(shape[i], adaptor.getPads()[i + input.size()],
                          shape[i]))
      return emitOptionalError(loc, "'mini.pad' op the padded dimension ", i,
                               " has more than 2^63 elements");
  types.push_back(getTensorLike(adaptor.getInput(), shape));
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

/// The ONNX Slice rules for one dimension of `dim` elements: the first
/// element, the element count and the step.
static std::tuple<int64_t, int64_t, int64_t>
normalizeSliceDim(int64_t dim, int64_t start, int64_t end, int64_t step) {
  auto clampIndex = [&](int64_t v, int64_t lo, int64_t hi) {
    if (v < 0)
      v = v < -dim ? lo : v + dim;
    return std::clamp(v, lo, hi);
  };
  if (step > 0) {
    start = clampIndex(start, 0, dim);
    end = clampIndex(end, 0, dim);
    int64_t count = end > start ? (end - start + step - 1) / step : 0;
    return {start, count, step};
  }
  start = clampIndex(start, 0, dim - 1);
  end = clampIndex(end, -1, dim - 1);
  // -1 as a (clamped) end means "before element 0", not "the last".
  int64_t count = start > end ? (start - end + (-step) - 1) / (-step) : 0;
  return {start, count, step};
}

LogicalResult
mini::normalizeSlice(std::optional<Location> loc, ArrayRef<int64_t> shape,
                     ArrayRef<int64_t> starts, ArrayRef<int64_t> ends,
                     ArrayRef<int64_t> axes, ArrayRef<int64_t> steps,
                     SmallVectorImpl<int64_t> &offsets,
                     SmallVectorImpl<int64_t> &sizes,
                     SmallVectorImpl<int64_t> &strides, bool allowEmpty) {
  int64_t rank = shape.size();
  SmallVector<int64_t> allAxes;
  if (axes.empty())
    for (int64_t i = 0; i < static_cast<int64_t>(starts.size()); ++i)
      allAxes.push_back(i);
  else
    allAxes.assign(axes.begin(), axes.end());
  if (starts.size() != allAxes.size() || ends.size() != allAxes.size() ||
      (!steps.empty() && steps.size() != allAxes.size()))
    return emitOptionalError(loc, "'mini.slice' op starts, ends, axes and "
                                  "steps must have one value per sliced axis");
  offsets.assign(rank, 0);
  sizes.assign(shape.begin(), shape.end());
  strides.assign(rank, 1);
  llvm::SmallBitVector seen(rank);
  for (auto [i, axis] : llvm::enumerate(allAxes)) {
    FailureOr<int64_t> a = normalizeAxis(loc, "slice", axis, rank);
    if (failed(a))
      return failure();
    if (seen.test(*a))
      return emitOptionalError(loc, "'mini.slice' op axis ", axis,
                               " is listed twice");
    seen.set(*a);
    if (ShapedType::isDynamic(shape[*a]))
      return emitOptionalError(loc, "'mini.slice' op axis ", axis,
                               " is dynamic; only static axes are sliced");
    int64_t step = steps.empty() ? 1 : steps[i];
    if (step == 0)
      return emitOptionalError(loc, "'mini.slice' op steps must be non-zero");
    auto [offset, size, stride] =
        normalizeSliceDim(shape[*a], starts[i], ends[i], step);
    if (size <= 0 && !allowEmpty)
      return emitOptionalError(loc, "'mini.slice' op the slice of axis ", *a,
                               " is empty; mini has no zero-sized tensors");
    offsets[*a] = offset;
    sizes[*a] = size;
    strides[*a] = stride;
  }
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  SmallVector<int64_t> offsets, sizes, strides;
  if (failed(normalizeSlice(loc, shapeOf(adaptor.getInput()),
                            adaptor.getStarts(), adaptor.getEnds(),
                            adaptor.getAxes(), adaptor.getSteps(), offsets,
                            sizes, strides)))
    return failure();
  types.push_back(RankedTensorType::get(
      sizes, getElementTypeOrSelf(adaptor.getInput().getType())));
  return success();
}

void SliceOp::getNormalizedSlice(SmallVectorImpl<int64_t> &offsets,
                                 SmallVectorImpl<int64_t> &sizes,
                                 SmallVectorImpl<int64_t> &strides) {
  // The verifier has checked the attributes.
  (void)normalizeSlice(std::nullopt, shapeOf(getInput()), getStarts(),
                       getEnds(), getAxes(), getSteps(), offsets, sizes,
                       strides);
}

LogicalResult SplitOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> shape = shapeOf(adaptor.getInput());
  FailureOr<int64_t> axis = normalizeAxis(
      loc, "split", static_cast<int64_t>(adaptor.getAxis()), shape.size());
  if (failed(axis))
    return failure();
  if (ShapedType::isDynamic(shape[*axis]))
    return emitOptionalError(loc, "'mini.split' op axis ", *axis,
                             " is dynamic; only static axes are split");
  int64_t total = 0;
  for (int64_t size : adaptor.getSplit()) {
    if (size <= 0)
      return emitOptionalError(loc, "'mini.split' op sizes must be positive");
    total += size;
    SmallVector<int64_t> piece(shape);
    piece[*axis] = size;
    types.push_back(getTensorLike(adaptor.getInput(), piece));
  }
  if (adaptor.getSplit().empty() || total != shape[*axis])
    return emitOptionalError(loc, "'mini.split' op sizes [", adaptor.getSplit(),
                             "] do not add up to ", shape[*axis],
                             ", the size of axis ", *axis);
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> data = shapeOf(adaptor.getData());
  FailureOr<int64_t> axis = normalizeAxis(
      loc, "gather", static_cast<int64_t>(adaptor.getAxis()), data.size());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(data.take_front(*axis));
  llvm::append_range(shape, shapeOf(adaptor.getIndices()));
  llvm::append_range(shape, data.drop_front(*axis + 1));
  types.push_back(getTensorLike(adaptor.getData(), shape));
  return success();
}

LogicalResult ExpandOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  SmallVector<int64_t> shape;
  for (int64_t d : adaptor.getShape())
    if (d <= 0)
      return emitOptionalError(loc, "'mini.expand' op shape [",
                               adaptor.getShape(),
                               "] must have positive dimensions");
  if (!OpTrait::util::getBroadcastedShape(shapeOf(adaptor.getInput()),
                                          adaptor.getShape(), shape))
    return emitOptionalError(
        loc, "'mini.expand' op input shape [", shapeOf(adaptor.getInput()),
        "] does not broadcast to [", adaptor.getShape(), "]");
  types.push_back(RankedTensorType::get(
      shape, getElementTypeOrSelf(adaptor.getInput().getType())));
  return success();
}

LogicalResult ResizeOp::verify() {
  if (getMode() != "nearest" && getMode() != "linear")
    return emitOpError("mode must be \"nearest\" or \"linear\", got \"")
           << getMode() << "\"";
  static constexpr StringLiteral transforms[] = {
      "half_pixel", "pytorch_half_pixel", "asymmetric", "align_corners"};
  if (!llvm::is_contained(transforms, getCoordinateTransformationMode()))
    return emitOpError("coordinate_transformation_mode must be one of "
                       "half_pixel, pytorch_half_pixel, asymmetric, "
                       "align_corners; got \"")
           << getCoordinateTransformationMode() << "\"";
  static constexpr StringLiteral roundings[] = {
      "round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};
  if (!llvm::is_contained(roundings, getNearestMode()))
    return emitOpError("nearest_mode must be one of round_prefer_floor, "
                       "round_prefer_ceil, floor, ceil; got \"")
           << getNearestMode() << "\"";
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getOutput().getType().getShape();
  if (in[0] != out[0] || in[1] != out[1])
    return emitOpError("changes N or C: only H and W are resized");
  if (std::optional<ArrayRef<double>> scales = getScales()) {
    if (scales->size() != 2)
      return emitOpError("scales must have 2 values (H and W), got ")
             << scales->size();
    for (double scale : *scales)
      if (!(scale > 0.0) || !std::isfinite(scale))
        return emitOpError("scales must be positive and finite, got ") << scale;
  }
  return success();
}
