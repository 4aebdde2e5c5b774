// Two arguments whose dynamic dimensions share the name "n".
func.func @main(%x: tensor<?xf32> {mini.dim_params = ["n"], mini.upper_bound = array<i64: 8>},
                %y: tensor<?xf32> {mini.dim_params = ["n"], mini.upper_bound = array<i64: 8>})
    -> (tensor<?xf32> {mini.dim_params = ["n"]}) {
  %0 = mini.add %x, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
