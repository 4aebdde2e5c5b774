//===- mini-run.cpp - JIT-compile and run a mini model on the CPU ---------===//
//
//   mini-run model.{mlir,onnx} --input x.npy --output y.npy
//            [--no-plan] [--schedule-for-memory] [--max-mac-overhead F]
//            [--memory-budget BYTES] [--bench N] [--stats]
//            [--json FILE]
//
// A thin driver: flags, then the library. The model is loaded by the
// importer's loadModelFile (as mini-translate's), compiled and run by
// mini::CompiledModel on mini::Tensors read from and written to .npy
// (lib/Runtime), phases timed by mini::PhaseTimer, figures reported by
// mini::RunReport.
//
//===----------------------------------------------------------------------===//

#include "mini/InitAll.h"
#include "mini/Pipelines/CompileCLOptions.h"
#include "mini/Runtime/ModelRunner.h"
#include "mini/Runtime/Npy.h"
#include "mini/Runtime/RunReport.h"
#include "mini/Runtime/Tensor.h"
#include "mini/Runtime/TrackingAllocator.h"
#include "mini/Support/OutputFile.h"
#include "mini/Target/ONNX/ImportONNX.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

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
             "spread"),
    cl::cat(runCategory));
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

int fail(const Twine &message) {
  WithColor::error(errs(), "mini-run") << message << "\n";
  return 1;
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
  // The importer's options (--onnx-dim-bound), as mini-translate has them.
  mini::registerImportONNXCLOptions(&runCategory);
  mini::registerCompileCLOptions(runCategory);
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

  // Phases print as they begin and end (a line each, so that diagnostics in
  // between stay readable).
  mini::PhaseTimer phases;
  if (verbose == cl::BOU_UNSET ? sys::Process::StandardErrIsDisplayed()
                               : verbose == cl::BOU_TRUE) {
    phases.onBegin = [](StringRef phase) {
      errs() << "mini-run: " << phase << "...\n";
    };
    phases.onEnd = [](StringRef phase, double ms) {
      errs() << "mini-run: " << phase << format(": %.1f ms\n", ms);
    };
  }
  phases.begin(StringRef(modelPath).ends_with(".onnx") ? "import" : "parse");
  std::string loadError;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mini::loadModelFileFromCL(modelPath, &ctx, sourceMgr, loadError);
  if (!module)
    return loadError.empty() ? 1 : fail(loadError);
  phases.end();

  mini::CompileOptions options;
  options.plan = !noPlan;
  options.choices = mini::getCompileCLOptions();
  options.freeAfterLastUse = freeAfterLastUse;
  options.vectorize = vectorize;
  options.optLevel = optLevel;
  options.perfListener = perfJIT;
  options.phases = &phases;
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
  mini::RunReport report;
  report.model = modelPath;
  report.compileMs = compileMs;
  report.plan = model.getPlanFigures();
  report.patchFusion = model.getPatchFusionFigures();
  report.unplannedHow =
      std::string("--no-plan, ") +
      (freeAfterLastUse ? "freed after last use" : "freed at return");
  report.constantBytes = model.getConstantBytes();
  for (size_t set = 0; set < numSets; ++set) {
    // Inputs: .npy files, whose shapes set the dynamic sizes, or seeded
    // random values (dynamic dimensions at their bounds).
    Expected<SmallVector<mini::Tensor>> inputs = mini::readNpyFiles(
        ArrayRef<std::string>(inputPaths)
            .slice(set * numInputs, inputPaths.empty() ? 0 : numInputs),
        maxTensorBytes);
    if (inputs && !inputs->empty())
      if (Error error =
              model.setInputs(mini::getPointers<const mini::Tensor>(*inputs)))
        return fail(toString(std::move(error)));
    if (inputs && inputs->empty())
      inputs = model.makeRandomInputs(randomInputs < 0 ? 0 : randomInputs,
                                      randomIntBound, maxTensorBytes);
    if (!inputs)
      return fail(toString(inputs.takeError()));
    Expected<SmallVector<mini::Tensor>> outputs =
        model.allocateOutputs(maxTensorBytes);
    if (!outputs)
      return fail(toString(outputs.takeError()));
    SmallVector<const mini::Tensor *> inputPtrs =
        mini::getPointers<const mini::Tensor>(*inputs);
    SmallVector<mini::Tensor *> outputPtrs =
        mini::getPointers<mini::Tensor>(*outputs);

    // One measured run for the heap figures; the report keeps the set with
    // the largest peak.
    allocator.resetPeakAndCounts();
    uint64_t liveBefore = allocator.getStats().currentBytes;
    phases.begin("run");
    if (Error error = model.run(inputPtrs, outputPtrs))
      return fail(toString(std::move(error)));
    phases.end();
    mini::AllocationStats heap = allocator.getStats();
    report.heapBytesAtExit += heap.currentBytes - liveBefore;
    if (set == 0 || heap.peakBytes > report.heap.peakBytes)
      report.heap = heap;
    if (numSets > 1) {
      outs() << "run " << set << ": input shapes";
      for (const mini::TensorSpec &spec : model.getInputs()) {
        outs() << " ";
        llvm::interleave(spec.shape, outs(), "x");
      }
      outs() << ", heap peak " << heap.peakBytes << " bytes\n";
    }

    // Timed runs, of the first set.
    if (benchRuns > 0 && set == 0) {
      phases.begin("benchmark (" + std::to_string(warmupRuns) + " + " +
                   std::to_string(benchRuns) + " runs)");
      Expected<mini::BenchStats> bench =
          model.benchmark(inputPtrs, outputPtrs, warmupRuns, benchRuns);
      if (!bench)
        return fail(toString(bench.takeError()));
      phases.end();
      report.bench = *bench;
      outs() << format("bench: %u runs, median %.3f ms, min %.3f ms, max %.3f "
                       "ms, spread (max-min)/median %.1f%%\n",
                       bench->runs, bench->medianMs, bench->minMs, bench->maxMs,
                       100.0 * (bench->maxMs - bench->minMs) / bench->medianMs);
    }

    for (auto [i, spec] : llvm::enumerate(model.getOutputs())) {
      if (printOutput)
        (*outputs)[i].print(outs(), spec.name);
      if (!outputPaths.empty())
        if (Error error = mini::writeNpyFile(outputPaths[set * numOutputs + i],
                                             (*outputs)[i]))
          return fail(toString(std::move(error)));
    }
  }

  report.inputBytes = report.outputBytes = 0;
  for (const mini::TensorSpec &spec : model.getInputs())
    report.inputBytes += spec.getNumBytes();
  for (const mini::TensorSpec &spec : model.getOutputs())
    report.outputBytes += spec.getNumBytes();
  if (printStats)
    report.printStats(outs());
  if (!statsJson.empty())
    if (Error error = mini::writeOutputFile(statsJson, [&](raw_ostream &os) {
          os << formatv("{0:2}", json::Value(report.toJSON())) << "\n";
        }))
      return fail(toString(std::move(error)));

  if (report.heapBytesAtExit != 0)
    return fail("the model leaked " + Twine(report.heapBytesAtExit) +
                " bytes in " + Twine(report.heap.numLive) + " allocations");
  if (allocator.getNumBadFrees() != 0)
    return fail("the model freed " + Twine(allocator.getNumBadFrees()) +
                " pointers it had not allocated");
  return 0;
}
