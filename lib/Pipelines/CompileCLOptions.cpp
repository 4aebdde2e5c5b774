//===- CompileCLOptions.cpp - how the tools compile a model ---------------===//

#include "mini/Pipelines/CompileCLOptions.h"

#include "llvm/Support/ManagedStatic.h"

using namespace mini;
namespace cl = llvm::cl;

namespace {
struct Options {
  cl::opt<std::string> planOptions{
      "plan-options", cl::init(""),
      cl::desc("Options of --plan-memory, e.g. 'strategy=greedy-color "
               "alignment=128' or 'memories=sram:262144,dram'")};
  cl::opt<bool> scheduleForMemory{
      "schedule-for-memory", cl::init(true),
      cl::desc("Reorder the model's ops on tensors for a lower planned peak "
               "(--mini-schedule-for-memory, in --mini-bufferize; never worse "
               "than the program's order, which =false keeps)")};
  cl::opt<double> maxMacOverhead{
      "max-mac-overhead", cl::init(0.0),
      cl::desc("Run segments patch by patch (--mini-fuse-patches): the "
               "smallest planned peak whose MACs are at most this many times "
               "the model's (>= 1)")};
  cl::opt<uint64_t> memoryBudget{
      "memory-budget", cl::init(0),
      cl::desc("Run segments patch by patch (--mini-fuse-patches): the "
               "fewest MACs whose planned peak fits in this many bytes")};
  cl::opt<std::string> fusionReport{
      "fusion-report", cl::init(""),
      cl::desc("Write --mini-fuse-patches' choice as JSON to this file")};
};
} // namespace

static llvm::ManagedStatic<Options> options;

void mini::registerCompileCLOptions(cl::OptionCategory &category) {
  for (cl::Option *option :
       {static_cast<cl::Option *>(&options->planOptions),
        static_cast<cl::Option *>(&options->scheduleForMemory),
        static_cast<cl::Option *>(&options->maxMacOverhead),
        static_cast<cl::Option *>(&options->memoryBudget),
        static_cast<cl::Option *>(&options->fusionReport)})
    option->addCategory(category);
}

void CompileChoices::applyTo(BufferizePipelineOptions &bufferize) const {
  bufferize.scheduleForMemory = scheduleForMemory;
  bufferize.maxMacOverhead = maxMacOverhead;
  bufferize.memoryBudget = memoryBudget;
  bufferize.fusionReport = fusionReport;
}

CompileChoices mini::getCompileCLOptions() {
  return {options->planOptions, options->scheduleForMemory,
          options->maxMacOverhead, options->memoryBudget,
          options->fusionReport};
}
