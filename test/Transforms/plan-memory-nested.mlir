// The pass nests in a pipeline: on func.func it plans that function. Each
// function then writes its own report, whose path holds {function}; the
// plan is the one the pass finds when run on the module.
// RUN: mini-opt %s --pass-pipeline='builtin.module(func.func(plan-memory{report=%t.{function}.json}))' | FileCheck %s
// RUN: %python %mini_src_root/scripts/check_plan.py %t.first.json | FileCheck %s --check-prefix=FIRST
// RUN: %python %mini_src_root/scripts/check_plan.py %t.second.json | FileCheck %s --check-prefix=SECOND
// RUN: mini-opt %s --plan-memory | FileCheck %s
// RUN: not mini-opt %s --pass-pipeline='builtin.module(func.func(plan-memory{report=%t.json}))' -o /dev/null 2>&1 | FileCheck %s --check-prefix=PATH

// CHECK-LABEL: func.func @first
// CHECK-SAME: planned_bytes = 128 : i64
// CHECK-LABEL: func.func @second
// CHECK-SAME: planned_bytes = 64 : i64
// FIRST: check_plan: @first: 2 buffers, lower bound 128 B, planned 128 B: OK
// SECOND: check_plan: @second: 1 buffers, lower bound 64 B, planned 64 B: OK
// PATH: error: plan-memory runs on functions here, so each writes its own report and maps: put {function} in the path '{{.*}}.json', or run the pass on the module
func.func @first(%x: f32, %i: index) -> f32 {
  %a = memref.alloc() : memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.store %x, %a[%i] : memref<16xf32>
  memref.store %x, %b[%i] : memref<16xf32>
  %v = memref.load %a[%i] : memref<16xf32>
  %w = memref.load %b[%i] : memref<16xf32>
  %r = arith.addf %v, %w : f32
  return %r : f32
}

func.func @second(%x: f32, %i: index) -> f32 {
  %a = memref.alloc() : memref<16xf32>
  memref.store %x, %a[%i] : memref<16xf32>
  %v = memref.load %a[%i] : memref<16xf32>
  return %v : f32
}
