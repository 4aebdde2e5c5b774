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

    - `linalg.conv_2d_nchw_fchw` of dilation 1 and strides up to 2 is tiled to one
      output row of up to 8 output channels by up to 16 columns with the
      whole reduction, and each tile becomes an outer-product microkernel:
      the 8 accumulator rows (`vector<16xf32>`) are loaded once, carried
      through `scf.for` loops over the input channels and window taps as
      loop-carried values, each step one input row (`vector.load`) and one
      broadcast weight per channel into `vector.fma`, and stored once. A
      row of stride 2 is read as its contiguous span and every other
      element picked (`vector.shuffle`).
    - Other `linalg.conv_2d_nchw_fchw` and `linalg.pooling_nchw_{max,sum}`
      are tiled with `scf::tileUsingSCF` to one output row, up to 8 output
      channels by up to 8 output columns (and up to 16 input channels for
      convolutions) with unit window tiles, decomposed to their 1-D forms
      through rank-reducing subviews (what upstream's
      `DownscaleSizeOneWindowed2DConvolution` does on tensors) and
      vectorized by the linalg vectorizer (its 1-D convolution generator).
    - `linalg.depthwise_conv_2d_nchw_chw` of dilation 1 and strides up to
      2 is tiled to one output row of one channel (up to 64 columns, 16 when
      strided) with its window taps, and becomes the microkernel with one
      accumulator row. Other depthwise convolutions are tiled the same way
      and each window tap becomes an elementwise `linalg.generic` over a
      strided subview of the input row, vectorized as a row (upstream
      vectorizes depthwise convolutions channels-last only).
    - All-parallel ops (elementwise `linalg.generic`, `linalg.fill`,
      `linalg.copy`, to which `memref.copy` is first rewritten) are tiled to
      rows of up to 64 innermost elements and vectorized.
    - Row-major contractions (`linalg.generic` computing
      out[b..., m, n] += A[..., m, k] * B[..., k, n], A possibly transposed,
      batch indices broadcast; MatMul and Gemm without transB) are tiled to
      8 rows x up to 16 columns with the whole reduction, and each tile
      becomes the same outer-product microkernel over k: one row of B and
      8 broadcast elements of A per step.
    - Other contractions (`linalg.generic` with reductions and projected
      permutation maps) are tiled to 1 x 8 x 16 and vectorized.

    Every such op is tiled, however small, and only tiles (ops inside the tile
    loops, of at most 2048 iteration points) are vectorized, so that the fully
    unrolled vector code stays at register scale. Tile sizes divide the loop
    ranges (the largest divisor not above the target), so every tile is
    static and no masking is needed. Loop-invariant
    vector transfers are then hoisted out of the tile loops
    (`linalg::hoistRedundantVectorTransfers`; it leaves transfers through
    subviews, which is why the microkernel carries its accumulators
    itself). An op the
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

def FuseElementwisePass
    : Pass<"mini-fuse-elementwise", "::mlir::func::FuncOp"> {
  let summary = "Fuse elementwise linalg ops on tensors into their "
                "elementwise consumers";
  let description = [{
    Upstream's elementwise fusion (`linalg::populateElementwiseOpsFusionPatterns`)
    over `linalg.generic` ops on tensors whose loops are all parallel: a
    producer with one use is fused into its consumer, so that a chain such
    as batch norm and ReLU, or GELU's steps, becomes one op, one loop nest
    after tiling and one buffer after bufferization instead of one per step.
    Producers with several uses stay (fusing them would compute them twice),
    as do producers outside the consumer's block (outside a loop, they
    would run at every iteration), and nothing is fused into reductions or
    contractions, whose tiles the microkernels of `mini-tile-and-vectorize`
    match.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def OutlineLoopNestsPass
    : Pass<"mini-outline-loop-nests", "::mlir::ModuleOp"> {
  let summary = "Split each function's loop nests into functions of a few "
                "dozen nests each";
  let description = [{
    Moves runs of consecutive top-level ops without results (loop nests,
    copies) of every single-block function into private functions of at
    most `nests-per-function` ops with regions each, marked `no_inline`, and
    calls them in order. The pure ops they use from the function (constants,
    `memref.view`, `memref.subview`, `memref.get_global`, casts and
    reshapes) are cloned into each part, so that a part sees its buffers as
    views at constant offsets of the pools it takes as arguments, as the
    whole function did; other values (pools, arguments) are passed. A part
    ends at a top-level op with results that its earlier ops may not run
    after: one with memory effects, or an allocation once the part frees
    memory (which would raise the heap's peak).

    Why: LLVM's scalar evolution proves loop guards by climbing the chain of
    dominating blocks back to the function's entry, once per loop, so its
    time grows with the square of the number of loops in one function:
    DenseNet-121's 1043 nests in one function took 34 s to JIT.
    One function per nest (IREE's dispatches, upstream
    `outlineSingleBlockRegion`) lost the views' distinctness across
    arguments and made the code slower; parts of a few dozen nests keep it.
  }];
  let options = [
    Option<"nestsPerFunction", "nests-per-function", "unsigned",
           /*default=*/"32",
           "The most ops with regions (loop nests) per outlined function">,
  ];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

#endif // MINI_CODEGEN_PASSES_TD
