//===- StrategyTest.cpp - the strategy table ------------------------------===//
//
//===----------------------------------------------------------------------===//

#include "PlanningTestUtils.h"

#include "llvm/ADT/StringSet.h"

using namespace mini::planning;
using namespace mini::planning::test;

namespace {

TEST(StrategyTest, ParsesStrategies) {
  EXPECT_EQ(parseStrategy("best-fit"), Strategy::BestFit);
  EXPECT_EQ(parseStrategy("greedy-color"), Strategy::GreedyColor);
  EXPECT_EQ(parseStrategy("first-fit"), Strategy::FirstFit);
  EXPECT_EQ(parseStrategy("auto"), Strategy::Auto);
  EXPECT_FALSE(parseStrategy("worst-fit").has_value());
  for (Strategy s : kStrategies)
    EXPECT_EQ(parseStrategy(stringifyStrategy(s)), s);
}

TEST(StrategyTest, TableNamesEveryStrategyOnceAndAutoLast) {
  // Every enumerator up to Auto, each once; auto is the one non-heuristic
  // and comes last, after the heuristics it runs.
  llvm::ArrayRef<StrategyInfo> table = getStrategyTable();
  ASSERT_EQ(table.size(), static_cast<size_t>(Strategy::Auto) + 1);
  llvm::StringSet<> names;
  std::vector<bool> seen(table.size(), false);
  for (const StrategyInfo &info : table) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name.str();
    EXPECT_FALSE(seen[static_cast<size_t>(info.strategy)]) << info.name.str();
    seen[static_cast<size_t>(info.strategy)] = true;
    EXPECT_EQ(info.isHeuristic, info.strategy != Strategy::Auto);
    EXPECT_FALSE(info.summary.empty()) << info.name.str();
  }
  EXPECT_EQ(table.back().strategy, Strategy::Auto);
}

TEST(StrategyTest, NamesAndHelpListTheTable) {
  EXPECT_EQ(getStrategyNames(),
            "best-fit, first-fit, best-fit-by-length, greedy-conflicts, "
            "first-fit-by-start, greedy-color or auto");
  std::string help = getStrategyHelp();
  EXPECT_EQ(static_cast<size_t>(llvm::count(help, '\n')),
            getStrategyTable().size());
  for (const StrategyInfo &info : getStrategyTable())
    EXPECT_NE(
        help.find("  " + info.name.str() + ": " + info.summary.str() + "\n"),
        std::string::npos)
        << info.name.str();
}

} // namespace
