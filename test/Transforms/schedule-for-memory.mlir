// Memory-aware scheduling: ops move when the greedy order lowers the peak of
// live tensor bytes, and the function records the peak before and after.
// RUN: mini-opt %s --split-input-file --mini-schedule-for-memory | FileCheck %s
// The planned result still bufferizes and plans, below the unscheduled plan:
// RUN: mini-opt %s --split-input-file --mini-bufferize --plan-memory | FileCheck %s --check-prefix=PLAN
// RUN: mini-opt %s --split-input-file --mini-schedule-for-memory --mini-bufferize --plan-memory | FileCheck %s --check-prefix=SCHED

// Two branches that each shrink a 4096-byte tensor to 256 bytes: running
// each branch to its end before starting the next halves the peak
// (8192 + 256 -> 4096 + 256 + 256).
// CHECK-LABEL: func.func @branches
// CHECK-SAME: mini.schedule = {peak_bytes_after = 4608 : i64, peak_bytes_before = 8448 : i64}
// CHECK: %[[A1:.*]] = mini.relu %arg0
// CHECK-NEXT: %[[P1:.*]] = mini.global_avg_pool2d %[[A1]]
// CHECK-NEXT: %[[A2:.*]] = mini.sigmoid %arg0
// CHECK-NEXT: %[[P2:.*]] = mini.global_avg_pool2d %[[A2]]
// CHECK-NEXT: %[[S:.*]] = mini.add %[[P1]], %[[P2]]
// CHECK-NEXT: return %[[S]]
// PLAN-LABEL: func.func @branches
// PLAN-SAME: lower_bound_bytes = 8448
// SCHED-LABEL: func.func @branches
// SCHED-SAME: lower_bound_bytes = 4608
func.func @branches(%x: tensor<1x64x4x4xf32>) -> tensor<1x64x1x1xf32> {
  %a1 = mini.relu %x : tensor<1x64x4x4xf32>
  %a2 = mini.sigmoid %x : tensor<1x64x4x4xf32>
  %p1 = mini.global_avg_pool2d %a1 : (tensor<1x64x4x4xf32>) -> tensor<1x64x1x1xf32>
  %p2 = mini.global_avg_pool2d %a2 : (tensor<1x64x4x4xf32>) -> tensor<1x64x1x1xf32>
  %s = mini.add %p1, %p2 : (tensor<1x64x1x1xf32>, tensor<1x64x1x1xf32>) -> tensor<1x64x1x1xf32>
  return %s : tensor<1x64x1x1xf32>
}

// -----

// A chain has one order: nothing moves, and both peaks are the same.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: mini.schedule = {peak_bytes_after = 8192 : i64, peak_bytes_before = 8192 : i64}
// CHECK: mini.relu
// CHECK-NEXT: mini.sigmoid
func.func @chain(%x: tensor<1x64x4x4xf32>) -> tensor<1x64x4x4xf32> {
  %a = mini.relu %x : tensor<1x64x4x4xf32>
  %b = mini.sigmoid %a : tensor<1x64x4x4xf32>
  return %b : tensor<1x64x4x4xf32>
}
