// mini-fuse-accumulators on half precision: an f16 convolution accumulates in
// f32 (twice its result), banded by rows as int8's int32 accumulators are; an
// f16 matrix product's f32 accumulator is banded by rows of its result (the
// second-to-last dimension, the most rows at most `rows` that divide it); an
// f32 matrix product, whose accumulator is its result, is left whole. The
// banded programs are run against NumPy in test/Integration/Ops/ops-half.test
// and on MobileNet-V2 and tiny_bert in test/Integration/Run/*_fp16.test.
// RUN: mini-opt %s --split-input-file --convert-mini-to-linalg --mini-fuse-accumulators | FileCheck %s

// CHECK-LABEL: func.func @conv_f16
// CHECK: scf.for %{{.*}} = %c0 to %c14 step %c2
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x2x4x8xf16>, tensor<3x2x3x3xf16>) outs(%{{.*}} : tensor<1x3x2x6xf32>)
// CHECK: arith.truncf {{.*}} : f32 to f16
// CHECK-NOT: tensor<1x3x14x6xf32>
func.func @conv_f16(%x: tensor<1x2x14x6xf16>) -> tensor<1x3x14x6xf16> {
  %w = mini.constant dense<1.0> : tensor<3x2x3x3xf16>
  %y = mini.conv2d %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x14x6xf16>, tensor<3x2x3x3xf16>) -> tensor<1x3x14x6xf16>
  return %y : tensor<1x3x14x6xf16>
}

// -----

// CHECK-LABEL: func.func @matmul_f16
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c4
// CHECK: linalg.fill {{.*}} -> tensor<1x4x512xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x4x128xf16>, tensor<128x512xf16>) outs(%{{.*}} : tensor<1x4x512xf32>)
// CHECK: arith.truncf {{.*}} : f32 to f16
// CHECK-NOT: tensor<1x32x512xf32>
func.func @matmul_f16(%x: tensor<1x32x128xf16>, %w: tensor<128x512xf16>) -> tensor<1x32x512xf16> {
  %y = mini.matmul %x, %w : (tensor<1x32x128xf16>, tensor<128x512xf16>) -> tensor<1x32x512xf16>
  return %y : tensor<1x32x512xf16>
}

// -----

// CHECK-LABEL: func.func @matmul_f32
// CHECK-NOT: scf.for
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x32x512xf32>)
func.func @matmul_f32(%x: tensor<1x32x128xf32>, %w: tensor<128x512xf32>) -> tensor<1x32x512xf32> {
  %y = mini.matmul %x, %w : (tensor<1x32x128xf32>, tensor<128x512xf32>) -> tensor<1x32x512xf32>
  return %y : tensor<1x32x512xf32>
}
