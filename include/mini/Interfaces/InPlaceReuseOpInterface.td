//===- InPlaceReuseOpInterface.td - in-place buffer reuse --*- tablegen -*-===//
//
// The op interface through which ops on buffers declare that an output may
// be written over an input: `--plan-memory` then lets the output's buffer
// take the input's memory when the input dies at the op.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_INTERFACES_INPLACEREUSEOPINTERFACE_TD
#define MINI_INTERFACES_INPLACEREUSEOPINTERFACE_TD

include "mlir/IR/OpBase.td"

def InPlaceReuseOpInterface : OpInterface<"InPlaceReuseOpInterface"> {
  let cppNamespace = "::mini";
  let description = [{
    An op on memrefs that may write an output operand over one of its input
    operands (or an op on tensors whose output's buffer may, once
    bufferized, take an input's): every element of the output is computed only from the
    elements at the same position of those inputs (and from other operands),
    read before it is written, and the output's prior contents are not read.
    Elementwise ops have this property; it is what TFLite's in-place
    operators and XLA's `HloDataflowAnalysis::CanShareBuffer` rely on.

    The op states only this property of its own semantics. Whether the reuse
    is legal in a given program (the input dies at the op, no other operand
    aliases it, sizes and layouts agree) is for the client to check: see
    `mini/Analysis/BufferSharing.h`. `linalg.generic` and `linalg.map`
    implement it through external models
    (`mini::registerInPlaceReuseExternalModels`) when all their loops are
    parallel and the input and output are accessed through the same
    identity indexing map.
  }];
  let methods = [
    InterfaceMethod<[{
        Returns the input operands over which the output operand `output`
        may be written, in operand order; empty if none.
      }],
      "::llvm::SmallVector<::mlir::OpOperand *>", "getInPlaceInputs",
      (ins "::mlir::OpOperand &":$output)>,
  ];
}

#endif // MINI_INTERFACES_INPLACEREUSEOPINTERFACE_TD
