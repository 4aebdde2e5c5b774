// --plan-memory=arena=argument: the pools become byte ranges of one arena
// argument, inserted first; nothing is allocated in the function.
// RUN: mini-opt %s --split-input-file --plan-memory="arena=argument" --canonicalize | FileCheck %s
// RUN: mini-opt %s --split-input-file --plan-memory="arena=argument alignment=128" --canonicalize | FileCheck %s --check-prefix=ALIGN
// RUN: not mini-opt %s --split-input-file --plan-memory="arena=heap" -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
// Every pool counts against its memory: @forall's parallel loop puts four
// copies of its 64-byte pool in dram, which holds 64 bytes.
// RUN: not mini-opt %s --split-input-file --plan-memory="arena=argument memories=sram:64,dram:64" -o /dev/null 2>&1 | FileCheck %s --check-prefix=CAPACITY
// CAPACITY: memory 'dram' of 64 bytes cannot hold its pools: 256 bytes

// Two 64-byte buffers live together: one 128-byte pool, the arena (each
// buffer rounded up to 128 bytes with alignment=128: 256).
// CHECK-LABEL: func.func @two(
// CHECK-SAME: %[[ARENA:.*]]: memref<128xi8>, %{{.*}}: f32, %{{.*}}: memref<2xf32>)
// CHECK-SAME: mini.arena = {alignment = 64 : i64, bytes = 128 : i64}
// CHECK-NOT: memref.alloc
// CHECK-DAG: memref.view %[[ARENA]][%{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK-DAG: memref.view %[[ARENA]][%{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK-NOT: memref.dealloc
// CHECK: return
// ALIGN-LABEL: func.func @two(
// ALIGN-SAME: memref<256xi8>
// ALIGN-SAME: mini.arena = {alignment = 128 : i64, bytes = 256 : i64}
// BAD: unknown plan-memory arena 'heap'; expected pools or argument
func.func @two(%x: f32, %out: memref<2xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = memref.alloc() : memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.store %x, %a[%c0] : memref<16xf32>
  memref.store %x, %b[%c0] : memref<16xf32>
  %u = memref.load %a[%c0] : memref<16xf32>
  %v = memref.load %b[%c0] : memref<16xf32>
  memref.store %u, %out[%c0] : memref<2xf32>
  memref.store %v, %out[%c1] : memref<2xf32>
  memref.dealloc %a : memref<16xf32>
  memref.dealloc %b : memref<16xf32>
  return
}

// -----

// A parallel scope's pool once per iteration: the function's pool (64
// bytes) at offset 0, then 4 x 64 bytes, the iteration %i's at
// 64 + 64 * %i. 320 bytes in all.
// CHECK-LABEL: func.func @forall(
// CHECK-SAME: %[[ARENA:.*]]: memref<320xi8>
// CHECK-SAME: mini.arena = {alignment = 64 : i64, bytes = 320 : i64}
// CHECK-NOT: memref.alloc
// CHECK: memref.view %[[ARENA]][%c0{{.*}}][] : memref<320xi8> to memref<16xf32>
// CHECK: scf.forall (%[[I:.*]]) in (4)
// CHECK: %[[SCALED:.*]] = arith.muli %[[I]], %c64
// CHECK: %[[AT:.*]] = arith.addi %[[SCALED]], %c64
// CHECK: memref.view %[[ARENA]][%[[AT]]][] : memref<320xi8> to memref<16xf32>
// CHECK-NOT: memref.dealloc
func.func @forall(%x: f32, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %top = memref.alloc() : memref<16xf32>
  memref.store %x, %top[%c0] : memref<16xf32>
  scf.forall (%i) in (4) {
    %a = memref.alloc() : memref<16xf32>
    %v = memref.load %top[%c0] : memref<16xf32>
    memref.store %v, %a[%c0] : memref<16xf32>
    %w = memref.load %a[%c0] : memref<16xf32>
    memref.store %w, %out[%i] : memref<4xf32>
    memref.dealloc %a : memref<16xf32>
  }
  memref.dealloc %top : memref<16xf32>
  return
}
