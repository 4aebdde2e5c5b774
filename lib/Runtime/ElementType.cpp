//===- ElementType.cpp - element types of model inputs and outputs -------===//

#include "mini/Runtime/ElementType.h"

using namespace llvm;

StringRef mini::getElementTypeName(ElementType type) {
  switch (type) {
#define MINI_CASE(E, NAME, DESCR, BYTES, KIND)                                 \
  case ElementType::E:                                                         \
    return NAME;
    MINI_ELEMENT_TYPES(MINI_CASE)
#undef MINI_CASE
  }
  return "";
}

StringRef mini::getNpyDescr(ElementType type) {
  switch (type) {
#define MINI_CASE(E, NAME, DESCR, BYTES, KIND)                                 \
  case ElementType::E:                                                         \
    return DESCR;
    MINI_ELEMENT_TYPES(MINI_CASE)
#undef MINI_CASE
  }
  return "";
}

unsigned mini::getElementBytes(ElementType type) {
  switch (type) {
#define MINI_CASE(E, NAME, DESCR, BYTES, KIND)                                 \
  case ElementType::E:                                                         \
    return BYTES;
    MINI_ELEMENT_TYPES(MINI_CASE)
#undef MINI_CASE
  }
  return 0;
}

mini::ElementKind mini::getElementKind(ElementType type) {
  switch (type) {
#define MINI_CASE(E, NAME, DESCR, BYTES, KIND)                                 \
  case ElementType::E:                                                         \
    return ElementKind::KIND;
    MINI_ELEMENT_TYPES(MINI_CASE)
#undef MINI_CASE
  }
  return ElementKind::Float;
}

std::optional<mini::ElementType> mini::parseNpyDescr(StringRef descr,
                                                     bool &bigEndian) {
  bigEndian = false;
  if (descr.size() != 3)
    return std::nullopt;
  char order = descr[0];
  if (order == '>')
    bigEndian = true;
  else if (order != '<' && order != '=' && order != '|')
    return std::nullopt;
  StringRef rest = descr.drop_front();
  // bfloat16 shares '<u2' with uint16; the reader gives UInt16.
#define MINI_CASE(E, NAME, DESCR, BYTES, KIND)                                 \
  if (ElementType::E != ElementType::BFloat16 &&                               \
      StringRef(DESCR).drop_front() == rest)                                   \
    return ElementType::E;
  MINI_ELEMENT_TYPES(MINI_CASE)
#undef MINI_CASE
  return std::nullopt;
}
