//===- PlanFigures.cpp - the figures of a plan, in JSON -------------------===//

#include "mini/Planning/PlanFigures.h"

using namespace mini::planning;

namespace {
/// Writes each figure as a JSON attribute; arrays for the lists.
struct JSONWriter {
  llvm::json::OStream &json;
  template <typename T>
  void operator()(llvm::StringRef key, const T &value, FigureUse) {
    json.attribute(key, value);
  }
  template <typename T>
  void operator()(llvm::StringRef key, const std::vector<T> &values,
                  FigureUse) {
    json.attributeArray(key, [&] {
      for (const T &value : values)
        json.value(value);
    });
  }
};
/// Adds each figure of a use to a JSON object.
struct ObjectWriter {
  llvm::json::Object &object;
  FigureUse only;
  template <typename T>
  void operator()(llvm::StringRef key, const T &value, FigureUse use) {
    if (only == FigureUse::ReportOnly || use == only)
      object[key] = value;
  }
  template <typename T>
  void operator()(llvm::StringRef key, const std::vector<T> &values,
                  FigureUse use) {
    if (only == FigureUse::ReportOnly || use == only)
      object[key] = llvm::json::Array(values);
  }
};
} // namespace

void mini::planning::addPlanFigures(llvm::json::Object &object,
                                    const PlanFigures &figures, FigureUse use) {
  visitPlanFigures(figures, ObjectWriter{object, use});
}

void mini::planning::writePlanFigures(llvm::json::OStream &json,
                                      const PlanFigures &figures) {
  visitPlanFigures(figures, JSONWriter{json});
}
