//===- Strategy.h - the buffer-assignment strategies ------------*- C++ -*-===//
//
// The one list of strategies: their enum, option spelling and summary. The
// parser, the printer, the help texts of every tool and option, and the
// heuristics that `auto` runs are all derived from `getStrategyTable()`.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_STRATEGY_H
#define MINI_PLANNING_STRATEGY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mini {
namespace planning {

/// Buffer-assignment algorithms. The arena strategies (all heuristics but
/// greedy-color) place buffers one by one, in an order, into one arena: each
/// buffer goes into a gap among the already placed buffers whose live ranges
/// overlap it, or above them all.
enum class Strategy {
  /// By aligned size, descending (ties: longer live range first, then
  /// earlier start, then request order), into the smallest gap that fits.
  /// TFLite's ArenaPlanner and XLA's heap simulator with its spatial
  /// (size) order; "greedy by size" of Pisarchyk and Lee, "Efficient Memory
  /// Management for Deep Neural Net Inference", 2020.
  BestFit,
  /// The best-fit order, into the lowest gap that fits: TFLite Micro's
  /// GreedyMemoryPlanner.
  FirstFit,
  /// By live-range length, descending (ties: larger first, then earlier
  /// start, then request order), into the smallest gap that fits: XLA's
  /// heap simulator with its temporal order.
  BestFitByLength,
  /// By the number of interfering buffers, descending (ties: the best-fit
  /// order), into the lowest gap that fits: TVM USMP's greedy_by_conflicts.
  GreedyConflicts,
  /// By start step (ties: larger first, then request order), each into
  /// the lowest gap among the buffers live at its start: an online
  /// allocator's packing (a first-fit malloc replayed over the program),
  /// with no interference graph, in O(n log n + n * live buffers). `auto`
  /// runs it first, so that a plan exists however little time is left.
  FirstFitByStart,
  /// The interference graph of live ranges colored greedily, buffers in the
  /// best-fit order, each taking the lowest color none of its colored
  /// neighbors has. A color is a pool as large as its largest member, and
  /// every member sits at offset 0 of its pool.
  GreedyColor,
  /// Every heuristic above, then the exact search (mini/Planning/
  /// ExactSearch.h) from the best of them, under one node budget and one
  /// time limit (mini/Planning/MemoryPlanner.h).
  Auto,
};

/// One row of the strategy table.
struct StrategyInfo {
  Strategy strategy;
  /// The option spelling (`best-fit`).
  llvm::StringRef name;
  /// One line for help texts.
  llvm::StringRef summary;
  /// A heuristic that `auto` runs (every strategy but `auto` itself).
  bool isHeuristic;
};

/// Every strategy, in the order `auto` tries the heuristics (on equal plans
/// the earlier one wins).
llvm::ArrayRef<StrategyInfo> getStrategyTable();

/// Returns the strategy named `name`, if any.
std::optional<Strategy> parseStrategy(llvm::StringRef name);
/// Returns the option spelling of `strategy`.
llvm::StringRef stringifyStrategy(Strategy strategy);
/// The spellings of every strategy, for diagnostics: "best-fit, first-fit,
/// ... or auto".
std::string getStrategyNames();
/// One line per strategy, "name: summary", for help texts.
std::string getStrategyHelp();

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_STRATEGY_H
