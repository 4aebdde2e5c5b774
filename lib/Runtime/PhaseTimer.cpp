//===- PhaseTimer.cpp - named phases, timed, told as they go --------------===//

#include "mini/Runtime/PhaseTimer.h"

void mini::PhaseTimer::begin(llvm::StringRef name) {
  if (open)
    end();
  phase = name.str();
  open = true;
  start = std::chrono::steady_clock::now();
  if (onBegin)
    onBegin(phase);
}

double mini::PhaseTimer::end() {
  if (!open)
    return 0;
  open = false;
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start)
                  .count();
  if (onEnd)
    onEnd(phase, ms);
  return ms;
}
