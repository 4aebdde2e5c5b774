//===- Passes.td - passes on the mini dialect ----------------*- tablegen -*-===//
//
// Rewrites from mini ops to mini ops.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_DIALECT_MINI_TRANSFORMS_PASSES_TD
#define MINI_DIALECT_MINI_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FuseDecomposedOpsPass : Pass<"mini-fuse-decomposed-ops"> {
  let summary = "Fuse the decomposed LayerNorm and GELU subgraphs into one op";
  let description = [{
    Rewrites the subgraphs that opset-13 exporters write for
    LayerNormalization (ReduceMean, Sub, Pow 2, ReduceMean, Add epsilon,
    Sqrt, Div, then Mul by a scale and Add of a bias) and for the exact GELU
    (Div by sqrt 2, Erf, Add 1, Mul by x, Mul by 0.5) into `mini.layer_norm`
    and `mini.gelu`, as torch-mlir and onnx-mlir recognize them: one fused
    op keeps one buffer live where the subgraph kept several. The importer
    runs it on every model; it takes any op holding mini ops.

    ```mlir
    %m = mini.reduce_mean %x {axes = array<i64: -1>} : ...
    %d = mini.sub %x, %m : ...
    ...
    %y = mini.div %d, %s : ...
    ```

    becomes

    ```mlir
    %y = mini.layer_norm %x {axis = -1 : i64, epsilon = 1.0e-05 : f32} : ...
    ```
  }];
}

def FuseQuantizedOpsPass : Pass<"mini-fuse-quantized-ops"> {
  let summary = "Turn the float ops of a QDQ model into int8 ops";
  let description = [{
    The float op between DequantizeLinear and QuantizeLinear of a QDQ model
    becomes one integer op, with constant per-tensor activation scales and
    zero points, symmetric int8 weights (per tensor or per output channel)
    and an optional bias (float, or int32 dequantized):

    - DequantizeLinear -> Conv [-> Relu | Clip] -> QuantizeLinear:
      `mini.qconv2d` (groups 1 or depthwise);
    - DequantizeLinear -> Gemm [-> Relu | Clip] -> QuantizeLinear (constant
      weights, alpha = beta = 1): `mini.qgemm`, the weights as [K, N];
    - DequantizeLinear + DequantizeLinear -> Add [-> Relu | Clip] ->
      QuantizeLinear on one shape: `mini.qadd`;
    - DequantizeLinear -> GlobalAveragePool [-> Flatten] -> QuantizeLinear:
      `mini.qglobal_avg_pool2d`;
    - DequantizeLinear -> MaxPool / Flatten ... -> QuantizeLinear of the
      same scale and zero point: the same ops on int8.

    The requantization multipliers s_in * s_w[c] / s_out are fixed-point
    (TFLite's QuantizeMultiplier), the float bias is quantized at
    s_in * s_w[c] (half to even), a ReLU or Clip becomes the clamp. Then the
    dequantizations of constants that remain (weights of float ops) fold
    into float constants. The importer runs it on every model.
  }];
}

#endif // MINI_DIALECT_MINI_TRANSFORMS_PASSES_TD
