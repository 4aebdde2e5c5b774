// --convert-mini-to-linalg: each op becomes destination-passing linalg /
// tensor ops; shape ops become reshapes (views after bufferization).
// RUN: mini-opt %s --split-input-file --convert-mini-to-linalg | FileCheck %s

// Convolution with bias: the output starts as the broadcast bias, padding is
// an explicit tensor.pad.
// CHECK-LABEL: func.func @conv
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<4x1x1xf32>)
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<1x4x4x4xf32>)
func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = mini.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// Depthwise (group == channels) and general grouped convolutions.
// CHECK-LABEL: func.func @grouped
// CHECK: tensor.collapse_shape %{{.*}} : tensor<4x1x3x3xf32> into tensor<4x3x3xf32>
// CHECK: linalg.depthwise_conv_2d_nchw_chw
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] {{.*}} : tensor<1x4x8x8xf32> into tensor<1x2x2x8x8xf32>
// CHECK: linalg.conv_2d_ngchw_gfchw
// CHECK: tensor.collapse_shape %{{.*}} : tensor<1x2x2x6x6xf32> into tensor<1x4x6x6xf32>
func.func @grouped(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %gw: tensor<4x2x3x3xf32>) -> (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) {
  %0 = mini.conv2d %x, %dw {dilations = array<i64: 1, 1>, group = 4 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  %1 = mini.conv2d %x, %gw {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0, %1 : tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>
}

// -----

// NumPy broadcasting: size-1 and missing dimensions read index 0.
// CHECK: #map1 = affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>
// CHECK-LABEL: func.func @add
// CHECK: linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%{{.*}}, %{{.*}} : tensor<1x8x4x4xf32>, tensor<8x1x1xf32>)
// CHECK: arith.addf
func.func @add(%x: tensor<1x8x4x4xf32>, %y: tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %0 = mini.add %x, %y : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Ceil-mode max pooling pads the end with -inf so the last window fits.
// CHECK-LABEL: func.func @max_pool_ceil
// CHECK: %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x2x8x8xf32>, tensor<2x2xf32>)
func.func @max_pool_ceil(%x: tensor<1x2x7x7xf32>) -> tensor<1x2x4x4xf32> {
  %0 = mini.max_pool2d %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// Average pooling without count_include_pad divides the edge windows by the
// input elements they cover: a constant table of divisors.
// CHECK-LABEL: func.func @avg_pool_edges
// CHECK: linalg.pooling_nchw_sum
// CHECK: arith.constant dense<{{\[\[}}4.000000e+00, 6.000000e+00, 4.000000e+00], [6.000000e+00, 9.000000e+00, 6.000000e+00], [4.000000e+00, 6.000000e+00, 4.000000e+00]]> : tensor<3x3xf32>
// CHECK: arith.divf
func.func @avg_pool_edges(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %0 = mini.avg_pool2d %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Shape ops are reshapes; concat writes each input into a slice.
// CHECK-LABEL: func.func @shapes
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2, 3]] : tensor<1x2x3x4xf32> into tensor<1x24xf32>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x5x3x4xf32>
// CHECK: %[[S0:.*]] = tensor.insert_slice %{{.*}} into %[[E]][0, 0, 0, 0] [1, 2, 3, 4] [1, 1, 1, 1]
// CHECK: tensor.insert_slice %{{.*}} into %[[S0]][0, 2, 0, 0] [1, 3, 3, 4] [1, 1, 1, 1]
// CHECK: linalg.transpose ins(%{{.*}} : tensor<1x2x3x4xf32>) outs(%{{.*}} : tensor<4x3x2x1xf32>) permutation = [3, 2, 1, 0]
func.func @shapes(%x: tensor<1x2x3x4xf32>, %y: tensor<1x3x3x4xf32>) -> (tensor<1x24xf32>, tensor<1x5x3x4xf32>, tensor<4x3x2x1xf32>) {
  %0 = mini.flatten %x {axis = 1 : i64} : (tensor<1x2x3x4xf32>) -> tensor<1x24xf32>
  %1 = mini.concat %x, %y {axis = 1 : i64} : (tensor<1x2x3x4xf32>, tensor<1x3x3x4xf32>) -> tensor<1x5x3x4xf32>
  %2 = mini.transpose %x {perm = array<i64: 3, 2, 1, 0>} : (tensor<1x2x3x4xf32>) -> tensor<4x3x2x1xf32>
  return %0, %1, %2 : tensor<1x24xf32>, tensor<1x5x3x4xf32>, tensor<4x3x2x1xf32>
}

// -----

// Softmax: max, exp(x - max), sum, divide.
// CHECK-LABEL: func.func @softmax
// CHECK: arith.maximumf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: arith.divf
func.func @softmax(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %0 = mini.softmax %x : tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

// Dynamic dimensions: each tensor.empty reads its sizes from an operand with
// tensor.dim (a gather's from the indices, a matmul's m from the lhs and n
// from the rhs), and a reshape goes through 1-D with its one dynamic size
// the input's times its static count over the result's (here 8 / 8).
// CHECK-LABEL: func.func @dynamic
// CHECK-SAME:    (%[[X:.*]]: tensor<1x?x8xf32>, %[[IDS:.*]]: tensor<1x?xi64>, %[[T:.*]]: tensor<16x8xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[IDS]], %{{.*}} : tensor<1x?xi64>
// CHECK:         tensor.empty(%[[N]]) : tensor<1x?x8xf32>
// CHECK:         %[[E:.*]] = linalg.generic
// CHECK:         %[[XN:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<1x?x8xf32>
// CHECK:         tensor.empty(%[[XN]]) : tensor<1x?x8xf32>
// CHECK:         %[[A:.*]] = linalg.generic
// CHECK:         %[[FLAT:.*]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1, 2]] : tensor<1x?x8xf32> into tensor<?xf32>
// CHECK:         %[[AN:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<1x?x8xf32>
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [%[[AN]], 8] : tensor<?xf32> into tensor<?x8xf32>
// CHECK:         %[[RT:.*]] = linalg.transpose ins(%[[R]] : tensor<?x8xf32>)
// CHECK:         %[[M:.*]] = tensor.dim %[[R]], %{{.*}} : tensor<?x8xf32>
// CHECK:         %[[NN:.*]] = tensor.dim %[[RT]], %{{.*}} : tensor<8x?xf32>
// CHECK:         tensor.empty(%[[M]], %[[NN]]) : tensor<?x?xf32>
func.func @dynamic(%x: tensor<1x?x8xf32>, %ids: tensor<1x?xi64>, %t: tensor<16x8xf32>) -> tensor<?x?xf32> {
  %e = mini.gather %t, %ids : (tensor<16x8xf32>, tensor<1x?xi64>) -> tensor<1x?x8xf32>
  %a = mini.add %x, %e : (tensor<1x?x8xf32>, tensor<1x?x8xf32>) -> tensor<1x?x8xf32>
  %r = mini.reshape %a : tensor<1x?x8xf32> -> tensor<?x8xf32>
  %rt = mini.transpose %r {perm = array<i64: 1, 0>} : (tensor<?x8xf32>) -> tensor<8x?xf32>
  %s = mini.matmul %r, %rt : (tensor<?x8xf32>, tensor<8x?xf32>) -> tensor<?x?xf32>
  return %s : tensor<?x?xf32>
}

// -----

// A dynamic input reshaped to a static result: through 1-D, cast to the
// static count, then expanded.
// CHECK-LABEL: func.func @dynamic_to_static
// CHECK:         %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<?x4xf32> into tensor<?xf32>
// CHECK:         %[[CAST:.*]] = tensor.cast %[[FLAT]] : tensor<?xf32> to tensor<8xf32>
// CHECK:         tensor.expand_shape %[[CAST]] {{\[}}[0, 1]] output_shape [2, 4] : tensor<8xf32> into tensor<2x4xf32>
func.func @dynamic_to_static(%x: tensor<?x4xf32>) -> tensor<2x4xf32> {
  %r = mini.reshape %x : tensor<?x4xf32> -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}
