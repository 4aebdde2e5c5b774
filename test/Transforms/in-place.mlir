// In-place reuse (--plan-memory's in-place option, on by default): which
// buffers share memory, how the IR is rewritten, and that every plan passes
// the pass's checker and, from the JSON report, the independent one.
// RUN: mini-opt %s --split-input-file --plan-memory | FileCheck %s
// RUN: mini-opt %s --split-input-file --plan-memory="in-place=false" | FileCheck %s --check-prefix=OFF
// RUN: mini-opt %s --plan-memory="report=%t.json" -o /dev/null
// RUN: %python %mini_src_root/scripts/check_plan.py %t.json --max-over-lower-bound 0 | FileCheck %s --check-prefix=JSON
// RUN: mini-opt %s --plan-memory="report=-" -o /dev/null | FileCheck %s --check-prefix=REPORT
// The independent checker rejects the same plan once a sharing is undeclared:
// RUN: %python -c "import json; d = json.load(open('%t.json')); b = next(b for f in d['functions'] for b in f['buffers'] if b.get('sharing') == 'in-place'); del b['shares']; json.dump(d, open('%t.bad.json', 'w'))"
// RUN: not %python %mini_src_root/scripts/check_plan.py %t.bad.json 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: check_plan: @in_place: buffers {{.*}} are live together and overlap in pool 0

#id = affine_map<(d0) -> (d0)>
// An elementwise op whose operand dies at it writes over the operand.
// CHECK-LABEL: func.func @in_place
// CHECK-SAME: lower_bound_bytes = 128 : i64
// CHECK-SAME: planned_bytes = 64 : i64
// CHECK-SAME: shared_buffers = 1 : i64, shared_lower_bound_bytes = 64 : i64
// CHECK: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// CHECK: %[[A:.*]] = memref.view %[[POOL]][%{{.*}}][] : memref<64xi8> to memref<16xf32>
// CHECK: %[[B:.*]] = memref.view %[[POOL]][%{{.*}}][] : memref<64xi8> to memref<16xf32>
// CHECK: linalg.generic {{.*}} ins(%[[A]], %{{.*}} : memref<16xf32>, memref<16xf32>) outs(%[[B]] : memref<16xf32>)
// OFF-LABEL: func.func @in_place
// OFF-SAME: planned_bytes = 128 : i64
// OFF-SAME: shared_buffers = 0 : i64
// JSON: check_plan: @in_place: 2 buffers, lower bound 64 B, planned 64 B: OK
// REPORT-LABEL: "name": "in_place"
// REPORT: "start": 4,
// REPORT-NEXT: "end": 5,
// REPORT-NEXT: "scope": 0,
// REPORT-NEXT: "pool": 0,
// REPORT-NEXT: "offset": 0,
// REPORT-NEXT: "shares": 0,
// REPORT-NEXT: "sharing": "in-place",
// REPORT-NEXT: "sharing_offset": 0
func.func @in_place(%in: memref<16xf32>, %out: memref<16xf32>) {
  %cst = arith.constant 0.0 : f32
  %a = memref.alloc() : memref<16xf32>
  linalg.fill ins(%cst : f32) outs(%a : memref<16xf32>)
  %b = memref.alloc() : memref<16xf32>
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%a, %in : memref<16xf32>, memref<16xf32>) outs(%b : memref<16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// The operand is still read after the op: no in-place reuse.
// CHECK-LABEL: func.func @operand_lives_on
// CHECK-SAME: planned_bytes = 128 : i64
// CHECK-SAME: shared_buffers = 0 : i64
// JSON: check_plan: @operand_lives_on: 2 buffers, lower bound 128 B, planned 128 B: OK
func.func @operand_lives_on(%in: memref<16xf32>, %out: memref<16xf32>) {
  %cst = arith.constant 0.0 : f32
  %a = memref.alloc() : memref<16xf32>
  linalg.fill ins(%cst : f32) outs(%a : memref<16xf32>)
  %b = memref.alloc() : memref<16xf32>
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : memref<16xf32>) outs(%b : memref<16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.negf %x : f32
    linalg.yield %s : f32
  }
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  memref.copy %a, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Not elementwise in place: the input is read reversed.
// CHECK-LABEL: func.func @not_same_position
// CHECK-SAME: shared_buffers = 0 : i64
// JSON: check_plan: @not_same_position: 2 buffers, lower bound 128 B, planned 128 B: OK
func.func @not_same_position(%in: memref<16xf32>, %out: memref<16xf32>) {
  %cst = arith.constant 0.0 : f32
  %a = memref.alloc() : memref<16xf32>
  linalg.fill ins(%cst : f32) outs(%a : memref<16xf32>)
  %b = memref.alloc() : memref<16xf32>
  linalg.generic {indexing_maps = [affine_map<(d0) -> (15 - d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : memref<16xf32>) outs(%b : memref<16xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Concat: both operands die at their copies into contiguous slices of the
// result; they are produced in the slices and the copies disappear.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: lower_bound_bytes = 256 : i64
// CHECK-SAME: planned_bytes = 128 : i64
// CHECK-SAME: shared_buffers = 2 : i64
// CHECK: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[A:.*]] = memref.view %[[POOL]][%[[C0]]][] : memref<128xi8> to memref<1x16xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[A]] : memref<1x16xf32>)
// CHECK: %[[C64:.*]] = arith.constant 64 : index
// CHECK: %[[B:.*]] = memref.view %[[POOL]][%[[C64]]][] : memref<128xi8> to memref<1x16xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[B]] : memref<1x16xf32>)
// CHECK-NOT: memref.subview
// CHECK: %[[R:.*]] = memref.view %[[POOL]][%{{.*}}][] : memref<128xi8> to memref<2x16xf32>
// CHECK-NEXT: memref.copy %[[R]], %{{.*}} : memref<2x16xf32> to memref<2x16xf32>
// OFF-LABEL: func.func @concat
// OFF-SAME: planned_bytes = 256 : i64
// JSON: check_plan: @concat: 3 buffers, lower bound 128 B, planned 128 B: OK
// REPORT-LABEL: "name": "concat"
// REPORT: "sharing": "concat-slice",
// REPORT-NEXT: "sharing_offset": 0
// REPORT: "sharing": "concat-slice",
// REPORT-NEXT: "sharing_offset": 64
func.func @concat(%out: memref<2x16xf32>) {
  %c1 = arith.constant 1.0 : f32
  %c2 = arith.constant 2.0 : f32
  %a = memref.alloc() : memref<1x16xf32>
  linalg.fill ins(%c1 : f32) outs(%a : memref<1x16xf32>)
  %b = memref.alloc() : memref<1x16xf32>
  linalg.fill ins(%c2 : f32) outs(%b : memref<1x16xf32>)
  %r = memref.alloc() : memref<2x16xf32>
  %s0 = memref.subview %r[0, 0] [1, 16] [1, 1] : memref<2x16xf32> to memref<1x16xf32, strided<[16, 1]>>
  memref.copy %a, %s0 : memref<1x16xf32> to memref<1x16xf32, strided<[16, 1]>>
  %s1 = memref.subview %r[1, 0] [1, 16] [1, 1] : memref<2x16xf32> to memref<1x16xf32, strided<[16, 1], offset: 16>>
  memref.copy %b, %s1 : memref<1x16xf32> to memref<1x16xf32, strided<[16, 1], offset: 16>>
  memref.copy %r, %out : memref<2x16xf32> to memref<2x16xf32>
  return
}

// -----

// Padding: the producer is written straight into the interior of the padded
// buffer; the fill moves before it.
// CHECK-LABEL: func.func @pad
// CHECK-SAME: planned_bytes = 64 : i64
// CHECK-SAME: shared_buffers = 1 : i64
// CHECK: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// CHECK: %[[ZERO:.*]] = arith.constant 0.0
// CHECK: %[[ONE:.*]] = arith.constant 1.0
// CHECK: %[[P:.*]] = memref.view %[[POOL]][%{{.*}}][] : memref<64xi8> to memref<1x1x4x4xf32>
// CHECK-NEXT: linalg.fill ins(%[[ZERO]] : f32) outs(%[[P]] : memref<1x1x4x4xf32>)
// CHECK-NEXT: %[[I:.*]] = memref.subview %[[P]][0, 0, 1, 1] [1, 1, 2, 2] [1, 1, 1, 1]
// CHECK-NEXT: linalg.fill ins(%[[ONE]] : f32) outs(%[[I]] : memref<1x1x2x2xf32, strided<[16, 16, 4, 1], offset: 5>>)
// CHECK-NOT: linalg.fill
// CHECK-NOT: memref.copy %{{.*}}, %{{.*}} : memref<1x1x2x2xf32
// JSON: check_plan: @pad: 2 buffers, lower bound 64 B, planned 64 B: OK
// REPORT-LABEL: "name": "pad"
// REPORT: "sharing": "padded-slice",
// REPORT-NEXT: "sharing_offset": 20
func.func @pad(%out: memref<1x1x4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %c1 = arith.constant 1.0 : f32
  %a = memref.alloc() : memref<1x1x2x2xf32>
  linalg.fill ins(%c1 : f32) outs(%a : memref<1x1x2x2xf32>)
  %p = memref.alloc() : memref<1x1x4x4xf32>
  linalg.fill ins(%zero : f32) outs(%p : memref<1x1x4x4xf32>)
  %i = memref.subview %p[0, 0, 1, 1] [1, 1, 2, 2] [1, 1, 1, 1] : memref<1x1x4x4xf32> to memref<1x1x2x2xf32, strided<[16, 16, 4, 1], offset: 5>>
  memref.copy %a, %i : memref<1x1x2x2xf32> to memref<1x1x2x2xf32, strided<[16, 16, 4, 1], offset: 5>>
  memref.copy %p, %out : memref<1x1x4x4xf32> to memref<1x1x4x4xf32>
  return
}

// -----

// Padding of a result written a band of rows at a time (as
// mini-fuse-accumulators' band loops write it, through subviews): the bands
// are written straight into the interior of the padded buffer, their
// subviews retyped to its strides.
// CHECK-LABEL: func.func @pad_banded
// CHECK-SAME: shared_buffers = 1 : i64
// CHECK: %[[P:.*]] = memref.view %{{.*}}[%{{.*}}][] : memref<{{[0-9]+}}xi8> to memref<1x1x6x4xf32>
// CHECK-NEXT: linalg.fill ins(%{{.*}} : f32) outs(%[[P]] : memref<1x1x6x4xf32>)
// CHECK-NEXT: %[[I:.*]] = memref.subview %[[P]][0, 0, 1, 1] [1, 1, 4, 2] [1, 1, 1, 1]
// CHECK: scf.for %[[ROW:.*]] =
// CHECK-NEXT: %[[BAND:.*]] = memref.subview %[[I]][0, 0, %[[ROW]], 0] [1, 1, 2, 2] [1, 1, 1, 1] : memref<1x1x4x2xf32, strided<[24, 24, 4, 1], offset: 5>> to memref<1x1x2x2xf32, strided<[24, 24, 4, 1], offset: ?>>
// CHECK-NEXT: linalg.fill ins(%{{.*}} : f32) outs(%[[BAND]] : memref<1x1x2x2xf32, strided<[24, 24, 4, 1], offset: ?>>)
// CHECK-NOT: memref.copy %{{.*}}, %{{.*}} : memref<1x1x4x2xf32
// JSON: check_plan: @pad_banded: 2 buffers, lower bound 128 B, planned 128 B: OK
func.func @pad_banded(%out: memref<1x1x6x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %c1 = arith.constant 1.0 : f32
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<1x1x4x2xf32>
  scf.for %r = %c0 to %c4 step %c2 {
    %band = memref.subview %a[0, 0, %r, 0] [1, 1, 2, 2] [1, 1, 1, 1] : memref<1x1x4x2xf32> to memref<1x1x2x2xf32, strided<[8, 8, 2, 1], offset: ?>>
    linalg.fill ins(%c1 : f32) outs(%band : memref<1x1x2x2xf32, strided<[8, 8, 2, 1], offset: ?>>)
  }
  %p = memref.alloc() : memref<1x1x6x4xf32>
  linalg.fill ins(%zero : f32) outs(%p : memref<1x1x6x4xf32>)
  %i = memref.subview %p[0, 0, 1, 1] [1, 1, 4, 2] [1, 1, 1, 1] : memref<1x1x6x4xf32> to memref<1x1x4x2xf32, strided<[24, 24, 4, 1], offset: 5>>
  memref.copy %a, %i : memref<1x1x4x2xf32> to memref<1x1x4x2xf32, strided<[24, 24, 4, 1], offset: 5>>
  memref.copy %p, %out : memref<1x1x6x4xf32> to memref<1x1x6x4xf32>
  return
}

// -----

// The slice is read before the copy: no concat sharing.
// CHECK-LABEL: func.func @slice_read_first
// CHECK-SAME: shared_buffers = 0 : i64
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<1x16xf32> to memref<1x16xf32, strided<[16, 1]>>
// JSON: check_plan: @slice_read_first: 2 buffers, lower bound 192 B, planned 192 B: OK
func.func @slice_read_first(%out: memref<2x16xf32>, %o2: memref<1x16xf32>) {
  %c1 = arith.constant 1.0 : f32
  %a = memref.alloc() : memref<1x16xf32>
  linalg.fill ins(%c1 : f32) outs(%a : memref<1x16xf32>)
  %r = memref.alloc() : memref<2x16xf32>
  linalg.fill ins(%c1 : f32) outs(%r : memref<2x16xf32>)
  %s0 = memref.subview %r[0, 0] [1, 16] [1, 1] : memref<2x16xf32> to memref<1x16xf32, strided<[16, 1]>>
  memref.copy %a, %s0 : memref<1x16xf32> to memref<1x16xf32, strided<[16, 1]>>
  memref.copy %r, %out : memref<2x16xf32> to memref<2x16xf32>
  return
}
