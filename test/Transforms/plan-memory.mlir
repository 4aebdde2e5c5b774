// --plan-memory on plain memref IR: pools, offsets, views, deallocs, both
// strategies, alignment, aliases and nested regions. Every plan here was
// checked by hand against the live ranges that --mini-print-buffer-liveness
// reports, and the pass runs its own checker on every plan.
// RUN: mini-opt %s --split-input-file --plan-memory="strategy=best-fit" | FileCheck %s --check-prefix=BEST
// RUN: mini-opt %s --split-input-file --plan-memory="strategy=greedy-color" | FileCheck %s --check-prefix=COLOR
// RUN: mini-opt %s --split-input-file --plan-memory="alignment=256" | FileCheck %s --check-prefix=ALIGN

// A chain a -> b -> c: a [0,4] and c [6,9] never live together, b [2,7] is
// kept live by its subview. Best-fit puts b (largest) at 0 and a, c at 128;
// greedy-color gives b its own pool and shares a second one between a and c.

// BEST-LABEL: func.func @chain
// BEST-SAME: mini.memory_plan = {alignment = 64 : i64, chosen_strategy = "best-fit", lower_bound_bytes = 192 : i64, naive_bytes = 256 : i64, optimal = true, planned_bytes = 192 : i64, pools = array<i64: 192>, search_nodes = 0 : i64, shared_buffers = 0 : i64, shared_lower_bound_bytes = 192 : i64, strategy = "best-fit"}
// BEST: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<192xi8>
// BEST: %[[C128:.*]] = arith.constant 128 : index
// BEST: %[[A:.*]] = memref.view %[[POOL]][%[[C128]]][] : memref<192xi8> to memref<16xf32>
// BEST: linalg.copy ins(%{{.*}} : memref<16xf32>) outs(%[[A]] : memref<16xf32>)
// BEST: %[[C0:.*]] = arith.constant 0 : index
// BEST: %[[B:.*]] = memref.view %[[POOL]][%[[C0]]][] : memref<192xi8> to memref<32xf32>
// BEST: %[[SV:.*]] = memref.subview %[[B]]
// BEST-NOT: memref.dealloc %[[A]]
// BEST: %[[C128B:.*]] = arith.constant 128 : index
// BEST: %[[C:.*]] = memref.view %[[POOL]][%[[C128B]]][] : memref<192xi8> to memref<16xf32>
// BEST: linalg.copy ins(%[[SV]] : {{.*}}) outs(%[[C]] : memref<16xf32>)
// BEST-NEXT: linalg.copy ins(%[[C]] : memref<16xf32>)
// BEST-NEXT: memref.dealloc %[[POOL]] : memref<192xi8>
// BEST-NEXT: return

// COLOR-LABEL: func.func @chain
// COLOR-SAME: planned_bytes = 192 : i64, pools = array<i64: 128, 64>, search_nodes = 0 : i64, shared_buffers = 0 : i64, shared_lower_bound_bytes = 192 : i64, strategy = "greedy-color"
// COLOR: %[[P0:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// COLOR: %[[P1:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// COLOR: memref.view %[[P1]][%{{.*}}][] : memref<64xi8> to memref<16xf32>
// COLOR: memref.view %[[P0]][%{{.*}}][] : memref<128xi8> to memref<32xf32>
// COLOR: memref.view %[[P1]][%{{.*}}][] : memref<64xi8> to memref<16xf32>
// COLOR: linalg.copy ins(%{{.*}} : memref<16xf32, strided<[1]>>)
// COLOR-NEXT: memref.dealloc %[[P0]] : memref<128xi8>
// COLOR-NEXT: linalg.copy
// COLOR-NEXT: memref.dealloc %[[P1]] : memref<64xi8>

// ALIGN-LABEL: func.func @chain
// ALIGN-SAME: lower_bound_bytes = 512 : i64, naive_bytes = 768 : i64, optimal = true, planned_bytes = 512 : i64, pools = array<i64: 512>
// ALIGN: memref.alloc() {alignment = 256 : i64} : memref<512xi8>
// ALIGN: arith.constant 256 : index
// ALIGN: arith.constant 0 : index
// ALIGN: arith.constant 256 : index
func.func @chain(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%a : memref<16xf32>)
  %b = memref.alloc() : memref<32xf32>
  %sv = memref.subview %b[0] [16] [1] : memref<32xf32> to memref<16xf32, strided<[1]>>
  linalg.copy ins(%a : memref<16xf32>) outs(%sv : memref<16xf32, strided<[1]>>)
  memref.dealloc %a : memref<16xf32>
  %c = memref.alloc() : memref<16xf32>
  linalg.copy ins(%sv : memref<16xf32, strided<[1]>>) outs(%c : memref<16xf32>)
  memref.dealloc %b : memref<32xf32>
  linalg.copy ins(%c : memref<16xf32>) outs(%out : memref<16xf32>)
  memref.dealloc %c : memref<16xf32>
  return
}

// -----

// Aliases through collapse_shape, cast and reinterpret_cast keep %a live
// until step 6 (the load through %r), so %b (live on [2, 10]) cannot take
// its bytes, while %c, allocated at step 7, can. Equal sizes: %b, the
// longest-lived, is placed first.

// BEST-LABEL: func.func @aliases
// BEST-SAME: lower_bound_bytes = 128 : i64, naive_bytes = 192 : i64, optimal = true, planned_bytes = 128 : i64
// BEST: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// BEST: %[[CA:.*]] = arith.constant 64 : index
// BEST: memref.view %[[POOL]][%[[CA]]][] : memref<128xi8> to memref<4x4xf32>
// BEST: %[[CB:.*]] = arith.constant 0 : index
// BEST: memref.view %[[POOL]][%[[CB]]][] : memref<128xi8> to memref<16xf32>
// BEST: memref.load %{{.*}}[%{{.*}}] : memref<16xf32>
// BEST: %[[CC:.*]] = arith.constant 64 : index
// BEST: memref.view %[[POOL]][%[[CC]]][] : memref<128xi8> to memref<16xf32>
func.func @aliases(%x: f32, %i: index) -> f32 {
  %a = memref.alloc() : memref<4x4xf32>
  %flat = memref.collapse_shape %a [[0, 1]] : memref<4x4xf32> into memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.store %x, %b[%i] : memref<16xf32>
  %cast = memref.cast %flat : memref<16xf32> to memref<?xf32>
  %r = memref.reinterpret_cast %cast to offset: [0], sizes: [16], strides: [1] : memref<?xf32> to memref<16xf32>
  %v = memref.load %r[%i] : memref<16xf32>
  %c = memref.alloc() : memref<16xf32>
  memref.store %v, %c[%i] : memref<16xf32>
  %w = memref.load %c[%i] : memref<16xf32>
  %u = memref.load %b[%i] : memref<16xf32>
  %s = arith.addf %w, %u : f32
  return %s : f32
}

// -----

// A use inside scf.for counts at the loop (step 2): %a [2, 2] is dead after
// the loop; %c, live on [2, 4], keeps its own bytes (offset 0), and %b,
// live from its first use on [5, 6] (not from its alloc at step 3), reuses
// them after %c dies (offset 0); %a takes offset 64.

// BEST-LABEL: func.func @nested_use
// BEST-SAME: lower_bound_bytes = 128 : i64, naive_bytes = 192 : i64, optimal = true, planned_bytes = 128 : i64
// BEST: %[[OA:.*]] = arith.constant 64 : index
// BEST: %[[A:.*]] = memref.view %{{.*}}[%[[OA]]][] : memref<128xi8> to memref<16xf32>
// BEST: %[[OC:.*]] = arith.constant 0 : index
// BEST: %[[C:.*]] = memref.view %{{.*}}[%[[OC]]][] : memref<128xi8> to memref<16xf32>
// BEST: scf.for
// BEST-NEXT: memref.store %{{.*}}, %[[A]]
// BEST-NEXT: memref.store %{{.*}}, %[[C]]
// BEST: %[[OB:.*]] = arith.constant 0 : index
// BEST: memref.view %{{.*}}[%[[OB]]][] : memref<128xi8> to memref<16xf32>
func.func @nested_use(%x: f32, %lb: index, %ub: index, %step: index) -> f32 {
  %a = memref.alloc() : memref<16xf32>
  %c = memref.alloc() : memref<16xf32>
  scf.for %i = %lb to %ub step %step {
    memref.store %x, %a[%i] : memref<16xf32>
    memref.store %x, %c[%i] : memref<16xf32>
  }
  %b = memref.alloc() : memref<16xf32>
  %v = memref.load %c[%lb] : memref<16xf32>
  memref.store %v, %b[%lb] : memref<16xf32>
  %w = memref.load %b[%lb] : memref<16xf32>
  return %w : f32
}

// -----

// Zero-sized buffers take no bytes; a function without buffers gets an
// empty plan and no pool.

// BEST-LABEL: func.func @zero_sized
// BEST-SAME: naive_bytes = 0 : i64, optimal = true, planned_bytes = 0 : i64, pools = array<i64: 0>
// BEST: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<0xi8>
// BEST: memref.view %[[POOL]][%{{.*}}][] : memref<0xi8> to memref<0xf32>
// BEST: memref.dealloc %[[POOL]]
func.func @zero_sized() {
  %a = memref.alloc() : memref<0xf32>
  return
}

// BEST-LABEL: func.func @no_buffers
// BEST-SAME: planned_bytes = 0 : i64, pools = array<i64>,
// BEST-NOT: memref.alloc
// BEST: return
func.func @no_buffers() {
  return
}

// -----

// Three 4 KiB buffers hoisted to the top of the function (as LICM or a
// user's pipeline leaves them) and used one after another: live ranges start
// at the first use, not at the alloc, so they share one 4 KiB slot instead
// of taking the naive 12288 bytes.

// BEST-LABEL: func.func @hoisted
// BEST-SAME: lower_bound_bytes = 4096 : i64, naive_bytes = 12288 : i64, optimal = true, planned_bytes = 4096 : i64
// BEST-COUNT-3: memref.view %{{.*}}[%{{.*}}][] : memref<4096xi8> to memref<1024xf32>
func.func @hoisted(%x: f32, %i: index, %out: memref<1xf32>) {
  %a = memref.alloc() : memref<1024xf32>
  %b = memref.alloc() : memref<1024xf32>
  %c = memref.alloc() : memref<1024xf32>
  memref.store %x, %a[%i] : memref<1024xf32>
  %va = memref.load %a[%i] : memref<1024xf32>
  memref.store %va, %out[%i] : memref<1xf32>
  memref.store %x, %b[%i] : memref<1024xf32>
  %vb = memref.load %b[%i] : memref<1024xf32>
  memref.store %vb, %out[%i] : memref<1xf32>
  memref.store %x, %c[%i] : memref<1024xf32>
  %vc = memref.load %c[%i] : memref<1024xf32>
  memref.store %vc, %out[%i] : memref<1xf32>
  return
}
