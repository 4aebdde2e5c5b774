// The subgraphs opset-13 exporters write for LayerNormalization (with a
// scale and a bias) and for the exact GELU, on an input of 2 x 8, and a
// near miss: the same LayerNorm shape with Pow 4, which is not a variance.
// See ../fuse-decomposed-ops.mlir.
func.func @main(%x: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %two = mini.constant dense<2.0> : tensor<f32>
  %four = mini.constant dense<4.0> : tensor<f32>
  %eps = mini.constant dense<1.0e-05> : tensor<f32>
  %g = mini.constant dense<[0.5, 1.0, 1.5, 2.0, -0.5, -1.0, 0.25, 0.75]> : tensor<8xf32>
  %b = mini.constant dense<[0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8]> : tensor<8xf32>
  %sqrt2 = mini.constant dense<1.41421354> : tensor<f32>
  %one = mini.constant dense<1.0> : tensor<f32>
  %half = mini.constant dense<0.5> : tensor<f32>
  %m = mini.reduce_mean %x {axes = array<i64: -1>, keepdims = true} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %d = mini.sub %x, %m : (tensor<2x8xf32>, tensor<2x1xf32>) -> tensor<2x8xf32>
  %p = mini.pow %d, %two : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
  %v = mini.reduce_mean %p {axes = array<i64: -1>, keepdims = true} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %ve = mini.add %v, %eps : (tensor<2x1xf32>, tensor<f32>) -> tensor<2x1xf32>
  %s = mini.sqrt %ve : tensor<2x1xf32>
  %n = mini.div %d, %s : (tensor<2x8xf32>, tensor<2x1xf32>) -> tensor<2x8xf32>
  %ng = mini.mul %n, %g : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %y = mini.add %ng, %b : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %q = mini.div %y, %sqrt2 : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
  %e = mini.erf %q : tensor<2x8xf32>
  %e1 = mini.add %e, %one : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
  %xe = mini.mul %y, %e1 : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %gelu = mini.mul %xe, %half : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
  %p4 = mini.pow %d, %four : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
  %v4 = mini.reduce_mean %p4 {axes = array<i64: -1>, keepdims = true} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %v4e = mini.add %v4, %eps : (tensor<2x1xf32>, tensor<f32>) -> tensor<2x1xf32>
  %s4 = mini.sqrt %v4e : tensor<2x1xf32>
  %n4 = mini.div %d, %s4 : (tensor<2x8xf32>, tensor<2x1xf32>) -> tensor<2x8xf32>
  return %gelu, %n4 : tensor<2x8xf32>, tensor<2x8xf32>
}
