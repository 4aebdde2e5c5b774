// RUN: mini-opt %s --mini-outline-loop-nests=nests-per-function=2 | FileCheck %s
// RUN: mini-opt %s --mini-outline-loop-nests=nests-per-function=2 --mini-lower-to-llvm | FileCheck %s --check-prefix=LLVM

// Four loop nests, at most two per part: the first two nests make part 0;
// the load of %a (a result with a memory effect, which a part may not move
// past) ends part 1 after one nest; the last nest and the dealloc make part
// 2, called with the loaded value. Each part takes the pool and the
// function's arguments it uses, and rebuilds its views (at their constant
// offsets) and constants itself.
// CHECK-LABEL: func.func @entry(
// CHECK-SAME: %[[IN:.*]]: memref<16xf32>, %[[OUT:.*]]: memref<16xf32>)
// CHECK: %[[POOL:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK: %[[A:.*]] = memref.view %[[POOL]]
// CHECK-NOT: scf.for
// CHECK: call @entry_part0(%[[POOL]], %[[IN]]) : (memref<128xi8>, memref<16xf32>) -> ()
// CHECK-NEXT: call @entry_part1(%[[POOL]]) : (memref<128xi8>) -> ()
// CHECK-NEXT: %[[FIRST:.*]] = memref.load %[[A]]
// CHECK-NEXT: call @entry_part2(%[[POOL]], %[[OUT]], %[[FIRST]]) : (memref<128xi8>, memref<16xf32>, f32) -> ()
// CHECK-NEXT: return

// CHECK: func.func private @entry_part0(%[[P:.*]]: memref<128xi8>, %[[X:.*]]: memref<16xf32>) attributes {no_inline, passthrough = ["noinline"]}
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG: %[[VA:.*]] = memref.view %[[P]][%[[C0]]][]
// CHECK-DAG: %[[VB:.*]] = memref.view %[[P]][%[[C64]]][]
// CHECK: scf.for
// CHECK: memref.load %[[X]]
// CHECK: memref.store %{{.*}}, %[[VA]]
// CHECK: scf.for
// CHECK: memref.load %[[VA]]
// CHECK: memref.store %{{.*}}, %[[VB]]
// CHECK-NOT: scf.for
// CHECK: return

// CHECK: func.func private @entry_part1(%{{.*}}: memref<128xi8>) attributes {no_inline, passthrough = ["noinline"]}
// CHECK-COUNT-1: scf.for
// CHECK-NOT: scf.for
// CHECK: return

// CHECK: func.func private @entry_part2(%[[P2:.*]]: memref<128xi8>, %[[Y:.*]]: memref<16xf32>, %[[F:.*]]: f32) attributes {no_inline, passthrough = ["noinline"]}
// CHECK: scf.for
// CHECK: arith.mulf %{{.*}}, %[[F]] : f32
// CHECK: memref.store %{{.*}}, %[[Y]]
// CHECK: memref.dealloc %[[P2]] : memref<128xi8>
// CHECK: return

// The parts stay functions of their own in the LLVM dialect (noinline).
// LLVM-LABEL: llvm.func @entry(
// LLVM-COUNT-3: llvm.call @entry_part
// LLVM: llvm.func @entry_part0({{.*}}) attributes {passthrough = ["noinline"]
// LLVM: llvm.func @entry_part1({{.*}}) attributes {passthrough = ["noinline"]
// LLVM: llvm.func @entry_part2({{.*}}) attributes {passthrough = ["noinline"]

func.func @entry(%in: memref<16xf32>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %pool = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
  %a = memref.view %pool[%c0][] : memref<128xi8> to memref<16xf32>
  scf.for %i = %c0 to %c16 step %c1 {
    %x = memref.load %in[%i] : memref<16xf32>
    memref.store %x, %a[%i] : memref<16xf32>
  }
  %c64 = arith.constant 64 : index
  %b = memref.view %pool[%c64][] : memref<128xi8> to memref<16xf32>
  scf.for %i = %c0 to %c16 step %c1 {
    %x = memref.load %a[%i] : memref<16xf32>
    %y = arith.addf %x, %x : f32
    memref.store %y, %b[%i] : memref<16xf32>
  }
  scf.for %i = %c0 to %c16 step %c1 {
    %x = memref.load %b[%i] : memref<16xf32>
    memref.store %x, %a[%i] : memref<16xf32>
  }
  %first = memref.load %a[%c0] : memref<16xf32>
  scf.for %i = %c0 to %c16 step %c1 {
    %x = memref.load %a[%i] : memref<16xf32>
    %y = arith.mulf %x, %first : f32
    memref.store %y, %out[%i] : memref<16xf32>
  }
  memref.dealloc %pool : memref<128xi8>
  return
}

// A function with fewer nests than a part is left whole.
// CHECK-LABEL: func.func @short
// CHECK: scf.for
// CHECK-NOT: call
// CHECK: return
func.func @short(%out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c16 step %c1 {
    memref.store %zero, %out[%i] : memref<16xf32>
  }
  return
}

// An allocation is not moved before a free: the part that frees %a ends at
// %b's allocation (the heap's peak stays what --free-after-last-use
// measures); %c's allocation may precede the nest of %b, which frees
// nothing before it.
// CHECK-LABEL: func.func @frees
// CHECK: %[[A:.*]] = memref.alloc() : memref<16xf32>
// CHECK-NEXT: call @frees_part0(%[[A]])
// CHECK-NEXT: %[[B:.*]] = memref.alloc() : memref<16xf32>
// CHECK-NEXT: %[[C:.*]] = memref.alloc() : memref<16xf32>
// CHECK-NEXT: call @frees_part1(
// CHECK-NEXT: return
// CHECK: func.func private @frees_part0(
// CHECK: scf.for
// CHECK: memref.dealloc
// CHECK-NEXT: return
// CHECK: func.func private @frees_part1(
// CHECK-COUNT-2: scf.for
// CHECK-COUNT-2: memref.dealloc
// CHECK-NEXT: return
func.func @frees(%out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  %a = memref.alloc() : memref<16xf32>
  scf.for %i = %c0 to %c16 step %c1 {
    memref.store %zero, %a[%i] : memref<16xf32>
  }
  memref.dealloc %a : memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  scf.for %i = %c0 to %c16 step %c1 {
    memref.store %zero, %b[%i] : memref<16xf32>
  }
  %c = memref.alloc() : memref<16xf32>
  scf.for %i = %c0 to %c16 step %c1 {
    %x = memref.load %b[%i] : memref<16xf32>
    memref.store %x, %c[%i] : memref<16xf32>
  }
  memref.dealloc %b : memref<16xf32>
  memref.dealloc %c : memref<16xf32>
  return
}
