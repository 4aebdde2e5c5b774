//===- Importer.cpp - ONNX model to mini dialect --------------------------===//
//
// The import's driver: the model is checked (GraphChecks.cpp), its
// signature built (Signature.cpp), then each node looked up in the op table
// (OpTable.cpp), folded on the host when its inputs are known
// (HostTensor.cpp, Folding.cpp), and otherwise imported by its entry's
// function; the values by ONNX name and the ops' construction live here.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mini/Analysis/ArgumentBounds.h"
#include "mini/Dialect/Mini/IR/MiniOps.h"
#include "mini/Dialect/Mini/Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/SourceMgr.h"

#include <cmath>

using namespace mlir;
using namespace mini;
using namespace mini::onnx_import;

//===----------------------------------------------------------------------===//
// Tensors and values
//===----------------------------------------------------------------------===//

Value Importer::materialize(const std::string &name, const HostTensor &tensor) {
  Type elementType = getFloatType(builder, tensor.floatFormat);
  if (tensor.kind == HostTensor::Kind::Bool)
    elementType = builder.getI1Type();
  else if (tensor.kind == HostTensor::Kind::Int)
    elementType = builder.getIntegerType(tensor.intBits);
  auto type = RankedTensorType::get(tensor.shape, elementType);
  ElementsAttr value;
  // Scalars stay: the fusions (mini-fuse-decomposed-ops) read their values.
  if (options.elideWeights && tensor.isFloat() && tensor.getNumElements() > 1) {
    if (!elidedHandle) {
      auto &manager = DenseResourceElementsHandle::getManagerInterface(context);
      elidedHandle = manager.insert("__elided__");
    }
    value = DenseResourceElementsAttr::get(type, *elidedHandle);
  } else if (tensor.isFloat() &&
             tensor.floatFormat == HostTensor::FloatFormat::F32) {
    value = DenseElementsAttr::get(type, ArrayRef<float>(tensor.floats));
  } else if (tensor.isFloat()) {
    // Half precision: each float was rounded to the format (push, readTensor),
    // so the conversion is exact.
    const llvm::fltSemantics &semantics =
        cast<FloatType>(elementType).getFloatSemantics();
    SmallVector<APFloat> halves;
    halves.reserve(tensor.floats.size());
    for (float f : tensor.floats) {
      APFloat v(f);
      bool lost;
      v.convert(semantics, APFloat::rmNearestTiesToEven, &lost);
      halves.push_back(v);
    }
    value = DenseElementsAttr::get(type, halves);
  } else if (tensor.kind == HostTensor::Kind::Bool) {
    SmallVector<bool> bits(tensor.ints.begin(), tensor.ints.end());
    value = DenseElementsAttr::get(type, ArrayRef<bool>(bits));
  } else if (tensor.intBits == 8) {
    SmallVector<int8_t> narrow(tensor.ints.begin(), tensor.ints.end());
    value = DenseElementsAttr::get(type, ArrayRef<int8_t>(narrow));
  } else if (tensor.intBits == 32) {
    SmallVector<int32_t> narrow(tensor.ints.begin(), tensor.ints.end());
    value = DenseElementsAttr::get(type, ArrayRef<int32_t>(narrow));
  } else {
    value = DenseElementsAttr::get(type, ArrayRef<int64_t>(tensor.ints));
  }
  Location loc = NameLoc::get(builder.getStringAttr(name), fileLoc);
  Value result = ConstantOp::create(builder, loc, value);
  values[name] = result;
  return result;
}

void Importer::defineConstant(const onnx::NodeProto &node, HostTensor tensor,
                              int index) {
  if (tensor.uint8)
    markUint8(node, index);
  constants[node.output(index)] = std::move(tensor);
}

bool Importer::isEmpty(const onnx::NodeProto &node, int index) {
  if (index >= node.input_size() || node.input(index).empty())
    return false;
  if (emptyValues.contains(node.input(index)))
    return true;
  const HostTensor *c = getConstant(node, index);
  return c && c->getNumElements() == 0;
}

FailureOr<Value> Importer::getValue(const onnx::NodeProto &node, int index) {
  if (index >= node.input_size() || node.input(index).empty())
    return nodeError(node, "input " + Twine(index) + " is missing");
  const std::string &name = node.input(index);
  if (isEmpty(node, index))
    return nodeError(node, "input '" + name +
                               "' is an empty tensor; mini has no "
                               "zero-sized tensors (only Concat drops them)");
  if (Value v = values.lookup(name))
    return v;
  auto it = constants.find(name);
  if (it == constants.end())
    return nodeError(node, "input '" + name + "' is not defined before use");
  return materialize(name, it->second);
}

FailureOr<Value> Importer::getFloatValue(const onnx::NodeProto &node,
                                         int index) {
  const HostTensor *c = getConstant(node, index);
  if (!c || c->isFloat() || values.lookup(node.input(index)))
    return getValue(node, index);
  std::string name = node.input(index) + ".f32";
  if (Value v = values.lookup(name))
    return v;
  HostTensor converted;
  converted.shape = c->shape;
  for (int64_t v : c->ints)
    converted.floats.push_back(static_cast<float>(v));
  return materialize(name, converted);
}

FailureOr<SmallVector<Value>>
Importer::getOperandsOfOneType(const onnx::NodeProto &node,
                               ArrayRef<int> indices) {
  bool anyFloat = false;
  for (int i : indices) {
    if (i >= node.input_size() || node.input(i).empty())
      continue;
    if (Value v = values.lookup(node.input(i)))
      anyFloat |= isa<FloatType>(getElementTypeOrSelf(v.getType()));
    else if (const HostTensor *c = getConstant(node, i))
      anyFloat |= c->isFloat();
  }
  SmallVector<Value> operands;
  for (int i : indices) {
    FailureOr<Value> v = anyFloat ? getFloatValue(node, i) : getValue(node, i);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  return operands;
}

FailureOr<Value> Importer::getOptionalValue(const onnx::NodeProto &node,
                                            int index) {
  if (index >= node.input_size() || node.input(index).empty())
    return Value();
  return getValue(node, index);
}

const HostTensor *Importer::getConstant(const onnx::NodeProto &node,
                                        int index) {
  if (index >= node.input_size() || node.input(index).empty())
    return nullptr;
  auto it = constants.find(node.input(index));
  return it == constants.end() ? nullptr : &it->second;
}

FailureOr<SmallVector<int64_t>>
Importer::getShapeOf(const onnx::NodeProto &node, int index) {
  if (const HostTensor *c = getConstant(node, index))
    return c->shape;
  FailureOr<Value> v = getValue(node, index);
  if (failed(v))
    return failure();
  return SmallVector<int64_t>(cast<RankedTensorType>(v->getType()).getShape());
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

LogicalResult Importer::setResults(const onnx::NodeProto &node,
                                   ValueRange results) {
  for (auto [i, result] : llvm::enumerate(results)) {
    const std::string &name = node.output(i);
    auto it = onnxShapes.find(name);
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(result.getType()).getShape();
    // A dynamic dimension matches any size ONNX found for it.
    auto matches = [&](ArrayRef<int64_t> onnxShape) {
      return onnxShape.size() == shape.size() &&
             llvm::all_of(llvm::zip(onnxShape, shape), [](auto pair) {
               auto [o, m] = pair;
               return o == m || ShapedType::isDynamic(m);
             });
    };
    if (it != onnxShapes.end() && !matches(it->second)) {
      InFlightDiagnostic diag = emitError(nodeLoc);
      diag << "ONNX node " << describeNode(node) << " (" << node.op_type()
           << "): mini infers shape [" << shape
           << "] but ONNX shape inference gives [" << it->second << "]";
      return failure();
    }
    values[name] = result;
  }
  return success();
}

LogicalResult Importer::buildOp(const onnx::NodeProto &node,
                                OperationState &state, bool inferTypes) {
  // To infer, create the op with placeholder results (one per ONNX output)
  // so that its attributes become properties, then infer the real types
  // from the op's own shape rules, which report errors at the node.
  if (inferTypes)
    state.addTypes(
        SmallVector<Type>(std::max(1, node.output_size()),
                          RankedTensorType::get({}, builder.getF32Type())));
  Operation *op = builder.create(state);
  if (!op->hasTrait<traits::DynamicDims>())
    for (Value operand : op->getOperands())
      if (!cast<ShapedType>(operand.getType()).hasStaticShape()) {
        InFlightDiagnostic diag = nodeError(
            node, "an input has a dynamic dimension, which '" +
                      op->getName().getStringRef() + "' does not take");
        op->erase();
        return diag;
      }
  // The op's own diagnostics (type inference, verifier) name the op in
  // mini's terms; they are taken and reported at the node instead, without
  // the verifier's dump of the op.
  std::string reason;
  LogicalResult checked = success();
  {
    ScopedDiagnosticHandler capture(context, [&](Diagnostic &diag) {
      if (diag.getSeverity() == DiagnosticSeverity::Error && reason.empty())
        reason = diag.str();
      return success();
    });
    if (inferTypes) {
      auto iface = dyn_cast<InferTypeOpInterface>(op);
      SmallVector<Type> types;
      if (!iface ||
          failed(iface.inferReturnTypes(
              context, nodeLoc, op->getOperands(), op->getRawDictionaryAttrs(),
              op->getPropertiesStorage(), op->getRegions(), types)) ||
          types.size() != op->getNumResults())
        checked = failure();
      else
        for (auto [result, type] : llvm::zip(op->getResults(), types))
          result.setType(type);
    }
    if (succeeded(checked))
      checked = verify(op);
  }
  if (failed(checked)) {
    op->erase();
    return nodeError(node, reason.empty()
                               ? "mini cannot take these operands or "
                                 "attributes"
                               : "mini cannot take it: " + reason);
  }
  return setResults(node, op->getResults());
}

LogicalResult Importer::importNode(const onnx::NodeProto &node) {
  const OpEntry *entry = lookupOp(node.op_type(), opset);
  if (!entry)
    return nodeError(node, "unsupported ONNX op '" + node.op_type() +
                               "' at opset " + Twine(opset));
  if (!entry->multipleOutputs)
    for (int i = 1; i < node.output_size(); ++i)
      if (!node.output(i).empty() && consumedNames.contains(node.output(i)))
        return nodeError(node, "output " + Twine(i) + " ('" + node.output(i) +
                                   "') is not supported");

  if (failed(checkUint8Inputs(node, *entry)))
    return failure();
  if (entry->uint8 == Uint8Use::PassesThrough && isUint8(node, 0)) {
    if (failed(importNodeByEntry(node, *entry)))
      return failure();
    markUint8(node);
    return success();
  }
  return importNodeByEntry(node, *entry);
}

LogicalResult Importer::checkUint8Inputs(const onnx::NodeProto &node,
                                         const OpEntry &entry) {
  int first = -1;
  for (int i = 0; i < node.input_size() && first < 0; ++i)
    if (isUint8(node, i))
      first = i;
  if (first < 0 || entry.uint8 == Uint8Use::Quantized)
    return success();
  if (entry.uint8 == Uint8Use::Refused) {
    // The ops that take uint8, from the op table.
    std::string quantized, passing;
    for (const OpEntry &other : getOpTable()) {
      std::string &list =
          other.uint8 == Uint8Use::Quantized ? quantized : passing;
      if (other.uint8 != Uint8Use::Refused)
        list += (list.empty() ? "" : ", ") + other.name.str();
    }
    return nodeError(node, "reads the uint8 tensor '" + node.input(first) +
                               "': mini takes uint8 tensors only as quantized "
                               "data (" +
                               quantized +
                               ") and through ops that move them (" + passing +
                               ")");
  }
  // An op passing the shift through: every 8-bit input must be uint8.
  auto isEightBit = [&](int i) {
    if (const HostTensor *c = getConstant(node, i))
      return c->kind == HostTensor::Kind::Int && c->intBits == 8;
    Value v = lookupValue(node.input(i));
    return v && getElementTypeOrSelf(v.getType()).isInteger(8);
  };
  for (int i = 0; i < node.input_size(); ++i)
    if (!node.input(i).empty() && isEightBit(i) && !isUint8(node, i))
      return nodeError(node, "mixes uint8 and int8 inputs ('" +
                                 node.input(first) + "' and '" + node.input(i) +
                                 "')");
  return success();
}

LogicalResult Importer::importNodeByEntry(const onnx::NodeProto &node,
                                          const OpEntry &entry) {
  // Shape arithmetic on dynamic sizes, and the ops taking its results.
  for (int i = 0; i < node.input_size(); ++i)
    if (getSymbolic(node, i)) {
      if (!entry.symbolic)
        return nodeError(node, "an input depends on a dynamic dimension, "
                               "which this op does not take (shape "
                               "arithmetic, Reshape and Slice do)");
      return entry.symbolic(*this, node);
    }

  // Fold when every input is known on the host.
  if (entry.fold) {
    SmallVector<const HostTensor *> inputs;
    bool known = true;
    for (int i = 0; i < node.input_size() && known; ++i) {
      if (node.input(i).empty()) {
        inputs.push_back(nullptr);
        continue;
      }
      inputs.push_back(getConstant(node, i));
      known = inputs.back() != nullptr;
    }
    if (known) {
      FailureOr<HostTensor> folded = entry.fold(*this, node, inputs);
      if (failed(folded))
        return failure();
      defineConstant(node, std::move(*folded));
      return success();
    }
  }
  if (!entry.import)
    return nodeError(node, "is folded at import and needs inputs known at "
                           "import time (constants or shapes), not values "
                           "computed from the graph inputs");
  return entry.import(*this, node);
}

//===----------------------------------------------------------------------===//
// Model
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> Importer::run(StringRef bytes) {
  onnx::ModelProto model;
  if (bytes.size() > static_cast<size_t>(INT32_MAX) ||
      !model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    emitError(fileLoc) << "not a valid ONNX model: the protobuf message is "
                          "malformed or truncated";
    return nullptr;
  }
  if (!model.has_graph()) {
    emitError(fileLoc) << "not a valid ONNX model: it has no graph";
    return nullptr;
  }
  if (failed(checkGraph(model)))
    return nullptr;
  const onnx::GraphProto &graph = model.graph();

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  FailureOr<func::FuncOp> func = buildSignature(graph);
  if (failed(func))
    return nullptr;
  Block *entry = &func->getBody().front();
  SmallVector<Type> argTypes(func->getArgumentTypes());
  SmallVector<Type> resultTypes(func->getResultTypes());
  builder.setInsertionPointToEnd(entry);

  for (const onnx::NodeProto &node : graph.node()) {
    // The location names the tensor the node produces (buffers are named
    // after it), inside the file; messages name the node.
    std::string outputName = node.output_size() ? node.output(0) : node.name();
    nodeLoc = NameLoc::get(builder.getStringAttr(outputName), fileLoc);
    if (failed(importNode(node)))
      return nullptr;
  }

  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    Value v = values.lookup(output.name());
    if (!v && constants.count(output.name()))
      v = materialize(output.name(), constants[output.name()]);
    if (!v) {
      emitError(fileLoc) << "graph output '" << output.name()
                         << "' is not produced by any node";
      return nullptr;
    }
    // uint8 data (shifted int8 inside) as the caller reads it (ONNX's type
    // inference has checked that the producer gives uint8).
    if (output.type().tensor_type().elem_type() == onnx::TensorProto::UINT8)
      v = Uint8ShiftOp::create(
          builder, NameLoc::get(builder.getStringAttr(output.name()), fileLoc),
          v);
    results.push_back(v);
  }
  for (auto [v, type] : llvm::zip(results, resultTypes))
    if (failed(verifyCompatibleShape(v.getType(), type)) ||
        getElementTypeOrSelf(v.getType()) != getElementTypeOrSelf(type)) {
      emitError(fileLoc) << "graph output has type " << v.getType()
                         << " but the model declares " << type;
      return nullptr;
    }
  // The declared types' dynamic dimensions are the producers' static ones.
  func->setFunctionType(
      builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  for (auto [i, output] : llvm::enumerate(graph.output())) {
    if (output.type().tensor_type().elem_type() == onnx::TensorProto::UINT8)
      func->setResultAttr(i, MiniDialect::Uint8AttrHelper::getNameStr(),
                          builder.getUnitAttr());
    auto type = cast<RankedTensorType>(results[i].getType());
    if (type.hasStaticShape())
      continue;
    SmallVector<StringRef> params;
    for (auto [d, dim] :
         llvm::zip(type.getShape(), output.type().tensor_type().shape().dim()))
      params.push_back(ShapedType::isDynamic(d) && !dim.has_dim_value()
                           ? StringRef(dim.dim_param())
                           : StringRef());
    func->setResultAttr(i, MiniDialect::DimParamsAttrHelper::getNameStr(),
                        builder.getStrArrayAttr(params));
  }
  func::ReturnOp::create(builder, fileLoc, results);
  if (failed(verify(*module)))
    return nullptr;
  // The fused forms of the decomposed LayerNormalization and GELU subgraphs
  // that opset-13 exporters write (mini-fuse-decomposed-ops).
  if (failed(fuseDecomposedOps(*module)))
    return nullptr;
  // The int8 ops of a QDQ model (mini-fuse-quantized-ops).
  if (!options.keepQDQ && failed(fuseQuantizedOps(*module)))
    return nullptr;
  return module;
}
