//===- Signature.cpp - the imported function's signature
//--------------------===//
//
// The graph's inputs (those that are not initializers) and outputs as the
// arguments and results of `func.func @main`: their types, names and
// bounded dynamic dimensions (mini.name, mini.dim_params,
// mini.upper_bound).
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mini;
using namespace mini::onnx_import;

FloatType mini::onnx_import::getFloatType(OpBuilder &b,
                                          HostTensor::FloatFormat format) {
  switch (format) {
  case HostTensor::FloatFormat::F16:
    return b.getF16Type();
  case HostTensor::FloatFormat::BF16:
    return b.getBF16Type();
  case HostTensor::FloatFormat::F32:
    break;
  }
  return b.getF32Type();
}

Type mini::onnx_import::getElementType(OpBuilder &b, int64_t onnxType) {
  switch (onnxType) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::FLOAT16:
    return b.getF16Type();
  case onnx::TensorProto::BFLOAT16:
    return b.getBF16Type();
  case onnx::TensorProto::INT64:
    return b.getI64Type();
  case onnx::TensorProto::INT32:
    return b.getI32Type();
  case onnx::TensorProto::INT8:
    return b.getI8Type();
  case onnx::TensorProto::BOOL:
    return b.getI1Type();
  default:
    return {};
  }
}

FailureOr<RankedTensorType> Importer::convertType(const onnx::TypeProto &type,
                                                  StringRef name,
                                                  bool isOutput) {
  Type elementType;
  if (type.has_tensor_type())
    elementType = getElementType(builder, type.tensor_type().elem_type());
  // uint8 is held as int8 shifted by -128 (Importer::isUint8); a uint8
  // argument or result is marked mini.uint8 (buildSignature, run).
  if (type.has_tensor_type() &&
      type.tensor_type().elem_type() == onnx::TensorProto::UINT8)
    elementType = builder.getI8Type();
  if (!elementType)
    return emitError(fileLoc)
           << "graph value '" << name
           << "' must be a float, float16, bfloat16, int64, int32, int8, "
              "uint8 or bool tensor";
  SmallVector<int64_t> shape;
  for (const auto &dim : type.tensor_type().shape().dim()) {
    if (!dim.has_dim_value() && !isOutput &&
        options.dimBounds.count(dim.dim_param())) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    if (!dim.has_dim_value()) {
      // An output's shape is what its producer gives (exporters leave
      // symbolic dimensions where their own shape inference stops, as
      // torch.onnx does after Swin's shape arithmetic).
      if (isOutput) {
        shape.push_back(ShapedType::kDynamic);
        continue;
      }
      return emitError(fileLoc)
             << "graph value '" << name << "' has a dynamic dimension ('"
             << dim.dim_param() << "'); give its upper bound (--onnx-dim-bound="
             << (dim.dim_param().empty() ? "NAME" : dim.dim_param())
             << "=BOUND) or export it static";
    }
    if (dim.dim_value() <= 0)
      return emitError(fileLoc)
             << "graph value '" << name << "' has dimension " << dim.dim_value()
             << "; every dimension must be positive";
    shape.push_back(dim.dim_value());
  }
  // Its bytes (8 per element at most) must fit in an int64 index.
  SmallVector<int64_t> staticShape(llvm::make_filter_range(
      shape, [](int64_t d) { return !ShapedType::isDynamic(d); }));
  std::optional<int64_t> count = getCheckedElementCount(staticShape);
  int64_t bytes;
  if (!count || llvm::MulOverflow(*count, int64_t(8), bytes))
    return emitError(fileLoc)
           << "graph value '" << name << "' has more than 2^63 bytes";
  return RankedTensorType::get(shape, elementType);
}

FailureOr<func::FuncOp>
Importer::buildSignature(const onnx::GraphProto &graph) {
  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  SmallVector<const onnx::TypeProto *> argProtos;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (constants.count(input.name()))
      continue;
    FailureOr<RankedTensorType> type = convertType(input.type(), input.name());
    if (failed(type))
      return failure();
    argTypes.push_back(*type);
    argNames.push_back(input.name());
    argProtos.push_back(&input.type());
  }
  SmallVector<Type> resultTypes;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    FailureOr<RankedTensorType> type =
        convertType(output.type(), output.name(), /*isOutput=*/true);
    if (failed(type))
      return failure();
    resultTypes.push_back(*type);
  }

  auto func = func::FuncOp::create(
      builder, fileLoc, "main", builder.getFunctionType(argTypes, resultTypes));
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  for (auto [i, name] : llvm::enumerate(argNames)) {
    values[name] = entry->getArgument(i);
    func.setArgAttr(i, MiniDialect::NameAttrHelper::getNameStr(),
                    builder.getStringAttr(name));
    // uint8 data as the caller gives it, made shifted int8 first.
    if (argProtos[i]->tensor_type().elem_type() == onnx::TensorProto::UINT8) {
      func.setArgAttr(i, MiniDialect::Uint8AttrHelper::getNameStr(),
                      builder.getUnitAttr());
      values[name] = Uint8ShiftOp::create(
          builder, NameLoc::get(builder.getStringAttr(name), fileLoc),
          entry->getArgument(i));
      uint8Values.insert(name);
    }
    // A bounded dynamic dimension: its bound for the memory plan, its name
    // for whoever sizes the outputs.
    auto type = cast<RankedTensorType>(argTypes[i]);
    if (type.hasStaticShape())
      continue;
    SmallVector<int64_t> bounds;
    SmallVector<StringRef> params;
    for (auto [d, dim] : llvm::zip(type.getShape(),
                                   argProtos[i]->tensor_type().shape().dim())) {
      bool dynamic = ShapedType::isDynamic(d);
      bounds.push_back(dynamic ? options.dimBounds.at(dim.dim_param()) : d);
      params.push_back(dynamic ? StringRef(dim.dim_param()) : StringRef());
    }
    func.setArgAttr(i, MiniDialect::UpperBoundAttrHelper::getNameStr(),
                    builder.getDenseI64ArrayAttr(bounds));
    func.setArgAttr(i, MiniDialect::DimParamsAttrHelper::getNameStr(),
                    builder.getStrArrayAttr(params));
  }
  return func;
}
