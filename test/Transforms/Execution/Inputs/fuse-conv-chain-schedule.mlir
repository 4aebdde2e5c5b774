// The transform schedule of conv-chain.mlir: the last convolution tiled
// 8x8 over H and W, every producer (ReLU, first convolution, its bias
// broadcast and padding) fused into the tile loops by upstream
// tile-and-fuse (transform.structured.fuse).
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %convs = transform.structured.match ops{["linalg.conv_2d_nchw_fchw"]} in %root : (!transform.any_op) -> !transform.any_op
    %first, %last = transform.split_handle %convs : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %tiled, %loops:2 = transform.structured.fuse %last tile_sizes [0, 0, 8, 8] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}
