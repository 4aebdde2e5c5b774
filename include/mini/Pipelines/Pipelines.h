//===- Pipelines.h - mini-infer pass pipelines -------------------*- C++
//-*-===//
//
// Named pipelines shared by mini-opt, the tests and other drivers.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PIPELINES_PIPELINES_H
#define MINI_PIPELINES_PIPELINES_H

#include "mini/Fusion/Passes.h"
#include "mini/Transforms/BufferizeTensors.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mini {

/// Options of `--mini-bufferize`.
struct BufferizePipelineOptions
    : public mlir::PassPipelineOptions<BufferizePipelineOptions> {
  Option<bool> insertDeallocs{
      *this, "insert-deallocs",
      llvm::cl::desc("Free every buffer after its last use (upstream "
                     "ownership-based deallocation)"),
      llvm::cl::init(true)};
  Option<bool> fuseElementwise{
      *this, "fuse-elementwise",
      llvm::cl::desc("Fuse chains of elementwise ops into one op each "
                     "(mini-fuse-elementwise) before bufferizing"),
      llvm::cl::init(true)};
  Option<bool> scheduleForMemory{
      *this, "schedule-for-memory",
      llvm::cl::desc("Reorder the ops for a lower planned peak "
                     "(mini-schedule-for-memory, after elementwise fusion; "
                     "never worse than the program's order, which false "
                     "keeps)"),
      llvm::cl::init(true)};
  Option<bool> scheduleInPlace{
      *this, "schedule-in-place",
      llvm::cl::desc("Schedule for a plan with --plan-memory's in-place "
                     "reuse (its in-place option)"),
      llvm::cl::init(true)};
  Option<double> maxMacOverhead{
      *this, "max-mac-overhead",
      llvm::cl::desc("Run segments patch by patch (mini-fuse-patches): the "
                     "smallest planned peak whose MACs are at most this many "
                     "times the network's (0: layer by layer)"),
      llvm::cl::init(0.0)};
  Option<uint64_t> memoryBudget{
      *this, "memory-budget",
      llvm::cl::desc("Run segments patch by patch (mini-fuse-patches): the "
                     "fewest MACs whose planned peak fits in this many bytes "
                     "(0: layer by layer)"),
      llvm::cl::init(0)};
  Option<std::string> fusionReport{
      *this, "fusion-report",
      llvm::cl::desc("Write mini-fuse-patches' choice as JSON to this file"),
      llvm::cl::init("")};

  /// Whether the pipeline runs mini-fuse-patches, and its options.
  bool fusePatches() const {
    return maxMacOverhead != 0.0 || memoryBudget != 0;
  }
  FusePatchesPassOptions getFusePatchesOptions() const {
    FusePatchesPassOptions options;
    options.maxMacOverhead = maxMacOverhead;
    options.memoryBudget = memoryBudget;
    options.report = fusionReport;
    return options;
  }
  Option<bool> outlineShapeChecks{
      *this, "outline-shape-checks",
      llvm::cl::desc("Move each public function's run-time shape checks "
                     "into @<name>_shape_checks for the caller to run first "
                     "(mini-outline-shape-checks); otherwise they stay "
                     "cf.asserts, which abort"),
      llvm::cl::init(false)};
};

/// Lowers a module of `mini` ops on tensors to memref IR in which every
/// intermediate activation is one `memref.alloc`: `convert-mini-to-linalg`,
/// `mini-insert-shape-checks` (then, with `outline-shape-checks`,
/// `mini-outline-shape-checks`), with `fuse-elementwise`
/// `mini-fuse-elementwise` (a chain of elementwise ops becomes one op, so its
/// intermediate results are never buffers), with `schedule-for-memory` (on by
/// default) `mini-schedule-for-memory` (the order of least planned peak among
/// the program's, the greedy and the searched), with `max-mac-overhead` or
/// `memory-budget` `mini-fuse-patches` (segments run patch by patch), upstream
/// One-Shot Bufferize across function boundaries with identity layouts,
/// `buffer-results-to-out-params` (results become out-params, the returned
/// allocation is hoisted into them), and, with `insert-deallocs`, the upstream
/// buffer-deallocation pipeline followed by `optimize-allocation-liveness`, so
/// that each buffer is freed after its last use. The anchor is the module.
void buildBufferizePipeline(mlir::OpPassManager &pm,
                            const BufferizePipelineOptions &options);

/// Options of `--mini-lower-to-llvm`.
struct LowerToLLVMPipelineOptions
    : public mlir::PassPipelineOptions<LowerToLLVMPipelineOptions> {
  Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Tile and vectorize linalg ops before lowering them "
                     "(otherwise every linalg op becomes scalar loops)"),
      llvm::cl::init(true)};
  Option<bool> genericAllocFunctions{
      *this, "generic-alloc-functions",
      llvm::cl::desc("Allocate through _mlir_memref_to_llvm_aligned_alloc "
                     "and _mlir_memref_to_llvm_free (provided by the runtime, "
                     "e.g. mini-run's tracking allocator) instead of "
                     "aligned_alloc and free"),
      llvm::cl::init(false)};
  Option<unsigned> nestsPerFunction{
      *this, "nests-per-function",
      llvm::cl::desc("Split each function into private no_inline parts of at "
                     "most this many loop nests (mini-outline-loop-nests; "
                     "0: do not split)"),
      llvm::cl::init(32)};
};

/// Lowers memref IR (the output of `--mini-bufferize`, planned by
/// `--plan-memory` or not) to the LLVM dialect for the host CPU:
/// `mini-tile-and-vectorize` (with `vectorize`), `convert-linalg-to-loops`
/// for what is left, the vector lowerings (`convert-vector-to-scf` with full
/// unrolling, `lower-vector-multi-reduction`, contractions as outer
/// products), `mini-outline-loop-nests` (with `nests-per-function`),
/// `convert-bufferization-to-memref` (what upstream's
/// deallocation pipeline leaves), `expand-strided-metadata`,
/// `scf-forall-to-parallel`,
/// `lower-affine`, `convert-scf-to-cf`,
/// and the conversions of vector, math (to LLVM intrinsics, and to libm
/// calls for what has none: `convert-math-to-libm`), arith, index, ub,
/// memref (aligned allocations, so that a pool of N bytes is one N-byte
/// allocation), func and cf to LLVM, then `reconcile-unrealized-casts`. The
/// anchor is the module.
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm,
                              const LowerToLLVMPipelineOptions &options);

/// Registers `--mini-bufferize` and `--mini-lower-to-llvm`.
void registerPipelines();

} // namespace mini

#endif // MINI_PIPELINES_PIPELINES_H
