// The buffer liveness analysis, through its printer: sizes in bytes, live
// ranges in steps (top-level ops of the body, both ends inclusive), aliases,
// nested uses and the reasons a buffer cannot be planned.
// RUN: mini-opt %s --split-input-file --mini-print-buffer-liveness --verify-diagnostics
// RUN: mini-opt %s --split-input-file --mini-print-buffer-liveness 2>&1 | FileCheck %s

// Buffers are named after their location (here file:line:col).
// CHECK: print-buffer-liveness.mlir:[[@LINE+8]]:8: remark: buffer 'print-buffer-liveness.mlir:[[@LINE+8]]:8': 64 bytes, live [1, 5]

// Steps: 0 alloc a, 1 store, 2 alloc b, 3 subview, 4 store, 5 load, 6 dealloc
// a (not a use), 7 load through the subview of b, 8 return. A live range
// starts at the first use of the buffer or of an alias (the subview of b),
// not at the alloc.
func.func @straight_line(%x: f32, %i: index) -> f32 {
  // expected-remark @below {{': 64 bytes, live [1, 5]}}
  %a = memref.alloc() : memref<16xf32>
  memref.store %x, %a[%i] : memref<16xf32>
  // expected-remark @below {{': 24 bytes, live [3, 7]}}
  %b = memref.alloc() : memref<3x2xf32>
  %sv = memref.subview %b[0, 0] [1, 2] [1, 1] : memref<3x2xf32> to memref<1x2xf32, strided<[2, 1]>>
  memref.store %x, %b[%i, %i] : memref<3x2xf32>
  %v = memref.load %a[%i] : memref<16xf32>
  memref.dealloc %a : memref<16xf32>
  %w = memref.load %sv[%i, %i] : memref<1x2xf32, strided<[2, 1]>>
  return %w : f32
}

// -----

// Element sizes come from the data layout: i8, i64, index (8 bytes), f16.
func.func @element_sizes() {
  // expected-remark @below {{': 10 bytes, live [0, 0]}}
  %a = memref.alloc() : memref<10xi8>
  // expected-remark @below {{': 80 bytes, live [1, 1]}}
  %b = memref.alloc() : memref<10xi64>
  // expected-remark @below {{': 16 bytes, live [2, 2]}}
  %c = memref.alloc() : memref<2xindex>
  // expected-remark @below {{': 6 bytes, live [3, 3]}}
  %d = memref.alloc() : memref<3xf16>
  return
}

// -----

// Steps number nested ops too (pre-order): the loop is step 2 and spans
// [2, 4]; a use in it by a buffer allocated outside covers the whole loop.
// The if is step 5, its store step 6: a branch is not a loop.
func.func @nested(%x: f32, %c: i1, %lb: index, %ub: index, %s: index) {
  // expected-remark @below {{': 64 bytes, live [2, 4]}}
  %a = memref.alloc() : memref<16xf32>
  // expected-remark @below {{': 64 bytes, live [6, 6]}}
  %b = memref.alloc() : memref<16xf32>
  scf.for %i = %lb to %ub step %s {
    memref.store %x, %a[%i] : memref<16xf32>
  }
  scf.if %c {
    memref.store %x, %b[%lb] : memref<16xf32>
  }
  return
}

// -----

// The region result of scf.if aliases both yielded buffers: each is live
// from its yield (steps 3 and 4) to the load of the result (step 5).
func.func @region_alias(%c: i1, %i: index) -> f32 {
  // expected-remark @below {{': 64 bytes, live [3, 5]}}
  %a = memref.alloc() : memref<16xf32>
  // expected-remark @below {{': 64 bytes, live [4, 5]}}
  %b = memref.alloc() : memref<16xf32>
  %r = scf.if %c -> memref<16xf32> {
    scf.yield %a : memref<16xf32>
  } else {
    scf.yield %b : memref<16xf32>
  }
  %v = memref.load %r[%i] : memref<16xf32>
  return %v : f32
}

// -----

// Unplannable buffers are still measured, with the reason.
func.func @reasons(%n: index) -> memref<4xf32> {
  // expected-remark @below {{': live [0, 0], not plannable: dynamic shape}}
  %a = memref.alloc(%n) : memref<?xf32>
  // expected-remark @below {{': 16 bytes, live [2, 2], not plannable: returned from the function}}
  %b = memref.alloc() : memref<4xf32>
  return %b : memref<4xf32>
}

// -----

// Allocs hoisted to the top of the function (LICM, a user's pipeline) are
// live from their first use: three 4 KiB buffers used one after another do
// not interfere.
func.func @hoisted(%x: f32, %i: index, %out: memref<1xf32>) {
  // expected-remark @below {{': 4096 bytes, live [3, 4]}}
  %a = memref.alloc() : memref<1024xf32>
  // expected-remark @below {{': 4096 bytes, live [6, 7]}}
  %b = memref.alloc() : memref<1024xf32>
  // expected-remark @below {{': 4096 bytes, live [9, 10]}}
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

// -----

// The reasons --plan-memory adds to the IR's, with its options: a stack
// buffer without allocas=true, an alloc asking for more than the plan's
// alignment, and allocs freed by one dealloc with an unplannable one.
func.func @pass_reasons(%c: i1, %x: f32, %i: index) {
  // expected-remark @below {{': 64 bytes, live [1, 1], not plannable: a stack buffer (memref.alloca); stack buffers are planned with allocas=true}}
  %s = memref.alloca() : memref<16xf32>
  memref.store %x, %s[%i] : memref<16xf32>
  %r = scf.if %c -> (memref<16xf32>) {
    // expected-remark @below {{not plannable: requests alignment 4096, above the plan's 64}}
    %a = memref.alloc() {alignment = 4096 : i64} : memref<16xf32>
    scf.yield %a : memref<16xf32>
  } else {
    // expected-remark @below {{not plannable: freed by a memref.dealloc that also frees}}
    %b = memref.alloc() : memref<16xf32>
    scf.yield %b : memref<16xf32>
  }
  memref.store %x, %r[%i] : memref<16xf32>
  memref.dealloc %r : memref<16xf32>
  return
}

