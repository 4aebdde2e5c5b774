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

/// The run-time shape checks compiled with a model of dynamic dimensions:
/// the C-interface symbol of its check function (empty: none), the number
/// of arena arguments it took from the plan (each given a 0-byte arena),
/// and each check's message, by the index the function returns.
struct ShapeChecksSpec {
  std::string symbol;
  unsigned numArenas = 0;
  llvm::SmallVector<std::string> messages;
};

/// The text of the C header of a model compiled by compileToObject, for
/// `prefix` (a C identifier; PREFIX below is it upper-cased):
/// - `PREFIX_ARENA_BYTES` (the sum over the arenas) and
///   `PREFIX_ARENA_ALIGNMENT`: the arena the caller gives, in bytes; with
///   several memories also `PREFIX_NUM_MEMORIES`, `PREFIX_MEMORY_NAMES`,
///   `PREFIX_MEMORY_BYTES` and a `PREFIX_MEMORY_<NAME>_BYTES` per memory;
/// - `PREFIX_NUM_DIMS` and per dynamic dimension its name and upper bound
///   (`PREFIX_DIM_NAMES`, `PREFIX_DIM_BOUNDS`, and `PREFIX_DIM_<NAME>_MAX`
///   where the name is a C identifier);
/// - `PREFIX_NUM_INPUTS`, `PREFIX_NUM_OUTPUTS` and per tensor its name, rank,
///   shape, bytes, element type name, element bytes and .npy descr, and per
///   dimension the dynamic dimension it is (`PREFIX_INPUT_DIMS`, -1 when
///   static), as arrays indexed by input or output number (of one unused
///   element when there are none); a dynamic dimension's shape and bytes
///   are at its bound, the most a run reads or writes;
/// - `prefix_shape(is_output, i, dims, shape)`: a tensor's shape and bytes
///   at the sizes `dims` (one per dynamic dimension);
/// - the memref descriptors of the object's C interface and its entry
///   `entrySymbol` (MLIR's `_mlir_ciface_` convention: arena, inputs, then
///   outputs, each a pointer to its descriptor), and the shape checks';
/// - `static inline int prefix_run_dims(void *const *arenas, const int64_t
///   *dims, const void *const *inputs, void *const *outputs)`, one arena
///   per memory (fastest first) and one size per dynamic dimension: 0 after
///   a run, 1 when an arena is not aligned, 2 when a size is outside
///   [1, its bound], 3 + k when the model's shape check k fails
///   (`PREFIX_SHAPE_CHECKS[k]` says which); nothing runs unless 0;
/// - for a static model, `prefix_run(void *arena, const void *const *inputs,
///   void *const *outputs)` (one arena) or `prefix_run_memories(void *const
///   *arenas, ...)` (several) over it.
/// `source` names the model in a comment. Memory names must be C
/// identifiers.
std::string writeCHeader(const ModelSignature &signature,
                         llvm::StringRef prefix, llvm::StringRef entrySymbol,
                         llvm::ArrayRef<ArenaSpec> arenas,
                         uint64_t arenaAlignment, const ShapeChecksSpec &checks,
                         llvm::StringRef source);

} // namespace mini

#endif // MINI_DEPLOY_CHEADER_H
