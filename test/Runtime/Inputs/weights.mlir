// Weights of each kind mini-run binds to the compiled code from outside the
// module: an f32 table, i64 ids, an f32 splat, and an i1 mask (which stays
// in the module: its attribute holds one bit per element).
func.func @main(%x: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %t = mini.constant dense<[[0.0, 0.5], [1.0, 1.5], [2.0, 2.5], [3.0, 3.5], [4.0, 4.5]]> : tensor<5x2xf32>
  %ids = mini.constant dense<[4, 0, 2, 2]> : tensor<4xi64>
  %e = mini.gather %t, %ids : (tensor<5x2xf32>, tensor<4xi64>) -> tensor<4x2xf32>
  %s = mini.constant dense<0.25> : tensor<4x2xf32>
  %a = mini.add %e, %s : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  %b = mini.add %a, %x : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  %m = mini.constant dense<[[true, false], [false, true], [true, true], [false, false]]> : tensor<4x2xi1>
  %w = mini.where %m, %b, %x : (tensor<4x2xi1>, tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  return %w : tensor<4x2xf32>
}
