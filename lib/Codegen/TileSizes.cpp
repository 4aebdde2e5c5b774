//===- TileSizes.cpp - the tile sizes of mini's CPU code ------------------===//

#include "TileSizes.h"

#include "Microkernels.h"

#include "mini/Support/Divisors.h"

using namespace mlir;
using namespace mini::codegen;

using mini::largestDivisorAtMost;

SmallVector<int64_t>
mini::codegen::chooseTileSizes(linalg::LinalgOp op,
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
    return {1, largestDivisorAtMost(ranges[1], kChannelTile),
            1, largestDivisorAtMost(ranges[3], kMicrokernelWidth),
            0, 0,
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
    return {1, largestDivisorAtMost(ranges[1], kChannelTile),
            1, largestDivisorAtMost(ranges[3], kWidthTile),
            1, 1};
  // (n, oh, ow, c, kh, kw): one output row of one channel, up to 64
  // columns (16 for a strided row, read as its span), the window taps in the
  // tile: the microkernel with one accumulator row
  // (decomposeDepthwiseMicrokernelOnBuffers), or one elementwise generic
  // per tap (decomposeDepthwiseOnBuffers).
  if (auto depthwise =
          dyn_cast<linalg::DepthwiseConv2DNchwChwOp>(op.getOperation())) {
    bool strided = llvm::any_of(depthwise.getStrides().getValues<int64_t>(),
                                [](int64_t s) { return s != 1; });
    return {
        1,
        1,
        largestDivisorAtMost(ranges[2], strided ? kMicrokernelWidth : kRowTile),
        1,
        0,
        0};
  }
  // Other convolutions (grouped) have no 1-D vector form for NCHW upstream;
  // they become loops.
  if (linalg::isaConvolutionOpInterface(op))
    return {};

  if (!llvm::all_of(op.getIndexingMapsArray(), [](AffineMap map) {
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

int64_t mini::codegen::getStaticIterationPoints(linalg::LinalgOp op) {
  int64_t points = 1;
  for (int64_t r : op.getStaticLoopRanges()) {
    if (ShapedType::isDynamic(r))
      return -1;
    points *= r;
  }
  return points;
}
