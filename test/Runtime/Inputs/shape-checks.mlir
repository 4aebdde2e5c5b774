// Ops whose dynamic dimensions must agree at run time (the importer's
// shapes when ONNX symbols are bounded with --onnx-dim-bound; see
// ../shape-checks.test). @main's result is the sum of three of them.
func.func @main(%a: tensor<6x3xf32> {mini.name = "A"},
                %b: tensor<?x4xf32> {mini.name = "B", mini.dim_params = ["k", ""], mini.upper_bound = array<i64: 8, 4>},
                %c: tensor<?x4xf32> {mini.name = "C", mini.dim_params = ["m", ""], mini.upper_bound = array<i64: 8, 4>})
    -> (tensor<3x4xf32>, tensor<?x4xf32> {mini.dim_params = ["k", ""]}) {
  // K is 6 in A (transposed) and k in B.
  %y = mini.gemm %a, %b {trans_a = true} : (tensor<6x3xf32>, tensor<?x4xf32>) -> tensor<3x4xf32> loc("gemm_out")
  // k and m must agree elementwise.
  %s = mini.add %b, %c : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32> loc("add_out")
  return %y, %s : tensor<3x4xf32>, tensor<?x4xf32>
}
