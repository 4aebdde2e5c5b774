// RUN: mini-opt %s --convert-mini-to-linalg --mini-fuse-elementwise --split-input-file | FileCheck %s

// A chain of elementwise ops (batch norm's steps, then ReLU) becomes one op.
func.func @chain(%x: tensor<1x4x8xf32>, %b: tensor<4x1xf32>) -> tensor<1x4x8xf32> {
  %0 = mini.add %x, %b : (tensor<1x4x8xf32>, tensor<4x1xf32>) -> tensor<1x4x8xf32>
  %1 = mini.relu %0 : tensor<1x4x8xf32>
  %2 = mini.sqrt %1 : tensor<1x4x8xf32>
  return %2 : tensor<1x4x8xf32>
}

// -----

// A producer with two uses stays (fusing it would compute it twice), and
// nothing is fused into a reduction or a contraction.
func.func @kept(%x: tensor<4x8xf32>, %w: tensor<8x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x1xf32>) {
  %0 = mini.exp %x : tensor<4x8xf32>
  %1 = mini.relu %0 : tensor<4x8xf32>
  %2 = mini.neg %0 : tensor<4x8xf32>
  %3 = mini.matmul %1, %w : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %4 = mini.tanh %2 : tensor<4x8xf32>
  %5 = mini.reduce_sum %4 {axes = array<i64: 1>, keepdims = true} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  return %3, %2, %5 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x1xf32>
}

// -----

// A producer outside a loop stays outside: fused into the consumer in the
// loop's body, it would run at every iteration.
func.func @loop(%x: tensor<4x8xf32>, %n: index) -> tensor<4x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %e = mini.exp %x : tensor<4x8xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (tensor<4x8xf32>) {
    %s = mini.add %acc, %e : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    scf.yield %s : tensor<4x8xf32>
  }
  return %r : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @chain
// CHECK-COUNT-1: linalg.generic
// CHECK:         arith.addf
// CHECK-NEXT:    arith.maximumf
// CHECK-NEXT:    math.sqrt
// CHECK-NEXT:    linalg.yield
// CHECK-NOT:     linalg.generic

// CHECK-LABEL: func.func @kept
// CHECK:       %[[EXP:.*]] = linalg.generic
// CHECK:         math.exp
// CHECK:       %[[RELU:.*]] = linalg.generic {{.*}} ins(%[[EXP]] :
// CHECK:         arith.maximumf
// CHECK:       %[[NEG:.*]] = linalg.generic {{.*}} ins(%[[EXP]] :
// CHECK:         arith.negf
// CHECK:       %[[MM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[RELU]],
// CHECK:       %[[TANH:.*]] = linalg.generic {{.*}} ins(%[[NEG]] :
// CHECK:         math.tanh
// CHECK:       linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[TANH]] :

// CHECK-LABEL: func.func @loop
// CHECK:       %[[EXP:.*]] = linalg.generic
// CHECK:         math.exp
// CHECK:       scf.for
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %[[EXP]] :
// CHECK-NOT:     math.exp
// CHECK:         arith.addf
