// @scan's buffers are sized by its argument's length, declared at most 64
// (mini.upper_bound): --plan-memory plans them at 64 floats each, once, and
// @main calls @scan with 5, 17 and 64 elements through that one plan.
// out[i] = (2 in[i] + 1) * 2 in[i] + sum of the 2 in[j], j <= i.
func.func @scan(%in: memref<?xf32> {mini.upper_bound = array<i64: 64>},
                %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  %two = arith.constant 2.0 : f32
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %in, %c0 : memref<?xf32>
  %doubled = memref.alloc(%n) : memref<?xf32>
  %plus = memref.alloc(%n) : memref<?xf32>
  %prefix = memref.alloc(%n) : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %in[%i] : memref<?xf32>
    %d = arith.mulf %v, %two : f32
    memref.store %d, %doubled[%i] : memref<?xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %d = memref.load %doubled[%i] : memref<?xf32>
    %p = arith.addf %d, %one : f32
    memref.store %p, %plus[%i] : memref<?xf32>
  }
  %last = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> f32 {
    %d = memref.load %doubled[%i] : memref<?xf32>
    %s = arith.addf %acc, %d : f32
    memref.store %s, %prefix[%i] : memref<?xf32>
    scf.yield %s : f32
  }
  scf.for %i = %c0 to %n step %c1 {
    %d = memref.load %doubled[%i] : memref<?xf32>
    %p = memref.load %plus[%i] : memref<?xf32>
    %s = memref.load %prefix[%i] : memref<?xf32>
    %m = arith.mulf %p, %d : f32
    %r = arith.addf %m, %s : f32
    memref.store %r, %out[%i] : memref<?xf32>
  }
  memref.dealloc %doubled : memref<?xf32>
  memref.dealloc %plus : memref<?xf32>
  memref.dealloc %prefix : memref<?xf32>
  return
}

func.func private @printMemrefF32(memref<*xf32>)

// Runs @scan on in[i] = i / 4 for n elements and prints the output.
func.func @run(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %quarter = arith.constant 0.25 : f32
  %in = memref.alloc(%n) : memref<?xf32>
  %out = memref.alloc(%n) : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %ii = arith.index_cast %i : index to i64
    %f = arith.sitofp %ii : i64 to f32
    %v = arith.mulf %f, %quarter : f32
    memref.store %v, %in[%i] : memref<?xf32>
  }
  func.call @scan(%in, %out) : (memref<?xf32>, memref<?xf32>) -> ()
  %u = memref.cast %out : memref<?xf32> to memref<*xf32>
  func.call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  memref.dealloc %in : memref<?xf32>
  memref.dealloc %out : memref<?xf32>
  return
}

func.func @main() {
  %c5 = arith.constant 5 : index
  %c17 = arith.constant 17 : index
  %c64 = arith.constant 64 : index
  func.call @run(%c5) : (index) -> ()
  func.call @run(%c17) : (index) -> ()
  func.call @run(%c64) : (index) -> ()
  return
}
