//===- FusePatches.cpp - the mini-fuse-patches pass
//------------------------===//
//
// A driver over the cut points and segment figures (Segments.cpp), the
// search (mini/Planning/SegmentSearch.h) and the transformation
// (PatchFusion.cpp).
//
//===----------------------------------------------------------------------===//

#include "mini/Fusion/Passes.h"

#include "mini/Dialect/Mini/IR/MiniDialect.h"

#include "mini/Analysis/BufferLiveness.h"
#include "mini/Fusion/PatchFusion.h"
#include "mini/Fusion/Segments.h"
#include "mini/Planning/SegmentSearch.h"
#include "mini/Support/OutputFile.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <chrono>
#include <cmath>

namespace mini {
#define GEN_PASS_DEF_FUSEPATCHESPASS
#include "mini/Fusion/Passes.h.inc"
} // namespace mini

using namespace mlir;
using namespace mini;

namespace {

/// The patch grids tried when `patch-grids` is not given.
constexpr int64_t kDefaultPatchGrids[] = {2, 4, 7, 8, 14};
/// The groups of channels tried when `channel-groups` is not given.
constexpr int64_t kDefaultChannelGroups[] = {2, 4, 8, 16};

/// A candidate with how it runs.
struct Candidate {
  planning::SegmentCandidate figures;
  PatchGrid grid;
  SegmentFigures segment;
};

struct FusePatchesPass
    : public mini::impl::FusePatchesPassBase<FusePatchesPass> {
  using FusePatchesPassBase::FusePatchesPassBase;
  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerSegmentPlanningDependencies(registry);
  }
  void runOnOperation() override;
};

} // namespace

/// `value` as %g prints it (0.5, 1.1, 1000).
static std::string formatNumber(double value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%g", value);
  return text;
}

/// The ONNX names of the tensors `ops` compute, in order, once each.
static llvm::json::Array getOpNames(ArrayRef<Operation *> ops) {
  llvm::json::Array names;
  llvm::StringSet<> seen;
  for (Operation *op : ops) {
    if (op->getNumResults() == 0 || isa<arith::ConstantOp>(op))
      continue;
    std::string name = getBufferName(op->getLoc());
    if (!name.empty() && seen.insert(name).second)
      names.push_back(name);
  }
  return names;
}

/// The counts of an option (`values`, or `defaults` when it is not given),
/// sorted, once each; fails with the error "`what`, not N" when one is
/// below 1.
static FailureOr<SmallVector<int64_t>> getCounts(func::FuncOp function,
                                                 ArrayRef<int64_t> values,
                                                 ArrayRef<int64_t> defaults,
                                                 StringRef what) {
  SmallVector<int64_t> counts(values.empty() ? defaults : values);
  for (int64_t count : counts)
    if (count < 1) {
      function.emitError("mini-fuse-patches: ") << what << ", not " << count;
      return failure();
    }
  llvm::sort(counts);
  counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
  return counts;
}

void FusePatchesPass::runOnOperation() {
  func::FuncOp function = getOperation();
  if (maxMacOverhead == 0.0 && memoryBudget == 0) {
    function.emitError("mini-fuse-patches: give max-mac-overhead=F (F >= 1) "
                       "or memory-budget=BYTES");
    return signalPassFailure();
  }
  if (maxMacOverhead != 0.0 &&
      (!std::isfinite(maxMacOverhead) || maxMacOverhead < 1.0)) {
    function.emitError("mini-fuse-patches: max-mac-overhead must be at "
                       "least 1 (the network's own MACs), not ")
        << formatNumber(maxMacOverhead);
    return signalPassFailure();
  }
  FailureOr<SmallVector<int64_t>> sides =
      getCounts(function, patchGrids, kDefaultPatchGrids,
                "a patch grid must be at least 1 patch per side");
  if (failed(sides))
    return signalPassFailure();
  FailureOr<SmallVector<int64_t>> groups =
      getCounts(function, channelGroups, kDefaultChannelGroups,
                "a count of channel groups must be at least 1");
  if (failed(groups))
    return signalPassFailure();
  if (function.isExternal())
    return;
  std::optional<CutPoints> cuts = findCutPoints(function);
  if (!cuts) {
    // Not an error (the function is correct as it is), but the options
    // asked for are not applied: say so.
    function.emitWarning("mini-fuse-patches: a function body of more than "
                         "one block is left layer by layer");
    return;
  }
  if (cuts->getNumCuts() < 2)
    return;
  auto start = std::chrono::steady_clock::now();
  unsigned lastCut = cuts->getNumCuts() - 1;
  SegmentPlanOptions planOptions{alignment, inPlace};

  // Every interval layer by layer: the network's own figures.
  std::vector<Candidate> candidates;
  std::string problem;
  uint64_t baseMacs = 0;
  for (unsigned from = 0; from < lastCut; ++from) {
    OwningOpRef<ModuleOp> module =
        extractSegment(function, *cuts, from, from + 1);
    FailureOr<SegmentFigures> figures =
        fuseSegment(*module, PatchGrid{}, problem);
    FailureOr<uint64_t> bytes = succeeded(figures)
                                    ? planSegment(*module, planOptions, problem)
                                    : FailureOr<uint64_t>(failure());
    if (failed(bytes)) {
      function.emitError("mini-fuse-patches: the segment from cut ")
          << from << " to cut " << from + 1
          << " cannot be planned: " << problem;
      return signalPassFailure();
    }
    candidates.push_back(
        {{from, from + 1, *bytes, figures->macs}, {}, *figures});
    baseMacs += figures->macs;
  }
  // The layer-by-layer peak and MACs of the intervals from cut `from` to
  // cut `to`: candidates[i] is the interval from cut i to i + 1.
  auto getLayerByLayer = [&](unsigned from, unsigned to) {
    std::pair<uint64_t, uint64_t> peakAndMacs{0, 0};
    for (unsigned i = from; i < to; ++i) {
      peakAndMacs.first =
          std::max(peakAndMacs.first, candidates[i].figures.peakBytes);
      peakAndMacs.second += candidates[i].figures.macs;
    }
    return peakAndMacs;
  };
  uint64_t maxMacs = UINT64_MAX;
  if (maxMacOverhead != 0.0) {
    long double limit = static_cast<long double>(baseMacs) * maxMacOverhead;
    maxMacs = limit >= static_cast<long double>(UINT64_MAX)
                  ? UINT64_MAX
                  : static_cast<uint64_t>(limit);
  }

  // The bytes of the buffers live across each cut (an argument or a
  // returned value is no buffer of the function's).
  Block &body = function.getBody().front();
  SmallVector<uint64_t> boundaryBytes;
  for (ArrayRef<Value> live : cuts->live) {
    uint64_t bytes = 0;
    for (Value value : live) {
      auto type = dyn_cast<RankedTensorType>(value.getType());
      if (!type || !type.hasStaticShape() || isa<BlockArgument>(value) ||
          llvm::is_contained(body.getTerminator()->getOperands(), value))
        continue;
      bytes += type.getNumElements() *
               llvm::divideCeilSigned(type.getElementTypeBitWidth(), 8);
    }
    boundaryBytes.push_back(bytes);
  }

  // A segment of at most max-segment-cuts intervals (which ones: below)
  // patch by patch, with the grids its sink can take (and the best of them
  // with each patch's inner tensor split), then by groups of its sink's
  // channels, then with its inner tensor split; each kind coarsest first.
  // Pruned without planning: a segment whose boundary buffers alone are
  // as large as its intervals' peaks layer by layer (it cannot beat them),
  // and the grids of a kind past one whose extra MACs exceed what
  // max-mac-overhead allows or whose peak is no lower than the coarser
  // grid's (a finer grid recomputes more halo).
  unsigned rejected = 0, pruned = 0, planned = 0, unplanned = 0;
  // Figures every way the segment from cut `from` to cut `to` may run.
  auto evaluate = [&](unsigned from, unsigned to) {
    ArrayRef<Value> outputs = cuts->live[to];
    Operation *sink =
        outputs.size() == 1 ? outputs[0].getDefiningOp() : nullptr;
    if (!sink)
      return;
    auto [spanPeak, spanMacs] = getLayerByLayer(from, to);
    if (boundaryBytes[from] + boundaryBytes[to] >= spanPeak) {
      ++pruned;
      return;
    }
    // Plans the grids of one kind, coarsest first, until one exceeds
    // the MAC limit or gains nothing on the coarser one; the grid of the
    // smallest peak, if any.
    auto tryGrids = [&](ArrayRef<PatchGrid> kind) {
      std::optional<PatchGrid> best;
      uint64_t coarserPeak = UINT64_MAX, bestPeak = UINT64_MAX;
      for (const PatchGrid &grid : kind) {
        if (planned == maxPlannedCandidates) {
          ++unplanned;
          return best;
        }
        OwningOpRef<ModuleOp> module =
            extractSegment(function, *cuts, from, to);
        FailureOr<SegmentFigures> fused = fuseSegment(*module, grid, problem);
        if (failed(fused)) {
          ++rejected;
          // A segment without a split root has none at any count.
          if (grid.splits != 1)
            return best;
          continue;
        }
        if (maxMacs != UINT64_MAX &&
            fused->macs - std::min(fused->macs, spanMacs) >
                maxMacs - baseMacs) {
          ++pruned;
          return best;
        }
        FailureOr<uint64_t> bytes = planSegment(*module, planOptions, problem);
        ++planned;
        if (failed(bytes)) {
          ++rejected;
          continue;
        }
        candidates.push_back({{from, to, *bytes, fused->macs}, grid, *fused});
        if (*bytes < bestPeak) {
          bestPeak = *bytes;
          best = grid;
        }
        if (*bytes >= coarserPeak)
          return best;
        coarserPeak = *bytes;
      }
      return best;
    };
    SmallVector<PatchGrid> kind;
    if (getPatchSinkProblem(sink).empty()) {
      // The grid the patch size gives: ceil(H / side) rows of patches
      // make ceil(H / rows) patches, fewer than `side` when it does not
      // divide H; grids that give the same patches are tried once.
      ArrayRef<int64_t> shape =
          cast<RankedTensorType>(outputs[0].getType()).getShape();
      for (int64_t side : *sides) {
        if (side > shape[2] || side > shape[3])
          continue;
        PatchGrid grid{llvm::divideCeilSigned(
                           shape[2], llvm::divideCeilSigned(shape[2], side)),
                       llvm::divideCeilSigned(
                           shape[3], llvm::divideCeilSigned(shape[3], side))};
        if (!grid.isWhole() && (kind.empty() || grid.rows != kind.back().rows ||
                                grid.cols != kind.back().cols))
          kind.push_back(grid);
      }
      // The best patches, then their inner tensors split per patch.
      if (std::optional<PatchGrid> patches = tryGrids(kind)) {
        kind.clear();
        for (int64_t count : *groups)
          if (count >= 2) {
            PatchGrid grid = *patches;
            grid.splits = count;
            kind.push_back(grid);
          }
        tryGrids(kind);
      }
      // Groups of channels: ceil(C / count) each, once per size.
      kind.clear();
      int64_t channels = shape[1];
      for (int64_t count : *groups) {
        if (count < 2 || count > channels)
          continue;
        PatchGrid grid{1, 1,
                       llvm::divideCeilSigned(
                           channels, llvm::divideCeilSigned(channels, count))};
        if ((kind.empty() || grid.channels != kind.back().channels) &&
            getGridProblem(sink, grid).empty())
          kind.push_back(grid);
      }
      tryGrids(kind);
    }
    kind.clear();
    for (int64_t count : *groups)
      if (count >= 2) {
        PatchGrid grid;
        grid.splits = count;
        kind.push_back(grid);
      }
    tryGrids(kind);
  };
  auto getFigures = [&]() {
    std::vector<planning::SegmentCandidate> figures;
    for (const Candidate &candidate : candidates)
      figures.push_back(candidate.figures);
    return figures;
  };

  // Every interval first; then, as long as the best path's peak is set by
  // segments (its bottlenecks) that a segment not yet figured covers in
  // part, the fewest-interval such segments. The peak is the largest one
  // on the path, so the segments that lower it are those that take over a
  // bottleneck's intervals; the others are not figured. This is an order
  // of search, not a proof: a segment that covers no bottleneck but would
  // let a path around it free MACs, or re-cover the intervals next to a
  // bottleneck's replacement, is not sought.
  unsigned maxSpan = std::min<unsigned>(lastCut, maxSegmentCuts);
  std::vector<bool> tried(static_cast<size_t>(lastCut) * (maxSpan + 1));
  auto markTried = [&](unsigned from, unsigned to) {
    tried[static_cast<size_t>(from) * (maxSpan + 1) + (to - from)] = true;
  };
  for (unsigned from = 0; from < lastCut; ++from) {
    evaluate(from, from + 1);
    markTried(from, from + 1);
  }
  while (planned < maxPlannedCandidates) {
    std::optional<planning::SegmentPath> best =
        planning::findMinPeakPath(getFigures(), lastCut, maxMacs);
    // Within a budget, the search is done once a path fits it (the
    // fewest MACs are then chosen among the segments figured).
    if (!best || (memoryBudget != 0 && best->peakBytes <= memoryBudget))
      break;
    std::vector<bool> bottleneck(lastCut);
    for (unsigned index : best->candidates) {
      const planning::SegmentCandidate &on = candidates[index].figures;
      if (on.peakBytes == best->peakBytes)
        for (unsigned i = on.from; i < on.to; ++i)
          bottleneck[i] = true;
    }
    SmallVector<std::pair<unsigned, unsigned>> next;
    for (unsigned span = 2; span <= maxSpan && next.empty(); ++span)
      for (unsigned from = 0; from + span <= lastCut; ++from)
        if (!tried[static_cast<size_t>(from) * (maxSpan + 1) + span] &&
            llvm::any_of(llvm::seq(from, from + span),
                         [&](unsigned i) { return bottleneck[i]; }))
          next.push_back({from, from + span});
    if (next.empty())
      break;
    for (auto [from, to] : next) {
      evaluate(from, to);
      markTried(from, to);
    }
  }

  std::vector<planning::SegmentCandidate> figures = getFigures();
  // With a budget, the fewest MACs within it; when those exceed the MAC
  // limit too, no choice meets both.
  std::optional<planning::SegmentPath> path =
      memoryBudget != 0
          ? planning::findMinMacPath(figures, lastCut, memoryBudget)
          : planning::findMinPeakPath(figures, lastCut, maxMacs);
  if (memoryBudget != 0 && (!path || path->macs > maxMacs)) {
    std::optional<planning::SegmentPath> smallest =
        planning::findMinPeakPath(figures, lastCut, maxMacs);
    std::string within =
        maxMacOverhead != 0.0
            ? " with at most max-mac-overhead=" + formatNumber(maxMacOverhead) +
                  " times the MACs"
            : "";
    function.emitError("mini-fuse-patches: no choice of segments and "
                       "patch grids")
        << within
        << " plans within memory-budget=" << static_cast<uint64_t>(memoryBudget)
        << " bytes; the smallest peak reachable is "
        << (smallest ? smallest->peakBytes : 0) << " bytes";
    return signalPassFailure();
  }
  // Layer by layer is always a path within any MAC limit >= 1.
  assert(path && "no path through the layer-by-layer intervals");

  // The report's figures of each chosen segment are taken before the
  // rewrite, which invalidates the cut points.
  llvm::json::Array segments;
  SmallVector<std::pair<const Candidate *, SmallVector<Operation *>>> fused;
  for (unsigned index : path->candidates) {
    const Candidate &candidate = candidates[index];
    unsigned from = candidate.figures.from, to = candidate.figures.to;
    auto [before, macsBefore] = getLayerByLayer(from, to);
    ArrayRef<Operation *> ops = cuts->getSegment(from, to);
    llvm::json::Object segment{
        {"from_cut", from},
        {"to_cut", to},
        {"ops", getOpNames(ops)},
        {"patch_grid", candidate.grid.str()},
        {"macs", candidate.figures.macs},
        {"extra_macs", static_cast<int64_t>(candidate.figures.macs) -
                           static_cast<int64_t>(macsBefore)},
        {"planned_bytes_layer_by_layer", before},
        {"planned_bytes", candidate.figures.peakBytes}};
    if (candidate.grid.rows != 1 || candidate.grid.cols != 1) {
      segment["patch"] = llvm::json::Array{candidate.segment.patch.first,
                                           candidate.segment.patch.second};
      segment["input_patch"] =
          llvm::json::Array{candidate.segment.inputPatch.first,
                            candidate.segment.inputPatch.second};
    }
    if (!candidate.grid.isWhole())
      fused.push_back({&candidate, SmallVector<Operation *>(ops)});
    segments.push_back(std::move(segment));
  }

  IRRewriter rewriter(&getContext());
  for (auto &[candidate, ops] : fused) {
    Operation *sink = ops.back();
    llvm::SmallPtrSet<Operation *, 32> members(ops.begin(), ops.end() - 1);
    if (failed(fuseIntoPatches(rewriter, sink, candidate->grid, members))) {
      function.emitError("mini-fuse-patches: tile-and-fuse failed on the "
                         "segment from cut ")
          << candidate->figures.from << " to cut " << candidate->figures.to;
      return signalPassFailure();
    }
  }
  if (!fused.empty())
    simplifyPatchLoops(function);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();

  planning::PatchFusionFigures chosen;
  chosen.segments = static_cast<int64_t>(fused.size());
  chosen.baseMacs = static_cast<int64_t>(baseMacs);
  chosen.macs = static_cast<int64_t>(path->macs);
  chosen.peakBytes = static_cast<int64_t>(path->peakBytes);
  function->setAttr(MiniDialect::PatchFusionAttrHelper::getNameStr(),
                    buildPatchFusionAttr(&getContext(), chosen));
  if (report.empty())
    return;
  llvm::json::Object object{
      {"function", function.getSymName()},
      {"cut_points", cuts->getNumCuts()},
      {"candidates", candidates.size()},
      {"candidates_planned", planned},
      {"candidates_pruned", pruned},
      {"candidates_rejected", rejected},
      {"candidates_past_the_limit", unplanned},
      {"base_macs", baseMacs},
      {"macs", path->macs},
      {"mac_overhead",
       baseMacs ? static_cast<double>(path->macs) / baseMacs : 1.0},
      {"peak_bytes", path->peakBytes},
      {"search_seconds", seconds},
      {"segments", std::move(segments)}};
  llvm::json::Value value(std::move(object));
  if (llvm::Error error = writeOutputFile(report, [&](llvm::raw_ostream &os) {
        os << llvm::formatv("{0:2}", value) << "\n";
      })) {
    function.emitError(llvm::toString(std::move(error)));
    signalPassFailure();
  }
}
