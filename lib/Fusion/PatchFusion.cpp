//===- PatchFusion.cpp - patch-based inference by tile-and-fuse -----------===//

#include "mini/Fusion/PatchFusion.h"

#include "mini/Analysis/LoopEvaluation.h"
#include "mini/Dialect/Mini/IR/MiniDialect.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mini;

/// The most iterations of a patch loop nest that are evaluated one by one:
/// a 256 x 256 grid.
static constexpr uint64_t kMaxPatchIterations = 65536;

std::string PatchGrid::str() const {
  std::string text = std::to_string(rows) + "x" + std::to_string(cols);
  if (channels != 1)
    text += "x" + std::to_string(channels);
  if (splits != 1)
    text += "/" + std::to_string(splits);
  return text;
}

/// The loop of `op` that computes dimension `dim` of its one result, if it
/// is a parallel loop of its own.
static std::optional<unsigned> getResultLoop(linalg::LinalgOp op,
                                             unsigned dim) {
  if (op->getNumResults() != 1 || op.getNumDpsInits() != 1)
    return std::nullopt;
  AffineMap map = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (map.getNumResults() != 4)
    return std::nullopt;
  auto loop = dyn_cast<AffineDimExpr>(map.getResult(dim));
  if (!loop || op.getIteratorTypesArray()[loop.getPosition()] !=
                   utils::IteratorType::parallel)
    return std::nullopt;
  return loop.getPosition();
}

/// The loops of `op` that compute H and W of its NCHW result.
static std::optional<std::pair<unsigned, unsigned>>
getSpatialLoops(linalg::LinalgOp op) {
  std::optional<unsigned> h = getResultLoop(op, 2), w = getResultLoop(op, 3);
  if (!h || !w)
    return std::nullopt;
  return std::make_pair(*h, *w);
}

std::string mini::getPatchSinkProblem(Operation *sink) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(sink);
  if (!linalgOp)
    return "not a linalg op";
  if (sink->getNumResults() != 1)
    return "not one result";
  auto type = dyn_cast<RankedTensorType>(sink->getResult(0).getType());
  if (!type || type.getRank() != 4 || !type.hasStaticShape())
    return "its result is not a static rank-4 (NCHW) tensor";
  if (!getSpatialLoops(linalgOp))
    return "H and W of its result are not parallel loops of their own";
  return "";
}

std::string mini::getGridProblem(Operation *sink, PatchGrid grid) {
  if (grid.rows < 1 || grid.cols < 1 || grid.channels < 1 || grid.splits < 1)
    return "a grid of fewer than one patch";
  if (grid.isWhole())
    return "a grid of one patch: nothing to tile";
  if (grid.splits != 1 && grid.channels != 1)
    return "a split of the inner tensor with groups of the sink's channels";
  if (grid.splits != 1 && grid.rows == 1 && grid.cols == 1)
    return "";
  if (grid.rows != 1 || grid.cols != 1)
    if (std::string problem = getPatchSinkProblem(sink); !problem.empty())
      return problem;
  if (grid.channels == 1)
    return "";
  auto linalgOp = dyn_cast<linalg::LinalgOp>(sink);
  if (!linalgOp || sink->getNumResults() != 1)
    return "not a linalg op of one result";
  auto type = dyn_cast<RankedTensorType>(sink->getResult(0).getType());
  if (!type || type.getRank() != 4 || type.isDynamicDim(1))
    return "its result is not a rank-4 (NCHW) tensor of static C";
  if (!getResultLoop(linalgOp, 1))
    return "C of its result is not a parallel loop of its own";
  return "";
}

std::optional<std::pair<linalg::LinalgOp, unsigned>>
mini::getSplitRoot(ArrayRef<Operation *> ops) {
  llvm::SmallPtrSet<Operation *, 32> inSegment(ops.begin(), ops.end());
  for (Operation *op : llvm::reverse(ops)) {
    auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
    if (!linalgOp || op->getNumResults() != 1 ||
        linalgOp.getNumDpsInits() != 1 || linalgOp.getNumDpsInputs() < 1)
      continue;
    OpOperand *input = linalgOp.getDpsInputOperand(0);
    auto type = dyn_cast<RankedTensorType>(input->get().getType());
    AffineMap map = linalgOp.getMatchingIndexingMap(input);
    if (!type || type.getRank() < 2 || type.isDynamicDim(1) ||
        map.getNumResults() != type.getRank() ||
        !inSegment.contains(input->get().getDefiningOp()))
      continue;
    auto loop = dyn_cast<AffineDimExpr>(map.getResult(1));
    if (loop && linalgOp.getIteratorTypesArray()[loop.getPosition()] ==
                    utils::IteratorType::reduction)
      return std::make_pair(linalgOp, loop.getPosition());
  }
  return std::nullopt;
}

FailureOr<Operation *> mini::tileAndFuse(
    RewriterBase &rewriter, Operation *tiled, ArrayRef<OpFoldResult> tileSizes,
    const llvm::SmallPtrSetImpl<Operation *> &members, Value unfusedInit) {
  scf::SCFTileAndFuseOptions options;
  options.tilingOptions.setTileSizes(tileSizes);
  options.setFusionControlFn(
      [&](tensor::ExtractSliceOp, OpResult producer,
          bool) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        if (!members.contains(producer.getOwner()) ||
            Value(producer) == unfusedInit)
          return std::nullopt;
        // A linalg op whose result is indexed by constants (a reduction
        // to N x C x 1 x 1 of buildReduction's) has no tiled form: it runs
        // whole, before the loops.
        if (auto linalgOp = dyn_cast<linalg::LinalgOp>(producer.getOwner()))
          if (!llvm::all_of(linalgOp.getDpsInitsMutable(),
                            [&](OpOperand &init) {
                              return linalgOp.getMatchingIndexingMap(&init)
                                  .isProjectedPermutation();
                            }))
            return std::nullopt;
        return scf::SCFTileAndFuseOptions::ControlFnResult{};
      });
  rewriter.setInsertionPoint(tiled);
  FailureOr<scf::SCFTileAndFuseResult> result =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(tiled), options);
  if (failed(result))
    return failure();
  for (OpResult original : tiled->getResults())
    if (Value replacement = result->replacements.lookup(original))
      rewriter.replaceAllUsesWith(original, replacement);
  Operation *outerLoop =
      result->loops.empty() ? nullptr : result->loops.front();
  // The ops now computed in the loops, in reverse order so that each is
  // unused when it is reached.
  SmallVector<Operation *> dead(members.begin(), members.end());
  if (!members.contains(tiled))
    dead.push_back(tiled);
  llvm::sort(dead,
             [](Operation *a, Operation *b) { return b->isBeforeInBlock(a); });
  for (Operation *member : dead)
    if (member->use_empty())
      rewriter.eraseOp(member);
  return outerLoop;
}

/// Splits the inner tensor of `ops` (one block, in program order) into
/// `splits` groups of channels: its split root tiled over its input
/// channels, the other ops of `ops` fused per group.
static LogicalResult splitInnerTensor(RewriterBase &rewriter,
                                      ArrayRef<Operation *> ops,
                                      int64_t splits) {
  std::optional<std::pair<linalg::LinalgOp, unsigned>> root = getSplitRoot(ops);
  if (!root)
    return failure();
  auto [linalgOp, loop] = *root;
  int64_t channels =
      cast<RankedTensorType>(linalgOp.getDpsInputOperand(0)->get().getType())
          .getDimSize(1);
  SmallVector<OpFoldResult> tileSizes(linalgOp.getNumLoops(),
                                      rewriter.getIndexAttr(0));
  tileSizes[loop] =
      rewriter.getIndexAttr(llvm::divideCeilSigned(channels, splits));
  llvm::SmallPtrSet<Operation *, 32> members(ops.begin(), ops.end());
  members.erase(linalgOp);
  // Each group accumulates into what the previous ones left: the bias the
  // reduction starts from is computed once, outside the loop.
  return success(succeeded(tileAndFuse(rewriter, linalgOp, tileSizes, members,
                                       linalgOp.getDpsInitOperand(0)->get())));
}

LogicalResult
mini::fuseIntoPatches(RewriterBase &rewriter, Operation *sink, PatchGrid grid,
                      const llvm::SmallPtrSetImpl<Operation *> &members) {
  if (!getGridProblem(sink, grid).empty())
    return failure();
  if (grid.splits != 1) {
    // The segment's ops in program order; without a split root among them
    // there is none in its patches either.
    SmallVector<Operation *> ops(members.begin(), members.end());
    ops.push_back(sink);
    llvm::sort(
        ops, [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
    if (grid.rows == 1 && grid.cols == 1)
      return splitInnerTensor(rewriter, ops, grid.splits);
    if (!getSplitRoot(ops))
      return failure();
  }
  auto linalgOp = cast<linalg::LinalgOp>(sink);
  ArrayRef<int64_t> shape =
      cast<RankedTensorType>(sink->getResult(0).getType()).getShape();
  SmallVector<OpFoldResult> tileSizes(linalgOp.getNumLoops(),
                                      rewriter.getIndexAttr(0));
  // The C, H and W of the result each tiled by its count of the grid.
  for (auto [dim, count] :
       {std::make_pair(1u, grid.channels), std::make_pair(2u, grid.rows),
        std::make_pair(3u, grid.cols)})
    if (count != 1)
      tileSizes[*getResultLoop(linalgOp, dim)] =
          rewriter.getIndexAttr(llvm::divideCeilSigned(shape[dim], count));
  FailureOr<Operation *> outerLoop =
      tileAndFuse(rewriter, sink, tileSizes, members, Value());
  if (failed(outerLoop))
    return failure();
  if (grid.splits == 1)
    return success();
  if (!*outerLoop)
    return failure();
  // Then each patch's inner tensor split, among the ops of the innermost
  // patch loop, once the guards of its tiled pads are gone (an scf.if has
  // no tiled form).
  simplifyPatchLoops(*outerLoop);
  // A post-order walk meets the innermost loop first.
  scf::ForOp innermost;
  (*outerLoop)->walk([&](scf::ForOp loop) {
    if (!innermost)
      innermost = loop;
  });
  if (!innermost)
    return failure();
  SmallVector<Operation *> ops;
  for (Operation &op : innermost.getBody()->without_terminator())
    ops.push_back(&op);
  return splitInnerTensor(rewriter, ops, grid.splits);
}

namespace {
/// Replaces an `scf.if` by the branch its condition takes at every
/// iteration of the loops that enclose it.
struct FoldLoopInvariantIf : OpRewritePattern<scf::IfOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(scf::IfOp ifOp,
                                PatternRewriter &rewriter) const override {
    if (!ifOp->getParentOfType<scf::ForOp>() || ifOp.getElseRegion().empty())
      return failure();
    std::optional<std::pair<int64_t, int64_t>> range =
        getRangeOverLoops(ifOp.getCondition(), kMaxPatchIterations);
    if (!range || range->first != range->second)
      return failure();
    Block *taken = range->first ? ifOp.thenBlock() : ifOp.elseBlock();
    Operation *yield = taken->getTerminator();
    rewriter.inlineBlockBefore(taken, ifOp);
    rewriter.replaceOp(ifOp, yield->getOperands());
    rewriter.eraseOp(yield);
    return success();
  }
};
} // namespace

void mini::simplifyPatchLoops(Operation *root) {
  MLIRContext *context = root->getContext();
  RewritePatternSet patterns(context);
  patterns.add<FoldLoopInvariantIf>(context);
  tensor::populateFoldTensorEmptyPatterns(patterns);
  for (Dialect *dialect : context->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : context->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, context);
  (void)applyPatternsGreedily(root, std::move(patterns));
}

std::optional<uint64_t> mini::countMACs(Operation *root) {
  uint64_t total = 0;
  bool known = true;
  root->walk([&](linalg::LinalgOp op) {
    if (!known || op.getNumReductionLoops() == 0)
      return;
    // Each loop's range from the first operand dimension it indexes alone.
    SmallVector<std::pair<Value, unsigned>> sources(op.getNumLoops(),
                                                    {Value(), 0});
    for (OpOperand &operand : op->getOpOperands()) {
      AffineMap map = op.getMatchingIndexingMap(&operand);
      for (auto [index, expr] : llvm::enumerate(map.getResults()))
        if (auto dim = dyn_cast<AffineDimExpr>(expr))
          if (!sources[dim.getPosition()].first)
            sources[dim.getPosition()] = {operand.get(),
                                          static_cast<unsigned>(index)};
    }
    if (llvm::any_of(sources, [](auto &s) { return !s.first; })) {
      known = false;
      return;
    }
    LogicalResult walked = forEachLoopIteration(
        op, kMaxPatchIterations,
        [&](IterationEvaluator &evaluator) {
          uint64_t product = 1;
          for (auto [value, dim] : sources) {
            std::optional<int64_t> extent = evaluator.getDimension(value, dim);
            if (!extent || *extent < 0) {
              known = false;
              return;
            }
            bool overflow = false;
            product = llvm::SaturatingMultiply(
                product, static_cast<uint64_t>(*extent), &overflow);
            if (overflow)
              known = false;
          }
          bool overflow = false;
          total = llvm::SaturatingAdd(total, product, &overflow);
          if (overflow)
            known = false;
        },
        root->getParentOp());
    if (failed(walked))
      known = false;
  });
  if (!known)
    return std::nullopt;
  return total;
}

/// The keys of `mini.patch_fusion`, with the field each holds.
static constexpr std::pair<llvm::StringLiteral,
                           int64_t planning::PatchFusionFigures::*>
    kPatchFusionKeys[] = {
        {"segments", &planning::PatchFusionFigures::segments},
        {"base_macs", &planning::PatchFusionFigures::baseMacs},
        {"macs", &planning::PatchFusionFigures::macs},
        {"peak_bytes", &planning::PatchFusionFigures::peakBytes}};

DictionaryAttr
mini::buildPatchFusionAttr(MLIRContext *context,
                           const planning::PatchFusionFigures &figures) {
  Builder builder(context);
  SmallVector<NamedAttribute> entries;
  for (auto [key, field] : kPatchFusionKeys)
    entries.push_back(
        builder.getNamedAttr(key, builder.getI64IntegerAttr(figures.*field)));
  return builder.getDictionaryAttr(entries);
}

std::optional<planning::PatchFusionFigures>
mini::readPatchFusionAttr(Operation *op) {
  auto dictionary = op->getAttrOfType<DictionaryAttr>(
      MiniDialect::PatchFusionAttrHelper::getNameStr());
  if (!dictionary)
    return std::nullopt;
  planning::PatchFusionFigures figures;
  for (auto [key, field] : kPatchFusionKeys) {
    auto value = dictionary.getAs<IntegerAttr>(key);
    if (!value)
      return std::nullopt;
    figures.*field = value.getInt();
  }
  return figures;
}
