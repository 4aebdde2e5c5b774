//===- MiniQuantOps.cpp - verifiers of the quantization ops ---------------===//

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "OpUtils.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mini;
using namespace mini::detail;

/// Checks the scale and zero point of a (de)quantization of `input`: each a
/// scalar or 1-D of the size of dimension `axis`, of one shape, the result
/// of the input's shape.
static LogicalResult verifyQuantization(Operation *op, Value input, Value scale,
                                        Value zeroPoint, int64_t axis,
                                        Value output) {
  auto inputType = cast<RankedTensorType>(input.getType());
  auto scaleType = cast<RankedTensorType>(scale.getType());
  auto zeroPointType = cast<RankedTensorType>(zeroPoint.getType());
  if (scaleType.getRank() > 1)
    return op->emitOpError("scale must be a scalar or 1-D (per axis), got "
                           "rank ")
           << scaleType.getRank();
  if (scaleType.getShape() != zeroPointType.getShape())
    return op->emitOpError("zero point has shape [")
           << zeroPointType.getShape() << "] but the scale has ["
           << scaleType.getShape() << "]";
  if (scaleType.getRank() == 1) {
    if (axis < 0 || axis >= inputType.getRank())
      return op->emitOpError("axis ")
             << axis << " is out of range for an input of rank "
             << inputType.getRank();
    int64_t size = inputType.getDimSize(axis);
    if (!ShapedType::isDynamic(size) && size != scaleType.getDimSize(0))
      return op->emitOpError("per-axis scale has ")
             << scaleType.getDimSize(0) << " elements but dimension " << axis
             << " of the input has " << size;
  }
  if (cast<RankedTensorType>(output.getType()).getShape() !=
      inputType.getShape())
    return op->emitOpError("result shape must be the input's");
  return success();
}

LogicalResult QuantizeLinearOp::verify() {
  return verifyQuantization(*this, getInput(), getScale(), getZeroPoint(),
                            getAxis(), getOutput());
}

LogicalResult DequantizeLinearOp::verify() {
  if (getZeroPoint().getType().getElementType() !=
      getInput().getType().getElementType())
    return emitOpError("zero point must have the input's element type");
  return verifyQuantization(*this, getInput(), getScale(), getZeroPoint(),
                            getAxis(), getOutput());
}

/// Checks the requantization attributes shared by the quantized ops: one
/// multiplier and shift per output channel (or one for all), multipliers in
/// [2^30, 2^31), shifts in [-31, 32], int8 zero points and clamp bounds.
static LogicalResult verifyRequantization(Operation *op,
                                          ArrayRef<int32_t> multipliers,
                                          ArrayRef<int32_t> shifts,
                                          int64_t channels,
                                          ArrayRef<int64_t> zeroPoints,
                                          int64_t clampMin, int64_t clampMax) {
  if (multipliers.size() != shifts.size() ||
      (multipliers.size() != 1 &&
       static_cast<int64_t>(multipliers.size()) != channels))
    return op->emitOpError("needs one multiplier and one shift per output "
                           "channel (")
           << channels << ") or one for all, got " << multipliers.size()
           << " and " << shifts.size();
  for (int32_t m : multipliers)
    if (m < (int32_t(1) << 30))
      return op->emitOpError("multiplier ")
             << m << " is not in [2^30, 2^31) (a real multiplier is "
             << "multiplier * 2^-(31 + shift))";
  for (int32_t s : shifts)
    if (s < -31 || s > 32)
      return op->emitOpError("shift ") << s << " is not in [-31, 32]";
  for (int64_t zp : zeroPoints)
    if (zp < -128 || zp > 127)
      return op->emitOpError("zero point ") << zp << " is not an int8";
  if (clampMin < -128 || clampMax > 127 || clampMin > clampMax)
    return op->emitOpError("clamp [")
           << clampMin << ", " << clampMax
           << "] is not an ordered sub-range of [-128, 127]";
  return success();
}

/// Checks an integer convolution's window attributes, group (1 or
/// depthwise) and result shape (`mnemonic` names it).
template <typename ConvOp>
static LogicalResult verifyIntegerConv(ConvOp op, StringRef mnemonic) {
  Location loc = op.getLoc();
  if (failed(checkArrayAttr(loc, mnemonic, "strides", op.getStrides(), 2, 1)) ||
      failed(checkArrayAttr(loc, mnemonic, "pads", op.getPads(), 4, 0)) ||
      failed(
          checkArrayAttr(loc, mnemonic, "dilations", op.getDilations(), 2, 1)))
    return failure();
  ArrayRef<int64_t> input = shapeOf(op.getInput());
  ArrayRef<int64_t> filter = shapeOf(op.getFilter());
  int64_t group = static_cast<int64_t>(op.getGroup());
  bool depthwise = group == input[1] && filter[0] == input[1] && filter[1] == 1;
  if (group != 1 && !depthwise)
    return op.emitOpError("group must be 1 or the channel count (depthwise), "
                          "got ")
           << group;
  if (group == 1 && filter[1] != input[1])
    return op.emitOpError("filter expects ")
           << filter[1] << " input channels but the input has " << input[1];
  SmallVector<int64_t> shape = {input[0], filter[0]};
  if (failed(inferWindowedShape(loc, mnemonic, input, filter.drop_front(2),
                                op.getStrides(), op.getPads(),
                                op.getDilations(), /*ceilMode=*/false, shape)))
    return failure();
  if (ArrayRef<int64_t>(shape) != op.getType().getShape())
    return op.emitOpError("result shape must be [")
           << shape << "], got [" << op.getType().getShape() << "]";
  return success();
}

/// Checks zero points of an integer op: int8 values (uint8 ones shifted),
/// and `perChannel` holding one or `channels`.
static LogicalResult verifyIntegerZeroPoints(Operation *op, int64_t zeroPoint,
                                             ArrayRef<int64_t> perChannel,
                                             int64_t channels) {
  if (perChannel.size() != 1 &&
      static_cast<int64_t>(perChannel.size()) != channels)
    return op->emitOpError("needs one zero point of the second operand or ")
           << channels << ", got " << perChannel.size();
  for (int64_t zp :
       llvm::concat<const int64_t>(ArrayRef(zeroPoint), perChannel))
    if (zp < -128 || zp > 127)
      return op->emitOpError("zero point ") << zp << " is not an int8";
  return success();
}

LogicalResult DynamicQuantizeLinearOp::verify() {
  if (getOutput().getType().getShape() != getInput().getType().getShape())
    return emitOpError("output shape must be the input's");
  return success();
}

LogicalResult ConvIntegerOp::verify() {
  if (failed(verifyIntegerConv(*this, "conv_integer")))
    return failure();
  return verifyIntegerZeroPoints(*this, getInputZeroPoint(),
                                 getFilterZeroPoints(),
                                 shapeOf(getFilter())[0]);
}

LogicalResult MatMulIntegerOp::verify() {
  ArrayRef<int64_t> a = shapeOf(getA()), b = shapeOf(getB());
  if (a.size() != 2 || b.size() != 2 || a[1] != b[0])
    return emitOpError("needs a [M, K] and b [K, N], got [")
           << a << "] and [" << b << "]";
  if (getType().getShape() != ArrayRef<int64_t>{a[0], b[1]})
    return emitOpError("result shape must be [") << a[0] << ", " << b[1] << "]";
  return verifyIntegerZeroPoints(*this, getAZeroPoint(), getBZeroPoints(),
                                 b[1]);
}

LogicalResult QConv2dOp::verify() {
  if (failed(verifyIntegerConv(*this, "qconv2d")))
    return failure();
  ArrayRef<int64_t> filter = shapeOf(getFilter());
  if (Value bias = getBias())
    if (shapeOf(bias).size() != 1 || shapeOf(bias)[0] != filter[0])
      return emitOpError("bias must be 1-D with ") << filter[0] << " elements";
  return verifyRequantization(*this, getMultipliers(), getShifts(), filter[0],
                              {static_cast<int64_t>(getInputZeroPoint()),
                               static_cast<int64_t>(getOutputZeroPoint())},
                              getClampMin(), getClampMax());
}

LogicalResult QGemmOp::verify() {
  ArrayRef<int64_t> a = shapeOf(getA()), b = shapeOf(getB());
  if (a.size() != 2 || b.size() != 2 || a[1] != b[0])
    return emitOpError("needs a [M, K] and b [K, N], got [")
           << a << "] and [" << b << "]";
  if (Value bias = getBias())
    if (shapeOf(bias).size() != 1 || shapeOf(bias)[0] != b[1])
      return emitOpError("bias must be 1-D with ") << b[1] << " elements";
  if (getType().getShape() != ArrayRef<int64_t>{a[0], b[1]})
    return emitOpError("result shape must be [") << a[0] << ", " << b[1] << "]";
  return verifyRequantization(*this, getMultipliers(), getShifts(), b[1],
                              {static_cast<int64_t>(getAZeroPoint()),
                               static_cast<int64_t>(getOutputZeroPoint())},
                              getClampMin(), getClampMax());
}

LogicalResult QAddOp::verify() {
  if (getLhs().getType().getShape() != getRhs().getType().getShape() ||
      getType().getShape() != getLhs().getType().getShape())
    return emitOpError("operands and result must have one shape");
  // The attributes are signless: their getters return them unsigned.
  int32_t multipliers[] = {static_cast<int32_t>(getLhsMultiplier()),
                           static_cast<int32_t>(getRhsMultiplier()),
                           static_cast<int32_t>(getOutputMultiplier())};
  int32_t shifts[] = {static_cast<int32_t>(getLhsShift()),
                      static_cast<int32_t>(getRhsShift()),
                      static_cast<int32_t>(getOutputShift())};
  for (int i = 0; i < 3; ++i)
    if (failed(
            verifyRequantization(*this, multipliers[i], shifts[i], 1,
                                 {static_cast<int64_t>(getLhsZeroPoint()),
                                  static_cast<int64_t>(getRhsZeroPoint()),
                                  static_cast<int64_t>(getOutputZeroPoint())},
                                 getClampMin(), getClampMax())))
      return failure();
  return success();
}

LogicalResult QGlobalAvgPool2dOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  if (getType().getShape() != ArrayRef<int64_t>{in[0], in[1], 1, 1})
    return emitOpError("result shape must be [")
           << in[0] << ", " << in[1] << ", 1, 1]";
  int32_t multiplier = getMultiplier(), shift = getShift();
  return verifyRequantization(*this, multiplier, shift, 1,
                              {static_cast<int64_t>(getInputZeroPoint()),
                               static_cast<int64_t>(getOutputZeroPoint())},
                              -128, 127);
}
