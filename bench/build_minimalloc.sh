#!/bin/bash
# Builds Google's MiniMalloc command-line solver (github.com/google/minimalloc)
# from its source, outside this repository, for bench/minimalloc_plan.py.
#
#   bench/build_minimalloc.sh SOURCE [WORK]
#
# SOURCE: a checkout of github.com/google/minimalloc (a folder with src/ and
#         benchmarks/challenging/), or its bare git directory.
# WORK:   the benchmark's work folder (default build/minimalloc); the binary
#         is WORK/minimalloc, the problems are SOURCE/benchmarks/challenging.
#
# Nothing is downloaded: the script says what it needs when something is
# missing. It needs g++ and Debian 12's libabsl-dev (20220623), which lacks
# absl/log: the script writes three small stand-in headers for it into WORK
# (LOG to stderr, DLOG compiled out, the log setup calls as no-ops), and
# builds a copy of MiniMalloc's sources in WORK with one edit (its CSV
# converter names std::string_view where Debian's abseil has its own
# absl::string_view). Flags are upstream's CMake Release flags (-O3 -DNDEBUG).
set -euo pipefail
SOURCE=${1:-}
WORK=${2:-build/minimalloc}
if [ -z "$SOURCE" ]; then
  echo "usage: $0 SOURCE [WORK]" >&2
  echo "  SOURCE: a checkout of https://github.com/google/minimalloc (or its bare git dir)" >&2
  exit 2
fi
if ! [ -f /usr/include/absl/base/config.h ] || ! command -v pkg-config >/dev/null; then
  echo "$0: needs abseil and pkg-config: apt-get install -y libabsl-dev pkg-config" >&2
  exit 1
fi
mkdir -p "$WORK/obj" "$WORK/shim/absl/log"
if [ -f "$SOURCE/src/solver.cc" ]; then
  rm -rf "$WORK/src" && cp -r "$SOURCE/src" "$WORK/src"
elif git --git-dir="$SOURCE" rev-parse --verify -q HEAD >/dev/null 2>&1; then
  rm -rf "$WORK/src" && git --git-dir="$SOURCE" archive HEAD src | tar -x -C "$WORK"
else
  echo "$0: '$SOURCE' is neither a MiniMalloc checkout (no src/solver.cc) nor its git directory" >&2
  echo "  get it with: git clone https://github.com/google/minimalloc" >&2
  exit 1
fi

cat > "$WORK/shim/absl/log/log.h" <<'SHIM'
// Stand-in for absl/log/log.h, absent from Debian 12's abseil 20220623.
// LOG(severity) << ... writes one line to stderr; DLOG is compiled out.
#ifndef MINIMALLOC_SHIM_ABSL_LOG_LOG_H_
#define MINIMALLOC_SHIM_ABSL_LOG_LOG_H_
#include <iostream>
#include <sstream>
namespace minimalloc_shim {
class LogLine {
 public:
  explicit LogLine(const char *severity) {
    if (severity[0] != 'I') stream << severity << ": ";
  }
  ~LogLine() { std::cerr << stream.str() << '\n' << std::flush; }
  template <typename T> LogLine &operator<<(const T &value) {
    stream << value;
    return *this;
  }
 private:
  std::ostringstream stream;
};
}  // namespace minimalloc_shim
#define LOG(severity) ::minimalloc_shim::LogLine(#severity)
#define DLOG(severity) while (false) ::minimalloc_shim::LogLine(#severity)
#endif
SHIM
cat > "$WORK/shim/absl/log/globals.h" <<'SHIM'
// Stand-in for absl/log/globals.h: the setters MiniMalloc's main calls.
#ifndef MINIMALLOC_SHIM_ABSL_LOG_GLOBALS_H_
#define MINIMALLOC_SHIM_ABSL_LOG_GLOBALS_H_
#include "absl/base/config.h"
#include "absl/base/log_severity.h"
namespace absl {
ABSL_NAMESPACE_BEGIN
inline void SetStderrThreshold(absl::LogSeverityAtLeast) {}
inline void EnableLogPrefix(bool) {}
ABSL_NAMESPACE_END
}  // namespace absl
#endif
SHIM
cat > "$WORK/shim/absl/log/initialize.h" <<'SHIM'
// Stand-in for absl/log/initialize.h.
#ifndef MINIMALLOC_SHIM_ABSL_LOG_INITIALIZE_H_
#define MINIMALLOC_SHIM_ABSL_LOG_INITIALIZE_H_
#include "absl/base/config.h"
namespace absl {
ABSL_NAMESPACE_BEGIN
inline void InitializeLog() {}
ABSL_NAMESPACE_END
}  // namespace absl
#endif
SHIM

# The one source edit (see the header).
sed -i 's/for (const std::string_view& record : records)/for (const absl::string_view\& record : records)/' \
  "$WORK/src/converter.cc"

FLAGS="-std=c++20 -O3 -DNDEBUG -I$WORK/shim -I$WORK/src"
for f in converter minimalloc solver sweeper validator main; do
  g++ $FLAGS -c "$WORK/src/$f.cc" -o "$WORK/obj/$f.o"
done
g++ -o "$WORK/minimalloc" "$WORK"/obj/*.o \
  $(pkg-config --libs absl_flags_parse absl_flags absl_statusor absl_status \
      absl_strings absl_str_format absl_time absl_flat_hash_set \
      absl_flat_hash_map absl_hash absl_raw_hash_set)
echo "built $WORK/minimalloc"
echo "run: bench/minimalloc_plan.py --minimalloc $WORK/minimalloc --problems <SOURCE>/benchmarks/challenging"
