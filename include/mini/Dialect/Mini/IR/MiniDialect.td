//===- MiniDialect.td - mini tensor dialect definition -----*- tablegen -*-===//
//
// The `mini` dialect models the inference graph of a convolutional network
// imported from ONNX, on static-shaped ranked f32 tensors.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_DIALECT_MINI_IR_MINIDIALECT_TD
#define MINI_DIALECT_MINI_IR_MINIDIALECT_TD

include "mlir/IR/OpBase.td"

def Mini_Dialect : Dialect {
  let name = "mini";
  let summary = "Static-shaped f32 tensor ops for CNN inference, imported from ONNX";
  let description = [{
    The `mini` dialect holds the operators of convolutional networks as
    exported from PyTorch to ONNX (opset 13): convolutions, matrix products,
    pooling, elementwise arithmetic with NumPy broadcasting, activations,
    shape ops and inference-mode batch normalization. Every value is a
    static-shaped ranked tensor of `f32`; result types are inferred where
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
