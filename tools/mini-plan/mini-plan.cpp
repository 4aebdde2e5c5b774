//===- mini-plan.cpp - the planning library on MiniMalloc CSV problems ----===//
//
//   mini-plan problem.csv [--strategy auto] [--alignment 1] [--capacity N]
//             [--time-limit-ms 1000] [--search-steps N] [-o solution.csv]
//
// Reads buffers in MiniMalloc's CSV format (id,lower,upper,size; live on
// [lower, upper)), plans them with mini's planning library, checks the plan
// with the library's checker, and writes the rows with an offset column. The
// summary (lower bound, peak, time, optimality) goes to stderr.
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/MemoryPlanner.h"
#include "mini/Planning/ProblemIO.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace llvm;
using namespace mini::planning;

static cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                                      cl::desc("<problem.csv> ('-': stdin)"));
static cl::opt<std::string> outputPath("o", cl::init("-"),
                                       cl::desc("Solution CSV ('-': stdout)"));
static cl::opt<std::string>
    strategyName("strategy", cl::init("auto"),
                 cl::desc("best-fit, first-fit, best-fit-by-length, "
                          "greedy-conflicts, greedy-color or auto"));
static cl::opt<uint64_t> alignment("alignment", cl::init(1),
                                   cl::desc("Alignment of every offset, bytes"));
static cl::opt<uint64_t>
    capacity("capacity", cl::init(0),
             cl::desc("Find a plan within this many bytes (0: minimize)"));
static cl::opt<uint64_t>
    timeLimitMs("time-limit-ms", cl::init(10000),
                cl::desc("Wall-clock safety net of the search, ms (0: none)"));
static cl::opt<uint64_t>
    searchSteps("search-steps", cl::init(5000000),
                cl::desc("Budget of the exact search, in search nodes"));

static int fail(const Twine &message) {
  WithColor::error(errs(), "mini-plan") << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv,
                              "mini-plan: plan a MiniMalloc CSV problem\n");
  std::optional<Strategy> strategy = parseStrategy(strategyName);
  if (!strategy)
    return fail("unknown strategy '" + strategyName + "'; expected " +
                getStrategyNames());
  auto file = MemoryBuffer::getFileOrSTDIN(inputPath, /*IsText=*/true);
  if (std::error_code ec = file.getError())
    return fail("cannot read '" + inputPath + "': " + ec.message());
  Expected<Problem> problem = parseProblemCSV((*file)->getBuffer());
  if (!problem)
    return fail(inputPath + ": " + toString(problem.takeError()));

  SearchOptions search;
  search.maxSteps = searchSteps;
  search.timeLimitMs = timeLimitMs;
  if (capacity != 0)
    search.capacity = capacity;
  auto start = std::chrono::steady_clock::now();
  Expected<MemoryPlan> plan =
      planMemory(problem->requests, *strategy, alignment, search);
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start)
                  .count();
  if (!plan)
    return fail(toString(plan.takeError()));
  if (Error error = verifyMemoryPlan(problem->requests, *plan, alignment))
    return fail("the plan is invalid: " + toString(std::move(error)));

  std::error_code ec;
  raw_fd_ostream os(outputPath, ec, sys::fs::OF_Text);
  if (ec)
    return fail("cannot write '" + outputPath + "': " + ec.message());
  os << printSolutionCSV(*problem, *plan);
  os.flush();

  errs() << problem->requests.size() << " buffers, lower bound "
         << computeLowerBound(problem->requests, alignment) << " bytes, peak "
         << plan->getPlannedBytes() << " bytes, "
         << format("%.3f", ms) << " ms, strategy "
         << stringifyStrategy(plan->strategy) << ", optimal "
         << (plan->optimal ? "yes" : "no") << " (search steps "
         << plan->searchSteps << (plan->hitStepBudget ? ", step budget hit" : "")
         << (plan->hitTimeLimit ? ", time limit hit" : "") << ")\n";
  return 0;
}
