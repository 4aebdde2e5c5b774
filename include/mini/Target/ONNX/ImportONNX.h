//===- ImportONNX.h - ONNX model to mini dialect ----------------*- C++ -*-===//
//
// Translates an ONNX model (protobuf bytes, read with libonnx) into a module
// holding `func.func @main` in the `mini` dialect.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_TARGET_ONNX_IMPORTONNX_H
#define MINI_TARGET_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/LogicalResult.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdint>
#include <map>
#include <string>

namespace mini {

/// Options of the ONNX importer.
struct ImportONNXOptions {
  /// Emit every initializer as `dense_resource<__elided__>` instead of its
  /// data, so that large models can be planned without printing weights.
  bool elideWeights = false;
  /// Keep a QDQ model's QuantizeLinear/DequantizeLinear around float ops
  /// instead of fusing them into int8 ops (mini-fuse-quantized-ops): the
  /// float simulation of the quantized model, a reference for it.
  bool keepQDQ = false;
  /// Upper bounds of symbolic graph-input dimensions, by ONNX dim_param
  /// (e.g. {"seq", 128}): such a dimension becomes dynamic, the argument
  /// gets `mini.upper_bound` (one bound per dimension, so that the memory
  /// plan holds every size up to it) and `mini.dim_params` (its symbols'
  /// names, with which a runner sizes the outputs). A symbolic input
  /// dimension without a bound is an error.
  std::map<std::string, int64_t> dimBounds;
};

/// Parses `--onnx-dim-bound` values "NAME=BOUND" (BOUND a positive integer)
/// into `bounds`; an error message naming the bad value otherwise.
llvm::LogicalResult parseDimBounds(llvm::ArrayRef<std::string> values,
                                   std::map<std::string, int64_t> &bounds,
                                   std::string &error);

/// Imports the ONNX model serialized in `bytes` (a ModelProto). Graph inputs
/// that are not initializers become the arguments of `@main` and graph
/// outputs its results; initializers become `mini.constant`s (materialized
/// at first use); input-independent subgraphs (Constant, Shape, Gather,
/// Unsqueeze, Concat, Cast, Range, Where, integer arithmetic, ...) are
/// folded, and the LayerNorm and GELU subgraphs of opset 13 are fused.
/// The supported ops and opsets are listed in lib/Target/ONNX/OpTable.cpp.
/// The model is checked with `onnx::checker` and typed with ONNX shape
/// inference, and every imported op's type is checked against ONNX's.
/// Errors, reported at `fileLoc` or the node's location and returning null:
/// a malformed or truncated file, a failed ONNX check or shape inference, an
/// unsupported op (the message names the op, the node and the opset), a
/// graph input with a symbolic dimension that `options.dimBounds` does not
/// bound, a dynamic dimension reaching an op that does not take one (see
/// lib/Target/ONNX/DynamicShapes.cpp), a graph value not f32/i64/i32/bool,
/// an attribute or input mini does not support, a folded tensor past 2^24
/// elements.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXModel(llvm::StringRef bytes, mlir::MLIRContext *context,
                mlir::Location fileLoc, const ImportONNXOptions &options = {});

/// importONNXModel on the bytes of `buffer`, located in the file it names.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXBuffer(const llvm::MemoryBuffer &buffer, mlir::MLIRContext *context,
                 const ImportONNXOptions &options = {});

/// Loads the model in `path`: an `.onnx` file through importONNXBuffer with
/// `options`, any other file parsed as MLIR (its diagnostics refer to
/// `sourceMgr`, which keeps the file). Errors (null): a file that cannot be
/// read (named in the message), or the importer's or the parser's errors.
mlir::OwningOpRef<mlir::ModuleOp>
loadModelFile(llvm::StringRef path, mlir::MLIRContext *context,
              llvm::SourceMgr &sourceMgr,
              const ImportONNXOptions &options = {});

/// loadModelFile with the command line's importer options
/// (getImportONNXCLOptions), for a tool that runs or compiles the model and
/// so needs its weights. Errors (null): a bad `--onnx-dim-bound` value or
/// `--onnx-elide-weights`, in `error`; the loader's own errors as
/// diagnostics (`error` empty).
mlir::OwningOpRef<mlir::ModuleOp>
loadModelFileFromCL(llvm::StringRef path, mlir::MLIRContext *context,
                    llvm::SourceMgr &sourceMgr, std::string &error);

/// Registers the importer's command-line options, `--onnx-dim-bound=NAME=N`
/// (listed in `category` if given) and `--onnx-elide-weights`, once per
/// process: every tool that imports shares them.
void registerImportONNXCLOptions(llvm::cl::OptionCategory *category = nullptr);

/// The ImportONNXOptions the command line gave; an error message naming a
/// bad `--onnx-dim-bound` value otherwise.
mlir::FailureOr<ImportONNXOptions> getImportONNXCLOptions(std::string &error);

/// Registers the `--import-onnx` translation (with its `--onnx-elide-weights`
/// and `--onnx-dim-bound=NAME=N` options) for mlir-translate-like drivers.
void registerImportONNXTranslation();

} // namespace mini

#endif // MINI_TARGET_ONNX_IMPORTONNX_H
