// A result dimension named after no argument dimension.
func.func @main(%x: tensor<?x4xf32> {mini.dim_params = ["n", ""], mini.upper_bound = array<i64: 8, 4>})
    -> (tensor<?x4xf32> {mini.dim_params = ["m", ""]}) {
  %0 = mini.relu %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
