// An embedding lookup: token ids in, rows of a 5 x 2 table out.
func.func @main(%ids: tensor<4xi64>) -> tensor<4x2xf32> {
  %t = mini.constant dense<[[0.0, 0.5], [1.0, 1.5], [2.0, 2.5], [3.0, 3.5], [4.0, 4.5]]> : tensor<5x2xf32>
  %e = mini.gather %t, %ids : (tensor<5x2xf32>, tensor<4xi64>) -> tensor<4x2xf32>
  return %e : tensor<4x2xf32>
}
