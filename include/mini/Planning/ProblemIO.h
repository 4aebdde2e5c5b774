//===- ProblemIO.h - planning problems as MiniMalloc CSV ---------*- C++
//-*-===//
//
// Reads and writes buffer-assignment problems in the CSV format of Google's
// MiniMalloc (Moffitt, ASPLOS 2023; github.com/google/minimalloc): a header
// naming the columns `id`, `lower`, `upper`, `size` (in any order, other
// columns ignored), then one buffer per row, live on the half-open step range
// [lower, upper), `size` bytes. A solution adds an `offset` column.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_PROBLEMIO_H
#define MINI_PLANNING_PROBLEMIO_H

#include "mini/Planning/MemoryPlanner.h"

#include <string>

namespace mini {
namespace planning {

/// A problem read from CSV: `ids[i]` names `requests[i]`, whose inclusive
/// range is [lower, upper - 1].
struct Problem {
  std::vector<std::string> ids;
  std::vector<BufferRequest> requests;
};

/// Parses MiniMalloc CSV (a leading UTF-8 byte order mark is skipped), with
/// RFC 4180 quoting: a field in double quotes may hold commas, line breaks
/// and doubled quotes (MiniMalloc itself splits at every comma). Errors name
/// the line (1-based) where the record starts and the problem: a missing or
/// repeated header column, a row with fewer fields than it needs or more
/// than the header has, a field that is not an integer, a negative size or
/// lower, `upper <= lower`, a duplicate id, a quoted field that is not
/// closed or text after its closing quote. No rows at all is fine (an
/// empty problem).
llvm::Expected<Problem> parseProblemCSV(llvm::StringRef text);

/// Writes `problem` with the offsets of `plan`: the header
/// `id,lower,upper,size,offset`, then one row per buffer in input order; an
/// id with a comma, a quote, a line break or blanks at an end is quoted
/// (RFC 4180), so that it parses back.
/// Errors: a plan of several pools (a CSV has one address space; see
/// flattenPools) or of another number of buffers.
llvm::Expected<std::string> printSolutionCSV(const Problem &problem,
                                             const MemoryPlan &plan);

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_PROBLEMIO_H
