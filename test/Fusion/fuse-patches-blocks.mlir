// RUN: mini-opt %s --mini-fuse-patches="max-mac-overhead=1.5" --verify-diagnostics | FileCheck %s

// A body of several blocks has no cut points: it is left as it is, with a
// warning (the options asked for are not applied).
// CHECK-LABEL: func.func @blocks
// CHECK-NOT: mini.patch_fusion
// CHECK: cf.br
// expected-warning @below {{mini-fuse-patches: a function body of more than one block is left layer by layer}}
func.func @blocks(%x: tensor<4xf32>) -> tensor<4xf32> {
  cf.br ^bb1(%x : tensor<4xf32>)
^bb1(%y: tensor<4xf32>):
  return %y : tensor<4xf32>
}
