// The JSON report on stdout: per function its figures and its alloc
// scopes (the op holding the pools, heap or stack, with its own figures),
// and per buffer its name (from the location), aligned size, live range,
// scope, pool and offset, or the reason it was left alone, with its shape
// (a dynamic dimension as null), element type and defining op (the op at
// its first step); per function the peak step (b alone is live at step 3:
// 128 bytes, the most), its op, the buffers live there, the fragmentation
// (planned over lower bound) and the planning time. Functions appear
// in module order. Steps: 0 alloc a, 1 alloc b, 2 store a, 3 store b, 4
// alloc dyn, 5 store b: a lives on [2, 2] and b on [3, 5] (from their first
// uses), so they share offset 0. A function without buffers reports the
// strategy asked for.
// RUN: mini-opt %s --plan-memory="report=-" -o /dev/null | FileCheck %s

// CHECK:      {
// CHECK-NEXT:   "functions": [
// CHECK-NEXT:     {
// CHECK-NEXT:       "name": "first",
// CHECK-NEXT:       "strategy": "auto",
// CHECK-NEXT:       "alignment": 64,
// CHECK-NEXT:       "naive_bytes": 192,
// CHECK-NEXT:       "lower_bound_bytes": 128,
// CHECK-NEXT:       "shared_lower_bound_bytes": 128,
// CHECK-NEXT:       "shared_buffers": 0,
// CHECK-NEXT:       "planned_bytes": 128,
// CHECK-NEXT:       "chosen_strategy": "best-fit",
// CHECK-NEXT:       "optimal": true,
// CHECK-NEXT:       "search_nodes": 0,
// CHECK-NEXT:       "hit_node_budget": false,
// CHECK-NEXT:       "hit_time_limit": false,
// CHECK-NEXT:       "fragmentation": 1,
// CHECK-NEXT:       "peak_step": 3,
// CHECK-NEXT:       "peak_op": "memref.store",
// CHECK-NEXT:       "live_at_peak": [
// CHECK-NEXT:         "b"
// CHECK-NEXT:       ],
// CHECK-NEXT:       "planning_us": {{[0-9]+}},
// CHECK-NEXT:       "pools": [
// CHECK-NEXT:         128
// CHECK-NEXT:       ],
// CHECK-NEXT:       "scopes": [
// CHECK-NEXT:         {
// CHECK-NEXT:           "op": "func.func",
// CHECK-NEXT:           "stack": false,
// CHECK-NEXT:           "naive_bytes": 192,
// CHECK-NEXT:           "lower_bound_bytes": 128,
// CHECK-NEXT:           "planned_bytes": 128,
// CHECK-NEXT:           "optimal": true,
// CHECK-NEXT:           "pools": [
// CHECK-NEXT:             0
// CHECK-NEXT:           ]
// CHECK-NEXT:         }
// CHECK-NEXT:       ],
// CHECK-NEXT:       "naive_bytes_by_element_type": {
// CHECK-NEXT:         "f32": 192
// CHECK-NEXT:       },
// CHECK-NEXT:       "buffers": [
// CHECK-NEXT:         {
// CHECK-NEXT:           "name": "a",
// CHECK-NEXT:           "shape": [
// CHECK-NEXT:             16
// CHECK-NEXT:           ],
// CHECK-NEXT:           "element_type": "f32",
// CHECK-NEXT:           "op": "memref.store",
// CHECK-NEXT:           "size": 64,
// CHECK-NEXT:           "start": 2,
// CHECK-NEXT:           "end": 2,
// CHECK-NEXT:           "scope": 0,
// CHECK-NEXT:           "pool": 0,
// CHECK-NEXT:           "offset": 0
// CHECK-NEXT:         },
// CHECK-NEXT:         {
// CHECK-NEXT:           "name": "b",
// CHECK-NEXT:           "shape": [
// CHECK-NEXT:             32
// CHECK-NEXT:           ],
// CHECK-NEXT:           "element_type": "f32",
// CHECK-NEXT:           "op": "memref.store",
// CHECK-NEXT:           "size": 128,
// CHECK-NEXT:           "start": 3,
// CHECK-NEXT:           "end": 5,
// CHECK-NEXT:           "scope": 0,
// CHECK-NEXT:           "pool": 0,
// CHECK-NEXT:           "offset": 0
// CHECK-NEXT:         },
// CHECK-NEXT:         {
// CHECK-NEXT:           "name": "dyn",
// CHECK-NEXT:           "shape": [
// CHECK-NEXT:             null
// CHECK-NEXT:           ],
// CHECK-NEXT:           "element_type": "f32",
// CHECK-NEXT:           "op": "memref.alloc",
// CHECK-NEXT:           "reason": "dynamic shape without a constant upper bound"
// CHECK-NEXT:         }
// CHECK-NEXT:       ]
// CHECK-NEXT:     },
// CHECK-NEXT:     {
// CHECK-NEXT:       "name": "second",
// CHECK-NEXT:       "strategy": "auto",
// CHECK-NEXT:       "alignment": 64,
// CHECK-NEXT:       "naive_bytes": 0,
// CHECK-NEXT:       "lower_bound_bytes": 0,
// CHECK-NEXT:       "shared_lower_bound_bytes": 0,
// CHECK-NEXT:       "shared_buffers": 0,
// CHECK-NEXT:       "planned_bytes": 0,
// CHECK-NEXT:       "chosen_strategy": "auto",
// CHECK-NEXT:       "optimal": true,
// CHECK-NEXT:       "search_nodes": 0,
// CHECK-NEXT:       "hit_node_budget": false,
// CHECK-NEXT:       "hit_time_limit": false,
// CHECK-NEXT:       "fragmentation": 1,
// CHECK-NEXT:       "peak_step": -1,
// CHECK-NEXT:       "peak_op": "",
// CHECK-NEXT:       "live_at_peak": [],
// CHECK-NEXT:       "planning_us": {{[0-9]+}},
// CHECK-NEXT:       "pools": [],
// CHECK-NEXT:       "scopes": [],
// CHECK-NEXT:       "naive_bytes_by_element_type": {},
// CHECK-NEXT:       "buffers": []
// CHECK-NEXT:     }
// CHECK-NEXT:   ]
// CHECK-NEXT: }

func.func @first(%x: f32, %i: index, %n: index) {
  %a = memref.alloc() : memref<16xf32> loc("a")
  %b = memref.alloc() : memref<32xf32> loc("b")
  memref.store %x, %a[%i] : memref<16xf32>
  memref.store %x, %b[%i] : memref<32xf32>
  %d = memref.alloc(%n) : memref<?xf32> loc("dyn")
  memref.store %x, %b[%n] : memref<32xf32>
  return
}

func.func @second() {
  return
}
