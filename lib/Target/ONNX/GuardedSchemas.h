//===- GuardedSchemas.h - libonnx shape inference behind checks -*- C++ -*-===//
//
// libonnx's shape inference trusts some inputs it should check: a Conv or
// pooling node whose input and weight ranks disagree, or whose kernel_shape,
// strides, dilations or pads do not match the spatial rank, reads out of
// bounds; and after one node's inference fails it goes on with the next
// ones, some of which read through their inputs' missing types (both found
// by the ONNX importer's fuzz target). The registry here hands shape
// inference the same schemas, their inference functions behind those checks
// (failing as libonnx's own errors do, with an exception the importer turns
// into a diagnostic) and inferring nothing after a failure.
//===----------------------------------------------------------------------===//

#ifndef MINI_LIB_TARGET_ONNX_GUARDEDSCHEMAS_H
#define MINI_LIB_TARGET_ONNX_GUARDEDSCHEMAS_H

#include <onnx/defs/schema.h>

namespace mini::onnx_import {

/// The default schema registry, its inference functions guarded as above;
/// call it once per InferShapes call (it resets the failure of the previous
/// call on this thread). Thread-safe; lives for the whole process.
const onnx::ISchemaRegistry *getGuardedSchemaRegistry();

} // namespace mini::onnx_import

#endif // MINI_LIB_TARGET_ONNX_GUARDEDSCHEMAS_H
