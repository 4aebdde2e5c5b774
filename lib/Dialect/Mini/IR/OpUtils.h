//===- OpUtils.h - helpers of the mini ops' verifiers -------------*- C++
//-*-===//
//
// Shared by the files that define the mini ops' type inference and
// verifiers (MiniOps.cpp, MiniShapeOps.cpp). Internal to MiniDialect.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_LIB_DIALECT_MINI_IR_OPUTILS_H
#define MINI_LIB_DIALECT_MINI_IR_OPUTILS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Value.h"

#include <optional>

namespace mini::detail {

/// A tensor of `shape` with the element type of `value`.
mlir::RankedTensorType getTensorLike(mlir::Value value,
                                     llvm::ArrayRef<int64_t> shape);

/// The shape of a ranked tensor value.
llvm::ArrayRef<int64_t> shapeOf(mlir::Value value);

/// Checks that `values` has `count` entries, each at least `minValue`;
/// errors name `'mini.<opName>'` and the attribute.
llvm::LogicalResult checkArrayAttr(std::optional<mlir::Location> loc,
                                   llvm::StringRef opName,
                                   llvm::StringRef attrName,
                                   llvm::ArrayRef<int64_t> values, size_t count,
                                   int64_t minValue);

/// Normalizes a possibly negative `axis` into [0, rank + extra); an error
/// naming `'mini.<opName>'` outside [-(rank + extra), rank + extra).
llvm::FailureOr<int64_t> normalizeAxis(std::optional<mlir::Location> loc,
                                       llvm::StringRef opName, int64_t axis,
                                       int64_t rank, int64_t extra = 0);

/// Infers the spatial output sizes of a 2-D window op (conv or pooling) on
/// an NCHW input; errors for windows past 2^31, padding not smaller than
/// the window, or a window that does not fit.
llvm::LogicalResult inferWindowedShape(
    std::optional<mlir::Location> loc, llvm::StringRef opName,
    llvm::ArrayRef<int64_t> input, llvm::ArrayRef<int64_t> kernel,
    llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> pads,
    llvm::ArrayRef<int64_t> dilations, bool ceilMode,
    llvm::SmallVectorImpl<int64_t> &spatial);

} // namespace mini::detail

#endif // MINI_LIB_DIALECT_MINI_IR_OPUTILS_H
