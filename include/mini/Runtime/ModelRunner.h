//===- ModelRunner.h - compile and run a mini model on the CPU ---*- C++
//-*-===//
//
// The library behind mini-run: lowers a module of `mini` ops on tensors
// through `--mini-bufferize`, `--plan-memory` (or the unplanned baseline)
// and `--mini-lower-to-llvm`, JIT-compiles it on a thread pool (ParallelJIT)
// and runs it on host tensors (Tensor.h) of any element type, checking their
// types and shapes first. Every heap allocation of the compiled code goes
// through the TrackingAllocator.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_RUNTIME_MODELRUNNER_H
#define MINI_RUNTIME_MODELRUNNER_H

#include "mini/Planning/PlanFigures.h"
#include "mini/Planning/SegmentSearch.h"
#include "mini/Runtime/ModelSignature.h"
#include "mini/Runtime/PhaseTimer.h"
#include "mini/Runtime/RunReport.h"
#include "mini/Runtime/Tensor.h"

#include "mini/Pipelines/CompileCLOptions.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>

#include <functional>

namespace mini {

class ParallelJIT;

/// How a model is compiled.
struct CompileOptions {
  /// Run `--plan-memory` (with `choices.planOptions`).
  /// Without it, the model is the allocation-per-tensor baseline: one heap
  /// allocation per activation, all freed when the model returns (or after
  /// each buffer's last use with `freeAfterLastUse`).
  bool plan = true;
  /// The scheduling, patch fusion and plan options (`choices.planOptions`).
  CompileChoices choices;
  bool freeAfterLastUse = false;
  /// Tile and vectorize (`--mini-lower-to-llvm=vectorize=...`).
  bool vectorize = true;
  /// LLVM optimization level of the JIT (0-3).
  unsigned optLevel = 3;
  /// Tell `perf` about the JIT's code (ParallelJITOptions::perfListener).
  bool perfListener = false;
  /// Times the phases of `compile` ("bufferize and plan", "lower to the
  /// LLVM dialect", "optimize and JIT-compile"), whose observers a tool sets
  /// so that long compiles say what they do; null: not timed.
  PhaseTimer *phases = nullptr;
};

/// A JIT-compiled model.
class CompiledModel {
public:
  /// Compiles `module`, which holds one public `func.func` of `mini` ops on
  /// ranked tensors (what `mini-translate --import-onnx` produces), or memref
  /// IR whose entry takes its inputs as identity-layout memrefs and returns
  /// its outputs (what upstream bufferization or a user's pipeline produces:
  /// its results become out-params, it is planned, and what the plan leaves
  /// in the entry block is freed at return); the module is lowered in place. A
  /// dynamic argument dimension needs a name and a bound (`mini.dim_params`,
  /// `mini.upper_bound`: the importer's
  /// `--onnx-dim-bound`), and a dynamic result dimension the name of an
  /// argument dimension: the model is planned once, at the bounds, and runs
  /// at any sizes up to them. Errors: no or several public functions, an
  /// argument or result of no ElementType, a dynamic dimension
  /// without its name or bound, a failing pass (its diagnostics go to the
  /// context's handler), or a failing JIT compilation.
  static llvm::Expected<std::unique_ptr<CompiledModel>>
  compile(mlir::ModuleOp module, const CompileOptions &options);

  ~CompiledModel();

  llvm::ArrayRef<TensorSpec> getInputs() const { return signature.inputs; }
  llvm::ArrayRef<TensorSpec> getOutputs() const { return signature.outputs; }
  /// The plan's figures (from `mini.memory_plan`: those the attribute
  /// holds); nullopt when the model is not planned.
  /// What `--mini-fuse-patches` chose, when it ran.
  const std::optional<planning::PatchFusionFigures> &
  getPatchFusionFigures() const {
    return patchFusion;
  }
  const std::optional<planning::PlanFigures> &getPlanFigures() const {
    return plan;
  }
  /// Bytes of the module's constant globals (weights), which live in
  /// buffers of the model (bound to the JIT code as external symbols) or in
  /// the JIT's data sections, not on the compiled code's heap.
  int64_t getConstantBytes() const { return constantBytes; }

  /// Sets the sizes of the inputs' dynamic dimensions for the next runs, one
  /// shape per input, and sizes the outputs by their dimensions' names.
  /// Errors: a wrong number of shapes or rank, a static dimension that
  /// differs, a dynamic one outside [1, its bound], two sizes for one name.
  llvm::Error setInputShapes(llvm::ArrayRef<llvm::SmallVector<int64_t>> shapes);

  /// Sets the dynamic sizes from `inputs` (setInputShapes) after checking
  /// that each has its spec's element type (a uint16 tensor is taken for
  /// bfloat16, see ElementType.h) and, where static, its shape. Errors name
  /// the input and what it needs.
  llvm::Error setInputs(llvm::ArrayRef<const Tensor *> inputs);

  /// Zero-filled outputs of the current output shapes, each of at most
  /// `maxBytes`.
  llvm::Expected<llvm::SmallVector<Tensor>>
  allocateOutputs(int64_t maxBytes = kDefaultMaxTensorBytes) const;

  /// Random inputs of the current shapes from `seed` (Tensor::fillRandom,
  /// one generator for all, in order): integers below `intBound` if it is
  /// positive, else below their spec's `indexBound`, else 2.
  llvm::Expected<llvm::SmallVector<Tensor>>
  makeRandomInputs(unsigned seed, int64_t intBound = 0,
                   int64_t maxBytes = kDefaultMaxTensorBytes) const;

  /// Runs the model once on tensors of the current specs (their element
  /// types and shapes checked). Errors as below.
  llvm::Error run(llvm::ArrayRef<const Tensor *> inputs,
                  llvm::ArrayRef<Tensor *> outputs);

  /// Runs the model `warmup` times untimed, then `runs` (>= 1) times timed,
  /// on the same tensors (see run). Errors: run's.
  llvm::Expected<BenchStats> benchmark(llvm::ArrayRef<const Tensor *> inputs,
                                       llvm::ArrayRef<Tensor *> outputs,
                                       unsigned warmup, unsigned runs);

  /// Runs the model once. `inputs[i]` and `outputs[i]` point to
  /// `getNumBytes()` bytes of the matching spec's elements, C-ordered.
  /// Errors: a wrong number of buffers, or input sizes that fail one of the
  /// model's run-time shape checks (dynamic dimensions an op needs equal;
  /// the model does not run then).
  llvm::Error run(llvm::ArrayRef<const void *> inputs,
                  llvm::ArrayRef<void *> outputs);

private:
  CompiledModel() = default;

  std::unique_ptr<ParallelJIT> jit;
  /// The entry's packed interface, looked up (and so compiled) by compile.
  void (*entry)(void **) = nullptr;
  std::string entryName;
  /// The entry's shape checks (mini-outline-shape-checks), called before
  /// it: their function's name, packed interface and messages.
  std::string checksName;
  void (*checks)(void **) = nullptr;
  llvm::SmallVector<std::string> checkMessages;
  ModelSignature signature;
  std::optional<planning::PlanFigures> plan;
  std::optional<planning::PatchFusionFigures> patchFusion;
  int64_t constantBytes = 0;
  /// The weights, moved out of the module before it is lowered: each
  /// global's data in an aligned buffer, bound to its symbol.
  struct FreeDeleter {
    void operator()(void *pointer) const;
  };
  llvm::SmallVector<std::pair<std::string, std::unique_ptr<void, FreeDeleter>>>
      weights;
};

} // namespace mini

#endif // MINI_RUNTIME_MODELRUNNER_H
