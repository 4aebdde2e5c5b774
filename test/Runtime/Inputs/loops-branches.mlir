// A memref-level model with loops, branches and a bounded dynamic size: for
// each row i of x (n x 4, n at most 16), y[i] = 2 x[i] + 1 when i is even,
// x[i] * x[i] when it is odd. The row copy and the branch temporaries are
// allocated in the loop and the branches, the scratch buffer is hoisted to
// the top, and the result is returned (mini-run makes it an out-param).
func.func @main(%x: memref<?x4xf32> {mini.name = "x", mini.dim_params = ["n", ""], mini.upper_bound = array<i64: 16, 4>})
    -> (memref<?x4xf32> {mini.dim_params = ["n", ""]}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %one = arith.constant 1.0 : f32
  %two = arith.constant 2.0 : f32
  %n = memref.dim %x, %c0 : memref<?x4xf32>
  %scratch = memref.alloc(%n) : memref<?x4xf32>
  %y = memref.alloc(%n) : memref<?x4xf32>
  scf.for %i = %c0 to %n step %c1 {
    %row = memref.alloc() : memref<4xf32>
    scf.for %j = %c0 to %c4 step %c1 {
      %v = memref.load %x[%i, %j] : memref<?x4xf32>
      memref.store %v, %row[%j] : memref<4xf32>
    }
    %rem = arith.remui %i, %c2 : index
    %even = arith.cmpi eq, %rem, %c0 : index
    scf.if %even {
      %t = memref.alloc() : memref<4xf32>
      scf.for %j = %c0 to %c4 step %c1 {
        %v = memref.load %row[%j] : memref<4xf32>
        %d = arith.mulf %v, %two : f32
        %p = arith.addf %d, %one : f32
        memref.store %p, %t[%j] : memref<4xf32>
      }
      scf.for %j = %c0 to %c4 step %c1 {
        %v = memref.load %t[%j] : memref<4xf32>
        memref.store %v, %scratch[%i, %j] : memref<?x4xf32>
      }
      memref.dealloc %t : memref<4xf32>
    } else {
      %u = memref.alloc() : memref<4xf32>
      scf.for %j = %c0 to %c4 step %c1 {
        %v = memref.load %row[%j] : memref<4xf32>
        %s = arith.mulf %v, %v : f32
        memref.store %s, %u[%j] : memref<4xf32>
      }
      scf.for %j = %c0 to %c4 step %c1 {
        %v = memref.load %u[%j] : memref<4xf32>
        memref.store %v, %scratch[%i, %j] : memref<?x4xf32>
      }
      memref.dealloc %u : memref<4xf32>
    }
    memref.dealloc %row : memref<4xf32>
  }
  memref.copy %scratch, %y : memref<?x4xf32> to memref<?x4xf32>
  memref.dealloc %scratch : memref<?x4xf32>
  return %y : memref<?x4xf32>
}
