// mini-fuse-decomposed-ops on the decomposed LayerNorm (scale and bias) and
// exact GELU of Inputs/decomposed.mlir: each becomes one op, the Pow-4 near
// miss stays as it is, and the fused program computes what the decomposed
// one does (both run by mini-run on one seeded input, within 1e-5 of the
// output's magnitude).
// REQUIRES: onnx-python
// RUN: rm -rf %t && mkdir -p %t
// RUN: mini-opt %S/Inputs/decomposed.mlir --mini-fuse-decomposed-ops -o %t/fused.mlir
// RUN: FileCheck %s < %t/fused.mlir
// RUN: mini-run %S/Inputs/decomposed.mlir --random-inputs=5 --output %t/gelu.ref.npy --output %t/pow4.ref.npy
// RUN: mini-run %t/fused.mlir --random-inputs=5 --output %t/gelu.npy --output %t/pow4.npy
// RUN: %python %mini_src_root/scripts/compare_outputs.py %t/gelu.npy %t/gelu.ref.npy --rtol 1e-5 | FileCheck %s --check-prefix=SAME
// RUN: %python %mini_src_root/scripts/compare_outputs.py %t/pow4.npy %t/pow4.ref.npy --rtol 1e-5 | FileCheck %s --check-prefix=SAME
// SAME: compare: {{.*}}: OK

// CHECK-LABEL: func.func @main
// CHECK: %[[LN:.*]] = mini.layer_norm %arg0, %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
// CHECK: %[[GELU:.*]] = mini.gelu %[[LN]] : tensor<2x8xf32>
// CHECK-NOT: mini.erf
// CHECK: mini.pow %{{.*}}, %{{.*}} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
// CHECK: mini.sqrt
// CHECK: return %[[GELU]], %{{.*}}
