//===- PlanFiguresTest.cpp - the figures of a plan, in JSON ---------------===//
//
// writePlanFigures and addPlanFigures write every key of visitPlanFigures
// once, from its own field, with the JSON type of that field.
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/PlanFigures.h"

#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <set>
#include <type_traits>

using namespace mini::planning;

namespace {

/// Figures with a distinct value in every field, so that a key written from
/// another field shows. The naive bytes are past INT64_MAX, as saturated
/// sums are, and must stay unsigned.
PlanFigures distinctFigures() {
  PlanFigures f;
  f.strategy = "auto";
  f.alignment = 64;
  f.naiveBytes = UINT64_MAX;
  f.lowerBoundBytes = 1000;
  f.sharedLowerBoundBytes = 900;
  f.sharedBuffers = 3;
  f.plannedBytes = 1024;
  f.chosenStrategy = "best-fit";
  f.optimal = true;
  f.searchNodes = 12345;
  f.hitNodeBudget = false;
  f.hitTimeLimit = true;
  f.fragmentation = 1.1377;
  f.peakStep = 17;
  f.peakOp = "linalg.matmul";
  f.liveAtPeak = {"%0", "%arg1"};
  f.planningUs = 4321;
  f.pools = {512, 256};
  return f;
}

/// A figure's key and use, in report order.
struct Key {
  std::string key;
  FigureUse use;
};

std::vector<Key> getKeys() {
  std::vector<Key> keys;
  PlanFigures figures;
  visitPlanFigures(figures,
                   [&](llvm::StringRef key, const auto &, FigureUse use) {
                     keys.push_back({key.str(), use});
                   });
  return keys;
}

/// Expects `value` to be `field` with the JSON type of its C++ type.
void expectValue(const llvm::json::Value *value, const std::string &field) {
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->kind(), llvm::json::Value::String);
  EXPECT_EQ(value->getAsString(), llvm::StringRef(field));
}
void expectValue(const llvm::json::Value *value, bool field) {
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->kind(), llvm::json::Value::Boolean);
  EXPECT_EQ(value->getAsBoolean(), field);
}
void expectValue(const llvm::json::Value *value, int64_t field) {
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->kind(), llvm::json::Value::Number);
  EXPECT_EQ(value->getAsInteger(), field);
}
void expectValue(const llvm::json::Value *value, uint64_t field) {
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->kind(), llvm::json::Value::Number);
  EXPECT_EQ(value->getAsUINT64(), field);
}
void expectValue(const llvm::json::Value *value, double field) {
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->kind(), llvm::json::Value::Number);
  ASSERT_TRUE(value->getAsNumber().has_value());
  EXPECT_DOUBLE_EQ(*value->getAsNumber(), field);
}
template <typename T>
void expectValue(const llvm::json::Value *value, const std::vector<T> &field) {
  ASSERT_NE(value, nullptr);
  const llvm::json::Array *array = value->getAsArray();
  ASSERT_NE(array, nullptr);
  ASSERT_EQ(array->size(), field.size());
  for (size_t i = 0; i < field.size(); ++i)
    expectValue(&(*array)[i], field[i]);
}

/// Expects `object` to hold exactly the figures of `figures` that `wanted`
/// selects, each with its field's value and type, and `others` more keys.
template <typename Wanted>
void expectFigures(const llvm::json::Object &object, const PlanFigures &figures,
                   Wanted wanted, size_t others = 0) {
  size_t count = 0;
  visitPlanFigures(figures,
                   [&](llvm::StringRef key, const auto &field, FigureUse use) {
                     SCOPED_TRACE(key.str());
                     if (!wanted(use)) {
                       EXPECT_EQ(object.get(key), nullptr);
                       return;
                     }
                     ++count;
                     expectValue(object.get(key), field);
                   });
  EXPECT_EQ(object.size(), count + others);
}

TEST(PlanFiguresTest, KeysAreDistinct) {
  std::vector<Key> keys = getKeys();
  std::set<std::string> distinct;
  for (const Key &key : keys)
    EXPECT_TRUE(distinct.insert(key.key).second) << key.key;
  EXPECT_GE(keys.size(), 18u);
}

TEST(PlanFiguresTest, WriteWritesEveryKeyOnceInReportOrder) {
  PlanFigures figures = distinctFigures();
  std::string text;
  llvm::raw_string_ostream os(text);
  {
    llvm::json::OStream json(os);
    json.object([&] { writePlanFigures(json, figures); });
  }
  // Once each, in the order of visitPlanFigures.
  size_t last = 0;
  for (const Key &key : getKeys()) {
    std::string quoted = "\"" + key.key + "\":";
    size_t at = text.find(quoted);
    ASSERT_NE(at, std::string::npos) << key.key << " in " << text;
    EXPECT_EQ(text.find(quoted, at + 1), std::string::npos) << key.key;
    EXPECT_GE(at, last) << key.key;
    last = at;
  }
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  ASSERT_TRUE(static_cast<bool>(parsed)) << llvm::toString(parsed.takeError());
  const llvm::json::Object *object = parsed->getAsObject();
  ASSERT_NE(object, nullptr);
  expectFigures(*object, figures, [](FigureUse) { return true; });
  // Integer figures are written as integers (a double such as 3.0 would
  // read back as an integer too); the naive bytes stay unsigned past
  // INT64_MAX, not -1.
  visitPlanFigures(
      figures, [&](llvm::StringRef key, const auto &field, FigureUse) {
        using T = std::decay_t<decltype(field)>;
        if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
          std::string quoted = "\"" + key.str() + "\":";
          llvm::StringRef token =
              llvm::StringRef(text)
                  .substr(text.find(quoted) + quoted.size())
                  .take_until([](char c) { return c == ',' || c == '}'; });
          EXPECT_EQ(token, std::to_string(field)) << key.str();
        }
      });
  EXPECT_NE(text.find("\"naive_bytes\":18446744073709551615"),
            std::string::npos);
}

TEST(PlanFiguresTest, DefaultFiguresKeepTheirTypes) {
  // Empty strings and lists, zeros and false are written, not dropped.
  PlanFigures figures;
  std::string text;
  llvm::raw_string_ostream os(text);
  {
    llvm::json::OStream json(os);
    json.object([&] { writePlanFigures(json, figures); });
  }
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  ASSERT_TRUE(static_cast<bool>(parsed)) << llvm::toString(parsed.takeError());
  expectFigures(*parsed->getAsObject(), figures,
                [](FigureUse) { return true; });
}

TEST(PlanFiguresTest, AddReportOnlyAddsEveryFigure) {
  PlanFigures figures = distinctFigures();
  llvm::json::Object object{{"function", "main"}};
  addPlanFigures(object, figures, FigureUse::ReportOnly);
  expectFigures(
      object, figures, [](FigureUse) { return true; },
      /*others=*/1);
  EXPECT_EQ(object.getString("function"), llvm::StringRef("main"));
  // The same figures as the streamed writer's.
  std::string text;
  llvm::raw_string_ostream os(text);
  {
    llvm::json::OStream json(os);
    json.object([&] { writePlanFigures(json, figures); });
  }
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  ASSERT_TRUE(static_cast<bool>(parsed)) << llvm::toString(parsed.takeError());
  object.erase("function");
  EXPECT_EQ(llvm::json::Value(std::move(object)), *parsed);
}

TEST(PlanFiguresTest, AddAttributeAndReportAddsOnlyThose) {
  PlanFigures figures = distinctFigures();
  llvm::json::Object object;
  addPlanFigures(object, figures, FigureUse::AttributeAndReport);
  expectFigures(object, figures, [](FigureUse use) {
    return use == FigureUse::AttributeAndReport;
  });
  // Both kinds exist: the plan's memory in the attribute (its pools), the
  // run's figures (its time) only in the report.
  EXPECT_NE(object.get("pools"), nullptr);
  EXPECT_EQ(object.get("planning_us"), nullptr);
  size_t reportOnly = 0;
  for (const Key &key : getKeys())
    reportOnly += key.use == FigureUse::ReportOnly;
  EXPECT_GT(reportOnly, 0u);
  EXPECT_EQ(object.size() + reportOnly, getKeys().size());
}

} // namespace
