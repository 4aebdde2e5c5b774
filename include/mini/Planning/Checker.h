//===- Checker.h - the independent plan checker -----------------*- C++ -*-===//
//
// Every plan that leaves the library, through any tool or format, has passed
// this checker. It shares no code with the planners.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_PLANNING_CHECKER_H
#define MINI_PLANNING_CHECKER_H

#include "mini/Planning/Sharing.h"

namespace mini {
namespace planning {

/// Verifies that `plan` places every request once, inside its pool, at an
/// offset that is a multiple of `alignment`, that every pool size is a
/// multiple of `alignment`, and that no two buffers live at one step overlap
/// in memory, in O((n + P) log n). The error names the first violation
/// (buffer indices, steps and byte ranges).
/// With `sharings`, every shared buffer must sit in its host's pool at the
/// host's offset plus the declared one, and two live buffers may overlap
/// only when one is an ancestor of the other in the sharing forest; every
/// other overlap is still an error.
llvm::Error verifyMemoryPlan(llvm::ArrayRef<BufferRequest> requests,
                             const MemoryPlan &plan, uint64_t alignment,
                             llvm::ArrayRef<BufferSharing> sharings = {});

} // namespace planning
} // namespace mini

#endif // MINI_PLANNING_CHECKER_H
