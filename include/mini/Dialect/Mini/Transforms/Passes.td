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

#endif // MINI_DIALECT_MINI_TRANSFORMS_PASSES_TD
