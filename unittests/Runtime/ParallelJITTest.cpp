//===- ParallelJITTest.cpp - ParallelJIT ----------------------------------===//
//
// A module of several functions, split into more partitions than threads,
// runs through its packed entry, calling a given symbol and functions of
// other partitions; each error comes back as an llvm::Error.
//
//===----------------------------------------------------------------------===//

#include "mini/Runtime/ParallelJIT.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <string>

using namespace llvm;

namespace {

int64_t givenAddend = 0;

extern "C" int64_t miniParallelJITTestAddend() { return givenAddend; }

/// @step_i(x) = x * 3 + i (private, noinline) for i < steps, and
/// @entry(ptr out, i64 x) storing step_{n-1}(...step_0(x)) + addend() to out.
std::unique_ptr<Module> buildModule(LLVMContext &context, unsigned steps) {
  auto module = std::make_unique<Module>("test", context);
  IRBuilder<> builder(context);
  Type *i64 = builder.getInt64Ty();
  SmallVector<Function *> stepFunctions;
  for (unsigned i = 0; i < steps; ++i) {
    auto *func = Function::Create(FunctionType::get(i64, {i64}, false),
                                  GlobalValue::PrivateLinkage,
                                  "step_" + Twine(i), *module);
    func->addFnAttr(Attribute::NoInline);
    builder.SetInsertPoint(BasicBlock::Create(context, "entry", func));
    builder.CreateRet(builder.CreateAdd(
        builder.CreateMul(func->getArg(0), builder.getInt64(3)),
        builder.getInt64(i)));
    stepFunctions.push_back(func);
  }
  FunctionCallee addend = module->getOrInsertFunction(
      "miniParallelJITTestAddend", FunctionType::get(i64, false));
  auto *entry = Function::Create(
      FunctionType::get(builder.getVoidTy(), {builder.getPtrTy(), i64}, false),
      GlobalValue::ExternalLinkage, "entry", *module);
  builder.SetInsertPoint(BasicBlock::Create(context, "entry", entry));
  Value *value = entry->getArg(1);
  for (Function *func : stepFunctions)
    value = builder.CreateCall(func, {value});
  value = builder.CreateAdd(value, builder.CreateCall(addend));
  builder.CreateStore(value, entry->getArg(0));
  builder.CreateRetVoid();
  return module;
}

std::string message(Error error) { return toString(std::move(error)); }

/// The error of ParallelJIT::create on `module`, or "" if it succeeds.
std::string createError(std::unique_ptr<Module> module, StringRef entry,
                        const mini::ParallelJITOptions &options = {}) {
  auto jit = mini::ParallelJIT::create(std::move(module), entry, {}, options);
  return jit ? "" : message(jit.takeError());
}

TEST(ParallelJITTest, RunsAcrossPartitions) {
  LLVMContext context;
  StringMap<void *> symbols;
  symbols["miniParallelJITTestAddend"] =
      reinterpret_cast<void *>(&miniParallelJITTestAddend);
  mini::ParallelJITOptions options;
  options.partitions = 3;
  options.threads = 2;
  auto jit = mini::ParallelJIT::create(buildModule(context, 5), "entry",
                                       symbols, options);
  ASSERT_TRUE(static_cast<bool>(jit)) << message(jit.takeError());
  givenAddend = 1000;
  int64_t out = 0, x = 2;
  int64_t *outPointer = &out;
  void *args[] = {&outPointer, &x};
  (*jit)->getPackedEntry()(args);
  int64_t expected = x;
  for (int64_t i = 0; i < 5; ++i)
    expected = expected * 3 + i;
  EXPECT_EQ(out, expected + 1000);
}

TEST(ParallelJITTest, NoEntry) {
  LLVMContext context;
  EXPECT_EQ(createError(buildModule(context, 1), "missing"),
            "the module defines no function 'missing' to run");
}

TEST(ParallelJITTest, EntryWithResult) {
  LLVMContext context;
  std::unique_ptr<Module> module = buildModule(context, 1);
  module->getFunction("step_0")->setLinkage(GlobalValue::ExternalLinkage);
  EXPECT_EQ(createError(std::move(module), "step_0"),
            "'step_0' returns a value; results must be out-parameters");
}

TEST(ParallelJITTest, UndefinedSymbol) {
  LLVMContext context;
  std::unique_ptr<Module> module = buildModule(context, 2);
  module->getFunction("miniParallelJITTestAddend")
      ->setName("miniParallelJITTestUndefined");
  std::string text = createError(std::move(module), "entry");
  EXPECT_NE(text.find("Symbols not found: [ miniParallelJITTestUndefined ]"),
            std::string::npos)
      << text;
}

TEST(ParallelJITTest, BadOptimizationLevel) {
  LLVMContext context;
  mini::ParallelJITOptions options;
  options.optLevel = 4;
  EXPECT_EQ(createError(buildModule(context, 1), "entry", options),
            "optimization level 4 is not 0 to 3");
}

} // namespace
