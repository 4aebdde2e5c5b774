// A dynamic argument dimension with an empty name.
func.func @main(%x: tensor<?x4xf32> {mini.dim_params = ["", ""], mini.upper_bound = array<i64: 8, 4>}) -> tensor<?x4xf32> {
  %0 = mini.relu %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
