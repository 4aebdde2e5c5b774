//===- Importer.cpp - ONNX model to mini dialect --------------------------===//
//
// Reads the ModelProto with libonnx's protobuf classes, validates it with the
// ONNX checker and ONNX shape inference (both report errors by exceptions,
// which this file alone catches), then walks the graph: each node is looked
// up in the op table (OpTable.cpp), folded on the host when its inputs are
// known, and otherwise imported by its family's function.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "GuardedSchemas.h"

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
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/SourceMgr.h"

#include "onnx/checker.h"
#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

#include <cmath>
#include <exception>

using namespace mlir;
using namespace mini;
using namespace mini::onnx_import;

//===----------------------------------------------------------------------===//
// Host tensors
//===----------------------------------------------------------------------===//

void HostTensor::push(double value) {
  if (isFloat())
    floats.push_back(static_cast<float>(value));
  else if (kind == Kind::Bool)
    ints.push_back(value != 0);
  else
    ints.push_back(toInt64(value));
}

void HostTensor::pushFrom(const HostTensor &other, int64_t i) {
  if (isFloat())
    floats.push_back(other.floats[i]);
  else
    ints.push_back(other.ints[i]);
}

HostTensor HostTensor::ofInts(ArrayRef<int64_t> shape,
                              std::vector<int64_t> values) {
  HostTensor t;
  t.shape.assign(shape.begin(), shape.end());
  t.kind = Kind::Int;
  t.ints = std::move(values);
  return t;
}

SmallVector<int64_t> mini::onnx_import::getStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

std::optional<int64_t>
mini::onnx_import::getCheckedElementCount(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t d : shape)
    if (d < 0 || llvm::MulOverflow(count, d, count))
      return std::nullopt;
  return count;
}

LogicalResult mini::onnx_import::checkElementCount(Location loc,
                                                   ArrayRef<int64_t> shape,
                                                   int64_t limit,
                                                   const Twine &what) {
  std::optional<int64_t> count = getCheckedElementCount(shape);
  if (!count)
    return emitError(loc) << what << " has more than 2^63 elements";
  if (*count > limit)
    return emitError(loc) << what << " has " << *count
                          << " elements, more than the " << limit
                          << " mini-translate holds or folds at import";
  return success();
}

//===----------------------------------------------------------------------===//
// Attributes and diagnostics
//===----------------------------------------------------------------------===//

std::string Importer::describeNode(const onnx::NodeProto &node) const {
  if (!node.name().empty())
    return "'" + node.name() + "'";
  // An unnamed node: its index in the graph and its first output.
  std::string text = "#";
  if (graph)
    for (int i = 0; i < graph->node_size(); ++i)
      if (&graph->node(i) == &node)
        text += std::to_string(i);
  if (node.output_size() > 0)
    text += " (output '" + node.output(0) + "')";
  return text;
}

InFlightDiagnostic Importer::nodeError(const onnx::NodeProto &node,
                                       const Twine &message) {
  return emitError(nodeLoc) << "ONNX node " << describeNode(node) << " ("
                            << node.op_type() << "): " << message;
}

const onnx::AttributeProto *Importer::findAttr(const onnx::NodeProto &node,
                                               StringRef name) {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

int64_t Importer::getInt(const onnx::NodeProto &node, StringRef name,
                         int64_t dflt) {
  const onnx::AttributeProto *a = findAttr(node, name);
  return a ? a->i() : dflt;
}

float Importer::getFloat(const onnx::NodeProto &node, StringRef name,
                         float dflt) {
  const onnx::AttributeProto *a = findAttr(node, name);
  return a ? a->f() : dflt;
}

std::string Importer::getString(const onnx::NodeProto &node, StringRef name,
                                StringRef dflt) {
  const onnx::AttributeProto *a = findAttr(node, name);
  return a ? a->s() : dflt.str();
}

std::optional<SmallVector<int64_t>>
Importer::getInts(const onnx::NodeProto &node, StringRef name) {
  const onnx::AttributeProto *a = findAttr(node, name);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

FailureOr<int64_t> Importer::getAxis(const onnx::NodeProto &node,
                                     int64_t rank, int64_t dflt) {
  int64_t axis = getInt(node, "axis", dflt);
  if (axis < -rank || axis >= rank)
    return nodeError(node, "axis " + Twine(axis) + " out of range for rank " +
                               Twine(rank));
  return axis < 0 ? axis + rank : axis;
}

SmallVector<int64_t> Importer::getPerm(const onnx::NodeProto &node,
                                       int64_t rank) {
  if (std::optional<SmallVector<int64_t>> perm = getInts(node, "perm"))
    return *perm;
  SmallVector<int64_t> reversed;
  for (int64_t i = rank - 1; i >= 0; --i)
    reversed.push_back(i);
  return reversed;
}

FailureOr<std::optional<SmallVector<int64_t>>>
Importer::getIntsFromAttrOrInput(const onnx::NodeProto &node, StringRef name,
                                 int index) {
  if (std::optional<SmallVector<int64_t>> attr = getInts(node, name))
    return attr;
  if (index >= node.input_size() || node.input(index).empty())
    return std::optional<SmallVector<int64_t>>();
  const HostTensor *c = getConstant(node, index);
  if (!c || c->isFloat())
    return nodeError(node, "input '" + name +
                               "' must be a constant integer tensor (folded "
                               "at import)");
  return std::optional<SmallVector<int64_t>>(
      SmallVector<int64_t>(c->ints.begin(), c->ints.end()));
}

//===----------------------------------------------------------------------===//
// Tensors and values
//===----------------------------------------------------------------------===//

FailureOr<HostTensor> Importer::readTensor(const onnx::TensorProto &proto) {
  HostTensor t;
  for (int64_t d : proto.dims()) {
    if (d < 0)
      return emitError(nodeLoc) << "tensor '" << proto.name()
                            << "' has a negative dimension";
    t.shape.push_back(d);
  }
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return emitError(nodeLoc) << "tensor '" << proto.name()
                          << "' keeps its data in an external file, which is "
                             "not supported";
  if (failed(checkElementCount(nodeLoc, t.shape, kMaxHostElements,
                               "tensor '" + proto.name() + "'")))
    return failure();
  int64_t n = t.getNumElements();
  const std::string &raw = proto.raw_data();
  auto checkCount = [&](int64_t have) -> LogicalResult {
    if (have != n)
      return emitError(nodeLoc) << "tensor '" << proto.name() << "' holds " << have
                            << " elements but its shape needs " << n;
    return success();
  };
  switch (proto.data_type()) {
  case onnx::TensorProto::FLOAT:
    t.kind = HostTensor::Kind::Float;
    if (!raw.empty()) {
      if (raw.size() % 4)
        return emitError(nodeLoc)
               << "tensor '" << proto.name() << "' has " << raw.size()
               << " bytes of raw data, not a multiple of its element size "
                  "(4 bytes)";
      if (failed(checkCount(raw.size() / 4)))
        return failure();
      t.floats.resize(n);
      for (int64_t i = 0; i < n; ++i)
        t.floats[i] = llvm::bit_cast<float>(
            llvm::support::endian::read32le(raw.data() + 4 * i));
    } else {
      if (failed(checkCount(proto.float_data_size())))
        return failure();
      t.floats.assign(proto.float_data().begin(), proto.float_data().end());
    }
    return t;
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::BOOL: {
    t.kind = proto.data_type() == onnx::TensorProto::BOOL
                 ? HostTensor::Kind::Bool
                 : HostTensor::Kind::Int;
    unsigned width = proto.data_type() == onnx::TensorProto::INT64  ? 8
                     : proto.data_type() == onnx::TensorProto::INT32 ? 4
                                                                     : 1;
    if (!raw.empty()) {
      if (raw.size() % width)
        return emitError(nodeLoc)
               << "tensor '" << proto.name() << "' has " << raw.size()
               << " bytes of raw data, not a multiple of its element size ("
               << width << " bytes)";
      if (failed(checkCount(raw.size() / width)))
        return failure();
      for (int64_t i = 0; i < n; ++i) {
        const char *p = raw.data() + width * i;
        t.ints.push_back(width == 8   ? static_cast<int64_t>(
                                          llvm::support::endian::read64le(p))
                         : width == 4 ? static_cast<int32_t>(
                                            llvm::support::endian::read32le(p))
                                      : static_cast<int64_t>(*p != 0));
      }
    } else if (proto.data_type() == onnx::TensorProto::INT64) {
      if (failed(checkCount(proto.int64_data_size())))
        return failure();
      t.ints.assign(proto.int64_data().begin(), proto.int64_data().end());
    } else {
      if (failed(checkCount(proto.int32_data_size())))
        return failure();
      t.ints.assign(proto.int32_data().begin(), proto.int32_data().end());
    }
    return t;
  }
  default:
    return emitError(nodeLoc) << "tensor '" << proto.name()
                          << "' has ONNX data type " << proto.data_type()
                          << "; only float, int64, int32 and bool are "
                             "supported";
  }
}

FailureOr<RankedTensorType> Importer::convertType(const onnx::TypeProto &type,
                                                  StringRef name,
                                                  bool isOutput) {
  Type elementType;
  if (type.has_tensor_type()) {
    switch (type.tensor_type().elem_type()) {
    case onnx::TensorProto::FLOAT:
      elementType = builder.getF32Type();
      break;
    case onnx::TensorProto::INT64:
      elementType = builder.getI64Type();
      break;
    case onnx::TensorProto::INT32:
      elementType = builder.getI32Type();
      break;
    case onnx::TensorProto::BOOL:
      elementType = builder.getI1Type();
      break;
    default:
      break;
    }
  }
  if (!elementType)
    return emitError(fileLoc) << "graph value '" << name
                              << "' must be a float, int64, int32 or bool "
                                 "tensor";
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
             << dim.dim_param()
             << "'); give its upper bound (--onnx-dim-bound="
             << (dim.dim_param().empty() ? "NAME" : dim.dim_param())
             << "=BOUND) or export it static";
    }
    if (dim.dim_value() <= 0)
      return emitError(fileLoc) << "graph value '" << name << "' has dimension "
                            << dim.dim_value()
                            << "; every dimension must be positive";
    shape.push_back(dim.dim_value());
  }
  // Its bytes (8 per element at most) must fit in an int64 index.
  SmallVector<int64_t> staticShape(llvm::make_filter_range(
      shape, [](int64_t d) { return !ShapedType::isDynamic(d); }));
  std::optional<int64_t> count = getCheckedElementCount(staticShape);
  int64_t bytes;
  if (!count || llvm::MulOverflow(*count, int64_t(8), bytes))
    return emitError(fileLoc) << "graph value '" << name
                          << "' has more than 2^63 bytes";
  return RankedTensorType::get(shape, elementType);
}

Value Importer::materialize(const std::string &name, const HostTensor &tensor) {
  Type elementType = builder.getF32Type();
  if (tensor.kind == HostTensor::Kind::Bool)
    elementType = builder.getI1Type();
  else if (tensor.kind == HostTensor::Kind::Int)
    elementType = builder.getI64Type();
  auto type = RankedTensorType::get(tensor.shape, elementType);
  ElementsAttr value;
  // Scalars stay: the fusions (mini-fuse-decomposed-ops) read their values.
  if (options.elideWeights && tensor.isFloat() && tensor.getNumElements() > 1) {
    if (!elidedHandle) {
      auto &manager = DenseResourceElementsHandle::getManagerInterface(context);
      elidedHandle = manager.insert("__elided__");
    }
    value = DenseResourceElementsAttr::get(type, *elidedHandle);
  } else if (tensor.isFloat()) {
    value = DenseElementsAttr::get(type, ArrayRef<float>(tensor.floats));
  } else if (tensor.kind == HostTensor::Kind::Bool) {
    SmallVector<bool> bits(tensor.ints.begin(), tensor.ints.end());
    value = DenseElementsAttr::get(type, ArrayRef<bool>(bits));
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

FailureOr<SmallVector<int64_t>> Importer::getShapeOf(const onnx::NodeProto &node,
                                                     int index) {
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
    state.addTypes(SmallVector<Type>(std::max(1, node.output_size()),
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
  if (inferTypes) {
    auto iface = dyn_cast<InferTypeOpInterface>(op);
    SmallVector<Type> types;
    if (!iface ||
        failed(iface.inferReturnTypes(
            context, nodeLoc, op->getOperands(), op->getRawDictionaryAttrs(),
            op->getPropertiesStorage(), op->getRegions(), types)) ||
        types.size() != op->getNumResults()) {
      op->erase();
      return nodeError(node, "invalid operands or attributes (see above)");
    }
    for (auto [result, type] : llvm::zip(op->getResults(), types))
      result.setType(type);
  }
  if (failed(verify(op))) {
    op->erase();
    return nodeError(node, "invalid operands or attributes (see above)");
  }
  return setResults(node, op->getResults());
}

LogicalResult Importer::checkNodeSupported(const onnx::NodeProto &node) {
  auto error = [&]() {
    InFlightDiagnostic diag = emitError(fileLoc);
    diag << "ONNX node " << describeNode(node) << " (" << node.op_type()
         << "): ";
    return diag;
  };
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return error() << "domain '" << node.domain()
                   << "' is not supported (only ONNX's own ops are)";
  if (!lookupOp(node.op_type(), opset)) {
    // The op may be known at other opsets only.
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (const OpEntry &entry : getOpTable())
      if (entry.name == node.op_type()) {
        lo = std::min(lo, entry.minOpset);
        hi = std::max(hi, entry.maxOpset);
      }
    if (lo <= hi)
      return error() << "supported at opsets " << lo << " to " << hi
                     << ", not at the model's opset " << opset;
    return error() << "unsupported ONNX op '" << node.op_type()
                   << "' at opset " << opset;
  }
  // An attribute the op does not have is a malformed model (libonnx's
  // checker would say so, after its shape inference has run on it).
  if (const onnx::OpSchema *schema = onnx::OpSchemaRegistry::Schema(
          node.op_type(), static_cast<int>(opset), ""))
    for (const onnx::AttributeProto &attr : node.attribute())
      if (!schema->attributes().count(attr.name()))
        return error() << "'" << attr.name() << "' is not an attribute of "
                       << node.op_type() << " at opset " << opset;
  // libonnx's shape inference divides by these without checking them
  // (a Conv with strides 0 ends in SIGFPE), so they are checked first.
  for (const onnx::AttributeProto &attr : node.attribute()) {
    if (attr.name() != "strides" && attr.name() != "dilations" &&
        attr.name() != "kernel_shape" && attr.name() != "group")
      continue;
    bool positive = attr.ints_size() > 0 || attr.has_i();
    for (int64_t v : attr.ints())
      positive &= v > 0;
    if (attr.has_i())
      positive &= attr.i() > 0;
    if (!positive)
      return error() << "'" << attr.name() << "' must be positive";
  }
  return success();
}

LogicalResult Importer::importNode(const onnx::NodeProto &node) {
  const OpEntry *entry = lookupOp(node.op_type(), opset);
  if (!entry)
    return nodeError(node, "unsupported ONNX op '" + node.op_type() +
                               "' at opset " + Twine(opset));
  if (!entry->multipleOutputs)
    for (int i = 1; i < node.output_size(); ++i)
      if (!node.output(i).empty() && consumedNames.contains(node.output(i)))
        return nodeError(node, "output " + Twine(i) + " ('" +
                                   node.output(i) + "') is not supported");

  // Shape arithmetic on dynamic sizes, and the ops taking its results.
  for (int i = 0; i < node.input_size(); ++i)
    if (getSymbolic(node, i))
      return importWithSymbolicInputs(*this, node);
  if (!getConstant(node, 0) && node.input_size() > 0) {
    Value x = values.lookup(node.input(0));
    StringRef op = node.op_type();
    if (x && !cast<ShapedType>(x.getType()).hasStaticShape() &&
        (op == "Reshape" || op == "Unsqueeze" || op == "Squeeze"))
      return importDynamicReshape(*this, node);
  }

  // Fold when every input is known on the host.
  if (entry->fold) {
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
      FailureOr<HostTensor> folded = entry->fold(*this, node, inputs);
      if (failed(folded))
        return failure();
      defineConstant(node, std::move(*folded));
      return success();
    }
  }
  if (!entry->import)
    return nodeError(node, "is folded at import and needs inputs known at "
                           "import time (constants or shapes), not values "
                           "computed from the graph inputs");
  return entry->import(*this, node);
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
  for (const auto &imp : model.opset_import())
    if (imp.domain().empty() || imp.domain() == "ai.onnx")
      opset = imp.version();
  const onnx::GraphProto &graph = model.graph();
  this->graph = &graph;
  for (const onnx::NodeProto &node : graph.node())
    if (failed(checkNodeSupported(node)))
      return nullptr;
  // A graph output listed twice would be one value returned twice, which
  // the lowering's result-to-argument conversion cannot take apart.
  llvm::StringSet<> outputNames;
  for (const onnx::ValueInfoProto &output : graph.output())
    if (!outputNames.insert(output.name()).second) {
      emitError(fileLoc) << "graph output '" << output.name()
                         << "' is listed twice";
      return nullptr;
    }

  // Tensors are read (and their sizes checked against their data) before
  // libonnx sees them: its data propagation reads an initializer or a
  // Constant's value as its dims say, past data that is shorter (found by
  // the importer's fuzz target).
  for (const onnx::TensorProto &init : graph.initializer()) {
    nodeLoc = NameLoc::get(builder.getStringAttr(init.name()), fileLoc);
    FailureOr<HostTensor> t = readTensor(init);
    if (failed(t))
      return nullptr;
    constants[init.name()] = std::move(*t);
  }

  for (const onnx::NodeProto &node : graph.node()) {
    if (node.op_type() != "Constant")
      continue;
    for (const onnx::AttributeProto &attr : node.attribute()) {
      if (attr.name() != "value" || !attr.has_t())
        continue;
      nodeLoc = NameLoc::get(builder.getStringAttr(node.name()), fileLoc);
      if (failed(readTensor(attr.t())))
        return nullptr;
    }
  }

  // libonnx throws on invalid models; nothing else in this file throws.
  try {
    onnx::checker::check_model(model);
    // Data propagation (shape values through Shape, Gather, Concat) is off:
    // libonnx crashed in it on a model whose earlier node had failed (a fuzz
    // finding); the importer folds those subgraphs itself.
    onnx::ShapeInferenceOptions inferOptions(/*check_type=*/true,
                                             /*error_mode=*/1,
                                             /*data_prop=*/false);
    onnx::shape_inference::InferShapes(model, getGuardedSchemaRegistry(),
                                       inferOptions);
  } catch (const std::exception &e) {
    emitError(fileLoc) << "ONNX rejected the model: " << e.what();
    return nullptr;
  }

  auto collectShape = [&](const onnx::ValueInfoProto &info) {
    if (!info.type().has_tensor_type() ||
        !info.type().tensor_type().has_shape())
      return;
    SmallVector<int64_t> shape;
    for (const auto &dim : info.type().tensor_type().shape().dim()) {
      if (!dim.has_dim_value())
        return;
      shape.push_back(dim.dim_value());
    }
    onnxShapes[info.name()] = shape;
  };
  for (const onnx::ValueInfoProto &info : graph.value_info())
    collectShape(info);
  for (const onnx::ValueInfoProto &info : graph.output()) {
    collectShape(info);
    consumedNames.insert(info.name());
  }
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &input : node.input())
      consumedNames.insert(input);

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());

  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  SmallVector<const onnx::TypeProto *> argProtos;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (constants.count(input.name()))
      continue;
    FailureOr<RankedTensorType> type = convertType(input.type(), input.name());
    if (failed(type))
      return nullptr;
    argTypes.push_back(*type);
    argNames.push_back(input.name());
    argProtos.push_back(&input.type());
  }
  SmallVector<Type> resultTypes;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    FailureOr<RankedTensorType> type =
        convertType(output.type(), output.name(), /*isOutput=*/true);
    if (failed(type))
      return nullptr;
    resultTypes.push_back(*type);
  }

  auto func = func::FuncOp::create(builder, fileLoc, "main",
                                    builder.getFunctionType(argTypes, resultTypes));
  Block *entry = func.addEntryBlock();
  for (auto [i, name] : llvm::enumerate(argNames)) {
    values[name] = entry->getArgument(i);
    func.setArgAttr(i, MiniDialect::NameAttrHelper::getNameStr(), builder.getStringAttr(name));
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
    func.setArgAttr(i, MiniDialect::UpperBoundAttrHelper::getNameStr(), builder.getDenseI64ArrayAttr(bounds));
    func.setArgAttr(i, MiniDialect::DimParamsAttrHelper::getNameStr(), builder.getStrArrayAttr(params));
  }
  builder.setInsertionPointToStart(entry);

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
  func.setFunctionType(
      builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  for (auto [i, output] : llvm::enumerate(graph.output())) {
    auto type = cast<RankedTensorType>(results[i].getType());
    if (type.hasStaticShape())
      continue;
    SmallVector<StringRef> params;
    for (auto [d, dim] :
         llvm::zip(type.getShape(), output.type().tensor_type().shape().dim()))
      params.push_back(ShapedType::isDynamic(d) && !dim.has_dim_value()
                           ? StringRef(dim.dim_param())
                           : StringRef());
    func.setResultAttr(i, MiniDialect::DimParamsAttrHelper::getNameStr(), builder.getStrArrayAttr(params));
  }
  func::ReturnOp::create(builder, fileLoc, results);
  if (failed(verify(*module)))
    return nullptr;
  // The fused forms of the decomposed LayerNormalization and GELU subgraphs
  // that opset-13 exporters write (mini-fuse-decomposed-ops).
  if (failed(fuseDecomposedOps(*module)))
    return nullptr;
  return module;
}

