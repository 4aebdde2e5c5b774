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
    {"Abs", 6, kMaxOpset, foldUnary<UnaryFn::Abs>, importUnary<AbsOp>},
    {"Acos", 7, kMaxOpset, foldUnary<UnaryFn::Acos>, importUnary<AcosOp>},
    {"Acosh", 9, kMaxOpset, foldUnary<UnaryFn::Acosh>, importUnary<AcoshOp>},
    {"Add", 7, kMaxOpset, foldBinary<BinaryFn::Add>, importBinary<AddOp>,
     importShapeArithmetic<BinaryFn::Add>},
    {"And", 7, kMaxOpset, foldBinary<BinaryFn::And>, importBinary<AndOp>},
    {"ArgMax", 1, kMaxOpset, nullptr, importArgReduce<ArgMaxOp>},
    {"ArgMin", 1, kMaxOpset, nullptr, importArgReduce<ArgMinOp>},
    {"Asin", 7, kMaxOpset, foldUnary<UnaryFn::Asin>, importUnary<AsinOp>},
    {"Asinh", 9, kMaxOpset, foldUnary<UnaryFn::Asinh>, importUnary<AsinhOp>},
    {"Atan", 7, kMaxOpset, foldUnary<UnaryFn::Atan>, importUnary<AtanOp>},
    {"Atanh", 9, kMaxOpset, foldUnary<UnaryFn::Atanh>, importUnary<AtanhOp>},
    {"AveragePool", 7, kMaxOpset, nullptr, importPool},
    {"BatchNormalization", 9, kMaxOpset, nullptr, importBatchNormalization},
    {"Cast", 6, kMaxOpset, foldCast, importCast, importCastSymbolic},
    {"CastLike", 15, kMaxOpset, nullptr, importCastLike},
    {"Ceil", 6, kMaxOpset, foldUnary<UnaryFn::Ceil>, importUnary<CeilOp>},
    {"Celu", 12, kMaxOpset, nullptr, importActivation<CeluOp>},
    {"Clip", 6, kMaxOpset, nullptr, importClip},
    {"Concat", 4, kMaxOpset, foldConcat, importConcat, importConcatSymbolic,
     false, Uint8Use::PassesThrough},
    {"Constant", 1, kMaxOpset, foldConstant, nullptr},
    {"ConstantOfShape", 9, kMaxOpset, foldConstantOfShape, nullptr},
    {"Conv", 1, kMaxOpset, nullptr, importConv},
    {"ConvInteger", 10, kMaxOpset, nullptr, importConvInteger, nullptr, false,
     Uint8Use::Quantized},
    {"Cos", 7, kMaxOpset, foldUnary<UnaryFn::Cos>, importUnary<CosOp>},
    {"Cosh", 9, kMaxOpset, foldUnary<UnaryFn::Cosh>, importUnary<CoshOp>},
    {"DepthToSpace", 1, kMaxOpset, nullptr, importDepthToSpace},
    {"DequantizeLinear", 10, kMaxOpset, nullptr, importDequantizeLinear,
     nullptr, false, Uint8Use::Quantized},
    {"Div", 7, kMaxOpset, foldBinary<BinaryFn::Div>, importBinary<DivOp>,
     importShapeArithmetic<BinaryFn::Div>},
    {"Dropout", 1, kMaxOpset, foldDropout, importDropout},
    {"DynamicQuantizeLinear", 11, kMaxOpset, nullptr,
     importDynamicQuantizeLinear, nullptr, /*multipleOutputs=*/true},
    {"Elu", 6, kMaxOpset, nullptr, importActivation<EluOp>},
    {"Equal", 11, kMaxOpset, foldBinary<BinaryFn::Equal>,
     importBinary<EqualOp>},
    {"Erf", 9, kMaxOpset, foldUnary<UnaryFn::Erf>, importUnary<ErfOp>},
    {"Exp", 6, kMaxOpset, foldUnary<UnaryFn::Exp>, importUnary<ExpOp>},
    {"Expand", 8, kMaxOpset, foldExpand, importExpand},
    {"Flatten", 1, kMaxOpset, nullptr, importFlatten, nullptr, false,
     Uint8Use::PassesThrough},
    {"Floor", 6, kMaxOpset, foldUnary<UnaryFn::Floor>, importUnary<FloorOp>},
    {"Gather", 1, kMaxOpset, foldGather, importGather, importGatherSymbolic},
    {"GatherElements", 11, kMaxOpset, nullptr, importGatherElements},
    {"Gelu", 20, kMaxOpset, nullptr, importGelu},
    {"Gemm", 7, kMaxOpset, nullptr, importGemm},
    {"GlobalAveragePool", 1, kMaxOpset, nullptr, importGlobalAveragePool},
    {"Greater", 9, kMaxOpset, foldBinary<BinaryFn::Greater>,
     importBinary<GreaterOp>},
    {"GreaterOrEqual", 12, kMaxOpset, foldBinary<BinaryFn::GreaterOrEqual>,
     importBinary<GreaterOrEqualOp>},
    {"HardSigmoid", 6, kMaxOpset, nullptr, importHardSigmoid},
    {"HardSwish", 14, kMaxOpset, foldUnary<UnaryFn::HardSwish>,
     importUnary<HardSwishOp>},
    {"Hardmax", 1, kMaxOpset, nullptr, importSoftmax<HardmaxOp>},
    {"Identity", 1, kMaxOpset, foldIdentity, importIdentity,
     importIdentitySymbolic, false, Uint8Use::PassesThrough},
    {"IsInf", 10, kMaxOpset, nullptr, importIsInf},
    {"IsNaN", 9, kMaxOpset, nullptr, importIsNaN},
    {"LayerNormalization", 17, kMaxOpset, nullptr, importLayerNormalization,
     nullptr, /*multipleOutputs=*/true},
    {"LeakyRelu", 6, kMaxOpset, nullptr, importActivation<LeakyReluOp>},
    {"Less", 9, kMaxOpset, foldBinary<BinaryFn::Less>, importBinary<LessOp>},
    {"LessOrEqual", 12, kMaxOpset, foldBinary<BinaryFn::LessOrEqual>,
     importBinary<LessOrEqualOp>},
    {"Log", 6, kMaxOpset, foldUnary<UnaryFn::Log>, importUnary<LogOp>},
    {"LogSoftmax", 1, kMaxOpset, nullptr, importSoftmax<LogSoftmaxOp>},
    {"MatMul", 1, kMaxOpset, nullptr, importMatMul},
    {"MatMulInteger", 10, kMaxOpset, nullptr, importMatMulInteger, nullptr,
     false, Uint8Use::Quantized},
    {"Max", 8, kMaxOpset, nullptr, importVariadic<MaxOp>},
    {"MaxPool", 8, kMaxOpset, nullptr, importPool, nullptr, false,
     Uint8Use::PassesThrough},
    {"Mean", 8, kMaxOpset, nullptr, importVariadic<MeanOp>},
    {"Min", 8, kMaxOpset, nullptr, importVariadic<MinOp>},
    {"Mod", 10, kMaxOpset, foldBinary<BinaryFn::Mod>, nullptr},
    {"Mul", 7, kMaxOpset, foldBinary<BinaryFn::Mul>, importBinary<MulOp>,
     importShapeArithmetic<BinaryFn::Mul>},
    {"Neg", 6, kMaxOpset, foldUnary<UnaryFn::Neg>, importUnary<NegOp>},
    {"Not", 1, kMaxOpset, foldUnary<UnaryFn::Not>, importUnary<NotOp>},
    {"Or", 7, kMaxOpset, foldBinary<BinaryFn::Or>, importBinary<OrOp>},
    {"PRelu", 9, kMaxOpset, nullptr, importBinary<PReluOp>},
    {"Pad", 2, kMaxOpset, nullptr, importPad},
    {"Pow", 7, kMaxOpset, foldBinary<BinaryFn::Pow>, importBinary<PowOp>},
    {"QLinearConv", 10, kMaxOpset, nullptr, importQLinearConv, nullptr, false,
     Uint8Use::Quantized},
    {"QLinearMatMul", 10, kMaxOpset, nullptr, importQLinearMatMul, nullptr,
     false, Uint8Use::Quantized},
    {"QuantizeLinear", 10, kMaxOpset, foldQuantizeLinear, importQuantizeLinear,
     nullptr, false, Uint8Use::Quantized},
    {"Range", 11, kMaxOpset, foldRange, nullptr},
    {"Reciprocal", 6, kMaxOpset, foldUnary<UnaryFn::Reciprocal>,
     importUnary<ReciprocalOp>},
    {"ReduceL1", 1, kMaxOpset, nullptr, importReduce<ReduceL1Op>},
    {"ReduceL2", 1, kMaxOpset, nullptr, importReduce<ReduceL2Op>},
    {"ReduceLogSum", 1, kMaxOpset, nullptr, importReduce<ReduceLogSumOp>},
    {"ReduceLogSumExp", 1, kMaxOpset, nullptr, importReduce<ReduceLogSumExpOp>},
    {"ReduceMax", 1, kMaxOpset, nullptr, importReduce<ReduceMaxOp>},
    {"ReduceMean", 1, kMaxOpset, nullptr, importReduce<ReduceMeanOp>},
    {"ReduceMin", 1, kMaxOpset, nullptr, importReduce<ReduceMinOp>},
    {"ReduceProd", 1, kMaxOpset, nullptr, importReduce<ReduceProdOp>},
    {"ReduceSum", 1, kMaxOpset, nullptr, importReduce<ReduceSumOp>},
    {"ReduceSumSquare", 1, kMaxOpset, nullptr, importReduce<ReduceSumSquareOp>},
    {"Relu", 6, kMaxOpset, foldUnary<UnaryFn::Relu>, importUnary<ReluOp>},
    {"Reshape", 5, kMaxOpset, nullptr, importReshape, importReshapeSymbolic,
     false, Uint8Use::PassesThrough},
    {"Resize", 11, 19, nullptr, importResize},
    {"Round", 11, kMaxOpset, foldUnary<UnaryFn::Round>, importUnary<RoundOp>},
    {"ScatterND", 11, kMaxOpset, foldScatterND, nullptr},
    {"Selu", 6, kMaxOpset, nullptr, importActivation<SeluOp>},
    {"Shape", 1, kMaxOpset, nullptr, importShape},
    {"Shrink", 9, kMaxOpset, nullptr, importActivation<ShrinkOp>},
    {"Sigmoid", 6, kMaxOpset, foldUnary<UnaryFn::Sigmoid>,
     importUnary<SigmoidOp>},
    {"Sign", 9, kMaxOpset, foldUnary<UnaryFn::Sign>, importUnary<SignOp>},
    {"Sin", 7, kMaxOpset, foldUnary<UnaryFn::Sin>, importUnary<SinOp>},
    {"Sinh", 9, kMaxOpset, foldUnary<UnaryFn::Sinh>, importUnary<SinhOp>},
    {"Size", 1, kMaxOpset, nullptr, importSize},
    {"Slice", 10, kMaxOpset, foldSlice, importSlice, importSliceWithSymbolic},
    {"Softmax", 1, kMaxOpset, nullptr, importSoftmax<SoftmaxOp>},
    {"Softplus", 1, kMaxOpset, foldUnary<UnaryFn::Softplus>,
     importUnary<SoftplusOp>},
    {"Softsign", 1, kMaxOpset, foldUnary<UnaryFn::Softsign>,
     importUnary<SoftsignOp>},
    {"SpaceToDepth", 1, kMaxOpset, nullptr, importSpaceToDepth},
    {"Split", 2, kMaxOpset, nullptr, importSplit, nullptr,
     /*multipleOutputs=*/true},
    {"Sqrt", 6, kMaxOpset, foldUnary<UnaryFn::Sqrt>, importUnary<SqrtOp>},
    {"Squeeze", 1, kMaxOpset, nullptr, importSqueeze, importSqueezeSymbolic,
     false, Uint8Use::PassesThrough},
    {"Sub", 7, kMaxOpset, foldBinary<BinaryFn::Sub>, importBinary<SubOp>,
     importShapeArithmetic<BinaryFn::Sub>},
    {"Sum", 8, kMaxOpset, nullptr, importVariadic<SumOp>},
    {"Tan", 7, kMaxOpset, foldUnary<UnaryFn::Tan>, importUnary<TanOp>},
    {"Tanh", 6, kMaxOpset, foldUnary<UnaryFn::Tanh>, importUnary<TanhOp>},
    {"ThresholdedRelu", 10, kMaxOpset, nullptr,
     importActivation<ThresholdedReluOp>},
    {"Transpose", 1, kMaxOpset, foldTranspose, importTranspose, nullptr, false,
     Uint8Use::PassesThrough},
    {"Trilu", 14, kMaxOpset, nullptr, importTrilu},
    {"Unsqueeze", 1, kMaxOpset, nullptr, importSqueeze, importSqueezeSymbolic,
     false, Uint8Use::PassesThrough},
    {"Where", 9, kMaxOpset, foldWhere, importWhere},
    {"Xor", 7, kMaxOpset, foldBinary<BinaryFn::Xor>, importBinary<XorOp>},
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
