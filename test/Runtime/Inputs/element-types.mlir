// One output per element type the runtime takes: each input returned as it
// is (see ../element-types.test).
func.func @main(%f64: tensor<3xf64>, %f16: tensor<3xf16>, %bf16: tensor<3xbf16>,
                %i8: tensor<3xi8>, %i16: tensor<3xi16>, %i64: tensor<3xi64>,
                %u8: tensor<3xui8>, %u32: tensor<3xui32>, %u64: tensor<3xui64>)
    -> (tensor<3xf64>, tensor<3xf16>, tensor<3xbf16>, tensor<3xi8>, tensor<3xi16>,
        tensor<3xi64>, tensor<3xui8>, tensor<3xui32>, tensor<3xui64>) {
  return %f64, %f16, %bf16, %i8, %i16, %i64, %u8, %u32, %u64
      : tensor<3xf64>, tensor<3xf16>, tensor<3xbf16>, tensor<3xi8>, tensor<3xi16>,
        tensor<3xi64>, tensor<3xui8>, tensor<3xui32>, tensor<3xui64>
}
