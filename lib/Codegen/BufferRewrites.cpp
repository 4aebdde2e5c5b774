//===- BufferRewrites.cpp - rewrites of tiles on buffers ------------------===//

#include "BufferRewrites.h"

#include "Microkernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mini::codegen;

namespace {

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
  // f32 throughout, or int8 into int32 (the taps' bodies below).
  if (!hasMicrokernelOperands(op) || outputType.getDimSize(0) != 1 ||
      outputType.getDimSize(1) != 1 || outputType.getDimSize(2) != 1)
    return failure();
  SmallVector<int64_t> strides(op.getStrides().getValues<int64_t>());
  SmallVector<int64_t> dilations(op.getDilations().getValues<int64_t>());
  int64_t width = outputType.getDimSize(3);
  Location loc = op.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  rewriter.setInsertionPoint(op);
  // The output row as 1-D, and each tap's input row and weight.
  Value outRow = memref::createCanonicalRankReducingSubViewOp(rewriter, loc,
                                                              output, {width});
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
      Value inRow =
          memref::SubViewOp::create(rewriter, loc, cast<MemRefType>(inRowType),
                                    input, inOffsets, inSizes, inStrides);
      SmallVector<OpFoldResult> wOffsets = {rewriter.getIndexAttr(0),
                                            rewriter.getIndexAttr(kh),
                                            rewriter.getIndexAttr(kw)};
      SmallVector<OpFoldResult> ones(3, rewriter.getIndexAttr(1));
      auto wType = memref::SubViewOp::inferRankReducedResultType(
          {}, filterType, wOffsets, ones, ones);
      Value weight = memref::SubViewOp::create(
          rewriter, loc, cast<MemRefType>(wType), filter, wOffsets, ones, ones);
      linalg::GenericOp::create(
          rewriter, loc, TypeRange{}, ValueRange{inRow, weight},
          ValueRange{outRow}, ArrayRef<AffineMap>{row, scalar, row},
          ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
          [](OpBuilder &b, Location l, ValueRange args) {
            // Floats, or integers widened to the accumulator's type (int8
            // taps into int32).
            Type acc = args[2].getType();
            if (isa<FloatType>(acc)) {
              Value product = arith::MulFOp::create(b, l, args[0], args[1]);
              linalg::YieldOp::create(
                  b, l, Value(arith::AddFOp::create(b, l, args[2], product)));
              return;
            }
            auto widen = [&](Value v) -> Value {
              return v.getType() == acc ? v
                                        : arith::ExtSIOp::create(b, l, acc, v);
            };
            Value product =
                arith::MulIOp::create(b, l, widen(args[0]), widen(args[1]));
            linalg::YieldOp::create(
                b, l, Value(arith::AddIOp::create(b, l, args[2], product)));
          });
    }
  }
  rewriter.eraseOp(op);
  return success();
}

} // namespace

LogicalResult mini::codegen::decomposeOnBuffers(RewriterBase &rewriter,
                                                Operation *op) {
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
    return decomposeUnitHeightOnBuffers<linalg::PoolingNcwMaxOp>(rewriter, pool,
                                                                 0);
  if (auto pool = dyn_cast<linalg::PoolingNchwSumOp>(op))
    return decomposeUnitHeightOnBuffers<linalg::PoolingNcwSumOp>(rewriter, pool,
                                                                 0);
  return failure();
}
