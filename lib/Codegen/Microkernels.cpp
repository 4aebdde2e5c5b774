//===- Microkernels.cpp - the outer-product microkernels ------------------===//
//
// The builders and matchers of Microkernels.h.
//
//===----------------------------------------------------------------------===//

#include "Microkernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/TypeUtilities.h"

namespace mini {
namespace codegen {

/// Builds an outer-product microkernel over the accumulator tile `output`
/// (rows along dimension `rowDim`, columns along the last one, every other
/// index 0): `rows` accumulator rows of vector<`width` x T> (T the
/// output's element type) are loaded once, carried as loop-carried values
/// through loops over [0, counts[i]) (nested in order), and stored once.
/// Each step loads one shared row, `loadRow(builder, ivs)`, and for
/// accumulator row r one scalar, `loadScalar(builder, ivs, r)`, broadcast
/// into a fused multiply-add:
///   acc[r] = fma(row, splat(scalar_r), acc[r]),
/// for integers (int8 into int32) the row and the scalar sign-extended to
/// T and acc[r] + row * splat(scalar_r); half-precision rows and scalars
/// are extended to f32 first.
/// The register tile of BLIS-style microkernels (and of oneDNN's and IREE's
/// CPU kernels).
void buildOuterProductMicrokernel(
    RewriterBase &rewriter, Location loc, Value output, unsigned rowDim,
    int64_t rows, int64_t width, ArrayRef<int64_t> counts,
    function_ref<Value(OpBuilder &, ValueRange)> loadRow,
    function_ref<Value(OpBuilder &, ValueRange, int64_t)> loadScalar) {
  auto index = [&](OpBuilder &b, int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v).getResult();
  };
  unsigned rank = cast<MemRefType>(output.getType()).getRank();
  auto rowIndices = [&](int64_t r) {
    SmallVector<Value> indices(rank, index(rewriter, 0));
    indices[rowDim] = index(rewriter, r);
    return indices;
  };
  Type accType = cast<MemRefType>(output.getType()).getElementType();
  bool integer = isa<IntegerType>(accType);
  auto rowType = VectorType::get({width}, accType);
  auto widen = [&](OpBuilder &b, Value v, Type type) -> Value {
    if (v.getType() == type)
      return v;
    if (integer)
      return arith::ExtSIOp::create(b, loc, type, v);
    return arith::ExtFOp::create(b, loc, type, v);
  };
  SmallVector<Value> accumulators;
  for (int64_t r = 0; r < rows; ++r)
    accumulators.push_back(
        vector::LoadOp::create(rewriter, loc, rowType, output, rowIndices(r)));
  SmallVector<Value> ivs;
  std::function<SmallVector<Value>(OpBuilder &, unsigned, ValueRange)> nest =
      [&](OpBuilder &b, unsigned depth, ValueRange accs) -> SmallVector<Value> {
    if (depth == counts.size()) {
      Value row = widen(b, loadRow(b, ivs), rowType);
      SmallVector<Value> next;
      for (int64_t r = 0; r < rows; ++r) {
        Value splat = vector::BroadcastOp::create(
            b, loc, rowType, widen(b, loadScalar(b, ivs, r), accType));
        next.push_back(integer ? Value(arith::AddIOp::create(
                                     b, loc, accs[r],
                                     arith::MulIOp::create(b, loc, row, splat)))
                               : Value(vector::FMAOp::create(b, loc, row, splat,
                                                             accs[r])));
      }
      return next;
    }
    auto loop = scf::ForOp::create(
        b, loc, index(b, 0), index(b, counts[depth]), index(b, 1), accs,
        [&](OpBuilder &nested, Location, Value iv, ValueRange args) {
          ivs.push_back(iv);
          scf::YieldOp::create(nested, loc, nest(nested, depth + 1, args));
          ivs.pop_back();
        });
    return SmallVector<Value>(loop.getResults());
  };
  SmallVector<Value> results = nest(rewriter, 0, accumulators);
  for (int64_t r = 0; r < rows; ++r)
    vector::StoreOp::create(rewriter, loc, results[r], output, rowIndices(r));
}

/// Loads `width` elements of the last dimension of `source` at `indices`,
/// `stride` apart: a contiguous row, or for a stride above 1 the row's span
/// with every stride-th element picked by a `vector.shuffle`.
Value loadStridedRow(OpBuilder &b, Location loc, Value source,
                     ValueRange indices, int64_t width, int64_t stride) {
  Type element = cast<MemRefType>(source.getType()).getElementType();
  if (stride == 1)
    return vector::LoadOp::create(b, loc, VectorType::get({width}, element),
                                  source, indices);
  int64_t span = (width - 1) * stride + 1;
  SmallVector<int64_t> picked;
  for (int64_t j = 0; j < width; ++j)
    picked.push_back(j * stride);
  Value spanRow = vector::LoadOp::create(
      b, loc, VectorType::get({span}, element), source, indices);
  return vector::ShuffleOp::create(b, loc, spanRow, spanRow, picked);
}

/// What the microkernel needs of a tiled NCHW convolution or depthwise
/// convolution: its operands, the output tile's channels and columns, and
/// the stride of its rows.
struct MicrokernelRow {
  Value input, filter, output;
  MemRefType filterType;
  int64_t channels, width, stride;
};

/// `op`'s microkernel row: when its output tile is one row (batch and
/// height 1) and getMicrokernelStride takes it; nullopt otherwise.
template <typename ConvOp>
std::optional<MicrokernelRow> getMicrokernelRow(ConvOp op) {
  std::optional<int64_t> stride = getMicrokernelStride(op);
  Value output = op.getOutputs()[0];
  auto outputType = cast<MemRefType>(output.getType());
  if (!stride || outputType.getDimSize(0) != 1 || outputType.getDimSize(2) != 1)
    return std::nullopt;
  Value filter = op.getInputs()[1];
  return MicrokernelRow{op.getInputs()[0],
                        filter,
                        output,
                        cast<MemRefType>(filter.getType()),
                        outputType.getDimSize(1),
                        outputType.getDimSize(3),
                        *stride};
}

/// Rewrites a tiled convolution (one output row of F channels and W
/// columns, the whole reduction) into the outer-product microkernel over
/// the input channels and window taps:
///   acc[f] = fma(in[c, kh, kw + s * (0..W)), splat(w[f, c, kh, kw]), acc[f])
/// (a row of stride s > 1 loaded as its span and every s-th element
/// picked). Written here because upstream vectorizes NCHW convolutions only
/// through the channels-last 1-D form, with a transpose of the accumulators
/// at every step of the reduction, and does not hoist accumulators read
/// through subviews out of the reduction loops.
LogicalResult decomposeMicrokernelOnBuffers(RewriterBase &rewriter,
                                            linalg::Conv2DNchwFchwOp op) {
  std::optional<MicrokernelRow> row = getMicrokernelRow(op);
  if (!row)
    return failure();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  buildOuterProductMicrokernel(
      rewriter, loc, row->output, /*rowDim=*/1, row->channels, row->width,
      {row->filterType.getDimSize(1), row->filterType.getDimSize(2),
       row->filterType.getDimSize(3)},
      [&](OpBuilder &b, ValueRange ivs) -> Value {
        return loadStridedRow(b, loc, row->input,
                              ValueRange{zero, ivs[0], ivs[1], ivs[2]},
                              row->width, row->stride);
      },
      [&](OpBuilder &b, ValueRange ivs, int64_t f) -> Value {
        Value channel = arith::ConstantIndexOp::create(b, loc, f);
        return memref::LoadOp::create(
            b, loc, row->filter, ValueRange{channel, ivs[0], ivs[1], ivs[2]});
      });
  rewriter.eraseOp(op);
  return success();
}

/// The contraction out[b..., m, n] += A[..., m, k] * B[..., k, n] (or
/// A[..., k, m]) of `op`, with k its only reduction loop, last, and n the
/// last, contiguous index of B and of the output, f32 and static: whether A
/// is transposed; failure otherwise. Batch indices of A and B are the
/// output's or 0 (broadcast).
FailureOr<bool> matchRowMajorContraction(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureBufferSemantics())
    return failure();
  unsigned numLoops = op.getNumLoops();
  if (numLoops < 3 || op.getNumReductionLoops() != 1 ||
      op.getIteratorTypesArray().back() != utils::IteratorType::reduction ||
      !(hasStaticF32Operands(op) || hasHalfIntoF32Operands(op)))
    return failure();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  unsigned m = numLoops - 3, n = numLoops - 2, k = numLoops - 1;
  if (maps[2] != AffineMap::getMultiDimIdentityMap(numLoops, op.getContext())
                     .getMajorSubMap(numLoops - 1))
    return failure();
  auto isDim = [](AffineExpr e, unsigned d) {
    auto dim = dyn_cast<AffineDimExpr>(e);
    return dim && dim.getPosition() == d;
  };
  // Batch results: right-aligned on the loops before m, or 0.
  auto batchOk = [&](AffineMap map) {
    unsigned numBatch = map.getNumResults() - 2;
    if (map.getNumResults() < 2 || numBatch > m)
      return false;
    for (unsigned i = 0; i < numBatch; ++i) {
      AffineExpr e = map.getResult(i);
      auto constant = dyn_cast<AffineConstantExpr>(e);
      if (!isDim(e, m - numBatch + i) &&
          !(constant && constant.getValue() == 0))
        return false;
    }
    return true;
  };
  AffineMap a = maps[0], b = maps[1];
  if (!batchOk(a) || !batchOk(b))
    return failure();
  unsigned ra = a.getNumResults(), rb = b.getNumResults();
  if (!isDim(b.getResult(rb - 2), k) || !isDim(b.getResult(rb - 1), n))
    return failure();
  bool transposedA;
  if (isDim(a.getResult(ra - 2), m) && isDim(a.getResult(ra - 1), k))
    transposedA = false;
  else if (isDim(a.getResult(ra - 2), k) && isDim(a.getResult(ra - 1), m))
    transposedA = true;
  else
    return failure();
  // The body: yield(out + a * b), in either order; half-precision a and b
  // each extended to f32 first.
  Block &body = op.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto add = yield.getValues()[0].getDefiningOp<arith::AddFOp>();
  bool half = hasHalfIntoF32Operands(op);
  if (body.getOperations().size() != (half ? 5u : 3u) || !add)
    return failure();
  Value out = body.getArgument(2);
  Value product = add.getLhs() == out ? add.getRhs() : add.getLhs();
  auto mul = product.getDefiningOp<arith::MulFOp>();
  if ((add.getLhs() != out && add.getRhs() != out) || !mul)
    return failure();
  // The block argument a factor reads (through its extension).
  auto factor = [&](Value v) -> Value {
    if (auto ext = v.getDefiningOp<arith::ExtFOp>())
      return half ? ext.getIn() : Value();
    return half ? Value() : v;
  };
  Value x = body.getArgument(0), y = body.getArgument(1);
  Value lhs = factor(mul.getLhs()), rhs = factor(mul.getRhs());
  if (!((lhs == x && rhs == y) || (lhs == y && rhs == x)))
    return failure();
  return transposedA;
}

/// Rewrites a tiled row-major contraction (M rows of N columns of the
/// output, the whole reduction) into the outer-product microkernel over k:
///   acc[m] = fma(B[k, 0..N), splat(A[m, k]), acc[m]).
/// Upstream's vectorizer makes a vector.contract per reduction chunk, whose
/// accumulator goes through memory at every chunk (as the convolutions').
LogicalResult decomposeContractionOnBuffers(RewriterBase &rewriter,
                                            linalg::GenericOp op) {
  FailureOr<bool> transposedA = matchRowMajorContraction(op);
  if (failed(transposedA))
    return failure();
  Value lhs = op.getDpsInputs()[0], rhs = op.getDpsInputs()[1];
  Value output = op.getDpsInits()[0];
  auto outputType = cast<MemRefType>(output.getType());
  auto lhsType = cast<MemRefType>(lhs.getType());
  auto rhsType = cast<MemRefType>(rhs.getType());
  unsigned rank = outputType.getRank();
  if (llvm::any_of(outputType.getShape().drop_back(2),
                   [](int64_t d) { return d != 1; }))
    return failure();
  int64_t rows = outputType.getDimSize(rank - 2);
  int64_t width = outputType.getDimSize(rank - 1);
  int64_t depth = rhsType.getDimSize(rhsType.getRank() - 2);
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  buildOuterProductMicrokernel(
      rewriter, loc, output, rank - 2, rows, width, {depth},
      [&](OpBuilder &b, ValueRange ivs) -> Value {
        SmallVector<Value> at(rhsType.getRank(), zero);
        at[rhsType.getRank() - 2] = ivs[0];
        return vector::LoadOp::create(
            b, loc, VectorType::get({width}, rhsType.getElementType()), rhs,
            at);
      },
      [&](OpBuilder &b, ValueRange ivs, int64_t r) -> Value {
        SmallVector<Value> at(lhsType.getRank(), zero);
        Value row = arith::ConstantIndexOp::create(b, loc, r);
        unsigned last = lhsType.getRank() - 1;
        at[last - 1] = *transposedA ? ivs[0] : row;
        at[last] = *transposedA ? row : ivs[0];
        return memref::LoadOp::create(b, loc, lhs, at);
      });
  rewriter.eraseOp(op);
  return success();
}

/// Rewrites a tiled depthwise convolution (one output row of one channel,
/// the window taps in the tile) into the microkernel with one accumulator
/// row: acc = fma(in[kh, kw + s * (0..W)), splat(w[kh, kw]), acc) over the
/// taps, the row loaded and stored once.
LogicalResult
decomposeDepthwiseMicrokernelOnBuffers(RewriterBase &rewriter,
                                       linalg::DepthwiseConv2DNchwChwOp op) {
  std::optional<MicrokernelRow> row = getMicrokernelRow(op);
  if (!row || row->channels != 1)
    return failure();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  buildOuterProductMicrokernel(
      rewriter, loc, row->output, /*rowDim=*/1, /*rows=*/1, row->width,
      {row->filterType.getDimSize(1), row->filterType.getDimSize(2)},
      [&](OpBuilder &b, ValueRange ivs) -> Value {
        return loadStridedRow(b, loc, row->input,
                              ValueRange{zero, zero, ivs[0], ivs[1]},
                              row->width, row->stride);
      },
      [&](OpBuilder &b, ValueRange ivs, int64_t) -> Value {
        return memref::LoadOp::create(b, loc, row->filter,
                                      ValueRange{zero, ivs[0], ivs[1]});
      });
  rewriter.eraseOp(op);
  return success();
}

} // namespace codegen
} // namespace mini
