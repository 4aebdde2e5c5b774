// A dynamic argument without mini.dim_params and mini.upper_bound.
func.func @main(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = mini.relu %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
