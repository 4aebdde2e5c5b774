//===- ImportONNX.cpp - ONNX model to mini dialect ------------------------===//
//
// Reads the ModelProto with libonnx's protobuf classes, validates it with the
// ONNX checker and ONNX shape inference (both report errors by exceptions,
// which this file alone catches), folds the input-independent subgraphs on
// the host, and emits one `mini` op per remaining node.
//
//===----------------------------------------------------------------------===//

#include "mini/Target/ONNX/ImportONNX.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/SourceMgr.h"

#include "onnx/checker.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"

#include <exception>
#include <numeric>

using namespace mlir;
using namespace mini;

namespace {

/// A tensor known at import time: an initializer or a folded value. Float
/// tensors hold `floats`, integer tensors (INT64/INT32/BOOL) `ints`.
struct HostTensor {
  SmallVector<int64_t> shape;
  bool isFloat = true;
  std::vector<float> floats;
  std::vector<int64_t> ints;

  /// The element count; the shape was checked by checkElementCount.
  int64_t getNumElements() const {
    return std::accumulate(shape.begin(), shape.end(), int64_t(1),
                           std::multiplies<int64_t>());
  }
  double get(int64_t i) const { return isFloat ? floats[i] : ints[i]; }
  /// Appends `value`, converted to this tensor's element kind.
  void push(double value) {
    if (isFloat)
      floats.push_back(static_cast<float>(value));
    else
      ints.push_back(static_cast<int64_t>(value));
  }
  /// Appends element `i` of `other`, which has the same element kind.
  void pushFrom(const HostTensor &other, int64_t i) {
    if (isFloat)
      floats.push_back(other.floats[i]);
    else
      ints.push_back(other.ints[i]);
  }
  static HostTensor ofInts(ArrayRef<int64_t> shape, std::vector<int64_t> v) {
    HostTensor t;
    t.shape.assign(shape.begin(), shape.end());
    t.isFloat = false;
    t.ints = std::move(v);
    return t;
  }
};

/// Row-major strides of `shape`.
static SmallVector<int64_t> getStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

class Importer {
public:
  Importer(MLIRContext *context, Location fileLoc,
           const ImportONNXOptions &options)
      : context(context), builder(context), fileLoc(fileLoc),
        options(options) {}

  OwningOpRef<ModuleOp> run(StringRef bytes);

private:
  // Diagnostics.
  InFlightDiagnostic error(Location loc) { return emitError(loc); }
  InFlightDiagnostic nodeError(const onnx::NodeProto &node,
                               const Twine &message) {
    return emitError(nodeLoc) << "ONNX node '" << node.name() << "' ("
                              << node.op_type() << "): " << message;
  }

  // Attributes.
  const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                       StringRef name) {
    for (const onnx::AttributeProto &attr : node.attribute())
      if (attr.name() == name)
        return &attr;
    return nullptr;
  }
  int64_t getInt(const onnx::NodeProto &node, StringRef name, int64_t dflt) {
    const onnx::AttributeProto *a = findAttr(node, name);
    return a ? a->i() : dflt;
  }
  float getFloat(const onnx::NodeProto &node, StringRef name, float dflt) {
    const onnx::AttributeProto *a = findAttr(node, name);
    return a ? a->f() : dflt;
  }
  std::string getString(const onnx::NodeProto &node, StringRef name,
                        StringRef dflt) {
    const onnx::AttributeProto *a = findAttr(node, name);
    return a ? a->s() : dflt.str();
  }
  std::optional<SmallVector<int64_t>> getInts(const onnx::NodeProto &node,
                                              StringRef name) {
    const onnx::AttributeProto *a = findAttr(node, name);
    if (!a)
      return std::nullopt;
    return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
  }

  /// The `axis` attribute (default 0) normalized into [0, rank).
  FailureOr<int64_t> getAxis(const onnx::NodeProto &node, int64_t rank) {
    int64_t axis = getInt(node, "axis", 0);
    if (axis < -rank || axis >= rank)
      return nodeError(node, "axis " + Twine(axis) + " out of range for rank " +
                                 Twine(rank));
    return axis < 0 ? axis + rank : axis;
  }

  // Values.
  FailureOr<HostTensor> readTensor(const onnx::TensorProto &proto);
  FailureOr<Value> getValue(const onnx::NodeProto &node, int index);
  FailureOr<Value> getOptionalValue(const onnx::NodeProto &node, int index);
  const HostTensor *getConstant(const onnx::NodeProto &node, int index);
  FailureOr<SmallVector<int64_t>> getShapeOf(const onnx::NodeProto &node,
                                             int index);
  FailureOr<RankedTensorType> convertType(const onnx::TypeProto &type,
                                          StringRef name);
  Value materialize(const std::string &name, const HostTensor &tensor);

  // Nodes.
  LogicalResult importNode(const onnx::NodeProto &node);
  FailureOr<bool> tryFold(const onnx::NodeProto &node);
  LogicalResult setResult(const onnx::NodeProto &node, Operation *op);
  template <typename OpTy>
  LogicalResult build(const onnx::NodeProto &node, ValueRange operands,
                      ArrayRef<NamedAttribute> attrs = {});
  LogicalResult importWindowAttrs(const onnx::NodeProto &node,
                                  ArrayRef<int64_t> inputShape,
                                  ArrayRef<int64_t> kernel, bool dilated,
                                  SmallVectorImpl<NamedAttribute> &attrs);

  MLIRContext *context;
  OpBuilder builder;
  Location fileLoc;
  Location nodeLoc = fileLoc;
  ImportONNXOptions options;
  int64_t opset = 0;
  llvm::StringMap<Value> values;
  llvm::StringMap<HostTensor> constants;
  /// Static shapes ONNX shape inference found, by tensor name.
  llvm::StringMap<SmallVector<int64_t>> onnxShapes;
  std::optional<DenseResourceElementsHandle> elidedHandle;
};

} // namespace

//===----------------------------------------------------------------------===//
// Tensors and types
//===----------------------------------------------------------------------===//

/// The most elements a tensor held on the host may have: initializers (the
/// weights of the largest zoo model have 2^27) and folded values. Past it,
/// or past int64, the import stops with an error instead of allocating.
static constexpr int64_t kMaxHostElements = int64_t(1) << 31;
/// The most elements a folded subgraph may produce (ConstantOfShape, Range,
/// ...): folding is for small shape arithmetic, not for building tensors.
static constexpr int64_t kMaxFoldedElements = int64_t(1) << 24;

/// Returns the element count of `shape`, or std::nullopt when a dimension is
/// negative or the product overflows int64.
static std::optional<int64_t> getCheckedElementCount(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t d : shape)
    if (d < 0 || llvm::MulOverflow(count, d, count))
      return std::nullopt;
  return count;
}

/// Checks that a host tensor of `shape` fits under `limit` elements; the
/// error names `what`.
static LogicalResult checkElementCount(Location loc, ArrayRef<int64_t> shape,
                                       int64_t limit, const Twine &what) {
  std::optional<int64_t> count = getCheckedElementCount(shape);
  if (!count)
    return emitError(loc) << what << " has more than 2^63 elements";
  if (*count > limit)
    return emitError(loc) << what << " has " << *count
                          << " elements, more than the " << limit
                          << " mini-translate holds or folds at import";
  return success();
}

FailureOr<HostTensor> Importer::readTensor(const onnx::TensorProto &proto) {
  HostTensor t;
  for (int64_t d : proto.dims()) {
    if (d < 0)
      return error(nodeLoc) << "tensor '" << proto.name()
                            << "' has a negative dimension";
    t.shape.push_back(d);
  }
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return error(nodeLoc) << "tensor '" << proto.name()
                          << "' keeps its data in an external file, which is "
                             "not supported";
  if (failed(checkElementCount(nodeLoc, t.shape, kMaxHostElements,
                               "tensor '" + proto.name() + "'")))
    return failure();
  int64_t n = t.getNumElements();
  const std::string &raw = proto.raw_data();
  auto checkCount = [&](int64_t have) -> LogicalResult {
    if (have != n)
      return error(nodeLoc) << "tensor '" << proto.name() << "' holds " << have
                            << " elements but its shape needs " << n;
    return success();
  };
  switch (proto.data_type()) {
  case onnx::TensorProto::FLOAT:
    t.isFloat = true;
    if (!raw.empty()) {
      if (failed(checkCount(raw.size() / 4)) || raw.size() % 4)
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
    t.isFloat = false;
    unsigned width = proto.data_type() == onnx::TensorProto::INT64  ? 8
                     : proto.data_type() == onnx::TensorProto::INT32 ? 4
                                                                     : 1;
    if (!raw.empty()) {
      if (raw.size() % width || failed(checkCount(raw.size() / width)))
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
    return error(nodeLoc) << "tensor '" << proto.name()
                          << "' has ONNX data type " << proto.data_type()
                          << "; only float, int64, int32 and bool are "
                             "supported";
  }
}

FailureOr<RankedTensorType> Importer::convertType(const onnx::TypeProto &type,
                                                  StringRef name) {
  if (!type.has_tensor_type() ||
      type.tensor_type().elem_type() != onnx::TensorProto::FLOAT)
    return error(fileLoc) << "graph value '" << name
                          << "' must be a float tensor";
  SmallVector<int64_t> shape;
  for (const auto &dim : type.tensor_type().shape().dim()) {
    if (!dim.has_dim_value())
      return error(fileLoc)
             << "graph value '" << name << "' has a dynamic dimension ('"
             << dim.dim_param() << "'); mini needs static shapes";
    if (dim.dim_value() <= 0)
      return error(fileLoc) << "graph value '" << name << "' has dimension "
                            << dim.dim_value()
                            << "; every dimension must be positive";
    shape.push_back(dim.dim_value());
  }
  // Its bytes (4 per f32 element) must fit in an int64 index.
  std::optional<int64_t> count = getCheckedElementCount(shape);
  int64_t bytes;
  if (!count || llvm::MulOverflow(*count, int64_t(4), bytes))
    return error(fileLoc) << "graph value '" << name
                          << "' has more than 2^63 bytes";
  return RankedTensorType::get(shape, builder.getF32Type());
}

Value Importer::materialize(const std::string &name, const HostTensor &tensor) {
  auto type = RankedTensorType::get(tensor.shape, builder.getF32Type());
  ElementsAttr value;
  if (options.elideWeights) {
    if (!elidedHandle) {
      auto &manager = DenseResourceElementsHandle::getManagerInterface(context);
      elidedHandle = manager.insert("__elided__");
    }
    value = DenseResourceElementsAttr::get(type, *elidedHandle);
  } else if (tensor.isFloat) {
    value = DenseElementsAttr::get(type, ArrayRef<float>(tensor.floats));
  } else {
    SmallVector<float> converted(tensor.ints.begin(), tensor.ints.end());
    value = DenseElementsAttr::get(type, ArrayRef<float>(converted));
  }
  Location loc = NameLoc::get(builder.getStringAttr(name), fileLoc);
  Value result = ConstantOp::create(builder, loc, value);
  values[name] = result;
  return result;
}

FailureOr<Value> Importer::getValue(const onnx::NodeProto &node, int index) {
  if (index >= node.input_size() || node.input(index).empty())
    return nodeError(node, "input " + Twine(index) + " is missing");
  const std::string &name = node.input(index);
  if (Value v = values.lookup(name))
    return v;
  auto it = constants.find(name);
  if (it == constants.end())
    return nodeError(node, "input '" + name + "' is not defined before use");
  if (!it->second.isFloat)
    return nodeError(node, "integer tensor '" + name +
                                       "' is used as data; mini computes "
                                       "on f32 only");
  return materialize(name, it->second);
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
// Folding of input-independent nodes
//===----------------------------------------------------------------------===//

/// NumPy broadcast of two host tensors with `fn` on doubles.
static FailureOr<HostTensor> foldBinary(const HostTensor &a,
                                        const HostTensor &b,
                                        function_ref<double(double, double)> fn) {
  size_t rank = std::max(a.shape.size(), b.shape.size());
  SmallVector<int64_t> shape(rank);
  auto dimOf = [&](const HostTensor &t, size_t i) -> int64_t {
    size_t lead = rank - t.shape.size();
    return i < lead ? 1 : t.shape[i - lead];
  };
  for (size_t i = 0; i < rank; ++i) {
    int64_t x = dimOf(a, i), y = dimOf(b, i);
    if (x != y && x != 1 && y != 1)
      return failure();
    shape[i] = std::max(x, y);
  }
  HostTensor out;
  out.shape = shape;
  out.isFloat = a.isFloat || b.isFloat;
  int64_t n = out.getNumElements();
  SmallVector<int64_t> strides = getStrides(shape);
  auto indexIn = [&](const HostTensor &t, int64_t flat) {
    SmallVector<int64_t> tStrides = getStrides(t.shape);
    size_t lead = rank - t.shape.size();
    int64_t idx = 0;
    for (size_t i = 0; i < rank; ++i) {
      int64_t coord = (flat / strides[i]) % shape[i];
      if (i >= lead && t.shape[i - lead] != 1)
        idx += coord * tStrides[i - lead];
    }
    return idx;
  };
  for (int64_t i = 0; i < n; ++i) {
    out.push(fn(a.get(indexIn(a, i)), b.get(indexIn(b, i))));
  }
  return out;
}

FailureOr<bool> Importer::tryFold(const onnx::NodeProto &node) {
  StringRef op = node.op_type();
  auto define = [&](HostTensor t) -> FailureOr<bool> {
    constants[node.output(0)] = std::move(t);
    return true;
  };
  if (op == "Constant") {
    if (const onnx::AttributeProto *a = findAttr(node, "value")) {
      FailureOr<HostTensor> t = readTensor(a->t());
      if (failed(t))
        return failure();
      return define(std::move(*t));
    }
    if (const onnx::AttributeProto *a = findAttr(node, "value_float")) {
      HostTensor t;
      t.floats = {a->f()};
      return define(std::move(t));
    }
    if (const onnx::AttributeProto *a = findAttr(node, "value_floats")) {
      HostTensor t;
      t.floats.assign(a->floats().begin(), a->floats().end());
      t.shape = {static_cast<int64_t>(t.floats.size())};
      return define(std::move(t));
    }
    if (const onnx::AttributeProto *a = findAttr(node, "value_int"))
      return define(HostTensor::ofInts({}, {a->i()}));
    if (const onnx::AttributeProto *a = findAttr(node, "value_ints"))
      return define(HostTensor::ofInts(
          {static_cast<int64_t>(a->ints_size())},
          std::vector<int64_t>(a->ints().begin(), a->ints().end())));
    return nodeError(node, "Constant without a supported value");
  }
  if (op == "Shape") {
    FailureOr<SmallVector<int64_t>> shape = getShapeOf(node, 0);
    if (failed(shape))
      return failure();
    int64_t rank = shape->size();
    int64_t start = getInt(node, "start", 0), end = getInt(node, "end", rank);
    start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
    end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
    std::vector<int64_t> dims(shape->begin() + start,
                              shape->begin() + std::max(start, end));
    int64_t count = dims.size();
    return define(HostTensor::ofInts({count}, std::move(dims)));
  }

  // The rest fold only when every input is known.
  SmallVector<const HostTensor *> in;
  for (int i = 0; i < node.input_size(); ++i) {
    if (node.input(i).empty()) {
      in.push_back(nullptr);
      continue;
    }
    const HostTensor *c = getConstant(node, i);
    if (!c)
      return false;
    in.push_back(c);
  }
  if (in.empty() || !in[0])
    return false;
  const HostTensor &x = *in[0];

  if (op == "Identity")
    return define(x);
  if (op == "Cast") {
    HostTensor t;
    t.shape = x.shape;
    int64_t to = getInt(node, "to", onnx::TensorProto::FLOAT);
    t.isFloat = to == onnx::TensorProto::FLOAT || to == onnx::TensorProto::DOUBLE;
    for (int64_t i = 0, n = x.getNumElements(); i < n; ++i)
      t.push(x.get(i));
    return define(std::move(t));
  }
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") {
    if (in.size() != 2 || !in[1])
      return false;
    bool isInt = !x.isFloat && !in[1]->isFloat;
    bool overflow = false;
    FailureOr<HostTensor> t =
        foldBinary(x, *in[1], [&](double a, double b) -> double {
          if (op == "Add")
            return a + b;
          if (op == "Sub")
            return a - b;
          if (op == "Mul")
            return a * b;
          if (isInt) {
            // INT64_MIN / -1 does not fit (and traps on x86).
            if (b == 0 || (b == -1 && a <= static_cast<double>(INT64_MIN))) {
              overflow = true;
              return 0;
            }
            return static_cast<double>(static_cast<int64_t>(a) /
                                       static_cast<int64_t>(b));
          }
          return a / b;
        });
    if (failed(t))
      return nodeError(node, "operand shapes do not broadcast");
    if (overflow)
      return nodeError(node, "the folded integer division divides by zero "
                             "or overflows int64");
    return define(std::move(*t));
  }
  // Reshape, Squeeze and Unsqueeze of constants are folded by importNode,
  // which shares their shape rules with the non-constant case.
  if (op == "Concat") {
    int64_t rank = x.shape.size();
    FailureOr<int64_t> axisOr = getAxis(node, rank);
    if (failed(axisOr))
      return failure();
    int64_t axis = *axisOr;
    HostTensor t;
    t.isFloat = x.isFloat;
    t.shape = x.shape;
    t.shape[axis] = 0;
    for (const HostTensor *c : in) {
      if (!c || c->shape.size() != x.shape.size() || c->isFloat != x.isFloat)
        return nodeError(node, "inputs of different ranks or types");
      t.shape[axis] += c->shape[axis];
    }
    int64_t outer = 1;
    for (int64_t i = 0; i < axis; ++i)
      outer *= x.shape[i];
    for (int64_t o = 0; o < outer; ++o) {
      for (const HostTensor *c : in) {
        int64_t inner = c->getNumElements() / std::max<int64_t>(outer, 1);
        for (int64_t i = 0; i < inner; ++i) {
          t.pushFrom(*c, o * inner + i);
        }
      }
    }
    return define(std::move(t));
  }
  if (op == "Gather") {
    if (in.size() != 2 || !in[1] || in[1]->isFloat)
      return false;
    const HostTensor &indices = *in[1];
    int64_t rank = x.shape.size();
    FailureOr<int64_t> axisOr = getAxis(node, rank);
    if (failed(axisOr))
      return failure();
    int64_t axis = *axisOr;
    HostTensor t;
    t.isFloat = x.isFloat;
    t.shape.assign(x.shape.begin(), x.shape.begin() + axis);
    t.shape.append(indices.shape.begin(), indices.shape.end());
    t.shape.append(x.shape.begin() + axis + 1, x.shape.end());
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < axis; ++i)
      outer *= x.shape[i];
    for (int64_t i = axis + 1; i < rank; ++i)
      inner *= x.shape[i];
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t index : indices.ints) {
        int64_t k = index < 0 ? index + x.shape[axis] : index;
        if (k < 0 || k >= x.shape[axis])
          return nodeError(node, "index " + Twine(index) +
                                             " out of range");
        for (int64_t i = 0; i < inner; ++i) {
          t.pushFrom(x, (o * x.shape[axis] + k) * inner + i);
        }
      }
    }
    return define(std::move(t));
  }
  if (op == "ConstantOfShape") {
    HostTensor t;
    t.shape.assign(x.ints.begin(), x.ints.end());
    if (failed(checkElementCount(nodeLoc, t.shape, kMaxFoldedElements,
                                 "the folded ConstantOfShape '" +
                                     node.name() + "'")))
      return failure();
    float value = 0.0f;
    if (const onnx::AttributeProto *a = findAttr(node, "value")) {
      FailureOr<HostTensor> v = readTensor(a->t());
      if (failed(v) || v->getNumElements() != 1)
        return nodeError(node, "value must hold one element");
      t.isFloat = v->isFloat;
      value = v->get(0);
    }
    for (int64_t i = 0, n = t.getNumElements(); i < n; ++i)
      t.push(value);
    return define(std::move(t));
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Nodes to mini ops
//===----------------------------------------------------------------------===//

LogicalResult Importer::setResult(const onnx::NodeProto &node, Operation *op) {
  Value result = op->getResult(0);
  const std::string &name = node.output(0);
  auto it = onnxShapes.find(name);
  ArrayRef<int64_t> shape = cast<RankedTensorType>(result.getType()).getShape();
  if (it != onnxShapes.end() && ArrayRef<int64_t>(it->second) != shape) {
    InFlightDiagnostic diag = error(nodeLoc);
    diag << "ONNX node '" << node.name() << "' (" << node.op_type()
         << "): mini infers shape [" << shape
         << "] but ONNX shape inference gives [" << it->second << "]";
    return failure();
  }
  values[name] = result;
  return success();
}

template <typename OpTy>
LogicalResult Importer::build(const onnx::NodeProto &node, ValueRange operands,
                              ArrayRef<NamedAttribute> attrs) {
  // Create with a placeholder result type, then infer the real one from the
  // op's own shape rules; they report their errors at the node location.
  Type placeholder = RankedTensorType::get({}, builder.getF32Type());
  OperationState state(nodeLoc, OpTy::getOperationName());
  state.addOperands(operands);
  state.addAttributes(attrs);
  state.addTypes(placeholder);
  Operation *op = builder.create(state);
  SmallVector<Type> types;
  if (failed(OpTy::inferReturnTypes(context, nodeLoc, op->getOperands(),
                                    op->getAttrDictionary(),
                                    op->getPropertiesStorage(),
                                    op->getRegions(), types))) {
    op->erase();
    return nodeError(node, "invalid operands or attributes (see above)");
  }
  op->getResult(0).setType(types.front());
  return setResult(node, op);
}

LogicalResult Importer::importWindowAttrs(const onnx::NodeProto &node,
                                          ArrayRef<int64_t> inputShape,
                                          ArrayRef<int64_t> kernel,
                                          bool dilated,
                                          SmallVectorImpl<NamedAttribute> &attrs) {
  SmallVector<int64_t> strides =
      getInts(node, "strides").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> dilations =
      getInts(node, "dilations").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> pads =
      getInts(node, "pads").value_or(SmallVector<int64_t>{0, 0, 0, 0});
  if (strides.size() != 2 || dilations.size() != 2 || pads.size() != 4 ||
      kernel.size() != 2)
    return nodeError(node, "only 2-D windows are supported");
  std::string autoPad = getString(node, "auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    pads.assign(4, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int i = 0; i < 2; ++i) {
      int64_t out = (inputShape[2 + i] + strides[i] - 1) / strides[i];
      int64_t total = std::max<int64_t>(
          0, (out - 1) * strides[i] + dilations[i] * (kernel[i] - 1) + 1 -
                 inputShape[2 + i]);
      int64_t small = total / 2, big = total - small;
      pads[i] = autoPad == "SAME_UPPER" ? small : big;
      pads[i + 2] = autoPad == "SAME_UPPER" ? big : small;
    }
  } else if (autoPad != "NOTSET") {
    return nodeError(node, "unsupported auto_pad '" + autoPad + "'");
  }
  attrs.push_back(builder.getNamedAttr("strides",
                                       builder.getDenseI64ArrayAttr(strides)));
  attrs.push_back(
      builder.getNamedAttr("pads", builder.getDenseI64ArrayAttr(pads)));
  if (dilated)
    attrs.push_back(builder.getNamedAttr(
        "dilations", builder.getDenseI64ArrayAttr(dilations)));
  else if (llvm::any_of(dilations, [](int64_t d) { return d != 1; }))
    return nodeError(node, "dilations are not supported here");
  return success();
}

LogicalResult Importer::importNode(const onnx::NodeProto &node) {
  StringRef op = node.op_type();
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return nodeError(node, "unsupported op domain '" + node.domain() + "'");
  for (int i = 1; i < node.output_size(); ++i)
    if (!node.output(i).empty())
      return nodeError(node, "output " + Twine(i) + " ('" + node.output(i) +
                                 "') is not supported");

  FailureOr<bool> folded = tryFold(node);
  if (failed(folded))
    return failure();
  if (*folded)
    return success();

  auto operand = [&](int i) { return getValue(node, i); };
  auto f32Attr = [&](StringRef name, float v) {
    return builder.getNamedAttr(name, builder.getF32FloatAttr(v));
  };
  auto i64Attr = [&](StringRef name, int64_t v) {
    return builder.getNamedAttr(name, builder.getI64IntegerAttr(v));
  };
  auto boolAttr = [&](StringRef name, bool v) {
    return builder.getNamedAttr(name, builder.getBoolAttr(v));
  };

  if (op == "Identity" || op == "Dropout") {
    FailureOr<Value> x = operand(0);
    if (failed(x))
      return failure();
    values[node.output(0)] = *x;
    return success();
  }
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") {
    FailureOr<Value> a = operand(0), b = operand(1);
    if (failed(a) || failed(b))
      return failure();
    if (op == "Add")
      return build<AddOp>(node, {*a, *b});
    if (op == "Sub")
      return build<SubOp>(node, {*a, *b});
    if (op == "Mul")
      return build<MulOp>(node, {*a, *b});
    return build<DivOp>(node, {*a, *b});
  }
  if (op == "Relu" || op == "Sigmoid") {
    FailureOr<Value> x = operand(0);
    if (failed(x))
      return failure();
    Operation *created =
        op == "Relu" ? ReluOp::create(builder, nodeLoc, *x).getOperation()
                     : SigmoidOp::create(builder, nodeLoc, *x).getOperation();
    return setResult(node, created);
  }
  if (op == "HardSigmoid") {
    FailureOr<Value> x = operand(0);
    if (failed(x))
      return failure();
    return setResult(node, HardSigmoidOp::create(
                               builder, nodeLoc, x->getType(), *x,
                               builder.getF32FloatAttr(getFloat(node, "alpha", 0.2f)),
                               builder.getF32FloatAttr(getFloat(node, "beta", 0.5f))));
  }
  if (op == "Clip") {
    FailureOr<Value> x = operand(0);
    if (failed(x))
      return failure();
    float lo = -std::numeric_limits<float>::infinity();
    float hi = std::numeric_limits<float>::infinity();
    if (opset < 11) {
      lo = getFloat(node, "min", lo);
      hi = getFloat(node, "max", hi);
    } else {
      for (int i = 1; i <= 2; ++i) {
        if (i >= node.input_size() || node.input(i).empty())
          continue;
        const HostTensor *c = getConstant(node, i);
        if (!c || c->getNumElements() != 1)
          return nodeError(node, "min and max must be constant scalars");
        (i == 1 ? lo : hi) = static_cast<float>(c->get(0));
      }
    }
    if (lo > hi)
      return nodeError(node, "min (" + std::to_string(lo) + ") exceeds max (" +
                                 std::to_string(hi) + ")");
    return setResult(node, ClipOp::create(builder, nodeLoc, x->getType(), *x,
                                          builder.getF32FloatAttr(lo),
                                          builder.getF32FloatAttr(hi)));
  }
  if (op == "Softmax") {
    FailureOr<Value> x = operand(0);
    if (failed(x))
      return failure();
    int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
    int64_t axis = getInt(node, "axis", opset < 13 ? 1 : -1);
    int64_t normalized = axis < 0 ? axis + rank : axis;
    if (opset < 13 && normalized != rank - 1)
      return nodeError(node, "Softmax before opset 13 flattens its input at "
                             "the axis; only the last axis is supported");
    if (normalized < 0 || normalized >= rank)
      return nodeError(node, "axis " + Twine(axis) + " out of range");
    return setResult(node, SoftmaxOp::create(builder, nodeLoc, x->getType(), *x,
                                             builder.getI64IntegerAttr(axis)));
  }
  if (op == "Conv") {
    FailureOr<Value> x = operand(0), w = operand(1);
    if (failed(x) || failed(w))
      return failure();
    FailureOr<Value> b = getOptionalValue(node, 2);
    if (failed(b))
      return failure();
    auto xType = cast<RankedTensorType>(x->getType());
    auto wType = cast<RankedTensorType>(w->getType());
    if (xType.getRank() != 4 || wType.getRank() != 4)
      return nodeError(node, "only 2-D convolutions (4-D tensors) are supported");
    SmallVector<NamedAttribute> attrs;
    if (failed(importWindowAttrs(node, xType.getShape(),
                                 wType.getShape().drop_front(2),
                                 /*dilated=*/true, attrs)))
      return failure();
    attrs.push_back(i64Attr("group", getInt(node, "group", 1)));
    SmallVector<Value> operands = {*x, *w};
    if (*b)
      operands.push_back(*b);
    return build<Conv2dOp>(node, operands, attrs);
  }
  if (op == "MaxPool" || op == "AveragePool") {
    FailureOr<Value> x = operand(0);
    if (failed(x))
      return failure();
    auto xType = cast<RankedTensorType>(x->getType());
    std::optional<SmallVector<int64_t>> kernel = getInts(node, "kernel_shape");
    if (!kernel || xType.getRank() != 4)
      return nodeError(node, "only 2-D pooling with kernel_shape is supported");
    if (getInt(node, "storage_order", 0) != 0)
      return nodeError(node, "storage_order 1 is not supported");
    bool isMax = op == "MaxPool";
    SmallVector<NamedAttribute> attrs;
    if (failed(importWindowAttrs(node, xType.getShape(), *kernel,
                                 /*dilated=*/isMax, attrs)))
      return failure();
    attrs.push_back(builder.getNamedAttr(
        "kernel_shape", builder.getDenseI64ArrayAttr(*kernel)));
    attrs.push_back(boolAttr("ceil_mode", getInt(node, "ceil_mode", 0) != 0));
    if (isMax)
      return build<MaxPool2dOp>(node, {*x}, attrs);
    attrs.push_back(boolAttr("count_include_pad",
                             getInt(node, "count_include_pad", 0) != 0));
    return build<AvgPool2dOp>(node, {*x}, attrs);
  }
  if (op == "GlobalAveragePool") {
    FailureOr<Value> x = operand(0);
    if (failed(x))
      return failure();
    if (cast<RankedTensorType>(x->getType()).getRank() != 4)
      return nodeError(node, "only 4-D inputs are supported");
    return build<GlobalAvgPool2dOp>(node, {*x});
  }
  if (op == "Gemm") {
    FailureOr<Value> a = operand(0), b = operand(1);
    FailureOr<Value> c = getOptionalValue(node, 2);
    if (failed(a) || failed(b) || failed(c))
      return failure();
    SmallVector<Value> operands = {*a, *b};
    if (*c)
      operands.push_back(*c);
    return build<GemmOp>(node, operands,
                         {f32Attr("alpha", getFloat(node, "alpha", 1.0f)),
                          f32Attr("beta", getFloat(node, "beta", 1.0f)),
                          boolAttr("trans_a", getInt(node, "transA", 0) != 0),
                          boolAttr("trans_b", getInt(node, "transB", 0) != 0)});
  }
  if (op == "MatMul") {
    FailureOr<Value> a = operand(0), b = operand(1);
    if (failed(a) || failed(b))
      return failure();
    return build<MatMulOp>(node, {*a, *b});
  }
  if (op == "BatchNormalization") {
    if (getInt(node, "training_mode", 0) != 0)
      return nodeError(node, "training mode is not supported");
    SmallVector<Value> operands;
    for (int i = 0; i < 5; ++i) {
      FailureOr<Value> v = operand(i);
      if (failed(v))
        return failure();
      operands.push_back(*v);
    }
    auto bn = BatchNormOp::create(
        builder, nodeLoc, operands[0].getType(), operands[0], operands[1],
        operands[2], operands[3], operands[4],
        builder.getF32FloatAttr(getFloat(node, "epsilon", 1e-5f)));
    if (failed(verify(bn))) {
      bn.erase();
      return nodeError(node, "invalid operands (see above)");
    }
    return setResult(node, bn);
  }
  if (op == "Flatten") {
    FailureOr<Value> x = operand(0);
    if (failed(x))
      return failure();
    return build<FlattenOp>(node, {*x}, {i64Attr("axis", getInt(node, "axis", 1))});
  }
  if (op == "Reshape" || op == "Squeeze" || op == "Unsqueeze") {
    FailureOr<SmallVector<int64_t>> inShape = getShapeOf(node, 0);
    if (failed(inShape))
      return failure();
    SmallVector<int64_t> shape;
    int64_t count = std::accumulate(inShape->begin(), inShape->end(), int64_t(1),
                                    std::multiplies<int64_t>());
    if (op == "Reshape") {
      const HostTensor *target = getConstant(node, 1);
      if (!target || target->isFloat)
        return nodeError(node, "the target shape must be a constant int64 "
                               "tensor (folded at import)");
      bool allowZero = getInt(node, "allowzero", 0) != 0;
      int64_t inferred = -1, known = 1;
      for (auto [i, value] : llvm::enumerate(target->ints)) {
        int64_t d = value;
        if (d == 0 && !allowZero) {
          if (i >= inShape->size())
            return nodeError(node, "0 copies a missing input dimension");
          d = (*inShape)[i];
        }
        if (d == -1) {
          if (inferred >= 0)
            return nodeError(node, "more than one -1 in the target shape");
          inferred = i;
          shape.push_back(1);
          continue;
        }
        if (d < 0)
          return nodeError(node, "negative dimension in the target shape");
        shape.push_back(d);
        known *= d;
      }
      if (inferred >= 0) {
        if (known == 0 || count % known)
          return nodeError(node, "cannot infer the -1 dimension");
        shape[inferred] = count / known;
      }
    } else {
      std::optional<SmallVector<int64_t>> axes = getInts(node, "axes");
      if (!axes && node.input_size() > 1) {
        const HostTensor *c = getConstant(node, 1);
        if (!c)
          return nodeError(node, "axes must be constant");
        axes = SmallVector<int64_t>(c->ints.begin(), c->ints.end());
      }
      shape = *inShape;
      if (op == "Unsqueeze") {
        if (!axes)
          return nodeError(node, "axes are required");
        int64_t rank = inShape->size() + axes->size();
        SmallVector<int64_t> sorted;
        for (int64_t a : *axes)
          sorted.push_back(a < 0 ? a + rank : a);
        llvm::sort(sorted);
        for (int64_t a : sorted) {
          if (a < 0 || a > static_cast<int64_t>(shape.size()))
            return nodeError(node, "axis out of range");
          shape.insert(shape.begin() + a, 1);
        }
      } else {
        int64_t rank = inShape->size();
        shape.clear();
        for (int64_t i = 0; i < rank; ++i) {
          bool squeezed =
              axes ? llvm::any_of(*axes, [&](int64_t a) {
                       return (a < 0 ? a + rank : a) == i;
                     })
                   : (*inShape)[i] == 1;
          if (squeezed && (*inShape)[i] != 1)
            return nodeError(node, "cannot squeeze a dimension of size " +
                                       Twine((*inShape)[i]));
          if (!squeezed)
            shape.push_back((*inShape)[i]);
        }
      }
    }
    if (const HostTensor *c = getConstant(node, 0)) {
      HostTensor t = *c;
      t.shape = shape;
      if (t.getNumElements() != c->getNumElements())
        return nodeError(node, "the target shape changes the element count");
      constants[node.output(0)] = std::move(t);
      return success();
    }
    FailureOr<Value> x = operand(0);
    if (failed(x))
      return failure();
    auto type = RankedTensorType::get(shape, builder.getF32Type());
    if (type.getNumElements() != count)
      return nodeError(node, "the target shape changes the element count");
    return setResult(node, ReshapeOp::create(builder, nodeLoc, type, *x));
  }
  if (op == "Transpose") {
    FailureOr<Value> x = operand(0);
    if (failed(x))
      return failure();
    int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
    SmallVector<int64_t> perm;
    if (std::optional<SmallVector<int64_t>> p = getInts(node, "perm"))
      perm = *p;
    else
      for (int64_t i = rank - 1; i >= 0; --i)
        perm.push_back(i);
    return build<TransposeOp>(
        node, {*x},
        {builder.getNamedAttr("perm", builder.getDenseI64ArrayAttr(perm))});
  }
  if (op == "Concat") {
    SmallVector<Value> inputs;
    for (int i = 0; i < node.input_size(); ++i) {
      FailureOr<Value> v = operand(i);
      if (failed(v))
        return failure();
      inputs.push_back(*v);
    }
    return build<ConcatOp>(node, inputs, {i64Attr("axis", getInt(node, "axis", 0))});
  }
  if (op == "Pad") {
    FailureOr<Value> x = operand(0);
    if (failed(x))
      return failure();
    std::string mode = getString(node, "mode", "constant");
    if (mode != "constant")
      return nodeError(node, "only constant padding is supported, not '" +
                                 mode + "'");
    SmallVector<int64_t> pads;
    float value = 0.0f;
    if (opset < 11) {
      pads = getInts(node, "pads").value_or(SmallVector<int64_t>());
      value = getFloat(node, "value", 0.0f);
    } else {
      const HostTensor *p = getConstant(node, 1);
      if (!p || p->isFloat)
        return nodeError(node, "pads must be a constant int64 tensor");
      pads.assign(p->ints.begin(), p->ints.end());
      if (node.input_size() > 2 && !node.input(2).empty()) {
        const HostTensor *v = getConstant(node, 2);
        if (!v || v->getNumElements() != 1)
          return nodeError(node, "constant_value must be a constant scalar");
        value = static_cast<float>(v->get(0));
      }
      if (node.input_size() > 3 && !node.input(3).empty())
        return nodeError(node, "the axes input is not supported");
    }
    return build<PadOp>(
        node, {*x},
        {builder.getNamedAttr("pads", builder.getDenseI64ArrayAttr(pads)),
         f32Attr("value", value)});
  }
  if (op == "ReduceMean") {
    FailureOr<Value> x = operand(0);
    if (failed(x))
      return failure();
    std::optional<SmallVector<int64_t>> axes = getInts(node, "axes");
    if (!axes && node.input_size() > 1 && !node.input(1).empty()) {
      const HostTensor *c = getConstant(node, 1);
      if (!c)
        return nodeError(node, "axes must be constant");
      axes = SmallVector<int64_t>(c->ints.begin(), c->ints.end());
    }
    if (!axes || axes->empty()) {
      if (getInt(node, "noop_with_empty_axes", 0))
        return nodeError(node, "noop_with_empty_axes is not supported");
      axes.emplace();
      for (int64_t i = 0, e = cast<RankedTensorType>(x->getType()).getRank();
           i < e; ++i)
        axes->push_back(i);
    }
    return build<ReduceMeanOp>(
        node, {*x},
        {builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr(*axes)),
         boolAttr("keepdims", getInt(node, "keepdims", 1) != 0)});
  }
  return nodeError(node, "unsupported ONNX op '" + op + "'");
}

//===----------------------------------------------------------------------===//
// Model
//===----------------------------------------------------------------------===//

/// ONNX ops the importer knows, to name unsupported ones before ONNX shape
/// inference (whose messages are less direct) sees them.
static bool isKnownOp(StringRef op) {
  static const llvm::StringSet<> known = {
      "Add", "AveragePool", "BatchNormalization", "Cast", "Clip", "Concat",
      "Constant", "ConstantOfShape", "Conv", "Div", "Dropout", "Flatten",
      "Gather", "Gemm", "GlobalAveragePool", "HardSigmoid", "Identity",
      "MatMul", "MaxPool", "Mul", "Pad", "ReduceMean", "Relu", "Reshape",
      "Shape", "Sigmoid", "Softmax", "Squeeze", "Sub", "Transpose",
      "Unsqueeze"};
  return known.contains(op);
}

OwningOpRef<ModuleOp> Importer::run(StringRef bytes) {
  onnx::ModelProto model;
  if (bytes.size() > static_cast<size_t>(INT32_MAX) ||
      !model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    error(fileLoc) << "not a valid ONNX model: the protobuf message is "
                      "malformed or truncated";
    return nullptr;
  }
  if (!model.has_graph()) {
    error(fileLoc) << "not a valid ONNX model: it has no graph";
    return nullptr;
  }
  for (const auto &imp : model.opset_import())
    if (imp.domain().empty() || imp.domain() == "ai.onnx")
      opset = imp.version();
  const onnx::GraphProto &graph = model.graph();
  for (const onnx::NodeProto &node : graph.node()) {
    if (!isKnownOp(node.op_type()) ||
        (!node.domain().empty() && node.domain() != "ai.onnx")) {
      emitError(fileLoc) << "unsupported ONNX op '" << node.op_type()
                         << "' (node '" << node.name() << "')";
      return nullptr;
    }
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
      if (!positive) {
        emitError(fileLoc) << "node '" << node.name() << "' ("
                           << node.op_type() << "): '" << attr.name()
                           << "' must be positive";
        return nullptr;
      }
    }
  }
  // A graph output listed twice would be one value returned twice, which
  // the lowering's result-to-argument conversion cannot take apart.
  llvm::StringSet<> outputNames;
  for (const onnx::ValueInfoProto &output : graph.output())
    if (!outputNames.insert(output.name()).second) {
      emitError(fileLoc) << "graph output '" << output.name()
                         << "' is listed twice";
      return nullptr;
    }

  // libonnx throws on invalid models; nothing else in this file throws.
  try {
    onnx::checker::check_model(model);
    onnx::ShapeInferenceOptions inferOptions(/*check_type=*/true,
                                             /*error_mode=*/1,
                                             /*data_prop=*/true);
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                       inferOptions);
  } catch (const std::exception &e) {
    error(fileLoc) << "ONNX rejected the model: " << e.what();
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
  for (const onnx::ValueInfoProto &info : graph.output())
    collectShape(info);

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());

  for (const onnx::TensorProto &init : graph.initializer()) {
    nodeLoc = NameLoc::get(builder.getStringAttr(init.name()), fileLoc);
    FailureOr<HostTensor> t = readTensor(init);
    if (failed(t))
      return nullptr;
    constants[init.name()] = std::move(*t);
  }

  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (constants.count(input.name()))
      continue;
    FailureOr<RankedTensorType> type = convertType(input.type(), input.name());
    if (failed(type))
      return nullptr;
    argTypes.push_back(*type);
    argNames.push_back(input.name());
  }
  SmallVector<Type> resultTypes;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    FailureOr<RankedTensorType> type =
        convertType(output.type(), output.name());
    if (failed(type))
      return nullptr;
    resultTypes.push_back(*type);
  }

  auto func = func::FuncOp::create(builder, fileLoc, "main",
                                    builder.getFunctionType(argTypes, resultTypes));
  Block *entry = func.addEntryBlock();
  for (auto [i, name] : llvm::enumerate(argNames)) {
    values[name] = entry->getArgument(i);
    func.setArgAttr(i, "mini.name", builder.getStringAttr(name));
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
      error(fileLoc) << "graph output '" << output.name()
                     << "' is not produced by any node";
      return nullptr;
    }
    results.push_back(v);
  }
  for (auto [v, type] : llvm::zip(results, resultTypes))
    if (v.getType() != type) {
      error(fileLoc) << "graph output has type " << v.getType()
                     << " but the model declares " << type;
      return nullptr;
    }
  func::ReturnOp::create(builder, fileLoc, results);
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> mini::importONNXModel(StringRef bytes,
                                            MLIRContext *context,
                                            Location fileLoc,
                                            const ImportONNXOptions &options) {
  context->loadDialect<MiniDialect, func::FuncDialect>();
  Importer importer(context, fileLoc, options);
  return importer.run(bytes);
}

void mini::registerImportONNXTranslation() {
  static llvm::cl::opt<bool> elideWeights(
      "onnx-elide-weights",
      llvm::cl::desc("Import initializers as dense_resource<__elided__> "
                     "(for planning without printing weights)"),
      llvm::cl::init(false));
  TranslateToMLIRRegistration registration(
      "import-onnx", "Import an ONNX model into the mini dialect",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        Location loc =
            FileLineColLoc::get(context, buffer->getBufferIdentifier(), 0, 0);
        ImportONNXOptions options;
        options.elideWeights = elideWeights;
        return importONNXModel(buffer->getBuffer(), context, loc, options);
      },
      [](DialectRegistry &registry) {
        registry.insert<MiniDialect, func::FuncDialect>();
      });
}
