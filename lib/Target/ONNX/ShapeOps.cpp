//===- ShapeOps.cpp - ONNX shape and data movement ops to mini
//-------------===//
//
// Shape (always folded), Reshape, Squeeze, Unsqueeze, Flatten, Transpose,
// Concat, Pad, Slice, Split, Gather and Expand. Their shape, axes, pads and
// slice bounds must be known at import (constants or folded subgraphs).
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mini;
using namespace mini::onnx_import;

LogicalResult mini::onnx_import::importSize(Importer &im,
                                            const onnx::NodeProto &node) {
  FailureOr<SmallVector<int64_t>> shape = im.getShapeOf(node, 0);
  if (failed(shape))
    return failure();
  // The element count of a static shape folds to an int64 scalar.
  if (llvm::any_of(*shape, ShapedType::isDynamic))
    return im.nodeError(node, "the input has a dynamic dimension; Size "
                              "takes static shapes");
  std::optional<int64_t> count = getCheckedElementCount(*shape);
  if (!count)
    return im.nodeError(node, "the input has more than 2^63 elements");
  im.defineConstant(node, HostTensor::ofInts({}, {*count}));
  return success();
}

LogicalResult mini::onnx_import::importShape(Importer &im,
                                             const onnx::NodeProto &node) {
  FailureOr<SmallVector<int64_t>> shape = im.getShapeOf(node, 0);
  if (failed(shape))
    return failure();
  int64_t rank = shape->size();
  int64_t start = im.getInt(node, "start", 0);
  int64_t end = im.getInt(node, "end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  // A dynamic dimension is read at run time (a symbolic element,
  // DynamicShapes.cpp); a shape of static dimensions folds to a constant.
  SymbolicInts result;
  for (int64_t i = start; i < end; ++i) {
    if (!ShapedType::isDynamic((*shape)[i])) {
      result.elements.push_back(im.builder.getIndexAttr((*shape)[i]));
      continue;
    }
    FailureOr<Value> x = im.getValue(node, 0);
    if (failed(x))
      return failure();
    result.elements.push_back(OpFoldResult(
        tensor::DimOp::create(im.builder, im.nodeLoc, *x, i).getResult()));
  }
  result.shape = {static_cast<int64_t>(result.elements.size())};
  im.defineSymbolic(node, std::move(result));
  return success();
}

LogicalResult mini::onnx_import::importFlatten(Importer &im,
                                               const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  return im.build<FlattenOp>(
      node, {*x},
      {im.builder.getNamedAttr(
          "axis", im.builder.getI64IntegerAttr(im.getInt(node, "axis", 1)))});
}

/// Reshape, Squeeze and Unsqueeze: the result shape by the ONNX rules; a
/// constant input is reshaped on the host.
FailureOr<SmallVector<int64_t>> mini::onnx_import::getSqueezeUnsqueezeShape(
    Importer &im, const onnx::NodeProto &node, ArrayRef<int64_t> inShape) {
  bool unsqueeze = node.op_type() == "Unsqueeze";
  std::optional<SmallVector<int64_t>> axes = im.getInts(node, "axes");
  if (!axes && node.input_size() > 1 && !node.input(1).empty()) {
    const HostTensor *c = im.getConstant(node, 1);
    if (!c || c->isFloat())
      return im.nodeError(node, "axes must be constant");
    axes = SmallVector<int64_t>(c->ints.begin(), c->ints.end());
  }
  if (unsqueeze && !axes)
    return im.nodeError(node, "axes are required");
  SmallVector<int64_t> shape(inShape);
  if (!axes) {
    // Squeeze without axes drops every dimension statically 1.
    llvm::erase(shape, 1);
    return shape;
  }
  int64_t rank = inShape.size() + (unsqueeze ? axes->size() : 0);
  SmallVector<int64_t> sorted;
  for (int64_t a : *axes) {
    int64_t axis = a < 0 ? a + rank : a;
    if (axis < 0 || axis >= rank || llvm::is_contained(sorted, axis))
      return im.nodeError(node, "axis " + Twine(a) +
                                    " is out of range or listed twice");
    sorted.push_back(axis);
  }
  llvm::sort(sorted);
  if (unsqueeze) {
    for (int64_t a : sorted)
      shape.insert(shape.begin() + a, 1);
    return shape;
  }
  for (int64_t a : llvm::reverse(sorted)) {
    if (shape[a] != 1)
      return im.nodeError(node, "cannot squeeze dimension " + Twine(a) +
                                    ", which is not statically 1");
    shape.erase(shape.begin() + a);
  }
  return shape;
}

/// Whether input 0 of `node` is a tensor with dynamic dimensions (not a host
/// constant): then it is reshaped at run time (DynamicShapes.cpp).
static bool hasDynamicInput(Importer &im, const onnx::NodeProto &node) {
  if (im.getConstant(node, 0) || node.input_size() == 0)
    return false;
  Value x = im.lookupValue(node.input(0));
  return x && !cast<ShapedType>(x.getType()).hasStaticShape();
}

/// Reshapes input 0 of `node` (of static shape, `count` elements) to
/// `shape`: on the host for a constant, else `mini.reshape`.
static LogicalResult reshapeStatic(Importer &im, const onnx::NodeProto &node,
                                   ArrayRef<int64_t> shape, int64_t count) {
  if (const HostTensor *c = im.getConstant(node, 0)) {
    HostTensor t = *c;
    t.shape.assign(shape.begin(), shape.end());
    if (t.getNumElements() != c->getNumElements())
      return im.nodeError(node, "the target shape changes the element count");
    im.defineConstant(node, std::move(t));
    return success();
  }
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType()).clone(shape);
  if (type.getNumElements() != count)
    return im.nodeError(node, "the target shape changes the element count");
  return im.buildTyped<ReshapeOp>(node, type, *x);
}

/// Input 0's static shape and its element count, or an error.
static FailureOr<std::pair<SmallVector<int64_t>, int64_t>>
getStaticInput(Importer &im, const onnx::NodeProto &node) {
  FailureOr<SmallVector<int64_t>> inShape = im.getShapeOf(node, 0);
  if (failed(inShape))
    return failure();
  std::optional<int64_t> count = getCheckedElementCount(*inShape);
  if (!count)
    return im.nodeError(node, "the input has more than 2^63 elements");
  return std::make_pair(std::move(*inShape), *count);
}

LogicalResult mini::onnx_import::importReshape(Importer &im,
                                               const onnx::NodeProto &node) {
  if (hasDynamicInput(im, node))
    return importDynamicReshape(im, node);
  auto input = getStaticInput(im, node);
  if (failed(input))
    return failure();
  SmallVector<int64_t> *inShape = &input->first;
  int64_t count = input->second;
  SmallVector<int64_t> shape;
  const HostTensor *target = im.getConstant(node, 1);
  if (!target || target->isFloat())
    return im.nodeError(node, "the target shape must be a constant int64 "
                              "tensor (folded at import)");
  bool allowZero = im.getInt(node, "allowzero", 0) != 0;
  int64_t inferred = -1, known = 1;
  for (auto [i, value] : llvm::enumerate(target->ints)) {
    int64_t d = value;
    if (d == 0 && !allowZero) {
      if (i >= inShape->size())
        return im.nodeError(node, "0 copies a missing input dimension");
      d = (*inShape)[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        return im.nodeError(node, "more than one -1 in the target shape");
      inferred = i;
      shape.push_back(1);
      continue;
    }
    if (d < 0)
      return im.nodeError(node, "negative dimension in the target shape");
    shape.push_back(d);
    if (llvm::MulOverflow(known, d, known))
      return im.nodeError(node, "the target shape has more than 2^63 "
                                "elements");
  }
  if (inferred >= 0) {
    if (known == 0 || count % known)
      return im.nodeError(node, "cannot infer the -1 dimension");
    shape[inferred] = count / known;
  }
  return reshapeStatic(im, node, shape, count);
}

LogicalResult mini::onnx_import::importSqueeze(Importer &im,
                                               const onnx::NodeProto &node) {
  if (hasDynamicInput(im, node))
    return importDynamicSqueeze(im, node);
  auto input = getStaticInput(im, node);
  if (failed(input))
    return failure();
  FailureOr<SmallVector<int64_t>> shape =
      getSqueezeUnsqueezeShape(im, node, input->first);
  if (failed(shape))
    return failure();
  return reshapeStatic(im, node, *shape, input->second);
}

LogicalResult mini::onnx_import::importTranspose(Importer &im,
                                                 const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  SmallVector<int64_t> perm = im.getPerm(node, rank);
  return im.build<TransposeOp>(
      node, {*x},
      {im.builder.getNamedAttr("perm", im.builder.getDenseI64ArrayAttr(perm))});
}

/// DepthToSpace (`toSpace`) and SpaceToDepth, as ONNX defines them: a
/// reshape of the NCHW input to 6-D, a transpose, a reshape to the result
/// (views, and one copy). Errors: a dynamic or non-4-D input, a blocksize
/// below 1, channels (DepthToSpace) or H and W (SpaceToDepth) that the
/// block does not divide, an unknown mode, a result of more than 2^63
/// elements.
static LogicalResult importBlockRearrangement(Importer &im,
                                              const onnx::NodeProto &node,
                                              bool toSpace) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  if (type.getRank() != 4 || !type.hasStaticShape())
    return im.nodeError(node, "only static 4-D (NCHW) inputs are supported");
  int64_t block = im.getInt(node, "blocksize", 0);
  if (block < 1)
    return im.nodeError(node,
                        "blocksize must be at least 1, not " + Twine(block));
  int64_t n = type.getDimSize(0), c = type.getDimSize(1),
          h = type.getDimSize(2), w = type.getDimSize(3), area;
  if (llvm::MulOverflow(block, block, area))
    return im.nodeError(node, "blocksize is too large");
  SmallVector<int64_t> shape6, perm, result;
  if (toSpace) {
    std::string mode = im.getString(node, "mode", "DCR");
    if (mode != "DCR" && mode != "CRD")
      return im.nodeError(node, "mode must be DCR or CRD, not '" + mode + "'");
    int64_t oh, ow;
    if (c % area || llvm::MulOverflow(h, block, oh) ||
        llvm::MulOverflow(w, block, ow))
      return im.nodeError(node, "the channels are not a multiple of "
                                "blocksize^2, or the result is too large");
    if (mode == "DCR") {
      shape6 = {n, block, block, c / area, h, w};
      perm = {0, 3, 4, 1, 5, 2};
    } else {
      shape6 = {n, c / area, block, block, h, w};
      perm = {0, 1, 4, 2, 5, 3};
    }
    result = {n, c / area, oh, ow};
  } else {
    int64_t oc;
    if (h % block || w % block || llvm::MulOverflow(c, area, oc))
      return im.nodeError(node, "H and W are not multiples of blocksize, or "
                                "the result is too large");
    shape6 = {n, c, h / block, block, w / block, block};
    perm = {0, 3, 5, 1, 2, 4};
    result = {n, oc, h / block, w / block};
  }
  OpBuilder &b = im.builder;
  Value blocks = ReshapeOp::create(b, im.nodeLoc, type.clone(shape6), *x);
  Value moved =
      TransposeOp::create(b, im.nodeLoc, blocks, b.getDenseI64ArrayAttr(perm));
  return im.buildTyped<ReshapeOp>(node, type.clone(result), moved);
}

LogicalResult
mini::onnx_import::importDepthToSpace(Importer &im,
                                      const onnx::NodeProto &node) {
  return importBlockRearrangement(im, node, /*toSpace=*/true);
}

LogicalResult
mini::onnx_import::importSpaceToDepth(Importer &im,
                                      const onnx::NodeProto &node) {
  return importBlockRearrangement(im, node, /*toSpace=*/false);
}

LogicalResult mini::onnx_import::importConcat(Importer &im,
                                              const onnx::NodeProto &node) {
  SmallVector<Value> inputs;
  for (int i = 0; i < node.input_size(); ++i) {
    if (im.isEmpty(node, i))
      continue;
    FailureOr<Value> v = im.getValue(node, i);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  if (inputs.empty()) {
    im.defineEmpty(node);
    return success();
  }
  // One input left after dropping empty ones: the Concat is that input,
  // still checked against ONNX's shape for the output.
  if (inputs.size() == 1)
    return im.setResults(node, inputs.front());
  return im.build<ConcatOp>(
      node, inputs,
      {im.builder.getNamedAttr(
          "axis", im.builder.getI64IntegerAttr(im.getInt(node, "axis", 0)))});
}

LogicalResult mini::onnx_import::importPad(Importer &im,
                                           const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  std::string mode = im.getString(node, "mode", "constant");
  if (mode != "constant")
    return im.nodeError(node, "only constant padding is supported, not '" +
                                  mode + "'");
  SmallVector<int64_t> pads;
  float value = 0.0f;
  if (im.opset < 11) {
    pads = im.getInts(node, "pads").value_or(SmallVector<int64_t>());
    value = im.getFloat(node, "value", 0.0f);
  } else {
    const HostTensor *p = im.getConstant(node, 1);
    if (!p || p->isFloat())
      return im.nodeError(node, "pads must be a constant int64 tensor");
    pads.assign(p->ints.begin(), p->ints.end());
    if (node.input_size() > 2 && !node.input(2).empty()) {
      const HostTensor *v = im.getConstant(node, 2);
      if (!v || v->getNumElements() != 1)
        return im.nodeError(node, "constant_value must be a constant scalar");
      value = static_cast<float>(v->get(0));
    }
    if (node.input_size() > 3 && !node.input(3).empty())
      return im.nodeError(node, "the axes input is not supported");
  }
  OpBuilder &b = im.builder;
  return im.build<PadOp>(node, {*x},
                         {b.getNamedAttr("pads", b.getDenseI64ArrayAttr(pads)),
                          b.getNamedAttr("value", b.getF32FloatAttr(value))});
}

/// The constant integer input `index` of `node`, or an error naming `what`.
static FailureOr<SmallVector<int64_t>>
getConstantInts(Importer &im, const onnx::NodeProto &node, int index,
                StringRef what) {
  const HostTensor *c = im.getConstant(node, index);
  if (!c || c->isFloat())
    return im.nodeError(node, what + " must be a constant integer tensor "
                                     "(folded at import)");
  return SmallVector<int64_t>(c->ints.begin(), c->ints.end());
}

LogicalResult mini::onnx_import::importSlice(Importer &im,
                                             const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  FailureOr<SmallVector<int64_t>> starts =
      getConstantInts(im, node, 1, "starts");
  FailureOr<SmallVector<int64_t>> ends = getConstantInts(im, node, 2, "ends");
  if (failed(starts) || failed(ends))
    return failure();
  SmallVector<int64_t> axes, steps;
  for (auto [index, what, out] :
       {std::tuple<int, StringRef, SmallVector<int64_t> *>{3, "axes", &axes},
        {4, "steps", &steps}}) {
    if (index >= node.input_size() || node.input(index).empty())
      continue;
    FailureOr<SmallVector<int64_t>> v = getConstantInts(im, node, index, what);
    if (failed(v))
      return failure();
    *out = *v;
  }
  // An empty slice has no mini type; it is recorded and dropped by the
  // Concat that takes it (torch.onnx writes torch.roll by 0 as a Concat of
  // the whole tensor and an empty slice, as in Swin's last stage).
  SmallVector<int64_t> offsets, sizes, strides;
  if (failed(normalizeSlice(
          im.nodeLoc, cast<RankedTensorType>(x->getType()).getShape(), *starts,
          *ends, axes, steps, offsets, sizes, strides, /*allowEmpty=*/true)))
    return failure();
  if (llvm::is_contained(sizes, 0)) {
    im.defineEmpty(node);
    return success();
  }
  OpBuilder &b = im.builder;
  return im.build<SliceOp>(
      node, {*x},
      {b.getNamedAttr("starts", b.getDenseI64ArrayAttr(*starts)),
       b.getNamedAttr("ends", b.getDenseI64ArrayAttr(*ends)),
       b.getNamedAttr("axes", b.getDenseI64ArrayAttr(axes)),
       b.getNamedAttr("steps", b.getDenseI64ArrayAttr(steps))});
}

LogicalResult mini::onnx_import::importSplit(Importer &im,
                                             const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = cast<RankedTensorType>(x->getType()).getShape();
  FailureOr<int64_t> axis = im.getAxis(node, shape.size());
  if (failed(axis))
    return failure();
  if (ShapedType::isDynamic(shape[*axis]))
    return im.nodeError(node, "the split axis is dynamic; only static axes "
                              "are split");
  FailureOr<std::optional<SmallVector<int64_t>>> split =
      im.getIntsFromAttrOrInput(node, "split", 1);
  if (failed(split))
    return failure();
  SmallVector<int64_t> sizes;
  int64_t count = node.output_size();
  if (*split) {
    sizes = **split;
  } else {
    // Equal pieces (opset 18's num_outputs, or one per output before): the
    // last one smaller when the dimension does not divide.
    count = im.getInt(node, "num_outputs", count);
    if (count <= 0)
      return im.nodeError(node, "num_outputs must be positive");
    int64_t piece = (shape[*axis] + count - 1) / count;
    for (int64_t i = 0, left = shape[*axis]; i < count; ++i, left -= piece)
      sizes.push_back(std::min(piece, left));
  }
  if (static_cast<int64_t>(sizes.size()) != node.output_size())
    return im.nodeError(node, "has " + Twine(node.output_size()) +
                                  " outputs for " + Twine(sizes.size()) +
                                  " pieces");
  OpBuilder &b = im.builder;
  return im.build<SplitOp>(
      node, {*x},
      {b.getNamedAttr("axis", b.getI64IntegerAttr(*axis)),
       b.getNamedAttr("split", b.getDenseI64ArrayAttr(sizes))});
}

LogicalResult
mini::onnx_import::importGatherElements(Importer &im,
                                        const onnx::NodeProto &node) {
  FailureOr<Value> data = im.getValue(node, 0);
  FailureOr<Value> indices = im.getValue(node, 1);
  if (failed(data) || failed(indices))
    return failure();
  auto type =
      cast<RankedTensorType>(indices->getType())
          .clone(cast<RankedTensorType>(data->getType()).getElementType());
  return im.buildTyped<GatherElementsOp>(
      node, type, {*data, *indices},
      {im.builder.getNamedAttr(
          "axis", im.builder.getI64IntegerAttr(im.getInt(node, "axis", 0)))});
}

LogicalResult mini::onnx_import::importGather(Importer &im,
                                              const onnx::NodeProto &node) {
  FailureOr<Value> data = im.getValue(node, 0), indices = im.getValue(node, 1);
  if (failed(data) || failed(indices))
    return failure();
  return im.build<GatherOp>(
      node, {*data, *indices},
      {im.builder.getNamedAttr(
          "axis", im.builder.getI64IntegerAttr(im.getInt(node, "axis", 0)))});
}

LogicalResult mini::onnx_import::importExpand(Importer &im,
                                              const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = getConstantInts(im, node, 1, "shape");
  if (failed(shape))
    return failure();
  return im.build<ExpandOp>(
      node, {*x},
      {im.builder.getNamedAttr("shape",
                               im.builder.getDenseI64ArrayAttr(*shape))});
}
