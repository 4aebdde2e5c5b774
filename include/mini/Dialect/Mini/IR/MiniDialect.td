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
    The `mini` dialect holds the operators of convolutional networks and
    transformers as exported from PyTorch to ONNX (opsets 13 to 17):
    convolutions, matrix products with batching, pooling, elementwise
    arithmetic and math with NumPy broadcasting, activations, comparisons
    and select, reductions, softmax, batch and layer normalization, GELU,
    shape and data movement ops (slice, split, gather, expand, resize).
    Every value is a static-shaped ranked tensor: activations `f32`, token
    ids and indices `i64`/`i32`, masks `i1`; result types are inferred where
    ONNX infers them, and verifiers reject what ONNX would reject.

    The dialect is lowered to `linalg` on tensors by `--convert-mini-to-linalg`
    and bufferized by upstream One-Shot Bufferize (`--mini-bufferize`), after
    which `--plan-memory` assigns every activation buffer to an arena.

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
  let cppNamespace = "::mini";
  let hasConstantMaterializer = 1;
}

#endif // MINI_DIALECT_MINI_IR_MINIDIALECT_TD
