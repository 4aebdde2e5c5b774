//===- Passes.td - mini-infer CPU code generation passes ---*- tablegen -*-===//
//
// Passes that prepare planned (or unplanned) memref IR for the LLVM lowering.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_CODEGEN_PASSES_TD
#define MINI_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def TileAndVectorizePass
    : Pass<"mini-tile-and-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Tile and vectorize linalg ops on memrefs for the CPU";
  let description = [{
    Drives upstream linalg transformations over every linalg op of a
    function, so that convolutions, contractions and elementwise ops do not
    stay scalar loops:

    - `linalg.conv_2d_nchw_fchw` and `linalg.pooling_nchw_{max,sum}` are
      tiled with `scf::tileUsingSCF` to one output row, up to 8 output
      channels by up to 8 output columns (and up to 16 input channels for
      convolutions) with unit window tiles, decomposed to their 1-D forms
      through rank-reducing subviews (what upstream's
      `DownscaleSizeOneWindowed2DConvolution` does on tensors) and vectorized by the linalg
      vectorizer (its 1-D convolution generator).
    - `linalg.depthwise_conv_2d_nchw_chw` is tiled to one output row of one
      channel (up to 64 columns) and each window tap becomes an elementwise
      `linalg.generic` over a strided subview of the input row, vectorized
      as a row (upstream vectorizes depthwise convolutions channels-last
      only).
    - All-parallel ops (elementwise `linalg.generic`, `linalg.fill`,
      `linalg.copy`, to which `memref.copy` is first rewritten) are tiled to
      rows of up to 64 innermost elements and vectorized.
    - Contractions (`linalg.generic` with reductions and projected
      permutation maps, such as Gemm) are tiled to 1 x 8 x 16 and
      vectorized to `vector.contract`.

    Every such op is tiled, however small, and only tiles (ops inside the tile
    loops, of at most 2048 iteration points) are vectorized, so that the fully
    unrolled vector code stays at register scale. Tile sizes divide the loop
    ranges (the largest divisor not above the target), so every tile is
    static and no masking is needed. Loop-invariant
    vector transfers are then hoisted out of the tile loops
    (`linalg::hoistRedundantVectorTransfers`), which keeps convolution
    accumulators in registers across the reduction loops. An op the
    vectorizer rejects stays a (tiled) linalg op, for
    `convert-linalg-to-loops`; the pass never fails.
  }];
  let dependentDialects = ["::mlir::affine::AffineDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect"];
}

#endif // MINI_CODEGEN_PASSES_TD
