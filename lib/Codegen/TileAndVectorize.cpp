//===- TileAndVectorize.cpp - tile and vectorize linalg on memrefs --------===//
//
// A thin driver over upstream linalg transformations: `scf::tileUsingSCF`,
// the convolution decomposition patterns, `linalg::vectorize` and
// `linalg::hoistRedundantVectorTransfers`. It chooses tile sizes; the
// transformations themselves are MLIR's, as in IREE's CPU pipeline (tile to
// registers, decompose windowed ops to 1-D, vectorize, hoist), except the
// rewrites of tiles on buffers that upstream lacks: unit-height 2-D to 1-D,
// depthwise taps as rows, and the outer-product microkernel of convolutions,
// depthwise convolutions and row-major contractions.
//
//===----------------------------------------------------------------------===//

#include "mini/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mini {
#define GEN_PASS_DEF_TILEANDVECTORIZEPASS
#include "mini/Codegen/Passes.h.inc"
} // namespace mini

using namespace mlir;

namespace {

/// Register-level tile targets, in elements. On AVX2 an 8 x 8 f32
/// accumulator tile is eight registers.
constexpr int64_t kChannelTile = 8;
constexpr int64_t kWidthTile = 8;
constexpr int64_t kReductionTile = 16;
constexpr int64_t kRowTile = 64;
/// Columns of the convolution microkernel's accumulator rows: one AVX-512
/// register of f32 (two of AVX2); with kChannelTile rows, 8 registers.
constexpr int64_t kMicrokernelWidth = 16;
/// The largest stride of the microkernel's input rows.
constexpr int64_t kMaxMicrokernelStride = 2;
/// Only tiles up to this many iteration points are vectorized: vector code is
/// fully unrolled, so larger vectors cost compile time and code size.
constexpr int64_t kMaxVectorizedPoints = 2048;

/// The largest divisor of `n` that is at most `cap`, so that every tile has
/// the same static shape.
int64_t largestDivisorAtMost(int64_t n, int64_t cap) {
  if (ShapedType::isDynamic(n))
    return 1;
  for (int64_t d = std::min(n, cap); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

/// Whether every operand of `op` is a memref of static shape and f32
/// elements, as the microkernel reads them.
bool hasStaticF32Operands(Operation *op) {
  return llvm::all_of(op->getOperands(), [](Value v) {
    auto type = dyn_cast<MemRefType>(v.getType());
    return type && type.hasStaticShape() && type.getElementType().isF32();
  });
}

/// The width stride of a convolution the microkernel takes: static f32
/// operands, unit dilations, strides of at most kMaxMicrokernelStride (a
/// strided input row is read contiguously and its every stride-th element
/// picked); std::nullopt for any other.
template <typename ConvOp>
std::optional<int64_t> getMicrokernelStride(ConvOp conv) {
  auto isOne = [](int64_t v) { return v == 1; };
  auto isSmall = [](int64_t v) { return v >= 1 && v <= kMaxMicrokernelStride; };
  auto strides = conv.getStrides().template getValues<int64_t>();
  if (!hasStaticF32Operands(conv) || !llvm::all_of(strides, isSmall) ||
      !llvm::all_of(conv.getDilations().template getValues<int64_t>(), isOne))
    return std::nullopt;
  return *std::next(strides.begin());
}

FailureOr<bool> matchRowMajorContraction(linalg::GenericOp op);

/// The tiles of a row-major contraction's m and n loops (its last loop but
/// two and but one, of `numLoops`), in elements: the microkernel's rows and
/// columns.
std::array<std::pair<unsigned, int64_t>, 2>
getContractionTiles(unsigned numLoops) {
  return {{{numLoops - 3, kChannelTile}, {numLoops - 2, kMicrokernelWidth}}};
}

/// Tile sizes for `op` (0: that loop is not tiled), or an empty vector when
/// the op is left alone; `interchange` gets the tile loops' order where it
/// is not the loops' own (empty otherwise).
SmallVector<int64_t> chooseTileSizes(linalg::LinalgOp op,
                                     SmallVectorImpl<int64_t> &interchange) {
  interchange.clear();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ranges.empty())
    return {};
  // A dynamic loop (a sequence length known by a bound) is tiled by 1, so
  // that the tiles have static sizes and vectorize like static ones.
  bool dynamic = llvm::any_of(ranges, ShapedType::isDynamic);
  if (dynamic && linalg::isaConvolutionOpInterface(op))
    return {};

  // (n, f, oh, ow, c, kh, kw), dilation 1, stride up to 2: one output row of
  // f x ow accumulators, the whole reduction in the tile (the microkernel,
  // decomposeMicrokernelOnBuffers).
  if (auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op.getOperation());
      conv && getMicrokernelStride(conv))
    return {1,
            largestDivisorAtMost(ranges[1], kChannelTile),
            1,
            largestDivisorAtMost(ranges[3], kMicrokernelWidth),
            0,
            0,
            0};
  // (batch..., m, n, k) of a row-major contraction: m x n accumulators,
  // the whole reduction in the tile (decomposeContractionOnBuffers). The
  // column tiles go outside the row tiles: one column panel of B (k x 16)
  // stays in cache while every row tile reads it, where rows outside
  // columns streamed all of B once per row tile.
  if (auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      generic && succeeded(matchRowMajorContraction(generic))) {
    SmallVector<int64_t> sizes(ranges.size(), 1);
    auto tiles = getContractionTiles(ranges.size());
    for (auto [dim, tile] : tiles)
      sizes[dim] = largestDivisorAtMost(ranges[dim], tile);
    sizes.back() = 0;
    llvm::append_range(interchange, llvm::seq<int64_t>(0, ranges.size()));
    std::swap(interchange[tiles[0].first], interchange[tiles[1].first]);
    return sizes;
  }
  // Other strides: one output row, f x ow registers, c chunks, unit
  // windows so that the decomposition to 1-D applies.
  if (isa<linalg::Conv2DNchwFchwOp>(op))
    return {1,
            largestDivisorAtMost(ranges[1], kChannelTile),
            1,
            largestDivisorAtMost(ranges[3], kWidthTile),
            largestDivisorAtMost(ranges[4], kReductionTile),
            1,
            1};
  // (n, c, oh, ow, kh, kw).
  if (isa<linalg::PoolingNchwMaxOp, linalg::PoolingNchwSumOp>(op))
    return {1,
            largestDivisorAtMost(ranges[1], kChannelTile),
            1,
            largestDivisorAtMost(ranges[3], kWidthTile),
            1,
            1};
  // (n, oh, ow, c, kh, kw): one output row of one channel, up to 64
  // columns (16 for a strided row, read as its span), the window taps in the
  // tile: the microkernel with one accumulator row
  // (decomposeDepthwiseMicrokernelOnBuffers), or one elementwise generic
  // per tap (decomposeDepthwiseOnBuffers).
  if (auto depthwise =
          dyn_cast<linalg::DepthwiseConv2DNchwChwOp>(op.getOperation())) {
    bool strided = llvm::any_of(depthwise.getStrides().getValues<int64_t>(),
                                [](int64_t s) { return s != 1; });
    return {1, 1,
            largestDivisorAtMost(ranges[2],
                                 strided ? kMicrokernelWidth : kRowTile),
            1, 0, 0};
  }
  // Other convolutions (grouped) have no 1-D vector form for NCHW upstream;
  // they become loops.
  if (linalg::isaConvolutionOpInterface(op))
    return {};

  if (!llvm::all_of(op.getIndexingMapsArray(),
                    [](AffineMap map) {
                      return map.isProjectedPermutation(
                          /*allowZeroInResults=*/true);
                    }))
    return {};

  // All-parallel (elementwise, fill, copy, transpose): rows of the
  // innermost loop. With reductions (contractions, reductions): the last
  // parallel loop by channel tiles, the last reduction loop by chunks.
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> sizes(ranges.size(), 1);
  int lastParallel = -1, lastReduction = -1;
  for (auto [i, it] : llvm::enumerate(iterators)) {
    if (it == utils::IteratorType::parallel)
      lastParallel = i;
    else
      lastReduction = i;
  }
  if (lastReduction < 0) {
    sizes.back() = largestDivisorAtMost(ranges.back(), kRowTile);
    return sizes;
  }
  if (lastParallel >= 0)
    sizes[lastParallel] =
        largestDivisorAtMost(ranges[lastParallel], kChannelTile);
  sizes[lastReduction] =
      largestDivisorAtMost(ranges[lastReduction], kReductionTile);
  return sizes;
}

/// Rewrites a tiled 2-D convolution or pooling whose output height and window
/// height are 1 into its 1-D form through rank-reducing subviews: the
/// buffer counterpart of upstream `DownscaleSizeOneWindowed2DConvolution`,
/// which bails out on buffers ("to be implemented" in LLVM 22). Operand
/// layouts: input (n, c, h, w); filter (f, c, kh, kw) or window (kh, kw);
/// output (n, f, h, w). The height is dim 2 of input and output and dim
/// `windowHDim` of the filter or window.
template <typename Op1D, typename Op2D>
LogicalResult decomposeUnitHeightOnBuffers(RewriterBase &rewriter, Op2D op,
                                           unsigned windowHDim) {
  Value input = op.getInputs()[0], window = op.getInputs()[1];
  Value output = op.getOutputs()[0];
  auto inputType = cast<MemRefType>(input.getType());
  auto windowType = cast<MemRefType>(window.getType());
  auto outputType = cast<MemRefType>(output.getType());
  if (!inputType.hasStaticShape() || !windowType.hasStaticShape() ||
      !outputType.hasStaticShape() || outputType.getDimSize(2) != 1 ||
      windowType.getDimSize(windowHDim) != 1)
    return failure();
  auto dropDim = [](ArrayRef<int64_t> shape, unsigned dim) {
    SmallVector<int64_t> result(shape);
    result.erase(result.begin() + dim);
    return result;
  };
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value input1D = memref::createCanonicalRankReducingSubViewOp(
      rewriter, loc, input, dropDim(inputType.getShape(), 2));
  Value window1D = memref::createCanonicalRankReducingSubViewOp(
      rewriter, loc, window, dropDim(windowType.getShape(), windowHDim));
  Value output1D = memref::createCanonicalRankReducingSubViewOp(
      rewriter, loc, output, dropDim(outputType.getShape(), 2));
  auto widthOnly = [&](DenseIntElementsAttr attr) {
    int64_t w = *std::next(attr.value_begin<int64_t>());
    return DenseIntElementsAttr::get(
        RankedTensorType::get({1}, rewriter.getI64Type()), {w});
  };
  Op1D::create(rewriter, loc, TypeRange{}, ValueRange{input1D, window1D},
               ValueRange{output1D}, widthOnly(op.getStrides()),
               widthOnly(op.getDilations()));
  rewriter.eraseOp(op);
  return success();
}

/// Rewrites a tiled depthwise convolution (NCHW, one output row of one
/// channel) into one elementwise `linalg.generic` per window tap (kh, kw):
/// out[0, 0, 0, ow] += in[0, 0, kh * dh, ow * sw + kw * dw] * w[0, kh, kw],
/// reading the input through a strided subview. Upstream vectorizes
/// depthwise convolutions only channels-last (`depthwise_conv_1d_nwc_wc`);
/// the taps are rows that the elementwise path vectorizes.
LogicalResult decomposeDepthwiseOnBuffers(RewriterBase &rewriter,
                                          linalg::DepthwiseConv2DNchwChwOp op) {
  Value input = op.getInputs()[0], filter = op.getInputs()[1];
  Value output = op.getOutputs()[0];
  auto inputType = cast<MemRefType>(input.getType());
  auto filterType = cast<MemRefType>(filter.getType());
  auto outputType = cast<MemRefType>(output.getType());
  if (!inputType.hasStaticShape() || !filterType.hasStaticShape() ||
      !outputType.hasStaticShape() || outputType.getDimSize(0) != 1 ||
      outputType.getDimSize(1) != 1 || outputType.getDimSize(2) != 1)
    return failure();
  SmallVector<int64_t> strides(op.getStrides().getValues<int64_t>());
  SmallVector<int64_t> dilations(op.getDilations().getValues<int64_t>());
  int64_t width = outputType.getDimSize(3);
  Location loc = op.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  rewriter.setInsertionPoint(op);
  // The output row as 1-D, and each tap's input row and weight.
  Value outRow = memref::createCanonicalRankReducingSubViewOp(
      rewriter, loc, output, {width});
  AffineMap row = AffineMap::getMultiDimIdentityMap(1, ctx);
  AffineMap scalar = AffineMap::get(1, 0, {}, ctx);
  for (int64_t kh = 0; kh < filterType.getDimSize(1); ++kh) {
    for (int64_t kw = 0; kw < filterType.getDimSize(2); ++kw) {
      SmallVector<OpFoldResult> inOffsets = {
          rewriter.getIndexAttr(0), rewriter.getIndexAttr(0),
          rewriter.getIndexAttr(kh * dilations[0]),
          rewriter.getIndexAttr(kw * dilations[1])};
      SmallVector<OpFoldResult> inSizes = {
          rewriter.getIndexAttr(1), rewriter.getIndexAttr(1),
          rewriter.getIndexAttr(1), rewriter.getIndexAttr(width)};
      SmallVector<OpFoldResult> inStrides = {
          rewriter.getIndexAttr(1), rewriter.getIndexAttr(1),
          rewriter.getIndexAttr(1), rewriter.getIndexAttr(strides[1])};
      auto inRowType = memref::SubViewOp::inferRankReducedResultType(
          {width}, inputType, inOffsets, inSizes, inStrides);
      Value inRow = memref::SubViewOp::create(
          rewriter, loc, cast<MemRefType>(inRowType), input, inOffsets,
          inSizes, inStrides);
      SmallVector<OpFoldResult> wOffsets = {rewriter.getIndexAttr(0),
                                            rewriter.getIndexAttr(kh),
                                            rewriter.getIndexAttr(kw)};
      SmallVector<OpFoldResult> ones(3, rewriter.getIndexAttr(1));
      auto wType = memref::SubViewOp::inferRankReducedResultType(
          {}, filterType, wOffsets, ones, ones);
      Value weight = memref::SubViewOp::create(
          rewriter, loc, cast<MemRefType>(wType), filter, wOffsets, ones,
          ones);
      linalg::GenericOp::create(
          rewriter, loc, TypeRange{}, ValueRange{inRow, weight},
          ValueRange{outRow}, ArrayRef<AffineMap>{row, scalar, row},
          ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
          [](OpBuilder &b, Location l, ValueRange args) {
            Value product = arith::MulFOp::create(b, l, args[0], args[1]);
            linalg::YieldOp::create(
                b, l, Value(arith::AddFOp::create(b, l, args[2], product)));
          });
    }
  }
  rewriter.eraseOp(op);
  return success();
}

/// Builds an outer-product microkernel over the accumulator tile `output`
/// (rows along dimension `rowDim`, columns along the last one, every other
/// index 0): `rows` accumulator rows of vector<`width` x f32> are loaded
/// once, carried as loop-carried values through loops over [0, counts[i])
/// (nested in order), and stored once. Each step loads one shared row,
/// `loadRow(builder, ivs)`, and for accumulator row r one scalar,
/// `loadScalar(builder, ivs, r)`, broadcast into a fused multiply-add:
///   acc[r] = fma(row, splat(scalar_r), acc[r]).
/// The register tile of BLIS-style microkernels (and of oneDNN's and IREE's
/// CPU kernels).
void buildOuterProductMicrokernel(
    RewriterBase &rewriter, Location loc, Value output, unsigned rowDim,
    int64_t rows, int64_t width, ArrayRef<int64_t> counts,
    function_ref<Value(OpBuilder &, ValueRange)> loadRow,
    function_ref<Value(OpBuilder &, ValueRange, int64_t)> loadScalar) {
  auto index = [&](OpBuilder &b, int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v).getResult();
  };
  unsigned rank = cast<MemRefType>(output.getType()).getRank();
  auto rowIndices = [&](int64_t r) {
    SmallVector<Value> indices(rank, index(rewriter, 0));
    indices[rowDim] = index(rewriter, r);
    return indices;
  };
  auto rowType = VectorType::get({width}, rewriter.getF32Type());
  SmallVector<Value> accumulators;
  for (int64_t r = 0; r < rows; ++r)
    accumulators.push_back(
        vector::LoadOp::create(rewriter, loc, rowType, output, rowIndices(r)));
  SmallVector<Value> ivs;
  std::function<SmallVector<Value>(OpBuilder &, unsigned, ValueRange)> nest =
      [&](OpBuilder &b, unsigned depth, ValueRange accs) -> SmallVector<Value> {
    if (depth == counts.size()) {
      Value row = loadRow(b, ivs);
      SmallVector<Value> next;
      for (int64_t r = 0; r < rows; ++r) {
        Value splat =
            vector::BroadcastOp::create(b, loc, rowType, loadScalar(b, ivs, r));
        next.push_back(vector::FMAOp::create(b, loc, row, splat, accs[r]));
      }
      return next;
    }
    auto loop = scf::ForOp::create(
        b, loc, index(b, 0), index(b, counts[depth]), index(b, 1), accs,
        [&](OpBuilder &nested, Location, Value iv, ValueRange args) {
          ivs.push_back(iv);
          scf::YieldOp::create(nested, loc, nest(nested, depth + 1, args));
          ivs.pop_back();
        });
    return SmallVector<Value>(loop.getResults());
  };
  SmallVector<Value> results = nest(rewriter, 0, accumulators);
  for (int64_t r = 0; r < rows; ++r)
    vector::StoreOp::create(rewriter, loc, results[r], output, rowIndices(r));
}

/// Loads `width` f32 elements of the last dimension of `source` at
/// `indices`, `stride` apart: a contiguous row, or for a stride above 1 the
/// row's span with every stride-th element picked by a `vector.shuffle`.
Value loadStridedRow(OpBuilder &b, Location loc, Value source,
                     ValueRange indices, int64_t width, int64_t stride) {
  if (stride == 1)
    return vector::LoadOp::create(
        b, loc, VectorType::get({width}, b.getF32Type()), source, indices);
  int64_t span = (width - 1) * stride + 1;
  SmallVector<int64_t> picked;
  for (int64_t j = 0; j < width; ++j)
    picked.push_back(j * stride);
  Value spanRow = vector::LoadOp::create(
      b, loc, VectorType::get({span}, b.getF32Type()), source, indices);
  return vector::ShuffleOp::create(b, loc, spanRow, spanRow, picked);
}

/// What the microkernel needs of a tiled NCHW convolution or depthwise
/// convolution: its operands, the output tile's channels and columns, and
/// the stride of its rows.
struct MicrokernelRow {
  Value input, filter, output;
  MemRefType filterType;
  int64_t channels, width, stride;
};

/// `op`'s microkernel row: when its output tile is one row (batch and
/// height 1) and getMicrokernelStride takes it; nullopt otherwise.
template <typename ConvOp>
std::optional<MicrokernelRow> getMicrokernelRow(ConvOp op) {
  std::optional<int64_t> stride = getMicrokernelStride(op);
  Value output = op.getOutputs()[0];
  auto outputType = cast<MemRefType>(output.getType());
  if (!stride || outputType.getDimSize(0) != 1 ||
      outputType.getDimSize(2) != 1)
    return std::nullopt;
  Value filter = op.getInputs()[1];
  return MicrokernelRow{op.getInputs()[0],
                        filter,
                        output,
                        cast<MemRefType>(filter.getType()),
                        outputType.getDimSize(1),
                        outputType.getDimSize(3),
                        *stride};
}

/// Rewrites a tiled convolution (one output row of F channels and W
/// columns, the whole reduction) into the outer-product microkernel over
/// the input channels and window taps:
///   acc[f] = fma(in[c, kh, kw + s * (0..W)), splat(w[f, c, kh, kw]), acc[f])
/// (a row of stride s > 1 loaded as its span and every s-th element
/// picked). Written here because upstream vectorizes NCHW convolutions only
/// through the channels-last 1-D form, with a transpose of the accumulators
/// at every step of the reduction, and does not hoist accumulators read
/// through subviews out of the reduction loops.
LogicalResult decomposeMicrokernelOnBuffers(RewriterBase &rewriter,
                                             linalg::Conv2DNchwFchwOp op) {
  std::optional<MicrokernelRow> row = getMicrokernelRow(op);
  if (!row)
    return failure();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  buildOuterProductMicrokernel(
      rewriter, loc, row->output, /*rowDim=*/1, row->channels, row->width,
      {row->filterType.getDimSize(1), row->filterType.getDimSize(2),
       row->filterType.getDimSize(3)},
      [&](OpBuilder &b, ValueRange ivs) -> Value {
        return loadStridedRow(b, loc, row->input,
                              ValueRange{zero, ivs[0], ivs[1], ivs[2]},
                              row->width, row->stride);
      },
      [&](OpBuilder &b, ValueRange ivs, int64_t f) -> Value {
        Value channel = arith::ConstantIndexOp::create(b, loc, f);
        return memref::LoadOp::create(
            b, loc, row->filter, ValueRange{channel, ivs[0], ivs[1], ivs[2]});
      });
  rewriter.eraseOp(op);
  return success();
}

/// The contraction out[b..., m, n] += A[..., m, k] * B[..., k, n] (or
/// A[..., k, m]) of `op`, with k its only reduction loop, last, and n the
/// last, contiguous index of B and of the output, f32 and static: whether A
/// is transposed; failure otherwise. Batch indices of A and B are the
/// output's or 0 (broadcast).
FailureOr<bool> matchRowMajorContraction(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureBufferSemantics())
    return failure();
  unsigned numLoops = op.getNumLoops();
  if (numLoops < 3 || op.getNumReductionLoops() != 1 ||
      op.getIteratorTypesArray().back() != utils::IteratorType::reduction ||
      !hasStaticF32Operands(op))
    return failure();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  unsigned m = numLoops - 3, n = numLoops - 2, k = numLoops - 1;
  if (maps[2] != AffineMap::getMultiDimIdentityMap(numLoops, op.getContext())
                     .getMajorSubMap(numLoops - 1))
    return failure();
  auto isDim = [](AffineExpr e, unsigned d) {
    auto dim = dyn_cast<AffineDimExpr>(e);
    return dim && dim.getPosition() == d;
  };
  // Batch results: right-aligned on the loops before m, or 0.
  auto batchOk = [&](AffineMap map) {
    unsigned numBatch = map.getNumResults() - 2;
    if (map.getNumResults() < 2 || numBatch > m)
      return false;
    for (unsigned i = 0; i < numBatch; ++i) {
      AffineExpr e = map.getResult(i);
      auto constant = dyn_cast<AffineConstantExpr>(e);
      if (!isDim(e, m - numBatch + i) &&
          !(constant && constant.getValue() == 0))
        return false;
    }
    return true;
  };
  AffineMap a = maps[0], b = maps[1];
  if (!batchOk(a) || !batchOk(b))
    return failure();
  unsigned ra = a.getNumResults(), rb = b.getNumResults();
  if (!isDim(b.getResult(rb - 2), k) || !isDim(b.getResult(rb - 1), n))
    return failure();
  bool transposedA;
  if (isDim(a.getResult(ra - 2), m) && isDim(a.getResult(ra - 1), k))
    transposedA = false;
  else if (isDim(a.getResult(ra - 2), k) && isDim(a.getResult(ra - 1), m))
    transposedA = true;
  else
    return failure();
  // The body: yield(out + a * b), in either order.
  Block &body = op.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto add = yield.getValues()[0].getDefiningOp<arith::AddFOp>();
  if (body.getOperations().size() != 3 || !add)
    return failure();
  Value out = body.getArgument(2);
  Value product = add.getLhs() == out ? add.getRhs() : add.getLhs();
  auto mul = product.getDefiningOp<arith::MulFOp>();
  if ((add.getLhs() != out && add.getRhs() != out) || !mul)
    return failure();
  Value x = body.getArgument(0), y = body.getArgument(1);
  if (!((mul.getLhs() == x && mul.getRhs() == y) ||
        (mul.getLhs() == y && mul.getRhs() == x)))
    return failure();
  return transposedA;
}

/// Rewrites a tiled row-major contraction (M rows of N columns of the
/// output, the whole reduction) into the outer-product microkernel over k:
///   acc[m] = fma(B[k, 0..N), splat(A[m, k]), acc[m]).
/// Upstream's vectorizer makes a vector.contract per reduction chunk, whose
/// accumulator goes through memory at every chunk (as the convolutions').
LogicalResult decomposeContractionOnBuffers(RewriterBase &rewriter,
                                            linalg::GenericOp op) {
  FailureOr<bool> transposedA = matchRowMajorContraction(op);
  if (failed(transposedA))
    return failure();
  Value lhs = op.getDpsInputs()[0], rhs = op.getDpsInputs()[1];
  Value output = op.getDpsInits()[0];
  auto outputType = cast<MemRefType>(output.getType());
  auto lhsType = cast<MemRefType>(lhs.getType());
  auto rhsType = cast<MemRefType>(rhs.getType());
  unsigned rank = outputType.getRank();
  if (llvm::any_of(outputType.getShape().drop_back(2),
                   [](int64_t d) { return d != 1; }))
    return failure();
  int64_t rows = outputType.getDimSize(rank - 2);
  int64_t width = outputType.getDimSize(rank - 1);
  int64_t depth = rhsType.getDimSize(rhsType.getRank() - 2);
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  buildOuterProductMicrokernel(
      rewriter, loc, output, rank - 2, rows, width, {depth},
      [&](OpBuilder &b, ValueRange ivs) -> Value {
        SmallVector<Value> at(rhsType.getRank(), zero);
        at[rhsType.getRank() - 2] = ivs[0];
        return vector::LoadOp::create(
            b, loc, VectorType::get({width}, b.getF32Type()), rhs, at);
      },
      [&](OpBuilder &b, ValueRange ivs, int64_t r) -> Value {
        SmallVector<Value> at(lhsType.getRank(), zero);
        Value row = arith::ConstantIndexOp::create(b, loc, r);
        unsigned last = lhsType.getRank() - 1;
        at[last - 1] = *transposedA ? ivs[0] : row;
        at[last] = *transposedA ? row : ivs[0];
        return memref::LoadOp::create(b, loc, lhs, at);
      });
  rewriter.eraseOp(op);
  return success();
}

/// Rewrites a tiled depthwise convolution (one output row of one channel,
/// the window taps in the tile) into the microkernel with one accumulator
/// row: acc = fma(in[kh, kw + s * (0..W)), splat(w[kh, kw]), acc) over the
/// taps, the row loaded and stored once.
LogicalResult
decomposeDepthwiseMicrokernelOnBuffers(RewriterBase &rewriter,
                                       linalg::DepthwiseConv2DNchwChwOp op) {
  std::optional<MicrokernelRow> row = getMicrokernelRow(op);
  if (!row || row->channels != 1)
    return failure();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  buildOuterProductMicrokernel(
      rewriter, loc, row->output, /*rowDim=*/1, /*rows=*/1, row->width,
      {row->filterType.getDimSize(1), row->filterType.getDimSize(2)},
      [&](OpBuilder &b, ValueRange ivs) -> Value {
        return loadStridedRow(b, loc, row->input,
                              ValueRange{zero, zero, ivs[0], ivs[1]},
                              row->width, row->stride);
      },
      [&](OpBuilder &b, ValueRange ivs, int64_t) -> Value {
        return memref::LoadOp::create(b, loc, row->filter,
                                      ValueRange{zero, ivs[0], ivs[1]});
      });
  rewriter.eraseOp(op);
  return success();
}

LogicalResult decomposeOnBuffers(RewriterBase &rewriter, Operation *op) {
  if (auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op);
      conv && succeeded(decomposeMicrokernelOnBuffers(rewriter, conv)))
    return success();
  if (auto generic = dyn_cast<linalg::GenericOp>(op))
    return decomposeContractionOnBuffers(rewriter, generic);
  if (auto depthwise = dyn_cast<linalg::DepthwiseConv2DNchwChwOp>(op)) {
    if (succeeded(decomposeDepthwiseMicrokernelOnBuffers(rewriter, depthwise)))
      return success();
    return decomposeDepthwiseOnBuffers(rewriter, depthwise);
  }
  if (auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op))
    return decomposeUnitHeightOnBuffers<linalg::Conv1DNcwFcwOp>(rewriter, conv,
                                                                /*kh=*/2);
  if (auto pool = dyn_cast<linalg::PoolingNchwMaxOp>(op))
    return decomposeUnitHeightOnBuffers<linalg::PoolingNcwMaxOp>(rewriter,
                                                                 pool, 0);
  if (auto pool = dyn_cast<linalg::PoolingNchwSumOp>(op))
    return decomposeUnitHeightOnBuffers<linalg::PoolingNcwSumOp>(rewriter,
                                                                 pool, 0);
  return failure();
}

int64_t getStaticIterationPoints(linalg::LinalgOp op) {
  int64_t points = 1;
  for (int64_t r : op.getStaticLoopRanges()) {
    if (ShapedType::isDynamic(r))
      return -1;
    points *= r;
  }
  return points;
}

struct TileAndVectorizePass
    : public mini::impl::TileAndVectorizePassBase<TileAndVectorizePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);

    // memref.copy (from bufferized insert_slice and pad) as linalg.copy, so
    // that copies are tiled and vectorized like any elementwise op, unless
    // both sides are one contiguous static block (a concat's operand in its
    // channel slice): upstream's memref-to-llvm lowers those to one
    // `llvm.intr.memcpy`, which costs the JIT nothing and runs as the C
    // library's memcpy. DenseNet-121's 541 concat copies were half its loop
    // nests.
    SmallVector<memref::CopyOp> copies;
    func.walk([&](memref::CopyOp copy) {
      auto contiguous = [](Type type) {
        auto memref = dyn_cast<MemRefType>(type);
        return memref && memref::isStaticShapeAndContiguousRowMajor(memref);
      };
      if (!contiguous(copy.getSource().getType()) ||
          !contiguous(copy.getTarget().getType()))
        copies.push_back(copy);
    });
    for (memref::CopyOp copy : copies) {
      rewriter.setInsertionPoint(copy);
      linalg::CopyOp::create(rewriter, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      rewriter.eraseOp(copy);
    }

    // A contraction's unit loops (ViT's attention projections compute
    // 197x1x768 by 768x2304, the batch of one between the rows and the
    // reduction) are dropped first (upstream `linalg::dropUnitDims`, through
    // rank-reducing subviews), so that the row-major matcher sees rows and
    // columns next to the reduction; otherwise the rows were tiled one by
    // one. The drop is kept only if the microkernel's matcher takes its
    // result: a classifier's 1 x 2048 by 2048 x 1000 has no rows left
    // without its unit loop, and keeps its one-row tiles. A drop that is
    // not kept leaves dead subviews, which the pipeline's canonicalizer
    // removes.
    SmallVector<linalg::GenericOp> withUnitLoops;
    func.walk([&](linalg::GenericOp op) {
      if (op.hasPureBufferSemantics() && op.getNumReductionLoops() != 0 &&
          linalg::isaContractionOpInterface(op) &&
          llvm::is_contained(op.getStaticLoopRanges(), 1))
        withUnitLoops.push_back(op);
    });
    linalg::ControlDropUnitDims dropUnitLoops;
    dropUnitLoops.rankReductionStrategy =
        linalg::ControlDropUnitDims::RankReductionStrategy::ExtractInsertSlice;
    for (linalg::GenericOp op : withUnitLoops) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::DropUnitDimsResult> dropped =
          linalg::dropUnitDims(rewriter, op, dropUnitLoops);
      if (failed(dropped))
        continue;
      auto generic = dyn_cast<linalg::GenericOp>(
          dropped->resultOp.getOperation());
      if (generic && succeeded(matchRowMajorContraction(generic)))
        rewriter.eraseOp(op);
      else
        rewriter.eraseOp(dropped->resultOp);
    }

    // Tile. The ops have buffer semantics, so tiling leaves no results to
    // replace; the original op is erased once its tiles exist.
    SmallVector<linalg::LinalgOp> ops;
    func.walk([&](linalg::LinalgOp op) {
      if (op.hasPureBufferSemantics())
        ops.push_back(op);
    });
    // A row-major contraction whose rows or columns the microkernel's tile
    // does not divide (ViT's 197 tokens) is split (upstream
    // `linalg::splitOp`) into a part it divides and the rest, so that the
    // bulk keeps full tiles instead of the largest divisor's (1 for a
    // prime).
    SmallVector<linalg::LinalgOp> split;
    for (linalg::LinalgOp op : ops) {
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic || failed(matchRowMajorContraction(generic))) {
        split.push_back(op);
        continue;
      }
      SmallVector<linalg::LinalgOp> parts = {op};
      for (auto [dim, tile] : getContractionTiles(op.getNumLoops())) {
        SmallVector<linalg::LinalgOp> next;
        for (linalg::LinalgOp part : parts) {
          int64_t range = part.getStaticLoopRanges()[dim];
          int64_t bulk = range / tile * tile;
          if (bulk == 0 || bulk == range) {
            next.push_back(part);
            continue;
          }
          rewriter.setInsertionPoint(part);
          auto [first, second] = linalg::splitOp(
              rewriter, cast<TilingInterface>(part.getOperation()), dim,
              rewriter.getIndexAttr(bulk));
          for (TilingInterface half : {first, second})
            if (half)
              next.push_back(cast<linalg::LinalgOp>(half.getOperation()));
        }
        parts = std::move(next);
      }
      llvm::append_range(split, parts);
    }
    ops = std::move(split);
    for (linalg::LinalgOp op : ops) {
      SmallVector<int64_t> interchange;
      SmallVector<int64_t> sizes = chooseTileSizes(op, interchange);
      // Every op is tiled, however small, so that vector sizes (and the
      // unrolled code) stay at register-tile scale.
      if (sizes.empty())
        continue;
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(ctx, sizes));
      options.setInterchange(interchange);
      rewriter.setInsertionPoint(op);
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled))
        continue;
      rewriter.eraseOp(op);
      // Unit-height 2-D convolutions and poolings to their 1-D forms, which
      // the vectorizer handles.
      for (Operation *tile : tiled->tiledOps)
        (void)decomposeOnBuffers(rewriter, tile);
    }

    // Vectorize the tiles.
    SmallVector<linalg::LinalgOp> candidates;
    func.walk([&](linalg::LinalgOp op) {
      if (!op->getParentOfType<scf::ForOp>())
        return;
      // Vectors of i1 are bit-packed in memory, while memrefs of i1 (masks,
      // comparison results) hold one byte per element: those ops stay
      // scalar loops.
      auto isBool = [](Value v) {
        return getElementTypeOrSelf(v.getType()).isInteger(1);
      };
      if (llvm::any_of(op->getOperands(), isBool))
        return;
      int64_t points = getStaticIterationPoints(op);
      if (points > 0 && points <= kMaxVectorizedPoints &&
          op.hasPureBufferSemantics() &&
          linalg::hasVectorizationImpl(op.getOperation()))
        candidates.push_back(op);
    });
    for (linalg::LinalgOp op : candidates) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::VectorizationResult> result =
          linalg::vectorize(rewriter, op.getOperation());
      if (succeeded(result))
        rewriter.eraseOp(op);
    }

    // Keep accumulators in registers across the reduction loops. The
    // vectorizer materializes its index constants inside the loops; folding
    // (an empty pattern set) moves them to the entry first, so that the
    // transfers' indices are loop-invariant.
    // erf and tanh have no LLVM intrinsic: MathToLibm would call erff/tanhf
    // per element (and cannot scalarize n-D vectors after vector-to-llvm).
    // Upstream's polynomial approximations (float32 accuracy) keep them
    // vectorized instead.
    RewritePatternSet approximations(ctx);
    populatePolynomialApproximateErfPattern(approximations);
    populatePolynomialApproximateTanhPattern(approximations);
    (void)applyPatternsGreedily(func, std::move(approximations));
    linalg::hoistRedundantVectorTransfers(func);
  }
};

} // namespace
