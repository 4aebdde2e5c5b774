// --plan-memory=memories=...: the function body's buffers over several
// memories, the most accessed bytes per byte in the fast one while its plan
// fits; each memory its own pools (and arena argument).
// RUN: mini-opt %s --split-input-file --plan-memory="memories=sram:128,dram" | FileCheck %s
// RUN: mini-opt %s --split-input-file --plan-memory="memories=sram:128,dram arena=argument" | FileCheck %s --check-prefix=ARENA
// RUN: not mini-opt %s --split-input-file --plan-memory="memories=sram,dram" -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNBOUNDED
// RUN: not mini-opt %s --split-input-file --plan-memory="memories=sram:64,dram:64" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FULL

// Three 64-byte buffers live together. %hot is used four times (256
// accessed bytes), %warm three times (192), %cold twice (128): %hot and
// %warm (128 bytes) go to sram, %cold to dram.
// CHECK-LABEL: func.func @three
// CHECK-SAME: mini.memories = [{accessed_bytes = 448 : i64, bytes = 128 : i64, capacity = 128 : i64, name = "sram"}, {accessed_bytes = 128 : i64, bytes = 64 : i64, name = "dram"}]
// ARENA-LABEL: func.func @three(
// ARENA-SAME: %[[SRAM:.*]]: memref<128xi8>, %[[DRAM:.*]]: memref<64xi8>
// ARENA-SAME: mini.arena = {alignment = 64 : i64, bytes = 192 : i64, memories = [{bytes = 128 : i64, name = "sram"}, {bytes = 64 : i64, name = "dram"}]}
// ARENA-DAG: memref.view %[[SRAM]]
// ARENA-DAG: memref.view %[[SRAM]]
// ARENA-DAG: memref.view %[[DRAM]]
// UNBOUNDED: plan-memory memories 'sram,dram': 'sram' has no capacity, but only the last memory may be unbounded
// FULL: memory 'dram' of 64 bytes cannot hold what the faster memories leave: its plan needs 128 bytes
func.func @three(%x: f32, %out: memref<3xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %cold = memref.alloc() : memref<16xf32>
  %warm = memref.alloc() : memref<16xf32>
  %hot = memref.alloc() : memref<16xf32>
  memref.store %x, %cold[%c0] : memref<16xf32>
  memref.store %x, %warm[%c0] : memref<16xf32>
  memref.store %x, %warm[%c1] : memref<16xf32>
  memref.store %x, %hot[%c0] : memref<16xf32>
  memref.store %x, %hot[%c1] : memref<16xf32>
  memref.store %x, %hot[%c2] : memref<16xf32>
  %a = memref.load %cold[%c0] : memref<16xf32>
  %b = memref.load %warm[%c0] : memref<16xf32>
  %c = memref.load %hot[%c0] : memref<16xf32>
  memref.store %a, %out[%c0] : memref<3xf32>
  memref.store %b, %out[%c1] : memref<3xf32>
  memref.store %c, %out[%c2] : memref<3xf32>
  memref.dealloc %cold : memref<16xf32>
  memref.dealloc %warm : memref<16xf32>
  memref.dealloc %hot : memref<16xf32>
  return
}
