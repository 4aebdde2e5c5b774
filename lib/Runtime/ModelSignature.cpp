//===- ModelSignature.cpp - a model's inputs and outputs ------------------===//

#include "mini/Runtime/ModelSignature.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mini;

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The spec of an argument or result of `type` named `name`, whose
/// attributes `attrs` name its dynamic dimensions (and, for an argument,
/// bound them).
llvm::Expected<TensorSpec> getSpec(Type type, std::string name,
                                   DictionaryAttr attrs, bool isArgument) {
  // A ranked tensor, or a memref of the identity layout (a memref-level
  // module).
  auto ranked = dyn_cast<ShapedType>(type);
  if (auto memref = dyn_cast<MemRefType>(type);
      memref && !memref.getLayout().isIdentity())
    ranked = nullptr;
  if (ranked && !isa<RankedTensorType, MemRefType>(ranked))
    ranked = nullptr;
  std::optional<ElementType> elementType;
  if (ranked)
    elementType = getElementTypeOf(ranked.getElementType());
  std::string typeText;
  llvm::raw_string_ostream(typeText) << type;
  if (!ranked || !elementType)
    return makeError("'" + name +
                     "' must be a ranked tensor (or an identity-layout "
                     "memref) of f32, f64, f16, bf16, integers of 1, 8, 16, "
                     "32 or 64 bits, not " +
                     typeText);
  TensorSpec spec;
  spec.name = std::move(name);
  spec.shape.assign(ranked.getShape().begin(), ranked.getShape().end());
  spec.type = *elementType;
  // An i8 tensor of ONNX uint8 data (mini.uint8): callers pass and receive
  // uint8.
  if (attrs && attrs.get(MiniDialect::Uint8AttrHelper::getNameStr()) &&
      spec.type == ElementType::Int8)
    spec.type = ElementType::UInt8;
  if (ranked.hasStaticShape())
    return spec;
  auto params = attrs ? attrs.getAs<ArrayAttr>(
                            MiniDialect::DimParamsAttrHelper::getNameStr())
                      : ArrayAttr();
  auto bounds = attrs ? attrs.getAs<DenseI64ArrayAttr>(
                            MiniDialect::UpperBoundAttrHelper::getNameStr())
                      : nullptr;
  size_t rank = ranked.getShape().size();
  if (!params || params.size() != rank ||
      (isArgument && (!bounds || static_cast<size_t>(bounds.size()) != rank)))
    return makeError("'" + spec.name + "' of type " + typeText +
                     " has dynamic dimensions without " +
                     (isArgument ? "their names and bounds (mini.dim_params, "
                                   "mini.upper_bound; see mini-translate "
                                   "--onnx-dim-bound)"
                                 : "their names (mini.dim_params)"));
  for (auto [i, d] : llvm::enumerate(ranked.getShape())) {
    auto param = dyn_cast<StringAttr>(params[i]);
    bool dynamic = ShapedType::isDynamic(d);
    if (!param || (dynamic && param.getValue().empty()))
      return makeError("'" + spec.name + "': dimension " + llvm::Twine(i) +
                       " is dynamic but has no name");
    spec.dimParams.push_back(dynamic ? param.str() : std::string());
    if (isArgument) {
      int64_t bound = bounds[i];
      if (dynamic && bound <= 0)
        return makeError("'" + spec.name + "': dimension " + llvm::Twine(i) +
                         " has no positive upper bound");
      spec.upperBounds.push_back(dynamic ? bound : d);
      spec.shape[i] = dynamic ? bound : d;
    }
  }
  // Buffers are sized at the bounds until setInputShapes: their bytes must
  // fit in int64.
  int64_t bytes = getElementBytes(spec.type);
  for (int64_t d : spec.shape)
    if (d > 0 && llvm::MulOverflow(bytes, d, bytes))
      return makeError("'" + spec.name + "' of type " + typeText +
                       ": its upper bounds give more than 2^63 bytes");
  return spec;
}

/// Sizes the dynamic dimensions of `outputs` from the sizes of `inputs`'
/// dimensions of the same names.
llvm::Error resolveOutputShapes(ArrayRef<TensorSpec> inputs,
                                MutableArrayRef<TensorSpec> outputs) {
  llvm::StringMap<int64_t> sizes;
  for (const TensorSpec &input : inputs)
    for (auto [param, size] : llvm::zip(input.dimParams, input.shape)) {
      if (param.empty())
        continue;
      auto [it, inserted] = sizes.try_emplace(param, size);
      if (!inserted && it->second != size)
        return makeError("dimension '" + param + "' has two sizes, " +
                         llvm::Twine(it->second) + " and " + llvm::Twine(size));
    }
  for (TensorSpec &output : outputs)
    for (auto [i, param] : llvm::enumerate(output.dimParams)) {
      if (param.empty())
        continue;
      auto it = sizes.find(param);
      if (it == sizes.end())
        return makeError("output '" + output.name + "': dimension '" + param +
                         "' is no input's");
      output.shape[i] = it->second;
    }
  return llvm::Error::success();
}

/// Sets the index bound of each input that a `mini.gather` of `entry`
/// indexes with: the size of the smallest table it indexes.
void setIndexBounds(func::FuncOp entry, MutableArrayRef<TensorSpec> inputs) {
  entry.walk([&](GatherOp gather) {
    auto arg = dyn_cast<BlockArgument>(gather.getIndices());
    if (!arg || arg.getOwner()->getParentOp() != entry ||
        arg.getArgNumber() >= inputs.size())
      return;
    ArrayRef<int64_t> data = gather.getData().getType().getShape();
    int64_t axis = gather.getAxis();
    if (axis < 0)
      axis += data.size();
    if (axis < 0 || axis >= static_cast<int64_t>(data.size()) ||
        ShapedType::isDynamic(data[axis]))
      return;
    int64_t &bound = inputs[arg.getArgNumber()].indexBound;
    bound = bound ? std::min(bound, data[axis]) : data[axis];
  });
}

} // namespace

/// The runtime's element type of an MLIR element type: floats of 16, 32
/// and 64 bits, bf16, i1 as bool, signless and signed integers as signed,
/// unsigned ones as unsigned; nullopt for another type.
std::optional<ElementType> mini::getElementTypeOf(Type element) {
  if (element.isF32())
    return ElementType::Float32;
  if (element.isF64())
    return ElementType::Float64;
  if (element.isF16())
    return ElementType::Float16;
  if (element.isBF16())
    return ElementType::BFloat16;
  auto integer = dyn_cast<IntegerType>(element);
  if (!integer)
    return std::nullopt;
  bool isUnsigned = integer.isUnsigned();
  switch (integer.getWidth()) {
  case 1:
    return ElementType::Bool;
  case 8:
    return isUnsigned ? ElementType::UInt8 : ElementType::Int8;
  case 16:
    return isUnsigned ? ElementType::UInt16 : ElementType::Int16;
  case 32:
    return isUnsigned ? ElementType::UInt32 : ElementType::Int32;
  case 64:
    return isUnsigned ? ElementType::UInt64 : ElementType::Int64;
  default:
    return std::nullopt;
  }
}

int64_t TensorSpec::getNumElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

llvm::Expected<ModelSignature> ModelSignature::read(func::FuncOp entry) {
  ModelSignature signature;
  FunctionType type = entry.getFunctionType();
  for (auto [i, argType] : llvm::enumerate(type.getInputs())) {
    std::string name = "argument " + std::to_string(i);
    if (auto attr = entry.getArgAttrOfType<StringAttr>(
            i, MiniDialect::NameAttrHelper::getNameStr()))
      name = attr.str();
    llvm::Expected<TensorSpec> spec =
        getSpec(argType, name, entry.getArgAttrDict(i), /*isArgument=*/true);
    if (!spec)
      return spec.takeError();
    signature.inputs.push_back(std::move(*spec));
  }
  for (auto [i, resultType] : llvm::enumerate(type.getResults())) {
    llvm::Expected<TensorSpec> spec =
        getSpec(resultType, "result " + std::to_string(i),
                entry.getResultAttrDict(i), /*isArgument=*/false);
    if (!spec)
      return spec.takeError();
    signature.outputs.push_back(std::move(*spec));
  }
  if (llvm::Error error =
          resolveOutputShapes(signature.inputs, signature.outputs))
    return std::move(error);
  setIndexBounds(entry, signature.inputs);

  return std::move(signature);
}

llvm::Error
ModelSignature::setInputShapes(ArrayRef<llvm::SmallVector<int64_t>> shapes) {
  if (shapes.size() != inputs.size())
    return makeError("the model takes " + llvm::Twine(inputs.size()) +
                     " inputs, got " + llvm::Twine(shapes.size()) + " shapes");
  llvm::SmallVector<TensorSpec> newInputs(inputs);
  for (auto [spec, shape] : llvm::zip(newInputs, shapes)) {
    auto shapeText = [](ArrayRef<int64_t> s) {
      std::string text;
      llvm::raw_string_ostream os(text);
      llvm::interleave(s, os, "x");
      return text;
    };
    bool ok = shape.size() == spec.shape.size();
    for (size_t i = 0; ok && i < shape.size(); ++i)
      ok = spec.isDynamic() && !spec.dimParams[i].empty()
               ? shape[i] >= 1 && shape[i] <= spec.upperBounds[i]
               : shape[i] == spec.shape[i];
    if (!ok) {
      std::string want;
      llvm::raw_string_ostream os(want);
      for (size_t i = 0; i < spec.shape.size(); ++i) {
        os << (i ? "x" : "");
        if (spec.isDynamic() && !spec.dimParams[i].empty())
          os << spec.dimParams[i] << "<=" << spec.upperBounds[i];
        else
          os << spec.shape[i];
      }
      return makeError("input '" + spec.name + "' has shape " + want +
                       ", not " + shapeText(shape));
    }
    spec.shape.assign(shape.begin(), shape.end());
  }
  llvm::SmallVector<TensorSpec> newOutputs(outputs);
  if (llvm::Error error = resolveOutputShapes(newInputs, newOutputs))
    return error;
  inputs = std::move(newInputs);
  outputs = std::move(newOutputs);
  return llvm::Error::success();
}

llvm::SmallVector<DynamicDimension>
ModelSignature::getDynamicDimensions() const {
  llvm::SmallVector<DynamicDimension> dims;
  for (const TensorSpec &spec : inputs)
    for (auto [param, bound] : llvm::zip(spec.dimParams, spec.upperBounds)) {
      if (param.empty())
        continue;
      auto *it = llvm::find_if(
          dims, [&](const DynamicDimension &d) { return d.name == param; });
      if (it == dims.end())
        dims.push_back({param, bound});
      else
        it->bound = std::min(it->bound, bound);
    }
  return dims;
}

mlir::FailureOr<mlir::func::FuncOp>
mini::findModelEntry(mlir::ModuleOp module) {
  mlir::func::FuncOp entry;
  for (auto func : module.getOps<mlir::func::FuncOp>()) {
    if (func.isExternal() || func.isPrivate())
      continue;
    if (entry)
      return mlir::failure();
    entry = func;
  }
  if (!entry)
    return mlir::failure();
  return entry;
}
