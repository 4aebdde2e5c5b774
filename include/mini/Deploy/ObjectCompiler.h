//===- ObjectCompiler.h - a model as a relocatable object ----------*- C++
//-*-===//
//
// What mini-compile does: a model on tensors planned into one caller-given
// arena (`--plan-memory=arena=argument`), lowered as mini-run lowers it, and
// compiled by LLVM's target machinery into an object file that needs no
// heap, no JIT and no MLIR, with its C header (CHeader.h).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_DEPLOY_OBJECTCOMPILER_H
#define MINI_DEPLOY_OBJECTCOMPILER_H

#include "mini/Deploy/CHeader.h"
#include "mini/Pipelines/CompileCLOptions.h"
#include "mini/Runtime/ModelSignature.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace mini {

/// Options of compileToObject.
struct ObjectCompileOptions {
  /// The C identifier naming the header's macros and functions and the
  /// object's entry (`_mlir_ciface_<prefix>_model`).
  std::string prefix = "model";
  /// The CPU to compile for (an LLVM CPU name of the host's architecture,
  /// e.g. x86-64-v3, skylake); empty: the host's CPU and its features, as
  /// mini-run's JIT compiles.
  std::string targetCpu;
  /// The scheduling, patch fusion and plan options, as mini-run's;
  /// arena=argument is added to `choices.planOptions`.
  CompileChoices choices;
  bool vectorize = true;
  unsigned optLevel = 3;
};

/// A compiled model.
struct CompiledObject {
  /// The relocatable object (ELF on Linux): the entry, its kernels, and the
  /// weights in read-only data.
  llvm::SmallVector<char, 0> object;
  /// The C header (writeCHeader).
  std::string header;
  /// The arenas: one, or one per memory of --plan-options' memories.
  llvm::SmallVector<ArenaSpec> arenas;
  uint64_t arenaAlignment = 0;
  /// The run-time shape checks of a model with dynamic dimensions (none
  /// for a static one).
  ShapeChecksSpec checks;
  ModelSignature signature;
};

/// Compiles `module` (mini ops or linalg on tensors, one public function;
/// consumed) to an object file and its C header. `source` names the model
/// in the header. Dynamic dimensions need their names and bounds
/// (`mini.dim_params`, `mini.upper_bound`): the arena is planned at the
/// bounds, the sizes are the run's arguments and the run-time shape checks
/// are compiled in. Errors, each naming what is wrong: no single entry, a
/// prefix that is no C identifier, a dynamic dimension without its name or
/// bound, bufferizing or planning failed, a buffer the plan leaves out of
/// the arena (with the planner's reason), an allocation or deallocation
/// call left in the lowered code, an unknown target CPU.
llvm::Expected<CompiledObject>
compileToObject(mlir::ModuleOp module, llvm::StringRef source,
                const ObjectCompileOptions &options);

} // namespace mini

#endif // MINI_DEPLOY_OBJECTCOMPILER_H
