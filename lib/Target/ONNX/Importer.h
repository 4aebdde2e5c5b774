//===- Importer.h - the ONNX importer's state and op table ------*- C++ -*-===//
//
// Internal to the MiniImportONNX library. The importer walks the graph in
// order; each node is looked up in the op table (OpTable.cpp, the one list
// of supported ONNX ops, with their opset ranges), folded on the host when
// every input is known (HostTensor, Folding.cpp), and otherwise imported by
// its family's function (ElementwiseOps, NNOps, ShapeOps, ReductionOps),
// as torch-mlir's TorchOnnxToTorch and onnx-mlir's frontend are laid out.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_LIB_TARGET_ONNX_IMPORTER_H
#define MINI_LIB_TARGET_ONNX_IMPORTER_H

#include "mini/Target/ONNX/ImportONNX.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <numeric>
#include <optional>
#include <vector>

namespace mini::onnx_import {

/// The most elements a tensor held on the host may have: initializers (the
/// weights of the largest zoo model have 2^27) and folded values. Past it,
/// or past int64, the import stops with an error instead of allocating.
inline constexpr int64_t kMaxHostElements = int64_t(1) << 31;
/// The most elements a folded subgraph may produce (ConstantOfShape, Range,
/// Expand, ...): folding is for small shape arithmetic and masks, not for
/// building tensors.
inline constexpr int64_t kMaxFoldedElements = int64_t(1) << 24;

/// A tensor known at import time: an initializer or a folded value. Float
/// tensors hold `floats`; integer (INT64, INT32, INT8, UINT8) and BOOL
/// tensors `ints`.
struct HostTensor {
  enum class Kind { Float, Int, Bool };
  llvm::SmallVector<int64_t> shape;
  Kind kind = Kind::Float;
  /// The width of an integer tensor's elements (ONNX int32 is 32): the
  /// constant it becomes keeps its type.
  unsigned intBits = 64;
  /// An ONNX uint8 tensor, held as int8 shifted by -128 (`ints` in [-128,
  /// 127]; see Importer::isUint8).
  bool uint8 = false;
  /// The format of a float tensor's elements (ONNX FLOAT, FLOAT16 or
  /// BFLOAT16): the constant it becomes has this type, and `push` rounds
  /// to it (a fold of half-precision values gives what the program would:
  /// each result computed in f32 and rounded once).
  enum class FloatFormat { F32, F16, BF16 };
  FloatFormat floatFormat = FloatFormat::F32;
  std::vector<float> floats;
  std::vector<int64_t> ints;

  bool isFloat() const { return kind == Kind::Float; }
  /// The element count; the shape was checked by checkElementCount.
  int64_t getNumElements() const {
    return std::accumulate(shape.begin(), shape.end(), int64_t(1),
                           std::multiplies<int64_t>());
  }
  double get(int64_t i) const { return isFloat() ? floats[i] : ints[i]; }
  /// Appends `value`, converted to this tensor's element kind.
  void push(double value);
  /// Appends element `i` of `other`, which has the same element kind.
  void pushFrom(const HostTensor &other, int64_t i);
  /// Gives this tensor the element type of `other`: its kind, integer
  /// width, uint8 mark and float format.
  void setElementTypeOf(const HostTensor &other);
  static HostTensor ofInts(llvm::ArrayRef<int64_t> shape,
                           std::vector<int64_t> values);
};

/// An integer tensor known at import up to run-time sizes: a shape computed
/// from a tensor with dynamic dimensions (torch.onnx writes Shape, Gather,
/// Unsqueeze, Concat and integer arithmetic for a dynamic sequence length).
/// Each element is a constant (an IntegerAttr) or an `index` Value computed
/// in the function from `tensor.dim`, as onnx-mlir's IndexExpr keeps shape
/// arithmetic symbolic (DynamicShapes.cpp).
struct SymbolicInts {
  llvm::SmallVector<int64_t> shape;
  llvm::SmallVector<mlir::OpFoldResult> elements;
};

/// Row-major strides of `shape`, in elements.
llvm::SmallVector<int64_t> getStrides(llvm::ArrayRef<int64_t> shape);
/// `x` with its dimensions permuted: dimension d of the result is dimension
/// perm[d] of `x` (`perm` a permutation of x's dimensions).
HostTensor transposeHostTensor(const HostTensor &x,
                               llvm::ArrayRef<int64_t> perm);
/// The element count of `shape`, or std::nullopt when a dimension is
/// negative or the product overflows int64.
std::optional<int64_t> getCheckedElementCount(llvm::ArrayRef<int64_t> shape);

/// `value` truncated to int64, saturating at its range (NaN gives 0): ONNX
/// leaves out-of-range float-to-integer results undefined, and a C++ cast of
/// one is undefined behavior (found by the importer's fuzz target).
inline int64_t toInt64(double value) {
  if (std::isnan(value))
    return 0;
  if (value >= 9223372036854775808.0)
    return INT64_MAX;
  if (value < -9223372036854775808.0)
    return INT64_MIN;
  return static_cast<int64_t>(value);
}
/// Checks that a tensor of `shape` has at most `limit` elements; the error,
/// at `loc`, names `what`.
mlir::LogicalResult checkElementCount(mlir::Location loc,
                                      llvm::ArrayRef<int64_t> shape,
                                      int64_t limit, const llvm::Twine &what);

/// The importer: the module being built, the values and host constants by
/// ONNX name, and the helpers the op functions share.
struct OpEntry;

class Importer {
public:
  Importer(mlir::MLIRContext *context, mlir::Location fileLoc,
           const ImportONNXOptions &options)
      : context(context), builder(context), fileLoc(fileLoc), options(options) {
  }

  mlir::OwningOpRef<mlir::ModuleOp> run(llvm::StringRef bytes);

  // Diagnostics: at the node's location, naming the node and its op.
  /// The node for messages: its name in quotes, or, when it has none, `#`
  /// and its index in the graph with its first output.
  std::string describeNode(const onnx::NodeProto &node) const;
  mlir::InFlightDiagnostic nodeError(const onnx::NodeProto &node,
                                     const llvm::Twine &message);

  // Attributes.
  const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                       llvm::StringRef name);
  int64_t getInt(const onnx::NodeProto &node, llvm::StringRef name,
                 int64_t dflt);
  float getFloat(const onnx::NodeProto &node, llvm::StringRef name, float dflt);
  std::string getString(const onnx::NodeProto &node, llvm::StringRef name,
                        llvm::StringRef dflt);
  std::optional<llvm::SmallVector<int64_t>> getInts(const onnx::NodeProto &node,
                                                    llvm::StringRef name);
  /// The `axis` attribute (default `dflt`) normalized into [0, rank).
  mlir::FailureOr<int64_t> getAxis(const onnx::NodeProto &node, int64_t rank,
                                   int64_t dflt = 0);
  /// The `perm` attribute of a Transpose of a rank-`rank` tensor, or the
  /// reversal of the dimensions (ONNX's default) when it is absent.
  llvm::SmallVector<int64_t> getPerm(const onnx::NodeProto &node, int64_t rank);
  /// Integer values from the attribute `name` or, when absent, from the
  /// constant input `index` (ONNX moved axes, splits, pads... from
  /// attributes to inputs over the opsets); std::nullopt when neither is
  /// given, an error when the input is not a constant integer tensor.
  mlir::FailureOr<std::optional<llvm::SmallVector<int64_t>>>
  getIntsFromAttrOrInput(const onnx::NodeProto &node, llvm::StringRef name,
                         int index);

  // Values.
  mlir::FailureOr<HostTensor> readTensor(const onnx::TensorProto &proto);
  /// The value of input `index`, materializing a host constant at first use.
  mlir::FailureOr<mlir::Value> getValue(const onnx::NodeProto &node, int index);
  /// As getValue, or a null Value when the optional input is absent.
  /// The inputs `indices` of `node` as values of one element type: an
  /// integer constant among them is materialized as f32 when another input
  /// is a float tensor (as exporters mix float activations with integer
  /// scalars); values are returned as they are otherwise (the op's verifier
  /// then names a mismatch).
  mlir::FailureOr<llvm::SmallVector<mlir::Value>>
  getOperandsOfOneType(const onnx::NodeProto &node,
                       llvm::ArrayRef<int> indices);
  /// The value defined for `name`, or null (no materialization).
  mlir::Value lookupValue(llvm::StringRef name) const {
    return values.lookup(name);
  }
  mlir::FailureOr<mlir::Value> getOptionalValue(const onnx::NodeProto &node,
                                                int index);
  /// As getValue for an f32 operand: an integer host constant is converted
  /// to f32 first (ONNX exporters write Pow(x, 2) with an int exponent).
  mlir::FailureOr<mlir::Value> getFloatValue(const onnx::NodeProto &node,
                                             int index);
  /// The host tensor of input `index`, or null when it is not known.
  const HostTensor *getConstant(const onnx::NodeProto &node, int index);
  /// Whether input `index` of `node` is an ONNX uint8 tensor. mini has no
  /// unsigned tensors: a uint8 tensor is held as int8 shifted by -128 (u -
  /// 128, its zero points likewise), which leaves every quantized value
  /// s (q - z) as it is, so that uint8 and int8 models run the same int8
  /// kernels. Only the ops whose OpEntry::uint8 says so take one.
  bool isUint8(const onnx::NodeProto &node, int index) const {
    return index < node.input_size() && uint8Values.contains(node.input(index));
  }
  /// Marks output `index` of `node` as a uint8 tensor (isUint8); an absent
  /// (unnamed) output is not marked.
  void markUint8(const onnx::NodeProto &node, int index = 0) {
    if (index < node.output_size() && !node.output(index).empty())
      uint8Values.insert(node.output(index));
  }
  /// The symbolic integer tensor of input `index`, or null when it is not
  /// one (DynamicShapes.cpp).
  const SymbolicInts *getSymbolic(const onnx::NodeProto &node, int index);
  /// Input `index` as a SymbolicInts: a symbolic one, or a constant integer
  /// tensor with constant elements; std::nullopt otherwise.
  std::optional<SymbolicInts> getIntsOrSymbolic(const onnx::NodeProto &node,
                                                int index);
  /// Defines output `index` of `node` as `ints`, or as a host constant when
  /// every element is constant.
  void defineSymbolic(const onnx::NodeProto &node, SymbolicInts ints,
                      int index = 0);
  /// The shape of input `index`, known or not.
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  getShapeOf(const onnx::NodeProto &node, int index);
  /// The tensor type of a graph input or output: float, int64, int32 or
  /// bool, positive dimensions, at most 2^63 bytes. Inputs must be static;
  /// an output's symbolic dimensions become dynamic ones, which the
  /// producer's static shape replaces.
  mlir::FailureOr<mlir::RankedTensorType>
  convertType(const onnx::TypeProto &type, llvm::StringRef name,
              bool isOutput = false);
  mlir::Value materialize(const std::string &name, const HostTensor &tensor);
  /// Defines output `index` of `node` as a host constant.
  void defineConstant(const onnx::NodeProto &node, HostTensor tensor,
                      int index = 0);
  /// Defines output `index` of `node` as `value`.
  void defineValue(const onnx::NodeProto &node, mlir::Value value,
                   int index = 0) {
    values[node.output(index)] = value;
  }
  /// Defines the node's output as an empty tensor, which mini has no type
  /// for: Concat drops it, any other reader is an error (getValue).
  void defineEmpty(const onnx::NodeProto &node) {
    emptyValues.insert(node.output(0));
  }
  /// Whether input `index` is an empty tensor (defineEmpty, or a host
  /// constant of no elements).
  bool isEmpty(const onnx::NodeProto &node, int index);

  // Ops.
  /// Sets `results` (one per ONNX output, in order) as the node's outputs,
  /// after checking their shapes against ONNX shape inference; an error at
  /// the node names both shapes.
  mlir::LogicalResult setResults(const onnx::NodeProto &node,
                                 mlir::ValueRange results);
  /// Creates `OpTy` from operands and attributes with the result types its
  /// own shape rules infer, then sets them as the node's outputs.
  template <typename OpTy>
  mlir::LogicalResult build(const onnx::NodeProto &node,
                            mlir::ValueRange operands,
                            llvm::ArrayRef<mlir::NamedAttribute> attrs = {});
  /// Creates `OpTy` with the given result types and verifies it.
  template <typename OpTy>
  mlir::LogicalResult
  buildTyped(const onnx::NodeProto &node, mlir::TypeRange types,
             mlir::ValueRange operands,
             llvm::ArrayRef<mlir::NamedAttribute> attrs = {});

  mlir::MLIRContext *context;
  mlir::OpBuilder builder;
  mlir::Location fileLoc;
  mlir::Location nodeLoc = fileLoc;
  ImportONNXOptions options;
  int64_t opset = 0;

private:
  /// Checks `model` before anything is built (GraphChecks.cpp): the opset,
  /// every node (checkNodeSupported), outputs listed once, the initializers'
  /// and constants' data (read into `constants`), libonnx's checker and
  /// shape inference (its static shapes kept in `onnxShapes`), and the names
  /// some node consumes. Errors are reported at the file.
  mlir::LogicalResult checkGraph(onnx::ModelProto &model);
  /// Creates `func.func @main` from the graph's inputs that are not
  /// initializers and its outputs, with the arguments' names and bounded
  /// dynamic dimensions, and binds the arguments to their names
  /// (Signature.cpp).
  mlir::FailureOr<mlir::func::FuncOp>
  buildSignature(const onnx::GraphProto &graph);
  /// Checks, before libonnx's shape inference sees it, that `node` is an op
  /// of the table at the model's opset (else says at which opsets it is),
  /// has only its schema's attributes, and positive strides, dilations,
  /// kernel_shape and group.
  mlir::LogicalResult checkNodeSupported(const onnx::NodeProto &node);
  mlir::LogicalResult importNode(const onnx::NodeProto &node);
  /// Refuses uint8 inputs the op does not take (OpEntry::uint8) and a
  /// PassesThrough op's mix of uint8 and int8 inputs.
  mlir::LogicalResult checkUint8Inputs(const onnx::NodeProto &node,
                                       const OpEntry &entry);
  /// Imports `node` by its entry: symbolically, folded or as mini ops.
  mlir::LogicalResult importNodeByEntry(const onnx::NodeProto &node,
                                        const OpEntry &entry);
  mlir::LogicalResult buildOp(const onnx::NodeProto &node,
                              mlir::OperationState &state, bool inferTypes);

  /// The graph being imported (for node indices in messages).
  const onnx::GraphProto *graph = nullptr;
  llvm::StringMap<mlir::Value> values;
  llvm::StringMap<HostTensor> constants;
  /// The names of uint8 tensors (isUint8).
  llvm::StringSet<> uint8Values;
  llvm::StringMap<SymbolicInts> symbolics;
  /// Static shapes ONNX shape inference found, by tensor name.
  llvm::StringMap<llvm::SmallVector<int64_t>> onnxShapes;
  /// Names some node reads or the graph returns: an output outside this
  /// set is dead, whatever its op (Dropout's mask, MaxPool's indices).
  llvm::StringSet<> consumedNames;
  /// Outputs defined by defineEmpty.
  llvm::StringSet<> emptyValues;
  std::optional<mlir::DenseResourceElementsHandle> elidedHandle;
};

template <typename OpTy>
mlir::LogicalResult
Importer::build(const onnx::NodeProto &node, mlir::ValueRange operands,
                llvm::ArrayRef<mlir::NamedAttribute> attrs) {
  mlir::OperationState state(nodeLoc, OpTy::getOperationName());
  state.addOperands(operands);
  state.addAttributes(attrs);
  return buildOp(node, state, /*inferTypes=*/true);
}

template <typename OpTy>
mlir::LogicalResult
Importer::buildTyped(const onnx::NodeProto &node, mlir::TypeRange types,
                     mlir::ValueRange operands,
                     llvm::ArrayRef<mlir::NamedAttribute> attrs) {
  mlir::OperationState state(nodeLoc, OpTy::getOperationName());
  state.addOperands(operands);
  state.addAttributes(attrs);
  state.addTypes(types);
  return buildOp(node, state, /*inferTypes=*/false);
}

//===----------------------------------------------------------------------===//
// The op table
//===----------------------------------------------------------------------===//

/// Folds a node whose inputs are all known on the host (`inputs[i]` is null
/// for an absent optional input) into its first output; failure() after a
/// diagnostic.
using FoldFn = mlir::FailureOr<HostTensor> (*)(
    Importer &, const onnx::NodeProto &, llvm::ArrayRef<const HostTensor *>);
/// Imports a node as mini ops (or defines its outputs otherwise).
using ImportFn = mlir::LogicalResult (*)(Importer &, const onnx::NodeProto &);

/// How an op takes uint8 tensors, held as int8 shifted by -128
/// (Importer::isUint8).
enum class Uint8Use {
  /// A uint8 input is an error naming the node.
  Refused,
  /// The op's import reads the zero points' types and marks its outputs
  /// (QuantizeLinear, DequantizeLinear, QLinearConv, QLinearMatMul,
  /// ConvInteger, MatMulInteger).
  Quantized,
  /// The op moves or selects elements and keeps their order (MaxPool,
  /// Reshape, Concat, ...): the shift passes through, and its output is
  /// uint8 when its first input is; every data input must then be uint8.
  PassesThrough,
};

/// One supported ONNX op (default domain) for the opsets
/// [minOpset, maxOpset]: `fold` runs when every input is a host constant,
/// `import` otherwise; either may be null (a folding-only op then needs
/// constant inputs; an op without folder always imports).
struct OpEntry {
  llvm::StringLiteral name;
  int64_t minOpset;
  int64_t maxOpset;
  FoldFn fold;
  ImportFn import;
  /// Imports the node when one of its inputs is a symbolic integer tensor
  /// (shape arithmetic on dynamic sizes, DynamicShapes.cpp); null: such an
  /// input is an error naming the node.
  ImportFn symbolic = nullptr;
  /// Whether the node may define more than its first output (Split).
  bool multipleOutputs = false;
  /// What the op does with uint8 inputs (Importer::isUint8).
  Uint8Use uint8 = Uint8Use::Refused;
};

/// The op table, sorted by name.
llvm::ArrayRef<OpEntry> getOpTable();
/// The entry for `name` at `opset`, or null.
const OpEntry *lookupOp(llvm::StringRef name, int64_t opset);

// Family functions, in the files named after their family.
#define MINI_ONNX_IMPORT(NAME)                                                 \
  mlir::LogicalResult NAME(Importer &, const onnx::NodeProto &);
#define MINI_ONNX_FOLD(NAME)                                                   \
  mlir::FailureOr<HostTensor> NAME(Importer &, const onnx::NodeProto &,        \
                                   llvm::ArrayRef<const HostTensor *>);
// ElementwiseOps.cpp
MINI_ONNX_IMPORT(importIdentity)
MINI_ONNX_IMPORT(importDropout)
MINI_ONNX_FOLD(foldDropout)
MINI_ONNX_IMPORT(importHardSigmoid)
MINI_ONNX_IMPORT(importIsNaN)
MINI_ONNX_IMPORT(importIsInf)
MINI_ONNX_IMPORT(importClip)
MINI_ONNX_IMPORT(importGelu)
MINI_ONNX_IMPORT(importWhere)
MINI_ONNX_IMPORT(importCast)
MINI_ONNX_IMPORT(importCastLike)
MINI_ONNX_IMPORT(importDepthToSpace)
MINI_ONNX_IMPORT(importSpaceToDepth)
// NNOps.cpp
MINI_ONNX_IMPORT(importConv)
MINI_ONNX_IMPORT(importPool)
MINI_ONNX_IMPORT(importGlobalAveragePool)
MINI_ONNX_IMPORT(importGemm)
MINI_ONNX_IMPORT(importMatMul)
MINI_ONNX_IMPORT(importBatchNormalization)
MINI_ONNX_IMPORT(importLayerNormalization)
MINI_ONNX_IMPORT(importResize)
MINI_ONNX_IMPORT(importQLinearConv)
MINI_ONNX_IMPORT(importQLinearMatMul)
MINI_ONNX_IMPORT(importConvInteger)
MINI_ONNX_IMPORT(importMatMulInteger)
// QuantizationOps.cpp
/// Checks the scale at input `index` of `node` when it is a host constant
/// (a float scalar or 1-D tensor of positive finite values); with
/// `required`, it must be one.
mlir::LogicalResult checkScale(Importer &im, const onnx::NodeProto &node,
                               int index, bool required);
/// Input `index` of `node`, a scale or a zero point: a constant of one
/// element in a 1-D tensor (QLinearMatMul's per-tensor form) as a scalar.
mlir::FailureOr<mlir::Value>
getQuantizationParameter(Importer &im, const onnx::NodeProto &node, int index);
MINI_ONNX_FOLD(foldQuantizeLinear)
MINI_ONNX_IMPORT(importQuantizeLinear)
MINI_ONNX_IMPORT(importDequantizeLinear)
MINI_ONNX_IMPORT(importDynamicQuantizeLinear)
// ReductionOps.cpp
MINI_ONNX_IMPORT(importTrilu)
// ShapeOps.cpp
MINI_ONNX_IMPORT(importShape)
MINI_ONNX_IMPORT(importSize)
MINI_ONNX_IMPORT(importFlatten)
MINI_ONNX_IMPORT(importReshape)
MINI_ONNX_IMPORT(importSqueeze)
MINI_ONNX_IMPORT(importTranspose)
MINI_ONNX_IMPORT(importConcat)
MINI_ONNX_IMPORT(importPad)
MINI_ONNX_IMPORT(importSlice)
MINI_ONNX_IMPORT(importSplit)
MINI_ONNX_IMPORT(importGather)
MINI_ONNX_IMPORT(importGatherElements)
MINI_ONNX_IMPORT(importExpand)
/// The shape of an Unsqueeze or Squeeze of a tensor of `inShape`, with its
/// axes from the attribute or the constant input (ShapeOps.cpp); an error
/// for axes missing (Unsqueeze), not constant, out of range or repeated, or
/// a squeezed dimension not statically 1.
mlir::FailureOr<llvm::SmallVector<int64_t>>
getSqueezeUnsqueezeShape(Importer &im, const onnx::NodeProto &node,
                         llvm::ArrayRef<int64_t> inShape);
// DynamicShapes.cpp
/// Reshape, and Unsqueeze or Squeeze, of a tensor with dynamic dimensions
/// (what importReshape and importSqueeze do with one).
MINI_ONNX_IMPORT(importDynamicReshape)
MINI_ONNX_IMPORT(importDynamicSqueeze)
// Folding.cpp
MINI_ONNX_FOLD(foldConstant)
MINI_ONNX_FOLD(foldIdentity)
MINI_ONNX_FOLD(foldCast)
MINI_ONNX_FOLD(foldWhere)
MINI_ONNX_FOLD(foldConcat)
MINI_ONNX_FOLD(foldGather)
MINI_ONNX_FOLD(foldConstantOfShape)
MINI_ONNX_FOLD(foldRange)
MINI_ONNX_FOLD(foldSlice)
MINI_ONNX_FOLD(foldExpand)
MINI_ONNX_FOLD(foldTranspose)
MINI_ONNX_FOLD(foldScatterND)

/// The mini element type of an ONNX data type (TensorProto::DataType): f32,
/// f16, bf16, i64, i32, i8 or i1 for FLOAT, FLOAT16, BFLOAT16, INT64,
/// INT32, INT8 and BOOL; null for the others, which the callers report
/// (Signature.cpp).
mlir::Type getElementType(mlir::OpBuilder &b, int64_t onnxType);
/// The float type of a host tensor's format: f32, f16 or bf16.
mlir::FloatType getFloatType(mlir::OpBuilder &b,
                             HostTensor::FloatFormat format);

/// The binary elementwise folds and the shape arithmetic on dynamic sizes,
/// each bound to its op in the table (OpTable.cpp).
enum class BinaryFn {
  Add,
  Sub,
  Mul,
  Div,
  Pow,
  Mod,
  Equal,
  Less,
  Greater,
  LessOrEqual,
  GreaterOrEqual,
  And,
  Or,
  Xor
};
/// The unary elementwise folds.
enum class UnaryFn {
  Relu,
  Sigmoid,
  Sqrt,
  Exp,
  Log,
  Erf,
  Tanh,
  Neg,
  Reciprocal,
  HardSwish,
  Not,
  Sin,
  Cos,
  Tan,
  Asin,
  Acos,
  Atan,
  Sinh,
  Cosh,
  Asinh,
  Acosh,
  Atanh,
  Ceil,
  Floor,
  Round,
  Abs,
  Sign,
  Softplus,
  Softsign
};

/// Applies `fn` elementwise to `inputs` broadcast together (NumPy rules)
/// into a tensor of `kind` (Folding.cpp); an error when the shapes do not
/// broadcast or the result is larger than kMaxFoldedElements.
mlir::FailureOr<HostTensor>
mapBroadcast(Importer &im, const onnx::NodeProto &node,
             llvm::ArrayRef<const HostTensor *> inputs, HostTensor::Kind kind,
             llvm::function_ref<double(llvm::ArrayRef<double>)> fn);

/// The integer arithmetic `Fn` (Add, Sub, Mul or Div) of two tensors known
/// at import up to dynamic sizes (DynamicShapes.cpp).
template <BinaryFn Fn>
mlir::LogicalResult importShapeArithmetic(Importer &im,
                                          const onnx::NodeProto &node);

// The symbolic forms of the ops that carry shapes with dynamic sizes
// (DynamicShapes.cpp): Gather and Concat of 1-D shapes, Identity and Cast
// to an integer type, Unsqueeze and Squeeze, Slice (of a shape, or of a
// tensor to a dynamic size), Reshape to a shape with dynamic sizes.
MINI_ONNX_IMPORT(importGatherSymbolic)
MINI_ONNX_IMPORT(importConcatSymbolic)
MINI_ONNX_IMPORT(importIdentitySymbolic)
MINI_ONNX_IMPORT(importCastSymbolic)
MINI_ONNX_IMPORT(importSqueezeSymbolic)
MINI_ONNX_IMPORT(importSliceWithSymbolic)
MINI_ONNX_IMPORT(importReshapeSymbolic)
#undef MINI_ONNX_IMPORT
#undef MINI_ONNX_FOLD

/// Imports the binary elementwise op or comparison `OpTy` (operands
/// converted to f32 where the other operand is a float, mini's element
/// types otherwise).
template <typename OpTy>
mlir::LogicalResult importBinary(Importer &im, const onnx::NodeProto &node) {
  mlir::FailureOr<llvm::SmallVector<mlir::Value>> operands =
      im.getOperandsOfOneType(node, {0, 1});
  if (mlir::failed(operands))
    return mlir::failure();
  return im.build<OpTy>(node, *operands);
}

/// An activation `OpTy` of float parameters named as ONNX names them
/// (alpha, gamma, bias, lambd): each the node's attribute when it has one,
/// else the op's default, which is ONNX's.
template <typename OpTy>
mlir::LogicalResult importActivation(Importer &im,
                                     const onnx::NodeProto &node) {
  mlir::FailureOr<mlir::Value> x = im.getValue(node, 0);
  if (mlir::failed(x))
    return mlir::failure();
  llvm::SmallVector<mlir::NamedAttribute> attrs;
  for (llvm::StringRef name : OpTy::getAttributeNames())
    if (im.findAttr(node, name))
      attrs.push_back(im.builder.getNamedAttr(
          name, im.builder.getF32FloatAttr(im.getFloat(node, name, 0))));
  return im.buildTyped<OpTy>(node, x->getType(), *x, attrs);
}

/// A reduction node's attributes for input `x` (ReductionOps.cpp): `axes`
/// from the attribute or, from ReduceSum-13 and opset 18 on, the constant
/// input (all axes when none), and `keepdims`; none when the node is the
/// identity (`noop_with_empty_axes` without axes), whose output is then
/// defined as `x`.
mlir::FailureOr<std::optional<llvm::SmallVector<mlir::NamedAttribute>>>
getReductionAttrs(Importer &im, const onnx::NodeProto &node, mlir::Value x);

/// Imports the reduction `OpTy` (ReduceMean, ReduceSum, ...).
template <typename OpTy>
mlir::LogicalResult importReduce(Importer &im, const onnx::NodeProto &node) {
  mlir::FailureOr<mlir::Value> x = im.getValue(node, 0);
  if (mlir::failed(x))
    return mlir::failure();
  auto attrs = getReductionAttrs(im, node, *x);
  if (mlir::failed(attrs))
    return mlir::failure();
  if (!*attrs)
    return mlir::success();
  return im.build<OpTy>(node, *x, **attrs);
}

/// ArgMax's and ArgMin's attributes: axis, keepdims, select_last_index.
llvm::SmallVector<mlir::NamedAttribute>
getArgReductionAttrs(Importer &im, const onnx::NodeProto &node);

/// Imports ArgMax or ArgMin as `OpTy`.
template <typename OpTy>
mlir::LogicalResult importArgReduce(Importer &im, const onnx::NodeProto &node) {
  mlir::FailureOr<mlir::Value> x = im.getValue(node, 0);
  if (mlir::failed(x))
    return mlir::failure();
  return im.build<OpTy>(node, *x, getArgReductionAttrs(im, node));
}

/// The `axis` of Softmax, LogSoftmax or Hardmax on `x`: the default -1
/// (1 before opset 13, when these ops flattened their input at the axis,
/// which is taken only when it is the last); an error out of range.
mlir::FailureOr<mlir::NamedAttribute>
getSoftmaxAxisAttr(Importer &im, const onnx::NodeProto &node, mlir::Value x);

/// Imports Softmax, LogSoftmax or Hardmax as `OpTy`.
template <typename OpTy>
mlir::LogicalResult importSoftmax(Importer &im, const onnx::NodeProto &node) {
  mlir::FailureOr<mlir::Value> x = im.getValue(node, 0);
  if (mlir::failed(x))
    return mlir::failure();
  mlir::FailureOr<mlir::NamedAttribute> axis = getSoftmaxAxisAttr(im, node, *x);
  if (mlir::failed(axis))
    return mlir::failure();
  return im.buildTyped<OpTy>(node, x->getType(), *x, {*axis});
}

/// Imports the variadic elementwise op `OpTy` of all the node's inputs.
template <typename OpTy>
mlir::LogicalResult importVariadic(Importer &im, const onnx::NodeProto &node) {
  llvm::SmallVector<int> indices;
  for (int i = 0; i < node.input_size(); ++i)
    indices.push_back(i);
  mlir::FailureOr<llvm::SmallVector<mlir::Value>> operands =
      im.getOperandsOfOneType(node, indices);
  if (mlir::failed(operands))
    return mlir::failure();
  return im.build<OpTy>(node, *operands);
}

/// Imports the unary elementwise op `OpTy`, whose result has its input's
/// type.
template <typename OpTy>
mlir::LogicalResult importUnary(Importer &im, const onnx::NodeProto &node) {
  mlir::FailureOr<mlir::Value> x = im.getValue(node, 0);
  if (mlir::failed(x))
    return mlir::failure();
  return im.buildTyped<OpTy>(node, x->getType(), *x);
}

} // namespace mini::onnx_import

#endif // MINI_LIB_TARGET_ONNX_IMPORTER_H
