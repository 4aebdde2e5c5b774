// RUN: mini-opt %s --convert-mini-to-linalg --mini-fuse-elementwise --mini-fuse-patches="max-mac-overhead=1000 patch-grids=2 channel-groups=1 report=%t.json" | FileCheck %s
// RUN: FileCheck %s --check-prefix=REPORT < %t.json
// The same choice twice: the search is deterministic.
// RUN: mini-opt %s --convert-mini-to-linalg --mini-fuse-elementwise --mini-fuse-patches="max-mac-overhead=1000 patch-grids=2" -o %t.1.mlir
// RUN: mini-opt %s --convert-mini-to-linalg --mini-fuse-elementwise --mini-fuse-patches="max-mac-overhead=1000 patch-grids=2" -o %t.2.mlir
// RUN: cmp %t.1.mlir %t.2.mlir
// The search's bound: one candidate planned patch by patch, the others
// left out (and counted).
// RUN: mini-opt %s --convert-mini-to-linalg --mini-fuse-patches="max-mac-overhead=1000 max-planned-candidates=1 report=-" -o /dev/null | FileCheck %s --check-prefix=LIMIT
// LIMIT: "candidates_past_the_limit": {{[1-9][0-9]*}},
// LIMIT-NEXT: "candidates_planned": 1,
// A grid that does not divide the output: 3 patches of 6 per side, the
// last of 4; the patch's size is an affine.min, planned at its bound, and
// the remainder patch runs (test/Fusion/random-chains.test).
// RUN: mini-opt %s --convert-mini-to-linalg --mini-fuse-elementwise --mini-fuse-patches="max-mac-overhead=1000 patch-grids=3 channel-groups=1" | FileCheck %s --check-prefix=REMAINDER
// RUN: mini-opt %s --convert-mini-to-linalg --mini-fuse-elementwise --mini-fuse-patches="max-mac-overhead=1000 patch-grids=3 channel-groups=1" --mini-bufferize --mini-print-buffer-liveness 2>&1 | FileCheck %s --check-prefix=REMAINDER-PLAN

// Conv 3x3 (pad 1) -> ReLU -> Conv 1x1 on 1x3x16x16, cut into 2x2 patches
// of 8x8: the last convolution is tiled, the ReLU, the first convolution,
// its bias and its padding are fused into the patch loops. The padded
// input patch is 10x10 (the 3x3 halo), of which at most 9x9 is read from
// the input: the slice and the padding are clipped at the image's border, and the guard of a tiled pad against an
// empty slice is gone (no patch takes it). The output is proven against
// the unfused program by test/Fusion/patch-nets.test.

// CHECK-LABEL: func.func @main
// CHECK-SAME: mini.patch_fusion = {base_macs = 63488 : i64, macs = 63488 : i64, peak_bytes = {{[0-9]+}} : i64, segments = 1 : i64}
// CHECK: scf.for %[[H:.*]] = %c0 to %c16 step %c8
// CHECK: scf.for %[[W:.*]] = %c0 to %c16 step %c8
// CHECK-NOT: scf.if
// CHECK: tensor.extract_slice %arg0[0, 0, %{{.*}}, %{{.*}}] [1, 3, %{{.*}}, %{{.*}}]
// CHECK: tensor.pad {{.*}} low[0, 0, %{{.*}}, %{{.*}}] high[0, 0, %{{.*}}, %{{.*}}]
// CHECK: } : tensor<1x3x?x?xf32> to tensor<1x3x10x10xf32>
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x3x10x10xf32>, tensor<8x3x3x3xf32>) outs(%{{.*}} : tensor<1x8x8x8xf32>)
// CHECK: linalg.generic
// CHECK: arith.maximumf
// CHECK: tensor.extract_slice %{{.*}}[0, 0, %[[H]], %[[W]]] [1, 4, 8, 8]
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} outs(%{{.*}} : tensor<1x4x8x8xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, %[[H]], %[[W]]] [1, 4, 8, 8]
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: return

// REMAINDER-DAG: #[[TILE:.*]] = affine_map<(d0) -> (-d0 + 16, 6)>
// REMAINDER: scf.for %[[H:.*]] = %c0 to %c16 step %c6
// REMAINDER: scf.for %[[W:.*]] = %c0 to %c16 step %c6
// REMAINDER: %[[TH:.*]] = affine.min #[[TILE]](%[[H]])
// REMAINDER: %[[TW:.*]] = affine.min #[[TILE]](%[[W]])
// REMAINDER: tensor.empty(%[[TH]], %[[TW]]) : tensor<1x8x?x?xf32>
// REMAINDER: linalg.conv_2d_nchw_fchw {{.*}} -> tensor<1x8x?x?xf32>
// REMAINDER: linalg.conv_2d_nchw_fchw {{.*}} -> tensor<1x4x?x?xf32>

// Every buffer planned, none left "not plannable".
// REMAINDER-PLAN-NOT: not plannable
// REMAINDER-PLAN: remark: buffer
// REMAINDER-PLAN-NOT: not plannable

// REPORT: "base_macs": 63488,
// REPORT: "cut_points": 5,
// REPORT: "mac_overhead": 1,
// REPORT: "segments": [
// REPORT: "extra_macs": 0,
// REPORT-NEXT: "from_cut": 0,
// REPORT-NEXT: "input_patch": [
// REPORT-NEXT: 9,
// REPORT-NEXT: 9
// REPORT: "patch": [
// REPORT-NEXT: 8,
// REPORT-NEXT: 8
// REPORT: "patch_grid": "2x2",
// REPORT: "to_cut": 4
func.func @main(%x: tensor<1x3x16x16xf32>) -> tensor<1x4x16x16xf32> {
  %w1 = mini.constant dense<0.1> : tensor<8x3x3x3xf32>
  %b1 = mini.constant dense<0.01> : tensor<8xf32>
  %w2 = mini.constant dense<0.2> : tensor<4x8x1x1xf32>
  %c1 = mini.conv2d %x, %w1, %b1 {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x16x16xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x16x16xf32>
  %r = mini.relu %c1 : tensor<1x8x16x16xf32>
  %c2 = mini.conv2d %r, %w2 {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x8x16x16xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x16x16xf32>
  return %c2 : tensor<1x4x16x16xf32>
}
