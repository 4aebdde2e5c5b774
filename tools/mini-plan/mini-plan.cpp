//===- mini-plan.cpp - the planning library on MiniMalloc CSV problems ----===//
//
//   mini-plan problem.csv [--strategy auto] [--alignment 1] [--capacity N]
//             [--time-limit-ms 10000] [--search-nodes N] [-o solution.csv]
//             [--svg plan.svg] [--map plan.txt] [--json figures.json]
//
// Reads buffers in MiniMalloc's CSV format (id,lower,upper,size; live on
// [lower, upper)), plans them with mini's planning library, lays the plan's
// pools out in one address space, checks that plan with the library's
// checker, and writes the rows with an offset column. A plan the checker
// rejects is reported as a bug and never written. The summary (lower bound,
// peak, time, whether the plan is proven optimal) goes to stderr as prose,
// and with --json as the plan's figures (mini/Planning/PlanFigures.h) for
// scripts; --svg and --map draw the checked plan (mini/Planning/MemoryMap.h).
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/MemoryMap.h"
#include "mini/Planning/MemoryPlanner.h"
#include "mini/Planning/PlanFigures.h"
#include "mini/Planning/ProblemIO.h"
#include "mini/Support/OutputFile.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
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

static cl::opt<std::string> jsonPath(
    "json",
    cl::desc("Write the plan's figures as JSON to this file ('-': stdout): "
             "the keys of --plan-memory's report, and buffers, capacity, "
             "feasible and proven_lower_bound_bytes"),
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
    if (Error error =
            mini::writeOutputFile(path, [&](raw_ostream &os) { os << text; })) {
      fail(toString(std::move(error)));
      return false;
    }
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

  if (!jsonPath.empty()) {
    // The figures of the problem and its plan, by the report's keys.
    PlanFigures figures;
    figures.strategy = stringifyStrategy(*strategy).str();
    figures.alignment = static_cast<int64_t>(alignment);
    figures.naiveBytes = planned->naiveBytes;
    figures.lowerBoundBytes = planned->lowerBoundBytes;
    figures.sharedLowerBoundBytes = planned->sharedLowerBoundBytes;
    figures.plannedBytes = plan.getPlannedBytes();
    figures.chosenStrategy = stringifyStrategy(plan.strategy).str();
    figures.optimal = plan.optimal;
    figures.searchNodes = static_cast<int64_t>(plan.searchNodes);
    figures.hitNodeBudget = plan.hitNodeBudget;
    figures.hitTimeLimit = plan.hitTimeLimit;
    figures.fragmentation = figures.sharedLowerBoundBytes == 0
                                ? 1.0
                                : static_cast<double>(figures.plannedBytes) /
                                      figures.sharedLowerBoundBytes;
    figures.peakStep = planned->peak.step;
    for (auto [i, request] : llvm::enumerate(problem->requests))
      if (request.start <= planned->peak.step &&
          planned->peak.step <= request.end)
        figures.liveAtPeak.push_back(problem->ids[i]);
    figures.planningUs = static_cast<int64_t>(ms * 1000.0);
    for (uint64_t size : plan.poolSizes)
      figures.pools.push_back(static_cast<int64_t>(size));
    json::Object object;
    addPlanFigures(object, figures, FigureUse::ReportOnly);
    object["buffers"] = static_cast<int64_t>(problem->requests.size());
    object["proven_lower_bound_bytes"] = plan.provenLowerBound;
    object["planning_ms"] = ms;
    if (search.capacity) {
      object["capacity"] = *search.capacity;
      object["feasible"] = plan.getPlannedBytes() <= *search.capacity;
    }
    if (Error error = mini::writeOutputFile(jsonPath, [&](raw_ostream &os) {
          os << formatv("{0:2}", json::Value(std::move(object))) << "\n";
        }))
      return fail(toString(std::move(error)));
  }

  errs() << problem->requests.size() << " buffers, lower bound "
         << planned->lowerBoundBytes << " bytes, peak "
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
