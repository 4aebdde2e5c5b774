// An MLP layer with a residual in the mini dialect, 1x1024 activations
// (4096 B each): the input of the example.
func.func @mlp(%x: tensor<1x1024xf32>, %w: tensor<1024x1024xf32>, %b: tensor<1x1024xf32>) -> tensor<1x1024xf32> {
  %0 = mini.matmul %x, %w : (tensor<1x1024xf32>, tensor<1024x1024xf32>) -> tensor<1x1024xf32>
  %1 = mini.add %0, %b : (tensor<1x1024xf32>, tensor<1x1024xf32>) -> tensor<1x1024xf32>
  %2 = mini.relu %1 : tensor<1x1024xf32>
  %3 = mini.add %2, %x : (tensor<1x1024xf32>, tensor<1x1024xf32>) -> tensor<1x1024xf32>
  %4 = mini.relu %3 : tensor<1x1024xf32>
  %5 = mini.matmul %4, %w : (tensor<1x1024xf32>, tensor<1024x1024xf32>) -> tensor<1x1024xf32>
  return %5 : tensor<1x1024xf32>
}
