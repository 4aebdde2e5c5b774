//===- MiniOps.td - mini dialect operations ----------------*- tablegen -*-===//
//
// Operations of the `mini` dialect. Every tensor is a ranked tensor, static
// except in the ops with the Mini_DynamicDims trait (those of a transformer,
// so that a sequence length known only by a bound flows through them);
// activations are f32, token ids and gather indices i64 or i32, masks and
// comparison results i1. Attribute conventions follow ONNX (opset 13 to 21):
// spatial pads are listed as [begin_h, begin_w, end_h, end_w],
// layouts are NCHW.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_DIALECT_MINI_IR_MINIOPS_TD
#define MINI_DIALECT_MINI_IR_MINIOPS_TD

include "mini/Dialect/Mini/IR/MiniDialect.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Base classes and type constraints
//===----------------------------------------------------------------------===//

/// The float element types the dialect computes on: f32, and the half
/// precisions f16 and bf16 (stored in 2 bytes; their ops compute in f32 and
/// round each result once, see docs/Rationale.md, "Half precision").
defvar Mini_Floats = [F32, F16, BF16];
/// A static-shaped ranked tensor of a float type: the value type of the
/// dialect's float ops.
def Mini_Tensor : StaticShapeTensorOf<Mini_Floats>;
/// A static-shaped tensor of any element type the dialect computes on.
def Mini_AnyTensor : StaticShapeTensorOf<!listconcat(Mini_Floats, [I64, I32, I8, I1])>;
/// Indices (token ids, gather positions): i64 or i32.
def Mini_IndexTensor : StaticShapeTensorOf<[I64, I32]>;
/// The same, with dynamic dimensions allowed: the operands and results of the
/// ops with the Mini_DynamicDims trait.
def Mini_DynTensor : RankedTensorOf<Mini_Floats>;
def Mini_AnyDynTensor : RankedTensorOf<!listconcat(Mini_Floats, [I64, I32, I1])>;
def Mini_DynIndexTensor : RankedTensorOf<[I64, I32]>;
/// Operands a comparison takes: a float type, i64 or i32.
def Mini_DynNumericTensor : RankedTensorOf<!listconcat(Mini_Floats, [I64, I32])>;
/// Masks and comparison results.
def Mini_DynBoolTensor : RankedTensorOf<[I1]>;

/// Marks an op whose operands and results may have dynamic dimensions; its
/// shape rules and its lowering handle them (the lowering reads each
/// dynamic size from an operand with `tensor.dim`). The importer uses the
/// trait to refuse a dynamic operand to any other op with a diagnostic.
def Mini_DynamicDims : NativeOpTrait<"DynamicDims"> {
  let cppNamespace = "::mini::traits";
}

/// A static-shaped 4-D float tensor in NCHW layout.
def Mini_Tensor4D : Type<And<[Mini_Tensor.predicate, HasAnyRankOfPred<[4]>]>,
                         "static-shaped 4-D tensor of f32, f16 or bf16",
                         "::mlir::TensorType">;

/// A static-shaped 4-D NCHW tensor of one of `types`.
class Mini_Tensor4DOf<list<Type> types>
    : Type<And<[StaticShapeTensorOf<types>.predicate, HasAnyRankOfPred<[4]>]>,
           "static-shaped 4-D tensor of " #
               !interleave(!foreach(t, types, t.summary), " or ") # " values",
           "::mlir::TensorType">;

/// Verifies that the float operands and results of an op have one float
/// type (no f16 operand of an f32 op); integer and bool ones are free.
def Mini_SameFloatType : NativeOpTrait<"SameFloatType"> {
  let cppNamespace = "::mini::traits";
}

class Mini_Op<string mnemonic, list<Trait> traits = []>
    : Op<Mini_Dialect, mnemonic, !listconcat([Pure, Mini_SameFloatType], traits)>;

/// An op whose result type is inferred from its operands and attributes by a
/// C++ `inferReturnTypes(context, location, adaptor, types)`; the verifier
/// checks the declared result type against it.
class Mini_InferredOp<string mnemonic, list<Trait> traits = []>
    : Mini_Op<mnemonic, !listconcat([InferTypeOpAdaptor], traits)>;

/// Elementwise binary op with NumPy (multidirectional) broadcasting.
class Mini_BinaryOp<string mnemonic, string what,
                    TypeConstraint type = Mini_DynNumericTensor>
    : Mini_InferredOp<mnemonic, [Mini_DynamicDims]> {
  let summary = "elementwise " # what # " with NumPy broadcasting";
  let description = [{
    Computes `lhs }] # what # [{ rhs` elementwise, on operands of one element
    type (a float type, or i64 and i32 for add, sub, mul and div: integer division
    truncates toward zero, as ONNX's). The operand shapes are
    broadcast as in NumPy (ONNX multidirectional broadcasting): they are
    aligned from the right and each pair of dimensions must be equal or one
    of them 1. The result shape is the broadcast shape.

    Example:

    ```mlir
    %z = mini.}] # mnemonic # [{ %x, %y : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>)
           -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins type:$lhs, type:$rhs);
  let results = (outs type:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

/// Elementwise unary op whose result has its operand's type.
class Mini_UnaryOp<string mnemonic, list<Trait> traits = []>
    : Mini_Op<mnemonic, !listconcat([SameOperandsAndResultType, Mini_DynamicDims], traits)> {
  let arguments = (ins Mini_DynTensor:$input);
  let results = (outs Mini_DynTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

/// Elementwise unary op computing `formula` on every element.
class Mini_MathUnaryOp<string mnemonic, string what, string formula>
    : Mini_UnaryOp<mnemonic> {
  let summary = what;
  let description = [{
    Computes `}] # formula # [{` on every element (ONNX semantics); the
    result has the operand's type.

    Example:

    ```mlir
    %y = mini.}] # mnemonic # [{ %x : tensor<1x16x8xf32>
    ```
  }];
}

/// Elementwise comparison with NumPy broadcasting; the result is i1.
class Mini_CompareOp<string mnemonic, string what>
    : Mini_InferredOp<mnemonic, [Mini_DynamicDims]> {
  let summary = "elementwise comparison `" # what # "` with NumPy broadcasting";
  let description = [{
    Computes `lhs }] # what # [{ rhs` elementwise into an i1 tensor. Both
    operands have the same element type (a float type, i64 or i32); their shapes
    broadcast as in NumPy. Floats compare ordered (NaN compares false).

    Example:

    ```mlir
    %m = mini.}] # mnemonic # [{ %a, %b : (tensor<4x4xf32>, tensor<4xf32>) -> tensor<4x4xi1>
    ```
  }];
  let arguments = (ins Mini_DynNumericTensor:$lhs, Mini_DynNumericTensor:$rhs);
  let results = (outs Mini_DynBoolTensor:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

/// Reduction over a set of axes.
class Mini_ReduceOp<string mnemonic, string what>
    : Mini_InferredOp<mnemonic, [Mini_DynamicDims]> {
  let summary = what # " over a set of axes";
  let description = [{
    ONNX `Reduce}] # what # [{` with its axes folded at import (from the
    attribute before opset 18, from the constant input after): reduces over
    `axes` (negative values count from the end; no duplicates; at least
    one). With `keepdims` the reduced dimensions stay, with size 1;
    otherwise they are dropped.

    Example:

    ```mlir
    %y = mini.}] # mnemonic # [{ %x {axes = array<i64: 2, 3>, keepdims = true}
         : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins Mini_DynTensor:$input, DenseI64ArrayAttr:$axes,
                   DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs Mini_DynTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

def Mini_ConstantOp : Mini_Op<"constant",
    [ConstantLike, AllTypesMatch<["value", "output"]>]> {
  let summary = "constant tensor (weights, biases, folded shapes)";
  let description = [{
    Produces a constant tensor, typically a weight or bias initializer of the
    ONNX graph. The value may be a `dense` attribute or a `dense_resource`
    blob; `mini-translate --import-onnx --onnx-elide-weights` emits
    `dense_resource<__elided__>` so that large models can be planned without
    printing their weights.

    Example:

    ```mlir
    %w = mini.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Mini_AnyTensor:$output);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Convolution and matrix products
//===----------------------------------------------------------------------===//

def Mini_Conv2dOp : Mini_InferredOp<"conv2d"> {
  let summary = "2-D grouped convolution in NCHW layout with optional bias";
  let description = [{
    ONNX `Conv` on 4-D tensors. `input` is N x C x H x W, `filter` is
    F x (C / group) x KH x KW, the optional `bias` has F elements. `strides`
    and `dilations` hold two values (H, W); `pads` holds four
    (begin_h, begin_w, end_h, end_w) of implicit zero padding. `group` must
    divide both C and F; `group == C` is a depthwise convolution. The result
    is N x F x OH x OW with
    `OH = (H + pad_h_begin + pad_h_end - dilation_h * (KH - 1) - 1) / stride_h + 1`.

    Example:

    ```mlir
    %y = mini.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64,
           pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
         : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>)
           -> tensor<1x4x4x4xf32>
    ```
  }];
  let arguments = (ins Mini_Tensor4D:$input, Mini_Tensor4D:$filter,
                   Optional<Mini_Tensor>:$bias,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$dilations,
                   DefaultValuedAttr<I64Attr, "1">:$group);
  let results = (outs Mini_Tensor4D:$output);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Mini_GemmOp : Mini_InferredOp<"gemm", [Mini_DynamicDims]> {
  let summary = "general matrix product Y = alpha * op(A) * op(B) + beta * C";
  let description = [{
    ONNX `Gemm`: `a` and `b` are 2-D; `op(X)` is X or its transpose as
    `trans_a` / `trans_b` say. With op(A) M x K and op(B) K x N the result
    is M x N. The optional bias `c` is broadcast (unidirectionally) to M x N.

    Example (a fully connected layer, weights stored N x K):

    ```mlir
    %y = mini.gemm %x, %w, %b {alpha = 1.0 : f32, beta = 1.0 : f32,
           trans_a = false, trans_b = true}
         : (tensor<1x400xf32>, tensor<120x400xf32>, tensor<120xf32>)
           -> tensor<1x120xf32>
    ```
  }];
  let arguments = (ins Mini_DynTensor:$a, Mini_DynTensor:$b, Optional<Mini_DynTensor>:$c,
                   DefaultValuedAttr<F32Attr, "1.0">:$alpha,
                   DefaultValuedAttr<F32Attr, "1.0">:$beta,
                   DefaultValuedAttr<BoolAttr, "false">:$trans_a,
                   DefaultValuedAttr<BoolAttr, "false">:$trans_b);
  let results = (outs Mini_DynTensor:$output);
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Mini_MatMulOp : Mini_InferredOp<"matmul", [Mini_DynamicDims]> {
  let summary = "matrix product with NumPy semantics (ONNX MatMul)";
  let description = [{
    ONNX `MatMul` on operands of rank 2 or more: the last two dimensions are
    multiplied (M x K times K x N gives M x N) and the leading (batch)
    dimensions are broadcast as in NumPy. 1-D operands are not supported.

    Example:

    ```mlir
    %y = mini.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
    ```
  }];
  let arguments = (ins Mini_DynTensor:$lhs, Mini_DynTensor:$rhs);
  let results = (outs Mini_DynTensor:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Elementwise arithmetic and activations
//===----------------------------------------------------------------------===//

def Mini_AddOp : Mini_BinaryOp<"add", "+">;
def Mini_SubOp : Mini_BinaryOp<"sub", "-">;
def Mini_MulOp : Mini_BinaryOp<"mul", "*">;
def Mini_DivOp : Mini_BinaryOp<"div", "/">;
def Mini_PowOp : Mini_BinaryOp<"pow", "**", Mini_DynTensor>;

def Mini_SqrtOp : Mini_MathUnaryOp<"sqrt", "square root", "sqrt(x)">;
def Mini_ExpOp : Mini_MathUnaryOp<"exp", "exponential", "exp(x)">;
def Mini_LogOp : Mini_MathUnaryOp<"log", "natural logarithm", "log(x)">;
def Mini_ErfOp : Mini_MathUnaryOp<"erf", "Gauss error function", "erf(x)">;
def Mini_TanhOp : Mini_MathUnaryOp<"tanh", "hyperbolic tangent", "tanh(x)">;
def Mini_NegOp : Mini_MathUnaryOp<"neg", "negation", "-x">;
def Mini_ReciprocalOp : Mini_MathUnaryOp<"reciprocal", "reciprocal", "1 / x">;
def Mini_HardSwishOp : Mini_MathUnaryOp<"hard_swish", "hard swish (MobileNet-V3)",
    "x * max(0, min(1, x / 6 + 1 / 2))">;
def Mini_SinOp : Mini_MathUnaryOp<"sin", "sine", "sin(x)">;
def Mini_CosOp : Mini_MathUnaryOp<"cos", "cosine", "cos(x)">;
def Mini_TanOp : Mini_MathUnaryOp<"tan", "tangent", "tan(x)">;
def Mini_AsinOp : Mini_MathUnaryOp<"asin", "arcsine", "asin(x)">;
def Mini_AcosOp : Mini_MathUnaryOp<"acos", "arccosine", "acos(x)">;
def Mini_AtanOp : Mini_MathUnaryOp<"atan", "arctangent", "atan(x)">;
def Mini_SinhOp : Mini_MathUnaryOp<"sinh", "hyperbolic sine", "sinh(x)">;
def Mini_CoshOp : Mini_MathUnaryOp<"cosh", "hyperbolic cosine", "cosh(x)">;
def Mini_AsinhOp : Mini_MathUnaryOp<"asinh", "inverse hyperbolic sine",
    "asinh(x)">;
def Mini_AcoshOp : Mini_MathUnaryOp<"acosh", "inverse hyperbolic cosine",
    "acosh(x)">;
def Mini_AtanhOp : Mini_MathUnaryOp<"atanh", "inverse hyperbolic tangent",
    "atanh(x)">;
def Mini_CeilOp : Mini_MathUnaryOp<"ceil", "rounding up", "ceil(x)">;
def Mini_FloorOp : Mini_MathUnaryOp<"floor", "rounding down", "floor(x)">;
def Mini_RoundOp : Mini_MathUnaryOp<"round",
    "rounding to the nearest integer, halves to even", "round_half_even(x)">;
def Mini_AbsOp : Mini_MathUnaryOp<"abs", "absolute value", "|x|">;
def Mini_SignOp : Mini_MathUnaryOp<"sign", "sign (-1, 0 or 1; NaN stays NaN)",
    "sign(x)">;
def Mini_SoftplusOp : Mini_MathUnaryOp<"softplus", "softplus",
    "log(exp(x) + 1)">;
def Mini_SoftsignOp : Mini_MathUnaryOp<"softsign", "softsign",
    "x / (1 + |x|)">;

/// An elementwise activation with one parameter, `alpha` (ONNX's attribute
/// of the same name, with its default).
class Mini_AlphaActivationOp<string mnemonic, string what, string formula,
                             string alphaDefault>
    : Mini_UnaryOp<mnemonic> {
  let summary = what;
  let description = [{
    Computes `}] # formula # [{` on every element (ONNX semantics); `alpha`
    defaults to }] # alphaDefault # [{. The result has the operand's type.

    Example:

    ```mlir
    %y = mini.}] # mnemonic # [{ %x {alpha = }] # alphaDefault # [{ : f32} : tensor<1x16xf32>
    ```
  }];
  let arguments = (ins Mini_DynTensor:$input,
                   DefaultValuedAttr<F32Attr, alphaDefault>:$alpha);
}

def Mini_EluOp : Mini_AlphaActivationOp<"elu", "exponential linear unit",
    "x < 0 ? alpha * (exp(x) - 1) : x", "1.0">;
def Mini_LeakyReluOp : Mini_AlphaActivationOp<"leaky_relu", "leaky ReLU",
    "x < 0 ? alpha * x : x", "0.01">;
def Mini_CeluOp : Mini_AlphaActivationOp<"celu",
    "continuously differentiable exponential linear unit",
    "max(0, x) + min(0, alpha * (exp(x / alpha) - 1))", "1.0">;
def Mini_ThresholdedReluOp : Mini_AlphaActivationOp<"thresholded_relu",
    "thresholded ReLU", "x > alpha ? x : 0", "1.0">;

def Mini_SeluOp : Mini_UnaryOp<"selu"> {
  let summary = "scaled exponential linear unit";
  let description = [{
    ONNX `Selu`: `gamma * (x <= 0 ? alpha * exp(x) - alpha : x)`, with
    ONNX's defaults alpha = 1.67326... and gamma = 1.05070....

    Example:

    ```mlir
    %y = mini.selu %x : tensor<1x16xf32>
    ```
  }];
  let arguments = (ins Mini_DynTensor:$input,
                   DefaultValuedAttr<F32Attr, "1.67326319217681884765625">:$alpha,
                   DefaultValuedAttr<F32Attr, "1.05070102214813232421875">:$gamma);
}

def Mini_ShrinkOp : Mini_UnaryOp<"shrink"> {
  let summary = "shrinkage";
  let description = [{
    ONNX `Shrink`: `x < -lambd ? x + bias : x > lambd ? x - bias : 0`; the
    defaults are `bias = 0`, `lambd = 0.5`.

    Example:

    ```mlir
    %y = mini.shrink %x {bias = 0.0 : f32, lambd = 0.5 : f32} : tensor<1x16xf32>
    ```
  }];
  let arguments = (ins Mini_DynTensor:$input,
                   DefaultValuedAttr<F32Attr, "0.0">:$bias,
                   DefaultValuedAttr<F32Attr, "0.5">:$lambd);
}

def Mini_GeluOp : Mini_UnaryOp<"gelu"> {
  let summary = "Gaussian error linear unit";
  let description = [{
    ONNX `Gelu` (opset 20): with `approximate = "none"`,
    `0.5 * x * (1 + erf(x / sqrt(2)))`; with `approximate = "tanh"`,
    `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))`. The
    importer also recognizes the Erf-based subgraph that opset-13 exporters
    write and imports it as this op.

    Example:

    ```mlir
    %y = mini.gelu %x {approximate = "none"} : tensor<1x32x512xf32>
    ```
  }];
  let arguments = (ins Mini_DynTensor:$input,
                   DefaultValuedStrAttr<StrAttr, "none">:$approximate);
  let hasVerifier = 1;
}

def Mini_WhereOp : Mini_InferredOp<"where", [Mini_DynamicDims]> {
  let summary = "elementwise select with NumPy broadcasting";
  let description = [{
    ONNX `Where`: `condition ? x : y` elementwise; the three shapes
    broadcast as in NumPy (the attention mask of a decoder is a constant
    `condition`).

    Example:

    ```mlir
    %y = mini.where %mask, %scores, %neg_inf
         : (tensor<8x8xi1>, tensor<1x4x8x8xf32>, tensor<f32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins Mini_DynBoolTensor:$condition, Mini_AnyDynTensor:$x,
                   Mini_AnyDynTensor:$y);
  let results = (outs Mini_AnyDynTensor:$output);
  let assemblyFormat = [{
    $condition `,` $x `,` $y attr-dict `:` functional-type(operands, results)
  }];
}

def Mini_EqualOp : Mini_CompareOp<"equal", "==">;
def Mini_LessOp : Mini_CompareOp<"less", "<">;
def Mini_GreaterOp : Mini_CompareOp<"greater", ">">;
def Mini_LessOrEqualOp : Mini_CompareOp<"less_or_equal", "<=">;
def Mini_GreaterOrEqualOp : Mini_CompareOp<"greater_or_equal", ">=">;

/// Elementwise logic on bools with NumPy broadcasting.
class Mini_LogicalOp<string mnemonic, string what>
    : Mini_InferredOp<mnemonic, [Mini_DynamicDims]> {
  let summary = "elementwise logical " # what # " with NumPy broadcasting";
  let description = [{
    ONNX's logical }] # what # [{ of two i1 tensors whose shapes broadcast
    as in NumPy.

    Example:

    ```mlir
    %m = mini.}] # mnemonic # [{ %a, %b : (tensor<4x4xi1>, tensor<4xi1>) -> tensor<4x4xi1>
    ```
  }];
  let arguments = (ins Mini_DynBoolTensor:$lhs, Mini_DynBoolTensor:$rhs);
  let results = (outs Mini_DynBoolTensor:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def Mini_AndOp : Mini_LogicalOp<"and", "and">;
def Mini_OrOp : Mini_LogicalOp<"or", "or">;
def Mini_XorOp : Mini_LogicalOp<"xor", "exclusive or">;

def Mini_NotOp : Mini_Op<"not", [SameOperandsAndResultType, Mini_DynamicDims]> {
  let summary = "elementwise logical not";
  let description = [{
    ONNX `Not` of an i1 tensor.

    Example:

    ```mlir
    %m = mini.not %a : tensor<4xi1>
    ```
  }];
  let arguments = (ins Mini_DynBoolTensor:$input);
  let results = (outs Mini_DynBoolTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Mini_IsNaNOp : Mini_Op<"is_nan", [Mini_DynamicDims,
    TypesMatchWith<"the result is the input's shape of i1", "input", "output",
                   "::llvm::cast<::mlir::RankedTensorType>($_self).clone(::mlir::IntegerType::get($_ctxt, 1))">]> {
  let summary = "whether each element is NaN";
  let description = [{
    ONNX `IsNaN`: an i1 tensor, true where the f32 input is NaN.

    Example:

    ```mlir
    %m = mini.is_nan %x : tensor<4xf32>
    ```
  }];
  let arguments = (ins Mini_DynTensor:$input);
  let results = (outs Mini_DynBoolTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Mini_IsInfOp : Mini_Op<"is_inf", [Mini_DynamicDims,
    TypesMatchWith<"the result is the input's shape of i1", "input", "output",
                   "::llvm::cast<::mlir::RankedTensorType>($_self).clone(::mlir::IntegerType::get($_ctxt, 1))">]> {
  let summary = "whether each element is infinite";
  let description = [{
    ONNX `IsInf`: an i1 tensor, true where the f32 input is +inf (with
    `detect_positive`, the default) or -inf (with `detect_negative`, the
    default).

    Example:

    ```mlir
    %m = mini.is_inf %x {detect_negative = false} : tensor<4xf32>
    ```
  }];
  let arguments = (ins Mini_DynTensor:$input,
                   DefaultValuedAttr<BoolAttr, "true">:$detect_negative,
                   DefaultValuedAttr<BoolAttr, "true">:$detect_positive);
  let results = (outs Mini_DynBoolTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Mini_PReluOp : Mini_BinaryOp<"prelu", "PRelu (x < 0 ? slope * x : x)",
                                 Mini_DynTensor>;

/// Elementwise combination of one or more operands with NumPy broadcasting.
class Mini_VariadicOp<string mnemonic, string what, string types,
                      Type type = Mini_DynNumericTensor>
    : Mini_InferredOp<mnemonic, [Mini_DynamicDims]> {
  let summary = "elementwise " # what # " of one or more tensors";
  let description = [{
    ONNX's variadic `}] # what # [{` of its operands (}] # types # [{, one
    element type), whose shapes broadcast together as in NumPy.

    Example:

    ```mlir
    %y = mini.}] # mnemonic # [{ %a, %b, %c : (tensor<3x4xf32>, tensor<4xf32>, tensor<1xf32>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Variadic<type>:$inputs);
  let results = (outs type:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
}

def Mini_MaxOp : Mini_VariadicOp<"max", "maximum",
    "a float type, i64 or i32; NaN propagates">;
def Mini_MinOp : Mini_VariadicOp<"min", "minimum",
    "a float type, i64 or i32; NaN propagates">;
def Mini_SumOp : Mini_VariadicOp<"sum", "sum", "a float type, i64 or i32">;
def Mini_MeanOp : Mini_VariadicOp<"mean", "mean", "f32", Mini_DynTensor>;

def Mini_CastOp : Op<Mini_Dialect, "cast", [Pure, SameOperandsAndResultShape, Mini_DynamicDims]> {
  let summary = "convert every element to the result's element type";
  let description = [{
    ONNX `Cast` between f32, f16, bf16, i64, i32 and i1: floats convert to
    one another rounding to nearest even (f16 and bf16 through f32), to integers
    by truncation toward zero, anything converts to i1 as `x != 0`, i1 to
    numbers as 0 or 1, integers widen with their sign.

    Example:

    ```mlir
    %y = mini.cast %ids : tensor<1x32xi64> to tensor<1x32xf32>
    ```
  }];
  let arguments = (ins Mini_AnyDynTensor:$input);
  let results = (outs Mini_AnyDynTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($output)";
}

def Mini_ReluOp : Mini_UnaryOp<"relu"> {
  let summary = "rectified linear unit, max(x, 0)";
  let description = [{
    Example:

    ```mlir
    %y = mini.relu %x : tensor<1x6x28x28xf32>
    ```
  }];
}

def Mini_SigmoidOp : Mini_UnaryOp<"sigmoid"> {
  let summary = "logistic sigmoid, 1 / (1 + exp(-x))";
  let description = [{
    Example:

    ```mlir
    %y = mini.sigmoid %x : tensor<1x10xf32>
    ```
  }];
}

def Mini_ClipOp : Mini_UnaryOp<"clip"> {
  let summary = "clamp every element to [min, max]";
  let description = [{
    ONNX `Clip` with constant bounds (ReLU6 is `min = 0.0, max = 6.0`);
    `min` must not exceed `max`.

    Example:

    ```mlir
    %y = mini.clip %x {max = 6.0 : f32, min = 0.0 : f32} : tensor<1x32x112x112xf32>
    ```
  }];
  let arguments = (ins Mini_DynTensor:$input, F32Attr:$min, F32Attr:$max);
  let hasVerifier = 1;
}

def Mini_HardSigmoidOp : Mini_UnaryOp<"hard_sigmoid"> {
  let summary = "max(0, min(1, alpha * x + beta))";
  let description = [{
    ONNX `HardSigmoid`; the defaults are `alpha = 0.2`, `beta = 0.5`.

    Example:

    ```mlir
    %y = mini.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<1x16xf32>
    ```
  }];
  let arguments = (ins Mini_DynTensor:$input,
                   DefaultValuedAttr<F32Attr, "0.2">:$alpha,
                   DefaultValuedAttr<F32Attr, "0.5">:$beta);
}

def Mini_LogSoftmaxOp : Mini_UnaryOp<"log_softmax"> {
  let summary = "log of the softmax along one axis";
  let description = [{
    ONNX `LogSoftmax` (opset 13): x - max - log(sum(exp(x - max))) along
    `axis` (negative counts from the end; default -1).

    Example:

    ```mlir
    %y = mini.log_softmax %x {axis = 1 : i64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins Mini_DynTensor:$input,
                   DefaultValuedAttr<I64Attr, "-1">:$axis);
  let hasVerifier = 1;
}

def Mini_HardmaxOp : Mini_Op<"hardmax", [SameOperandsAndResultType]> {
  let summary = "one-hot of the largest element along one axis";
  let description = [{
    ONNX `Hardmax` (opset 13): 1 at the first largest element along `axis`
    (negative counts from the end; default -1), 0 elsewhere.

    Example:

    ```mlir
    %y = mini.hardmax %x {axis = 1 : i64} : tensor<1x10xf32>
    ```

    Static shapes only (the one-hot is built from `mini.arg_max`).
  }];
  let arguments = (ins Mini_Tensor:$input,
                   DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Mini_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Mini_TriluOp : Mini_Op<"trilu", [SameOperandsAndResultType]> {
  let summary = "the upper or lower triangle of the last two dimensions";
  let description = [{
    ONNX `Trilu`: keeps the elements on and above (`upper`) or on and below
    the `k`-th diagonal of the last two dimensions (element [i, j] is kept
    when j - i >= k, or <= k), zeros the others. Rank at least 2.

    Example:

    ```mlir
    %y = mini.trilu %x {k = 1 : i64, upper = true} : tensor<4x5xi64>
    ```
  }];
  let arguments = (ins Mini_AnyTensor:$input,
                   DefaultValuedAttr<BoolAttr, "true">:$upper,
                   DefaultValuedAttr<I64Attr, "0">:$k);
  let results = (outs Mini_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Mini_SoftmaxOp : Mini_UnaryOp<"softmax"> {
  let summary = "softmax along one axis";
  let description = [{
    ONNX `Softmax` (opset 13): exp(x) / sum(exp(x)) along `axis`, which may
    be negative (counted from the end) and defaults to -1.

    Example:

    ```mlir
    %y = mini.softmax %x {axis = 1 : i64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins Mini_DynTensor:$input,
                   DefaultValuedAttr<I64Attr, "-1">:$axis);
  let hasVerifier = 1;
}

def Mini_BatchNormOp : Mini_Op<"batch_norm", [SameOperandsAndResultElementType,
    AllTypesMatch<["input", "output"]>]> {
  let summary = "inference-mode batch normalization";
  let description = [{
    ONNX `BatchNormalization` in inference mode on an N x C x ... input:
    `y = scale * (x - mean) / sqrt(var + epsilon) + bias`, with `scale`,
    `bias`, `mean` and `var` 1-D tensors of C elements.

    Example:

    ```mlir
    %y = mini.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32}
         : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
            tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins Mini_Tensor:$input, Mini_Tensor:$scale, Mini_Tensor:$bias,
                   Mini_Tensor:$mean, Mini_Tensor:$var,
                   DefaultValuedAttr<F32Attr, "1.0e-05">:$epsilon);
  let results = (outs Mini_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $var attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

def Mini_MaxPool2dOp : Mini_InferredOp<"max_pool2d"> {
  let summary = "2-D max pooling in NCHW layout";
  let description = [{
    ONNX `MaxPool` on a 4-D tensor, f32 or int8 (a quantized model's,
    whose scale and zero point it keeps): `kernel_shape`, `strides` and
    `dilations` hold (H, W), `pads` holds (begin_h, begin_w, end_h, end_w);
    padded elements never win. With `ceil_mode` the output size is rounded
    up, but a window that would start in the end padding is dropped (as in
    PyTorch and ONNX).

    Example:

    ```mlir
    %y = mini.max_pool2d %x {ceil_mode = false, dilations = array<i64: 1, 1>,
           kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
           strides = array<i64: 2, 2>} : (tensor<1x6x28x28xf32>) -> tensor<1x6x14x14xf32>
    ```
  }];
  let arguments = (ins Mini_Tensor4DOf<!listconcat(Mini_Floats, [I8])>:$input,
                   DenseI64ArrayAttr:$kernel_shape,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$dilations,
                   DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);
  let results = (outs Mini_Tensor4DOf<!listconcat(Mini_Floats, [I8])>:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Mini_AvgPool2dOp : Mini_InferredOp<"avg_pool2d"> {
  let summary = "2-D average pooling in NCHW layout";
  let description = [{
    ONNX `AveragePool` on a 4-D tensor, with the attributes of
    `mini.max_pool2d` (no dilations). With `count_include_pad` the divisor
    counts the padding elements of a window, otherwise only the input
    elements it covers.

    Example:

    ```mlir
    %y = mini.avg_pool2d %x {ceil_mode = false, count_include_pad = false,
           kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
           strides = array<i64: 2, 2>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins Mini_Tensor4D:$input, DenseI64ArrayAttr:$kernel_shape,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                   DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
  let results = (outs Mini_Tensor4D:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Mini_GlobalAvgPool2dOp : Mini_InferredOp<"global_avg_pool2d"> {
  let summary = "average over the spatial dimensions, N x C x H x W to N x C x 1 x 1";
  let description = [{
    Example:

    ```mlir
    %y = mini.global_avg_pool2d %x : (tensor<1x512x7x7xf32>) -> tensor<1x512x1x1xf32>
    ```
  }];
  let arguments = (ins Mini_Tensor4D:$input);
  let results = (outs Mini_Tensor4D:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

/// The index of the largest or smallest element along one axis.
class Mini_ArgReduceOp<string mnemonic, string what>
    : Mini_InferredOp<mnemonic> {
  let summary = "the index of the " # what # " element along an axis";
  let description = [{
    ONNX `Arg}] # !if(!eq(what, "largest"), "Max", "Min") # [{`: along
    `axis` (negative counts from the end), the index (i64) of the }] # what
    # [{ element, the first one on ties, the last one with
    `select_last_index`; NaNs are never selected. With `keepdims` the axis
    stays, with size 1.

    Example:

    ```mlir
    %i = mini.}] # mnemonic # [{ %x {axis = 1 : i64} : (tensor<2x5xf32>) -> tensor<2x1xi64>
    ```
  }];
  let arguments = (ins Mini_Tensor:$input, I64Attr:$axis,
                   DefaultValuedAttr<BoolAttr, "true">:$keepdims,
                   DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs StaticShapeTensorOf<[I64]>:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Mini_ArgMaxOp : Mini_ArgReduceOp<"arg_max", "largest">;
def Mini_ArgMinOp : Mini_ArgReduceOp<"arg_min", "smallest">;

def Mini_ReduceMeanOp : Mini_ReduceOp<"reduce_mean", "Mean">;
def Mini_ReduceSumOp : Mini_ReduceOp<"reduce_sum", "Sum">;
def Mini_ReduceMaxOp : Mini_ReduceOp<"reduce_max", "Max">;
def Mini_ReduceMinOp : Mini_ReduceOp<"reduce_min", "Min">;
def Mini_ReduceProdOp : Mini_ReduceOp<"reduce_prod", "Prod">;
def Mini_ReduceL1Op : Mini_ReduceOp<"reduce_l1", "L1">;
def Mini_ReduceL2Op : Mini_ReduceOp<"reduce_l2", "L2">;
def Mini_ReduceSumSquareOp : Mini_ReduceOp<"reduce_sum_square", "SumSquare">;
def Mini_ReduceLogSumOp : Mini_ReduceOp<"reduce_log_sum", "LogSum">;
def Mini_ReduceLogSumExpOp : Mini_ReduceOp<"reduce_log_sum_exp", "LogSumExp">;

def Mini_LayerNormOp : Mini_Op<"layer_norm", [AllTypesMatch<["input", "output"]>,
                                         Mini_DynamicDims]> {
  let summary = "layer normalization over the trailing dimensions";
  let description = [{
    ONNX `LayerNormalization` (opset 17) in inference: normalizes over the
    dimensions [axis, rank) of `input`, `y = (x - mean) / sqrt(var + epsilon)
    * scale + bias`, with the (biased) variance. `scale` and the optional
    `bias` broadcast to those dimensions. The importer also recognizes the
    ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div subgraph that opset-13
    exporters write (and the Mul/Add of its affine part) and imports it as
    this op: one fused op keeps one buffer live instead of five.

    Example:

    ```mlir
    %y = mini.layer_norm %x, %g, %b {axis = -1 : i64, epsilon = 1.0e-05 : f32}
         : (tensor<1x32x128xf32>, tensor<128xf32>, tensor<128xf32>) -> tensor<1x32x128xf32>
    ```
  }];
  let arguments = (ins Mini_DynTensor:$input, Mini_Tensor:$scale,
                   Optional<Mini_Tensor>:$bias,
                   DefaultValuedAttr<I64Attr, "-1">:$axis,
                   DefaultValuedAttr<F32Attr, "1.0e-05">:$epsilon);
  let results = (outs Mini_DynTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

def Mini_FlattenOp : Mini_InferredOp<"flatten"> {
  let summary = "flatten to 2-D at an axis";
  let description = [{
    ONNX `Flatten`: the dimensions before `axis` become the first result
    dimension and the rest the second; `axis` may be negative and lies in
    [-rank, rank].

    Example:

    ```mlir
    %y = mini.flatten %x {axis = 1 : i64} : (tensor<1x16x5x5xf32>) -> tensor<1x400xf32>
    ```
  }];
  let arguments = (ins Mini_AnyTensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs Mini_AnyTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Mini_ReshapeOp : Mini_Op<"reshape", [Mini_DynamicDims]> {
  let summary = "reinterpret a tensor with a new static shape";
  let description = [{
    ONNX `Reshape` once its shape input has been folded at import: the
    result type is given, and must hold as many elements as the input.

    Example:

    ```mlir
    %y = mini.reshape %x : tensor<1x400xf32> -> tensor<1x16x5x5xf32>
    ```
  }];
  let arguments = (ins Mini_AnyDynTensor:$input);
  let results = (outs Mini_AnyDynTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Mini_TransposeOp : Mini_InferredOp<"transpose", [Mini_DynamicDims]> {
  let summary = "permute the dimensions";
  let description = [{
    ONNX `Transpose`: result dimension i is input dimension `perm[i]`;
    `perm` must be a permutation of [0, rank).

    Example:

    ```mlir
    %y = mini.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins Mini_AnyDynTensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Mini_AnyDynTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Mini_ConcatOp : Mini_InferredOp<"concat"> {
  let summary = "concatenate tensors along an axis";
  let description = [{
    ONNX `Concat`: all inputs have the same rank and agree on every
    dimension but `axis` (which may be negative), along which the result
    stacks them in order.

    Example:

    ```mlir
    %y = mini.concat %a, %b {axis = 1 : i64}
         : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
    ```
  }];
  let arguments = (ins Variadic<Mini_AnyTensor>:$inputs, I64Attr:$axis);
  let results = (outs Mini_AnyTensor:$output);
  let assemblyFormat =
      "$inputs attr-dict `:` functional-type(operands, results)";
}

def Mini_PadOp : Mini_InferredOp<"pad"> {
  let summary = "pad with a constant value";
  let description = [{
    ONNX `Pad` in `constant` mode with pads folded at import: `pads` holds
    2 * rank non-negative values, all begins then all ends (ONNX order).

    Example:

    ```mlir
    %y = mini.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.0 : f32}
         : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
    ```
  }];
  let arguments = (ins Mini_Tensor:$input, DenseI64ArrayAttr:$pads,
                   DefaultValuedAttr<F32Attr, "0.0">:$value);
  let results = (outs Mini_Tensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Mini_SliceOp : Mini_InferredOp<"slice", [Mini_DynamicDims]> {
  let summary = "strided slice (ONNX Slice)";
  let description = [{
    ONNX `Slice` (opset 13) with its inputs folded at import: for each of
    `axes` (negative values count from the end; all dimensions when empty)
    takes the elements from `starts` toward `ends` by `steps` (non-zero;
    negative steps walk backwards). Negative starts and ends count from
    the end of the dimension; out-of-range values are clamped as ONNX says
    (to [0, dim] for positive steps, [-1, dim - 1] for negative ones). An
    empty result is an error: mini has no zero-sized tensors.

    Example:

    ```mlir
    %y = mini.slice %x {axes = array<i64: 1>, ends = array<i64: 9223372036854775807>,
           starts = array<i64: 2>, steps = array<i64: 2>}
         : (tensor<1x8x4xf32>) -> tensor<1x3x4xf32>
    ```
  }];
  let arguments = (ins Mini_AnyDynTensor:$input, DenseI64ArrayAttr:$starts,
                   DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$axes,
                   DenseI64ArrayAttr:$steps);
  let results = (outs Mini_AnyDynTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// The normalized slice per dimension of the input: first element,
    /// element count and step (steps may be negative).
    void getNormalizedSlice(::llvm::SmallVectorImpl<int64_t> &offsets,
                            ::llvm::SmallVectorImpl<int64_t> &sizes,
                            ::llvm::SmallVectorImpl<int64_t> &strides);
  }];
}

def Mini_SplitOp : Mini_InferredOp<"split", [Mini_DynamicDims]> {
  let summary = "split a tensor into consecutive pieces along an axis";
  let description = [{
    ONNX `Split`: result i holds `split[i]` consecutive elements of `input`
    along `axis` (which may be negative); the sizes are positive and add up
    to the dimension. The importer fills `split` from the input (opset 13),
    the attribute (before 13) or `num_outputs` (opset 18).

    Example:

    ```mlir
    %q, %k, %v = mini.split %x {axis = 2 : i64, split = array<i64: 128, 128, 128>}
         : (tensor<1x32x384xf32>) -> (tensor<1x32x128xf32>, tensor<1x32x128xf32>, tensor<1x32x128xf32>)
    ```
  }];
  let arguments = (ins Mini_AnyDynTensor:$input, I64Attr:$axis,
                   DenseI64ArrayAttr:$split);
  let results = (outs Variadic<Mini_AnyDynTensor>:$outputs);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Mini_GatherElementsOp : Mini_Op<"gather_elements"> {
  let summary = "gather elements along an axis by index (ONNX GatherElements)";
  let description = [{
    ONNX `GatherElements`: `indices` has `data`'s rank and, on every other
    axis, at most its size; the result has the indices' shape and element
    [i..., j, k...] = data[i..., indices[i..., j, k...], k...] along `axis`
    (negative `axis` and indices count from the end). Indices out of
    [-D[axis], D[axis]) are clamped into it at run time, as `mini.gather`
    does, so that no memory outside `data` is read.

    Example:

    ```mlir
    %y = mini.gather_elements %x, %i {axis = 1 : i64}
         : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins Mini_AnyTensor:$data, Mini_IndexTensor:$indices,
                   DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs Mini_AnyTensor:$output);
  let assemblyFormat =
      "$data `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Mini_GatherOp : Mini_InferredOp<"gather", [Mini_DynamicDims]> {
  let summary = "gather slices along an axis by index (ONNX Gather)";
  let description = [{
    ONNX `Gather`: with `data` of shape D and `indices` of shape I, the
    result has shape D[:axis] + I + D[axis+1:] and takes slice
    `indices[...]` of `data` along `axis` (negative indices count from the
    end). An embedding lookup is a gather on axis 0 of the table by token
    ids. Indices out of [-D[axis], D[axis]) are clamped into it at run time,
    so that no memory outside `data` is read.

    Example:

    ```mlir
    %e = mini.gather %table, %ids {axis = 0 : i64}
         : (tensor<1000x128xf32>, tensor<1x32xi64>) -> tensor<1x32x128xf32>
    ```
  }];
  let arguments = (ins Mini_AnyTensor:$data, Mini_DynIndexTensor:$indices,
                   DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs Mini_AnyDynTensor:$output);
  let assemblyFormat =
      "$data `,` $indices attr-dict `:` functional-type(operands, results)";
}

def Mini_ExpandOp : Mini_InferredOp<"expand"> {
  let summary = "broadcast to a shape (ONNX Expand)";
  let description = [{
    ONNX `Expand` with its shape folded at import: the result shape is the
    NumPy broadcast of the input's shape and `shape`.

    Example:

    ```mlir
    %y = mini.expand %x {shape = array<i64: 2, 1, 6>} : (tensor<3x1xf32>) -> tensor<2x3x6xf32>
    ```
  }];
  let arguments = (ins Mini_AnyTensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs Mini_AnyTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Mini_ResizeOp : Mini_Op<"resize"> {
  let summary = "resize the spatial dimensions of an NCHW tensor";
  let description = [{
    ONNX `Resize` (opset 13 to 19) on a 4-D tensor with its scales or sizes
    folded at import into the result type (N and C unchanged). `mode` is
    `nearest` or `linear` (bilinear); `coordinate_transformation_mode` maps
    an output coordinate to the input: `half_pixel`, `pytorch_half_pixel`,
    `asymmetric` or `align_corners`; `nearest_mode` rounds it for `nearest`:
    `round_prefer_floor`, `round_prefer_ceil`, `floor` or `ceil`. Input
    coordinates outside the input are clamped to its edge. `scales` (H, W),
    when the model gives scales rather than sizes, are what ONNX's
    coordinate transforms divide by (`align_corners` uses the unrounded
    resized length, input length x scale), as ONNX's reference does; without
    them the scale is the output length over the input length.

    Example:

    ```mlir
    %y = mini.resize %x {coordinate_transformation_mode = "half_pixel",
           mode = "linear", nearest_mode = "floor"}
         : (tensor<1x21x28x28xf32>) -> tensor<1x21x224x224xf32>
    ```
  }];
  let arguments = (ins Mini_Tensor4D:$input,
                   DefaultValuedStrAttr<StrAttr, "nearest">:$mode,
                   DefaultValuedStrAttr<StrAttr, "half_pixel">:$coordinate_transformation_mode,
                   DefaultValuedStrAttr<StrAttr, "round_prefer_floor">:$nearest_mode,
                   OptionalAttr<DenseF64ArrayAttr>:$scales);
  let results = (outs Mini_Tensor4D:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Quantization (int8, ONNX's linear quantization)
//===----------------------------------------------------------------------===//

def Mini_QuantizeLinearOp : Mini_Op<"quantize_linear"> {
  let summary = "f32 to int8: saturate(round_half_even(x / scale) + zero_point)";
  let description = [{
    ONNX `QuantizeLinear` to int8. `scale` (positive) and `zero_point` are
    scalars (per tensor) or 1-D of the size of dimension `axis` of the input
    (per axis). Rounding is half to even, as ONNX's; the result saturates to
    [-128, 127].

    Example:

    ```mlir
    %q = mini.quantize_linear %x, %scale, %zp {axis = 1 : i64}
         : (tensor<1x8x4x4xf32>, tensor<f32>, tensor<i8>) -> tensor<1x8x4x4xi8>
    ```
  }];
  let arguments = (ins RankedTensorOf<[F32]>:$input,
                   RankedTensorOf<[F32]>:$scale,
                   RankedTensorOf<[I8]>:$zero_point,
                   DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs RankedTensorOf<[I8]>:$output);
  let assemblyFormat =
      "$input `,` $scale `,` $zero_point attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Mini_Uint8ShiftOp : Mini_Op<"uint8_shift", [SameOperandsAndResultType,
                                               Pure, Mini_DynamicDims]> {
  let summary = "x xor 0x80: ONNX uint8 bytes to mini's shifted int8, and back";
  let description = [{
    mini holds an ONNX uint8 tensor as int8 shifted by -128 (u - 128, its
    zero points likewise), which leaves every quantized value s (q - z)
    and the saturation as they are. A graph input or output of uint8 data
    (an i8 argument or result marked `mini.uint8`) is converted by this op:
    flipping the sign bit maps u to u - 128 and back, so it is its own
    inverse.

    Example:

    ```mlir
    %s = mini.uint8_shift %x : tensor<1x3x8x8xi8>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I8]>:$input);
  let results = (outs RankedTensorOf<[I8]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Mini_DequantizeLinearOp : Mini_Op<"dequantize_linear"> {
  let summary = "int8 or int32 to f32: (x - zero_point) * scale";
  let description = [{
    ONNX `DequantizeLinear` of int8 (activations, weights) or int32 (biases,
    whose zero point is 0). `scale` and `zero_point` as for
    `mini.quantize_linear`; the zero point has the input's element type.
    `mini-fuse-quantized-ops` folds the dequantizations that feed a
    convolution, a Gemm or an addition whose result is quantized again into
    one integer op.

    Example:

    ```mlir
    %w = mini.dequantize_linear %wq, %scales, %zps {axis = 0 : i64}
         : (tensor<8x3x3x3xi8>, tensor<8xf32>, tensor<8xi8>) -> tensor<8x3x3x3xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I8, I32]>:$input,
                   RankedTensorOf<[F32]>:$scale,
                   RankedTensorOf<[I8, I32]>:$zero_point,
                   DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs RankedTensorOf<[F32]>:$output);
  let assemblyFormat =
      "$input `,` $scale `,` $zero_point attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

/// The requantization of an int32 accumulator to int8, shared by the
/// quantized ops: per output channel (or one for all), the real multiplier
/// s_in * s_w[c] / s_out as `multipliers[c] * 2^-(31 + shifts[c])`
/// (multipliers in [2^30, 2^31)), then the output zero point, then the clamp
/// (the saturation, with the folded activation).
class Mini_RequantizedOp<string mnemonic> : Mini_Op<mnemonic> {
  code requantizeDescription = [{
    The int32 accumulator is requantized with a fixed-point multiplier and
    shift, as TFLite's int8 kernels do (gemmlowp's
    `MultiplyByQuantizedMultiplier`): `acc * multipliers[c]` in 64 bits,
    shifted right by `31 + shifts[c]` with one rounding, half away from
    zero; then `output_zero_point` is added and the result clamped to
    `[clamp_min, clamp_max]`, a sub-range of [-128, 127] where a ReLU or
    Clip was folded in.
  }];
}

def Mini_QConv2dOp : Mini_RequantizedOp<"qconv2d"> {
  let summary = "int8 convolution, int32 accumulation, requantized to int8";
  let description = [{
    `Conv` on int8 tensors (what `mini-fuse-quantized-ops` makes of
    DequantizeLinear -> Conv [-> Relu | Clip] -> QuantizeLinear): products
    of `(input - input_zero_point)` and `filter` (symmetric, zero point 0,
    per output channel scales) accumulated in int32, plus `bias` (int32, at
    scale s_in * s_w[c]). Attributes as `mini.conv2d`'s; the padding
    holds `input_zero_point` (a real 0). Groups: 1, or depthwise.
  }] # requantizeDescription;
  let arguments = (ins Mini_Tensor4DOf<[I8]>:$input, Mini_Tensor4DOf<[I8]>:$filter,
                   Optional<StaticShapeTensorOf<[I32]>>:$bias,
                   DenseI64ArrayAttr:$dilations, I64Attr:$group,
                   DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$strides,
                   I64Attr:$input_zero_point, I64Attr:$output_zero_point,
                   DenseI32ArrayAttr:$multipliers, DenseI32ArrayAttr:$shifts,
                   I64Attr:$clamp_min, I64Attr:$clamp_max);
  let results = (outs Mini_Tensor4DOf<[I8]>:$output);
  let assemblyFormat =
      "$input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Mini_DynamicQuantizeLinearOp : Mini_Op<"dynamic_quantize_linear"> {
  let summary = "f32 to uint8 with the scale and zero point of its range";
  let description = [{
    ONNX `DynamicQuantizeLinear`: `scale = (max(0, max(x)) - min(0,
    min(x))) / 255`, `zero_point = saturate(round(-min(0, min(x)) /
    scale))` and `output = saturate(round(x / scale) + zero_point)`, uint8
    (held as int8 shifted by -128, as every uint8 in mini), rounding half to
    even. An input of zeros only (scale 0) gives zero point 0 and outputs 0.

    Example:

    ```mlir
    %y, %s, %z = mini.dynamic_quantize_linear %x
        : (tensor<3x4xf32>) -> (tensor<3x4xi8>, tensor<f32>, tensor<i8>)
    ```
  }];
  let arguments = (ins StaticShapeTensorOf<[F32]>:$input);
  let results = (outs StaticShapeTensorOf<[I8]>:$output,
                      0DTensorOf<[F32]>:$scale, 0DTensorOf<[I8]>:$zero_point);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Mini_ConvIntegerOp : Mini_Op<"conv_integer"> {
  let summary = "int8 convolution into int32 (ONNX ConvInteger)";
  let description = [{
    ONNX `ConvInteger`: the int32 sums of `(input - input_zero_point) *
    (filter - filter_zero_points[f])` (one filter zero point, or one per
    output channel `f`), not requantized. uint8 operands are mini's shifted
    int8 with shifted zero points. Attributes as `mini.conv2d`'s; the
    padding holds `input_zero_point` (a real 0). Groups: 1, or depthwise.

    Example:

    ```mlir
    %y = mini.conv_integer %x, %w {dilations = array<i64: 1, 1>,
           filter_zero_points = array<i64: 0>, group = 1 : i64,
           input_zero_point = -128 : i64, pads = array<i64: 1, 1, 1, 1>,
           strides = array<i64: 1, 1>}
         : (tensor<1x1x3x3xi8>, tensor<1x1x2x2xi8>) -> tensor<1x1x4x4xi32>
    ```
  }];
  let arguments = (ins Mini_Tensor4DOf<[I8]>:$input, Mini_Tensor4DOf<[I8]>:$filter,
                   DenseI64ArrayAttr:$dilations, I64Attr:$group,
                   DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$strides,
                   I64Attr:$input_zero_point,
                   DenseI64ArrayAttr:$filter_zero_points);
  let results = (outs Mini_Tensor4DOf<[I32]>:$output);
  let assemblyFormat =
      "$input `,` $filter attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Mini_MatMulIntegerOp : Mini_Op<"matmul_integer"> {
  let summary = "int8 matrix product into int32 (ONNX MatMulInteger)";
  let description = [{
    ONNX `MatMulInteger` of 2-D operands: the int32 sums of `(a[m, k] -
    a_zero_point) * (b[k, n] - b_zero_points[n])` (one zero point of `b`,
    or one per column), not requantized; uint8 as for
    `mini.conv_integer`.

    Example:

    ```mlir
    %y = mini.matmul_integer %a, %b {a_zero_point = 0 : i64,
           b_zero_points = array<i64: 0>}
         : (tensor<4x3xi8>, tensor<3x2xi8>) -> tensor<4x2xi32>
    ```
  }];
  let arguments = (ins StaticShapeTensorOf<[I8]>:$a, StaticShapeTensorOf<[I8]>:$b,
                   I64Attr:$a_zero_point, DenseI64ArrayAttr:$b_zero_points);
  let results = (outs StaticShapeTensorOf<[I32]>:$output);
  let assemblyFormat =
      "$a `,` $b attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Mini_QGemmOp : Mini_RequantizedOp<"qgemm"> {
  let summary = "int8 matrix product A x B (+ bias), requantized to int8";
  let description = [{
    `Gemm` on int8 tensors: `(a - a_zero_point)` [M, K] times `b` [K, N]
    (symmetric, zero point 0, per column scales), accumulated in int32, plus
    `bias` [N] (int32).
  }] # requantizeDescription;
  let arguments = (ins StaticShapeTensorOf<[I8]>:$a, StaticShapeTensorOf<[I8]>:$b,
                   Optional<StaticShapeTensorOf<[I32]>>:$bias,
                   I64Attr:$a_zero_point, I64Attr:$output_zero_point,
                   DenseI32ArrayAttr:$multipliers, DenseI32ArrayAttr:$shifts,
                   I64Attr:$clamp_min, I64Attr:$clamp_max);
  let results = (outs StaticShapeTensorOf<[I8]>:$output);
  let assemblyFormat =
      "$a `,` $b (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Mini_QAddOp : Mini_Op<"qadd"> {
  let summary = "int8 addition of two tensors of different scales";
  let description = [{
    `Add` on int8 tensors of one shape (a residual connection), as TFLite's
    int8 `Add`: each operand minus its zero point is shifted left by 20 and
    rescaled to a common scale (`lhs_multiplier`/`lhs_shift`,
    `rhs_multiplier`/`rhs_shift`), the sum is rescaled to the output's
    (`output_multiplier`/`output_shift`) and offset by `output_zero_point`,
    then clamped to `[clamp_min, clamp_max]`. Each rescaling is a
    fixed-point multiply as `mini.qconv2d`'s.
  }];
  let arguments = (ins StaticShapeTensorOf<[I8]>:$lhs, StaticShapeTensorOf<[I8]>:$rhs,
                   I64Attr:$lhs_zero_point, I64Attr:$rhs_zero_point,
                   I64Attr:$output_zero_point,
                   I32Attr:$lhs_multiplier, I32Attr:$lhs_shift,
                   I32Attr:$rhs_multiplier, I32Attr:$rhs_shift,
                   I32Attr:$output_multiplier, I32Attr:$output_shift,
                   I64Attr:$clamp_min, I64Attr:$clamp_max);
  let results = (outs StaticShapeTensorOf<[I8]>:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Mini_QGlobalAvgPool2dOp : Mini_Op<"qglobal_avg_pool2d"> {
  let summary = "int8 global average pooling over H and W";
  let description = [{
    `GlobalAveragePool` on int8 NCHW tensors (what `mini-fuse-quantized-ops`
    makes of DequantizeLinear -> GlobalAveragePool -> QuantizeLinear, as
    TFLite's int8 Mean): the sum of `(input - input_zero_point)` over H and
    W in int32, times the fixed-point `multiplier` and `shift` of
    s_in / (H * W * s_out), plus `output_zero_point`, saturated to int8.
  }];
  let arguments = (ins Mini_Tensor4DOf<[I8]>:$input,
                   I64Attr:$input_zero_point, I64Attr:$output_zero_point,
                   I32Attr:$multiplier, I32Attr:$shift);
  let results = (outs Mini_Tensor4DOf<[I8]>:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // MINI_DIALECT_MINI_IR_MINIOPS_TD
