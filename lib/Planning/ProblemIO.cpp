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

// Quoting. MiniMalloc's own reader (FromCsv in src/converter.cc of
// github.com/google/minimalloc) knows no quoting: it splits each line at
// every ',' and keeps the id field verbatim, quotes and blanks included;
// its writer (ToCsv) joins the fields with ',' unquoted. No MiniMalloc
// problem holds an id with a comma or a line break, then, and an id with
// one written unquoted (as mini-plan did) is a different row for every
// reader. Here fields follow RFC 4180, as Python's csv module and
// spreadsheets read and write them: a field that starts with a double quote
// is quoted, runs to the next lone double quote (a doubled one stands for
// one) and may span lines; a double quote inside an unquoted field is an
// ordinary character, as in MiniMalloc and Python. Blanks around a field
// are trimmed (they always were here; MiniMalloc keeps them). The writer
// quotes an id only when it must: a comma, a double quote, CR or LF, or a
// blank at either end, which the reader would trim. Every other id is
// written as MiniMalloc writes it. Where the two still differ: a field that
// starts with a double quote is quoted here (and refused when the quote
// never closes) where MiniMalloc keeps the quote, and an id with a double
// quote is written quoted, which MiniMalloc would read quotes and all.

namespace {
/// The blanks trimmed around fields, as StringRef::trim trims them, but
/// within a record: a line feed ends the record.
constexpr llvm::StringLiteral kBlanks = " \t\v\f\r";

/// One record of a CSV text: its fields, unquoted and, outside quotes,
/// trimmed of blanks.
struct CSVRecord {
  /// The line (1-based) the record starts on.
  size_t line = 0;
  llvm::SmallVector<std::string, 8> fields;
  /// Whether some field was quoted.
  bool anyQuoted = false;

  /// A line of blanks only: one empty field, not quoted.
  bool isBlank() const {
    return fields.size() == 1 && fields[0].empty() && !anyQuoted;
  }
};

/// Splits a CSV text into records at line feeds outside quoted fields, and
/// records into fields at commas outside quoted fields (RFC 4180, with
/// blanks around fields ignored).
class CSVReader {
public:
  explicit CSVReader(StringRef text) : rest(text) {}

  /// Reads the next record into `record`. Returns false at the end of the
  /// text. Errors: a quoted field that never closes, or that is followed by
  /// something other than blanks, a comma or the end of the line.
  llvm::Expected<bool> read(CSVRecord &record) {
    if (rest.empty())
      return false;
    record.line = line;
    record.fields.clear();
    record.anyQuoted = false;
    for (;;) {
      rest = rest.ltrim(kBlanks);
      std::string &field = record.fields.emplace_back();
      if (rest.consume_front("\"")) {
        record.anyQuoted = true;
        size_t opened = line;
        for (;;) {
          size_t quote = rest.find('"');
          if (quote == StringRef::npos)
            return lineError(opened, "a quoted field is not closed");
          StringRef chunk = rest.take_front(quote);
          line += chunk.count('\n');
          field += chunk;
          rest = rest.drop_front(quote + 1);
          // A doubled quote stands for one; a lone one closes the field.
          if (!rest.consume_front("\""))
            break;
          field += '"';
        }
        rest = rest.ltrim(kBlanks);
        if (!rest.empty() && rest.front() != ',' && rest.front() != '\n')
          return lineError(line, "expected ',' or the end of the line after "
                                 "the closing quote of field " +
                                     llvm::Twine(record.fields.size()));
      } else {
        size_t end = std::min(rest.find_first_of(",\n"), rest.size());
        field = rest.take_front(end).rtrim(kBlanks).str();
        rest = rest.drop_front(end);
      }
      if (rest.empty())
        return true;
      char separator = rest.front();
      rest = rest.drop_front();
      if (separator == '\n') {
        ++line;
        return true;
      }
    }
  }

private:
  StringRef rest;
  /// The line `rest` starts on.
  size_t line = 1;
};

} // namespace

/// Writes `field` as one CSV field: between double quotes, with each double
/// quote doubled (RFC 4180), when it holds a comma, a double quote, CR or
/// LF, or starts or ends with a blank that the reader would trim; as is
/// otherwise.
static void printCSVField(llvm::raw_ostream &os, StringRef field) {
  bool quote = field.find_first_of(",\"\r\n") != StringRef::npos ||
               (!field.empty() && (kBlanks.contains(field.front()) ||
                                   kBlanks.contains(field.back())));
  if (!quote) {
    os << field;
    return;
  }
  os << '"';
  for (char c : field) {
    if (c == '"')
      os << '"';
    os << c;
  }
  os << '"';
}

llvm::Expected<Problem> planning::parseProblemCSV(StringRef text) {
  // A UTF-8 byte order mark, as spreadsheet programs write it.
  text.consume_front("\xEF\xBB\xBF");
  CSVReader reader(text);
  CSVRecord record;
  Problem problem;
  llvm::StringMap<unsigned> columns;
  llvm::StringSet<> seen;
  bool haveHeader = false;
  size_t numColumns = 0;
  for (;;) {
    llvm::Expected<bool> more = reader.read(record);
    if (!more)
      return more.takeError();
    if (!*more)
      break;
    if (record.isBlank())
      continue;
    size_t lineNo = record.line;
    llvm::ArrayRef<std::string> fields = record.fields;
    if (!haveHeader) {
      haveHeader = true;
      numColumns = fields.size();
      for (auto [i, name] : llvm::enumerate(fields))
        if (!columns.try_emplace(name, i).second)
          return lineError(lineNo,
                           "the header names the column '" + name + "' twice");
      for (StringRef required : {"id", "lower", "upper", "size"})
        if (!columns.count(required))
          return lineError(lineNo, "the header has no '" + required +
                                       "' column (need id, lower, upper, "
                                       "size)");
      continue;
    }
    auto field = [&](StringRef name) -> StringRef {
      return fields[columns[name]];
    };
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
        return lineError(lineNo, StringRef(names[k]) + " '" + field(names[k]) +
                                     "' is not an integer");
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
    problem.requests.push_back({static_cast<uint64_t>(size), lower, upper - 1});
  }
  if (!haveHeader)
    return lineError(1, "empty file: expected the header id,lower,upper,size");
  return problem;
}

llvm::Expected<std::string> planning::printSolutionCSV(const Problem &problem,
                                                       const MemoryPlan &plan) {
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
  for (auto [i, request] : llvm::enumerate(problem.requests)) {
    printCSVField(os, problem.ids[i]);
    os << ',' << request.start << ',' << request.end + 1 << ',' << request.size
       << ',' << plan.placements[i].offset << '\n';
  }
  return out;
}
