//===- Attributes.cpp - a node's attributes and diagnostics
//-----------------===//
//
// The attribute binder of the op functions (typed attributes with their
// defaults) and the diagnostics that name a node.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

using namespace mlir;
using namespace mini;
using namespace mini::onnx_import;

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

FailureOr<int64_t> Importer::getAxis(const onnx::NodeProto &node, int64_t rank,
                                     int64_t dflt) {
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
