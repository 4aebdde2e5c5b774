// --plan-memory=memories=...: the function body's buffers over several
// memories, the most accessed bytes per byte in the fast one while its plan
// fits; each memory its own pools (and arena argument).
// RUN: mini-opt %s --split-input-file --plan-memory="memories=sram:128,dram" | FileCheck %s
// RUN: mini-opt %s --split-input-file --plan-memory="memories=sram:128,dram arena=argument" | FileCheck %s --check-prefix=ARENA
// RUN: mini-opt %s --plan-memory="memories=sram:128,dram report=%t.json map=%t.txt svg=%t.svg" -o /dev/null
// RUN: FileCheck %s --check-prefix=REPORT < %t.json
// RUN: %python %mini_src_root/scripts/check_plan.py %t.json | FileCheck %s --check-prefix=CHECKED
// RUN: FileCheck %s --check-prefix=MAP < %t.txt
// RUN: FileCheck %s --check-prefix=SVG < %t.svg
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
// Reported per memory: the JSON's memories and each buffer's memory, a
// text map and a picture per memory.
// CHECKED: check_plan: @three: 3 buffers, lower bound 192 B, planned 192 B: OK
// REPORT:      "naive_bytes": 192,
// REPORT-NEXT: "lower_bound_bytes": 192,
// REPORT:      "memories": [
// REPORT-NEXT:   {
// REPORT-NEXT:     "name": "sram",
// REPORT-NEXT:     "capacity": 128,
// REPORT-NEXT:     "bytes": 128,
// REPORT-NEXT:     "accessed_bytes": 448,
// REPORT-NEXT:     "pools": [
// REPORT-NEXT:       0
// REPORT-NEXT:     ]
// REPORT-NEXT:   },
// REPORT-NEXT:   {
// REPORT-NEXT:     "name": "dram",
// REPORT-NEXT:     "capacity": null,
// REPORT-NEXT:     "bytes": 64,
// REPORT-NEXT:     "accessed_bytes": 128,
// REPORT-NEXT:     "pools": [
// REPORT-NEXT:       1
// REPORT-NEXT:     ]
// REPORT:      "name": "{{.*}}plan-memory-memories.mlir:[[#COLD:]]:{{[0-9]+}}",
// REPORT:      "pool": 1,
// REPORT-NEXT: "offset": 0,
// REPORT-NEXT: "memory": "dram"
// REPORT:      "name": "{{.*}}plan-memory-memories.mlir:[[#COLD+1]]:{{[0-9]+}}",
// REPORT:      "memory": "sram"
// REPORT:      "name": "{{.*}}plan-memory-memories.mlir:[[#COLD+2]]:{{[0-9]+}}",
// REPORT:      "memory": "sram"
// MAP:      @three, memory sram (capacity 128 bytes): 2 buffers in 1 pool(s), planned 128 B, peak live 128 B
// MAP:      @three, memory dram: 1 buffers in 1 pool(s), planned 64 B, peak live 64 B
// SVG: @three, memory sram (capacity 128 bytes)
// SVG: @three, memory dram
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
