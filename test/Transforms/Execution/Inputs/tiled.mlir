// Matmul + ReLU and a convolution + ReLU, tiled by upstream's transform
// dialect with remainder tiles (37 = 4 x 8 + 5, 23 = 16 + 7, ...), the
// producers fused into the tile loops and their tiles allocated per
// iteration (tensor.empty folded into each tile: memref.alloc(%h, %w) with
// %h = affine.min(8, 37 - i)). @main feeds them index-dependent inputs and
// prints the results. Run through upstream mlir-opt (--transform-interpreter,
// --one-shot-bufferize); see ../upstream-tiled.test.

#id2 = affine_map<(i, j) -> (i, j)>
#id4 = affine_map<(n, h, w, c) -> (n, h, w, c)>

func.func @mm_relu(%a: tensor<37x29xf32>, %b: tensor<29x23xf32>) -> tensor<37x23xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<37x23xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<37x23xf32>) -> tensor<37x23xf32>
  %m = linalg.matmul ins(%a, %b : tensor<37x29xf32>, tensor<29x23xf32>) outs(%f : tensor<37x23xf32>) -> tensor<37x23xf32>
  %e2 = tensor.empty() : tensor<37x23xf32>
  %r = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%m : tensor<37x23xf32>) outs(%e2 : tensor<37x23xf32>) attrs = {tile_me} {
  ^bb0(%x: f32, %o: f32):
    %y = arith.maximumf %x, %zero : f32
    linalg.yield %y : f32
  } -> tensor<37x23xf32>
  return %r : tensor<37x23xf32>
}

func.func @conv_relu(%in: tensor<1x13x11x3xf32>, %filter: tensor<3x3x3x6xf32>) -> tensor<1x11x9x6xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x11x9x6xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x11x9x6xf32>) -> tensor<1x11x9x6xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%in, %filter : tensor<1x13x11x3xf32>, tensor<3x3x3x6xf32>) outs(%f : tensor<1x11x9x6xf32>) -> tensor<1x11x9x6xf32>
  %e2 = tensor.empty() : tensor<1x11x9x6xf32>
  %r = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x11x9x6xf32>) outs(%e2 : tensor<1x11x9x6xf32>) attrs = {tile_me} {
  ^bb0(%x: f32, %o: f32):
    %y = arith.maximumf %x, %zero : f32
    linalg.yield %y : f32
  } -> tensor<1x11x9x6xf32>
  return %r : tensor<1x11x9x6xf32>
}

// Inputs: x[i...] = ((sum of i * primes) mod 7 - 3) / 4, O(1) values.
func.func @input2(%e: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = linalg.generic {indexing_maps = [#id2], iterator_types = ["parallel", "parallel"]} outs(%e : tensor<?x?xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c3 = arith.constant 3 : index
    %c5 = arith.constant 5 : index
    %c7 = arith.constant 7 : index
    %a = arith.muli %i, %c3 : index
    %b = arith.muli %j, %c5 : index
    %s = arith.addi %a, %b : index
    %m = arith.remui %s, %c7 : index
    %n = arith.index_cast %m : index to i32
    %x = arith.sitofp %n : i32 to f32
    %three = arith.constant 3.0 : f32
    %quarter = arith.constant 0.25 : f32
    %d = arith.subf %x, %three : f32
    %v = arith.mulf %d, %quarter : f32
    linalg.yield %v : f32
  } -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a0 = tensor.empty() : tensor<37x29xf32>
  %ad = tensor.cast %a0 : tensor<37x29xf32> to tensor<?x?xf32>
  %a1 = func.call @input2(%ad) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %a = tensor.cast %a1 : tensor<?x?xf32> to tensor<37x29xf32>
  %b0 = tensor.empty() : tensor<29x23xf32>
  %bd = tensor.cast %b0 : tensor<29x23xf32> to tensor<?x?xf32>
  %b1 = func.call @input2(%bd) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %b = tensor.cast %b1 : tensor<?x?xf32> to tensor<29x23xf32>
  %m = func.call @mm_relu(%a, %b) : (tensor<37x29xf32>, tensor<29x23xf32>) -> tensor<37x23xf32>
  %mb = bufferization.to_buffer %m : tensor<37x23xf32> to memref<37x23xf32>
  %mu = memref.cast %mb : memref<37x23xf32> to memref<*xf32>
  func.call @printMemrefF32(%mu) : (memref<*xf32>) -> ()

  %i0 = tensor.empty() : tensor<143x3xf32>
  %id = tensor.cast %i0 : tensor<143x3xf32> to tensor<?x?xf32>
  %i1 = func.call @input2(%id) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %i2 = tensor.cast %i1 : tensor<?x?xf32> to tensor<143x3xf32>
  %in = tensor.expand_shape %i2 [[0, 1, 2], [3]] output_shape [1, 13, 11, 3] : tensor<143x3xf32> into tensor<1x13x11x3xf32>
  %f0 = tensor.empty() : tensor<27x6xf32>
  %fd = tensor.cast %f0 : tensor<27x6xf32> to tensor<?x?xf32>
  %f1 = func.call @input2(%fd) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %f2 = tensor.cast %f1 : tensor<?x?xf32> to tensor<27x6xf32>
  %filter = tensor.expand_shape %f2 [[0, 1, 2], [3]] output_shape [3, 3, 3, 6] : tensor<27x6xf32> into tensor<3x3x3x6xf32>
  %c = func.call @conv_relu(%in, %filter) : (tensor<1x13x11x3xf32>, tensor<3x3x3x6xf32>) -> tensor<1x11x9x6xf32>
  %cb = bufferization.to_buffer %c : tensor<1x11x9x6xf32> to memref<1x11x9x6xf32>
  %cu = memref.cast %cb : memref<1x11x9x6xf32> to memref<*xf32>
  func.call @printMemrefF32(%cu) : (memref<*xf32>) -> ()
  return
}
