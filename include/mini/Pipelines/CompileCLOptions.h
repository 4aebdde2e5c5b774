//===- CompileCLOptions.h - how the tools compile a model --------*- C++
//-*-===//
//
// The command-line options mini-run and mini-compile share, declared once
// (as the importer's --onnx-* options are): how a model on tensors is
// scheduled, fused into patches and planned.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PIPELINES_COMPILECLOPTIONS_H
#define MINI_PIPELINES_COMPILECLOPTIONS_H

#include "mini/Pipelines/Pipelines.h"

#include "llvm/Support/CommandLine.h"

#include <cstdint>
#include <string>

namespace mini {

/// How a model on tensors is scheduled, fused into patches and planned:
/// what mini-run (CompiledModel) and mini-compile (compileToObject) share.
struct CompileChoices {
  /// Options of --plan-memory (textual, e.g. "strategy=greedy-color").
  std::string planOptions;
  /// --mini-schedule-for-memory in --mini-bufferize (never worse than the
  /// program's order, which false keeps). Models on tensors only.
  bool scheduleForMemory = true;
  /// --mini-fuse-patches: the smallest peak within `maxMacOverhead` times
  /// the MACs, or the fewest MACs within `memoryBudget` bytes (0: not set);
  /// `fusionReport` is its report file.
  double maxMacOverhead = 0.0;
  uint64_t memoryBudget = 0;
  std::string fusionReport;

  /// Sets the options of `bufferize` these choices decide.
  void applyTo(BufferizePipelineOptions &bufferize) const;
};

/// Registers the options (--plan-options, --schedule-for-memory,
/// --max-mac-overhead, --memory-budget, --fusion-report) in `category`.
void registerCompileCLOptions(llvm::cl::OptionCategory &category);

/// The options' values, after the command line is parsed.
CompileChoices getCompileCLOptions();

} // namespace mini

#endif // MINI_PIPELINES_COMPILECLOPTIONS_H
