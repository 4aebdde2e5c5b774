// RUN: mini-opt %s --split-input-file --convert-mini-to-linalg --mini-fuse-elementwise --mini-fuse-patches="max-mac-overhead=1.0 channel-groups=4 patch-grids=1" | FileCheck %s
// RUN: mini-opt %s --split-input-file --convert-mini-to-linalg --mini-fuse-elementwise --mini-fuse-patches="max-mac-overhead=1.0 channel-groups=4 patch-grids=1" --mini-bufferize --plan-memory 2>&1 | FileCheck %s --check-prefix=PLAN

// Segments that run by groups of channels, without extra MACs; their
// outputs are proven against the layer-by-layer programs by
// test/Fusion/patch-nets.test (residual, pooled).

// An inverted residual block (MobileNet-V2): its inner tensor, 32
// channels, is split into 4 groups of 8. Per group the expanding 1x1
// convolution computes its 8 channels from the whole input, the
// depthwise convolution (and its padding) those 8, and the projecting
// 1x1 convolution accumulates their contribution into its result, which
// starts from its bias, computed once before the loop. The residual
// addition runs after the loop.
// CHECK-LABEL: func.func @inverted_residual
// CHECK-SAME: mini.patch_fusion = {base_macs = 51200 : i64, macs = 51200 : i64
// CHECK: %[[BIAS:.*]] = linalg.generic
// CHECK: %[[SUM:.*]] = scf.for %{{.*}} = %c0 to %c32 step %c8 iter_args(%[[ACC:.*]] = %[[BIAS]]) -> (tensor<1x8x8x8xf32>)
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} ins(%arg0, %{{.*}} : tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>) outs(%{{.*}} : tensor<1x8x8x8xf32>)
// CHECK: tensor.pad
// CHECK: } : tensor<1x8x8x8xf32> to tensor<1x8x10x10xf32>
// CHECK: linalg.depthwise_conv_2d_nchw_chw {{.*}} -> tensor<1x8x8x8xf32>
// CHECK: %[[PART:.*]] = linalg.conv_2d_nchw_fchw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>) outs(%[[ACC]] : tensor<1x8x8x8xf32>)
// CHECK: scf.yield %[[PART]]
// CHECK: linalg.generic {{.*}} ins(%[[SUM]], %arg0
// CHECK: arith.addf
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: return

// Planned: the group's buffers, not the 32-channel tensors.
// PLAN-LABEL: func.func @inverted_residual
// PLAN-NOT: memref<1x32x
// PLAN: return
func.func @inverted_residual(%x: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %w1 = arith.constant dense<0.1> : tensor<32x8x1x1xf32>
  %b1 = arith.constant dense<0.01> : tensor<32xf32>
  %w2 = arith.constant dense<0.2> : tensor<32x1x3x3xf32>
  %b2 = arith.constant dense<0.02> : tensor<32xf32>
  %w3 = arith.constant dense<0.3> : tensor<8x32x1x1xf32>
  %b3 = arith.constant dense<0.03> : tensor<8xf32>
  %0 = mini.conv2d %x, %w1, %b1 {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x8x8x8xf32>, tensor<32x8x1x1xf32>, tensor<32xf32>) -> tensor<1x32x8x8xf32>
  %1 = mini.clip %0 {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x32x8x8xf32>
  %2 = mini.conv2d %1, %w2, %b2 {dilations = array<i64: 1, 1>, group = 32 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x32x8x8xf32>, tensor<32x1x3x3xf32>, tensor<32xf32>) -> tensor<1x32x8x8xf32>
  %3 = mini.clip %2 {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x32x8x8xf32>
  %4 = mini.conv2d %3, %w3, %b3 {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x32x8x8xf32>, tensor<8x32x1x1xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %5 = mini.add %4, %x : (tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %5 : tensor<1x8x8x8xf32>
}

// -----

// MobileNet-V2's head: a 1x1 convolution to 64 channels and a global
// average pooling, by groups of 16 channels: the 64-channel map exists 16
// channels at a time, each group pooled into its part of the result.
// CHECK-LABEL: func.func @pooled_head
// CHECK-SAME: mini.patch_fusion = {base_macs = 17408 : i64, macs = 17408 : i64
// CHECK: scf.for %[[C:.*]] = %c0 to %c64 step %c16 iter_args(%[[OUT:.*]] = %{{.*}}) -> (tensor<1x64x1x1xf32>)
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} ins(%arg0, %{{.*}} : tensor<1x16x4x4xf32>, tensor<16x16x1x1xf32>) outs(%{{.*}} : tensor<1x16x4x4xf32>)
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%{{.*}} : tensor<1x16x4x4xf32>) outs(%{{.*}} : tensor<1x16x1x1xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %[[OUT]][0, %[[C]], 0, 0] [1, 16, 1, 1]
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: return

// PLAN-LABEL: func.func @pooled_head
// PLAN-NOT: memref<1x64x4x4
// PLAN: return
func.func @pooled_head(%x: tensor<1x16x4x4xf32>) -> tensor<1x64x1x1xf32> {
  %w = arith.constant dense<0.1> : tensor<64x16x1x1xf32>
  %b = arith.constant dense<0.01> : tensor<64xf32>
  %0 = mini.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x16x4x4xf32>, tensor<64x16x1x1xf32>, tensor<64xf32>) -> tensor<1x64x4x4xf32>
  %1 = mini.clip %0 {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x64x4x4xf32>
  %2 = mini.global_avg_pool2d %1 : (tensor<1x64x4x4xf32>) -> tensor<1x64x1x1xf32>
  return %2 : tensor<1x64x1x1xf32>
}
