// Stack buffers are planned only with allocas=true; otherwise the pass says
// so: a remark, and an entry with the reason in the report. A report that
// cannot be written is a diagnostic, not an "LLVM ERROR". With allocas=true
// the stack buffer goes into a stack pool (an alloca of i8) of its own alloc
// scope, apart from the heap pool.
// RUN: mini-opt %s --plan-memory -verify-diagnostics -o /dev/null
// RUN: mini-opt %s --plan-memory="report=-" -o /dev/null 2>/dev/null | FileCheck %s
// RUN: not mini-opt %s --plan-memory="report=/dev/full" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FULL
// RUN: not mini-opt %s --plan-memory="svg=/dev/full" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FULL-SVG
// RUN: not mini-opt %s --plan-memory="map=/dev/full" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FULL-MAP
// RUN: not mini-opt %s --plan-memory="map=%t.missing/map.txt" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NO-DIR
// RUN: mini-opt %s --plan-memory="allocas=true" 2>/dev/null | FileCheck %s --check-prefix=STACK

// CHECK: "name": "plan-memory-alloca.mlir:[[@LINE+22]]:8",
// CHECK-NEXT: "shape": [
// CHECK-NEXT:   16
// CHECK-NEXT: ],
// CHECK-NEXT: "element_type": "f32",
// CHECK-NEXT: "op": "memref.store",
// CHECK-NEXT: "size": 64,
// CHECK-NEXT: "reason": "a stack buffer (memref.alloca); stack buffers are planned with allocas=true"
// STACK-LABEL: func.func @f
// STACK-SAME: pools = array<i64: 64, 64>
// STACK-DAG: %[[HEAP:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// STACK-DAG: %[[STACK:.*]] = memref.alloca() {alignment = 64 : i64} : memref<64xi8>
// STACK: memref.view %[[HEAP]]{{.*}} to memref<16xf32>
// STACK: memref.view %[[STACK]]{{.*}} to memref<16xf32>
// STACK-NOT: memref.dealloc %[[STACK]]
// FULL: error: cannot write the memory plan report '/dev/full': No space left on device
// FULL-SVG: error: cannot write the memory plan picture '/dev/full': No space left on device
// FULL-MAP: error: cannot write the memory plan map '/dev/full': No space left on device
// NO-DIR: error: cannot write the memory plan map '{{.*}}map.txt': No such file or directory
func.func @f(%x: f32, %i: index) -> f32 {
  %a = memref.alloc() : memref<16xf32>
  // expected-remark @below {{buffer not planned: a stack buffer (memref.alloca); stack buffers are planned with allocas=true}}
  %s = memref.alloca() : memref<16xf32>
  memref.store %x, %a[%i] : memref<16xf32>
  memref.store %x, %s[%i] : memref<16xf32>
  %v = memref.load %a[%i] : memref<16xf32>
  %w = memref.load %s[%i] : memref<16xf32>
  %r = arith.addf %v, %w : f32
  return %r : f32
}
