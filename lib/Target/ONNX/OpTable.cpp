//===- OpTable.cpp - the supported ONNX ops ------------------------------===//
//
// The one list of the ONNX ops (default domain) mini-translate imports: each
// with the opsets it is supported in, its host folder (run when every input
// is known at import time) and its import function. The unsupported-op
// error and the pre-check before ONNX shape inference derive from it.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "llvm/ADT/STLExtras.h"

using namespace mini::onnx_import;

/// The newest opset mini-translate was written against; later opsets are
/// refused rather than imported with semantics that may have changed.
static constexpr int64_t kMaxOpset = 21;

static const OpEntry kOpTable[] = {
    // name, opsets, host folder, import function
    {"Add", 7, kMaxOpset, foldBinary, importBinary},
    {"AveragePool", 7, kMaxOpset, nullptr, importPool},
    {"BatchNormalization", 9, kMaxOpset, nullptr, importBatchNormalization},
    {"Cast", 6, kMaxOpset, foldCast, importCast},
    {"Clip", 6, kMaxOpset, nullptr, importClip},
    {"Concat", 4, kMaxOpset, foldConcat, importConcat},
    {"Constant", 1, kMaxOpset, foldConstant, nullptr},
    {"ConstantOfShape", 9, kMaxOpset, foldConstantOfShape, nullptr},
    {"Conv", 1, kMaxOpset, nullptr, importConv},
    {"Div", 7, kMaxOpset, foldBinary, importBinary},
    {"Dropout", 1, kMaxOpset, foldDropout, importDropout},
    {"Equal", 11, kMaxOpset, foldBinary, importCompare},
    {"Erf", 9, kMaxOpset, foldUnary, importUnary},
    {"Exp", 6, kMaxOpset, foldUnary, importUnary},
    {"Expand", 8, kMaxOpset, foldExpand, importExpand},
    {"Flatten", 1, kMaxOpset, nullptr, importFlatten},
    {"Gather", 1, kMaxOpset, foldGather, importGather},
    {"Gelu", 20, kMaxOpset, nullptr, importGelu},
    {"Gemm", 7, kMaxOpset, nullptr, importGemm},
    {"GlobalAveragePool", 1, kMaxOpset, nullptr, importGlobalAveragePool},
    {"Greater", 9, kMaxOpset, foldBinary, importCompare},
    {"HardSigmoid", 6, kMaxOpset, nullptr, importHardSigmoid},
    {"HardSwish", 14, kMaxOpset, foldUnary, importUnary},
    {"Identity", 1, kMaxOpset, foldIdentity, importIdentity},
    {"LayerNormalization", 17, kMaxOpset, nullptr, importLayerNormalization},
    {"Less", 9, kMaxOpset, foldBinary, importCompare},
    {"Log", 6, kMaxOpset, foldUnary, importUnary},
    {"MatMul", 1, kMaxOpset, nullptr, importMatMul},
    {"MaxPool", 8, kMaxOpset, nullptr, importPool},
    {"Mod", 10, kMaxOpset, foldBinary, nullptr},
    {"Mul", 7, kMaxOpset, foldBinary, importBinary},
    {"Neg", 6, kMaxOpset, foldUnary, importUnary},
    {"Not", 1, kMaxOpset, foldUnary, nullptr},
    {"Pad", 2, kMaxOpset, nullptr, importPad},
    {"Pow", 7, kMaxOpset, foldBinary, importBinary},
    {"Range", 11, kMaxOpset, foldRange, nullptr},
    {"Reciprocal", 6, kMaxOpset, foldUnary, importUnary},
    {"ReduceMax", 1, kMaxOpset, nullptr, importReduce},
    {"ReduceMean", 1, kMaxOpset, nullptr, importReduce},
    {"ReduceSum", 1, kMaxOpset, nullptr, importReduce},
    {"Relu", 6, kMaxOpset, foldUnary, importUnary},
    {"Reshape", 5, kMaxOpset, nullptr, importReshape},
    {"Resize", 11, 19, nullptr, importResize},
    {"ScatterND", 11, kMaxOpset, foldScatterND, nullptr},
    {"Shape", 1, kMaxOpset, nullptr, importShape},
    {"Sigmoid", 6, kMaxOpset, foldUnary, importUnary},
    {"Slice", 10, kMaxOpset, foldSlice, importSlice},
    {"Softmax", 1, kMaxOpset, nullptr, importSoftmax},
    {"Split", 2, kMaxOpset, nullptr, importSplit, /*multipleOutputs=*/true},
    {"Sqrt", 6, kMaxOpset, foldUnary, importUnary},
    {"Squeeze", 1, kMaxOpset, nullptr, importReshape},
    {"Sub", 7, kMaxOpset, foldBinary, importBinary},
    {"Tanh", 6, kMaxOpset, foldUnary, importUnary},
    {"Transpose", 1, kMaxOpset, foldTranspose, importTranspose},
    {"Unsqueeze", 1, kMaxOpset, nullptr, importReshape},
    {"Where", 9, kMaxOpset, foldWhere, importWhere},
};

llvm::ArrayRef<OpEntry> mini::onnx_import::getOpTable() { return kOpTable; }

const OpEntry *mini::onnx_import::lookupOp(llvm::StringRef name,
                                           int64_t opset) {
  for (const OpEntry &entry : kOpTable)
    if (entry.name == name && entry.minOpset <= opset &&
        opset <= entry.maxOpset)
      return &entry;
  return nullptr;
}
