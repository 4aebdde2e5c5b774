// The memory map of a plan, as text and as SVG. Steps: 0-2 the allocs,
// 3 store x, 4 store y, 5 load x, 6 store z, 7 load y, 8 load z: x lives on
// [3, 5], y on [4, 7], z on [6, 8]. Peak: y and z at step 6, 192 bytes, the
// lower bound; the plan puts x and z at offset 0 and y at 128.
// RUN: mini-opt %s --plan-memory="map=- report=%t.json svg=%t.svg" -o /dev/null | FileCheck %s --check-prefix=TEXT
// RUN: %python %mini_src_root/scripts/check_plan.py %t.json | FileCheck %s --check-prefix=PLAN
// RUN: FileCheck %s --check-prefix=SVG < %t.svg
// Run on the function, the maps take {function} in their paths.
// RUN: mini-opt %s --pass-pipeline='builtin.module(func.func(plan-memory{map=%t.{function}.txt svg=%t.{function}.svg}))' -o /dev/null
// RUN: FileCheck %s --check-prefix=TEXT < %t.chain.txt
// RUN: cmp %t.svg %t.chain.svg

// PLAN: check_plan: @chain: 3 buffers, lower bound 192 B, planned 192 B: OK

// The legend, then one line per step where the live set changes, 80
// columns over the 192 bytes (2.4 bytes each), each column showing the
// buffer that covers most of it: x [0, 64) is columns 0-26, y [128, 192)
// columns 53-79, z [0, 128) columns 0-52 (column 53 is more y than z).
// TEXT:      @chain: 3 buffers in 1 pool(s), planned 192 B, peak live 192 B at step 6
// TEXT-NEXT:   0 x: 64 B at 0, steps 3..5
// TEXT-NEXT:   1 y: 64 B at 128, steps 4..7
// TEXT-NEXT:   2 z<&>: 128 B at 0, steps 6..8
// TEXT-NEXT: 3: 000000000000000000000000000..................................................... 64
// TEXT-NEXT: 4: 000000000000000000000000000..........................111111111111111111111111111 128
// TEXT-NEXT: 6: 22222222222222222222222222222222222222222222222222222111111111111111111111111111 192 <- peak
// TEXT-NEXT: 8: 22222222222222222222222222222222222222222222222222222........................... 128
// TEXT-NOT: {{.}}

// 1000 pixels over 6 steps, 360 over 192 bytes (offset 0 at y = 408); names
// escaped, in hover titles with the type and defining op.
// SVG:      <svg xmlns="http://www.w3.org/2000/svg"
// SVG:      3 buffers in 1 pool(s), planned 192 B; peak live 192 B at step 6
// SVG:      <rect x="90.00" y="288.00" width="500.00" height="120.00" {{.*}}><title>x: 64 B at offset 0 of pool 0, steps 3..5
// SVG-NEXT: 16xf32, written by memref.store</title></rect>
// SVG:      <rect x="256.67" y="48.00" width="666.67" height="120.00" {{.*}}><title>y: 64 B at offset 128 of pool 0, steps 4..7
// SVG:      <rect x="590.00" y="168.00" width="500.00" height="240.00" {{.*}}><title>z&lt;&amp;&gt;: 128 B at offset 0 of pool 0, steps 6..8
// SVG:      <line x1="673.33" x2="673.33" y1="48.00" y2="408.00" stroke="#d00" {{.*}}><title>peak: 192 B live at step 6</title></line>
// SVG:      </svg>
func.func @chain(%v: f32, %i: index) {
  %x = memref.alloc() : memref<16xf32> loc("x")
  %y = memref.alloc() : memref<16xf32> loc("y")
  %z = memref.alloc() : memref<32xf32> loc("z<&>")
  memref.store %v, %x[%i] : memref<16xf32>
  memref.store %v, %y[%i] : memref<16xf32>
  %a = memref.load %x[%i] : memref<16xf32>
  memref.store %a, %z[%i] : memref<32xf32>
  %b = memref.load %y[%i] : memref<16xf32>
  %c = memref.load %z[%i] : memref<32xf32>
  return
}
