//===- mini-translate.cpp - mini-infer translation driver -----------------===//
//
// Registers the ONNX importer and runs mlir-translate's main.
//
//===----------------------------------------------------------------------===//

#include "mini/InitAll.h"
#include "mini/Target/ONNX/ImportONNX.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

int main(int argc, char **argv) {
  mini::hideLLVMOptions();
  mini::installWriteErrorHandler("mini-translate");
  mini::registerImportONNXTranslation();
  // The imported ops are located at the ONNX tensors they produce, which
  // name the buffers of every plan downstream (mini-opt parses locations
  // back): print them unless asked otherwise (--mlir-print-debuginfo=false).
  llvm::SmallVector<char *> args(argv, argv + argc);
  bool explicitDebugInfo = llvm::any_of(args, [](const char *arg) {
    return llvm::StringRef(arg).ltrim('-').starts_with("mlir-print-debuginfo");
  });
  static char printDebugInfo[] = "--mlir-print-debuginfo";
  if (!explicitDebugInfo)
    args.push_back(printDebugInfo);
  return mlir::failed(mlir::mlirTranslateMain(static_cast<int>(args.size()),
                                              args.data(),
                                              "mini-infer translation driver"));
}
