// RUN: mini-opt %s --pass-pipeline='builtin.module(func.func(mini-tile-and-vectorize,canonicalize,cse))' | FileCheck %s

// A 3x3 convolution of stride 1: tiles of one output row, 8 channels x 14
// columns (the largest divisor of 56 up to 16), each an outer-product
// microkernel: 8 accumulator rows loaded once, carried through the loops over
// the input channels and the window taps, each step one input row and 8
// broadcast weights into 8 FMAs, and the rows stored once.
// CHECK-LABEL: func.func @conv
// CHECK-NOT: linalg.
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c8
// CHECK: scf.for %{{.*}} = %c0 to %c56 step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c56 step %c14
// CHECK-COUNT-8: vector.load {{.*}} : memref<1x8x1x14xf32, {{.*}}>, vector<14xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 iter_args
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args
// CHECK: vector.load {{.*}} : memref<1x64x3x16xf32, {{.*}}>, vector<14xf32>
// CHECK-COUNT-8: vector.fma {{.*}} : vector<14xf32>
// CHECK-NOT: vector.load
// CHECK: scf.yield
// CHECK-COUNT-8: vector.store {{.*}} : memref<1x8x1x14xf32, {{.*}}>, vector<14xf32>
// CHECK-NOT: linalg.
// CHECK: return
func.func @conv(%in: memref<1x64x58x58xf32>, %w: memref<64x64x3x3xf32>, %out: memref<1x64x56x56xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<1x64x58x58xf32>, memref<64x64x3x3xf32>) outs(%out : memref<1x64x56x56xf32>)
  return
}

// Of stride 2: the same microkernel; each step reads the span of a strided
// input row (2 x 14 - 1 elements) and picks every other element.
// CHECK-LABEL: func.func @conv_stride2
// CHECK-NOT: linalg.
// CHECK: scf.for %{{.*}} = %c0 to %c56 step %c14
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 iter_args
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args
// CHECK: %[[SPAN:.*]] = vector.load {{.*}} : memref<1x64x3x29xf32, {{.*}}>, vector<27xf32>
// CHECK: %[[ROW:.*]] = vector.shuffle %[[SPAN]], %[[SPAN]] [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26] : vector<27xf32>, vector<27xf32>
// CHECK-COUNT-8: vector.fma %[[ROW]], {{.*}} : vector<14xf32>
// CHECK-NOT: linalg.
// CHECK: return
func.func @conv_stride2(%in: memref<1x64x113x113xf32>, %w: memref<64x64x3x3xf32>, %out: memref<1x64x56x56xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%in, %w : memref<1x64x113x113xf32>, memref<64x64x3x3xf32>) outs(%out : memref<1x64x56x56xf32>)
  return
}

// Dilated: tiled to one row of 8 output channels x 8 columns with
// 16-channel reduction chunks and unit windows, decomposed to 1-D and
// vectorized by upstream's 1-D convolution generator.
// CHECK-LABEL: func.func @conv_dilated
// CHECK-NOT: linalg.
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c8
// CHECK: scf.for %{{.*}} = %c0 to %c56 step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c56 step %c8
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c16
// CHECK: vector.contract {{.*}} : vector<1x8x16xf32>, vector<16x8xf32> into vector<1x8x8xf32>
// CHECK-NOT: linalg.
// CHECK: return
func.func @conv_dilated(%in: memref<1x64x60x60xf32>, %w: memref<64x64x3x3xf32>, %out: memref<1x64x56x56xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<1x64x60x60xf32>, memref<64x64x3x3xf32>) outs(%out : memref<1x64x56x56xf32>)
  return
}

// Elementwise ops (and copies, rewritten to linalg.copy) become rows of the
// innermost dimension: the largest divisor of 56 up to 64 is 56. A copy
// between two contiguous blocks (a concat's operand into its channel slice)
// stays a memref.copy, for one memcpy; one into a padded interior does not.
// CHECK-LABEL: func.func @relu_and_copy
// CHECK-NOT: linalg.
// CHECK-NOT: memref.copy
// CHECK: arith.maximumf %{{.*}} : vector<1x1x1x56xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<1x1x1x56xf32>
// CHECK-NOT: linalg.
// CHECK: vector.transfer_write %{{.*}} : vector<1x1x1x56xf32>, memref<1x1x1x56xf32, strided<[26912, 3364, 58, 1], offset: ?>>
// CHECK-NOT: linalg.
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<1x8x56x56xf32> to memref<1x8x56x56xf32, strided<[50176, 3136, 56, 1], offset: 25088>>
// CHECK-NOT: memref.copy
// CHECK: return
func.func @relu_and_copy(%a: memref<1x8x56x56xf32>, %b: memref<1x8x56x56xf32>, %padded: memref<1x8x58x58xf32>, %concat: memref<1x16x56x56xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
    ins(%a : memref<1x8x56x56xf32>) outs(%b : memref<1x8x56x56xf32>) {
  ^bb0(%x: f32, %y: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  %interior = memref.subview %padded[0, 0, 1, 1] [1, 8, 56, 56] [1, 1, 1, 1] : memref<1x8x58x58xf32> to memref<1x8x56x56xf32, strided<[26912, 3364, 58, 1], offset: 59>>
  memref.copy %b, %interior : memref<1x8x56x56xf32> to memref<1x8x56x56xf32, strided<[26912, 3364, 58, 1], offset: 59>>
  %slice = memref.subview %concat[0, 8, 0, 0] [1, 8, 56, 56] [1, 1, 1, 1] : memref<1x16x56x56xf32> to memref<1x8x56x56xf32, strided<[50176, 3136, 56, 1], offset: 25088>>
  memref.copy %b, %slice : memref<1x8x56x56xf32> to memref<1x8x56x56xf32, strided<[50176, 3136, 56, 1], offset: 25088>>
  return
}

// Grouped convolutions have no upstream 1-D vector form: left alone for
// convert-linalg-to-loops.
// CHECK-LABEL: func.func @grouped
// CHECK: linalg.conv_2d_ngchw_fgchw
func.func @grouped(%in: memref<1x2x4x10x10xf32>, %w: memref<4x2x4x3x3xf32>, %out: memref<1x2x4x8x8xf32>) {
  linalg.conv_2d_ngchw_fgchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<1x2x4x10x10xf32>, memref<4x2x4x3x3xf32>) outs(%out : memref<1x2x4x8x8xf32>)
  return
}

// A batched contraction (the lhs broadcast over the batch): tiles of 8
// rows x 16 columns of the output with the whole reduction, each an
// outer-product microkernel: 8 accumulator rows loaded once, carried through
// the loop over k, each step one row of the rhs and 8 broadcast elements of
// the lhs into 8 FMAs. The column tiles are the outer loop, so that each
// k x 16 panel of the rhs is read by every row tile in turn.
// CHECK-LABEL: func.func @batch_matmul
// CHECK-NOT: linalg.
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c48 step %c16
// CHECK: memref.subview %{{.*}}[%{{.*}}, 0, %{{.*}}] [1, 32, 16]
// CHECK: scf.for %{{.*}} = %c0 to %c16 step %c8
// CHECK: memref.subview %{{.*}}[0, %{{.*}}, 0] [1, 8, 32]
// CHECK-COUNT-8: vector.load {{.*}} : memref<1x8x16xf32, {{.*}}>, vector<16xf32>
// CHECK: scf.for %[[K:.*]] = %c0 to %c32 step %c1 iter_args
// CHECK: %[[ROW:.*]] = vector.load %{{.*}}[%c0, %[[K]], %c0] : memref<1x32x16xf32, {{.*}}>, vector<16xf32>
// CHECK: memref.load %{{.*}}[%c0, %c0, %[[K]]] : memref<1x8x32xf32
// CHECK-COUNT-8: vector.fma %[[ROW]], {{.*}} : vector<16xf32>
// CHECK: scf.yield
// CHECK-COUNT-8: vector.store {{.*}} : memref<1x8x16xf32, {{.*}}>, vector<16xf32>
// CHECK-NOT: linalg.
// CHECK: return
func.func @batch_matmul(%x: memref<1x16x32xf32>, %y: memref<3x32x48xf32>, %z: memref<3x16x48xf32>) {
  linalg.generic {indexing_maps = [affine_map<(b, m, n, k) -> (0, m, k)>,
                                   affine_map<(b, m, n, k) -> (b, k, n)>,
                                   affine_map<(b, m, n, k) -> (b, m, n)>],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
    ins(%x, %y : memref<1x16x32xf32>, memref<3x32x48xf32>) outs(%z : memref<3x16x48xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %0 = arith.mulf %p, %q : f32
    %1 = arith.addf %acc, %0 : f32
    linalg.yield %1 : f32
  }
  return
}

// A unit loop between the rows and the reduction (ViT's projections:
// 197x1x768 tokens, the batch of one in the middle) is dropped first, so the
// rows are tiled by 8 into the microkernel instead of one by one.
// CHECK-LABEL: func.func @unit_batch_between
// CHECK-NOT: linalg.
// CHECK: memref.subview %{{.*}}[0, 0, 0] [24, 1, 32] [1, 1, 1] : memref<24x1x32xf32> to memref<24x32xf32
// CHECK: scf.for %{{.*}} = %c0 to %c48 step %c16
// CHECK: scf.for %{{.*}} = %c0 to %c24 step %c8
// CHECK-COUNT-8: vector.load {{.*}} : memref<8x16xf32, {{.*}}>, vector<16xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c1 iter_args
// CHECK-COUNT-8: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.yield
// CHECK-COUNT-8: vector.store {{.*}} : memref<8x16xf32, {{.*}}>, vector<16xf32>
// CHECK-NOT: linalg.
// CHECK: return
func.func @unit_batch_between(%x: memref<24x1x32xf32>, %y: memref<32x48xf32>, %z: memref<24x1x48xf32>) {
  linalg.generic {indexing_maps = [affine_map<(m, b, n, k) -> (m, b, k)>,
                                   affine_map<(m, b, n, k) -> (k, n)>,
                                   affine_map<(m, b, n, k) -> (m, b, n)>],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
    ins(%x, %y : memref<24x1x32xf32>, memref<32x48xf32>) outs(%z : memref<24x1x48xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %0 = arith.mulf %p, %q : f32
    %1 = arith.addf %acc, %0 : f32
    linalg.yield %1 : f32
  }
  return
}

// A classifier's one row keeps its unit loop: without it the matcher would
// see no rows, so the drop is undone and the microkernel has one
// accumulator row.
// CHECK-LABEL: func.func @one_row
// CHECK-NOT: linalg.
// CHECK: scf.for %{{.*}} = %c0 to %c48 step %c16
// CHECK: vector.load {{.*}} : memref<1x16xf32, {{.*}}>, vector<16xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c1 iter_args
// CHECK-COUNT-1: vector.fma {{.*}} : vector<16xf32>
// CHECK-NEXT: scf.yield
// CHECK-NOT: linalg.
// CHECK: return
func.func @one_row(%x: memref<1x32xf32>, %y: memref<32x48xf32>, %z: memref<1x48xf32>) {
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                   affine_map<(m, n, k) -> (k, n)>,
                                   affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
    ins(%x, %y : memref<1x32xf32>, memref<32x48xf32>) outs(%z : memref<1x48xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %0 = arith.mulf %p, %q : f32
    %1 = arith.addf %acc, %0 : f32
    linalg.yield %1 : f32
  }
  return
}

// 197 rows and columns (ViT's tokens; prime): the contraction is split at
// 192 along both, so that the bulk has full 8 x 16 tiles, and the rest has
// tiles of 5 rows or 5 columns; each part is the microkernel.
// CHECK-LABEL: func.func @prime_sizes
// CHECK-NOT: linalg.
// CHECK: scf.for %{{.*}} = %c0 to %c192 step %c16
// CHECK: scf.for %{{.*}} = %c0 to %c192 step %c8
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 iter_args
// CHECK-COUNT-8: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c192 step %c8
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 iter_args
// CHECK-COUNT-8: vector.fma {{.*}} : vector<5xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c192 step %c16
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 iter_args
// CHECK-COUNT-5: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 iter_args
// CHECK-COUNT-5: vector.fma {{.*}} : vector<5xf32>
// CHECK-NOT: linalg.
// CHECK: return
func.func @prime_sizes(%x: memref<197x64xf32>, %y: memref<64x197xf32>, %z: memref<197x197xf32>) {
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                   affine_map<(m, n, k) -> (k, n)>,
                                   affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
    ins(%x, %y : memref<197x64xf32>, memref<64x197xf32>) outs(%z : memref<197x197xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %0 = arith.mulf %p, %q : f32
    %1 = arith.addf %acc, %0 : f32
    linalg.yield %1 : f32
  }
  return
}

// A transposed lhs (Gemm's transA): its broadcast elements come from a row
// of k.
// CHECK-LABEL: func.func @transposed_lhs
// CHECK: scf.for %[[K:.*]] = %c0 to %c32 step %c1 iter_args
// CHECK: memref.load %{{.*}}[%c0, %[[K]], %c0] : memref<1x32x8xf32
// CHECK: memref.load %{{.*}}[%c0, %[[K]], %c1] : memref<1x32x8xf32
func.func @transposed_lhs(%x: memref<3x32x16xf32>, %y: memref<3x32x48xf32>, %z: memref<3x16x48xf32>) {
  linalg.generic {indexing_maps = [affine_map<(b, m, n, k) -> (b, k, m)>,
                                   affine_map<(b, m, n, k) -> (b, k, n)>,
                                   affine_map<(b, m, n, k) -> (b, m, n)>],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
    ins(%x, %y : memref<3x32x16xf32>, memref<3x32x48xf32>) outs(%z : memref<3x16x48xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %0 = arith.mulf %p, %q : f32
    %1 = arith.addf %0, %acc : f32
    linalg.yield %1 : f32
  }
  return
}

// A contraction with a transposed rhs (Gemm's transB: its rows are not
// contiguous) keeps upstream's vectorization: 8 columns x 16-element
// reduction chunks.
// CHECK-LABEL: func.func @transposed_rhs
// CHECK: vector.multi_reduction <add>, %{{.*}}, %{{.*}} [2] : vector<1x8x16xf32> to vector<1x8xf32>
// CHECK-NOT: vector.fma
// CHECK: return
func.func @transposed_rhs(%x: memref<16x32xf32>, %y: memref<48x32xf32>, %z: memref<16x48xf32>) {
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                   affine_map<(m, n, k) -> (n, k)>,
                                   affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
    ins(%x, %y : memref<16x32xf32>, memref<48x32xf32>) outs(%z : memref<16x48xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %0 = arith.mulf %p, %q : f32
    %1 = arith.addf %acc, %0 : f32
    linalg.yield %1 : f32
  }
  return
}

// A matmul with a dynamic row count (a sequence length known by a bound):
// the dynamic loop is tiled by 1, so that the tiles are static (8 columns,
// 16-element reduction chunks) and vectorize like a static matmul's.
// CHECK-LABEL: func.func @dynamic_rows
// CHECK: %[[M:.*]] = memref.dim %{{.*}}, %c0 : memref<?x32xf32>
// CHECK: scf.for %{{.*}} = %c0 to %[[M]] step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c8
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c16
// CHECK: vector.transfer_read {{.*}} : memref<1x16xf32, {{.*}}>, vector<1x8x16xf32>
// CHECK: vector.multi_reduction <add>, %{{.*}}, %{{.*}} [2] : vector<1x8x16xf32> to vector<1x8xf32>
// CHECK-NOT: linalg.
// CHECK: return
func.func @dynamic_rows(%a: memref<?x32xf32>, %b: memref<32x64xf32>, %c: memref<?x64xf32>) {
  linalg.matmul ins(%a, %b : memref<?x32xf32>, memref<32x64xf32>) outs(%c : memref<?x64xf32>)
  return
}

// A depthwise convolution (stride 2): tiled to one row of one channel (14
// columns: a strided row is read as its span), the microkernel with one
// accumulator row over the 3 x 3 taps; no linalg op is left.
// CHECK-LABEL: func.func @depthwise
// CHECK-NOT: linalg.
// CHECK: scf.for %{{.*}} = %c0 to %c56 step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c56 step %c14
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c1
// CHECK: %[[ACC:.*]] = vector.load {{.*}} : memref<1x1x1x14xf32, {{.*}}>, vector<14xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args(%{{.*}} = %[[ACC]])
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args
// CHECK: %[[SPAN:.*]] = vector.load {{.*}} : memref<1x1x3x29xf32, {{.*}}>, vector<27xf32>
// CHECK: %[[ROW:.*]] = vector.shuffle %[[SPAN]], %[[SPAN]] [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26]
// CHECK: vector.fma %[[ROW]], {{.*}} : vector<14xf32>
// CHECK: vector.store {{.*}} : memref<1x1x1x14xf32, {{.*}}>, vector<14xf32>
// CHECK-NOT: linalg.
// CHECK: return
func.func @depthwise(%in: memref<1x32x114x114xf32>, %w: memref<32x3x3xf32>, %out: memref<1x32x56x56xf32>) {
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%in, %w : memref<1x32x114x114xf32>, memref<32x3x3xf32>) outs(%out : memref<1x32x56x56xf32>)
  return
}

// Dilated: each of the 3 x 3 taps an elementwise row over a subview of the
// input (two apart), vectorized.
// CHECK-LABEL: func.func @depthwise_dilated
// CHECK-NOT: linalg.
// CHECK: scf.for %{{.*}} = %c0 to %c56 step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c1
// CHECK-COUNT-9: vector.transfer_write %{{.*}} : vector<56xf32>, memref<56xf32, strided<[1], offset: ?>>
// CHECK-NOT: linalg.
// CHECK: return
func.func @depthwise_dilated(%in: memref<1x32x60x60xf32>, %w: memref<32x3x3xf32>, %out: memref<1x32x56x56xf32>) {
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<1x32x60x60xf32>, memref<32x3x3xf32>) outs(%out : memref<1x32x56x56xf32>)
  return
}

// An int8 convolution into int32 (mini.qconv2d's lowering): the same
// microkernel, each int8 input row and weight sign-extended to int32 and
// multiplied and added into the int32 accumulator rows.
// CHECK-LABEL: func.func @conv_int8
// CHECK-NOT: linalg.
// CHECK-COUNT-8: vector.load {{.*}} : memref<1x8x1x14xi32, {{.*}}>, vector<14xi32>
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 iter_args
// CHECK: %[[ROW:.*]] = vector.load {{.*}} : memref<1x64x3x16xi8, {{.*}}>, vector<14xi8>
// CHECK: %[[WIDE:.*]] = arith.extsi %[[ROW]] : vector<14xi8> to vector<14xi32>
// CHECK: arith.extsi {{.*}} : i8 to i32
// CHECK: %[[PRODUCT:.*]] = arith.muli %[[WIDE]], {{.*}} : vector<14xi32>
// CHECK: arith.addi {{.*}}, %[[PRODUCT]] : vector<14xi32>
// CHECK-NOT: linalg.
// CHECK: return
func.func @conv_int8(%in: memref<1x64x58x58xi8>, %w: memref<64x64x3x3xi8>, %out: memref<1x64x56x56xi32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<1x64x58x58xi8>, memref<64x64x3x3xi8>) outs(%out : memref<1x64x56x56xi32>)
  return
}

// An int8 depthwise convolution of stride 2 into int32: the one-row
// microkernel, widening as above.
// CHECK-LABEL: func.func @depthwise_int8
// CHECK-NOT: linalg.
// CHECK: vector.shuffle {{.*}} : vector<27xi8>, vector<27xi8>
// CHECK: arith.extsi {{.*}} : vector<14xi8> to vector<14xi32>
// CHECK: arith.muli {{.*}} : vector<14xi32>
// CHECK-NOT: linalg.
// CHECK: return
func.func @depthwise_int8(%in: memref<1x32x114x114xi8>, %w: memref<32x3x3xi8>, %out: memref<1x32x56x56xi32>) {
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%in, %w : memref<1x32x114x114xi8>, memref<32x3x3xi8>) outs(%out : memref<1x32x56x56xi32>)
  return
}

// A half-precision convolution into its f32 accumulator (mini.conv2d on f16):
// the same microkernel, each f16 input row and weight extended to f32 and
// fused-multiply-added into the f32 accumulator rows.
// CHECK-LABEL: func.func @conv_f16
// CHECK-NOT: linalg.
// CHECK-COUNT-8: vector.load {{.*}} : memref<1x8x1x14xf32, {{.*}}>, vector<14xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 iter_args
// CHECK: %[[ROW:.*]] = vector.load {{.*}} : memref<1x64x3x16xf16, {{.*}}>, vector<14xf16>
// CHECK: %[[WIDE:.*]] = arith.extf %[[ROW]] : vector<14xf16> to vector<14xf32>
// CHECK: arith.extf {{.*}} : f16 to f32
// CHECK: vector.fma %[[WIDE]], {{.*}} : vector<14xf32>
// CHECK-NOT: linalg.
// CHECK: return
func.func @conv_f16(%in: memref<1x64x58x58xf16>, %w: memref<64x64x3x3xf16>, %out: memref<1x64x56x56xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<1x64x58x58xf16>, memref<64x64x3x3xf16>) outs(%out : memref<1x64x56x56xf32>)
  return
}

// A bf16 matrix product into f32 (mini.matmul's contraction, each factor
// extended in the body): the contraction microkernel, each bf16 row of the
// rhs and element of the lhs extended to f32.
// CHECK-LABEL: func.func @matmul_bf16
// CHECK-NOT: linalg.
// CHECK-COUNT-8: vector.load {{.*}} : memref<8x16xf32, {{.*}}>, vector<16xf32>
// CHECK: scf.for %[[K:.*]] = %c0 to %c32 step %c1 iter_args
// CHECK: %[[ROW:.*]] = vector.load {{.*}} : memref<32x16xbf16, {{.*}}>, vector<16xbf16>
// CHECK: %[[WIDE:.*]] = arith.extf %[[ROW]] : vector<16xbf16> to vector<16xf32>
// CHECK-COUNT-8: vector.fma %[[WIDE]], {{.*}} : vector<16xf32>
// CHECK-NOT: linalg.
// CHECK: return
func.func @matmul_bf16(%x: memref<16x32xbf16>, %y: memref<32x48xbf16>, %z: memref<16x48xf32>) {
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                   affine_map<(m, n, k) -> (k, n)>,
                                   affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
    ins(%x, %y : memref<16x32xbf16>, memref<32x48xbf16>) outs(%z : memref<16x48xf32>) {
  ^bb0(%p: bf16, %q: bf16, %acc: f32):
    %0 = arith.extf %p : bf16 to f32
    %1 = arith.extf %q : bf16 to f32
    %2 = arith.mulf %0, %1 : f32
    %3 = arith.addf %acc, %2 : f32
    linalg.yield %3 : f32
  }
  return
}
