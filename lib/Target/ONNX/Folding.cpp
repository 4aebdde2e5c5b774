//===- Folding.cpp - input-independent ONNX subgraphs folded on the host --===//
//
// Shape arithmetic (Shape, Gather, Concat, Range, integer Add/Mul/Div...),
// masks (Equal, Where, Not on constants) and constants (ConstantOfShape,
// Expand, ScatterND) are computed at import on HostTensors, as onnx-mlir
// and torch-mlir fold them. Every fold that builds a tensor checks its
// element count against kMaxFoldedElements before allocating.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include <cmath>

using namespace mlir;
using namespace mini;
using namespace mini::onnx_import;

FailureOr<HostTensor>
mini::onnx_import::foldConstant(Importer &im, const onnx::NodeProto &node,
                                ArrayRef<const HostTensor *>) {
  if (const onnx::AttributeProto *a = im.findAttr(node, "value")) {
    FailureOr<HostTensor> t = im.readTensor(a->t());
    if (failed(t))
      return failure();
    return std::move(*t);
  }
  if (const onnx::AttributeProto *a = im.findAttr(node, "value_float")) {
    HostTensor t;
    t.floats = {a->f()};
    return t;
  }
  if (const onnx::AttributeProto *a = im.findAttr(node, "value_floats")) {
    HostTensor t;
    t.floats.assign(a->floats().begin(), a->floats().end());
    t.shape = {static_cast<int64_t>(t.floats.size())};
    return t;
  }
  if (const onnx::AttributeProto *a = im.findAttr(node, "value_int"))
    return HostTensor::ofInts({}, {a->i()});
  if (const onnx::AttributeProto *a = im.findAttr(node, "value_ints"))
    return HostTensor::ofInts(
        {static_cast<int64_t>(a->ints_size())},
        std::vector<int64_t>(a->ints().begin(), a->ints().end()));
  return im.nodeError(node, "Constant without a supported value");
}

FailureOr<HostTensor>
mini::onnx_import::foldIdentity(Importer &, const onnx::NodeProto &,
                                ArrayRef<const HostTensor *> in) {
  return *in[0];
}

FailureOr<HostTensor>
mini::onnx_import::foldCast(Importer &im, const onnx::NodeProto &node,
                            ArrayRef<const HostTensor *> in) {
  HostTensor t;
  t.shape = in[0]->shape;
  int64_t to = im.getInt(node, "to", onnx::TensorProto::FLOAT);
  switch (to) {
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::DOUBLE:
    t.kind = HostTensor::Kind::Float;
    break;
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
    t.kind = HostTensor::Kind::Float;
    t.floatFormat = to == onnx::TensorProto::FLOAT16
                        ? HostTensor::FloatFormat::F16
                        : HostTensor::FloatFormat::BF16;
    break;
  case onnx::TensorProto::BOOL:
    t.kind = HostTensor::Kind::Bool;
    break;
  case onnx::TensorProto::UINT8:
    // As int8 shifted by -128 (Importer::isUint8): the value modulo 256,
    // as NumPy's astype casts, minus 128.
    t.kind = HostTensor::Kind::Int;
    t.intBits = 8;
    t.uint8 = true;
    for (int64_t i = 0, n = in[0]->getNumElements(); i < n; ++i) {
      double v = in[0]->get(i);
      if (!std::isfinite(v))
        return im.nodeError(node, "casts a value that is not finite to "
                                  "uint8");
      int64_t wrapped = static_cast<int64_t>(std::fmod(std::trunc(v), 256.0));
      t.ints.push_back((wrapped < 0 ? wrapped + 256 : wrapped) - 128);
    }
    return t;
  default:
    t.kind = HostTensor::Kind::Int;
    break;
  }
  // (A uint8 input never gets here: Cast refuses one, OpEntry::uint8.)
  for (int64_t i = 0, n = in[0]->getNumElements(); i < n; ++i)
    t.push(in[0]->get(i));
  return t;
}

FailureOr<HostTensor>
mini::onnx_import::mapBroadcast(Importer &im, const onnx::NodeProto &node,
                                ArrayRef<const HostTensor *> inputs,
                                HostTensor::Kind kind,
                                function_ref<double(ArrayRef<double>)> fn) {
  size_t rank = 0;
  for (const HostTensor *t : inputs)
    rank = std::max(rank, t->shape.size());
  SmallVector<int64_t> shape(rank, 1);
  for (const HostTensor *t : inputs) {
    size_t lead = rank - t->shape.size();
    for (size_t i = 0; i < t->shape.size(); ++i) {
      int64_t d = t->shape[i], &r = shape[lead + i];
      if (d != r && d != 1 && r != 1)
        return im.nodeError(node, "operand shapes do not broadcast");
      if (d != 1)
        r = d;
    }
  }
  if (failed(checkElementCount(im.nodeLoc, shape, kMaxFoldedElements,
                               "the folded '" + node.name() + "'")))
    return failure();
  HostTensor out;
  out.shape = shape;
  out.kind = kind;
  // The element type (integer width, float format) of the first input of
  // that kind; never uint8 (the op table refuses uint8 arithmetic).
  for (const HostTensor *t : inputs)
    if (t->kind == kind) {
      out.setElementTypeOf(*t);
      out.uint8 = false;
      break;
    }
  SmallVector<int64_t> strides = getStrides(shape);
  SmallVector<SmallVector<int64_t>> inStrides;
  for (const HostTensor *t : inputs)
    inStrides.push_back(getStrides(t->shape));
  SmallVector<double> args(inputs.size());
  for (int64_t flat = 0, n = out.getNumElements(); flat < n; ++flat) {
    for (auto [k, t] : llvm::enumerate(inputs)) {
      size_t lead = rank - t->shape.size();
      int64_t index = 0;
      for (size_t i = lead; i < rank; ++i)
        if (t->shape[i - lead] != 1)
          index += ((flat / strides[i]) % shape[i]) * inStrides[k][i - lead];
      args[k] = t->get(index);
    }
    out.push(fn(args));
  }
  return out;
}

FailureOr<HostTensor>
mini::onnx_import::foldWhere(Importer &im, const onnx::NodeProto &node,
                             ArrayRef<const HostTensor *> in) {
  if (in.size() != 3 || !in[0] || !in[1] || !in[2])
    return im.nodeError(node, "needs three inputs");
  if (in[1]->kind != in[2]->kind)
    return im.nodeError(node, "X and Y have different element types");
  return mapBroadcast(im, node, in, in[1]->kind, [](ArrayRef<double> v) {
    return v[0] != 0 ? v[1] : v[2];
  });
}

FailureOr<HostTensor>
mini::onnx_import::foldExpand(Importer &im, const onnx::NodeProto &node,
                              ArrayRef<const HostTensor *> in) {
  if (in.size() != 2 || !in[1] || in[1]->isFloat())
    return im.nodeError(node, "the shape must be an integer tensor");
  HostTensor target;
  target.shape.assign(in[1]->ints.begin(), in[1]->ints.end());
  if (llvm::any_of(target.shape, [](int64_t d) { return d < 0; }))
    return im.nodeError(node, "the shape has a negative dimension");
  if (failed(checkElementCount(im.nodeLoc, target.shape, kMaxFoldedElements,
                               "the folded '" + node.name() + "'")))
    return failure();
  target.setElementTypeOf(*in[0]);
  for (int64_t i = 0, n = target.getNumElements(); i < n; ++i)
    target.push(0);
  return mapBroadcast(im, node, {in[0], &target}, in[0]->kind,
                      [](ArrayRef<double> v) { return v[0]; });
}

FailureOr<HostTensor>
mini::onnx_import::foldConcat(Importer &im, const onnx::NodeProto &node,
                              ArrayRef<const HostTensor *> in) {
  const HostTensor &x = *in[0];
  FailureOr<int64_t> axisOr = im.getAxis(node, x.shape.size());
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr;
  HostTensor t;
  t.setElementTypeOf(x);
  t.shape = x.shape;
  t.shape[axis] = 0;
  for (const HostTensor *c : in) {
    if (!c || c->shape.size() != x.shape.size() || c->kind != x.kind)
      return im.nodeError(node, "inputs of different ranks or types");
    t.shape[axis] += c->shape[axis];
  }
  int64_t outer = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= x.shape[i];
  for (int64_t o = 0; o < outer; ++o)
    for (const HostTensor *c : in) {
      int64_t inner = c->getNumElements() / std::max<int64_t>(outer, 1);
      for (int64_t i = 0; i < inner; ++i)
        t.pushFrom(*c, o * inner + i);
    }
  return t;
}

FailureOr<HostTensor>
mini::onnx_import::foldGather(Importer &im, const onnx::NodeProto &node,
                              ArrayRef<const HostTensor *> in) {
  if (in.size() != 2 || !in[1] || in[1]->isFloat())
    return im.nodeError(node, "the indices must be an integer tensor");
  const HostTensor &x = *in[0];
  const HostTensor &indices = *in[1];
  int64_t rank = x.shape.size();
  FailureOr<int64_t> axisOr = im.getAxis(node, rank);
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr;
  HostTensor t;
  t.setElementTypeOf(x);
  t.shape.assign(x.shape.begin(), x.shape.begin() + axis);
  t.shape.append(indices.shape.begin(), indices.shape.end());
  t.shape.append(x.shape.begin() + axis + 1, x.shape.end());
  if (failed(checkElementCount(im.nodeLoc, t.shape, kMaxFoldedElements,
                               "the folded '" + node.name() + "'")))
    return failure();
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= x.shape[i];
  for (int64_t i = axis + 1; i < rank; ++i)
    inner *= x.shape[i];
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t index : indices.ints) {
      int64_t k = index < 0 ? index + x.shape[axis] : index;
      if (k < 0 || k >= x.shape[axis])
        return im.nodeError(node, "index " + Twine(index) + " out of range");
      for (int64_t i = 0; i < inner; ++i)
        t.pushFrom(x, (o * x.shape[axis] + k) * inner + i);
    }
  return t;
}

FailureOr<HostTensor>
mini::onnx_import::foldConstantOfShape(Importer &im,
                                       const onnx::NodeProto &node,
                                       ArrayRef<const HostTensor *> in) {
  HostTensor t;
  t.shape.assign(in[0]->ints.begin(), in[0]->ints.end());
  if (failed(checkElementCount(im.nodeLoc, t.shape, kMaxFoldedElements,
                               "the folded ConstantOfShape '" + node.name() +
                                   "'")))
    return failure();
  double value = 0.0;
  if (const onnx::AttributeProto *a = im.findAttr(node, "value")) {
    FailureOr<HostTensor> v = im.readTensor(a->t());
    if (failed(v) || v->getNumElements() != 1)
      return im.nodeError(node, "value must hold one element");
    // The value's type: a uint8 value stays uint8 (shifted, and marked so
    // by defineConstant).
    t.setElementTypeOf(*v);
    value = v->get(0);
  }
  for (int64_t i = 0, n = t.getNumElements(); i < n; ++i)
    t.push(value);
  return t;
}

FailureOr<HostTensor>
mini::onnx_import::foldRange(Importer &im, const onnx::NodeProto &node,
                             ArrayRef<const HostTensor *> in) {
  if (in.size() != 3 || llvm::any_of(in, [](const HostTensor *t) {
        return !t || t->getNumElements() != 1;
      }))
    return im.nodeError(node, "start, limit and delta must be scalars");
  double start = in[0]->get(0), limit = in[1]->get(0), delta = in[2]->get(0);
  if (delta == 0)
    return im.nodeError(node, "delta must be non-zero");
  double count = std::max(std::ceil((limit - start) / delta), 0.0);
  if (!(count <= static_cast<double>(kMaxFoldedElements)))
    return im.nodeError(node, "the folded range has more than " +
                                  Twine(kMaxFoldedElements) + " elements");
  HostTensor t;
  t.setElementTypeOf(*in[0]);
  t.shape = {static_cast<int64_t>(count)};
  for (int64_t i = 0; i < t.shape[0]; ++i)
    t.push(start + static_cast<double>(i) * delta);
  return t;
}

FailureOr<HostTensor>
mini::onnx_import::foldSlice(Importer &im, const onnx::NodeProto &node,
                             ArrayRef<const HostTensor *> in) {
  const HostTensor &x = *in[0];
  SmallVector<int64_t> args[4];
  for (int i = 1; i < 5 && i < static_cast<int>(in.size()); ++i) {
    if (!in[i])
      continue;
    if (in[i]->isFloat())
      return im.nodeError(node, "starts, ends, axes and steps must be "
                                "integer tensors");
    args[i - 1].assign(in[i]->ints.begin(), in[i]->ints.end());
  }
  SmallVector<int64_t> offsets, sizes, strides;
  if (failed(normalizeSlice(im.nodeLoc, x.shape, args[0], args[1], args[2],
                            args[3], offsets, sizes, strides,
                            /*allowEmpty=*/true)))
    return failure();
  HostTensor t;
  t.setElementTypeOf(x);
  t.shape = sizes;
  SmallVector<int64_t> inStrides = getStrides(x.shape);
  SmallVector<int64_t> outStrides = getStrides(sizes);
  for (int64_t flat = 0, n = t.getNumElements(); flat < n; ++flat) {
    int64_t index = 0;
    for (size_t d = 0; d < sizes.size(); ++d)
      index += (offsets[d] + ((flat / outStrides[d]) % sizes[d]) * strides[d]) *
               inStrides[d];
    t.pushFrom(x, index);
  }
  return t;
}

FailureOr<HostTensor>
mini::onnx_import::foldTranspose(Importer &im, const onnx::NodeProto &node,
                                 ArrayRef<const HostTensor *> in) {
  const HostTensor &x = *in[0];
  int64_t rank = x.shape.size();
  SmallVector<int64_t> perm = im.getPerm(node, rank);
  SmallVector<int64_t> sorted(perm);
  llvm::sort(sorted);
  bool isPermutation = static_cast<int64_t>(sorted.size()) == rank;
  for (int64_t i = 0; isPermutation && i < rank; ++i)
    isPermutation = sorted[i] == i;
  if (!isPermutation)
    return im.nodeError(node, "perm is not a permutation of the dimensions");
  return transposeHostTensor(x, perm);
}

HostTensor mini::onnx_import::transposeHostTensor(const HostTensor &x,
                                                  ArrayRef<int64_t> perm) {
  HostTensor t;
  t.setElementTypeOf(x);
  for (int64_t p : perm)
    t.shape.push_back(x.shape[p]);
  SmallVector<int64_t> inStrides = getStrides(x.shape);
  SmallVector<int64_t> outStrides = getStrides(t.shape);
  for (int64_t flat = 0, n = t.getNumElements(); flat < n; ++flat) {
    int64_t index = 0;
    for (size_t d = 0; d < perm.size(); ++d)
      index += ((flat / outStrides[d]) % t.shape[d]) * inStrides[perm[d]];
    t.pushFrom(x, index);
  }
  return t;
}

FailureOr<HostTensor>
mini::onnx_import::foldScatterND(Importer &im, const onnx::NodeProto &node,
                                 ArrayRef<const HostTensor *> in) {
  if (im.getString(node, "reduction", "none") != "none")
    return im.nodeError(node, "only reduction 'none' is supported");
  if (in.size() != 3 || !in[1] || !in[2] || in[1]->isFloat() ||
      in[1]->shape.empty() || in[2]->kind != in[0]->kind)
    return im.nodeError(node, "needs data, integer indices and updates of "
                              "the data's type");
  HostTensor t = *in[0];
  const HostTensor &indices = *in[1], &updates = *in[2];
  int64_t depth = indices.shape.back();
  int64_t rank = t.shape.size();
  if (depth > rank)
    return im.nodeError(node, "index tuples are longer than the data's rank");
  SmallVector<int64_t> strides = getStrides(t.shape);
  int64_t slice = 1;
  for (int64_t d = depth; d < rank; ++d)
    slice *= t.shape[d];
  int64_t tuples = indices.getNumElements() / std::max<int64_t>(depth, 1);
  if (updates.getNumElements() != tuples * slice)
    return im.nodeError(node, "updates do not match the indices");
  for (int64_t k = 0; k < tuples; ++k) {
    int64_t base = 0;
    for (int64_t d = 0; d < depth; ++d) {
      int64_t i = indices.ints[k * depth + d];
      if (i < 0)
        i += t.shape[d];
      if (i < 0 || i >= t.shape[d])
        return im.nodeError(node, "index out of range");
      base += i * strides[d];
    }
    for (int64_t e = 0; e < slice; ++e) {
      if (t.isFloat())
        t.floats[base + e] = updates.floats[k * slice + e];
      else
        t.ints[base + e] = updates.ints[k * slice + e];
    }
  }
  return t;
}
