//===- GuardedSchemas.cpp - libonnx shape inference behind checks ---------===//
//
// Built with exceptions, like Importer.cpp: the checks throw libonnx's
// InferenceError.
//
//===----------------------------------------------------------------------===//

#include "GuardedSchemas.h"

#include <onnx/defs/shape_inference.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

using namespace mini::onnx_import;

namespace {

/// Fails unless attribute `name`, when present, holds `count` integers.
void checkLength(onnx::InferenceContext &ctx, const char *name, int64_t count) {
  const onnx::AttributeProto *attr = ctx.getAttribute(name);
  if (attr && attr->ints_size() != count)
    fail_shape_inference("'", name, "' has ", attr->ints_size(),
                         " values, the input has ", count,
                         " spatial dimensions");
}

/// The checks of a convolution or pooling node, from its input's rank.
void checkConvPool(onnx::InferenceContext &ctx, bool hasWeights) {
  if (!onnx::hasInputShape(ctx, 0))
    return;
  int64_t rank = ctx.getInputType(0)->tensor_type().shape().dim_size();
  if (rank < 3)
    fail_shape_inference("the input has rank ", rank,
                         ", at least 3 (N, C, spatial) is needed");
  if (hasWeights && onnx::hasInputShape(ctx, 1)) {
    int64_t weightRank = ctx.getInputType(1)->tensor_type().shape().dim_size();
    if (weightRank != rank)
      fail_shape_inference("the weights have rank ", weightRank, ", the input ",
                           rank);
  }
  for (const char *name : {"kernel_shape", "strides", "dilations"})
    checkLength(ctx, name, rank - 2);
  checkLength(ctx, "pads", 2 * (rank - 2));
}

/// The checks of a LayerNormalization node: libonnx 1.12 reads the
/// normalized dimensions without checking `axis` against the input's rank,
/// and crashes on a scalar input (found by the importer's fuzz target).
void checkLayerNorm(onnx::InferenceContext &ctx) {
  if (!onnx::hasInputShape(ctx, 0))
    return;
  int64_t rank = ctx.getInputType(0)->tensor_type().shape().dim_size();
  const onnx::AttributeProto *attr = ctx.getAttribute("axis");
  int64_t axis = attr ? attr->i() : -1;
  if (rank == 0 || axis < -rank || axis >= rank)
    fail_shape_inference("axis ", axis,
                         " is out of range for an input of "
                         "rank ",
                         rank);
}

/// Whether a node's inference has failed in the current InferShapes call:
/// libonnx then goes on with the next nodes (error_mode 1 collects the
/// errors), whose inputs have no types, and some inference functions read
/// through those null types (found by the importer's fuzz target). Once one
/// has failed, the guarded functions infer nothing more; the first error is
/// still reported.
thread_local bool inferenceFailed = false;

class GuardedSchemaRegistry final : public onnx::ISchemaRegistry {
public:
  const onnx::OpSchema *GetSchema(const std::string &key,
                                  const int maxInclusiveVersion,
                                  const std::string &domain) const override {
    const onnx::OpSchema *schema =
        onnx::OpSchemaRegistry::Schema(key, maxInclusiveVersion, domain);
    if (!schema)
      return schema;
    bool hasWeights = key == "Conv" || key == "ConvTranspose";
    bool isWindowed = hasWeights || key == "MaxPool" || key == "AveragePool" ||
                      key == "LpPool";
    bool isLayerNorm = key == "LayerNormalization";
    std::lock_guard<std::mutex> lock(mutex);
    std::unique_ptr<onnx::OpSchema> &guarded = guardedOf[schema];
    if (!guarded) {
      guarded = std::make_unique<onnx::OpSchema>(*schema);
      onnx::InferenceFunction infer =
          schema->GetTypeAndShapeInferenceFunction();
      guarded->TypeAndShapeInferenceFunction(
          [infer, hasWeights, isWindowed,
           isLayerNorm](onnx::InferenceContext &ctx) {
            if (inferenceFailed)
              return;
            try {
              if (isWindowed)
                checkConvPool(ctx, hasWeights);
              if (isLayerNorm)
                checkLayerNorm(ctx);
              if (infer)
                infer(ctx);
            } catch (...) {
              inferenceFailed = true;
              throw;
            }
          });
    }
    return guarded.get();
  }

private:
  mutable std::mutex mutex;
  mutable std::map<const onnx::OpSchema *, std::unique_ptr<onnx::OpSchema>>
      guardedOf;
};

} // namespace

const onnx::ISchemaRegistry *mini::onnx_import::getGuardedSchemaRegistry() {
  static GuardedSchemaRegistry registry;
  inferenceFailed = false;
  return &registry;
}
