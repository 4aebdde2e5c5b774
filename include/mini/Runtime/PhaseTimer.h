//===- PhaseTimer.h - named phases, timed, told as they go -------*- C++
//-*-===//
//
// The one timer of mini-run's phases (import, bufferize and plan, lower,
// JIT-compile, run, benchmark): the runtime's compile and the tool both
// time theirs with it, and observers hear each as it begins and ends, so
// that a long compile says what it is doing.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_RUNTIME_PHASETIMER_H
#define MINI_RUNTIME_PHASETIMER_H

#include "llvm/ADT/StringRef.h"

#include <chrono>
#include <functional>
#include <string>

namespace mini {

/// Times one phase at a time.
class PhaseTimer {
public:
  /// Called as a phase begins, with its name; and as it ends, with its name
  /// and wall-clock time in ms. Either may be empty.
  std::function<void(llvm::StringRef phase)> onBegin;
  std::function<void(llvm::StringRef phase, double ms)> onEnd;

  /// Begins `phase` (a phase still open is ended first).
  void begin(llvm::StringRef phase);
  /// Ends the open phase; returns its time in ms (0 if none was open).
  double end();

private:
  std::string phase;
  bool open = false;
  std::chrono::steady_clock::time_point start;
};

} // namespace mini

#endif // MINI_RUNTIME_PHASETIMER_H
