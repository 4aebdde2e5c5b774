//===- Utils.cpp - shared helpers of the mini to linalg lowering ----------===//
//
// Builders shared by the pattern families (see Patterns.h).
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

using namespace mlir;

namespace mini::lowering {

RankedTensorType tensorOf(ArrayRef<int64_t> shape, MLIRContext *ctx) {
  return RankedTensorType::get(shape, Float32Type::get(ctx));
}

Value f32Constant(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
}

bool isHalfFloat(Type type) { return isa<Float16Type, BFloat16Type>(type); }

Value extendHalf(OpBuilder &b, Location loc, Value x) {
  if (!isHalfFloat(x.getType()))
    return x;
  return arith::ExtFOp::create(b, loc, b.getF32Type(), x);
}

Value convertFloat(OpBuilder &b, Location loc, Value x, Type type) {
  if (x.getType() == type || !isa<FloatType>(x.getType()) ||
      !isa<FloatType>(type))
    return x;
  if (x.getType().getIntOrFloatBitWidth() < type.getIntOrFloatBitWidth())
    return arith::ExtFOp::create(b, loc, type, x);
  return arith::TruncFOp::create(b, loc, type, extendHalf(b, loc, x));
}

Value convertElementType(OpBuilder &b, Location loc, Value input,
                         Type elementType) {
  if (getElementTypeOrSelf(input.getType()) == elementType)
    return input;
  return buildElementwise(
      b, loc, shapeOf(input), ValueRange{input},
      [](OpBuilder &, Location, ValueRange args) { return args[0]; },
      elementType);
}

Value emptyTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  Type elementType, ValueRange dynamicSizes) {
  return tensor::EmptyOp::create(
      b, loc, shape, elementType ? elementType : b.getF32Type(), dynamicSizes);
}

Value filledTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                   double value, ValueRange dynamicSizes) {
  Value init = emptyTensor(b, loc, shape, {}, dynamicSizes);
  return linalg::FillOp::create(b, loc, ValueRange{f32Constant(b, loc, value)},
                                ValueRange{init})
      .getResult(0);
}

Value dimOf(OpBuilder &b, Location loc, Value value, int64_t dim) {
  return tensor::DimOp::create(b, loc, value, dim);
}

SmallVector<Value> getAlignedDynamicSizes(OpBuilder &b, Location loc,
                                          ArrayRef<int64_t> shape,
                                          ValueRange sources) {
  SmallVector<Value> sizes;
  int64_t rank = shape.size();
  for (int64_t i = 0; i < rank; ++i) {
    if (!ShapedType::isDynamic(shape[i]))
      continue;
    Value size;
    for (Value source : sources) {
      ArrayRef<int64_t> sourceShape = shapeOf(source);
      int64_t j = i - (rank - static_cast<int64_t>(sourceShape.size()));
      if (j >= 0 && ShapedType::isDynamic(sourceShape[j])) {
        size = dimOf(b, loc, source, j);
        break;
      }
    }
    assert(size && "a dynamic result dimension without a dynamic source");
    sizes.push_back(size);
  }
  return sizes;
}

// The indexing map reading an operand of `shape` broadcast (NumPy rules,
// right-aligned) into a result of `resultShape`.
AffineMap getBroadcastMap(ArrayRef<int64_t> shape,
                          ArrayRef<int64_t> resultShape, MLIRContext *ctx) {
  unsigned rank = resultShape.size();
  unsigned lead = rank - shape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, dim] : llvm::enumerate(shape)) {
    if (dim == 1 && resultShape[lead + i] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(lead + i, ctx));
  }
  return AffineMap::get(rank, 0, exprs, ctx);
}

// Builds `linalg.generic` computing `body(inputs...)` elementwise into a
// new tensor of `resultShape`; the inputs are broadcast to it.
Value buildElementwise(OpBuilder &b, Location loc,
                       ArrayRef<int64_t> resultShape, ValueRange inputs,
                       BodyBuilder body, Type elementType,
                       ValueRange dynamicSizes) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(getBroadcastMap(
        cast<RankedTensorType>(input.getType()).getShape(), resultShape, ctx));
  maps.push_back(AffineMap::getMultiDimIdentityMap(resultShape.size(), ctx));
  SmallVector<IteratorType> iterators(resultShape.size(),
                                      IteratorType::parallel);
  SmallVector<Value> sizes(dynamicSizes);
  if (sizes.empty())
    sizes = getAlignedDynamicSizes(b, loc, resultShape, inputs);
  Value init = emptyTensor(b, loc, resultShape, elementType, sizes);
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
             iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               // Half-precision operands are computed on in f32 and the
               // result rounded once (docs/Rationale.md, "Half
               // precision").
               SmallVector<Value> wide;
               for (Value arg : args.drop_back())
                 wide.push_back(extendHalf(nb, nloc, arg));
               Value result = convertFloat(
                   nb, nloc, body(nb, nloc, wide),
                   cast<RankedTensorType>(init.getType()).getElementType());
               linalg::YieldOp::create(nb, nloc, result);
             })
      .getResult(0);
}

// Pads the spatial dimensions (2 and 3) of an NCHW tensor with `value`.
Value padSpatial(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> low,
                 ArrayRef<int64_t> high, double value) {
  Type elementType = getElementTypeOrSelf(input.getType());
  return padSpatial(
      b, loc, input, low, high,
      arith::ConstantOp::create(b, loc, b.getFloatAttr(elementType, value)));
}

Value padSpatial(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> low,
                 ArrayRef<int64_t> high, Value value) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<OpFoldResult> lows(4, b.getIndexAttr(0)),
      highs(4, b.getIndexAttr(0));
  for (int i = 0; i < 2; ++i) {
    shape[2 + i] += low[i] + high[i];
    lows[2 + i] = b.getIndexAttr(low[i]);
    highs[2 + i] = b.getIndexAttr(high[i]);
  }
  return tensor::PadOp::create(b, loc, type.clone(shape), input, lows, highs,
                               value);
}

// Reshapes `input` to `shape` (same element count) with collapse/expand
// reassociations, which bufferize to views.
Value reshapeTo(OpBuilder &b, Location loc, Value input,
                ArrayRef<int64_t> shape) {
  auto srcType = cast<RankedTensorType>(input.getType());
  RankedTensorType dstType = srcType.clone(shape);
  if (srcType == dstType)
    return input;
  if (!srcType.hasStaticShape() || !dstType.hasStaticShape()) {
    // Through 1-D: the one dynamic result dimension is the element count
    // over the static ones.
    Value flat = input;
    if (srcType.getRank() != 1) {
      SmallVector<ReassociationIndices> all(1);
      for (int64_t i = 0; i < srcType.getRank(); ++i)
        all[0].push_back(i);
      flat = tensor::CollapseShapeOp::create(b, loc, input, all);
    }
    if (dstType.getRank() == 1)
      return tensor::CastOp::create(b, loc, dstType, flat);
    if (dstType.hasStaticShape()) {
      // A dynamic input to a static result: a cast to its static count, then
      // a static expand.
      Value cast = tensor::CastOp::create(
          b, loc, srcType.clone({dstType.getNumElements()}), flat);
      SmallVector<ReassociationIndices> all(1);
      for (int64_t i = 0; i < dstType.getRank(); ++i)
        all[0].push_back(i);
      return tensor::ExpandShapeOp::create(b, loc, dstType, cast, all);
    }
    // The dynamic size is (product of the input's dynamic sizes) times its
    // static element count over the result's: `arith.muli` by a constant
    // when that divides, `arith.floordivsi` otherwise, which
    // ValueBoundsOpInterface bounds (so the buffer is planned at its bound).
    int64_t staticCount = 1, inStaticCount = 1;
    for (int64_t d : shape)
      if (!ShapedType::isDynamic(d))
        staticCount *= d;
    Value dynamicProduct;
    for (auto [i, d] : llvm::enumerate(srcType.getShape())) {
      if (!ShapedType::isDynamic(d)) {
        inStaticCount *= d;
        continue;
      }
      Value size = dimOf(b, loc, input, i);
      dynamicProduct = dynamicProduct
                           ? arith::MulIOp::create(b, loc, dynamicProduct, size)
                           : size;
    }
    auto constant = [&](int64_t v) {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    Value count;
    if (!dynamicProduct)
      count = constant(inStaticCount / staticCount);
    else if (inStaticCount % staticCount == 0)
      count = inStaticCount == staticCount
                  ? dynamicProduct
                  : arith::MulIOp::create(b, loc, dynamicProduct,
                                          constant(inStaticCount / staticCount))
                        .getResult();
    else
      count = arith::FloorDivSIOp::create(
          b, loc,
          arith::MulIOp::create(b, loc, dynamicProduct,
                                constant(inStaticCount)),
          constant(staticCount));
    SmallVector<OpFoldResult> outputShape;
    SmallVector<ReassociationIndices> all(1);
    for (auto [i, d] : llvm::enumerate(shape)) {
      all[0].push_back(i);
      outputShape.push_back(ShapedType::isDynamic(d)
                                ? OpFoldResult(count)
                                : OpFoldResult(b.getIndexAttr(d)));
    }
    return tensor::ExpandShapeOp::create(b, loc, dstType, flat, all,
                                         outputShape);
  }
  if (srcType.getRank() > dstType.getRank()) {
    if (auto re = getReassociationIndicesForReshape(srcType, dstType))
      return tensor::CollapseShapeOp::create(b, loc, dstType, input, *re);
  } else if (srcType.getRank() < dstType.getRank()) {
    if (auto re = getReassociationIndicesForReshape(dstType, srcType))
      return tensor::ExpandShapeOp::create(b, loc, dstType, input, *re);
  }
  // General case: through 1-D.
  int64_t count = srcType.getNumElements();
  RankedTensorType flat = srcType.clone({count});
  Value flatValue = input;
  if (srcType.getRank() != 1) {
    SmallVector<ReassociationIndices> all(1);
    for (int64_t i = 0; i < srcType.getRank(); ++i)
      all[0].push_back(i);
    if (srcType.getRank() == 0)
      flatValue = tensor::ExpandShapeOp::create(
          b, loc, flat, input, ArrayRef<ReassociationIndices>{});
    else
      flatValue = tensor::CollapseShapeOp::create(b, loc, flat, input, all);
  }
  if (dstType.getRank() == 1)
    return flatValue;
  if (dstType.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, dstType, flatValue,
                                           ArrayRef<ReassociationIndices>{});
  SmallVector<ReassociationIndices> all(1);
  for (int64_t i = 0; i < dstType.getRank(); ++i)
    all[0].push_back(i);
  return tensor::ExpandShapeOp::create(b, loc, dstType, flatValue, all);
}

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

// Reduces `input` over the dims in `reduced` with `combine`, starting from
// `initValue`; the result keeps the reduced dims with size 1.
Value buildReduction(OpBuilder &b, Location loc, Value input,
                     ArrayRef<bool> reduced, double initValue,
                     CombineBuilder combine) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> shape = shapeOf(input);
  SmallVector<int64_t> outShape;
  SmallVector<AffineExpr> outExprs;
  SmallVector<IteratorType> iterators;
  for (auto [i, dim] : llvm::enumerate(shape)) {
    outShape.push_back(reduced[i] ? 1 : dim);
    outExprs.push_back(reduced[i] ? getAffineConstantExpr(0, ctx)
                                  : getAffineDimExpr(i, ctx));
    iterators.push_back(reduced[i] ? IteratorType::reduction
                                   : IteratorType::parallel);
  }
  Value init = filledTensor(b, loc, outShape, initValue,
                            getAlignedDynamicSizes(b, loc, outShape, input));
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(shape.size(), ctx),
      AffineMap::get(shape.size(), 0, outExprs, ctx)};
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{input},
             ValueRange{init}, maps, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(
                   nb, nloc,
                   combine(nb, nloc, extendHalf(nb, nloc, args[0]), args[1]));
             })
      .getResult(0);
}

Value buildGlobalPoolSum(
    OpBuilder &b, Location loc, Value input, Value init,
    function_ref<void(OpBuilder &, Location, ValueRange)> body) {
  MLIRContext *context = b.getContext();
  AffineExpr n, h, w, c, kh, kw;
  bindDims(context, n, h, w, c, kh, kw);
  SmallVector<AffineMap> maps = {AffineMap::get(6, 0, {n, c, kh, kw}, context),
                                 AffineMap::get(6, 0, {n, c, h, w}, context)};
  SmallVector<IteratorType> iterators(4, IteratorType::parallel);
  iterators.append(2, IteratorType::reduction);
  return linalg::GenericOp::create(b, loc, TypeRange{init.getType()},
                                   ValueRange{input}, ValueRange{init}, maps,
                                   iterators, body)
      .getResult(0);
}

Value addF(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::AddFOp::create(b, loc, x, y);
}
Value maxF(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::MaximumFOp::create(b, loc, x, y);
}

// Divides every element of `input` by the scalar `divisor`.
Value divideBy(OpBuilder &b, Location loc, Value input, double divisor,
               Type elementType) {
  return buildElementwise(
      b, loc, shapeOf(input), ValueRange{input},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        return arith::DivFOp::create(nb, nloc, args[0],
                                     f32Constant(nb, nloc, divisor));
      },
      elementType);
}

} // namespace mini::lowering
