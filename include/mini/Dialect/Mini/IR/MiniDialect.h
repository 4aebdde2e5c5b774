//===- MiniDialect.h - mini dialect -----------------------------*- C++ -*-===//
//
// The `mini` dialect: tensor ops of networks imported from ONNX, and its
// discardable attributes (MiniDialect.td).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_DIALECT_MINI_IR_MINIDIALECT_H
#define MINI_DIALECT_MINI_IR_MINIDIALECT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/Operation.h"

#include "mini/Dialect/Mini/IR/MiniOpsDialect.h.inc"

#endif // MINI_DIALECT_MINI_IR_MINIDIALECT_H
