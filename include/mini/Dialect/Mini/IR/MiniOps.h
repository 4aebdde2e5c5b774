//===- MiniOps.h - mini dialect operations ----------------------*- C++ -*-===//
//
// Operations of the `mini` dialect (generated from MiniOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_DIALECT_MINI_IR_MINIOPS_H
#define MINI_DIALECT_MINI_IR_MINIOPS_H

#include "mini/Dialect/Mini/IR/MiniDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mini::traits {
/// An op whose operands and results may have dynamic dimensions (the
/// `Mini_DynamicDims` trait of MiniOps.td); every other mini op takes static
/// shapes only.
template <typename ConcreteType>
class DynamicDims : public mlir::OpTrait::TraitBase<ConcreteType, DynamicDims> {
};

/// Verifies that the float operands and results of `op` have one float
/// type; integer and bool ones are free. Error: "float operands and results
/// must have one element type".
mlir::LogicalResult verifySameFloatType(mlir::Operation *op);

/// An op whose float operands and results have one float type (f32, f16 or
/// bf16; the `Mini_SameFloatType` trait of MiniOps.td): an op never mixes
/// precisions, a `mini.cast` converts between them.
template <typename ConcreteType>
class SameFloatType
    : public mlir::OpTrait::TraitBase<ConcreteType, SameFloatType> {
public:
  static mlir::LogicalResult verifyTrait(mlir::Operation *op) {
    return verifySameFloatType(op);
  }
};
} // namespace mini::traits

#define GET_OP_CLASSES
#include "mini/Dialect/Mini/IR/MiniOps.h.inc"

namespace mini {

/// Returns the size of one spatial output dimension of a convolution or a
/// pooling window, in elements, as ONNX and PyTorch compute it: `size` input
/// elements, a window of `kernel` taps `dilation` apart, moved by `stride`,
/// over an input padded by `padBegin` and `padEnd` elements. With `ceilMode`
/// the division rounds up, but a window that would start inside the end
/// padding is dropped. Returns a value <= 0 when no window fits.
int64_t computeWindowedOutputSize(int64_t size, int64_t kernel, int64_t stride,
                                  int64_t dilation, int64_t padBegin,
                                  int64_t padEnd, bool ceilMode);

/// Normalizes an ONNX Slice (opset 13) of a tensor of `shape` by the ONNX
/// rules: `starts`, `ends` and `steps` (empty: all 1) give one value per
/// entry of `axes` (empty: the first starts.size() dimensions); negative
/// axes, starts and ends count from the end, and out-of-range starts and
/// ends are clamped. Fills, per dimension of `shape`, the first element
/// (`offsets`), the element count (`sizes`) and the step (`strides`,
/// negative when walking backwards). Errors, reported at `loc` when given:
/// mismatched lengths, an axis out of range or listed twice, a zero step,
/// an empty slice unless `allowEmpty` (the importer's host tensors and the
/// slices it drops may be empty; mini's tensors may not).
mlir::LogicalResult
normalizeSlice(std::optional<mlir::Location> loc, llvm::ArrayRef<int64_t> shape,
               llvm::ArrayRef<int64_t> starts, llvm::ArrayRef<int64_t> ends,
               llvm::ArrayRef<int64_t> axes, llvm::ArrayRef<int64_t> steps,
               llvm::SmallVectorImpl<int64_t> &offsets,
               llvm::SmallVectorImpl<int64_t> &sizes,
               llvm::SmallVectorImpl<int64_t> &strides,
               bool allowEmpty = false);

} // namespace mini

#endif // MINI_DIALECT_MINI_IR_MINIOPS_H
