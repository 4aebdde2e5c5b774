// The transform schedule of tiled.mlir (a library for --transform-preload-library).
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %consumers = transform.structured.match ops{["linalg.generic"]} attributes {tile_me} in %root : (!transform.any_op) -> !transform.any_op
    %mm_relu, %conv_relu = transform.split_handle %consumers : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %conv = transform.structured.match ops{["linalg.conv_2d_nhwc_hwcf"]} in %root : (!transform.any_op) -> !transform.any_op
    %fills = transform.structured.match ops{["linalg.fill"]} in %root : (!transform.any_op) -> !transform.any_op
    %mm_fill, %conv_fill = transform.split_handle %fills : (!transform.any_op) -> (!transform.any_op, !transform.any_op)

    %t1, %l1:2 = transform.structured.tile_using_for %mm_relu tile_sizes [8, 16] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    %m1, %n1 = transform.structured.fuse_into_containing_op %mm into %l1#0 : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
    %f1, %n2 = transform.structured.fuse_into_containing_op %mm_fill into %n1 : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)

    %t2, %l2:2 = transform.structured.tile_using_for %conv_relu tile_sizes [0, 4, 4] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    %c1, %n3 = transform.structured.fuse_into_containing_op %conv into %l2#0 : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
    %f2, %n4 = transform.structured.fuse_into_containing_op %conv_fill into %n3 : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)

    %funcs = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    transform.apply_patterns to %funcs {
      transform.apply_patterns.tensor.fold_tensor_empty
    } : !transform.any_op
    transform.yield
  }
}
