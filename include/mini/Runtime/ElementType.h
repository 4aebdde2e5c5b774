//===- ElementType.h - element types of model inputs and outputs -*- C++
//-*-===//
//
// The one list of the element types a compiled model takes and gives, with
// their names, NumPy .npy descrs and sizes; everything else (the .npy
// reader and writer, the runtime's specs, random inputs, printing) is
// derived from it.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_RUNTIME_ELEMENTTYPE_H
#define MINI_RUNTIME_ELEMENTTYPE_H

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace mini {

/// X(Enumerator, name, .npy descr (little-endian), bytes, kind). bfloat16
/// has no NumPy dtype: its arrays are the 16-bit patterns as '<u2' (the
/// high half of the float32's bits, as torch.Tensor.view(torch.int16) and
/// ml_dtypes give them); a '<u2' file is read as bfloat16 where a model
/// takes bfloat16. Bool is one byte, 0 or 1.
#define MINI_ELEMENT_TYPES(X)                                                  \
  X(Float32, "float32", "<f4", 4, Float)                                       \
  X(Float64, "float64", "<f8", 8, Float)                                       \
  X(Float16, "float16", "<f2", 2, Float)                                       \
  X(BFloat16, "bfloat16", "<u2", 2, Float)                                     \
  X(Int8, "int8", "|i1", 1, Signed)                                            \
  X(Int16, "int16", "<i2", 2, Signed)                                          \
  X(Int32, "int32", "<i4", 4, Signed)                                          \
  X(Int64, "int64", "<i8", 8, Signed)                                          \
  X(UInt8, "uint8", "|u1", 1, Unsigned)                                        \
  X(UInt16, "uint16", "<u2", 2, Unsigned)                                      \
  X(UInt32, "uint32", "<u4", 4, Unsigned)                                      \
  X(UInt64, "uint64", "<u8", 8, Unsigned)                                      \
  X(Bool, "bool", "|b1", 1, Bool)

/// An element type of MINI_ELEMENT_TYPES.
enum class ElementType {
#define MINI_ENUMERATOR(E, NAME, DESCR, BYTES, KIND) E,
  MINI_ELEMENT_TYPES(MINI_ENUMERATOR)
#undef MINI_ENUMERATOR
};

/// What an element type's bits mean.
enum class ElementKind { Float, Signed, Unsigned, Bool };

/// The type's name ("float32", "uint8", ...).
llvm::StringRef getElementTypeName(ElementType type);
/// The little-endian .npy descr of the type ("<f4", "|u1", ...; "<u2" for
/// bfloat16).
llvm::StringRef getNpyDescr(ElementType type);
/// The size of one element in bytes (1, 2, 4 or 8).
unsigned getElementBytes(ElementType type);
ElementKind getElementKind(ElementType type);
/// The type of a .npy descr: '<', '=' or '|' (little-endian data) or '>'
/// (big-endian, which the reader swaps) then the kind and size ("f4",
/// "i8", "b1"...); nullopt for another descr. "<u2" is UInt16.
/// `bigEndian` is set for a '>' descr.
std::optional<ElementType> parseNpyDescr(llvm::StringRef descr,
                                         bool &bigEndian);

} // namespace mini

#endif // MINI_RUNTIME_ELEMENTTYPE_H
