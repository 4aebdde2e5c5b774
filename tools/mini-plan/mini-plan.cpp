//===- mini-plan.cpp - the planning library on MiniMalloc CSV problems ----===//
//
//   mini-plan problem.csv [--strategy auto] [--alignment 1] [--capacity N]
//             [--time-limit-ms 10000] [--search-nodes N] [-o solution.csv]
//             [--svg plan.svg] [--map plan.txt]
//
// Reads buffers in MiniMalloc's CSV format (id,lower,upper,size; live on
// [lower, upper)), plans them with mini's planning library, lays the plan's
// pools out in one address space, checks that plan with the library's
// checker, and writes the rows with an offset column. A plan the checker
// rejects is reported as a bug and never written. The summary (lower bound,
// peak, time, whether the plan is proven optimal) goes to stderr; --svg and
// --map draw the checked plan (mini/Planning/MemoryMap.h).
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/MemoryMap.h"
#include "mini/Planning/MemoryPlanner.h"
#include "mini/Planning/ProblemIO.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace llvm;
using namespace mini::planning;

static cl::OptionCategory category("mini-plan options");
static cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                                      cl::desc("<problem.csv> ('-': stdin)"),
                                      cl::cat(category));
static cl::opt<std::string> outputPath("o", cl::init("-"),
                                       cl::desc("Solution CSV ('-': stdout)"),
                                       cl::cat(category));
// cl::desc keeps a StringRef: the text must outlive the option (a
// temporary here was a use after free, found by AddressSanitizer).
static const std::string strategyHelp =
    "Planning algorithm (default auto):\n" + getStrategyHelp();
static cl::opt<std::string> strategyName("strategy", cl::init("auto"),
                                         cl::desc(strategyHelp),
                                         cl::cat(category));
static cl::opt<uint64_t> alignment("alignment", cl::init(1),
                                   cl::desc("Alignment of every offset, bytes"),
                                   cl::cat(category));
static cl::opt<uint64_t>
    capacity("capacity", cl::init(0),
             cl::desc("Decide whether a plan within this many bytes exists "
                      "(0: minimize the peak)"),
             cl::cat(category));
static cl::opt<uint64_t>
    timeLimitMs("time-limit-ms", cl::init(10000),
                cl::desc("Wall-clock limit of the planning, ms (0: none)"),
                cl::cat(category));
static cl::opt<uint64_t> searchNodes(
    "search-nodes", cl::init(100000000),
    cl::desc("Budget of the exact search, in search nodes (deterministic)"),
    cl::cat(category));

static cl::opt<bool> trace(
    "trace",
    cl::desc("Print every better plan auto finds, with its time, to stderr"),
    cl::cat(category));

static cl::opt<std::string>
    svgPath("svg", cl::desc("Write a picture of the plan (SVG) to this file"),
            cl::value_desc("file"), cl::cat(category));

static cl::opt<std::string>
    mapPath("map", cl::desc("Write a text map of the plan to this file"),
            cl::value_desc("file"), cl::cat(category));

static int fail(const Twine &message) {
  WithColor::error(errs(), "mini-plan") << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
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
  search.maxNodes = searchNodes;
  search.timeLimitMs = timeLimitMs;
  if (capacity != 0)
    search.capacity = capacity;
  auto start = std::chrono::steady_clock::now();
  auto elapsedMs = [&] {
    return std::chrono::duration<double, std::milli>(
               std::chrono::steady_clock::now() - start)
        .count();
  };
  if (trace)
    search.onImprovement = [&](const MemoryPlan &plan) {
      errs() << "trace: " << format("%.3f", elapsedMs()) << " ms, "
             << plan.getPlannedBytes() << " bytes ("
             << stringifyStrategy(plan.strategy) << ")\n";
    };
  Expected<MemoryPlan> planned =
      planMemory(problem->requests, *strategy, alignment, search);
  double ms = elapsedMs();
  if (!planned)
    return fail(toString(planned.takeError()));
  // The CSV is one address space: pools end to end, then the checker.
  MemoryPlan plan = flattenPools(*planned);
  if (Error error = verifyMemoryPlan(problem->requests, plan, alignment))
    return fail("the planner produced an invalid plan (a bug; nothing "
                "written): " +
                toString(std::move(error)));
  Expected<std::string> csv = printSolutionCSV(*problem, plan);
  if (!csv)
    return fail(toString(csv.takeError()));

  // Writes `text` to `path` ('-': stdout); false after reporting an error.
  auto write = [](StringRef path, StringRef text) {
    std::error_code ec;
    ToolOutputFile out(path, ec, sys::fs::OF_Text);
    if (ec) {
      fail("cannot write '" + path + "': " + ec.message());
      return false;
    }
    out.os() << text;
    out.os().flush();
    if (out.os().has_error()) {
      std::error_code writeError = out.os().error();
      out.os().clear_error();
      fail("cannot write '" + path + "': " + writeError.message());
      return false;
    }
    out.keep();
    return true;
  };
  if (!write(outputPath, *csv))
    return 1;
  if (!svgPath.empty() || !mapPath.empty()) {
    std::vector<MemoryMap> maps = {buildMemoryMap(
        inputPath == "-" ? "<stdin>" : sys::path::filename(inputPath).str(),
        problem->requests, plan, alignment, problem->ids)};
    std::string svg, text;
    raw_string_ostream svgStream(svg), textStream(text);
    writeMemoryMapSVG(svgStream, maps);
    writeMemoryMapText(textStream, maps);
    if ((!svgPath.empty() && !write(svgPath, svg)) ||
        (!mapPath.empty() && !write(mapPath, text)))
      return 1;
  }

  errs() << problem->requests.size() << " buffers, lower bound "
         << computeLowerBound(problem->requests, alignment) << " bytes, peak "
         << plan.getPlannedBytes() << " bytes, " << format("%.3f", ms)
         << " ms, strategy " << stringifyStrategy(plan.strategy) << ", optimal "
         << (plan.optimal ? "yes" : "no");
  if (search.capacity)
    errs() << ", feasible within " << *search.capacity << " bytes";
  errs() << " (proven lower bound " << plan.provenLowerBound
         << " bytes, search nodes " << plan.searchNodes
         << (plan.hitNodeBudget ? ", node budget hit" : "")
         << (plan.hitTimeLimit ? ", time limit hit" : "") << ")\n";
  return 0;
}
