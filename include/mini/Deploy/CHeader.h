//===- CHeader.h - the C interface of a compiled model ------------*- C++
//-*-===//
//
// The header mini-compile writes next to a model's object file: the arena's
// exact size and alignment, each input's and output's shape and element
// type, and the entry point, in plain C (C99) with no dependency.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_DEPLOY_CHEADER_H
#define MINI_DEPLOY_CHEADER_H

#include "mini/Runtime/ModelSignature.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace mini {

/// Returns true if `name` is a C identifier (letters, digits, underscores,
/// not starting with a digit).
bool isCIdentifier(llvm::StringRef name);

/// One arena of a compiled model: the memory's name (empty for the one
/// arena of a plan without --plan-memory's memories) and its bytes.
struct ArenaSpec {
  std::string name;
  uint64_t bytes = 0;
};

/// The text of the C header of a model compiled by compileToObject, for
/// `prefix` (a C identifier; PREFIX below is it upper-cased):
/// - `PREFIX_ARENA_BYTES` (the sum over the arenas) and
///   `PREFIX_ARENA_ALIGNMENT`: the arena the caller gives, in bytes; with
///   several memories also `PREFIX_NUM_MEMORIES`, `PREFIX_MEMORY_NAMES`,
///   `PREFIX_MEMORY_BYTES` and a `PREFIX_MEMORY_<NAME>_BYTES` per memory;
/// - `PREFIX_NUM_INPUTS`, `PREFIX_NUM_OUTPUTS` and per tensor its name, rank,
///   shape, bytes, element type name and .npy descr, as arrays indexed by
///   input or output number (of one unused element when there are none);
/// - the memref descriptors of the object's C interface and its entry
///   `entrySymbol` (MLIR's `_mlir_ciface_` convention: arena, inputs, then
///   outputs, each a pointer to its descriptor);
/// - `static inline int prefix_run(void *arena, const void *const *inputs,
///   void *const *outputs)` (one arena) or `prefix_run_memories(void *const
///   *arenas, ...)` (one per memory, fastest first): 0 after a run, 1 when
///   an arena is not aligned.
/// `source` names the model in a comment. Shapes must be static; memory
/// names must be C identifiers.
std::string writeCHeader(const ModelSignature &signature,
                         llvm::StringRef prefix, llvm::StringRef entrySymbol,
                         llvm::ArrayRef<ArenaSpec> arenas,
                         uint64_t arenaAlignment, llvm::StringRef source);

} // namespace mini

#endif // MINI_DEPLOY_CHEADER_H
