//===- Patterns.h - shared helpers of the mini to linalg lowering -*- C++
//-*-===//
//
// Internal to the MiniToLinalg library: the builders every family of
// patterns shares (broadcasting elementwise generics, reductions, reshapes
// that bufferize to views) and the populate function of each family. The
// families are split as upstream TosaToLinalg is: elementwise ops, named
// ops (convolution, pooling, contractions), reductions and normalizations,
// data movement; MiniToLinalg.cpp holds the pass driver.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_LIB_CONVERSION_MINITOLINALG_PATTERNS_H
#define MINI_LIB_CONVERSION_MINITOLINALG_PATTERNS_H

#include "mini/Conversion/Passes.h"
#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/PatternMatch.h"

namespace mini::lowering {

using mlir::utils::IteratorType;

using BodyBuilder = mlir::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;
using CombineBuilder = mlir::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::Value, mlir::Value)>;

/// A ranked tensor type of `shape` and f32 elements.
mlir::RankedTensorType tensorOf(llvm::ArrayRef<int64_t> shape,
                                mlir::MLIRContext *ctx);
/// The static shape of a ranked tensor value.
llvm::ArrayRef<int64_t> shapeOf(mlir::Value v);
/// An `arith.constant` f32 scalar.
mlir::Value f32Constant(mlir::OpBuilder &b, mlir::Location loc, double value);
/// Whether `type` is a half-precision float (f16 or bf16): stored in two
/// bytes, computed on in f32 (docs/Rationale.md, "Half precision").
bool isHalfFloat(mlir::Type type);
/// The scalar `x` extended to f32 when it is a half-precision float, else
/// `x`.
mlir::Value extendHalf(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x);
/// The float scalar `x` converted to the float `type` (extended, or rounded
/// to nearest even; f16 and bf16 convert through f32); any other `x` as is.
mlir::Value convertFloat(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                         mlir::Type type);
/// The float tensor `input` with `elementType` elements (convertFloat of
/// each; `input` itself when it has them already): an f32 accumulator
/// rounded to its op's half-precision result.
mlir::Value convertElementType(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::Value input, mlir::Type elementType);
/// A `tensor.empty` of `shape` and `elementType` (f32 when null); its
/// dynamic dimensions, in order, have the sizes `dynamicSizes` (index).
mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                        llvm::ArrayRef<int64_t> shape,
                        mlir::Type elementType = {},
                        mlir::ValueRange dynamicSizes = {});
/// A `tensor.empty` of `shape` filled with the f32 `value`; dynamic
/// dimensions as emptyTensor's.
mlir::Value filledTensor(mlir::OpBuilder &b, mlir::Location loc,
                         llvm::ArrayRef<int64_t> shape, double value,
                         mlir::ValueRange dynamicSizes = {});
/// `tensor.dim` of `value` at `dim`.
mlir::Value dimOf(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                  int64_t dim);
/// The sizes of the dynamic dimensions of `shape`, in order, each read from
/// the first of `sources` whose dimension aligned with it (from the right,
/// as NumPy broadcasting aligns) is dynamic: the dynamic sizes of an
/// elementwise or reduction result. Every dynamic dimension of `shape` must
/// have such a source (the ops' shape rules give one).
llvm::SmallVector<mlir::Value>
getAlignedDynamicSizes(mlir::OpBuilder &b, mlir::Location loc,
                       llvm::ArrayRef<int64_t> shape, mlir::ValueRange sources);
/// The indexing map reading an operand of `shape` broadcast (NumPy rules,
/// right-aligned) into a result of `resultShape`.
mlir::AffineMap getBroadcastMap(llvm::ArrayRef<int64_t> shape,
                                llvm::ArrayRef<int64_t> resultShape,
                                mlir::MLIRContext *ctx);
/// Builds a `linalg.generic` computing `body(inputs...)` elementwise into a
/// new tensor of `resultShape` and `elementType` (f32 when null); the
/// inputs are broadcast to it. Half-precision elements reach `body`
/// extended to f32, and a float result of `body` is converted to
/// `elementType` (convertFloat). The result's dynamic sizes are
/// `dynamicSizes` when given, else read from the inputs
/// (getAlignedDynamicSizes).
mlir::Value buildElementwise(mlir::OpBuilder &b, mlir::Location loc,
                             llvm::ArrayRef<int64_t> resultShape,
                             mlir::ValueRange inputs, BodyBuilder body,
                             mlir::Type elementType = {},
                             mlir::ValueRange dynamicSizes = {});
/// Pads the spatial dimensions (2 and 3) of an NCHW float tensor with
/// `value`, of the tensor's element type.
mlir::Value padSpatial(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value input, llvm::ArrayRef<int64_t> low,
                       llvm::ArrayRef<int64_t> high, double value);
/// The same with the scalar `value` of the input's element type.
mlir::Value padSpatial(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value input, llvm::ArrayRef<int64_t> low,
                       llvm::ArrayRef<int64_t> high, mlir::Value value);
/// Reshapes `input` to `shape` (same element count, same element type) with
/// collapse/expand reassociations, which bufferize to views. With dynamic
/// dimensions it goes through 1-D, and `shape` has at most one: the element
/// count over the static dimensions.
mlir::Value reshapeTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                      llvm::ArrayRef<int64_t> shape);
/// Reduces the float `input` over the dims in `reduced` with `combine`,
/// starting from `initValue`, into f32 (a half-precision element is
/// extended first); the result keeps the reduced dims with size 1.
mlir::Value buildReduction(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value input, llvm::ArrayRef<bool> reduced,
                           double initValue, CombineBuilder combine);
/// The sum over H and W of the NCHW `input` into `init` (N x C x 1 x 1),
/// each element combined by `body` (its arguments: the input's element and
/// the sum so far; it yields the new sum). The result is indexed by loops
/// of its own, (N, 1, 1, C) with C last (the codegen tiles the last
/// parallel loop by channels), not by constant indices as buildReduction's
/// is, so that it tiles by channels (mini-fuse-patches' channel groups).
mlir::Value
buildGlobalPoolSum(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                   mlir::Value init,
                   llvm::function_ref<void(mlir::OpBuilder &, mlir::Location,
                                           mlir::ValueRange)>
                       body);
mlir::Value addF(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                 mlir::Value y);
mlir::Value maxF(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                 mlir::Value y);
/// Divides every element of the float `input` by the scalar `divisor`, in
/// f32, into `elementType` elements (f32 when null; a half type rounds the
/// quotient once).
mlir::Value divideBy(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                     double divisor, mlir::Type elementType = {});

/// The patterns of each family.
void populateElementwisePatterns(mlir::RewritePatternSet &patterns);
void populateNamedOpPatterns(mlir::RewritePatternSet &patterns);
void populateReductionPatterns(mlir::RewritePatternSet &patterns);
void populateDataMovementPatterns(mlir::RewritePatternSet &patterns);
void populateQuantizedPatterns(mlir::RewritePatternSet &patterns);
/// Half-precision ops whose pattern computes only f32: the same op on f32
/// between casts (HalfPrecision.cpp).
void populateHalfPrecisionPatterns(mlir::RewritePatternSet &patterns);

} // namespace mini::lowering

#endif // MINI_LIB_CONVERSION_MINITOLINALG_PATTERNS_H
