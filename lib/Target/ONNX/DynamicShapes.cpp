//===- DynamicShapes.cpp - shape arithmetic on dynamic dimensions ---------===//
//
// A graph input with a bounded symbolic dimension (ImportONNXOptions::
// dimBounds) makes the tensors computed from it dynamic, and the shape
// subgraphs exporters write on them (Shape, Gather, Unsqueeze, Squeeze,
// Slice, Concat, integer Add/Sub/Mul/Div, Cast) compute on run-time sizes.
// They are kept symbolic, as onnx-mlir's IndexExpr keeps them: each element a
// constant or an `index` value built from `tensor.dim` with `arith` ops,
// folded to a constant whenever its operands are. A Reshape to such a shape
// gets a dynamic dimension; a Slice ending at one becomes
// `tensor.extract_slice` with a dynamic size (clamped with `affine.min`). Any
// other use of a symbolic tensor is an error that names the node.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mini;
using namespace mini::onnx_import;

//===----------------------------------------------------------------------===//
// Symbolic integer tensors
//===----------------------------------------------------------------------===//

const SymbolicInts *Importer::getSymbolic(const onnx::NodeProto &node,
                                          int index) {
  if (index >= node.input_size() || node.input(index).empty())
    return nullptr;
  auto it = symbolics.find(node.input(index));
  return it == symbolics.end() ? nullptr : &it->second;
}

std::optional<SymbolicInts>
Importer::getIntsOrSymbolic(const onnx::NodeProto &node, int index) {
  if (const SymbolicInts *s = getSymbolic(node, index))
    return *s;
  const HostTensor *c = getConstant(node, index);
  if (!c || c->isFloat())
    return std::nullopt;
  SymbolicInts ints;
  ints.shape = c->shape;
  for (int64_t v : c->ints)
    ints.elements.push_back(builder.getIndexAttr(v));
  return ints;
}

void Importer::defineSymbolic(const onnx::NodeProto &node, SymbolicInts ints,
                              int index) {
  std::vector<int64_t> values;
  for (OpFoldResult e : ints.elements) {
    std::optional<int64_t> c = getConstantIntValue(e);
    if (!c) {
      symbolics[node.output(index)] = std::move(ints);
      return;
    }
    values.push_back(*c);
  }
  defineConstant(node, HostTensor::ofInts(ints.shape, std::move(values)),
                 index);
}

/// Element `e` as an index value (a constant materialized when needed).
static Value toIndexValue(Importer &im, OpFoldResult e) {
  if (auto v = dyn_cast<Value>(e))
    return v;
  return arith::ConstantIndexOp::create(im.builder, im.nodeLoc,
                                        *getConstantIntValue(e));
}

/// The integer arithmetic of ONNX Add, Sub, Mul and Div on two elements:
/// folded when both are constant, an `arith` op on index otherwise.
template <BinaryFn Fn>
static FailureOr<OpFoldResult> combine(Importer &im,
                                       const onnx::NodeProto &node,
                                       OpFoldResult lhs, OpFoldResult rhs) {
  static_assert(Fn == BinaryFn::Add || Fn == BinaryFn::Sub ||
                    Fn == BinaryFn::Mul || Fn == BinaryFn::Div,
                "shape arithmetic is Add, Sub, Mul and Div");
  std::optional<int64_t> a = getConstantIntValue(lhs);
  std::optional<int64_t> b = getConstantIntValue(rhs);
  if (a && b) {
    int64_t r = 0;
    bool overflow = Fn == BinaryFn::Add   ? llvm::AddOverflow(*a, *b, r)
                    : Fn == BinaryFn::Sub ? llvm::SubOverflow(*a, *b, r)
                    : Fn == BinaryFn::Mul ? llvm::MulOverflow(*a, *b, r)
                                          : false;
    if (Fn == BinaryFn::Div) {
      if (*b == 0 || (*a == INT64_MIN && *b == -1))
        return im.nodeError(node, "integer division by zero or overflow in "
                                  "shape arithmetic");
      r = *a / *b;
    }
    if (overflow)
      return im.nodeError(node, "shape arithmetic overflows int64");
    return OpFoldResult(im.builder.getIndexAttr(r));
  }
  // x * 1, x + 0, x - 0 and x / 1 stay x.
  if ((b == int64_t(1) && (Fn == BinaryFn::Mul || Fn == BinaryFn::Div)) ||
      (b == int64_t(0) && (Fn == BinaryFn::Add || Fn == BinaryFn::Sub)))
    return lhs;
  if (a == int64_t(1) && Fn == BinaryFn::Mul)
    return rhs;
  if (a == int64_t(0) && Fn == BinaryFn::Add)
    return rhs;
  if (b == int64_t(0) && Fn == BinaryFn::Div)
    return im.nodeError(node, "integer division by zero in shape arithmetic");
  OpBuilder &builder = im.builder;
  Location loc = im.nodeLoc;
  Value x = toIndexValue(im, lhs), y = toIndexValue(im, rhs);
  Value r;
  if (Fn == BinaryFn::Add)
    r = arith::AddIOp::create(builder, loc, x, y);
  else if (Fn == BinaryFn::Sub)
    r = arith::SubIOp::create(builder, loc, x, y);
  else if (Fn == BinaryFn::Mul)
    r = arith::MulIOp::create(builder, loc, x, y);
  else
    r = arith::DivSIOp::create(builder, loc, x, y);
  return OpFoldResult(r);
}

/// The elementwise arithmetic of two symbolic tensors of which at most one
/// has more than one element (a shape and a scalar, or two scalars).
template <BinaryFn Fn>
LogicalResult
mini::onnx_import::importShapeArithmetic(Importer &im,
                                         const onnx::NodeProto &node) {
  std::optional<SymbolicInts> lhs = im.getIntsOrSymbolic(node, 0);
  std::optional<SymbolicInts> rhs = im.getIntsOrSymbolic(node, 1);
  if (!lhs || !rhs)
    return im.nodeError(node, "integer arithmetic on a dynamic size needs "
                              "integer operands known at import up to "
                              "dynamic sizes");
  // One side has one element, or both the same shape: the result has the
  // broadcast shape and as many elements as the larger side.
  SmallVector<int64_t> shape;
  size_t n = std::max(lhs->elements.size(), rhs->elements.size());
  if ((lhs->elements.size() != 1 && rhs->elements.size() != 1 &&
       lhs->shape != rhs->shape) ||
      !OpTrait::util::getBroadcastedShape(lhs->shape, rhs->shape, shape) ||
      getCheckedElementCount(shape) != static_cast<int64_t>(n))
    return im.nodeError(node, "shape arithmetic on operands of shapes that "
                              "do not broadcast to either one is not "
                              "supported");
  SymbolicInts result;
  result.shape = shape;
  for (size_t i = 0; i < n; ++i) {
    FailureOr<OpFoldResult> e =
        combine<Fn>(im, node, lhs->elements[lhs->elements.size() == 1 ? 0 : i],
                    rhs->elements[rhs->elements.size() == 1 ? 0 : i]);
    if (failed(e))
      return failure();
    result.elements.push_back(*e);
  }
  im.defineSymbolic(node, std::move(result));
  return success();
}

/// Gather along axis 0 of a 1-D symbolic tensor by constant indices.
LogicalResult
mini::onnx_import::importGatherSymbolic(Importer &im,
                                        const onnx::NodeProto &node) {
  const SymbolicInts *data = im.getSymbolic(node, 0);
  const HostTensor *indices = im.getConstant(node, 1);
  if (!data || data->shape.size() != 1 || !indices || indices->isFloat() ||
      im.getInt(node, "axis", 0) != 0)
    return im.nodeError(node, "Gather from a shape with dynamic sizes needs "
                              "a 1-D shape and constant indices on axis 0");
  int64_t size = data->shape[0];
  SymbolicInts result;
  result.shape = indices->shape;
  for (int64_t i : indices->ints) {
    if (i < -size || i >= size)
      return im.nodeError(node, "index " + Twine(i) +
                                    " is out of range for "
                                    "a shape of " +
                                    Twine(size) + " elements");
    result.elements.push_back(data->elements[i < 0 ? i + size : i]);
  }
  im.defineSymbolic(node, std::move(result));
  return success();
}

/// Concat along axis 0 of 1-D symbolic or constant integer tensors.
LogicalResult
mini::onnx_import::importConcatSymbolic(Importer &im,
                                        const onnx::NodeProto &node) {
  SymbolicInts result;
  for (int i = 0; i < node.input_size(); ++i) {
    std::optional<SymbolicInts> part = im.getIntsOrSymbolic(node, i);
    if (!part || part->shape.size() != 1)
      return im.nodeError(node, "Concat of shapes with dynamic sizes needs "
                                "1-D integer inputs");
    llvm::append_range(result.elements, part->elements);
  }
  result.shape = {static_cast<int64_t>(result.elements.size())};
  im.defineSymbolic(node, std::move(result));
  return success();
}

/// The symbolic input 0 of `node`, or an error saying that only it may be
/// symbolic.
static const SymbolicInts *getSymbolicData(Importer &im,
                                           const onnx::NodeProto &node) {
  const SymbolicInts *data = im.getSymbolic(node, 0);
  if (!data)
    im.nodeError(node, "only its data input may depend on a dynamic "
                       "dimension");
  return data;
}

/// Identity of a symbolic tensor.
LogicalResult
mini::onnx_import::importIdentitySymbolic(Importer &im,
                                          const onnx::NodeProto &node) {
  const SymbolicInts *data = getSymbolicData(im, node);
  if (!data)
    return failure();
  im.defineSymbolic(node, *data);
  return success();
}

/// Cast of a symbolic tensor to an integer type: the elements stay.
LogicalResult
mini::onnx_import::importCastSymbolic(Importer &im,
                                      const onnx::NodeProto &node) {
  const SymbolicInts *data = getSymbolicData(im, node);
  if (!data)
    return failure();
  int64_t to = im.getInt(node, "to", onnx::TensorProto::FLOAT);
  if (to != onnx::TensorProto::INT64 && to != onnx::TensorProto::INT32)
    return im.nodeError(node, "a dynamic size is cast only to an integer "
                              "type");
  im.defineSymbolic(node, *data);
  return success();
}

/// Unsqueeze and Squeeze of a symbolic scalar or 1-D tensor: the elements
/// stay, the shape changes.
LogicalResult
mini::onnx_import::importSqueezeSymbolic(Importer &im,
                                         const onnx::NodeProto &node) {
  const SymbolicInts *data = getSymbolicData(im, node);
  if (!data)
    return failure();
  SymbolicInts result = *data;
  FailureOr<SmallVector<int64_t>> shape =
      getSqueezeUnsqueezeShape(im, node, result.shape);
  if (failed(shape))
    return failure();
  result.shape = std::move(*shape);
  im.defineSymbolic(node, std::move(result));
  return success();
}

/// Slice of a 1-D symbolic tensor by constant starts, ends, axes and steps
/// (as torch.onnx writes `x.shape[-2:]`).
static LogicalResult importSliceOfSymbolic(Importer &im,
                                           const onnx::NodeProto &node) {
  const SymbolicInts *data = im.getSymbolic(node, 0);
  SmallVector<SmallVector<int64_t>> args;
  for (int index = 1; index < 5; ++index) {
    args.emplace_back();
    if (index >= node.input_size() || node.input(index).empty())
      continue;
    const HostTensor *c = im.getConstant(node, index);
    if (!c || c->isFloat())
      return im.nodeError(node, "a slice of a shape with dynamic sizes needs "
                                "constant starts, ends, axes and steps");
    args.back().assign(c->ints.begin(), c->ints.end());
  }
  if (data->shape.size() != 1)
    return im.nodeError(node, "a slice of a shape with dynamic sizes needs a "
                              "1-D shape");
  SmallVector<int64_t> offsets, sizes, strides;
  if (failed(normalizeSlice(im.nodeLoc, data->shape, args[0], args[1], args[2],
                            args[3], offsets, sizes, strides,
                            /*allowEmpty=*/true)))
    return failure();
  if (sizes[0] == 0)
    return im.nodeError(node, "the slice of a shape with dynamic sizes is "
                              "empty");
  SymbolicInts result;
  result.shape = {sizes[0]};
  for (int64_t i = 0; i < sizes[0]; ++i)
    result.elements.push_back(data->elements[offsets[0] + i * strides[0]]);
  im.defineSymbolic(node, std::move(result));
  return success();
}

//===----------------------------------------------------------------------===//
// Consumers: Reshape, Slice
//===----------------------------------------------------------------------===//

/// Reshapes input 0 of `node`, `x`, to `shape` (at most one dynamic
/// dimension, which mini.reshape sizes from the element count).
static LogicalResult reshapeDynamic(Importer &im, const onnx::NodeProto &node,
                                    Value x, ArrayRef<int64_t> shape) {
  if (llvm::count(shape, ShapedType::kDynamic) > 1)
    return im.nodeError(node, "the result would have more than one dynamic "
                              "dimension, which mini.reshape cannot size");
  return im.buildTyped<ReshapeOp>(
      node, cast<RankedTensorType>(x.getType()).clone(shape), x);
}

LogicalResult
mini::onnx_import::importDynamicReshape(Importer &im,
                                        const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  auto inType = cast<RankedTensorType>(x->getType());
  ArrayRef<int64_t> in = inType.getShape();
  SmallVector<int64_t> shape;
  std::optional<SymbolicInts> target = im.getIntsOrSymbolic(node, 1);
  if (!target || target->shape.size() != 1)
    return im.nodeError(node, "the target shape must be a 1-D integer "
                              "tensor known at import up to dynamic sizes");
  bool allowZero = im.getInt(node, "allowzero", 0) != 0;
  int64_t inferred = -1;
  for (auto [i, e] : llvm::enumerate(target->elements)) {
    std::optional<int64_t> d = getConstantIntValue(e);
    if (!d) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    if (*d == 0 && !allowZero) {
      if (i >= in.size())
        return im.nodeError(node, "0 copies a missing input dimension");
      shape.push_back(in[i]);
      continue;
    }
    if (*d == -1) {
      if (inferred >= 0)
        return im.nodeError(node, "more than one -1 in the target shape");
      inferred = i;
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    if (*d <= 0)
      return im.nodeError(node, "non-positive dimension in the target "
                                "shape");
    shape.push_back(*d);
  }
  // A -1 next to known sizes of a static input is static.
  if (inferred >= 0 && inType.hasStaticShape() &&
      llvm::count(shape, ShapedType::kDynamic) == 1) {
    int64_t known = 1;
    for (int64_t d : shape)
      if (!ShapedType::isDynamic(d))
        known *= d;
    if (known == 0 || inType.getNumElements() % known)
      return im.nodeError(node, "cannot infer the -1 dimension");
    shape[inferred] = inType.getNumElements() / known;
  }
  return reshapeDynamic(im, node, *x, shape);
}

LogicalResult
mini::onnx_import::importDynamicSqueeze(Importer &im,
                                        const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = getSqueezeUnsqueezeShape(
      im, node, cast<RankedTensorType>(x->getType()).getShape());
  if (failed(shape))
    return failure();
  return reshapeDynamic(im, node, *x, *shape);
}

/// A Slice whose starts or ends hold a dynamic size: steps 1, non-negative
/// constant starts, ends clamped to the dimension at run time. A dynamic end
/// is taken as a position (ONNX would count a negative one from the end, and
/// its sign is not known here): the exporters' `x[:n]` with n a size.
static LogicalResult importSliceSymbolic(Importer &im,
                                         const onnx::NodeProto &node) {
  FailureOr<Value> x = im.getValue(node, 0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = cast<RankedTensorType>(x->getType()).getShape();
  int64_t rank = shape.size();
  std::optional<SymbolicInts> starts = im.getIntsOrSymbolic(node, 1);
  std::optional<SymbolicInts> ends = im.getIntsOrSymbolic(node, 2);
  if (!starts || !ends || starts->elements.size() != ends->elements.size())
    return im.nodeError(node, "starts and ends must be integer tensors of "
                              "one length, known at import up to dynamic "
                              "sizes");
  SmallVector<int64_t> axes;
  for (int64_t i = 0, e = starts->elements.size(); i < e; ++i)
    axes.push_back(i);
  if (node.input_size() > 3 && !node.input(3).empty()) {
    const HostTensor *c = im.getConstant(node, 3);
    if (!c || c->isFloat() || c->ints.size() != starts->elements.size())
      return im.nodeError(node, "axes must be constant, one per start");
    axes.assign(c->ints.begin(), c->ints.end());
  }
  if (node.input_size() > 4 && !node.input(4).empty()) {
    const HostTensor *c = im.getConstant(node, 4);
    if (!c || c->isFloat() ||
        llvm::any_of(c->ints, [](int64_t s) { return s != 1; }))
      return im.nodeError(node, "a slice ending at a dynamic size needs "
                                "steps of 1");
  }
  OpBuilder &b = im.builder;
  Location loc = im.nodeLoc;
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0)), sizes,
      strides(rank, b.getIndexAttr(1));
  SmallVector<int64_t> resultShape(shape);
  for (int64_t i = 0; i < rank; ++i)
    sizes.push_back(ShapedType::isDynamic(shape[i])
                        ? OpFoldResult(tensor::DimOp::create(b, loc, *x, i))
                        : OpFoldResult(b.getIndexAttr(shape[i])));
  for (auto [k, a] : llvm::enumerate(axes)) {
    int64_t axis = a < 0 ? a + rank : a;
    if (axis < 0 || axis >= rank)
      return im.nodeError(node, "axis out of range");
    std::optional<int64_t> start = getConstantIntValue(starts->elements[k]);
    if (!start || *start < 0)
      return im.nodeError(node, "a slice ending at a dynamic size needs a "
                                "non-negative constant start");
    // end' = min(end, dim) (ONNX clamps), size = end' - start.
    OpFoldResult dim = sizes[axis];
    OpFoldResult end = ends->elements[k];
    std::optional<int64_t> endConst = getConstantIntValue(end);
    std::optional<int64_t> dimConst = getConstantIntValue(dim);
    if (endConst && *endConst < 0)
      return im.nodeError(node, "a slice with dynamic sizes needs "
                                "non-negative ends");
    OpFoldResult size;
    if (endConst && dimConst) {
      int64_t s = std::min(*endConst, *dimConst) - *start;
      if (s <= 0)
        return im.nodeError(node, "the slice is empty");
      size = b.getIndexAttr(s);
      resultShape[axis] = s;
    } else {
      // affine.min, which ValueBoundsOpInterface bounds (arith.minsi it
      // does not), so that the buffers sized by the slice are planned.
      MLIRContext *ctx = b.getContext();
      AffineExpr s0 = getAffineSymbolExpr(0, ctx),
                 s1 = getAffineSymbolExpr(1, ctx);
      AffineMap map = AffineMap::get(0, 2, {s0 - *start, s1 - *start}, ctx);
      size = affine::makeComposedFoldedAffineMin(b, loc, map, {end, dim});
      resultShape[axis] = ShapedType::kDynamic;
    }
    offsets[axis] = b.getIndexAttr(*start);
    sizes[axis] = size;
  }
  auto type = cast<RankedTensorType>(x->getType()).clone(resultShape);
  Value slice =
      tensor::ExtractSliceOp::create(b, loc, type, *x, offsets, sizes, strides);
  return im.setResults(node, slice);
}

LogicalResult
mini::onnx_import::importSliceWithSymbolic(Importer &im,
                                           const onnx::NodeProto &node) {
  return im.getSymbolic(node, 0) ? importSliceOfSymbolic(im, node)
                                 : importSliceSymbolic(im, node);
}

LogicalResult
mini::onnx_import::importReshapeSymbolic(Importer &im,
                                         const onnx::NodeProto &node) {
  if (im.getSymbolic(node, 0))
    return im.nodeError(node, "a Reshape of a shape with dynamic sizes is "
                              "not supported (only of a tensor to one)");
  return importDynamicReshape(im, node);
}

// The arithmetic the op table binds (see combine).
template LogicalResult mini::onnx_import::importShapeArithmetic<BinaryFn::Add>(
    Importer &, const onnx::NodeProto &);
template LogicalResult mini::onnx_import::importShapeArithmetic<BinaryFn::Sub>(
    Importer &, const onnx::NodeProto &);
template LogicalResult mini::onnx_import::importShapeArithmetic<BinaryFn::Mul>(
    Importer &, const onnx::NodeProto &);
template LogicalResult mini::onnx_import::importShapeArithmetic<BinaryFn::Div>(
    Importer &, const onnx::NodeProto &);
