// A dynamic argument whose upper bounds give more than 2^63 bytes.
func.func @main(%x: tensor<?x?xf32> {mini.dim_params = ["n", "m"], mini.upper_bound = array<i64: 4611686018427387904, 4>})
    -> (tensor<?x?xf32> {mini.dim_params = ["n", "m"]}) {
  %0 = mini.relu %x : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
