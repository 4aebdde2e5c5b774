//===- mini-translate.cpp - mini-infer translation driver -----------------===//
//
// Registers the ONNX importer and runs mlir-translate's main.
//
//===----------------------------------------------------------------------===//

#include "mini/InitAll.h"
#include "mini/Target/ONNX/ImportONNX.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mini::hideLLVMOptions();
  mini::installWriteErrorHandler("mini-translate");
  mini::registerImportONNXTranslation();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "mini-infer translation driver"));
}
