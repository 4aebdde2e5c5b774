// Verifier and shape-inference errors of every mini op.
// RUN: mini-opt %s --split-input-file --verify-diagnostics

// Only f32 tensors.
func.func @non_f32(%x: tensor<4xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = mini.relu %x : tensor<4xi32>
  return
}

// -----

// A constant's value is an elements attribute.
func.func @constant_not_elements() {
  // expected-error @+1 {{attribute 'value' failed to satisfy constraint: constant vector/tensor attribute}}
  %0 = "mini.constant"() {value = 1.0 : f32} : () -> tensor<f32>
  return
}

// -----

// Only static shapes, but in the ops with dynamic dimensions (relu is one).
func.func @dynamic(%x: tensor<?x4xf32>) {
  %0 = mini.relu %x : tensor<?x4xf32>
  // expected-error @+1 {{must be statically shaped tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit signless integer}}
  %1 = mini.flatten %0 {axis = 1 : i64} : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return
}

// -----

// A reshape sizes at most one dynamic dimension.
func.func @reshape_two_dynamic(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{result type 'tensor<?x2x?xf32>' has more than one dynamic dimension}}
  %0 = mini.reshape %x : tensor<?x4xf32> -> tensor<?x2x?xf32>
  return
}

// -----

func.func @reshape_not_multiple(%x: tensor<6xf32>) {
  // expected-error @+1 {{input has 6 elements, not a multiple of the result's static dimensions' 4}}
  %0 = mini.reshape %x : tensor<6xf32> -> tensor<?x4xf32>
  return
}

// -----

// Reductions, layer norms and slices need their axes static.
func.func @reduce_dynamic_axis(%x: tensor<2x?xf32>) {
  // expected-error @+2 {{'mini.reduce_mean' op axis 1 is dynamic; only static axes are reduced}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.reduce_mean %x {axes = array<i64: 1>} : (tensor<2x?xf32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @layer_norm_dynamic(%x: tensor<2x?xf32>, %g: tensor<1xf32>) {
  // expected-error @+1 {{the normalized dimensions (from axis 1) must be static}}
  %0 = mini.layer_norm %x, %g {axis = -1 : i64} : (tensor<2x?xf32>, tensor<1xf32>) -> tensor<2x?xf32>
  return
}

// -----

func.func @slice_dynamic_axis(%x: tensor<?x4xf32>) {
  // expected-error @+2 {{'mini.slice' op axis 0 is dynamic; only static axes are sliced}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.slice %x {axes = array<i64: 0>, ends = array<i64: 2>, starts = array<i64: 0>, steps = array<i64>} : (tensor<?x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// A constant's value has the result type.
func.func @constant_type() {
  // expected-error @+1 {{all of {value, output} have same type}}
  %0 = "mini.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<3xf32>
  return
}

// -----

func.func @conv_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+2 {{filter expects 2 input channels (2 per group x 1 groups), but the input has 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_group(%x: tensor<1x4x8x8xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+2 {{group 2 must divide the input channels (4) and the output channels (3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.conv2d %x, %w {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @conv_strides(%x: tensor<1x1x8x8xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+2 {{'strides' values must be >= 1, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 0, 1>} : (tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
  return
}

// -----

func.func @conv_pads_count(%x: tensor<1x1x8x8xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+2 {{'pads' must have 4 values, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
  return
}

// -----

func.func @conv_bias(%x: tensor<1x1x8x8xf32>, %w: tensor<2x1x3x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{bias must be 1-D with 2 elements}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x8x8xf32>, tensor<2x1x3x3xf32>, tensor<3xf32>) -> tensor<1x2x6x6xf32>
  return
}

// -----

func.func @conv_window_too_big(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+2 {{window of 3 does not fit the padded input (2) on spatial dimension 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32>
  return
}

// -----

// The declared result type must be the inferred one.
func.func @conv_wrong_result(%x: tensor<1x1x8x8xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<1x1x6x6xf32>' are incompatible with return type(s) of operation 'tensor<1x1x8x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x8x8xf32>
  return
}

// -----

func.func @gemm_inner(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{inner dimensions differ: 3 vs 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.gemm %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @gemm_bias(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<4xf32>) {
  // expected-error @+2 {{bias C of shape [4] does not broadcast to [2, 5]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<4xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @gemm_rank(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{operands A and B must be 2-D}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.gemm %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @matmul_rank(%a: tensor<4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{operands must have rank >= 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.matmul %a, %b : (tensor<4xf32>, tensor<4x5xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x5xf32>) {
  // expected-error @+2 {{batch dimensions do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.matmul %a, %b : (tensor<2x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x5xf32>
  return
}

// -----

func.func @add_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{operand shapes [2, 3] and [4] do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @clip_bounds(%x: tensor<4xf32>) {
  // expected-error @+1 {{min (6.000000e+00) must not exceed max (0.000000e+00)}}
  %0 = mini.clip %x {max = 0.0 : f32, min = 6.0 : f32} : tensor<4xf32>
  return
}

// -----

func.func @softmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{axis -3 is out of range for rank 2}}
  %0 = mini.softmax %x {axis = -3 : i64} : tensor<2x3xf32>
  return
}

// -----

func.func @batch_norm_params(%x: tensor<1x4x2x2xf32>, %p: tensor<4xf32>, %q: tensor<3xf32>) {
  // expected-error @+1 {{var must be 1-D with 4 elements (the channels)}}
  %0 = mini.batch_norm %x, %p, %p, %p, %q : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @max_pool_rank(%x: tensor<1x4x4xf32>) {
  // expected-error @+1 {{operand #0 must be static-shaped 4-D tensor of 32-bit float or 16-bit float or bfloat16 type or 8-bit signless integer values}}
  %0 = mini.max_pool2d %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x4xf32>) -> tensor<1x2x2xf32>
  return
}

// -----

func.func @max_pool_pad(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+2 {{padding must be smaller than the window (2), got pads [2, 0] on spatial dimension 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.max_pool2d %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 2, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x2xf32>
  return
}

// -----

func.func @avg_pool_kernel(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+2 {{'kernel_shape' must have 2 values, got 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.avg_pool2d %x {kernel_shape = array<i64: 2, 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return
}

// -----

// ceil_mode changes the inferred size: 7 -> 4, not 3.
func.func @ceil_mode(%x: tensor<1x1x7x7xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<1x1x4x4xf32>' are incompatible}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.max_pool2d %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x7x7xf32>) -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @reduce_mean_duplicate(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{axis -1 is listed twice}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.reduce_mean %x {axes = array<i64: 1, -1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @reduce_mean_range(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.reduce_mean %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{axis 3 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.flatten %x {axis = 3 : i64} : (tensor<2x3xf32>) -> tensor<6x1xf32>
  return
}

// -----

func.func @flatten_negative_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{axis -3 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.flatten %x {axis = -3 : i64} : (tensor<2x3xf32>) -> tensor<1x6xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{input has 6 elements but the result has 8}}
  %0 = mini.reshape %x : tensor<2x3xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @transpose_perm(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{perm [0, 0] is not a permutation of [0, 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.transpose %x {perm = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @concat_shapes(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>) {
  // expected-error @+2 {{input 1 of shape [1, 3, 5] does not match input 0 of shape [1, 2, 4] outside axis 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x5xf32>) -> tensor<1x5x4xf32>
  return
}

// -----

func.func @concat_empty() {
  // expected-error @+2 {{needs at least one input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.concat {axis = 0 : i64} : () -> tensor<1xf32>
  return
}

// -----

func.func @pad_negative(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'pads' values must be >= 0, got -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.pad %x {pads = array<i64: 0, -1, 0, 0>} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @sub_broadcast(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+2 {{'mini.sub' op operand shapes [2, 3] and [2] do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.sub %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @mul_result(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<2x3xf32>' are incompatible}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.mul %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @div_broadcast(%a: tensor<4x3xf32>, %b: tensor<2x1xf32>) {
  // expected-error @+2 {{'mini.div' op operand shapes [4, 3] and [2, 1] do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.div %a, %b : (tensor<4x3xf32>, tensor<2x1xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @sigmoid_missing_operand(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected SSA operand}}
  %0 = mini.sigmoid : tensor<4xf32>
  return
}

// -----

func.func @sigmoid_f64(%x: tensor<4xf64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = mini.sigmoid %x : tensor<4xf64>
  return
}

// -----

func.func @arg_max_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'mini.arg_max' op axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.arg_max %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xi64>
  return
}

// -----

func.func @arg_min_result(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{result #0 must be statically shaped tensor of 64-bit signless integer values, but got 'tensor<2x1xi32>'}}
  %0 = mini.arg_min %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x1xi32>
  return
}

// -----

func.func @and_f32(%x: tensor<4xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = mini.and %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return
}

// -----

func.func @is_nan_result(%x: tensor<4xf32>) {
  // expected-error @+1 {{the result is the input's shape of i1}}
  %0 = "mini.is_nan"(%x) : (tensor<4xf32>) -> tensor<3xi1>
  return
}

// -----

func.func @max_types(%x: tensor<4xf32>, %i: tensor<4xi64>) {
  // expected-error @+2 {{'mini.max' op operands have different element types}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.max %x, %i : (tensor<4xf32>, tensor<4xi64>) -> tensor<4xf32>
  return
}

// -----

func.func @max_none() {
  // expected-error @+2 {{'mini.max' op needs at least one operand}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.max : () -> tensor<4xf32>
  return
}

// -----

func.func @mean_i64(%i: tensor<4xi64>) {
  // expected-error @+1 {{operand #0 must be variadic of ranked tensor of 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = mini.mean %i : (tensor<4xi64>) -> tensor<4xi64>
  return
}

// -----

func.func @log_softmax_axis(%x: tensor<3x4xf32>) {
  // expected-error @+1 {{'mini.log_softmax' op axis 2 is out of range for rank 2}}
  %0 = mini.log_softmax %x {axis = 2 : i64} : tensor<3x4xf32>
  return
}

// -----

func.func @gather_elements_rank(%x: tensor<3x4xf32>, %i: tensor<3xi64>) {
  // expected-error @+1 {{'mini.gather_elements' op indices must have the data's rank 2, not 1}}
  %0 = mini.gather_elements %x, %i : (tensor<3x4xf32>, tensor<3xi64>) -> tensor<3xf32>
  return
}

// -----

func.func @gather_elements_dim(%x: tensor<3x4xf32>, %i: tensor<3x5xi64>) {
  // expected-error @+1 {{'mini.gather_elements' op indices dimension 1 (5) exceeds the data's (4)}}
  %0 = mini.gather_elements %x, %i : (tensor<3x4xf32>, tensor<3x5xi64>) -> tensor<3x5xf32>
  return
}

// -----

func.func @gather_elements_empty(%x: tensor<3x0xf32>, %i: tensor<3x2xi64>) {
  // expected-error @+1 {{'mini.gather_elements' op the data's axis 1 is empty}}
  %0 = mini.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x0xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  return
}

// -----

func.func @hardmax_dynamic(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = mini.hardmax %x : tensor<?x4xf32>
  return
}

// -----

func.func @gather_elements_result(%x: tensor<3x4xf32>, %i: tensor<3x2xi64>) {
  // expected-error @+1 {{the result must have the indices' shape and the data's element type}}
  %0 = mini.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xi64>
  return
}

// -----

func.func @trilu_rank(%x: tensor<4xf32>) {
  // expected-error @+1 {{'mini.trilu' op input must have rank >= 2}}
  %0 = mini.trilu %x : tensor<4xf32>
  return
}

// -----

func.func @elu_i32(%x: tensor<4xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = mini.elu %x : tensor<4xi32>
  return
}

// -----

func.func @sin_f64(%x: tensor<4xf64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = mini.sin %x : tensor<4xf64>
  return
}

// -----

func.func @hard_sigmoid_f64(%x: tensor<4xf64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = mini.hard_sigmoid %x : tensor<4xf64>
  return
}

// -----

func.func @global_avg_pool_rank(%x: tensor<1x4x4xf32>) {
  // expected-error @+1 {{operand #0 must be static-shaped 4-D tensor of f32}}
  %0 = mini.global_avg_pool2d %x : (tensor<1x4x4xf32>) -> tensor<1x4x1x1xf32>
  return
}

// -----

func.func @global_avg_pool_result(%x: tensor<1x4x4x4xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<1x4x1x1xf32>' are incompatible}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.global_avg_pool2d %x : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @slice_zero_step(%x: tensor<4xf32>) {
  // expected-error @+2 {{'mini.slice' op steps must be non-zero}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.slice %x {axes = array<i64: 0>, ends = array<i64: 4>, starts = array<i64: 0>, steps = array<i64: 0>} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @slice_empty(%x: tensor<4xf32>) {
  // expected-error @+2 {{'mini.slice' op the slice of axis 0 is empty; mini has no zero-sized tensors}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.slice %x {axes = array<i64: 0>, ends = array<i64: 1>, starts = array<i64: 3>, steps = array<i64: 1>} : (tensor<4xf32>) -> tensor<1xf32>
  return
}

// -----

func.func @slice_lengths(%x: tensor<4xf32>) {
  // expected-error @+2 {{'mini.slice' op starts, ends, axes and steps must have one value per sliced axis}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.slice %x {axes = array<i64: 0>, ends = array<i64: 1, 2>, starts = array<i64: 0>, steps = array<i64>} : (tensor<4xf32>) -> tensor<1xf32>
  return
}

// -----

func.func @split_sizes(%x: tensor<4x6xf32>) {
  // expected-error @+2 {{'mini.split' op sizes [2, 3] do not add up to 6, the size of axis 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = mini.split %x {axis = -1 : i64, split = array<i64: 2, 3>} : (tensor<4x6xf32>) -> (tensor<4x2xf32>, tensor<4x3xf32>)
  return
}

// -----

func.func @gather_float_indices(%t: tensor<10x4xf32>, %i: tensor<3xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 64-bit signless integer or 32-bit signless integer values}}
  %0 = mini.gather %t, %i : (tensor<10x4xf32>, tensor<3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @gather_axis(%t: tensor<10x4xf32>, %i: tensor<3xi64>) {
  // expected-error @+2 {{'mini.gather' op axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.gather %t, %i {axis = 2 : i64} : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @expand_not_broadcast(%x: tensor<3xf32>) {
  // expected-error @+2 {{'mini.expand' op input shape [3] does not broadcast to [2, 4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.expand %x {shape = array<i64: 2, 4>} : (tensor<3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @compare_types(%a: tensor<3xf32>, %b: tensor<3xi64>) {
  // expected-error @+2 {{'mini.less' op operands have different element types}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.less %a, %b : (tensor<3xf32>, tensor<3xi64>) -> tensor<3xi1>
  return
}

// -----

func.func @where_condition(%c: tensor<3xf32>, %x: tensor<3xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = mini.where %c, %x, %x : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @gelu_mode(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mini.gelu' op approximate must be "none" or "tanh", got "fast"}}
  %0 = mini.gelu %x {approximate = "fast"} : tensor<3xf32>
  return
}

// -----

func.func @layer_norm_scale(%x: tensor<2x8xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{'mini.layer_norm' op scale of shape [4] does not broadcast to the normalized shape [8]}}
  %0 = mini.layer_norm %x, %g : (tensor<2x8xf32>, tensor<4xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @resize_mode(%x: tensor<1x1x2x2xf32>) {
  // expected-error @+1 {{'mini.resize' op mode must be "nearest" or "linear", got "cubic"}}
  %0 = mini.resize %x {mode = "cubic"} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @resize_channels(%x: tensor<1x1x2x2xf32>) {
  // expected-error @+1 {{'mini.resize' op changes N or C: only H and W are resized}}
  %0 = mini.resize %x : (tensor<1x1x2x2xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @resize_scales(%x: tensor<1x1x2x2xf32>) {
  // expected-error @+1 {{'mini.resize' op scales must be positive and finite, got 0}}
  %0 = mini.resize %x {scales = array<f64: 2.0, 0.0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @resize_scales_count(%x: tensor<1x1x2x2xf32>) {
  // expected-error @+1 {{'mini.resize' op scales must have 2 values (H and W), got 1}}
  %0 = mini.resize %x {scales = array<f64: 2.0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @reduce_twice(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'mini.reduce_sum' op axis -1 is listed twice}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.reduce_sum %x {axes = array<i64: 1, -1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return
}

// -----

// Sizes past int64 are errors, not overflow (found by the importer's fuzzer).
func.func @pad_overflow(%x: tensor<9223372036854775000xf32>) {
  // expected-error @+2 {{the padded dimension 0 has more than 2^63 elements}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.pad %x {pads = array<i64: 1000, 0>} : (tensor<9223372036854775000xf32>) -> tensor<1xf32>
  return
}

// -----

func.func @concat_overflow(%a: tensor<9223372036854775000xf32>, %b: tensor<1000xf32>) {
  // expected-error @+2 {{the concatenated axis has more than 2^63 elements}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.concat %a, %b {axis = 0 : i64} : (tensor<9223372036854775000xf32>, tensor<1000xf32>) -> tensor<1xf32>
  return
}

// -----

func.func @window_too_large(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+2 {{window sizes past 2^31 (or a spatial dimension past 2^62) are not supported}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.max_pool2d %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 4294967296, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x1x3xf32>
  return
}

// -----

func.func @split_dynamic_axis(%x: tensor<4x?xf32>) {
  // expected-error @+2 {{'mini.split' op axis 1 is dynamic; only static axes are split}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = mini.split %x {axis = 1 : i64, split = array<i64: 2, 2>} : (tensor<4x?xf32>) -> (tensor<4x2xf32>, tensor<4x2xf32>)
  return
}

// -----

func.func @reshape_overflow(%x: tensor<?xf32>) {
  // expected-error @+1 {{has over 2^63 elements}}
  %0 = mini.reshape %x : tensor<?xf32> -> tensor<?x4611686018427387904x4xf32>
  return
}

// -----

// The dialect's discardable attributes are verified where they appear.
// expected-error @+1 {{'mini.upper_bound' on an argument must be an i64 array, got [4]}}
func.func @bad_upper_bound(%x: tensor<?xf32> {mini.upper_bound = [4]}) {
  return
}

// -----

// expected-error @+1 {{'mini.dim_params' on an argument must be an array of strings, got [1]}}
func.func @bad_dim_params(%x: tensor<?xf32> {mini.dim_params = [1]}) {
  return
}

// -----

// expected-error @+1 {{'mini.memory_plan' on an operation must be a dictionary, got 3 : i64}}
func.func @bad_memory_plan() attributes {mini.memory_plan = 3} {
  return
}

// -----

// expected-error @+1 {{'mini.nmae' is not an argument attribute of the mini dialect (name, dim_params, upper_bound and uint8 are)}}
func.func @misspelled(%x: tensor<4xf32> {mini.nmae = "x"}) {
  return
}

// -----

// expected-error @+1 {{'mini.upper_bound' is not a result attribute of the mini dialect (dim_params and uint8 are)}}
func.func @result_bound(%x: tensor<4xf32>) -> (tensor<4xf32> {mini.upper_bound = array<i64: 4>}) {
  return %x : tensor<4xf32>
}

// -----

func.func @add_mixed(%x: tensor<4xi64>, %y: tensor<4xf32>) {
  // expected-error @+2 {{'mini.add' op operands have different element types}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.add %x, %y : (tensor<4xi64>, tensor<4xf32>) -> tensor<4xi64>
  return
}

// -----

func.func @concat_mixed(%x: tensor<4xi64>, %y: tensor<4xi32>) {
  // expected-error @+2 {{'mini.concat' op inputs have different element types}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mini.concat %x, %y {axis = 0 : i64} : (tensor<4xi64>, tensor<4xi32>) -> tensor<8xi64>
  return
}

// -----

func.func @pow_int(%x: tensor<4xi64>) {
  // expected-error @+1 {{'mini.pow' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = mini.pow %x, %x : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return
}

// -----

// expected-error @+1 {{'mini.uint8' on an argument must be a unit attribute, got 3 : i64}}
func.func @uint8_not_unit(%x: tensor<4xi8> {mini.uint8 = 3 : i64}) {
  return
}

// -----

func.func @uint8_shift_f32(%x: tensor<4xf32>) {
  // expected-error @+1 {{'mini.uint8_shift' op operand #0 must be ranked tensor of 8-bit signless integer values}}
  %y = mini.uint8_shift %x : tensor<4xf32>
  return
}

// -----

func.func @conv_integer_zero_points(%x: tensor<1x1x5x5xi8>, %w: tensor<4x1x3x3xi8>) {
  // expected-error @+1 {{'mini.conv_integer' op needs one zero point of the second operand or 4, got 2}}
  %y = mini.conv_integer %x, %w {dilations = array<i64: 1, 1>, filter_zero_points = array<i64: 0, 1>, group = 1 : i64, input_zero_point = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x5x5xi8>, tensor<4x1x3x3xi8>) -> tensor<1x4x3x3xi32>
  return
}

// -----

func.func @conv_integer_zero_point_range(%x: tensor<1x1x5x5xi8>, %w: tensor<4x1x3x3xi8>) {
  // expected-error @+1 {{'mini.conv_integer' op zero point 200 is not an int8}}
  %y = mini.conv_integer %x, %w {dilations = array<i64: 1, 1>, filter_zero_points = array<i64: 0>, group = 1 : i64, input_zero_point = 200 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x5x5xi8>, tensor<4x1x3x3xi8>) -> tensor<1x4x3x3xi32>
  return
}

// -----

func.func @conv_integer_shape(%x: tensor<1x1x5x5xi8>, %w: tensor<4x1x3x3xi8>) {
  // expected-error @+1 {{'mini.conv_integer' op result shape must be [1, 4, 3, 3], got [1, 4, 5, 5]}}
  %y = mini.conv_integer %x, %w {dilations = array<i64: 1, 1>, filter_zero_points = array<i64: 0>, group = 1 : i64, input_zero_point = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x5x5xi8>, tensor<4x1x3x3xi8>) -> tensor<1x4x5x5xi32>
  return
}

// -----

func.func @matmul_integer_shapes(%a: tensor<4x3xi8>, %b: tensor<2x2xi8>) {
  // expected-error @+1 {{'mini.matmul_integer' op needs a [M, K] and b [K, N], got [4, 3] and [2, 2]}}
  %y = mini.matmul_integer %a, %b {a_zero_point = 0 : i64, b_zero_points = array<i64: 0>} : (tensor<4x3xi8>, tensor<2x2xi8>) -> tensor<4x2xi32>
  return
}

// -----

func.func @dynamic_quantize_shape(%x: tensor<3x4xf32>) {
  // expected-error @+1 {{'mini.dynamic_quantize_linear' op output shape must be the input's}}
  %y, %s, %z = mini.dynamic_quantize_linear %x : (tensor<3x4xf32>) -> (tensor<4x3xi8>, tensor<f32>, tensor<i8>)
  return
}

// -----

// An op never mixes float types: only mini.cast converts.
func.func @gemm_mixed_precision(%a: tensor<2x3xf16>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{'mini.gemm' op float operands and results must have one element type, but has 'f16' and 'f32'}}
  %0 = mini.gemm %a, %b : (tensor<2x3xf16>, tensor<3x4xf32>) -> tensor<2x4xf16>
  return
}
