//===- Segments.cpp - cut points and segments of a function body ----------===//

#include "mini/Fusion/Segments.h"

#include "mini/Analysis/LoopEvaluation.h"
#include "mini/Fusion/Passes.h"
#include "mini/Transforms/BufferizeTensors.h"
#include "mini/Transforms/Passes.h"
#include "mini/Transforms/PlanAttribute.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/IR/TensorTilingInterfaceImpl.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace mini;

/// Marks the copies extractSegment adds at a segment's boundary, which
/// are not fused into its patches.
static constexpr llvm::StringLiteral kBoundaryCopy = "segment_boundary";
static constexpr llvm::StringLiteral kSegmentName = "segment";

/// The values `op` reads: its operands and the values its regions use from
/// above.
static SmallVector<Value> getReadValues(Operation *op) {
  SmallVector<Value> values(op->getOperands());
  if (op->getNumRegions() != 0) {
    llvm::SetVector<Value> above;
    getUsedValuesDefinedAbove(op->getRegions(), above);
    values.append(above.begin(), above.end());
  }
  return values;
}

bool mini::isBandedAccumulator(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  auto producer = value.getDefiningOp<linalg::LinalgOp>();
  if (!type || !producer || producer.getNumReductionLoops() == 0)
    return false;
  if (type.getElementType().isInteger(32))
    return true;
  if (!type.getElementType().isF32() || !value.hasOneUse())
    return false;
  // An f32 accumulator rounded by its one user to narrower elements.
  auto user = dyn_cast<linalg::GenericOp>(*value.getUsers().begin());
  if (!user || user->getNumResults() != 1)
    return false;
  Type result = getElementTypeOrSelf(user->getResult(0).getType());
  return result.isIntOrFloat() && result.getIntOrFloatBitWidth() < 32;
}

std::optional<CutPoints> mini::findCutPoints(func::FuncOp function) {
  if (!llvm::hasSingleElement(function.getBody()))
    return std::nullopt;
  Block &body = function.getBody().front();
  CutPoints cuts;
  for (Operation &op : body.without_terminator())
    cuts.ops.push_back(&op);
  unsigned end = cuts.ops.size();

  // Activations, and the position of each one's last reader (the
  // terminator is at `end`).
  llvm::DenseSet<Value> activations(body.args_begin(), body.args_end());
  llvm::DenseMap<Value, unsigned> lastRead;
  for (auto [position, op] : llvm::enumerate(cuts.ops)) {
    bool reads = false;
    for (Value value : getReadValues(op))
      if (activations.contains(value)) {
        reads = true;
        lastRead[value] = position;
      }
    if (reads)
      activations.insert(op->result_begin(), op->result_end());
  }
  for (Value value : body.getTerminator()->getOperands())
    if (activations.contains(value))
      lastRead[value] = end;

  // Sweep the program points, the live activations in definition order.
  llvm::SetVector<Value> live;
  for (BlockArgument arg : body.getArguments())
    if (lastRead.count(arg))
      live.insert(arg);
  cuts.positions.push_back(0);
  cuts.live.push_back(SmallVector<Value, 1>(live.begin(), live.end()));
  for (unsigned position = 1; position <= end; ++position) {
    for (Value result : cuts.ops[position - 1]->getResults())
      if (lastRead.count(result))
        live.insert(result);
    live.remove_if([&](Value value) { return lastRead[value] < position; });
    bool last = position == end;
    if (!last && (live.size() != 1 || live.front() == cuts.live.back()[0] ||
                  isBandedAccumulator(live.front())))
      continue;
    if (last && cuts.positions.size() > 1 &&
        ArrayRef<Value>(cuts.live.back()) == live.getArrayRef()) {
      // Only weights and other constants after the last cut: it moves to
      // the end.
      cuts.positions.back() = end;
      continue;
    }
    cuts.positions.push_back(position);
    cuts.live.push_back(SmallVector<Value, 1>(live.begin(), live.end()));
  }
  return cuts;
}

/// A copy of ranked tensor `value` into a tensor of its own, marked as a
/// segment boundary.
static Value copyTensor(OpBuilder &builder, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<Value> dynamicSizes;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    if (type.isDynamicDim(dim))
      dynamicSizes.push_back(tensor::DimOp::create(builder, loc, value, dim));
  Value empty = tensor::EmptyOp::create(builder, loc, type.getShape(),
                                        type.getElementType(), dynamicSizes);
  auto copy = linalg::CopyOp::create(builder, loc, value, empty);
  copy->setAttr(kBoundaryCopy, builder.getUnitAttr());
  return copy->getResult(0);
}

OwningOpRef<ModuleOp> mini::extractSegment(func::FuncOp function,
                                           const CutPoints &cuts, unsigned from,
                                           unsigned to) {
  MLIRContext *context = function.getContext();
  Location loc = function.getLoc();
  OpBuilder builder(context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  ArrayRef<Value> inputs = cuts.live[from], outputs = cuts.live[to];
  auto type = builder.getFunctionType(ValueRange(inputs).getTypes(),
                                      ValueRange(outputs).getTypes());
  auto segment = func::FuncOp::create(builder, loc, kSegmentName, type);
  Block *entry = segment.addEntryBlock();
  builder.setInsertionPointToEnd(entry);

  IRMapping mapping;
  for (auto [input, arg] : llvm::zip_equal(inputs, entry->getArguments())) {
    bool copied =
        !isa<BlockArgument>(input) && isa<RankedTensorType>(input.getType());
    mapping.map(input, copied ? copyTensor(builder, loc, arg) : Value(arg));
  }
  // Weights and other values of constants defined before the segment are
  // copied in where they are first read.
  std::function<void(Value)> define = [&](Value value) {
    if (mapping.contains(value))
      return;
    Operation *def = value.getDefiningOp();
    if (!def)
      return;
    for (Value read : getReadValues(def))
      define(read);
    builder.clone(*def, mapping);
  };
  for (Operation *op : cuts.getSegment(from, to)) {
    for (Value read : getReadValues(op))
      if (read.getParentRegion() == &function.getBody() ||
          read.getParentBlock() == &function.getBody().front())
        define(read);
    builder.clone(*op, mapping);
  }
  Operation *terminator = function.getBody().front().getTerminator();
  SmallVector<Value> results;
  for (Value output : outputs) {
    Value mapped = mapping.lookup(output);
    bool returned = llvm::is_contained(terminator->getOperands(), output);
    results.push_back(returned || !isa<RankedTensorType>(output.getType())
                          ? mapped
                          : copyTensor(builder, loc, mapped));
  }
  func::ReturnOp::create(builder, loc, results);
  return module;
}

void mini::registerSegmentPlanningDependencies(DialectRegistry &registry) {
  linalg::registerTilingInterfaceExternalModels(registry);
  tensor::registerTilingInterfaceExternalModels(registry);
  registerBufferizeTensorsDependencies(registry);
}

/// The op whose result `value` is, looking through a boundary copy.
static Operation *getSink(Value value) {
  Operation *op = value.getDefiningOp();
  if (op && op->hasAttr(kBoundaryCopy))
    op = op->getOperand(0).getDefiningOp();
  return op;
}

/// The largest H x W of the slices of `input` read inside patch loops.
static std::pair<int64_t, int64_t> getInputPatch(Value input) {
  std::pair<int64_t, int64_t> largest{0, 0};
  for (Operation *user : input.getUsers()) {
    auto slice = dyn_cast<tensor::ExtractSliceOp>(user);
    if (!slice || slice.getType().getRank() != 4 ||
        !slice->getParentOfType<scf::ForOp>())
      continue;
    int64_t extent[2] = {0, 0};
    for (unsigned i = 0; i < 2; ++i) {
      if (!slice.getType().isDynamicDim(2 + i))
        extent[i] = slice.getType().getDimSize(2 + i);
      else if (auto range =
                   getRangeOverLoops(slice.getDynamicSize(2 + i), 65536))
        extent[i] = range->second;
    }
    largest.first = std::max(largest.first, extent[0]);
    largest.second = std::max(largest.second, extent[1]);
  }
  return largest;
}

/// Whether the first op of `entry` (a fused segment's body) that reads an
/// activation, after the boundary copies, is a loop: the split's.
static bool isSplitFirst(Block &entry) {
  llvm::DenseSet<Value> activations(entry.args_begin(), entry.args_end());
  for (Operation &op : entry.without_terminator()) {
    if (!llvm::any_of(getReadValues(&op),
                      [&](Value v) { return activations.contains(v); }))
      continue;
    if (op.hasAttr(kBoundaryCopy)) {
      activations.insert(op.result_begin(), op.result_end());
      continue;
    }
    return isa<scf::ForOp>(op);
  }
  return false;
}

FailureOr<SegmentFigures> mini::fuseSegment(ModuleOp module, PatchGrid grid,
                                            std::string &problem) {
  auto segment = module.lookupSymbol<func::FuncOp>(kSegmentName);
  if (!segment) {
    problem = "no @segment";
    return failure();
  }
  SegmentFigures figures;
  if (!grid.isWhole()) {
    Operation *terminator = segment.getBody().front().getTerminator();
    if (terminator->getNumOperands() != 1) {
      problem = "a segment of more than one output";
      return failure();
    }
    Operation *sink = getSink(terminator->getOperand(0));
    if (std::string why = sink ? getGridProblem(sink, grid) : "no sink";
        !why.empty()) {
      problem = "its last op cannot be cut into patches: " + why;
      return failure();
    }
    llvm::SmallPtrSet<Operation *, 32> members;
    for (Operation &op : segment.getBody().front().without_terminator())
      if (&op != sink && !op.hasAttr(kBoundaryCopy))
        members.insert(&op);
    if (grid.rows != 1 || grid.cols != 1) {
      auto shape =
          cast<RankedTensorType>(sink->getResult(0).getType()).getShape();
      figures.patch = {llvm::divideCeilSigned(shape[2], grid.rows),
                       llvm::divideCeilSigned(shape[3], grid.cols)};
    }
    IRRewriter rewriter(module.getContext());
    // A candidate that cannot be tiled is left out, not reported: the
    // errors upstream's tiling emits become its problem.
    std::string error;
    ScopedDiagnosticHandler quiet(module.getContext(), [&](Diagnostic &d) {
      if (error.empty() && d.getSeverity() == DiagnosticSeverity::Error)
        error = d.str();
      return success();
    });
    if (failed(fuseIntoPatches(rewriter, sink, grid, members))) {
      problem = grid.splits != 1 ? "no op whose input channels can be split"
                                 : "tile-and-fuse failed";
      if (!error.empty())
        problem += ": " + error;
      return failure();
    }
    simplifyPatchLoops(segment);
    Block &entry = segment.getBody().front();
    if (grid.splits != 1 && !isSplitFirst(entry)) {
      problem = "ops before the split run whole: the segment that starts "
                "after them is no worse";
      return failure();
    }
    if (entry.getNumArguments() == 1 && (grid.rows != 1 || grid.cols != 1)) {
      Value input = entry.getArgument(0);
      for (Operation *user : input.getUsers())
        if (user->hasAttr(kBoundaryCopy))
          input = user->getResult(0);
      figures.inputPatch = getInputPatch(input);
    }
  }
  std::optional<uint64_t> macs = countMACs(segment);
  if (!macs) {
    problem = "a loop range could not be evaluated";
    return failure();
  }
  figures.macs = *macs;
  return figures;
}

FailureOr<uint64_t> mini::planSegment(ModuleOp module,
                                      const SegmentPlanOptions &options,
                                      std::string &problem) {
  FailureOr<planning::PlanFigures> planned = planTensorFunction(
      module, kSegmentName, {options.alignment, options.inPlace},
      // As --mini-bufferize after mini-fuse-patches.
      [](OpPassManager &pm) {
        pm.addNestedPass<func::FuncOp>(createFuseAccumulatorsPass());
      },
      problem);
  if (failed(planned))
    return failure();
  return planned->plannedBytes;
}
