// The buffers --plan-memory must leave alone, each with a remark saying why,
// next to one buffer it plans.
// RUN: mini-opt %s --split-input-file --allow-unregistered-dialect --plan-memory --verify-diagnostics | FileCheck %s

func.func private @consume(memref<16xf32>)

// CHECK-LABEL: func.func @left_alone
// CHECK: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// The dynamic, escaping and foreign buffers stay allocs of their own.
// CHECK-DAG: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK-DAG: memref.alloc() : memref<16xf32, 1>
// CHECK-DAG: memref.alloc() : memref<4x4xf32, strided<[8, 1]>>
// CHECK-DAG: memref.alloc() {alignment = 4096 : i64} : memref<16xf32>
// CHECK: memref.view %[[POOL]]
func.func @left_alone(%n: index, %x: f32, %i: index, %store: memref<1xmemref<16xf32>>) -> memref<16xf32> {
  // expected-remark @below {{buffer not planned: dynamic shape}}
  %dyn = memref.alloc(%n) : memref<?xf32>
  memref.store %x, %dyn[%i] : memref<?xf32>
  // expected-remark @below {{buffer not planned: returned from the function}}
  %ret = memref.alloc() : memref<16xf32>
  // expected-remark @below {{buffer not planned: passed to a call ('func.call')}}
  %call = memref.alloc() : memref<16xf32>
  func.call @consume(%call) : (memref<16xf32>) -> ()
  // expected-remark @below {{buffer not planned: stored to memory}}
  %stored = memref.alloc() : memref<16xf32>
  memref.store %stored, %store[%i] : memref<1xmemref<16xf32>>
  // expected-remark @below {{buffer not planned: in memory space 1}}
  %space = memref.alloc() : memref<16xf32, 1>
  memref.store %x, %space[%i] : memref<16xf32, 1>
  // expected-remark @below {{buffer not planned: non-identity layout}}
  %strided = memref.alloc() : memref<4x4xf32, strided<[8, 1]>>
  // expected-remark @below {{buffer not planned: requests alignment 4096, above the plan's 64}}
  %aligned = memref.alloc() {alignment = 4096 : i64} : memref<16xf32>
  // expected-remark @below {{buffer not planned: escapes through 'bufferization.to_tensor'}}
  %tensor = memref.alloc() : memref<16xf32>
  %t = bufferization.to_tensor %tensor : memref<16xf32> to tensor<16xf32>
  // The one plannable buffer.
  %ok = memref.alloc() : memref<16xf32>
  memref.store %x, %ok[%i] : memref<16xf32>
  return %ret : memref<16xf32>
}

// -----

// An alias that escapes counts for the buffer: the cast is returned.

// CHECK-LABEL: func.func @escaping_alias
// CHECK-NOT: memref.view
func.func @escaping_alias() -> memref<?xf32> {
  // expected-remark @below {{buffer not planned: returned from the function}}
  %a = memref.alloc() : memref<16xf32>
  %c = memref.cast %a : memref<16xf32> to memref<?xf32>
  return %c : memref<?xf32>
}

// -----

// An alloc inside an op whose control flow is unknown (not a
// RegionBranchOpInterface op) is left alone: its region may run any number
// of times, at any time. Allocs in scf loops are planned
// (plan-memory-regions.mlir).

// CHECK-LABEL: func.func @unknown_region
// CHECK: "test.region"() ({
// CHECK-NEXT: memref.alloc() : memref<16xf32>
func.func @unknown_region(%x: f32, %i: index) {
  "test.region"() ({
    // expected-remark @below {{buffer not planned: allocated inside 'test.region', whose control flow is unknown}}
    %inner = memref.alloc() : memref<16xf32>
    memref.store %x, %inner[%i] : memref<16xf32>
    "test.terminator"() : () -> ()
  }) : () -> ()
  return
}

// -----

// A dynamic size without a constant upper bound.

// CHECK-LABEL: func.func @unbounded
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
func.func @unbounded(%x: f32, %n: index) {
  // expected-remark @below {{buffer not planned: dynamic shape without a constant upper bound}}
  %a = memref.alloc(%n) : memref<?xf32>
  memref.store %x, %a[%n] : memref<?xf32>
  return
}

// -----

// An op with unknown memory effects might capture the pointer.

// CHECK-LABEL: func.func @unknown_user
// CHECK-NOT: memref.view
func.func @unknown_user() {
  // expected-remark @below {{buffer not planned: used by 'test.unknown', whose memory effects are unknown}}
  %a = memref.alloc() : memref<16xf32>
  "test.unknown"(%a) : (memref<16xf32>) -> ()
  return
}

// -----

// Two allocs yielded by the branches of an scf.if are freed by one dealloc
// of the result. When one of them cannot be planned (it asks for more
// alignment than the plan gives), the other is not planned either: its view
// must not reach the dealloc, and the unplanned one must still be freed.
// CHECK-LABEL: func.func @shared_dealloc
// CHECK-NOT: memref.view
// CHECK: memref.alloc() {alignment = 4096 : i64} : memref<16xf32>
// CHECK: memref.alloc() : memref<16xf32>
// CHECK: memref.dealloc %{{.*}} : memref<16xf32>
func.func @shared_dealloc(%c: i1, %x: f32, %i: index) {
  %r = scf.if %c -> (memref<16xf32>) {
    // expected-remark @below {{buffer not planned: requests alignment 4096, above the plan's 64}}
    %a = memref.alloc() {alignment = 4096 : i64} : memref<16xf32>
    scf.yield %a : memref<16xf32>
  } else {
    // expected-remark @below {{buffer not planned: freed by a memref.dealloc that also frees}}
    %b = memref.alloc() : memref<16xf32>
    scf.yield %b : memref<16xf32>
  }
  memref.store %x, %r[%i] : memref<16xf32>
  memref.dealloc %r : memref<16xf32>
  return
}

// -----

// Both planned: the shared dealloc goes once (it was erased twice, a
// double free in the pass), and each branch's buffer is a view.
// CHECK-LABEL: func.func @shared_dealloc_planned
// CHECK: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK: memref.view %[[POOL]]
// CHECK: memref.view %[[POOL]]
// CHECK: memref.dealloc %[[POOL]]
// CHECK-NOT: memref.dealloc
func.func @shared_dealloc_planned(%c: i1, %x: f32, %i: index) {
  %r = scf.if %c -> (memref<16xf32>) {
    %a = memref.alloc() : memref<16xf32>
    scf.yield %a : memref<16xf32>
  } else {
    %b = memref.alloc() : memref<16xf32>
    scf.yield %b : memref<16xf32>
  }
  memref.store %x, %r[%i] : memref<16xf32>
  memref.dealloc %r : memref<16xf32>
  return
}
