// --plan-memory on loops, branches, blocks, parallel loops and bounded
// dynamic sizes (live ranges: test/Analysis/buffer-liveness-regions.mlir;
// execution: test/Transforms/Execution).
// RUN: mini-opt %s --split-input-file --plan-memory -verify-diagnostics | FileCheck %s

// A loop: %a and %b, allocated in the body and dead at its end, share
// bytes across iterations; %acc, used in the loop, has its own.
// CHECK-LABEL: func.func @loop
// CHECK-SAME: naive_bytes = 192 : i64{{.*}}planned_bytes = 128 : i64
// CHECK: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK: memref.view %[[POOL]][%{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK: scf.for
// CHECK: %[[OFF:.*]] = arith.constant [[AT:[0-9]+]] : index
// CHECK-NEXT: memref.view %[[POOL]][%[[OFF]]][]
// CHECK: arith.constant [[AT]] : index
// CHECK-NEXT: memref.view %[[POOL]]
// CHECK-NOT: memref.dealloc
// CHECK: }
// CHECK-NEXT: memref.load
// CHECK-NEXT: memref.dealloc %[[POOL]]
func.func @loop(%x: f32, %lb: index, %ub: index, %s: index) -> f32 {
  %c0 = arith.constant 0 : index
  %acc = memref.alloc() : memref<16xf32>
  memref.store %x, %acc[%c0] : memref<16xf32>
  scf.for %i = %lb to %ub step %s {
    %a = memref.alloc() : memref<16xf32>
    memref.store %x, %a[%c0] : memref<16xf32>
    %v = memref.load %a[%c0] : memref<16xf32>
    %b = memref.alloc() : memref<16xf32>
    memref.store %v, %b[%c0] : memref<16xf32>
    %w = memref.load %b[%c0] : memref<16xf32>
    memref.store %w, %acc[%i] : memref<16xf32>
    memref.dealloc %a : memref<16xf32>
    memref.dealloc %b : memref<16xf32>
  }
  %r = memref.load %acc[%c0] : memref<16xf32>
  memref.dealloc %acc : memref<16xf32>
  return %r : f32
}

// -----

// Exclusive branches share bytes: the pool is as large as the larger.
// CHECK-LABEL: func.func @branches
// CHECK-SAME: naive_bytes = 192 : i64{{.*}}planned_bytes = 128 : i64
// CHECK: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK: scf.if
// CHECK: memref.view %[[POOL]]{{.*}} to memref<16xf32>
// CHECK: } else {
// CHECK: memref.view %[[POOL]]{{.*}} to memref<32xf32>
// CHECK: memref.dealloc %[[POOL]]
func.func @branches(%c: i1, %x: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %r = scf.if %c -> f32 {
    %a = memref.alloc() : memref<16xf32>
    memref.store %x, %a[%c0] : memref<16xf32>
    %v = memref.load %a[%c0] : memref<16xf32>
    memref.dealloc %a : memref<16xf32>
    scf.yield %v : f32
  } else {
    %b = memref.alloc() : memref<32xf32>
    memref.store %x, %b[%c0] : memref<32xf32>
    %v = memref.load %b[%c0] : memref<32xf32>
    memref.dealloc %b : memref<32xf32>
    scf.yield %v : f32
  }
  return %r : f32
}

// -----

// Several blocks: all three buffers fit in 64 bytes; the pool is freed
// before each return.
// CHECK-LABEL: func.func @blocks
// CHECK-SAME: naive_bytes = 192 : i64{{.*}}planned_bytes = 64 : i64
// CHECK: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// CHECK: ^bb1:
// CHECK: memref.dealloc %[[POOL]]
// CHECK-NEXT: return
// CHECK: ^bb2:
// CHECK: memref.dealloc %[[POOL]]
// CHECK-NEXT: return
func.func @blocks(%c: i1, %x: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<16xf32>
  memref.store %x, %a[%c0] : memref<16xf32>
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  %b = memref.alloc() : memref<16xf32>
  %v = memref.load %a[%c0] : memref<16xf32>
  memref.store %v, %b[%c0] : memref<16xf32>
  %w = memref.load %b[%c0] : memref<16xf32>
  return %w : f32
^bb2:
  %d = memref.alloc() : memref<16xf32>
  memref.store %x, %d[%c0] : memref<16xf32>
  %u = memref.load %d[%c0] : memref<16xf32>
  return %u : f32
}

// -----

// A loop of blocks: %a lives around the back edge, %t from the header to
// the exit; %e reuses %a's bytes after the loop.
// CHECK-LABEL: func.func @cfg_loop
// CHECK-SAME: naive_bytes = 192 : i64{{.*}}planned_bytes = 128 : i64
// CHECK: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK: memref.view %[[POOL]]
// CHECK: ^bb1(
// CHECK: memref.view %[[POOL]]
// CHECK: ^bb3:
// CHECK: memref.view %[[POOL]]
// CHECK: memref.dealloc %[[POOL]]
// CHECK-NEXT: return
func.func @cfg_loop(%x: f32, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = memref.alloc() : memref<16xf32>
  memref.store %x, %a[%c0] : memref<16xf32>
  cf.br ^header(%c0 : index)
^header(%i: index):
  %t = memref.alloc() : memref<16xf32>
  memref.store %x, %t[%c0] : memref<16xf32>
  %cond = arith.cmpi slt, %i, %n : index
  cf.cond_br %cond, ^body, ^exit
^body:
  %v = memref.load %a[%c0] : memref<16xf32>
  memref.store %v, %a[%c0] : memref<16xf32>
  %next = arith.addi %i, %c1 : index
  cf.br ^header(%next : index)
^exit:
  %e = memref.alloc() : memref<16xf32>
  %w = memref.load %t[%c0] : memref<16xf32>
  memref.store %w, %e[%c0] : memref<16xf32>
  %r = memref.load %e[%c0] : memref<16xf32>
  return %r : f32
}

// -----

// A parallel loop is an alloc scope: its buffer is in a pool allocated and
// freed inside the body, so that iterations never share bytes.
// CHECK-LABEL: func.func @forall
// CHECK-SAME: pools = array<i64: 64, 64>
// CHECK: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// CHECK: scf.forall
// CHECK-NEXT: %[[INNER:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// CHECK: memref.view %[[INNER]]
// CHECK: memref.dealloc %[[INNER]]
// CHECK: }
// CHECK: memref.dealloc %[[POOL]]
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
  }
  return
}

// -----

// A dynamic size bounded by affine.min: planned at its bound (16 bytes,
// aligned to 64), a view with the dynamic size.
// CHECK-LABEL: func.func @bounded
// CHECK-SAME: naive_bytes = 64 : i64{{.*}}planned_bytes = 64 : i64
// CHECK: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// CHECK: %[[SIZE:.*]] = affine.min
// CHECK: memref.view %[[POOL]][%{{.*}}][%[[SIZE]]] : memref<64xi8> to memref<?xf32>
// CHECK-NOT: memref.dealloc
// CHECK: memref.dealloc %[[POOL]]
// CHECK-NEXT: return
func.func @bounded(%x: f32, %n: index, %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %n step %c4 {
    %size = affine.min affine_map<(d0)[s0] -> (4, s0 - d0)>(%i)[%n]
    %t = memref.alloc(%size) : memref<?xf32>
    scf.for %j = %c0 to %size step %c1 {
      memref.store %x, %t[%j] : memref<?xf32>
    }
    scf.for %j = %c0 to %size step %c1 {
      %v = memref.load %t[%j] : memref<?xf32>
      %k = arith.addi %i, %j : index
      memref.store %v, %out[%k] : memref<?xf32>
    }
    memref.dealloc %t : memref<?xf32>
  }
  return
}

// -----

// An iteration's buffer yielded to the next is left alone, with a remark;
// the init buffer is planned.
// CHECK-LABEL: func.func @carried
// CHECK: memref.view
// CHECK: scf.for
// CHECK-NEXT: memref.alloc() : memref<16xf32>
func.func @carried(%x: f32, %lb: index, %ub: index, %s: index) -> f32 {
  %c0 = arith.constant 0 : index
  %init = memref.alloc() : memref<16xf32>
  memref.store %x, %init[%c0] : memref<16xf32>
  %r = scf.for %i = %lb to %ub step %s iter_args(%cur = %init) -> memref<16xf32> {
    // expected-remark @below {{buffer not planned: carried out of an iteration of 'scf.for', which allocates it anew each time}}
    %n = memref.alloc() : memref<16xf32>
    %v = memref.load %cur[%c0] : memref<16xf32>
    memref.store %v, %n[%c0] : memref<16xf32>
    scf.yield %n : memref<16xf32>
  }
  %w = memref.load %r[%c0] : memref<16xf32>
  return %w : f32
}

// -----

// scf.while: %t reuses nothing of %a, which is live over the whole loop.
// CHECK-LABEL: func.func @while
// CHECK-SAME: naive_bytes = 128 : i64{{.*}}planned_bytes = 128 : i64
// CHECK: scf.while
// CHECK: memref.view
func.func @while(%x: f32, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = memref.alloc() : memref<16xf32>
  memref.store %x, %a[%c0] : memref<16xf32>
  %r = scf.while (%i = %c0) : (index) -> index {
    %cond = arith.cmpi slt, %i, %n : index
    scf.condition(%cond) %i : index
  } do {
  ^bb0(%i: index):
    %t = memref.alloc() : memref<16xf32>
    %v = memref.load %a[%c0] : memref<16xf32>
    memref.store %v, %t[%c0] : memref<16xf32>
    %w = memref.load %t[%c0] : memref<16xf32>
    memref.store %w, %a[%c0] : memref<16xf32>
    %next = arith.addi %i, %c1 : index
    scf.yield %next : index
  }
  %e = memref.load %a[%c0] : memref<16xf32>
  return %e : f32
}
