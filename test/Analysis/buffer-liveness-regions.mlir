// Live ranges over regions and blocks (steps number every op in pre-order,
// nested ones included).
// RUN: mini-opt %s --split-input-file --mini-print-buffer-liveness --verify-diagnostics

// A loop: buffers allocated in the body and dead at its end live only
// inside it; %acc, used in the loop, is live over all of it (steps 3-14).
func.func @loop(%x: f32, %lb: index, %ub: index, %s: index) -> f32 {
  %c0 = arith.constant 0 : index
  // expected-remark @below {{': 64 bytes, live [2, 14]}}
  %acc = memref.alloc() : memref<16xf32>
  memref.store %x, %acc[%c0] : memref<16xf32>
  scf.for %i = %lb to %ub step %s {
    // expected-remark @below {{': 64 bytes, live [5, 6]}}
    %a = memref.alloc() : memref<16xf32>
    memref.store %x, %a[%c0] : memref<16xf32>
    %v = memref.load %a[%c0] : memref<16xf32>
    // expected-remark @below {{': 64 bytes, live [8, 9]}}
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

// Exclusive branches of scf.if: disjoint steps, so the buffers may share.
func.func @branches(%c: i1, %x: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %r = scf.if %c -> f32 {
    // expected-remark @below {{': 64 bytes, live [3, 4]}}
    %a = memref.alloc() : memref<16xf32>
    memref.store %x, %a[%c0] : memref<16xf32>
    %v = memref.load %a[%c0] : memref<16xf32>
    memref.dealloc %a : memref<16xf32>
    scf.yield %v : f32
  } else {
    // expected-remark @below {{': 128 bytes, live [8, 9]}}
    %b = memref.alloc() : memref<32xf32>
    memref.store %x, %b[%c0] : memref<32xf32>
    %v = memref.load %b[%c0] : memref<32xf32>
    memref.dealloc %b : memref<32xf32>
    scf.yield %v : f32
  }
  return %r : f32
}


// -----

// Several blocks: %a is live out of the entry into ^bb1 only; %b and %d
// are in exclusive blocks.
func.func @blocks(%c: i1, %x: f32) -> f32 {
  %c0 = arith.constant 0 : index
  // expected-remark @below {{': 64 bytes, live [2, 5]}}
  %a = memref.alloc() : memref<16xf32>
  memref.store %x, %a[%c0] : memref<16xf32>
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  // expected-remark @below {{': 64 bytes, live [6, 7]}}
  %b = memref.alloc() : memref<16xf32>
  %v = memref.load %a[%c0] : memref<16xf32>
  memref.store %v, %b[%c0] : memref<16xf32>
  %w = memref.load %b[%c0] : memref<16xf32>
  return %w : f32
^bb2:
  // expected-remark @below {{': 64 bytes, live [10, 11]}}
  %d = memref.alloc() : memref<16xf32>
  memref.store %x, %d[%c0] : memref<16xf32>
  %u = memref.load %d[%c0] : memref<16xf32>
  return %u : f32
}


// -----

// A loop of blocks: %a, written before it and used in it, is live around
// the back edge (the whole loop); %t, live out of the header into the
// exit, covers the blocks between them in the linear order.
func.func @cfg_loop(%x: f32, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-remark @below {{': 64 bytes, live [3, 12]}}
  %a = memref.alloc() : memref<16xf32>
  memref.store %x, %a[%c0] : memref<16xf32>
  cf.br ^header(%c0 : index)
^header(%i: index):
  // expected-remark @below {{': 64 bytes, live [6, 14]}}
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
  // expected-remark @below {{': 64 bytes, live [15, 16]}}
  %e = memref.alloc() : memref<16xf32>
  %w = memref.load %t[%c0] : memref<16xf32>
  memref.store %w, %e[%c0] : memref<16xf32>
  %r = memref.load %e[%c0] : memref<16xf32>
  return %r : f32
}


// -----

// A parallel loop: %top is live over the whole loop; %a lives in the
// body, in the loop's own alloc scope.
func.func @forall(%x: f32, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  // expected-remark @below {{': 64 bytes, live [2, 9]}}
  %top = memref.alloc() : memref<16xf32>
  memref.store %x, %top[%c0] : memref<16xf32>
  scf.forall (%i) in (4) {
    // expected-remark @below {{': 64 bytes, live [6, 7]}}
    %a = memref.alloc() : memref<16xf32>
    %v = memref.load %top[%c0] : memref<16xf32>
    memref.store %v, %a[%c0] : memref<16xf32>
    %w = memref.load %a[%c0] : memref<16xf32>
    memref.store %w, %out[%i] : memref<4xf32>
  }
  return
}


// -----

// Remainder tiles: a dynamic size bounded by affine.min (4 floats).
func.func @bounded(%x: f32, %n: index, %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %n step %c4 {
    %size = affine.min affine_map<(d0)[s0] -> (4, s0 - d0)>(%i)[%n]
    // expected-remark @below {{': 16 bytes, live [6, 13]}}
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

// An iteration's buffer carried to the next one through iter_args is not
// plannable; the init buffer is live until the loop's result dies.
func.func @carried(%x: f32, %lb: index, %ub: index, %s: index) -> f32 {
  %c0 = arith.constant 0 : index
  // expected-remark @below {{': 64 bytes, live [2, 8]}}
  %init = memref.alloc() : memref<16xf32>
  memref.store %x, %init[%c0] : memref<16xf32>
  %r = scf.for %i = %lb to %ub step %s iter_args(%cur = %init) -> memref<16xf32> {
    // expected-remark @below {{': 64 bytes, live [5, 8], not plannable: carried out of an iteration of 'scf.for', which allocates it anew each time}}
    %n = memref.alloc() : memref<16xf32>
    %v = memref.load %cur[%c0] : memref<16xf32>
    memref.store %v, %n[%c0] : memref<16xf32>
    scf.yield %n : memref<16xf32>
  }
  %w = memref.load %r[%c0] : memref<16xf32>
  return %w : f32
}


// -----

// scf.while through RegionBranchOpInterface: the body is a loop.
func.func @while(%x: f32, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-remark @below {{': 64 bytes, live [3, 14]}}
  %a = memref.alloc() : memref<16xf32>
  memref.store %x, %a[%c0] : memref<16xf32>
  %r = scf.while (%i = %c0) : (index) -> index {
    %cond = arith.cmpi slt, %i, %n : index
    scf.condition(%cond) %i : index
  } do {
  ^bb0(%i: index):
    // expected-remark @below {{': 64 bytes, live [9, 10]}}
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

// -----

// A halo tile (what upstream tile-and-fuse makes of a padded 3x3
// convolution's input, 8-wide patches of 16): its size is a max of mins,
// which the value-bounds analysis does not bound from above; evaluated at
// both iterations of the loop, it is 9 (16 - 7 at the second patch, 10 - 1
// at the first): 36 bytes.
func.func @halo(%x: f32, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  scf.for %i = %c0 to %c16 step %c8 {
    %low = affine.max affine_map<(d0) -> (-d0 + 1, 0)>(%i)
    %start = affine.max affine_map<(d0) -> (0, d0 - 1)>(%i)
    %clipped = affine.min affine_map<(d0) -> (16, d0)>(%start)
    %end = affine.min affine_map<(d0, d1) -> (-d0 + 16, -d1 + 10)>(%clipped, %low)
    %size = affine.max affine_map<(d0) -> (0, d0)>(%end)
    // expected-remark @below {{': 36 bytes, live [10, 10]}}
    %t = memref.alloc(%size) : memref<?xf32>
    memref.store %x, %t[%c0] : memref<?xf32>
    memref.dealloc %t : memref<?xf32>
  }
  return
}

// -----

// The same in a loop whose trip count is not a constant: no bound.
func.func @halo_unbounded(%x: f32, %n: index, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  scf.for %i = %c0 to %n step %c8 {
    %low = affine.max affine_map<(d0) -> (-d0 + 1, 0)>(%i)
    %start = affine.max affine_map<(d0) -> (0, d0 - 1)>(%i)
    %clipped = affine.min affine_map<(d0) -> (16, d0)>(%start)
    %end = affine.min affine_map<(d0, d1) -> (-d0 + 16, -d1 + 10)>(%clipped, %low)
    %size = affine.max affine_map<(d0) -> (0, d0)>(%end)
    // expected-remark @below {{not plannable: dynamic shape without a constant upper bound}}
    %t = memref.alloc(%size) : memref<?xf32>
    memref.store %x, %t[%c0] : memref<?xf32>
    memref.dealloc %t : memref<?xf32>
  }
  return
}
