//===- MiniDialect.h - mini dialect -----------------------------*- C++ -*-===//
//
// The `mini` dialect: static-shaped f32 tensor ops for CNN inference.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_DIALECT_MINI_IR_MINIDIALECT_H
#define MINI_DIALECT_MINI_IR_MINIDIALECT_H

#include "mlir/IR/Dialect.h"

#include "mini/Dialect/Mini/IR/MiniOpsDialect.h.inc"

#endif // MINI_DIALECT_MINI_IR_MINIDIALECT_H
