// An input of 3 x 2^31-1 x 2 floats (48 GiB): mini-run aborted with "LLVM
// ERROR: out of memory" filling it (issue 25).
func.func @main(%x: tensor<3x2147483647x2xf32>) -> tensor<3x2147483647x2xf32> {
  %y = mini.relu %x : tensor<3x2147483647x2xf32>
  return %y : tensor<3x2147483647x2xf32>
}
