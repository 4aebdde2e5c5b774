//===- ElementType.cpp - element types of model inputs and outputs -------===//

#include "mini/Runtime/ElementType.h"

using namespace llvm;

namespace {
/// What MINI_ELEMENT_TYPES says of each type, indexed by the enum.
struct ElementTypeInfo {
  StringLiteral name, descr;
  unsigned bytes;
  mini::ElementKind kind;
};
constexpr ElementTypeInfo kInfo[] = {
#define MINI_INFO(E, NAME, DESCR, BYTES, KIND)                                 \
  {NAME, DESCR, BYTES, mini::ElementKind::KIND},
    MINI_ELEMENT_TYPES(MINI_INFO)
#undef MINI_INFO
};
const ElementTypeInfo &getInfo(mini::ElementType type) {
  return kInfo[static_cast<unsigned>(type)];
}
} // namespace

StringRef mini::getElementTypeName(ElementType type) {
  return getInfo(type).name;
}

StringRef mini::getNpyDescr(ElementType type) { return getInfo(type).descr; }

unsigned mini::getElementBytes(ElementType type) { return getInfo(type).bytes; }

mini::ElementKind mini::getElementKind(ElementType type) {
  return getInfo(type).kind;
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
