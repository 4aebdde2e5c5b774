// RUN: mini-opt %s --mini-lower-to-llvm | FileCheck %s --check-prefix=LIBC
// RUN: mini-opt %s --mini-lower-to-llvm=generic-alloc-functions=true | FileCheck %s --check-prefix=GENERIC
// RUN: mini-opt %s --mini-lower-to-llvm=vectorize=false | FileCheck %s --check-prefix=SCALAR

// A planned pool lowers to one aligned allocation of its exact size: through
// aligned_alloc, or through the runtime's generic functions (mini-run's
// tracking allocator). Only LLVM dialect ops are left.
// LIBC-DAG: llvm.func @aligned_alloc(i64, i64) -> !llvm.ptr
// LIBC-DAG: llvm.func @free(!llvm.ptr)
// LIBC-LABEL: llvm.func @f(
// LIBC: %[[SIZE:.*]] = llvm.mlir.constant(256 : index) : i64
// LIBC: %[[END:.*]] = llvm.getelementptr %{{.*}}[%[[SIZE]]] : (!llvm.ptr, i64) -> !llvm.ptr, i8
// LIBC: %[[BYTES:.*]] = llvm.ptrtoint %[[END]]
// LIBC: %[[ALIGN:.*]] = llvm.mlir.constant(64 : index) : i64
// LIBC: llvm.call @aligned_alloc(%[[ALIGN]], %[[BYTES]])
// LIBC: llvm.intr.maximum({{.*}}) : (vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// LIBC: llvm.call @free
// GENERIC: llvm.call @_mlir_memref_to_llvm_aligned_alloc
// GENERIC: llvm.call @_mlir_memref_to_llvm_free
// GENERIC-NOT: @free
// SCALAR-LABEL: llvm.func @f(
// SCALAR-NOT: vector<
// SCALAR: llvm.intr.maximum({{.*}}) : (f32, f32) -> f32
func.func @f(%in: memref<4x16xf32>, %out: memref<4x16xf32>) {
  %pool = memref.alloc() {alignment = 64 : i64} : memref<256xi8>
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %t = memref.view %pool[%c0][] : memref<256xi8> to memref<4x16xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
    ins(%in : memref<4x16xf32>) outs(%t : memref<4x16xf32>) {
  ^bb0(%x: f32, %y: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  memref.copy %t, %out : memref<4x16xf32> to memref<4x16xf32>
  memref.dealloc %pool : memref<256xi8>
  return
}
