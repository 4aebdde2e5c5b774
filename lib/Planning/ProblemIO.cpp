//===- ProblemIO.cpp - planning problems as MiniMalloc CSV ----------------===//

#include "mini/Planning/ProblemIO.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

using namespace mini;
using namespace mini::planning;
using llvm::StringRef;

static llvm::Error lineError(size_t line, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "line " + llvm::Twine(line) + ": " + message);
}

llvm::Expected<Problem> planning::parseProblemCSV(StringRef text) {
  // A UTF-8 byte order mark, as spreadsheet programs write it.
  text.consume_front("\xEF\xBB\xBF");
  llvm::SmallVector<StringRef> lines;
  text.split(lines, '\n');
  Problem problem;
  llvm::StringMap<unsigned> columns;
  llvm::StringSet<> seen;
  bool haveHeader = false;
  size_t numColumns = 0;
  for (auto [index, rawLine] : llvm::enumerate(lines)) {
    size_t lineNo = index + 1;
    StringRef line = rawLine.trim();
    if (line.empty())
      continue;
    llvm::SmallVector<StringRef> fields;
    line.split(fields, ',');
    for (StringRef &field : fields)
      field = field.trim();
    if (!haveHeader) {
      haveHeader = true;
      numColumns = fields.size();
      for (auto [i, name] : llvm::enumerate(fields))
        if (!columns.try_emplace(name, i).second)
          return lineError(lineNo, "the header names the column '" + name +
                                       "' twice");
      for (StringRef required : {"id", "lower", "upper", "size"})
        if (!columns.count(required))
          return lineError(lineNo, "the header has no '" + required +
                                       "' column (need id, lower, upper, "
                                       "size)");
      continue;
    }
    auto field = [&](StringRef name) { return fields[columns[name]]; };
    unsigned needed = 0;
    for (StringRef name : {"id", "lower", "upper", "size"})
      needed = std::max(needed, columns[name] + 1);
    if (fields.size() < needed)
      return lineError(lineNo, "expected at least " + llvm::Twine(needed) +
                                   " fields, got " +
                                   llvm::Twine(fields.size()));
    if (fields.size() > numColumns)
      return lineError(lineNo, "expected at most " + llvm::Twine(numColumns) +
                                   " fields (the header's), got " +
                                   llvm::Twine(fields.size()));
    int64_t values[3];
    const char *names[3] = {"lower", "upper", "size"};
    for (int k = 0; k < 3; ++k)
      if (field(names[k]).getAsInteger(10, values[k]))
        return lineError(lineNo, StringRef(names[k]) + " '" +
                                     field(names[k]) + "' is not an integer");
    auto [lower, upper, size] = std::tuple(values[0], values[1], values[2]);
    StringRef id = field("id");
    if (id.empty())
      return lineError(lineNo, "empty id");
    if (size < 0)
      return lineError(lineNo, "buffer '" + id + "' has negative size " +
                                   llvm::Twine(size));
    if (lower < 0)
      return lineError(lineNo, "buffer '" + id + "' has negative lower " +
                                   llvm::Twine(lower));
    if (upper <= lower)
      return lineError(lineNo, "buffer '" + id + "' has upper " +
                                   llvm::Twine(upper) + " <= lower " +
                                   llvm::Twine(lower));
    if (!seen.insert(id).second)
      return lineError(lineNo, "duplicate id '" + id + "'");
    problem.ids.push_back(id.str());
    problem.requests.push_back(
        {static_cast<uint64_t>(size), lower, upper - 1});
  }
  if (!haveHeader)
    return lineError(1, "empty file: expected the header id,lower,upper,size");
  return problem;
}

llvm::Expected<std::string>
planning::printSolutionCSV(const Problem &problem, const MemoryPlan &plan) {
  if (plan.poolSizes.size() > 1)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "a solution CSV has one address space, but the plan has " +
            llvm::Twine(plan.poolSizes.size()) +
            " pools (lay them out with flattenPools)");
  if (plan.placements.size() != problem.requests.size())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the plan does not place every buffer");
  std::string out;
  llvm::raw_string_ostream os(out);
  os << "id,lower,upper,size,offset\n";
  for (auto [i, request] : llvm::enumerate(problem.requests))
    os << problem.ids[i] << ',' << request.start << ',' << request.end + 1
       << ',' << request.size << ',' << plan.placements[i].offset << '\n';
  return out;
}
