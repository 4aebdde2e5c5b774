// A memref argument with a strided layout, which mini-run cannot fill.
func.func @main(%x: memref<4xf32, strided<[2]>>) {
  return
}
