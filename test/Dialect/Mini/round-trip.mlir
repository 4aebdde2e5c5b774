// Every mini op parses, verifies and prints back to the same text, also
// through the generic form. Attributes at their default value are elided.
// RUN: mini-opt %s | mini-opt | FileCheck %s
// RUN: mini-opt %s --mlir-print-op-generic | mini-opt | FileCheck %s

// CHECK-LABEL: func.func @constant
func.func @constant() -> tensor<2xf32> {
  // CHECK: mini.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
  %0 = mini.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// CHECK-LABEL: func.func @elided_constant
func.func @elided_constant() -> tensor<4x4xf32> {
  // CHECK: mini.constant dense_resource<__elided__> : tensor<4x4xf32>
  %0 = mini.constant dense_resource<__elided__> : tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// CHECK-LABEL: func.func @conv2d
func.func @conv2d(%x: tensor<1x4x8x8xf32>, %w: tensor<8x2x3x3xf32>, %b: tensor<8xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x6x6xf32>) {
  // CHECK: mini.conv2d %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %0 = mini.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: mini.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x6x6xf32>
  %1 = mini.conv2d %x, %w {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0, %1 : tensor<1x8x4x4xf32>, tensor<1x8x6x6xf32>
}

// CHECK-LABEL: func.func @gemm_matmul
func.func @gemm_matmul(%a: tensor<4x3xf32>, %b: tensor<5x4xf32>, %c: tensor<5xf32>, %m: tensor<2x3x4xf32>, %n: tensor<4x6xf32>) -> (tensor<3x5xf32>, tensor<2x3x6xf32>) {
  // CHECK: mini.gemm %{{.*}}, %{{.*}}, %{{.*}} {alpha = 5.000000e-01 : f32, beta = 2.000000e+00 : f32, trans_a = true, trans_b = true} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  %0 = mini.gemm %a, %b, %c {alpha = 0.5 : f32, beta = 2.0 : f32, trans_a = true, trans_b = true} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  // CHECK: mini.matmul %{{.*}}, %{{.*}} : (tensor<2x3x4xf32>, tensor<4x6xf32>) -> tensor<2x3x6xf32>
  %1 = mini.matmul %m, %n : (tensor<2x3x4xf32>, tensor<4x6xf32>) -> tensor<2x3x6xf32>
  return %0, %1 : tensor<3x5xf32>, tensor<2x3x6xf32>
}

// CHECK-LABEL: func.func @binary
func.func @binary(%x: tensor<1x8x4x4xf32>, %y: tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // CHECK: mini.add %{{.*}}, %{{.*}} : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: mini.sub
  // CHECK: mini.mul
  // CHECK: mini.div
  %0 = mini.add %x, %y : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %1 = mini.sub %0, %y : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %2 = mini.mul %1, %y : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %3 = mini.div %2, %y : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %3 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @activations
func.func @activations(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  // CHECK: mini.relu %{{.*}} : tensor<2x10xf32>
  // CHECK: mini.clip %{{.*}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<2x10xf32>
  // CHECK: mini.sigmoid %{{.*}} : tensor<2x10xf32>
  // CHECK: mini.hard_sigmoid %{{.*}} {alpha = 2.500000e-01 : f32} : tensor<2x10xf32>
  // CHECK: mini.softmax %{{.*}} {axis = 1 : i64} : tensor<2x10xf32>
  %0 = mini.relu %x : tensor<2x10xf32>
  %1 = mini.clip %0 {max = 6.0 : f32, min = 0.0 : f32} : tensor<2x10xf32>
  %2 = mini.sigmoid %1 : tensor<2x10xf32>
  %3 = mini.hard_sigmoid %2 {alpha = 0.25 : f32, beta = 0.5 : f32} : tensor<2x10xf32>
  %4 = mini.softmax %3 {axis = 1 : i64} : tensor<2x10xf32>
  return %4 : tensor<2x10xf32>
}

// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<1x4x8x8xf32>, %p: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  // CHECK: mini.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %0 = mini.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// CHECK-LABEL: func.func @pooling
func.func @pooling(%x: tensor<1x2x7x7xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>) {
  // CHECK: mini.max_pool2d %{{.*}} {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x4x4xf32>
  %0 = mini.max_pool2d %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x4x4xf32>
  // CHECK: mini.avg_pool2d %{{.*}} {count_include_pad = true, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 3, 3>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x3x3xf32>
  %1 = mini.avg_pool2d %x {ceil_mode = false, count_include_pad = true, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 3, 3>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x3x3xf32>
  // CHECK: mini.global_avg_pool2d %{{.*}} : (tensor<1x2x7x7xf32>) -> tensor<1x2x1x1xf32>
  %2 = mini.global_avg_pool2d %x : (tensor<1x2x7x7xf32>) -> tensor<1x2x1x1xf32>
  // CHECK: mini.reduce_mean %{{.*}} {axes = array<i64: -1, 2>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x1x1xf32>
  %3 = mini.reduce_mean %x {axes = array<i64: -1, 2>, keepdims = true} : (tensor<1x2x7x7xf32>) -> tensor<1x2x1x1xf32>
  return %0, %1, %2, %3 : tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>
}

// CHECK-LABEL: func.func @shapes
func.func @shapes(%x: tensor<1x2x3x4xf32>, %y: tensor<1x5x3x4xf32>) -> (tensor<2x12xf32>, tensor<4x6xf32>, tensor<4x3x2x1xf32>, tensor<1x7x3x4xf32>, tensor<1x2x5x8xf32>) {
  // CHECK: mini.flatten %{{.*}} {axis = 2 : i64} : (tensor<1x2x3x4xf32>) -> tensor<2x12xf32>
  %0 = mini.flatten %x {axis = 2 : i64} : (tensor<1x2x3x4xf32>) -> tensor<2x12xf32>
  // CHECK: mini.reshape %{{.*}} : tensor<1x2x3x4xf32> -> tensor<4x6xf32>
  %1 = mini.reshape %x : tensor<1x2x3x4xf32> -> tensor<4x6xf32>
  // CHECK: mini.transpose %{{.*}} {perm = array<i64: 3, 2, 1, 0>} : (tensor<1x2x3x4xf32>) -> tensor<4x3x2x1xf32>
  %2 = mini.transpose %x {perm = array<i64: 3, 2, 1, 0>} : (tensor<1x2x3x4xf32>) -> tensor<4x3x2x1xf32>
  // CHECK: mini.concat %{{.*}}, %{{.*}} {axis = -3 : i64} : (tensor<1x2x3x4xf32>, tensor<1x5x3x4xf32>) -> tensor<1x7x3x4xf32>
  %3 = mini.concat %x, %y {axis = -3 : i64} : (tensor<1x2x3x4xf32>, tensor<1x5x3x4xf32>) -> tensor<1x7x3x4xf32>
  // CHECK: mini.pad %{{.*}} {pads = array<i64: 0, 0, 1, 2, 0, 0, 1, 2>, value = 1.500000e+00 : f32} : (tensor<1x2x3x4xf32>) -> tensor<1x2x5x8xf32>
  %4 = mini.pad %x {pads = array<i64: 0, 0, 1, 2, 0, 0, 1, 2>, value = 1.5 : f32} : (tensor<1x2x3x4xf32>) -> tensor<1x2x5x8xf32>
  return %0, %1, %2, %3, %4 : tensor<2x12xf32>, tensor<4x6xf32>, tensor<4x3x2x1xf32>, tensor<1x7x3x4xf32>, tensor<1x2x5x8xf32>
}

// ONNX's Flatten counts a negative axis from the rank: -1 keeps the last
// dimension apart, -4 (of a rank-4 input) puts everything in the second.
// CHECK-LABEL: func.func @flatten_negative
func.func @flatten_negative(%x: tensor<2x3x4x5xf32>) -> (tensor<24x5xf32>, tensor<6x20xf32>, tensor<1x120xf32>) {
  // CHECK: mini.flatten %{{.*}} {axis = -1 : i64} : (tensor<2x3x4x5xf32>) -> tensor<24x5xf32>
  %0 = mini.flatten %x {axis = -1 : i64} : (tensor<2x3x4x5xf32>) -> tensor<24x5xf32>
  // CHECK: mini.flatten %{{.*}} {axis = -2 : i64} : (tensor<2x3x4x5xf32>) -> tensor<6x20xf32>
  %1 = mini.flatten %x {axis = -2 : i64} : (tensor<2x3x4x5xf32>) -> tensor<6x20xf32>
  // CHECK: mini.flatten %{{.*}} {axis = -4 : i64} : (tensor<2x3x4x5xf32>) -> tensor<1x120xf32>
  %2 = mini.flatten %x {axis = -4 : i64} : (tensor<2x3x4x5xf32>) -> tensor<1x120xf32>
  return %0, %1, %2 : tensor<24x5xf32>, tensor<6x20xf32>, tensor<1x120xf32>
}

// CHECK-LABEL: func.func @transformer_ops
func.func @transformer_ops(%x: tensor<2x8x16xf32>, %ids: tensor<2x8xi64>, %table: tensor<100x16xf32>, %g: tensor<16xf32>, %mask: tensor<8x8xi1>) -> (tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<2x8x8xf32>, tensor<2x8x16xi1>, tensor<2x8x16xi64>) {
  // CHECK: mini.gather %{{.*}}, %{{.*}} : (tensor<100x16xf32>, tensor<2x8xi64>) -> tensor<2x8x16xf32>
  %e = mini.gather %table, %ids : (tensor<100x16xf32>, tensor<2x8xi64>) -> tensor<2x8x16xf32>
  // CHECK: mini.layer_norm %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 9.99999997E-7 : f32} : (tensor<2x8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  %n = mini.layer_norm %e, %g, %g {epsilon = 1.0e-06 : f32} : (tensor<2x8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  // CHECK: mini.gelu %{{.*}} {approximate = "tanh"} : tensor<2x8x16xf32>
  %a = mini.gelu %n {approximate = "tanh"} : tensor<2x8x16xf32>
  // CHECK: mini.split %{{.*}} {axis = 2 : i64, split = array<i64: 8, 8>} : (tensor<2x8x16xf32>) -> (tensor<2x8x8xf32>, tensor<2x8x8xf32>)
  %q, %k = mini.split %a {axis = 2 : i64, split = array<i64: 8, 8>} : (tensor<2x8x16xf32>) -> (tensor<2x8x8xf32>, tensor<2x8x8xf32>)
  // CHECK: mini.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<8x8xi1>, tensor<2x8x8xf32>, tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %w = mini.where %mask, %q, %k : (tensor<8x8xi1>, tensor<2x8x8xf32>, tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  // CHECK: mini.slice %{{.*}} {axes = array<i64: 2>, ends = array<i64: -1000>, starts = array<i64: 100>, steps = array<i64: -1>} : (tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  %s = mini.slice %x {axes = array<i64: 2>, ends = array<i64: -1000>, starts = array<i64: 100>, steps = array<i64: -1>} : (tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  // CHECK: mini.expand %{{.*}} {shape = array<i64: 2, 1, 1>} : (tensor<16xf32>) -> tensor<2x1x16xf32>
  %ex = mini.expand %g {shape = array<i64: 2, 1, 1>} : (tensor<16xf32>) -> tensor<2x1x16xf32>
  // CHECK: mini.greater %{{.*}}, %{{.*}} : (tensor<2x8x16xf32>, tensor<2x1x16xf32>) -> tensor<2x8x16xi1>
  %c = mini.greater %x, %ex : (tensor<2x8x16xf32>, tensor<2x1x16xf32>) -> tensor<2x8x16xi1>
  // CHECK: mini.cast %{{.*}} : tensor<2x8x16xf32> to tensor<2x8x16xi64>
  %i = mini.cast %x : tensor<2x8x16xf32> to tensor<2x8x16xi64>
  // CHECK: mini.pow %{{.*}}, %{{.*}} : (tensor<2x8x16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  %p = mini.pow %x, %g : (tensor<2x8x16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  // CHECK: mini.reduce_max %{{.*}} {axes = array<i64: -1>} : (tensor<2x8x16xf32>) -> tensor<2x8x1xf32>
  %r = mini.reduce_max %p {axes = array<i64: -1>} : (tensor<2x8x16xf32>) -> tensor<2x8x1xf32>
  // CHECK: mini.reduce_sum %{{.*}} {axes = array<i64: 1>, keepdims = false} : (tensor<2x8x1xf32>) -> tensor<2x1xf32>
  %rs = mini.reduce_sum %r {axes = array<i64: 1>, keepdims = false} : (tensor<2x8x1xf32>) -> tensor<2x1xf32>
  return %n, %a, %p, %w, %c, %i : tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<2x8x8xf32>, tensor<2x8x16xi1>, tensor<2x8x16xi64>
}

// CHECK-LABEL: func.func @math
func.func @math(%x: tensor<4xf32>, %img: tensor<1x2x3x4xf32>) -> (tensor<4xf32>, tensor<1x2x6x8xf32>) {
  // CHECK: mini.sqrt
  %0 = mini.sqrt %x : tensor<4xf32>
  // CHECK: mini.exp
  %1 = mini.exp %0 : tensor<4xf32>
  // CHECK: mini.log
  %2 = mini.log %1 : tensor<4xf32>
  // CHECK: mini.erf
  %3 = mini.erf %2 : tensor<4xf32>
  // CHECK: mini.tanh
  %4 = mini.tanh %3 : tensor<4xf32>
  // CHECK: mini.neg
  %5 = mini.neg %4 : tensor<4xf32>
  // CHECK: mini.reciprocal
  %6 = mini.reciprocal %5 : tensor<4xf32>
  // CHECK: mini.hard_swish %{{.*}} : tensor<4xf32>
  %7 = mini.hard_swish %6 : tensor<4xf32>
  // CHECK: mini.resize %{{.*}} {coordinate_transformation_mode = "asymmetric", mode = "linear"} : (tensor<1x2x3x4xf32>) -> tensor<1x2x6x8xf32>
  %8 = mini.resize %img {coordinate_transformation_mode = "asymmetric", mode = "linear"} : (tensor<1x2x3x4xf32>) -> tensor<1x2x6x8xf32>
  // CHECK: mini.resize %{{.*}} {mode = "linear", scales = array<f64: 6.000000e-01, 3.500000e-01>} : (tensor<1x2x3x4xf32>) -> tensor<1x2x1x1xf32>
  %r = mini.resize %img {mode = "linear", scales = array<f64: 0.6, 0.35>} : (tensor<1x2x3x4xf32>) -> tensor<1x2x1x1xf32>
  return %7, %8 : tensor<4xf32>, tensor<1x2x6x8xf32>
}

// The elementwise math functions and the parameterized activations
// (attributes at ONNX's defaults are elided).
// CHECK-LABEL: func.func @more_math
func.func @more_math(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: mini.sin
  %0 = mini.sin %x : tensor<4xf32>
  // CHECK: mini.cos
  %1 = mini.cos %0 : tensor<4xf32>
  // CHECK: mini.tan
  %2 = mini.tan %1 : tensor<4xf32>
  // CHECK: mini.asin
  %3 = mini.asin %2 : tensor<4xf32>
  // CHECK: mini.acos
  %4 = mini.acos %3 : tensor<4xf32>
  // CHECK: mini.atan
  %5 = mini.atan %4 : tensor<4xf32>
  // CHECK: mini.sinh
  %6 = mini.sinh %5 : tensor<4xf32>
  // CHECK: mini.cosh
  %7 = mini.cosh %6 : tensor<4xf32>
  // CHECK: mini.asinh
  %8 = mini.asinh %7 : tensor<4xf32>
  // CHECK: mini.acosh
  %9 = mini.acosh %8 : tensor<4xf32>
  // CHECK: mini.atanh
  %10 = mini.atanh %9 : tensor<4xf32>
  // CHECK: mini.ceil
  %11 = mini.ceil %10 : tensor<4xf32>
  // CHECK: mini.floor
  %12 = mini.floor %11 : tensor<4xf32>
  // CHECK: mini.round
  %13 = mini.round %12 : tensor<4xf32>
  // CHECK: mini.abs
  %14 = mini.abs %13 : tensor<4xf32>
  // CHECK: mini.sign
  %15 = mini.sign %14 : tensor<4xf32>
  // CHECK: mini.softplus
  %16 = mini.softplus %15 : tensor<4xf32>
  // CHECK: mini.softsign
  %17 = mini.softsign %16 : tensor<4xf32>
  // CHECK: mini.elu %{{.*}} : tensor<4xf32>
  %18 = mini.elu %17 {alpha = 1.0 : f32} : tensor<4xf32>
  // CHECK: mini.leaky_relu %{{.*}} {alpha = 2.000000e-01 : f32} : tensor<4xf32>
  %19 = mini.leaky_relu %18 {alpha = 0.2 : f32} : tensor<4xf32>
  // CHECK: mini.celu %{{.*}} {alpha = 2.000000e+00 : f32} : tensor<4xf32>
  %20 = mini.celu %19 {alpha = 2.0 : f32} : tensor<4xf32>
  // CHECK: mini.thresholded_relu %{{.*}} : tensor<4xf32>
  %21 = mini.thresholded_relu %20 : tensor<4xf32>
  // CHECK: mini.selu %{{.*}} {gamma = 3.000000e+00 : f32} : tensor<4xf32>
  %22 = mini.selu %21 {gamma = 3.0 : f32} : tensor<4xf32>
  // CHECK: mini.shrink %{{.*}} {bias = 5.000000e-01 : f32, lambd = 1.000000e+00 : f32} : tensor<4xf32>
  %23 = mini.shrink %22 {bias = 0.5 : f32, lambd = 1.0 : f32} : tensor<4xf32>
  return %23 : tensor<4xf32>
}

// The other reductions.
// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<2x8x16xf32>) -> (tensor<2x1x16xf32>, tensor<2x16xf32>) {
  // CHECK: mini.reduce_min %{{.*}} {axes = array<i64: 1>} : (tensor<2x8x16xf32>) -> tensor<2x1x16xf32>
  %0 = mini.reduce_min %x {axes = array<i64: 1>} : (tensor<2x8x16xf32>) -> tensor<2x1x16xf32>
  // CHECK: mini.reduce_prod
  %1 = mini.reduce_prod %x {axes = array<i64: 1>} : (tensor<2x8x16xf32>) -> tensor<2x1x16xf32>
  // CHECK: mini.reduce_l1
  %2 = mini.reduce_l1 %x {axes = array<i64: 1>} : (tensor<2x8x16xf32>) -> tensor<2x1x16xf32>
  // CHECK: mini.reduce_l2
  %3 = mini.reduce_l2 %x {axes = array<i64: 1>} : (tensor<2x8x16xf32>) -> tensor<2x1x16xf32>
  // CHECK: mini.reduce_sum_square
  %4 = mini.reduce_sum_square %x {axes = array<i64: 1>} : (tensor<2x8x16xf32>) -> tensor<2x1x16xf32>
  // CHECK: mini.reduce_log_sum
  %5 = mini.reduce_log_sum %x {axes = array<i64: 1>} : (tensor<2x8x16xf32>) -> tensor<2x1x16xf32>
  // CHECK: mini.reduce_log_sum_exp %{{.*}} {axes = array<i64: 1>, keepdims = false} : (tensor<2x8x16xf32>) -> tensor<2x16xf32>
  %6 = mini.reduce_log_sum_exp %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x8x16xf32>) -> tensor<2x16xf32>
  // CHECK: mini.arg_max %{{.*}} {axis = -1 : i64, select_last_index = true} : (tensor<2x8x16xf32>) -> tensor<2x8x1xi64>
  %7 = mini.arg_max %x {axis = -1 : i64, select_last_index = true} : (tensor<2x8x16xf32>) -> tensor<2x8x1xi64>
  // CHECK: mini.arg_min %{{.*}} {axis = 1 : i64, keepdims = false} : (tensor<2x8x16xf32>) -> tensor<2x16xi64>
  %8 = mini.arg_min %x {axis = 1 : i64, keepdims = false} : (tensor<2x8x16xf32>) -> tensor<2x16xi64>
  return %5, %6 : tensor<2x1x16xf32>, tensor<2x16xf32>
}

// Comparisons, logic, classification, PRelu.
// CHECK-LABEL: func.func @logic
func.func @logic(%x: tensor<2x4xf32>, %s: tensor<4xf32>, %p: tensor<2x4xi1>, %q: tensor<4xi1>) -> (tensor<2x4xi1>, tensor<2x4xf32>) {
  // CHECK: mini.less_or_equal %{{.*}}, %{{.*}} : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xi1>
  %0 = mini.less_or_equal %x, %s : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xi1>
  // CHECK: mini.greater_or_equal
  %1 = mini.greater_or_equal %x, %s : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xi1>
  // CHECK: mini.and %{{.*}}, %{{.*}} : (tensor<2x4xi1>, tensor<4xi1>) -> tensor<2x4xi1>
  %2 = mini.and %p, %q : (tensor<2x4xi1>, tensor<4xi1>) -> tensor<2x4xi1>
  // CHECK: mini.or
  %3 = mini.or %2, %0 : (tensor<2x4xi1>, tensor<2x4xi1>) -> tensor<2x4xi1>
  // CHECK: mini.xor
  %4 = mini.xor %3, %1 : (tensor<2x4xi1>, tensor<2x4xi1>) -> tensor<2x4xi1>
  // CHECK: mini.not %{{.*}} : tensor<2x4xi1>
  %5 = mini.not %4 : tensor<2x4xi1>
  // CHECK: mini.is_nan %{{.*}} : tensor<2x4xf32>
  %6 = mini.is_nan %x : tensor<2x4xf32>
  // CHECK: mini.is_inf %{{.*}} {detect_negative = false} : tensor<2x4xf32>
  %7 = mini.is_inf %x {detect_negative = false} : tensor<2x4xf32>
  // CHECK: mini.prelu %{{.*}}, %{{.*}} : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %8 = mini.prelu %x, %s : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %5, %8 : tensor<2x4xi1>, tensor<2x4xf32>
}

// The variadic elementwise ops.
// CHECK-LABEL: func.func @variadic
func.func @variadic(%a: tensor<3x4xf32>, %b: tensor<4xf32>, %i: tensor<2xi64>) -> (tensor<3x4xf32>, tensor<2xi64>) {
  // CHECK: mini.max %{{.*}}, %{{.*}}, %{{.*}} : (tensor<3x4xf32>, tensor<4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %0 = mini.max %a, %b, %a : (tensor<3x4xf32>, tensor<4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  // CHECK: mini.min
  %1 = mini.min %0, %b : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  // CHECK: mini.sum
  %2 = mini.sum %1 : (tensor<3x4xf32>) -> tensor<3x4xf32>
  // CHECK: mini.mean
  %3 = mini.mean %2, %b : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  // CHECK: mini.sum %{{.*}}, %{{.*}} : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %4 = mini.sum %i, %i : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %3, %4 : tensor<3x4xf32>, tensor<2xi64>
}

// LogSoftmax, Hardmax, Trilu.
// CHECK-LABEL: func.func @softmax_like
func.func @softmax_like(%x: tensor<3x4xf32>, %i: tensor<2x4x5xi64>, %gi: tensor<3x2xi64>) -> (tensor<3x4xf32>, tensor<2x4x5xi64>) {
  // CHECK: mini.log_softmax %{{.*}} {axis = 0 : i64} : tensor<3x4xf32>
  %0 = mini.log_softmax %x {axis = 0 : i64} : tensor<3x4xf32>
  // CHECK: mini.hardmax %{{.*}} : tensor<3x4xf32>
  %1 = mini.hardmax %0 : tensor<3x4xf32>
  // CHECK: mini.gather_elements %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  %g = mini.gather_elements %x, %gi {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  // CHECK: mini.trilu %{{.*}} {k = -1 : i64, upper = false} : tensor<2x4x5xi64>
  %2 = mini.trilu %i {k = -1 : i64, upper = false} : tensor<2x4x5xi64>
  return %1, %2 : tensor<3x4xf32>, tensor<2x4x5xi64>
}

// Integer tensors through arithmetic, select and data movement.
// CHECK-LABEL: func.func @integers
func.func @integers(%x: tensor<2x3xi64>, %y: tensor<3xi64>, %c: tensor<2x3xi1>, %i: tensor<2xi32>) -> (tensor<2x3xi64>, tensor<3x2xi64>, tensor<4x3xi64>, tensor<2x3xi64>, tensor<2x2xi64>) {
  // CHECK: mini.div %{{.*}}, %{{.*}} : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  %0 = mini.div %x, %y : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  // CHECK: mini.transpose %{{.*}} {perm = array<i64: 1, 0>} : (tensor<2x3xi64>) -> tensor<3x2xi64>
  %1 = mini.transpose %0 {perm = array<i64: 1, 0>} : (tensor<2x3xi64>) -> tensor<3x2xi64>
  // CHECK: mini.concat %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<4x3xi64>
  %2 = mini.concat %x, %0 {axis = 0 : i64} : (tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<4x3xi64>
  // CHECK: mini.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x3xi1>, tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  %3 = mini.where %c, %x, %y : (tensor<2x3xi1>, tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  // CHECK: mini.gather %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x3xi64>, tensor<2xi32>) -> tensor<2x2xi64>
  %4 = mini.gather %x, %i {axis = 1 : i64} : (tensor<2x3xi64>, tensor<2xi32>) -> tensor<2x2xi64>
  return %0, %1, %2, %3, %4 : tensor<2x3xi64>, tensor<3x2xi64>, tensor<4x3xi64>, tensor<2x3xi64>, tensor<2x2xi64>
}

// uint8 data at the signature, mini's shifted int8 inside.
// CHECK-LABEL: func.func @uint8
// CHECK-SAME: (%{{.*}}: tensor<4xi8> {mini.uint8}) -> (tensor<4xi8> {mini.uint8})
func.func @uint8(%x: tensor<4xi8> {mini.uint8}) -> (tensor<4xi8> {mini.uint8}) {
  // CHECK: mini.uint8_shift %{{.*}} : tensor<4xi8>
  %0 = mini.uint8_shift %x : tensor<4xi8>
  %1 = mini.uint8_shift %0 : tensor<4xi8>
  return %1 : tensor<4xi8>
}

// Integer convolution and matrix product into int32.
// CHECK-LABEL: func.func @integer_products
func.func @integer_products(%x: tensor<1x1x5x5xi8>, %w: tensor<4x1x3x3xi8>, %a: tensor<4x3xi8>, %b: tensor<3x2xi8>) -> (tensor<1x4x3x3xi32>, tensor<4x2xi32>) {
  // CHECK: mini.conv_integer %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, filter_zero_points = array<i64: 0, 1, 2, 3>, group = 1 : i64, input_zero_point = -128 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x5x5xi8>, tensor<4x1x3x3xi8>) -> tensor<1x4x3x3xi32>
  %0 = mini.conv_integer %x, %w {dilations = array<i64: 1, 1>, filter_zero_points = array<i64: 0, 1, 2, 3>, group = 1 : i64, input_zero_point = -128 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x5x5xi8>, tensor<4x1x3x3xi8>) -> tensor<1x4x3x3xi32>
  // CHECK: mini.matmul_integer %{{.*}}, %{{.*}} {a_zero_point = 3 : i64, b_zero_points = array<i64: 0, -1>} : (tensor<4x3xi8>, tensor<3x2xi8>) -> tensor<4x2xi32>
  %1 = mini.matmul_integer %a, %b {a_zero_point = 3 : i64, b_zero_points = array<i64: 0, -1>} : (tensor<4x3xi8>, tensor<3x2xi8>) -> tensor<4x2xi32>
  return %0, %1 : tensor<1x4x3x3xi32>, tensor<4x2xi32>
}

// CHECK-LABEL: func.func @dynamic_quantize
func.func @dynamic_quantize(%x: tensor<3x4xf32>) -> (tensor<3x4xi8>, tensor<f32>, tensor<i8>) {
  // CHECK: mini.dynamic_quantize_linear %{{.*}} : (tensor<3x4xf32>) -> (tensor<3x4xi8>, tensor<f32>, tensor<i8>)
  %y, %s, %z = mini.dynamic_quantize_linear %x : (tensor<3x4xf32>) -> (tensor<3x4xi8>, tensor<f32>, tensor<i8>)
  return %y, %s, %z : tensor<3x4xi8>, tensor<f32>, tensor<i8>
}
