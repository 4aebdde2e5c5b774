//===- csv-fuzzer.cpp - the MiniMalloc CSV reader and mini-plan's path ----===//
//
// Any byte string is a problem or an error from `parseProblemCSV`; a problem
// of at most 64 buffers goes through every strategy into the checker (see
// PlanChecks.h), and its flattened plan prints as a solution CSV that parses
// back to the same problem.
//
//===----------------------------------------------------------------------===//

#include "../PlanChecks.h"

#include "mini/Planning/ProblemIO.h"

using namespace mini::planning;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<Problem> problem = parseProblemCSV(
      llvm::StringRef(reinterpret_cast<const char *>(data), size));
  if (!problem) {
    llvm::consumeError(problem.takeError());
    return 0;
  }
  if (problem->requests.size() > 64)
    return 0;
  mini::fuzz::checkEveryStrategy(problem->requests, /*alignment=*/1, {});
  llvm::Expected<MemoryPlan> plan =
      planMemory(problem->requests, Strategy::BestFit, 1);
  if (!plan) {
    llvm::consumeError(plan.takeError());
    return 0;
  }
  llvm::Expected<std::string> csv =
      printSolutionCSV(*problem, flattenPools(*plan));
  if (!csv)
    mini::fuzz::finding("a one-pool plan does not print", Strategy::BestFit);
  llvm::Expected<Problem> again = parseProblemCSV(*csv);
  if (!again || again->ids != problem->ids ||
      again->requests.size() != problem->requests.size())
    mini::fuzz::finding("the solution CSV does not parse back",
                        Strategy::BestFit);
  for (auto [a, b] : llvm::zip(again->requests, problem->requests))
    if (a.size != b.size || a.start != b.start || a.end != b.end)
      mini::fuzz::finding("the solution CSV changed a buffer",
                          Strategy::BestFit);
  return 0;
}
