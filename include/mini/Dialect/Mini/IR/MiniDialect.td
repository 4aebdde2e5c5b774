//===- MiniDialect.td - mini tensor dialect definition -----*- tablegen -*-===//
//
// The `mini` dialect models the inference graph of a network (CNN or
// transformer) imported from ONNX, on static-shaped ranked tensors.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_DIALECT_MINI_IR_MINIDIALECT_TD
#define MINI_DIALECT_MINI_IR_MINIDIALECT_TD

include "mlir/IR/OpBase.td"

def Mini_Dialect : Dialect {
  let name = "mini";
  let summary = "Static-shaped tensor ops for CNN and transformer inference, imported from ONNX";
  let description = [{
    The `mini` dialect holds the operators of networks imported from ONNX
    (opsets 7 to 21; ONNX's default domain): convolutions, matrix products
    with batching, pooling, elementwise arithmetic and math with NumPy
    broadcasting, activations, comparisons and select, reductions, softmax,
    batch and layer normalization, GELU, shape and data movement ops (slice,
    split, gather, expand, resize). Values are ranked tensors: activations
    `f32`, token ids and indices `i64`/`i32`, masks `i1`. Shapes are static
    except for dimensions the importer takes from bounded symbolic inputs
    (`--onnx-dim-bound`): those are dynamic, with their bounds on the
    function's arguments (`mini.upper_bound`). Result types are inferred
    where ONNX infers them, and verifiers reject what ONNX would reject.

    The dialect is lowered to `linalg` on tensors by `--convert-mini-to-linalg`
    and bufferized by upstream One-Shot Bufferize (`--mini-bufferize`), after
    which `--plan-memory` assigns every activation buffer to an arena.

    The dialect's discardable attributes (declared below, verified where they
    appear): on function arguments `mini.name` (the ONNX input's name),
    `mini.dim_params` (the names of its symbolic dimensions, empty for static
    ones) and `mini.upper_bound` (every dimension's bound); on results
    `mini.dim_params`; on both `mini.uint8`, marking an i8 tensor that
    holds ONNX uint8 data as it is (callers pass and receive uint8 bytes;
    inside, `mini.uint8_shift` makes them mini's shifted int8); on functions `mini.memory_plan` (the plan's figures,
    mini/Transforms/PlanAttribute.h), `mini.schedule` (the figures of
    `--mini-schedule-for-memory`'s candidate orders), `mini.patch_fusion` (the segments,
    MACs and peak `--mini-fuse-patches` chose), `mini.arena` (the bytes and
    alignment of the arena arguments `--plan-memory=arena=argument` added),
    `mini.memories` (each memory's bytes and accessed bytes with
    `--plan-memory`'s memories) and
    `mini.shape_checks` (the
    messages of a function's run-time shape checks,
    mini/Transforms/ShapeChecks.h).

    ```mlir
    func.func @main(%x: tensor<1x1x32x32xf32>) -> tensor<1x6x28x28xf32> {
      %w = mini.constant dense<0.5> : tensor<6x1x5x5xf32>
      %y = mini.conv2d %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64,
             pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
           : (tensor<1x1x32x32xf32>, tensor<6x1x5x5xf32>) -> tensor<1x6x28x28xf32>
      %r = mini.relu %y : tensor<1x6x28x28xf32>
      return %r : tensor<1x6x28x28xf32>
    }
    ```
  }];
  let discardableAttrs = (ins
    "::mlir::StringAttr":$name,
    "::mlir::ArrayAttr":$dim_params,
    "::mlir::DenseI64ArrayAttr":$upper_bound,
    "::mlir::DictionaryAttr":$memory_plan,
    "::mlir::DictionaryAttr":$schedule,
    "::mlir::DictionaryAttr":$patch_fusion,
    "::mlir::DictionaryAttr":$arena,
    "::mlir::ArrayAttr":$memories,
    "::mlir::ArrayAttr":$shape_checks,
    "::mlir::UnitAttr":$uint8
  );
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
  let cppNamespace = "::mini";
  let hasConstantMaterializer = 1;
}

#endif // MINI_DIALECT_MINI_IR_MINIDIALECT_TD
