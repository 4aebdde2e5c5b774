// Every kind of sharing and a reorderable graph: elementwise ops over dying
// operands (in place), a concat of dying operands (slices), a padded pool
// input (padded slice), and two branches that each shrink their tensor.
func.func @main(%x: tensor<1x4x8x8xf32> {mini.name = "x"}) -> tensor<1x8x1x1xf32> {
  %a = mini.relu %x : tensor<1x4x8x8xf32>
  %b = mini.sigmoid %x : tensor<1x4x8x8xf32>
  %e = mini.mul %a, %b : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %f = mini.add %a, %x : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %c = mini.concat %e, %f {axis = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x8x8x8xf32>
  %r = mini.relu %c : tensor<1x8x8x8xf32>
  %p = mini.max_pool2d %r {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %s1 = mini.sigmoid %p : tensor<1x8x8x8xf32>
  %s2 = mini.relu %p : tensor<1x8x8x8xf32>
  %g1 = mini.global_avg_pool2d %s1 : (tensor<1x8x8x8xf32>) -> tensor<1x8x1x1xf32>
  %g2 = mini.global_avg_pool2d %s2 : (tensor<1x8x8x8xf32>) -> tensor<1x8x1x1xf32>
  %g = mini.add %g1, %g2 : (tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x1x1xf32>
  return %g : tensor<1x8x1x1xf32>
}
