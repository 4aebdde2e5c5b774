// A splat weight of 2^40 floats (4 TiB): too large to hold, a clear error.
func.func @main(%x: tensor<1xf32>) -> tensor<1xf32> {
  %c = mini.constant dense<1.0> : tensor<1099511627776xf32>
  %s = mini.reduce_sum %c {axes = array<i64: 0>, keepdims = true} : (tensor<1099511627776xf32>) -> tensor<1xf32>
  %y = mini.add %s, %x : (tensor<1xf32>, tensor<1xf32>) -> tensor<1xf32>
  return %y : tensor<1xf32>
}
