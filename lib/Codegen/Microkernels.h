//===- Microkernels.h - the outer-product microkernels ------------*- C++
//-*-===//
//
// The register tile of mini's CPU code (BLIS-style outer-product
// microkernels, as oneDNN's and IREE's CPU kernels): its sizes, which tiles
// it takes (matchers), and the rewrites of a tile on buffers into it.
// Internal to lib/Codegen.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_LIB_CODEGEN_MICROKERNELS_H
#define MINI_LIB_CODEGEN_MICROKERNELS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

#include <array>
#include <optional>

namespace mini {
namespace codegen {

using namespace mlir;

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

/// Whether every operand of `op` is a memref of static shape and f32
/// elements, as the microkernel reads them.
inline bool hasStaticF32Operands(Operation *op) {
  return llvm::all_of(op->getOperands(), [](Value v) {
    auto type = dyn_cast<MemRefType>(v.getType());
    return type && type.hasStaticShape() && type.getElementType().isF32();
  });
}

/// Whether `op` is a linalg op with one init, a memref of static shape and
/// `accumulator` elements, and inputs of static shape and `input` elements:
/// the operands of an accumulation whose products the microkernel widens.
inline bool hasWideningOperands(Operation *op, Type input, Type accumulator) {
  auto isStatic = [](Value v, Type element) {
    auto type = dyn_cast<MemRefType>(v.getType());
    return type && type.hasStaticShape() && type.getElementType() == element;
  };
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp && linalgOp.getNumDpsInits() == 1 &&
         isStatic(linalgOp.getDpsInits()[0], accumulator) &&
         llvm::all_of(linalgOp.getDpsInputs(),
                      [&](Value v) { return isStatic(v, input); });
}

/// Whether `op` accumulates half-precision inputs (all f16 or all bf16)
/// into an f32 output, static memrefs all: the microkernel extends each
/// loaded element to f32.
inline bool hasHalfIntoF32Operands(Operation *op) {
  Builder b(op->getContext());
  return hasWideningOperands(op, b.getF16Type(), b.getF32Type()) ||
         hasWideningOperands(op, b.getBF16Type(), b.getF32Type());
}

/// Whether the convolution microkernel takes `op`'s operands: memrefs of
/// static shape, all f32, int8 inputs into an int32 output (the int8
/// convolutions, whose products the microkernel widens to int32), or half
/// inputs into an f32 output (extended to f32).
inline bool hasMicrokernelOperands(Operation *op) {
  Builder b(op->getContext());
  return hasStaticF32Operands(op) ||
         hasWideningOperands(op, b.getI8Type(), b.getI32Type()) ||
         hasHalfIntoF32Operands(op);
}

/// The width stride of a convolution the microkernel takes: its operands
/// (hasMicrokernelOperands), unit dilations, strides of at most
/// kMaxMicrokernelStride (a strided input row is read contiguously and its
/// every stride-th element picked); std::nullopt for any other.
template <typename ConvOp>
std::optional<int64_t> getMicrokernelStride(ConvOp conv) {
  auto isOne = [](int64_t v) { return v == 1; };
  auto isSmall = [](int64_t v) { return v >= 1 && v <= kMaxMicrokernelStride; };
  auto strides = conv.getStrides().template getValues<int64_t>();
  if (!hasMicrokernelOperands(conv) || !llvm::all_of(strides, isSmall) ||
      !llvm::all_of(conv.getDilations().template getValues<int64_t>(), isOne))
    return std::nullopt;
  return *std::next(strides.begin());
}

/// The contraction out[b..., m, n] += A[..., m, k] * B[..., k, n] (or
/// A[..., k, m]) of `op`, with k its only reduction loop, last, and n the
/// last, contiguous index of B and of the output, static, all f32 or half
/// inputs (each extended in the body) into f32: whether A is transposed;
/// failure otherwise. Batch indices of A and B are the
/// output's or 0 (broadcast).
FailureOr<bool> matchRowMajorContraction(linalg::GenericOp op);

/// The tiles of a row-major contraction's m and n loops (its last loop but
/// two and but one, of `numLoops`), in elements: the microkernel's rows and
/// columns.
inline std::array<std::pair<unsigned, int64_t>, 2>
getContractionTiles(unsigned numLoops) {
  return {{{numLoops - 3, kChannelTile}, {numLoops - 2, kMicrokernelWidth}}};
}

/// Rewrites a tiled convolution (one output row of F channels and W
/// columns, the whole reduction) into the microkernel over the input
/// channels and window taps; failure when getMicrokernelRow does not take
/// it.
LogicalResult decomposeMicrokernelOnBuffers(RewriterBase &rewriter,
                                            linalg::Conv2DNchwFchwOp op);

/// Rewrites a tiled row-major contraction (matchRowMajorContraction) into
/// the microkernel over k; failure for any other op.
LogicalResult decomposeContractionOnBuffers(RewriterBase &rewriter,
                                            linalg::GenericOp op);

/// Rewrites a tiled depthwise convolution of one output row of one channel
/// into the microkernel with one accumulator row; failure otherwise.
LogicalResult
decomposeDepthwiseMicrokernelOnBuffers(RewriterBase &rewriter,
                                       linalg::DepthwiseConv2DNchwChwOp op);

} // namespace codegen
} // namespace mini

#endif // MINI_LIB_CODEGEN_MICROKERNELS_H
