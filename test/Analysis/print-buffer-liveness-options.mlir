// --mini-print-buffer-liveness with --plan-memory's options: with
// allocas=true and a larger alignment, a stack buffer and an alloc asking
// for 4096 bytes of alignment are plannable (see print-buffer-liveness.mlir
// for the defaults).
// RUN: mini-opt %s --mini-print-buffer-liveness="allocas=true alignment=4096" -o /dev/null 2>&1 | FileCheck %s --check-prefix=OPTIONS
// OPTIONS-NOT: not plannable
// OPTIONS: 64 bytes, live [1, 1]
// OPTIONS-NOT: not plannable
// OPTIONS: 64 bytes, live [3, 3]
// OPTIONS-NOT: not plannable
func.func @pass_reasons_options(%x: f32, %i: index) {
  %s = memref.alloca() : memref<16xf32>
  memref.store %x, %s[%i] : memref<16xf32>
  %a = memref.alloc() {alignment = 4096 : i64} : memref<16xf32>
  memref.store %x, %a[%i] : memref<16xf32>
  memref.dealloc %a : memref<16xf32>
  return
}
