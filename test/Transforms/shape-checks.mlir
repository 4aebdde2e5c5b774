// mini-insert-shape-checks: a cf.assert before each op whose dynamic
// dimensions must agree, and nothing for static ones.
// RUN: mini-opt %s --split-input-file --mini-insert-shape-checks | FileCheck %s

// K is dynamic in A and static in B: one check, before the matmul.
// CHECK-LABEL: func.func @matmul
// CHECK: %[[K:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<3x?xf32>
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[K]], %{{.*}} : index
// CHECK: cf.assert %[[OK]], "'mm' (linalg.matmul): dimension 1 of operand 0 and dimension 0 of operand 1 differ (loop 2)"
// CHECK-NEXT: linalg.matmul
func.func @matmul(%a: tensor<3x?xf32>, %b: tensor<5x4xf32>, %c: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<3x?xf32>, tensor<5x4xf32>) outs(%c : tensor<3x4xf32>) -> tensor<3x4xf32> loc("mm")
  return %r : tensor<3x4xf32>
}

// -----

// A cast to a static size asserts it.
// CHECK-LABEL: func.func @cast
// CHECK: %[[D:.*]] = tensor.dim
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[D]], %{{.*}}
// CHECK: cf.assert %[[OK]], "{{.*}}(tensor.cast): dimension 0 is not 12"
func.func @cast(%x: tensor<?xf32>) -> tensor<12xf32> {
  %r = tensor.cast %x : tensor<?xf32> to tensor<12xf32>
  return %r : tensor<12xf32>
}

// -----

// A slice of a dynamic dimension ends inside it; of a static one, no check.
// CHECK-LABEL: func.func @slices
// CHECK: arith.addi
// CHECK: arith.cmpi ule
// CHECK: cf.assert {{.*}}(tensor.insert_slice): the slice of dimension 0 ends past its size"
// CHECK-NOT: cf.assert
// CHECK: return
func.func @slices(%x: tensor<4xf32>, %d: tensor<?xf32>, %s: tensor<8xf32>, %i: index) -> (tensor<?xf32>, tensor<8xf32>) {
  %a = tensor.insert_slice %x into %d[%i] [4] [1] : tensor<4xf32> into tensor<?xf32>
  %b = tensor.insert_slice %x into %s[%i] [4] [1] : tensor<4xf32> into tensor<8xf32>
  return %a, %b : tensor<?xf32>, tensor<8xf32>
}

// -----

// Static programs are left as they are.
// CHECK-LABEL: func.func @static
// CHECK-NOT: cf.assert
func.func @static(%a: tensor<3x5xf32>, %b: tensor<5x4xf32>, %c: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<3x5xf32>, tensor<5x4xf32>) outs(%c : tensor<3x4xf32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}
