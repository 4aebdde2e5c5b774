//===- mini-run.cpp - JIT-compile and run a mini model on the CPU ---------===//
//
//   mini-run model.{mlir,onnx} --input x.npy --output y.npy
//            [--no-plan] [--schedule-for-memory] [--bench N] [--stats]
//            [--json FILE]
//
// A thin driver over mini::CompiledModel (lib/Runtime): reads the model (mini
// IR, or ONNX through the importer), compiles it planned or unplanned, feeds
// it .npy inputs, writes .npy outputs, and reports timing and the tracking
// allocator's heap figures.
//
//===----------------------------------------------------------------------===//

#include "mini/Dialect/Mini/IR/MiniOps.h"
#include "mini/InitAll.h"
#include "mini/Runtime/ModelRunner.h"
#include "mini/Runtime/Npy.h"
#include "mini/Runtime/Tensor.h"
#include "mini/Runtime/TrackingAllocator.h"
#include "mini/Target/ONNX/ImportONNX.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <random>

using namespace llvm;

static cl::OptionCategory runCategory("mini-run options");

static cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                                      cl::desc("<model.mlir or model.onnx>"),
                                      cl::cat(runCategory));
static cl::list<std::string>
    inputPaths("input", cl::desc("A .npy file per model input, in order"),
               cl::cat(runCategory));
static cl::list<std::string>
    outputPaths("output", cl::desc("A .npy file per model output, in order"),
                cl::cat(runCategory));
static cl::list<std::string> dimBounds(
    "onnx-dim-bound",
    cl::desc("NAME=N: import an .onnx model's symbolic input dimension NAME "
             "as a dynamic dimension of at most N (as mini-translate does)"),
    cl::CommaSeparated, cl::cat(runCategory));
static cl::opt<int> randomInputs(
    "random-inputs", cl::init(-1),
    cl::desc("Fill inputs given no --input from this seed (mt19937): f32 "
             "uniform in [-1, 1), integers uniform in [0, bound) (see "
             "--random-int-bound), bools 0 or 1"),
    cl::cat(runCategory));
static cl::opt<int64_t> randomIntBound(
    "random-int-bound", cl::init(0),
    cl::desc("Bound of random integer inputs (token ids); default: the size "
             "of the table the input indexes (its mini.gather), else 2"),
    cl::cat(runCategory));
static cl::opt<int64_t> maxTensorBytes(
    "max-tensor-bytes", cl::init(mini::kDefaultMaxTensorBytes),
    cl::desc("The largest input or output tensor, in bytes, that mini-run "
             "reads, fills or allocates (default 4 GiB)"),
    cl::cat(runCategory));
static cl::opt<bool>
    noPlan("no-plan",
           cl::desc("Do not plan memory: one heap allocation per activation, "
                    "all freed when the model returns"),
           cl::cat(runCategory));
static cl::opt<bool> freeAfterLastUse(
    "free-after-last-use",
    cl::desc("With --no-plan: free each activation after its last use "
             "(upstream buffer deallocation) instead of at return"),
    cl::cat(runCategory));
static cl::opt<bool> scheduleForMemory(
    "schedule-for-memory",
    cl::desc("Reorder the model's ops to lower its peak of live bytes "
             "(--mini-schedule-for-memory) before bufferizing"),
    cl::cat(runCategory));
static cl::opt<std::string>
    planOptions("plan-options", cl::init(""),
                cl::desc("Options of --plan-memory, e.g. "
                         "'strategy=greedy-color alignment=128'"),
                cl::cat(runCategory));
static cl::opt<bool> vectorize("vectorize", cl::init(true),
                               cl::desc("Tile and vectorize (default on)"),
                               cl::cat(runCategory));
static cl::opt<unsigned> optLevel("O", cl::init(3),
                                  cl::desc("LLVM optimization level (0-3)"),
                                  cl::cat(runCategory));
static cl::opt<bool> perfJIT(
    "perf-jit",
    cl::desc("Tell perf about the JIT's code: writes jit-PID.dump under "
             "$JITDUMPDIR or ~/.debug/jit, for `perf inject --jit`"),
    cl::cat(runCategory));
static cl::opt<unsigned> benchRuns(
    "bench", cl::init(0),
    cl::desc("Time this many runs after the warm-up; print the median and "
             "spread"));
static cl::opt<unsigned> warmupRuns("warmup", cl::init(2),
                                    cl::desc("Untimed runs before --bench"),
                                    cl::cat(runCategory));
static cl::opt<std::string>
    statsJson("json", cl::init(""),
              cl::desc("Write the figures as JSON to this file ('-': stdout)"),
              cl::cat(runCategory));
static cl::opt<bool> printOutput(
    "print-output",
    cl::desc("Print each output (its values if at most 100, and its argmax)"),
    cl::cat(runCategory));

static cl::opt<cl::boolOrDefault> verbose(
    "verbose",
    cl::desc("Print each phase (import, bufferize and plan, lower, JIT, "
             "run) and its time to stderr (default: when stderr is a "
             "terminal)"),
    cl::cat(runCategory));

namespace {

/// This process's peak resident memory in bytes (Linux's VmHWM), or -1
/// where /proc/self/status has none. Not getrusage's ru_maxrss, which
/// Linux keeps across exec: a tool started by a large process (a Python
/// benchmark with PyTorch loaded) would report its parent's size.
int64_t getPeakResidentBytes() {
  ErrorOr<std::unique_ptr<MemoryBuffer>> status =
      MemoryBuffer::getFileAsStream("/proc/self/status");
  if (!status)
    return -1;
  SmallVector<StringRef> lines;
  (*status)->getBuffer().split(lines, '\n');
  for (StringRef line : lines) {
    if (!line.consume_front("VmHWM:"))
      continue;
    StringRef value = line.trim(); // "123456 kB"
    int64_t kib;
    if (value.consume_back("kB") && !value.trim().getAsInteger(10, kib))
      return kib * 1024;
  }
  return -1;
}

/// Prints phases as they begin ("mini-run: <phase>...") and end
/// ("mini-run: <phase>: <ms> ms"), each on a line of its own so that
/// diagnostics in between stay readable.
struct PhasePrinter {
  bool enabled = false;
  std::string phase;
  std::chrono::steady_clock::time_point start;
  void begin(StringRef name) {
    phase = name.str();
    start = std::chrono::steady_clock::now();
    if (enabled)
      errs() << "mini-run: " << phase << "...\n";
  }
  void end(double ms) {
    if (enabled)
      errs() << "mini-run: " << phase << format(": %.1f ms\n", ms);
  }
  void end() {
    end(std::chrono::duration<double, std::milli>(
            std::chrono::steady_clock::now() - start)
            .count());
  }
};

int fail(const Twine &message) {
  WithColor::error(errs(), "mini-run") << message << "\n";
  return 1;
}

mlir::OwningOpRef<mlir::ModuleOp> loadModel(mlir::MLIRContext &ctx,
                                            SourceMgr &sourceMgr) {
  std::string error;
  std::unique_ptr<MemoryBuffer> file = mlir::openInputFile(modelPath, &error);
  if (!file) {
    errs() << error << "\n";
    return nullptr;
  }
  if (StringRef(modelPath).ends_with(".onnx")) {
    mlir::Location loc = mlir::FileLineColLoc::get(&ctx, modelPath, 0, 0);
    mini::ImportONNXOptions options;
    if (failed(mini::parseDimBounds(dimBounds, options.dimBounds, error))) {
      errs() << "mini-run: error: " << error << "\n";
      return nullptr;
    }
    return mini::importONNXModel(file->getBuffer(), &ctx, loc, options);
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), SMLoc());
  return mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &ctx);
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // `--stats` prints mini-run's memory figures. LLVM registers its own
  // `-stats` (pass statistics) while parsing, so ours is taken out of argv
  // first rather than declared as a cl::opt.
  bool printStats = false;
  SmallVector<char *> args;
  for (int i = 0; i < argc; ++i) {
    StringRef arg(argv[i]);
    if (i > 0 && (arg == "--stats" || arg == "-stats")) {
      printStats = true;
      continue;
    }
    args.push_back(argv[i]);
  }
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(
      static_cast<int>(args.size()), args.data(),
      "mini-run: JIT-compile and run a mini model\n\n"
      "  --stats   print the plan's and the heap's figures (bytes)\n");

  mlir::DialectRegistry registry;
  mini::registerAllDialects(registry);
  mlir::MLIRContext ctx(registry);
  SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagHandler(sourceMgr, &ctx);

  PhasePrinter phases;
  phases.enabled = verbose == cl::BOU_UNSET
                       ? sys::Process::StandardErrIsDisplayed()
                       : verbose == cl::BOU_TRUE;
  phases.begin(StringRef(modelPath).ends_with(".onnx") ? "import"
                                                       : "parse");
  mlir::OwningOpRef<mlir::ModuleOp> module = loadModel(ctx, sourceMgr);
  if (!module)
    return 1;
  phases.end();

  mini::CompileOptions options;
  options.plan = !noPlan;
  options.planOptions = planOptions;
  options.freeAfterLastUse = freeAfterLastUse;
  options.scheduleForMemory = scheduleForMemory;
  options.vectorize = vectorize;
  options.optLevel = optLevel;
  options.perfListener = perfJIT;
  options.onPhaseBegin = [&](StringRef phase) { phases.begin(phase); };
  options.onPhaseEnd = [&](StringRef, double ms) { phases.end(ms); };
  if (freeAfterLastUse && !noPlan)
    return fail("--free-after-last-use needs --no-plan");
  auto compileStart = std::chrono::steady_clock::now();
  Expected<std::unique_ptr<mini::CompiledModel>> compiled =
      mini::CompiledModel::compile(*module, options);
  if (!compiled)
    return fail(toString(compiled.takeError()));
  double compileMs = std::chrono::duration<double, std::milli>(
                         std::chrono::steady_clock::now() - compileStart)
                         .count();
  mini::CompiledModel &model = **compiled;

  // Several sets of inputs (and outputs) run in order on the one compiled
  // model: a model with dynamic dimensions runs at several sizes with its
  // one plan. The heap figures are those of the set with the largest peak.
  size_t numInputs = model.getInputs().size();
  size_t numOutputs = model.getOutputs().size();
  if (!inputPaths.empty() &&
      (numInputs == 0 || inputPaths.size() % numInputs != 0))
    return fail("the model has " + Twine(numInputs) + " inputs, " +
                Twine(inputPaths.size()) +
                " --input given (one per input, or several sets of them)");
  if (inputPaths.empty() && randomInputs < 0 && numInputs != 0)
    return fail("give an --input per model input, or --random-inputs=SEED");
  size_t numSets =
      inputPaths.empty() || numInputs == 0 ? 1 : inputPaths.size() / numInputs;
  if (!outputPaths.empty() && outputPaths.size() != numOutputs * numSets)
    return fail("the model has " + Twine(numOutputs) + " outputs, " +
                Twine(outputPaths.size()) + " --output given for " +
                Twine(numSets) + " set(s) of inputs");
  mini::TrackingAllocator &allocator = mini::TrackingAllocator::get();
  mini::AllocationStats heap;
  uint64_t leakedBytes = 0;
  SmallVector<double> timesMs;
  double median = 0, minMs = 0, maxMs = 0;
  ArrayRef<mini::TensorSpec> inputSpecs, outputSpecs;
  for (size_t set = 0; set < numSets; ++set) {
    // Inputs: .npy files, or seeded random values (dynamic dimensions at
    // their bounds). The files' shapes set the dynamic sizes.
    std::vector<mini::Tensor> inputs;
    ArrayRef<std::string> setPaths;
    if (!inputPaths.empty())
      setPaths = ArrayRef<std::string>(inputPaths)
                     .slice(set * numInputs, numInputs);
    for (const std::string &path : setPaths) {
      Expected<mini::Tensor> tensor = mini::readNpyFile(path, maxTensorBytes);
      if (!tensor)
        return fail(toString(tensor.takeError()));
      inputs.push_back(std::move(*tensor));
    }
    if (!inputs.empty()) {
      SmallVector<const mini::Tensor *> given;
      for (const mini::Tensor &tensor : inputs)
        given.push_back(&tensor);
      if (Error error = model.setInputs(given))
        return fail(toString(std::move(error)));
    } else {
      Expected<SmallVector<mini::Tensor>> random = model.makeRandomInputs(
          randomInputs < 0 ? 0 : randomInputs, randomIntBound, maxTensorBytes);
      if (!random)
        return fail(toString(random.takeError()));
      for (mini::Tensor &tensor : *random)
        inputs.push_back(std::move(tensor));
    }
    inputSpecs = model.getInputs();
    outputSpecs = model.getOutputs();
    Expected<SmallVector<mini::Tensor>> outputs =
        model.allocateOutputs(maxTensorBytes);
    if (!outputs)
      return fail(toString(outputs.takeError()));
    SmallVector<const mini::Tensor *> inputPtrs;
    SmallVector<mini::Tensor *> outputPtrs;
    for (const mini::Tensor &tensor : inputs)
      inputPtrs.push_back(&tensor);
    for (mini::Tensor &tensor : *outputs)
      outputPtrs.push_back(&tensor);

    // One measured run for the heap figures.
    allocator.resetPeakAndCounts();
    uint64_t liveBefore = allocator.getStats().currentBytes;
    phases.begin("run");
    if (Error error = model.run(inputPtrs, outputPtrs))
      return fail(toString(std::move(error)));
    phases.end();
    mini::AllocationStats setHeap = allocator.getStats();
    leakedBytes += setHeap.currentBytes - liveBefore;
    if (set == 0 || setHeap.peakBytes > heap.peakBytes)
      heap = setHeap;
    if (numSets > 1) {
      outs() << "run " << set << ": input shapes";
      for (const mini::TensorSpec &spec : inputSpecs) {
        outs() << " ";
        llvm::interleave(spec.shape, outs(), "x");
      }
      outs() << ", heap peak " << setHeap.peakBytes << " bytes\n";
    }

    // Timed runs, of the first set.
    if (benchRuns > 0 && set == 0) {
      phases.begin("benchmark (" + std::to_string(warmupRuns) + " + " +
                   std::to_string(benchRuns) + " runs)");
      for (unsigned i = 0; i < warmupRuns; ++i)
        if (Error error = model.run(inputPtrs, outputPtrs))
          return fail(toString(std::move(error)));
      for (unsigned i = 0; i < benchRuns; ++i) {
        auto start = std::chrono::steady_clock::now();
        if (Error error = model.run(inputPtrs, outputPtrs))
          return fail(toString(std::move(error)));
        timesMs.push_back(std::chrono::duration<double, std::milli>(
                              std::chrono::steady_clock::now() - start)
                              .count());
      }
      llvm::sort(timesMs);
      phases.end();
    }
    if (!timesMs.empty() && set == 0) {
      size_t n = timesMs.size();
      median = n % 2 ? timesMs[n / 2] : (timesMs[n / 2 - 1] + timesMs[n / 2]) / 2;
      minMs = timesMs.front();
      maxMs = timesMs.back();
      outs() << format("bench: %u runs, median %.3f ms, min %.3f ms, max %.3f "
                       "ms, spread (max-min)/median %.1f%%\n",
                       benchRuns.getValue(), median, minMs, maxMs,
                       100.0 * (maxMs - minMs) / median);
    }

    for (auto [i, spec] : llvm::enumerate(outputSpecs)) {
      if (printOutput)
        (*outputs)[i].print(outs(), spec.name);
      if (!outputPaths.empty())
        if (Error error = mini::writeNpyFile(outputPaths[set * numOutputs + i],
                                             (*outputs)[i]))
          return fail(toString(std::move(error)));
    }
  }

  const std::optional<mini::planning::PlanFigures> &plan =
      model.getPlanFigures();
  int64_t inputBytes = 0, outputBytes = 0;
  for (const mini::TensorSpec &spec : inputSpecs)
    inputBytes += spec.getNumBytes();
  for (const mini::TensorSpec &spec : outputSpecs)
    outputBytes += spec.getNumBytes();
  if (printStats) {
    if (plan)
      outs() << "plan: planned_bytes " << plan->plannedBytes
             << ", lower_bound_bytes " << plan->lowerBoundBytes
             << ", naive_bytes " << plan->naiveBytes << ", "
             << plan->pools.size() << " pool(s)\n";
    else
      outs() << "plan: none (--no-plan, "
             << (freeAfterLastUse ? "freed after last use" : "freed at return")
             << ")\n";
    outs() << "heap: peak " << heap.peakBytes << " bytes, "
           << heap.numAllocations << " allocations, " << heap.numFrees
           << " frees, " << leakedBytes << " bytes live at exit\n";
    outs() << "buffers: inputs " << inputBytes << " bytes, outputs "
           << outputBytes << " bytes, constants " << model.getConstantBytes()
           << " bytes (static data)\n";
    outs() << format("compile: %.1f ms\n", compileMs);
  }
  if (!statsJson.empty()) {
    json::Object stats{
        {"model", modelPath.getValue()},
        {"planned", plan.has_value()},
        {"heap_peak_bytes", static_cast<int64_t>(heap.peakBytes)},
        {"heap_allocations", static_cast<int64_t>(heap.numAllocations)},
        {"heap_frees", static_cast<int64_t>(heap.numFrees)},
        {"heap_bytes_at_exit", static_cast<int64_t>(leakedBytes)},
        {"input_bytes", inputBytes},
        {"output_bytes", outputBytes},
        {"constant_bytes", model.getConstantBytes()},
        {"compile_ms", compileMs},
    };
    // The plan's figures, by their keys (zeros when not planned).
    mini::planning::addPlanFigures(
        stats, plan.value_or(mini::planning::PlanFigures()),
        mini::planning::FigureUse::AttributeAndReport);
    if (int64_t peak = getPeakResidentBytes(); peak >= 0)
      stats["peak_rss_bytes"] = peak;
    if (!timesMs.empty())
      stats["bench"] = json::Object{{"runs", static_cast<int64_t>(benchRuns)},
                                    {"median_ms", median},
                                    {"min_ms", minMs},
                                    {"max_ms", maxMs}};
    std::string error;
    auto file = mlir::openOutputFile(statsJson, &error);
    if (!file)
      return fail(error);
    file->os() << formatv("{0:2}", json::Value(std::move(stats))) << "\n";
    file->os().flush();
    if (std::error_code writeError = file->os().error()) {
      // Cleared, so that closing the file does not end in "LLVM ERROR".
      file->os().clear_error();
      return fail("cannot write '" + statsJson + "': " + writeError.message());
    }
    file->keep();
  }

  if (leakedBytes != 0)
    return fail("the model leaked " + Twine(leakedBytes) + " bytes in " +
                Twine(heap.numLive) + " allocations");
  if (allocator.getNumBadFrees() != 0)
    return fail("the model freed " + Twine(allocator.getNumBadFrees()) +
                " pointers it had not allocated");
  return 0;
}
