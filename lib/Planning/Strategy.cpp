//===- Strategy.cpp - the buffer-assignment strategies --------------------===//

#include "mini/Planning/Strategy.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ErrorHandling.h"

using namespace mini;
using namespace mini::planning;

llvm::ArrayRef<StrategyInfo> planning::getStrategyTable() {
  static const StrategyInfo table[] = {
      {Strategy::BestFit, "best-fit",
       "by size, into the smallest gap (TFLite arena, XLA spatial)", true},
      {Strategy::FirstFit, "first-fit",
       "by size, into the lowest gap (TFLite Micro)", true},
      {Strategy::BestFitByLength, "best-fit-by-length",
       "by live-range length, into the smallest gap (XLA temporal)", true},
      {Strategy::GreedyConflicts, "greedy-conflicts",
       "by interference degree, into the lowest gap (TVM USMP)", true},
      {Strategy::FirstFitByStart, "first-fit-by-start",
       "by start step, into the lowest gap among the live buffers (online)",
       true},
      {Strategy::GreedyColor, "greedy-color",
       "interference-graph coloring, one pool per color", true},
      {Strategy::Auto, "auto",
       "every heuristic, then the exact search (MiniMalloc's method)", false},
  };
  return table;
}

std::optional<Strategy> planning::parseStrategy(llvm::StringRef name) {
  for (const StrategyInfo &info : getStrategyTable())
    if (info.name == name)
      return info.strategy;
  return std::nullopt;
}

llvm::StringRef planning::stringifyStrategy(Strategy strategy) {
  for (const StrategyInfo &info : getStrategyTable())
    if (info.strategy == strategy)
      return info.name;
  llvm_unreachable("a strategy missing from the table");
}

std::string planning::getStrategyNames() {
  std::string names;
  llvm::ArrayRef<StrategyInfo> table = getStrategyTable();
  for (auto [i, info] : llvm::enumerate(table)) {
    if (i != 0)
      names += i + 1 == table.size() ? " or " : ", ";
    names += info.name.str();
  }
  return names;
}

std::string planning::getStrategyHelp() {
  std::string help;
  for (const StrategyInfo &info : getStrategyTable())
    help += "  " + info.name.str() + ": " + info.summary.str() + "\n";
  return help;
}
