// Memory-aware scheduling: ops move when an order of lower peak exists, and
// the function records each candidate's figures.
// RUN: mini-opt %s --split-input-file --mini-schedule-for-memory | FileCheck %s
// On linalg, where --mini-bufferize runs it, the model counts the buffers
// that will be planned, and each candidate is planned:
// RUN: mini-opt %s --split-input-file --convert-mini-to-linalg --mini-fuse-elementwise --mini-schedule-for-memory=in-place=false | FileCheck %s --check-prefix=LINALG
// The chosen order is the one planned: its planned bytes are the plan's.
// RUN: mini-opt %s --split-input-file --mini-bufferize="schedule-for-memory=true schedule-in-place=false" --plan-memory=in-place=false | FileCheck %s --check-prefix=PLAN
// The search under a budget of one state: a beam, not proven, never worse.
// RUN: mini-opt %s --split-input-file --convert-mini-to-linalg --mini-fuse-elementwise --mini-schedule-for-memory="in-place=false search-states=1 beam-width=1" | FileCheck %s --check-prefix=BEAM
// Deterministic: twice the same output.
// RUN: mini-opt %s --split-input-file --convert-mini-to-linalg --mini-fuse-elementwise --mini-schedule-for-memory > %t.1
// RUN: mini-opt %s --split-input-file --convert-mini-to-linalg --mini-fuse-elementwise --mini-schedule-for-memory > %t.2
// RUN: cmp %t.1 %t.2

// Two branches that each shrink a 4096-byte tensor to 256 bytes: running
// each branch to its end before starting the next lowers the peak from
// 4096 + 4096 + 256 to 4096 + 256 + 256. The mini dialect is not planned
// on its own: the model decides, and no planned bytes are reported.
// CHECK-LABEL: func.func @branches
// CHECK-SAME: mini.schedule = {bound_bytes = 4352 : i64, chosen = "greedy", peak_bytes_greedy = 4608 : i64, peak_bytes_program = 8448 : i64, peak_bytes_search = 4608 : i64, proven = true, search = "exact"
// CHECK: %[[A1:.*]] = mini.relu %arg0
// CHECK-NEXT: %[[P1:.*]] = mini.global_avg_pool2d %[[A1]]
// CHECK-NEXT: %[[A2:.*]] = mini.sigmoid %arg0
// CHECK-NEXT: %[[P2:.*]] = mini.global_avg_pool2d %[[A2]]
// CHECK-NEXT: %[[S:.*]] = mini.add %[[P1]], %[[P2]]
// CHECK-NEXT: return %[[S]]
// PLAN-LABEL: func.func @branches
// PLAN-SAME: lower_bound_bytes = 4608
// PLAN-SAME: planned_bytes = 4608
func.func @branches(%x: tensor<1x64x4x4xf32>) -> tensor<1x64x1x1xf32> {
  %a1 = mini.relu %x : tensor<1x64x4x4xf32>
  %a2 = mini.sigmoid %x : tensor<1x64x4x4xf32>
  %p1 = mini.global_avg_pool2d %a1 : (tensor<1x64x4x4xf32>) -> tensor<1x64x1x1xf32>
  %p2 = mini.global_avg_pool2d %a2 : (tensor<1x64x4x4xf32>) -> tensor<1x64x1x1xf32>
  %s = mini.add %p1, %p2 : (tensor<1x64x1x1xf32>, tensor<1x64x1x1xf32>) -> tensor<1x64x1x1xf32>
  return %s : tensor<1x64x1x1xf32>
}

// -----

// A chain has one order: nothing moves; its returned result is an
// out-param, no buffer of the plan.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: chosen = "program", peak_bytes_greedy = 4096 : i64, peak_bytes_program = 4096 : i64, peak_bytes_search = 4096 : i64, proven = true, search = "bound"
// CHECK: mini.relu
// CHECK-NEXT: mini.sigmoid
func.func @chain(%x: tensor<1x64x4x4xf32>) -> tensor<1x64x4x4xf32> {
  %a = mini.relu %x : tensor<1x64x4x4xf32>
  %b = mini.sigmoid %a : tensor<1x64x4x4xf32>
  return %b : tensor<1x64x4x4xf32>
}

// -----

// The padded input of a 3x3 convolution is a buffer the mini dialect does
// not show: on linalg each branch's step holds its 1x4x8x8 input (1024
// bytes) and its 1x4x10x10 padded copy (1600 bytes), and the other branch's
// pooled result (16 bytes, 64 once aligned): 2688 bytes, what the plan
// takes. In the program's order both branches' inputs are live with a
// padded copy: 1024 + 1024 + 1600 = 3648. Each convolution's zero fill is
// no step of its own: it moves right before the convolution.
// LINALG-LABEL: func.func @padded
// LINALG-SAME: bound_bytes = 2624 : i64, chosen = "greedy", peak_bytes_greedy = 2688 : i64, peak_bytes_program = 3648 : i64, peak_bytes_search = 2688 : i64, planned_bytes_greedy = 2688 : i64, planned_bytes_program = 3648 : i64, planned_bytes_search = 2688 : i64, proven = true, search = "exact"
// LINALG: %[[A1:.*]] = linalg.generic {{.*}} ins(%arg0
// LINALG: %[[PA:.*]] = tensor.pad %[[A1]]
// LINALG: linalg.fill
// LINALG: %[[A2:.*]] = linalg.conv_2d_nchw_fchw {{.*}} ins(%[[PA]]
// LINALG: linalg.generic {{.*}} ins(%[[A2]]
// LINALG: %[[B1:.*]] = linalg.generic {{.*}} ins(%arg0
// LINALG: tensor.pad %[[B1]]
// PLAN-LABEL: func.func @padded
// PLAN-SAME: lower_bound_bytes = 2688
// PLAN-SAME: planned_bytes = 2688
// BEAM-LABEL: func.func @padded
// BEAM-SAME: peak_bytes_program = 3648 : i64
// BEAM-SAME: proven = false, search = "beam"
func.func @padded(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> {
  %w = arith.constant dense<0.5> : tensor<4x4x3x3xf32>
  %a1 = mini.relu %x : tensor<1x4x8x8xf32>
  %b1 = mini.sigmoid %x : tensor<1x4x8x8xf32>
  %a2 = mini.conv2d %a1, %w {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  %b2 = mini.conv2d %b1, %w {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  %ga = mini.global_avg_pool2d %a2 : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  %gb = mini.global_avg_pool2d %b2 : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  %s = mini.add %ga, %gb : (tensor<1x4x1x1xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x1x1xf32>
  return %s : tensor<1x4x1x1xf32>
}

// -----

// A fused chain is one buffer: relu, sigmoid and tanh become one op after
// elementwise fusion, so that branch holds one 4096-byte buffer, not three.
// The concatenation is returned (an out-param). In the program's order both
// branches (4096 bytes each) are live before either is copied into it;
// scheduled, each branch is copied before the next starts.
// LINALG-LABEL: func.func @fused
// LINALG-SAME: peak_bytes_program = 8192 : i64, peak_bytes_search = 4096 : i64
// LINALG-SAME: planned_bytes_search = 4096 : i64
// PLAN-LABEL: func.func @fused
// PLAN-SAME: planned_bytes = 4096
func.func @fused(%x: tensor<1x64x4x4xf32>) -> tensor<1x128x4x4xf32> {
  %a = mini.relu %x : tensor<1x64x4x4xf32>
  %b = mini.sigmoid %a : tensor<1x64x4x4xf32>
  %c = mini.tanh %b : tensor<1x64x4x4xf32>
  %d = mini.sigmoid %x : tensor<1x64x4x4xf32>
  %s = mini.concat %c, %d {axis = 1 : i64} : (tensor<1x64x4x4xf32>, tensor<1x64x4x4xf32>) -> tensor<1x128x4x4xf32>
  return %s : tensor<1x128x4x4xf32>
}
