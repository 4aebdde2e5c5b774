//===- DataMovement.cpp - shape and data movement ops ---------------------===//
//
// Reshapes to collapse/expand (views), slices to extract_slice (views),
// transpose, concat, pad, gather, expand and resize.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mini;
using namespace mini::lowering;

namespace {

struct FlattenLowering : OpRewritePattern<FlattenOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(FlattenOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), op.getInput(),
                                     op.getType().getShape()));
    return success();
  }
};

struct ReshapeLowering : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), op.getInput(),
                                     op.getType().getShape()));
    return success();
  }
};

struct TransposeLowering : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> sizes;
    for (auto [d, p] : llvm::zip(op.getType().getShape(), op.getPerm()))
      if (ShapedType::isDynamic(d))
        sizes.push_back(dimOf(rewriter, op.getLoc(), op.getInput(), p));
    Value init = emptyTensor(rewriter, op.getLoc(), op.getType().getShape(),
                             op.getType().getElementType(), sizes);
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(),
                                                       op.getInput(), init,
                                                       op.getPerm())
                               .getResult());
    return success();
  }
};

struct ConcatLowering : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> shape = op.getType().getShape();
    int64_t rank = shape.size();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    Value result =
        emptyTensor(rewriter, loc, shape, op.getType().getElementType());
    int64_t offset = 0;
    for (Value input : op.getInputs()) {
      ArrayRef<int64_t> inShape = shapeOf(input);
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
      for (int64_t d : inShape)
        sizes.push_back(rewriter.getIndexAttr(d));
      offsets[axis] = rewriter.getIndexAttr(offset);
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, sizes, strides);
      offset += inShape[axis];
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct PadLowering : OpRewritePattern<PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PadOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t rank = op.getType().getRank();
    ArrayRef<int64_t> pads = op.getPads();
    SmallVector<OpFoldResult> low, high;
    for (int64_t i = 0; i < rank; ++i) {
      low.push_back(rewriter.getIndexAttr(pads[i]));
      high.push_back(rewriter.getIndexAttr(pads[rank + i]));
    }
    Value value = arith::ConstantOp::create(
        rewriter, loc,
        rewriter.getFloatAttr(op.getType().getElementType(),
                              op.getValue().convertToDouble()));
    rewriter.replaceOpWithNewOp<tensor::PadOp>(op, op.getType(), op.getInput(),
                                               low, high, value);
    return success();
  }
};

/// Builds a `linalg.generic` over a new tensor of `shape` whose body reads
/// nothing but the loop indices: `body(indices)` gives each element.
static Value buildFromIndices(
    OpBuilder &b, Location loc, ArrayRef<int64_t> shape, Type elementType,
    ValueRange inputs, ArrayRef<AffineMap> inputMaps,
    function_ref<Value(OpBuilder &, Location, ValueRange, ValueRange)> body,
    ValueRange dynamicSizes = {}) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(AffineMap::getMultiDimIdentityMap(shape.size(), ctx));
  SmallVector<utils::IteratorType> iterators(shape.size(),
                                             utils::IteratorType::parallel);
  Value init = emptyTensor(b, loc, shape, elementType, dynamicSizes);
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
             iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               SmallVector<Value> indices;
               for (int64_t i = 0, e = shape.size(); i < e; ++i)
                 indices.push_back(linalg::IndexOp::create(nb, l, i));
               linalg::YieldOp::create(nb, l,
                                       body(nb, l, indices, args.drop_back()));
             })
      .getResult(0);
}

static Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

struct SliceLowering : OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SliceOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<int64_t> offsets, sizes, strides;
    op.getNormalizedSlice(offsets, sizes, strides);
    if (llvm::all_of(strides, [](int64_t s) { return s > 0; })) {
      // A view: bufferizes to memref.subview, no copy.
      MLIRContext *ctx = rewriter.getContext();
      // An unsliced dynamic dimension keeps the input's size.
      SmallVector<OpFoldResult> mixedSizes = getAsIndexOpFoldResult(ctx, sizes);
      for (auto [i, size] : llvm::enumerate(sizes))
        if (ShapedType::isDynamic(size))
          mixedSizes[i] = dimOf(rewriter, loc, op.getInput(), i);
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          op, op.getType(), op.getInput(), getAsIndexOpFoldResult(ctx, offsets),
          mixedSizes, getAsIndexOpFoldResult(ctx, strides));
      return success();
    }
    // A negative step reverses: input[offset + i * step] for each i.
    Value input = op.getInput();
    Value result = buildFromIndices(
        rewriter, loc, op.getType().getShape(), op.getType().getElementType(),
        {}, {},
        [&](OpBuilder &b, Location l, ValueRange idx, ValueRange) {
          SmallVector<Value> at;
          for (auto [i, index] : llvm::enumerate(idx)) {
            Value scaled = arith::MulIOp::create(
                b, l, index, indexConstant(b, l, strides[i]));
            at.push_back(arith::AddIOp::create(
                b, l, scaled, indexConstant(b, l, offsets[i])));
          }
          return Value(tensor::ExtractOp::create(b, l, input, at));
        },
        getAlignedDynamicSizes(rewriter, loc, op.getType().getShape(), input));
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SplitLowering : OpRewritePattern<SplitOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SplitOp op,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> shape = shapeOf(op.getInput());
    int64_t rank = shape.size();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    SmallVector<Value> pieces;
    int64_t offset = 0;
    for (auto [size, result] : llvm::zip(op.getSplit(), op.getResults())) {
      SmallVector<int64_t> offsets(rank, 0), sizes(shape), strides(rank, 1);
      offsets[axis] = offset;
      sizes[axis] = size;
      MLIRContext *ctx = rewriter.getContext();
      // The other (possibly dynamic) dimensions keep the input's sizes.
      SmallVector<OpFoldResult> mixedSizes = getAsIndexOpFoldResult(ctx, sizes);
      for (auto [i, d] : llvm::enumerate(sizes))
        if (ShapedType::isDynamic(d))
          mixedSizes[i] = dimOf(rewriter, op.getLoc(), op.getInput(), i);
      pieces.push_back(tensor::ExtractSliceOp::create(
          rewriter, op.getLoc(), cast<RankedTensorType>(result.getType()),
          op.getInput(), getAsIndexOpFoldResult(ctx, offsets), mixedSizes,
          getAsIndexOpFoldResult(ctx, strides)));
      offset += size;
    }
    rewriter.replaceOp(op, pieces);
    return success();
  }
};

struct GatherLowering : OpRewritePattern<GatherOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GatherOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    ArrayRef<int64_t> data = shapeOf(op.getData());
    ArrayRef<int64_t> out = op.getType().getShape();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += data.size();
    int64_t indexRank = shapeOf(op.getIndices()).size();
    // The indices are read at the result dims [axis, axis + indexRank).
    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < indexRank; ++i)
      indexExprs.push_back(getAffineDimExpr(axis + i, ctx));
    AffineMap indexMap = AffineMap::get(out.size(), 0, indexExprs, ctx);
    Value table = op.getData();
    int64_t dim = data[axis];
    // The table is static: a dynamic result dimension is one of the indices'.
    SmallVector<Value> sizes;
    for (auto [i, d] : llvm::enumerate(out))
      if (ShapedType::isDynamic(d))
        sizes.push_back(dimOf(rewriter, loc, op.getIndices(), i - axis));
    Value result = buildFromIndices(
        rewriter, loc, out, op.getType().getElementType(), op.getIndices(),
        indexMap,
        [&](OpBuilder &b, Location l, ValueRange idx, ValueRange args) {
          // A negative index counts from the end; the rest is clamped into
          // [0, dim) so that no read leaves the table.
          Value index =
              arith::IndexCastOp::create(b, l, b.getIndexType(), args[0]);
          Value zero = indexConstant(b, l, 0);
          Value size = indexConstant(b, l, dim);
          Value negative = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::slt, index, zero);
          index = arith::SelectOp::create(
              b, l, negative, arith::AddIOp::create(b, l, index, size), index);
          index = arith::MaxSIOp::create(b, l, index, zero);
          index =
              arith::MinSIOp::create(b, l, index, indexConstant(b, l, dim - 1));
          SmallVector<Value> at(idx.take_front(axis));
          at.push_back(index);
          llvm::append_range(at, idx.drop_front(axis + indexRank));
          return Value(tensor::ExtractOp::create(b, l, table, at));
        },
        sizes);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// GatherElements: one generic over the indices, each element read from
/// the data at its own position with the axis coordinate replaced by its
/// index (negative counts from the end, the rest clamped into the axis, as
/// GatherLowering does).
struct GatherElementsLowering : OpRewritePattern<GatherElementsOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GatherElementsOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> data = shapeOf(op.getData());
    ArrayRef<int64_t> out = op.getType().getShape();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += data.size();
    Value table = op.getData();
    int64_t dim = data[axis];
    Value result = buildFromIndices(
        rewriter, loc, out, op.getType().getElementType(), op.getIndices(),
        AffineMap::getMultiDimIdentityMap(out.size(), rewriter.getContext()),
        [&](OpBuilder &b, Location l, ValueRange idx, ValueRange args) {
          Value index =
              arith::IndexCastOp::create(b, l, b.getIndexType(), args[0]);
          Value zero = indexConstant(b, l, 0);
          Value negative = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::slt, index, zero);
          index = arith::SelectOp::create(
              b, l, negative,
              arith::AddIOp::create(b, l, index, indexConstant(b, l, dim)),
              index);
          index = arith::MaxSIOp::create(b, l, index, zero);
          index =
              arith::MinSIOp::create(b, l, index, indexConstant(b, l, dim - 1));
          SmallVector<Value> at(idx);
          at[axis] = index;
          return Value(tensor::ExtractOp::create(b, l, table, at));
        },
        {});
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ExpandLowering : OpRewritePattern<ExpandOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ExpandOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildElementwise(
                               rewriter, op.getLoc(), op.getType().getShape(),
                               ValueRange{op.getInput()},
                               [](OpBuilder &, Location,
                                  ValueRange a) -> Value { return a[0]; },
                               op.getType().getElementType()));
    return success();
  }
};

struct ResizeLowering : OpRewritePattern<ResizeOp> {
  using OpRewritePattern::OpRewritePattern;

  /// The input coordinate (f32) of output coordinate `x` along a dimension
  /// resized from `in` to `out` elements by `scale` (ONNX's coordinate
  /// transforms, as onnx/reference/ops/op_resize.py computes them: the
  /// resized length in `align_corners` and `pytorch_half_pixel` is
  /// `in * scale`, not rounded).
  static Value getSourceCoordinate(OpBuilder &b, Location loc, Value x,
                                   int64_t in, int64_t out, double scale,
                                   StringRef mode) {
    Value xf = arith::UIToFPOp::create(
        b, loc, b.getF32Type(),
        arith::IndexCastUIOp::create(b, loc, b.getI32Type(), x));
    double resized = static_cast<double>(in) * scale;
    if (mode == "asymmetric")
      return arith::DivFOp::create(b, loc, xf, f32Constant(b, loc, scale));
    if (mode == "align_corners") {
      if (out == 1 || resized == 1.0)
        return f32Constant(b, loc, 0.0);
      return arith::MulFOp::create(
          b, loc, xf,
          f32Constant(b, loc, static_cast<double>(in - 1) / (resized - 1.0)));
    }
    if (mode == "pytorch_half_pixel" && (out == 1 || resized == 1.0))
      return f32Constant(b, loc, 0.0);
    // half_pixel: (x + 0.5) / scale - 0.5
    Value shifted = arith::AddFOp::create(b, loc, xf, f32Constant(b, loc, 0.5));
    return arith::SubFOp::create(
        b, loc,
        arith::DivFOp::create(b, loc, shifted, f32Constant(b, loc, scale)),
        f32Constant(b, loc, 0.5));
  }

  /// Converts a non-negative f32 coordinate to an index clamped to [0, size).
  static Value toIndex(OpBuilder &b, Location loc, Value coordinate,
                       int64_t size) {
    Value c =
        arith::MaximumFOp::create(b, loc, coordinate, f32Constant(b, loc, 0.0));
    c = arith::MinimumFOp::create(
        b, loc, c, f32Constant(b, loc, static_cast<double>(size - 1)));
    return arith::IndexCastOp::create(
        b, loc, b.getIndexType(),
        arith::FPToSIOp::create(b, loc, b.getI64Type(), c));
  }

  LogicalResult matchAndRewrite(ResizeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> in = shapeOf(op.getInput());
    ArrayRef<int64_t> out = op.getType().getShape();
    StringRef transform = op.getCoordinateTransformationMode();
    StringRef rounding = op.getNearestMode();
    bool linear = op.getMode() == "linear";
    Value input = op.getInput();
    double scales[2];
    for (int d = 0; d < 2; ++d)
      scales[d] = op.getScales() ? (*op.getScales())[d]
                                 : static_cast<double>(out[2 + d]) /
                                       static_cast<double>(in[2 + d]);
    Value result = buildFromIndices(
        rewriter, loc, out, rewriter.getF32Type(), {}, {},
        [&](OpBuilder &b, Location l, ValueRange idx, ValueRange) -> Value {
          Value src[2];
          for (int d = 0; d < 2; ++d)
            src[d] = getSourceCoordinate(b, l, idx[2 + d], in[2 + d],
                                         out[2 + d], scales[d], transform);
          if (!linear) {
            SmallVector<Value> at = {idx[0], idx[1]};
            for (int d = 0; d < 2; ++d) {
              Value c = src[d];
              if (rounding == "floor")
                c = math::FloorOp::create(b, l, c);
              else if (rounding == "ceil")
                c = math::CeilOp::create(b, l, c);
              else if (rounding == "round_prefer_ceil")
                c = math::FloorOp::create(
                    b, l,
                    arith::AddFOp::create(b, l, c, f32Constant(b, l, 0.5)));
              else // round_prefer_floor
                c = math::CeilOp::create(
                    b, l,
                    arith::SubFOp::create(b, l, c, f32Constant(b, l, 0.5)));
              at.push_back(toIndex(b, l, c, in[2 + d]));
            }
            return tensor::ExtractOp::create(b, l, input, at);
          }
          // Bilinear: the four neighbours of the clamped coordinate.
          Value lo[2], hi[2], frac[2];
          for (int d = 0; d < 2; ++d) {
            Value c =
                arith::MaximumFOp::create(b, l, src[d], f32Constant(b, l, 0.0));
            c = arith::MinimumFOp::create(
                b, l, c, f32Constant(b, l, static_cast<double>(in[2 + d] - 1)));
            Value floor = math::FloorOp::create(b, l, c);
            frac[d] = arith::SubFOp::create(b, l, c, floor);
            lo[d] = toIndex(b, l, floor, in[2 + d]);
            hi[d] = toIndex(
                b, l,
                arith::AddFOp::create(b, l, floor, f32Constant(b, l, 1.0)),
                in[2 + d]);
          }
          auto at = [&](Value h, Value w) -> Value {
            return tensor::ExtractOp::create(b, l, input,
                                             ValueRange{idx[0], idx[1], h, w});
          };
          auto lerp = [&](Value x0, Value x1, Value t) -> Value {
            return arith::AddFOp::create(
                b, l, x0,
                arith::MulFOp::create(b, l, arith::SubFOp::create(b, l, x1, x0),
                                      t));
          };
          Value top = lerp(at(lo[0], lo[1]), at(lo[0], hi[1]), frac[1]);
          Value bottom = lerp(at(hi[0], lo[1]), at(hi[0], hi[1]), frac[1]);
          return lerp(top, bottom, frac[0]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mini::lowering::populateDataMovementPatterns(RewritePatternSet &patterns) {
  patterns
      .add<FlattenLowering, ReshapeLowering, TransposeLowering, ConcatLowering,
           PadLowering, SliceLowering, SplitLowering, GatherLowering,
           GatherElementsLowering, ExpandLowering, ResizeLowering>(
          patterns.getContext());
}
