// RUN: mini-opt %s --mini-dealloc-at-return | FileCheck %s

// Every alloc without a dealloc is freed before the return, in allocation
// order; an already freed or returned buffer is left alone.
// CHECK-LABEL: func.func @f
// CHECK: %[[A:.*]] = memref.alloc() : memref<16xf32>
// CHECK: %[[B:.*]] = memref.alloc() : memref<8xf32>
// CHECK: %[[C:.*]] = memref.alloc() : memref<4xf32>
// CHECK: %[[R:.*]] = memref.alloc() : memref<2xf32>
// CHECK: memref.dealloc %[[B]]
// CHECK-NEXT: memref.dealloc %[[A]]
// CHECK-NEXT: memref.dealloc %[[C]]
// CHECK-NEXT: return %[[R]]
func.func @f() -> memref<2xf32> {
  %a = memref.alloc() : memref<16xf32>
  %b = memref.alloc() : memref<8xf32>
  %c = memref.alloc() : memref<4xf32>
  %r = memref.alloc() : memref<2xf32>
  memref.dealloc %b : memref<8xf32>
  return %r : memref<2xf32>
}

// A tile allocated in a loop body is freed at the end of the body; one the
// body yields (a view of it) is not.
// CHECK-LABEL: func.func @tiles
// CHECK: scf.for
// CHECK: %[[T:.*]] = memref.alloc() : memref<4xf32>
// CHECK: %[[Y:.*]] = memref.alloc() : memref<4xf32>
// CHECK: memref.copy %[[T]]
// CHECK: memref.dealloc %[[T]]
// CHECK-NOT: memref.dealloc %[[Y]]
// CHECK: scf.yield
func.func @tiles(%out: memref<4xf32>, %n: index) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %last = scf.for %i = %c0 to %n step %c1 iter_args(%prev = %out) -> (memref<4xf32>) {
    %t = memref.alloc() : memref<4xf32>
    %y = memref.alloc() : memref<4xf32>
    memref.copy %t, %out : memref<4xf32> to memref<4xf32>
    %v = memref.subview %y[0] [4] [1] : memref<4xf32> to memref<4xf32, strided<[1]>>
    %c = memref.cast %v : memref<4xf32, strided<[1]>> to memref<4xf32>
    scf.yield %c : memref<4xf32>
  }
  return %last : memref<4xf32>
}
