func.func @main(%x: tensor<2x3xf32> {mini.name = "x"}, %y: tensor<2x3xf32> {mini.name = "y"}) -> tensor<2x3xf32> {
  %0 = mini.add %x, %y : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = mini.relu %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
