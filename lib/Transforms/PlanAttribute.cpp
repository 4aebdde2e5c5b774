//===- PlanAttribute.cpp - a plan's figures on its function ---------------===//

#include "mini/Transforms/PlanAttribute.h"
#include "mini/Dialect/Mini/IR/MiniDialect.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mini;
using namespace mini::planning;

DictionaryAttr mini::buildMemoryPlanAttr(MLIRContext *context,
                                         const PlanFigures &figures) {
  Builder b(context);
  SmallVector<NamedAttribute> attrs;
  struct Attributes {
    Builder &b;
    SmallVectorImpl<NamedAttribute> &attrs;
    void add(StringRef key, Attribute value) {
      attrs.push_back(b.getNamedAttr(key, value));
    }
    void operator()(StringRef key, const std::string &v, FigureUse use) {
      if (use == FigureUse::AttributeAndReport)
        add(key, b.getStringAttr(v));
    }
    void operator()(StringRef key, bool v, FigureUse use) {
      if (use == FigureUse::AttributeAndReport)
        add(key, b.getBoolAttr(v));
    }
    void operator()(StringRef key, int64_t v, FigureUse use) {
      if (use == FigureUse::AttributeAndReport)
        add(key, b.getI64IntegerAttr(v));
    }
    void operator()(StringRef key, uint64_t v, FigureUse use) {
      if (use == FigureUse::AttributeAndReport)
        add(key, b.getI64IntegerAttr(static_cast<int64_t>(v)));
    }
    void operator()(StringRef key, const std::vector<int64_t> &v,
                    FigureUse use) {
      if (use == FigureUse::AttributeAndReport)
        add(key, b.getDenseI64ArrayAttr(v));
    }
    // Report-only figures of other types.
    void operator()(StringRef, double, FigureUse) {}
    void operator()(StringRef, const std::vector<std::string> &, FigureUse) {}
  };
  visitPlanFigures(figures, Attributes{b, attrs});
  return b.getDictionaryAttr(attrs);
}

std::optional<PlanFigures> mini::readMemoryPlanAttr(Operation *op) {
  auto dict = op->getAttrOfType<DictionaryAttr>(
      MiniDialect::MemoryPlanAttrHelper::getNameStr());
  if (!dict)
    return std::nullopt;
  PlanFigures figures;
  struct Reader {
    DictionaryAttr dict;
    void operator()(StringRef key, std::string &v, FigureUse) {
      if (auto attr = dict.getAs<StringAttr>(key))
        v = attr.str();
    }
    void operator()(StringRef key, bool &v, FigureUse) {
      if (auto attr = dict.getAs<BoolAttr>(key))
        v = attr.getValue();
    }
    void operator()(StringRef key, int64_t &v, FigureUse) {
      if (auto attr = dict.getAs<IntegerAttr>(key))
        v = attr.getInt();
    }
    void operator()(StringRef key, uint64_t &v, FigureUse) {
      if (auto attr = dict.getAs<IntegerAttr>(key))
        v = static_cast<uint64_t>(attr.getInt());
    }
    void operator()(StringRef key, std::vector<int64_t> &v, FigureUse) {
      if (auto attr = dict.getAs<DenseI64ArrayAttr>(key))
        v.assign(attr.asArrayRef().begin(), attr.asArrayRef().end());
    }
    void operator()(StringRef, double &, FigureUse) {}
    void operator()(StringRef, std::vector<std::string> &, FigureUse) {}
  };
  visitPlanFigures(figures, Reader{dict});
  return figures;
}
