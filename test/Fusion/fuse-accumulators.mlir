// mini-fuse-accumulators: an int8 convolution's int32 accumulator made one
// band of rows at a time, each band as high as the most rows at most
// `rows` that divide the output's height (14: bands of 2 with rows=4, of 7
// with rows=7), so that every band has one static shape, which the CPU
// code's microkernels take. The results are proven equal to NumPy's in
// test/Quantization/qconv-zero-point.test (its 6 rows: two bands of 3;
// there too the bands of 16 channels of depthwise and 1x1 convolutions).
// RUN: mini-opt %s --convert-mini-to-linalg --mini-fuse-accumulators | FileCheck %s --check-prefix=FOUR
// RUN: mini-opt %s --convert-mini-to-linalg --mini-fuse-accumulators=rows=7 | FileCheck %s --check-prefix=SEVEN
// RUN: not mini-opt %s --convert-mini-to-linalg --mini-fuse-accumulators=rows=0 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not mini-opt %s --convert-mini-to-linalg --mini-fuse-accumulators=channels=0 2>&1 | FileCheck %s --check-prefix=NOCHANNELS

// FOUR: scf.for %{{.*}} = %c0 to %c14 step %c2
// FOUR: linalg.conv_2d_nchw_fchw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x2x4x8xi8>, tensor<3x2x3x3xi8>) outs(%{{.*}} : tensor<1x3x2x6xi32>)
// FOUR-NOT: tensor<1x3x?x6xi32>
// SEVEN: scf.for %{{.*}} = %c0 to %c14 step %c7
// SEVEN: linalg.conv_2d_nchw_fchw {{.*}} outs(%{{.*}} : tensor<1x3x7x6xi32>)
// ZERO: mini-fuse-accumulators: rows must be at least 1, not 0
// NOCHANNELS: mini-fuse-accumulators: channels must be at least 1, not 0
func.func @main(%x: tensor<1x2x14x6xi8>) -> tensor<1x3x14x6xi8> {
  %w = arith.constant dense<1> : tensor<3x2x3x3xi8>
  %b = arith.constant dense<[1, 2, 3]> : tensor<3xi32>
  %y = mini.qconv2d %x, %w, %b {clamp_max = 127 : i64, clamp_min = -128 : i64, dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 5 : i64, multipliers = array<i32: 1073741824>, output_zero_point = 0 : i64, pads = array<i64: 1, 1, 1, 1>, shifts = array<i32: 0>, strides = array<i64: 1, 1>} : (tensor<1x2x14x6xi8>, tensor<3x2x3x3xi8>, tensor<3xi32>) -> tensor<1x3x14x6xi8>
  return %y : tensor<1x3x14x6xi8>
}
