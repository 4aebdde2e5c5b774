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
