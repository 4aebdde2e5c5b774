// The diagnostics of --plan-memory=arena=argument.
// RUN: mini-opt %s --split-input-file --plan-memory="arena=argument" --verify-diagnostics -o /dev/null
// On a function, the pass cannot see the callers its new arguments break.
// RUN: not mini-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(plan-memory{arena=argument}))" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ANCHOR
// ANCHOR: plan-memory arena=argument runs on a module, not on a function

// A parallel loop of dynamic iteration count cannot have one range per
// concurrent iteration.
func.func @dynamic_forall(%x: f32, %n: index, %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{plan-memory arena=argument: this parallel loop holds a pool and has no static iteration count}}
  scf.forall (%i) in (%n) {
    %a = memref.alloc() : memref<16xf32>
    memref.store %x, %a[%c0] : memref<16xf32>
    %w = memref.load %a[%c0] : memref<16xf32>
    memref.store %w, %out[%i] : memref<?xf32>
    memref.dealloc %a : memref<16xf32>
  }
  return
}

// -----

// A function with callers would lose its calls' match.
// expected-error @+1 {{plan-memory arena=argument: @callee has callers}}
func.func private @callee(%x: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<16xf32>
  memref.store %x, %a[%c0] : memref<16xf32>
  %v = memref.load %a[%c0] : memref<16xf32>
  memref.dealloc %a : memref<16xf32>
  return %v : f32
}
func.func @caller(%x: f32) -> f32 {
  %v = func.call @callee(%x) : (f32) -> f32
  return %v : f32
}
