//===- GraphChecks.cpp - the model checked before import
//--------------------===//
//
// What the importer checks before it builds anything: every node an op of
// the table at the model's opset with its schema's attributes, the graph's
// outputs, the initializers' and constants' data against their sizes, then
// libonnx's checker and shape inference (which report errors by
// exceptions, caught here), whose static shapes the import compares with
// mini's.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "GuardedSchemas.h"

#include "llvm/ADT/StringSet.h"

#include "onnx/checker.h"
#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

#include <exception>

using namespace mlir;
using namespace mini;
using namespace mini::onnx_import;

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
    return error() << "unsupported ONNX op '" << node.op_type() << "' at opset "
                   << opset;
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

LogicalResult Importer::checkGraph(onnx::ModelProto &model) {
  for (const auto &imp : model.opset_import())
    if (imp.domain().empty() || imp.domain() == "ai.onnx")
      opset = imp.version();
  const onnx::GraphProto &graph = model.graph();
  this->graph = &graph;
  for (const onnx::NodeProto &node : graph.node())
    if (failed(checkNodeSupported(node)))
      return failure();
  // A graph output listed twice would be one value returned twice, which
  // the lowering's result-to-argument conversion cannot take apart.
  llvm::StringSet<> outputNames;
  for (const onnx::ValueInfoProto &output : graph.output())
    if (!outputNames.insert(output.name()).second) {
      emitError(fileLoc) << "graph output '" << output.name()
                         << "' is listed twice";
      return failure();
    }

  // Tensors are read (and their sizes checked against their data) before
  // libonnx sees them: its data propagation reads an initializer or a
  // Constant's value as its dims say, past data that is shorter (found by
  // the importer's fuzz target).
  for (const onnx::TensorProto &init : graph.initializer()) {
    nodeLoc = NameLoc::get(builder.getStringAttr(init.name()), fileLoc);
    FailureOr<HostTensor> t = readTensor(init);
    if (failed(t))
      return failure();
    if (t->uint8)
      uint8Values.insert(init.name());
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
        return failure();
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
    return failure();
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

  return success();
}
