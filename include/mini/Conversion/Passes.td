//===- Passes.td - mini-infer conversion passes ------------*- tablegen -*-===//
//
// Conversions out of the `mini` dialect.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_CONVERSION_PASSES_TD
#define MINI_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertMiniToLinalgPass : Pass<"convert-mini-to-linalg"> {
  let summary = "Lower mini ops to linalg, tensor and arith ops on tensors";
  let description = [{
    Lowers every `mini` op to destination-passing ops on tensors, ready for
    One-Shot Bufferize: convolutions and pooling to linalg named ops
    (`linalg.conv_2d_nchw_fchw`, `linalg.depthwise_conv_2d_nchw_chw`,
    `linalg.conv_2d_ngchw_gfchw`, `linalg.pooling_nchw_max/sum`) over
    `tensor.pad`, matrix products and elementwise ops (with broadcasting) to
    `linalg.generic`, shape ops to `tensor.collapse_shape` /
    `tensor.expand_shape` (views, no copies), `concat` to
    `tensor.insert_slice`s into one `tensor.empty`, and constants to
    `arith.constant`. Every op's location is kept, so that buffers are
    named after the ONNX tensors they hold.

    ```mlir
    %r = mini.relu %x : tensor<4xf32>
    ```

    becomes

    ```mlir
    %e = tensor.empty() : tensor<4xf32>
    %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
           ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
         ^bb0(%in: f32, %out: f32):
           %m = arith.maximumf %in, %cst : f32
           linalg.yield %m : f32
         } -> tensor<4xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // MINI_CONVERSION_PASSES_TD
