// RUN: not mini-opt %s --mlir-print-op-on-diagnostic=false --convert-mini-to-linalg --mini-fuse-patches 2>&1 | FileCheck %s --check-prefix=NONE
// RUN: not mini-opt %s --mlir-print-op-on-diagnostic=false --convert-mini-to-linalg --mini-fuse-patches="max-mac-overhead=0.5" 2>&1 | FileCheck %s --check-prefix=BELOW
// RUN: not mini-opt %s --mlir-print-op-on-diagnostic=false --convert-mini-to-linalg --mini-fuse-patches="max-mac-overhead=1.1 patch-grids=0" 2>&1 | FileCheck %s --check-prefix=GRID
// RUN: not mini-opt %s --mlir-print-op-on-diagnostic=false --convert-mini-to-linalg --mini-fuse-patches="max-mac-overhead=1.1 channel-groups=4,0" 2>&1 | FileCheck %s --check-prefix=GROUPS
// RUN: not mini-opt %s --mlir-print-op-on-diagnostic=false --convert-mini-to-linalg --mini-fuse-patches="memory-budget=64" 2>&1 | FileCheck %s --check-prefix=BUDGET
// RUN: not mini-opt %s --mlir-print-op-on-diagnostic=false --convert-mini-to-linalg --mini-fuse-patches="memory-budget=5000 max-mac-overhead=1.0" 2>&1 | FileCheck %s --check-prefix=BOTH
// The smallest peak the error names is reachable: a budget of 5000 bytes
// takes it, for more MACs (the halo recomputed; 8x8 patches whose inner
// tensor is split in 4); with no extra MACs the
// smallest peak is 5184 bytes (only the padded copy is gone: the pad is
// fused into the second convolution's patches).
// RUN: mini-opt %s --convert-mini-to-linalg --mini-fuse-patches="memory-budget=5000" | FileCheck %s --check-prefix=FITS
// RUN: mini-opt %s --convert-mini-to-linalg --mini-fuse-patches="max-mac-overhead=1.0" | FileCheck %s --check-prefix=FREE

// NONE: error: mini-fuse-patches: give max-mac-overhead=F (F >= 1) or memory-budget=BYTES
// BELOW: error: mini-fuse-patches: max-mac-overhead must be at least 1 (the network's own MACs), not 0.5
// GRID: error: mini-fuse-patches: a patch grid must be at least 1 patch per side, not 0
// GROUPS: error: mini-fuse-patches: a count of channel groups must be at least 1, not 0
// BUDGET: error: mini-fuse-patches: no choice of segments and patch grids plans within memory-budget=64 bytes; the smallest peak reachable is 4736 bytes
// BOTH: error: mini-fuse-patches: no choice of segments and patch grids with at most max-mac-overhead=1 times the MACs plans within memory-budget=5000 bytes; the smallest peak reachable is 5184 bytes
// FITS: mini.patch_fusion = {base_macs = 73728 : i64, macs = 166464 : i64, peak_bytes = 4736 : i64, segments = 1 : i64}
// FREE: mini.patch_fusion = {base_macs = 73728 : i64, macs = 73728 : i64, peak_bytes = 5184 : i64, segments = 1 : i64}

// Conv 3x3 (pad 1) -> Conv 3x3 (pad 1), 1x4x16x16: layer by layer the
// 4 KiB middle tensor is live; patch by patch it is one patch at a time,
// its halo recomputed.
func.func @main(%x: tensor<1x4x16x16xf32>) -> tensor<1x4x16x16xf32> {
  %w = mini.constant dense<0.1> : tensor<4x4x3x3xf32>
  %c1 = mini.conv2d %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x16x16xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x16x16xf32>
  %c2 = mini.conv2d %c1, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x16x16xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x16x16xf32>
  return %c2 : tensor<1x4x16x16xf32>
}
