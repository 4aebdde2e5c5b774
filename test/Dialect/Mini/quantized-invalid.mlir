// RUN: mini-opt %s --split-input-file --verify-diagnostics

func.func @per_axis_size(%x: tensor<1x3x2x2xf32>, %s: tensor<2xf32>, %z: tensor<2xi8>) -> tensor<1x3x2x2xi8> {
  // expected-error @below {{per-axis scale has 2 elements but dimension 1 of the input has 3}}
  %q = mini.quantize_linear %x, %s, %z {axis = 1 : i64} : (tensor<1x3x2x2xf32>, tensor<2xf32>, tensor<2xi8>) -> tensor<1x3x2x2xi8>
  return %q : tensor<1x3x2x2xi8>
}

// -----

func.func @zero_point_shape(%x: tensor<4xi8>, %s: tensor<f32>, %z: tensor<4xi8>) -> tensor<4xf32> {
  // expected-error @below {{zero point has shape [4] but the scale has []}}
  %d = mini.dequantize_linear %x, %s, %z : (tensor<4xi8>, tensor<f32>, tensor<4xi8>) -> tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

func.func @zero_point_type(%x: tensor<4xi32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xf32> {
  // expected-error @below {{zero point must have the input's element type}}
  %d = mini.dequantize_linear %x, %s, %z : (tensor<4xi32>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

func.func @multiplier(%x: tensor<1x2x4x4xi8>, %w: tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi8> {
  // expected-error @below {{multiplier 5 is not in [2^30, 2^31)}}
  %y = mini.qconv2d %x, %w {clamp_max = 127 : i64, clamp_min = -128 : i64, dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 0 : i64, multipliers = array<i32: 5>, output_zero_point = 0 : i64, pads = array<i64: 0, 0, 0, 0>, shifts = array<i32: 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xi8>, tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi8>
  return %y : tensor<1x2x4x4xi8>
}

// -----

func.func @channels(%x: tensor<1x2x4x4xi8>, %w: tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi8> {
  // expected-error @below {{needs one multiplier and one shift per output channel (2) or one for all, got 3 and 3}}
  %y = mini.qconv2d %x, %w {clamp_max = 127 : i64, clamp_min = -128 : i64, dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 0 : i64, multipliers = array<i32: 1073741824, 1073741824, 1073741824>, output_zero_point = 0 : i64, pads = array<i64: 0, 0, 0, 0>, shifts = array<i32: 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xi8>, tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi8>
  return %y : tensor<1x2x4x4xi8>
}

// -----

func.func @clamp(%a: tensor<2x3xi8>, %b: tensor<3x4xi8>) -> tensor<2x4xi8> {
  // expected-error @below {{clamp [10, 5] is not an ordered sub-range of [-128, 127]}}
  %y = mini.qgemm %a, %b {a_zero_point = 0 : i64, clamp_max = 5 : i64, clamp_min = 10 : i64, multipliers = array<i32: 1073741824>, output_zero_point = 0 : i64, shifts = array<i32: 0>} : (tensor<2x3xi8>, tensor<3x4xi8>) -> tensor<2x4xi8>
  return %y : tensor<2x4xi8>
}

// -----

func.func @zero_point_range(%a: tensor<4xi8>, %b: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @below {{zero point 300 is not an int8}}
  %y = mini.qadd %a, %b {clamp_max = 127 : i64, clamp_min = -128 : i64, lhs_multiplier = 1073741824 : i32, lhs_shift = 1 : i32, lhs_zero_point = 300 : i64, output_multiplier = 1073741824 : i32, output_shift = 0 : i32, output_zero_point = 0 : i64, rhs_multiplier = 1073741824 : i32, rhs_shift = 1 : i32, rhs_zero_point = 0 : i64} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %y : tensor<4xi8>
}

// -----

func.func @depthwise_only(%x: tensor<1x4x4x4xi8>, %w: tensor<4x2x1x1xi8>) -> tensor<1x4x4x4xi8> {
  // expected-error @below {{group must be 1 or the channel count (depthwise), got 2}}
  %y = mini.qconv2d %x, %w {clamp_max = 127 : i64, clamp_min = -128 : i64, dilations = array<i64: 1, 1>, group = 2 : i64, input_zero_point = 0 : i64, multipliers = array<i32: 1073741824>, output_zero_point = 0 : i64, pads = array<i64: 0, 0, 0, 0>, shifts = array<i32: 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x4xi8>, tensor<4x2x1x1xi8>) -> tensor<1x4x4x4xi8>
  return %y : tensor<1x4x4x4xi8>
}
