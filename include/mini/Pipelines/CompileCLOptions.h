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

#include "llvm/Support/CommandLine.h"

#include <cstdint>
#include <string>

namespace mini {

/// The values of the shared options.
struct CompileCLOptions {
  /// --plan-options: options of --plan-memory (textual).
  std::string planOptions;
  /// --schedule-for-memory: --mini-schedule-for-memory in --mini-bufferize.
  bool scheduleForMemory = true;
  /// --max-mac-overhead, --memory-budget (0: not set) and --fusion-report:
  /// --mini-fuse-patches' choice and its report file.
  double maxMacOverhead = 0.0;
  uint64_t memoryBudget = 0;
  std::string fusionReport;
};

/// Registers the options (--plan-options, --schedule-for-memory,
/// --max-mac-overhead, --memory-budget, --fusion-report) in `category`.
void registerCompileCLOptions(llvm::cl::OptionCategory &category);

/// The options' values, after the command line is parsed.
CompileCLOptions getCompileCLOptions();

} // namespace mini

#endif // MINI_PIPELINES_COMPILECLOPTIONS_H
