//===- GuardedSchemas.h - libonnx shape inference behind checks -*- C++ -*-===//
//
// libonnx's shape inference trusts some inputs it should check: a Conv or
// pooling node whose input and weight ranks disagree, or whose kernel_shape,
// strides, dilations or pads do not match the spatial rank, reads out of
// bounds (found by the ONNX importer's fuzz target). The registry here hands
// shape inference the same schemas, their inference functions preceded by
// those checks, which fail as libonnx's own errors do (an exception the
// importer turns into a diagnostic).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_LIB_TARGET_ONNX_GUARDEDSCHEMAS_H
#define MINI_LIB_TARGET_ONNX_GUARDEDSCHEMAS_H

#include <onnx/defs/schema.h>

namespace mini::onnx_import {

/// The default schema registry, with the checks above in front of the
/// shape inference of Conv, ConvTranspose, MaxPool, AveragePool and LpPool.
/// Thread-safe; lives for the whole process.
const onnx::ISchemaRegistry *getGuardedSchemaRegistry();

} // namespace mini::onnx_import

#endif // MINI_LIB_TARGET_ONNX_GUARDEDSCHEMAS_H
