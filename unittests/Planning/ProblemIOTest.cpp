//===- ProblemIOTest.cpp - planning problems as MiniMalloc CSV ------------===//
//
// parseProblemCSV and printSolutionCSV: the header, MiniMalloc's half-open
// ranges, every error, RFC 4180 quoting of ids, and solutions that parse
// back to their problem.
//
//===----------------------------------------------------------------------===//

#include "PlanningTestUtils.h"

#include "mini/Planning/ProblemIO.h"

#include "llvm/ADT/StringExtras.h"

#include <random>
#include <set>

using namespace mini::planning;
using namespace mini::planning::test;

namespace {

/// Parses `text`, expecting success.
Problem parseOK(llvm::StringRef text) {
  llvm::Expected<Problem> problem = parseProblemCSV(text);
  if (!problem) {
    ADD_FAILURE() << llvm::toString(problem.takeError());
    return {};
  }
  return std::move(*problem);
}

/// Parses `text`, expecting an error; returns its message.
std::string parseError(llvm::StringRef text) {
  llvm::Expected<Problem> problem = parseProblemCSV(text);
  if (problem) {
    ADD_FAILURE() << "parsed: " << text.str();
    return "";
  }
  return llvm::toString(problem.takeError());
}

/// Prints `problem` with `plan`, expecting success.
std::string printOK(const Problem &problem, const MemoryPlan &plan) {
  llvm::Expected<std::string> csv = printSolutionCSV(problem, plan);
  if (!csv) {
    ADD_FAILURE() << llvm::toString(csv.takeError());
    return "";
  }
  return std::move(*csv);
}

/// A one-pool plan placing buffer i at `offsets[i]`.
MemoryPlan arenaPlan(std::vector<uint64_t> offsets, uint64_t bytes) {
  MemoryPlan plan;
  plan.poolSizes = {bytes};
  for (uint64_t offset : offsets)
    plan.placements.push_back({0, offset});
  return plan;
}

void expectRequest(const BufferRequest &request, uint64_t size, int64_t start,
                   int64_t end) {
  EXPECT_EQ(request.size, size);
  EXPECT_EQ(request.start, start);
  EXPECT_EQ(request.end, end);
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

TEST(ProblemIOTest, ParsesRowsWithHalfOpenRanges) {
  // MiniMalloc's [lower, upper) is the inclusive [lower, upper - 1].
  Problem problem = parseOK("id,lower,upper,size\n"
                            "a,0,1,4\n"
                            "b,1,3,8\n"
                            "c,5,100,0\n");
  EXPECT_EQ(problem.ids, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(problem.requests.size(), 3u);
  expectRequest(problem.requests[0], 4, 0, 0);
  expectRequest(problem.requests[1], 8, 1, 2);
  expectRequest(problem.requests[2], 0, 5, 99);
}

TEST(ProblemIOTest, HeaderNamesColumnsInAnyOrder) {
  // Other columns, such as a solution's offset, are ignored.
  Problem problem = parseOK("size,upper,extra,lower,id\n"
                            "8,2,x,0,a\n"
                            "16,6,y,3,b\n");
  EXPECT_EQ(problem.ids, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(problem.requests.size(), 2u);
  expectRequest(problem.requests[0], 8, 0, 1);
  expectRequest(problem.requests[1], 16, 3, 5);
  problem = parseOK("id,lower,upper,size,offset\na,0,2,4,12\n");
  ASSERT_EQ(problem.requests.size(), 1u);
  expectRequest(problem.requests[0], 4, 0, 1);
}

TEST(ProblemIOTest, IgnoresBlanksBlankLinesLineEndsAndAByteOrderMark) {
  Problem plain = parseOK("id,lower,upper,size\na,0,2,4\nb,1,3,8\n");
  for (llvm::StringRef text :
       {"\xEF\xBB\xBFid,lower,upper,size\na,0,2,4\nb,1,3,8\n",
        "id,lower,upper,size\r\na,0,2,4\r\nb,1,3,8\r\n",
        "\n  \nid , lower,upper,\tsize\n\na, 0 ,2,4\n \t\nb,1,3,8",
        "id,lower,upper,size\na,0,2,4\nb,1,3,8\n\n\n"}) {
    Problem problem = parseOK(text);
    EXPECT_EQ(problem.ids, plain.ids) << text.str();
    ASSERT_EQ(problem.requests.size(), 2u) << text.str();
    expectRequest(problem.requests[0], 4, 0, 1);
    expectRequest(problem.requests[1], 8, 1, 2);
  }
  // Only at the start: elsewhere the mark is part of a name.
  EXPECT_EQ(parseError("\xEF\xBB\xBF\xEF\xBB\xBFid,lower,upper,size\n"),
            "line 1: the header has no 'id' column (need id, lower, upper, "
            "size)");
}

TEST(ProblemIOTest, HeaderAloneIsAnEmptyProblem) {
  Problem problem = parseOK("id,lower,upper,size\n");
  EXPECT_TRUE(problem.ids.empty());
  EXPECT_TRUE(problem.requests.empty());
}

TEST(ProblemIOTest, RefusesBadHeaders) {
  const char *empty = "line 1: empty file: expected the header "
                      "id,lower,upper,size";
  EXPECT_EQ(parseError(""), empty);
  EXPECT_EQ(parseError("\n \r\n\n"), empty);
  EXPECT_EQ(parseError("\xEF\xBB\xBF"), empty);
  for (const char *missing : {"id", "lower", "upper", "size"}) {
    std::vector<std::string> names;
    for (const char *name : {"id", "lower", "upper", "size"})
      if (llvm::StringRef(name) != missing)
        names.push_back(name);
    EXPECT_EQ(parseError(llvm::join(names, ",") + "\na,0,1,4\n"),
              std::string("line 1: the header has no '") + missing +
                  "' column (need id, lower, upper, size)");
  }
  EXPECT_EQ(parseError("\nid,lower,upper,size,size\na,0,1,4,5\n"),
            "line 2: the header names the column 'size' twice");
}

TEST(ProblemIOTest, RefusesBadRows) {
  auto rowError = [](llvm::StringRef row) {
    return parseError(("id,lower,upper,size\na,0,2,4\n" + row + "\n").str());
  };
  EXPECT_EQ(rowError("b,0,2"), "line 3: expected at least 4 fields, got 3");
  EXPECT_EQ(rowError("b,0,2,4,9"),
            "line 3: expected at most 4 fields (the header's), got 5");
  EXPECT_EQ(rowError("b,0,2,4,"),
            "line 3: expected at most 4 fields (the header's), got 5");
  // Numbers: base-10 integers of at most 64 bits.
  EXPECT_EQ(rowError("b,x,2,4"), "line 3: lower 'x' is not an integer");
  EXPECT_EQ(rowError("b,0,,4"), "line 3: upper '' is not an integer");
  EXPECT_EQ(rowError("b,0,2,four"), "line 3: size 'four' is not an integer");
  EXPECT_EQ(rowError("b,0,2,1.5"), "line 3: size '1.5' is not an integer");
  EXPECT_EQ(rowError("b,0,2,0x10"), "line 3: size '0x10' is not an integer");
  EXPECT_EQ(rowError("b,0,2,4 4"), "line 3: size '4 4' is not an integer");
  EXPECT_EQ(rowError("b,0,2,9223372036854775808"),
            "line 3: size '9223372036854775808' is not an integer");
  // Values.
  EXPECT_EQ(rowError("b,1,3,-4"), "line 3: buffer 'b' has negative size -4");
  EXPECT_EQ(rowError("b,-1,3,4"), "line 3: buffer 'b' has negative lower -1");
  EXPECT_EQ(rowError("b,3,3,4"), "line 3: buffer 'b' has upper 3 <= lower 3");
  EXPECT_EQ(rowError("b,3,2,4"), "line 3: buffer 'b' has upper 2 <= lower 3");
  EXPECT_EQ(rowError(",0,2,4"), "line 3: empty id");
  EXPECT_EQ(rowError("a,1,3,4"), "line 3: duplicate id 'a'");
  // Lines count blank ones.
  EXPECT_EQ(parseError("id,lower,upper,size\na,0,2,4\n\nb,3,3,4\n"),
            "line 4: buffer 'b' has upper 3 <= lower 3");
}

//===----------------------------------------------------------------------===//
// Writing, and reading back
//===----------------------------------------------------------------------===//

TEST(ProblemIOTest, PrintsHalfOpenRangesAndOffsets) {
  Problem problem;
  problem.ids = {"a", "b"};
  problem.requests = {{4, 0, 0}, {8, 1, 2}};
  EXPECT_EQ(printOK(problem, arenaPlan({8, 0}, 16)),
            "id,lower,upper,size,offset\na,0,1,4,8\nb,1,3,8,0\n");
  EXPECT_EQ(printOK(Problem(), MemoryPlan()), "id,lower,upper,size,offset\n");
  // Errors: several pools, or another number of buffers.
  MemoryPlan twoPools = arenaPlan({0, 0}, 8);
  twoPools.poolSizes.push_back(8);
  twoPools.placements[1].pool = 1;
  llvm::Expected<std::string> pooled = printSolutionCSV(problem, twoPools);
  ASSERT_FALSE(static_cast<bool>(pooled));
  EXPECT_NE(llvm::toString(pooled.takeError()).find("2 pools"),
            std::string::npos);
  llvm::Expected<std::string> unplaced =
      printSolutionCSV(problem, arenaPlan({0}, 8));
  ASSERT_FALSE(static_cast<bool>(unplaced));
  EXPECT_EQ(llvm::toString(unplaced.takeError()),
            "the plan does not place every buffer");
}

TEST(ProblemIOTest, GreedyColorPoolsFlattenIntoOneAddressSpace) {
  // The reproduction: two buffers live together, greedy-color gives
  // them two pools at offset 0 each; the CSV must not print two offsets 0.
  Problem problem;
  problem.ids = {"a", "b"};
  problem.requests = {{4, 0, 1}, {4, 1, 2}};
  llvm::Expected<MemoryPlan> plan =
      planMemory(problem.requests, Strategy::GreedyColor, 1);
  ASSERT_TRUE(static_cast<bool>(plan));
  ASSERT_EQ(plan->poolSizes.size(), 2u);
  llvm::Expected<std::string> pooled = printSolutionCSV(problem, *plan);
  ASSERT_FALSE(static_cast<bool>(pooled));
  EXPECT_NE(llvm::toString(pooled.takeError()).find("2 pools"),
            std::string::npos);
  llvm::Expected<std::string> csv =
      printSolutionCSV(problem, flattenPools(*plan));
  ASSERT_TRUE(static_cast<bool>(csv));
  EXPECT_EQ(*csv, "id,lower,upper,size,offset\na,0,2,4,0\nb,1,3,4,4\n");
}

TEST(ProblemIOTest, SolutionParsesBackToItsProblem) {
  // Parse, plan, print, parse the solution: the same problem, and the
  // offsets column holds the plan's offsets.
  std::string text = "id,lower,upper,size\n";
  std::vector<BufferRequest> tight = tightProblem();
  for (auto [i, r] : llvm::enumerate(tight))
    text += "b" + std::to_string(i) + "," + std::to_string(r.start) + "," +
            std::to_string(r.end + 1) + "," + std::to_string(r.size) + "\n";
  Problem problem = parseOK(text);
  ASSERT_EQ(problem.requests.size(), tight.size());
  MemoryPlan plan = planChecked(problem.requests, Strategy::Auto, 1);
  EXPECT_EQ(plan.getPlannedBytes(), 16u);
  std::string solution = printOK(problem, plan);
  Problem again = parseOK(solution);
  EXPECT_EQ(again.ids, problem.ids);
  ASSERT_EQ(again.requests.size(), tight.size());
  llvm::SmallVector<llvm::StringRef> lines;
  llvm::StringRef(solution).rtrim('\n').split(lines, '\n');
  ASSERT_EQ(lines.size(), tight.size() + 1);
  EXPECT_EQ(lines[0], "id,lower,upper,size,offset");
  for (auto [i, r] : llvm::enumerate(again.requests)) {
    expectRequest(r, tight[i].size, tight[i].start, tight[i].end);
    uint64_t offset = 0;
    EXPECT_FALSE(lines[i + 1].rsplit(',').second.getAsInteger(10, offset));
    EXPECT_EQ(offset, plan.placements[i].offset) << lines[i + 1].str();
  }
}

//===----------------------------------------------------------------------===//
// Quoting (RFC 4180)
//===----------------------------------------------------------------------===//

TEST(ProblemIOTest, QuotesIdsThatNeedIt) {
  Problem problem;
  problem.ids = {"plain", "a,b",   "\"",      "say \"hi\"", "two\nlines",
                 "cr\r",  " lead", "trail\t", "in\"side",   "x y"};
  for (size_t i = 0; i < problem.ids.size(); ++i)
    problem.requests.push_back(
        {1, static_cast<int64_t>(i), static_cast<int64_t>(i)});
  std::vector<uint64_t> offsets(problem.ids.size(), 0);
  EXPECT_EQ(printOK(problem, arenaPlan(offsets, 1)),
            "id,lower,upper,size,offset\n"
            "plain,0,1,1,0\n"
            "\"a,b\",1,2,1,0\n"
            "\"\"\"\",2,3,1,0\n"
            "\"say \"\"hi\"\"\",3,4,1,0\n"
            "\"two\nlines\",4,5,1,0\n"
            "\"cr\r\",5,6,1,0\n"
            "\" lead\",6,7,1,0\n"
            "\"trail\t\",7,8,1,0\n"
            "\"in\"\"side\",8,9,1,0\n"
            "x y,9,10,1,0\n");
}

TEST(ProblemIOTest, ParsesQuotedFields) {
  Problem problem = parseOK("\"id\",lower,\"upper\",size\n"
                            "\"a,b\",0,1,4\n"
                            "\"\"\"\",0,1,4\n"
                            "\"say \"\"hi\"\"\",0,\"2\",4\n"
                            "\"two\nlines\",0,1,4\n"
                            "  \"  padded \"  ,0,1,4\r\n"
                            "in\"side,0,1,4\n"
                            "\"cr\r\",0,1,4\n");
  EXPECT_EQ(problem.ids,
            (std::vector<std::string>{"a,b", "\"", "say \"hi\"", "two\nlines",
                                      "  padded ", "in\"side", "cr\r"}));
  ASSERT_EQ(problem.requests.size(), 7u);
  expectRequest(problem.requests[2], 4, 0, 1);
  // A quoted field spans lines: the next record's line counts them.
  EXPECT_EQ(parseError("id,lower,upper,size\n\"x\ny\",0,1,4\nb,1,1,4\n"),
            "line 4: buffer 'b' has upper 1 <= lower 1");
  // Quoted ids are ids: empty, or equal to another, they are refused.
  EXPECT_EQ(parseError("id,lower,upper,size\n\"\",0,1,4\n"),
            "line 2: empty id");
  EXPECT_EQ(parseError("id,lower,upper,size\na,0,1,4\n\"a\",0,1,4\n"),
            "line 3: duplicate id 'a'");
  // A quoted line is not blank: one field where four are needed.
  EXPECT_EQ(parseError("id,lower,upper,size\n\"\"\n"),
            "line 2: expected at least 4 fields, got 1");
}

TEST(ProblemIOTest, RefusesUnclosedQuotesAndTextAfterThem) {
  // mini-plan once wrote the id " as `",0,2,4,0`: an unclosed quote.
  EXPECT_EQ(parseError("id,lower,upper,size,offset\n\",0,2,4,0\n"),
            "line 2: a quoted field is not closed");
  EXPECT_EQ(parseError("id,lower,upper,size\na,0,1,4\n\"b\n\nc,0,1,4\n"),
            "line 3: a quoted field is not closed");
  EXPECT_EQ(parseError("id,lower,upper,size\n\"a\"b,0,1,4\n"),
            "line 2: expected ',' or the end of the line after the closing "
            "quote of field 1");
  EXPECT_EQ(parseError("id,lower,upper,size\nb,0,1,\"4\n\"x\n"),
            "line 3: expected ',' or the end of the line after the closing "
            "quote of field 4");
}

TEST(ProblemIOTest, EveryIdRoundTrips) {
  // Random ids over the characters that need quoting, and others: a
  // solution parses back to the same ids, rows and order.
  std::mt19937_64 rng(5);
  const std::string alphabet = "ab,\"\n\r \t\v;'";
  for (int trial = 0; trial < 200; ++trial) {
    Problem problem;
    std::set<std::string> seen;
    int n = std::uniform_int_distribution<int>(1, 20)(rng);
    while (static_cast<int>(problem.ids.size()) < n) {
      std::string id;
      for (int k = std::uniform_int_distribution<int>(1, 6)(rng); k > 0; --k)
        id += alphabet[std::uniform_int_distribution<size_t>(
            0, alphabet.size() - 1)(rng)];
      if (!seen.insert(id).second)
        continue;
      int64_t start = std::uniform_int_distribution<int64_t>(0, 9)(rng);
      problem.ids.push_back(id);
      problem.requests.push_back(
          {std::uniform_int_distribution<uint64_t>(0, 99)(rng), start,
           start + std::uniform_int_distribution<int64_t>(0, 4)(rng)});
    }
    llvm::Expected<MemoryPlan> plan =
        planMemory(problem.requests, Strategy::BestFit, 1);
    ASSERT_TRUE(static_cast<bool>(plan));
    std::string csv = printOK(problem, *plan);
    Problem again = parseOK(csv);
    ASSERT_EQ(again.ids, problem.ids) << csv;
    ASSERT_EQ(again.requests.size(), problem.requests.size());
    for (auto [a, b] : llvm::zip(again.requests, problem.requests))
      expectRequest(a, b.size, b.start, b.end);
  }
}

} // namespace
