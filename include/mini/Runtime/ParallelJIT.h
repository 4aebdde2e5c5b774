//===- ParallelJIT.h - optimize and compile a module on several threads ---===//
//
// mlir::ExecutionEngine optimizes and compiles its one LLVM module on one
// thread. ParallelJIT splits the module into partitions first (upstream
// llvm::SplitModule, the split behind LLVM's parallel LTO code generation),
// optimizes and compiles each in a context of its own on a thread pool, and
// links the objects in one ORC LLJIT, as ExecutionEngine would link its one.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_RUNTIME_PARALLELJIT_H
#define MINI_RUNTIME_PARALLELJIT_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
namespace orc {
class LLJIT;
} // namespace orc
} // namespace llvm

namespace mini {

/// Optimizes `module` with LLVM's default pipeline at `optLevel` (0-3, as
/// mlir::makeOptimizingTransformer) for `machine` and compiles it to an
/// object file, whose bytes are returned: what ParallelJIT does to each
/// partition, and what mini-compile writes. Errors: the pipeline fails, the
/// target cannot emit objects.
llvm::Expected<llvm::SmallVector<char, 0>>
optimizeAndEmitObject(llvm::Module &module, llvm::TargetMachine &machine,
                      unsigned optLevel);

/// Options of ParallelJIT::create.
struct ParallelJITOptions {
  /// LLVM's optimization level (0-3), of both the module pipeline
  /// (`PassBuilder`'s default pipeline) and code generation.
  unsigned optLevel = 3;
  /// How many modules the input is split into (at most one per defined
  /// function). Fixed, not the thread count, so that the code is the same
  /// on every machine.
  unsigned partitions = 8;
  /// Threads of the pool; 0: one per hardware thread.
  unsigned threads = 0;
  /// Other functions of the module (void, results as out-parameters) whose
  /// packed interfaces are added and looked up too (getPacked), e.g. an
  /// entry's shape checks.
  llvm::SmallVector<std::string> otherEntries;
  /// Register LLVM's perf JIT event listener, which writes a jit-PID.dump
  /// (under $JITDUMPDIR, else ~/.debug/jit) for `perf inject --jit`, so
  /// that `perf report` names the JIT's functions. Off by default: every
  /// run would leave its dump behind.
  bool perfListener = false;
};

/// Machine code for the host, JIT-compiled from one LLVM module.
class ParallelJIT {
public:
  /// Sets the host's triple and data layout on `module`, adds the packed
  /// interface `_mlir_<entry>(void **args)` of `entry` (as
  /// mlir::ExecutionEngine does: args[i] points to argument i), splits the
  /// module into `options.partitions` modules, optimizes and compiles each
  /// on the thread pool, and links them, binding the undefined symbols to
  /// `symbols` (name to address) and then to the process's own symbols.
  /// Errors: no host target, `entry` not defined in the module, a partition
  /// that does not compile or link, an undefined symbol.
  static llvm::Expected<std::unique_ptr<ParallelJIT>>
  create(std::unique_ptr<llvm::Module> module, llvm::StringRef entry,
         const llvm::StringMap<void *> &symbols,
         const ParallelJITOptions &options);

  ~ParallelJIT();

  /// The entry's packed interface.
  void (*getPackedEntry() const)(void **) { return packedEntry; }
  /// The packed interface of one of ParallelJITOptions::otherEntries, or
  /// null for another name.
  void (*getPacked(llvm::StringRef name) const)(void **) {
    return others.lookup(name);
  }

private:
  ParallelJIT() = default;

  std::unique_ptr<llvm::orc::LLJIT> jit;
  void (*packedEntry)(void **) = nullptr;
  llvm::StringMap<void (*)(void **)> others;
};

} // namespace mini

#endif // MINI_RUNTIME_PARALLELJIT_H
