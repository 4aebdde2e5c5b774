//===- ModelSignature.h - a model's inputs and outputs -----------*- C++
//-*-===//
//
// What the runtime knows of a model's entry function before compiling it:
// each input's and output's element type, shape, dynamic dimensions with
// their names and bounds, and the bound of token ids; and how the sizes of
// one run set the dynamic dimensions.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_RUNTIME_MODELSIGNATURE_H
#define MINI_RUNTIME_MODELSIGNATURE_H

#include "mini/Runtime/ElementType.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace mini {

/// A model argument or result: its element type (ElementType.h; i1 is
/// Bool, one byte per element), `shape` (elements per dimension), identity
/// layout. A dynamic dimension has a name (`dimParams`, from
/// `mini.dim_params`; empty for a static one) and, for an input, an upper
/// bound (`upperBounds`, from `mini.upper_bound`); `shape` holds its current
/// size (CompiledModel::setInputShapes), the bound until one is set. An
/// integer input that a `mini.gather` indexes with has `indexBound`, the
/// size of the table it indexes (random inputs stay below it); 0 otherwise.
struct TensorSpec {
  std::string name;
  llvm::SmallVector<int64_t> shape;
  ElementType type = ElementType::Float32;
  llvm::SmallVector<std::string> dimParams;
  llvm::SmallVector<int64_t> upperBounds;
  int64_t indexBound = 0;
  bool isDynamic() const { return !dimParams.empty(); }
  int64_t getNumElements() const;
  /// The buffer size in bytes.
  int64_t getNumBytes() const {
    return getNumElements() * getElementBytes(type);
  }
};

/// The runtime's element type of an MLIR element type: floats of 16, 32
/// and 64 bits, bf16, i1 as bool, signless and signed integers as signed,
/// unsigned ones as unsigned; nullopt for another type.
std::optional<ElementType> getElementTypeOf(mlir::Type element);

/// The entry of a model: the one public function with a body of `module`;
/// failure when there is none or more than one.
mlir::FailureOr<mlir::func::FuncOp> findModelEntry(mlir::ModuleOp module);

/// A named dynamic dimension of a model's inputs: its name (from
/// `mini.dim_params`) and its upper bound in elements (the least of the
/// inputs' `mini.upper_bound`s that name it).
struct DynamicDimension {
  std::string name;
  int64_t bound = 0;
};

/// The inputs and outputs of a model's entry function.
struct ModelSignature {
  llvm::SmallVector<TensorSpec> inputs, outputs;

  /// The inputs' dynamic dimensions, each name once, in the order the
  /// inputs' dimensions name them first; empty for a static model.
  llvm::SmallVector<DynamicDimension> getDynamicDimensions() const;

  /// Reads `entry`'s arguments (named by `mini.name`, else "argument i")
  /// and results ("result i"), before bufferization turns the results into
  /// out-params, with the bounds of token ids from its `mini.gather`s.
  /// Errors: an argument or result of no ElementType or of a non-identity
  /// layout, a dynamic dimension without its name or (for an argument) its
  /// positive bound, bounds whose bytes pass 2^63, an output dimension
  /// named by no input.
  static llvm::Expected<ModelSignature> read(mlir::func::FuncOp entry);

  /// Sets the sizes of the inputs' dynamic dimensions, one shape per input,
  /// and sizes the outputs by their dimensions' names. Errors: a wrong
  /// number of shapes or rank, a static dimension that differs, a dynamic
  /// one outside [1, its bound], two sizes for one name; nothing changes
  /// then.
  llvm::Error setInputShapes(llvm::ArrayRef<llvm::SmallVector<int64_t>> shapes);
};

} // namespace mini

#endif // MINI_RUNTIME_MODELSIGNATURE_H
