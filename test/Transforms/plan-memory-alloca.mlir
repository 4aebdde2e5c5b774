// Stack buffers are not planned, and the pass says so: a remark, and an
// entry with the reason in the report. A report that cannot be written is a
// diagnostic, not an "LLVM ERROR".
// RUN: mini-opt %s --plan-memory -verify-diagnostics -o /dev/null
// RUN: mini-opt %s --plan-memory="report=-" -o /dev/null 2>/dev/null | FileCheck %s
// RUN: not mini-opt %s --plan-memory="report=/dev/full" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FULL

// CHECK: "name": "plan-memory-alloca.mlir:[[@LINE+6]]:8",
// CHECK-NEXT: "reason": "a stack buffer (memref.alloca); only memref.alloc is planned"
// FULL: error: cannot write the memory plan report '/dev/full': No space left on device
func.func @f(%x: f32, %i: index) -> f32 {
  %a = memref.alloc() : memref<16xf32>
  // expected-remark @below {{buffer not planned: a stack buffer (memref.alloca); only memref.alloc is planned}}
  %s = memref.alloca() : memref<16xf32>
  memref.store %x, %a[%i] : memref<16xf32>
  memref.store %x, %s[%i] : memref<16xf32>
  %v = memref.load %a[%i] : memref<16xf32>
  %w = memref.load %s[%i] : memref<16xf32>
  %r = arith.addf %v, %w : f32
  return %r : f32
}
