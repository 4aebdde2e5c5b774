//===- Registration.cpp - the importer's entry points ---------------------===//
//
// How a model reaches the importer: from bytes, a memory buffer (what
// mini-translate's `--import-onnx` translation gets), or a file that is
// ONNX or MLIR (what mini-run loads), and the `--onnx-dim-bound` values.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ManagedStatic.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace mini;

/// The location of a whole file: its name, line 0.
static Location getFileLoc(MLIRContext *context,
                           const llvm::MemoryBuffer &buffer) {
  return FileLineColLoc::get(context, buffer.getBufferIdentifier(), 0, 0);
}

OwningOpRef<ModuleOp> mini::importONNXModel(StringRef bytes,
                                            MLIRContext *context,
                                            Location fileLoc,
                                            const ImportONNXOptions &options) {
  context->loadDialect<MiniDialect, func::FuncDialect, tensor::TensorDialect,
                       arith::ArithDialect, affine::AffineDialect>();
  for (const auto &[name, bound] : options.dimBounds)
    if (bound <= 0) {
      emitError(fileLoc) << "the bound of dimension '" << name
                         << "' must be positive, not " << bound;
      return nullptr;
    }
  onnx_import::Importer importer(context, fileLoc, options);
  return importer.run(bytes);
}

namespace {
/// The importer's command-line options, declared once for every tool.
struct ImportONNXCLOptions {
  llvm::cl::opt<bool> elideWeights{
      "onnx-elide-weights",
      llvm::cl::desc("Import initializers as dense_resource<__elided__> "
                     "(for planning without printing weights)"),
      llvm::cl::init(false)};
  llvm::cl::opt<bool> keepQDQ{
      "onnx-keep-qdq",
      llvm::cl::desc("Keep QuantizeLinear/DequantizeLinear around float ops "
                     "(the float simulation of a QDQ model) instead of "
                     "fusing them into int8 ops"),
      llvm::cl::init(false)};
  llvm::cl::list<std::string> dimBounds{
      "onnx-dim-bound",
      llvm::cl::desc("NAME=N: import the ONNX model's symbolic input "
                     "dimension NAME as a dynamic dimension of at most N "
                     "(repeatable, or comma-separated)"),
      llvm::cl::CommaSeparated};
};
} // namespace

static llvm::ManagedStatic<ImportONNXCLOptions> clOptions;

void mini::registerImportONNXCLOptions(llvm::cl::OptionCategory *category) {
  // Constructing the options registers them.
  if (category) {
    clOptions->dimBounds.addCategory(*category);
    clOptions->keepQDQ.addCategory(*category);
  }
  (void)*clOptions;
}

FailureOr<ImportONNXOptions> mini::getImportONNXCLOptions(std::string &error) {
  ImportONNXOptions options;
  options.elideWeights = clOptions->elideWeights;
  options.keepQDQ = clOptions->keepQDQ;
  if (failed(parseDimBounds(clOptions->dimBounds, options.dimBounds, error)))
    return failure();
  return options;
}

OwningOpRef<ModuleOp> mini::loadModelFileFromCL(StringRef path,
                                                MLIRContext *context,
                                                llvm::SourceMgr &sourceMgr,
                                                std::string &error) {
  FailureOr<ImportONNXOptions> options = getImportONNXCLOptions(error);
  if (failed(options))
    return nullptr;
  if (options->elideWeights) {
    error = "--onnx-elide-weights drops the weights the model needs (it is "
            "for planning with mini-translate)";
    return nullptr;
  }
  return loadModelFile(path, context, sourceMgr, *options);
}

void mini::registerImportONNXTranslation() {
  registerImportONNXCLOptions();
  TranslateToMLIRRegistration registration(
      "import-onnx", "Import an ONNX model into the mini dialect",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        std::string error;
        FailureOr<ImportONNXOptions> options = getImportONNXCLOptions(error);
        if (failed(options)) {
          emitError(getFileLoc(context, *buffer)) << error;
          return nullptr;
        }
        return importONNXBuffer(*buffer, context, *options);
      },
      [](DialectRegistry &registry) {
        registry.insert<MiniDialect, func::FuncDialect, tensor::TensorDialect,
                        arith::ArithDialect, affine::AffineDialect>();
      });
}

LogicalResult mini::parseDimBounds(ArrayRef<std::string> values,
                                   std::map<std::string, int64_t> &bounds,
                                   std::string &error) {
  for (StringRef value : values) {
    auto [name, number] = value.split('=');
    int64_t bound = 0;
    if (name.empty() || number.getAsInteger(10, bound) || bound <= 0) {
      error = ("--onnx-dim-bound expects NAME=N with N a positive integer, "
               "got '" +
               value + "'")
                  .str();
      return failure();
    }
    bounds[name.str()] = bound;
  }
  return success();
}

OwningOpRef<ModuleOp> mini::importONNXBuffer(const llvm::MemoryBuffer &buffer,
                                             MLIRContext *context,
                                             const ImportONNXOptions &options) {
  return importONNXModel(buffer.getBuffer(), context,
                         getFileLoc(context, buffer), options);
}

OwningOpRef<ModuleOp> mini::loadModelFile(StringRef path, MLIRContext *context,
                                          llvm::SourceMgr &sourceMgr,
                                          const ImportONNXOptions &options) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &error);
  if (!file) {
    emitError(FileLineColLoc::get(context, path, 0, 0)) << error;
    return nullptr;
  }
  if (path.ends_with(".onnx"))
    return importONNXBuffer(*file, context, options);
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, context);
}
