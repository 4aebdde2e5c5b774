//===- OpTable.cpp - the supported ONNX ops ------------------------------===//
//
// The one list of the ONNX ops (default domain) mini-translate imports: each
// with the opsets it is supported in, its host folder (run when every input
// is known at import time), its import function and, for the ops that carry
// shapes with dynamic sizes, its import on symbolic inputs: an op's
// builders are bound to it here, as torch-mlir's `onOp` registrations bind
// them, and nothing else dispatches on an op's name. The unsupported-op
// error and the pre-check before ONNX shape inference derive from it.
//
//===----------------------------------------------------------------------===//

#include "ElementwiseFolds.h"
#include "Importer.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "llvm/ADT/STLExtras.h"

using namespace mini;
using namespace mini::onnx_import;

/// The newest opset mini-translate was written against; later opsets are
/// refused rather than imported with semantics that may have changed.
static constexpr int64_t kMaxOpset = 21;

static const OpEntry kOpTable[] = {
    // name, opsets, host folder, import function, import with symbolic
    // (shape-arithmetic) inputs, several outputs
    {"Add", 7, kMaxOpset, foldBinary<BinaryFn::Add>, importBinary<AddOp>,
     importShapeArithmetic<BinaryFn::Add>},
    {"AveragePool", 7, kMaxOpset, nullptr, importPool},
    {"BatchNormalization", 9, kMaxOpset, nullptr, importBatchNormalization},
    {"Cast", 6, kMaxOpset, foldCast, importCast, importCastSymbolic},
    {"Clip", 6, kMaxOpset, nullptr, importClip},
    {"Concat", 4, kMaxOpset, foldConcat, importConcat, importConcatSymbolic},
    {"Constant", 1, kMaxOpset, foldConstant, nullptr},
    {"ConstantOfShape", 9, kMaxOpset, foldConstantOfShape, nullptr},
    {"Conv", 1, kMaxOpset, nullptr, importConv},
    {"DequantizeLinear", 10, kMaxOpset, nullptr, importDequantizeLinear},
    {"Div", 7, kMaxOpset, foldBinary<BinaryFn::Div>, importBinary<DivOp>,
     importShapeArithmetic<BinaryFn::Div>},
    {"Dropout", 1, kMaxOpset, foldDropout, importDropout},
    {"Equal", 11, kMaxOpset, foldBinary<BinaryFn::Equal>,
     importBinary<EqualOp>},
    {"Erf", 9, kMaxOpset, foldUnary<UnaryFn::Erf>, importUnary<ErfOp>},
    {"Exp", 6, kMaxOpset, foldUnary<UnaryFn::Exp>, importUnary<ExpOp>},
    {"Expand", 8, kMaxOpset, foldExpand, importExpand},
    {"Flatten", 1, kMaxOpset, nullptr, importFlatten},
    {"Gather", 1, kMaxOpset, foldGather, importGather, importGatherSymbolic},
    {"Gelu", 20, kMaxOpset, nullptr, importGelu},
    {"Gemm", 7, kMaxOpset, nullptr, importGemm},
    {"GlobalAveragePool", 1, kMaxOpset, nullptr, importGlobalAveragePool},
    {"Greater", 9, kMaxOpset, foldBinary<BinaryFn::Greater>,
     importBinary<GreaterOp>},
    {"HardSigmoid", 6, kMaxOpset, nullptr, importHardSigmoid},
    {"HardSwish", 14, kMaxOpset, foldUnary<UnaryFn::HardSwish>,
     importUnary<HardSwishOp>},
    {"Identity", 1, kMaxOpset, foldIdentity, importIdentity,
     importIdentitySymbolic},
    {"LayerNormalization", 17, kMaxOpset, nullptr, importLayerNormalization},
    {"Less", 9, kMaxOpset, foldBinary<BinaryFn::Less>, importBinary<LessOp>},
    {"Log", 6, kMaxOpset, foldUnary<UnaryFn::Log>, importUnary<LogOp>},
    {"MatMul", 1, kMaxOpset, nullptr, importMatMul},
    {"MaxPool", 8, kMaxOpset, nullptr, importPool},
    {"Mod", 10, kMaxOpset, foldBinary<BinaryFn::Mod>, nullptr},
    {"Mul", 7, kMaxOpset, foldBinary<BinaryFn::Mul>, importBinary<MulOp>,
     importShapeArithmetic<BinaryFn::Mul>},
    {"Neg", 6, kMaxOpset, foldUnary<UnaryFn::Neg>, importUnary<NegOp>},
    {"Not", 1, kMaxOpset, foldUnary<UnaryFn::Not>, nullptr},
    {"Pad", 2, kMaxOpset, nullptr, importPad},
    {"Pow", 7, kMaxOpset, foldBinary<BinaryFn::Pow>, importBinary<PowOp>},
    {"QLinearConv", 10, kMaxOpset, nullptr, importQLinearConv},
    {"QLinearMatMul", 10, kMaxOpset, nullptr, importQLinearMatMul},
    {"QuantizeLinear", 10, kMaxOpset, foldQuantizeLinear, importQuantizeLinear},
    {"Range", 11, kMaxOpset, foldRange, nullptr},
    {"Reciprocal", 6, kMaxOpset, foldUnary<UnaryFn::Reciprocal>,
     importUnary<ReciprocalOp>},
    {"ReduceMax", 1, kMaxOpset, nullptr, importReduce},
    {"ReduceMean", 1, kMaxOpset, nullptr, importReduce},
    {"ReduceSum", 1, kMaxOpset, nullptr, importReduce},
    {"Relu", 6, kMaxOpset, foldUnary<UnaryFn::Relu>, importUnary<ReluOp>},
    {"Reshape", 5, kMaxOpset, nullptr, importReshape, importReshapeSymbolic},
    {"Resize", 11, 19, nullptr, importResize},
    {"ScatterND", 11, kMaxOpset, foldScatterND, nullptr},
    {"Shape", 1, kMaxOpset, nullptr, importShape},
    {"Sigmoid", 6, kMaxOpset, foldUnary<UnaryFn::Sigmoid>,
     importUnary<SigmoidOp>},
    {"Slice", 10, kMaxOpset, foldSlice, importSlice, importSliceWithSymbolic},
    {"Softmax", 1, kMaxOpset, nullptr, importSoftmax},
    {"Split", 2, kMaxOpset, nullptr, importSplit, nullptr,
     /*multipleOutputs=*/true},
    {"Sqrt", 6, kMaxOpset, foldUnary<UnaryFn::Sqrt>, importUnary<SqrtOp>},
    {"Squeeze", 1, kMaxOpset, nullptr, importSqueeze, importSqueezeSymbolic},
    {"Sub", 7, kMaxOpset, foldBinary<BinaryFn::Sub>, importBinary<SubOp>,
     importShapeArithmetic<BinaryFn::Sub>},
    {"Tanh", 6, kMaxOpset, foldUnary<UnaryFn::Tanh>, importUnary<TanhOp>},
    {"Transpose", 1, kMaxOpset, foldTranspose, importTranspose},
    {"Unsqueeze", 1, kMaxOpset, nullptr, importSqueeze, importSqueezeSymbolic},
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
