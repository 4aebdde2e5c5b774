//===- Passes.td - mini-infer fusion passes ----------------*- tablegen -*-===//

#ifndef MINI_FUSION_PASSES_TD
#define MINI_FUSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def FusePatchesPass : Pass<"mini-fuse-patches", "::mlir::func::FuncOp"> {
  let summary = "Run segments of a network patch by patch, chosen by their planned memory and MACs";
  let description = [{
    Patch-based inference (MCUNetV2, NeurIPS 2021) chosen by the planner, on
    linalg on tensors before bufferization. The function body is cut at its
    cut points: the program points where one activation tensor alone is
    live (a chain's layer outputs, a residual block's output). Between two
    cut points a segment runs layer by layer, or patch by patch: its last
    op tiled over H and W of its NCHW result into a grid of patches with
    upstream tile-and-fuse, every other op of the segment (pads included)
    fused into the patch loops, halos recomputed per patch.

    A segment may also run by groups of channels: its sink's channels cut
    into `channel-groups` (a global pooling needs its whole map, but only
    for a group of channels at a time), or its inner tensor split (the
    input channels of its last convolution or matmul whose input it
    computes, accumulated one group after the other, every producer of
    that input fused per group: MobileNetV2's memory-efficient inference of
    inverted residual blocks, Sandler et al., CVPR 2018, section 5.1; no
    MAC is added).

    Every candidate (a segment of at most `max-segment-cuts` cut intervals
    and one of `patch-grids` or of `channel-groups`, or a single interval
    layer by layer) is figured exactly: its MACs counted from the fused
    ops' shapes at every patch, and its peak planned by `--plan-memory`
    (the same bufferization as `--mini-bufferize`, the same `alignment`
    and `in-place`) on a function of its own whose boundary tensors are
    buffers as they are in the network. Every single interval is figured;
    longer segments only where they cover part of a bottleneck of the best
    path so far (a segment whose peak is the path's), fewest intervals
    first, until none is left there (at most `max-planned-candidates`
    planned). The segments are then a minimax path (msf-CNN, NeurIPS 2025;
    mini/Planning/SegmentSearch.h):

    - `max-mac-overhead=F`: the smallest peak whose MACs are at most F
      times the network's;
    - `memory-budget=BYTES`: the fewest MACs whose peak fits, among the
      segments figured until a path fits (the search stops there), or an
      error naming the smallest peak reachable.

    `report=` writes the choice as JSON: per segment its ops, patch grid,
    patch and input patch sizes, MACs and extra MACs, and its planned bytes
    layer by layer and patch by patch; for the function the MACs layer by
    layer and as chosen and the largest planned peak of the chosen segments
    (what `--plan-memory` then plans for the whole function: only the cut
    tensor crosses a cut). The function gets `mini.patch_fusion` with the
    same figures. A function of more than one block is left as it is, with
    a warning.
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::cf::ControlFlowDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
  let options = [
    Option<"maxMacOverhead", "max-mac-overhead", "double", "0.0",
           "Smallest peak whose MACs are at most this many times the "
           "network's (>= 1; 0: not set)">,
    Option<"memoryBudget", "memory-budget", "uint64_t", "0",
           "Fewest MACs whose planned peak is at most this many bytes "
           "(0: not set)">,
    ListOption<"patchGrids", "patch-grids", "int64_t",
               "The patch grids tried, as patches per side (n: an n x n "
               "grid); a grid finer than the sink's H or W is skipped">,
    ListOption<"channelGroups", "channel-groups", "int64_t",
               "The groups of channels tried, for a sink's channels and "
               "for a split inner tensor">,
    Option<"maxSegmentCuts", "max-segment-cuts", "unsigned", "16",
           "The most cut intervals one fused segment spans">,
    Option<"maxPlannedCandidates", "max-planned-candidates", "unsigned",
           "4000",
           "The most patch-by-patch candidates planned (the search's time "
           "bound, deterministic); the rest are left out">,
    Option<"alignment", "alignment", "int64_t", "64",
           "The alignment the candidates are planned with (as "
           "--plan-memory's)">,
    Option<"inPlace", "in-place", "bool", "true",
           "Plan the candidates with in-place reuse (as --plan-memory's)">,
    Option<"report", "report", "std::string", "\"\"",
           "Write the choice as JSON to this file ('-': stdout)">
  ];
}

def FuseAccumulatorsPass : Pass<"mini-fuse-accumulators", "::mlir::func::FuncOp"> {
  let summary = "Compute wide accumulators (int32 of int8, f32 of f16) a few rows at a time, requantized as they go";
  let description = [{
    An int8 convolution accumulates in int32, four bytes per output element,
    and only the requantizing op after it makes the int8 result: whole, the
    accumulator is four times the output it becomes. A half-precision
    convolution accumulates in f32, twice its f16 or bf16 output. This pass
    tiles each requantization or rounding (the elementwise linalg.generic
    that reads an int32 or f32 result of an accumulating linalg op into
    narrower elements, on NCHW tensors; possibly fused
    with the elementwise ops after it) into bands of at most `rows` output
    rows (the largest count that divides the height, so that every band has
    the same static shape, which the CPU code's microkernels need; a
    dynamic height, a halo patch's, is not cut) and, for a depthwise
    convolution, whose channels are independent, or one that reads its
    input unpadded, of at most `channels` channels (again a divisor of C),
    and fuses the accumulating op, its bias and its padding into the band
    loop (upstream tile-and-fuse, mini/Fusion/PatchFusion.h), so that the
    accumulator exists one band at a time, as TFLite's int8 kernels keep it
    in registers. Nothing is recomputed: the convolution reads its input
    directly. A matrix product's accumulator (of any rank, read elementwise
    into a result of its shape) is banded the same way over the rows of its
    result, its second-to-last dimension (at most `rows` rows, a divisor of
    a static count), with its initial value. `--mini-bufferize` runs it.
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
  let options = [
    Option<"rows", "rows", "int64_t", "4",
           "The most output rows of one band (>= 1)">,
    Option<"channels", "channels", "int64_t", "16",
           "The most channels of one band of a depthwise or unpadded "
           "convolution (>= 1)">
  ];
}

#endif // MINI_FUSION_PASSES_TD
