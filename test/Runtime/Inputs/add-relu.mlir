// relu(x + y), then a matmul by the identity, so that the fused add-relu
// (one op after mini-fuse-elementwise) has a buffer of its own to plan.
func.func @main(%x: tensor<2x3xf32> {mini.name = "x"}, %y: tensor<2x3xf32> {mini.name = "y"}) -> tensor<2x3xf32> {
  %identity = mini.constant dense<[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]> : tensor<3x3xf32>
  %0 = mini.add %x, %y : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = mini.relu %0 : tensor<2x3xf32>
  %2 = mini.matmul %1, %identity : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}
