//===- ParallelJIT.cpp - optimize and compile a module on several threads -===//
//
// See ParallelJIT.h. The partitions are independent because the lowering
// makes each part of a long function a `noinline` function of its own
// (mini-outline-loop-nests): what LLVM's pipeline would do across them
// (inlining) it would not do anyway.
//
//===----------------------------------------------------------------------===//

#include "mini/Runtime/ParallelJIT.h"

#include "mlir/ExecutionEngine/OptUtils.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/ExecutionEngine/JITEventListener.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/RTDyldObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/SectionMemoryManager.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Utils/SplitModule.h"

#include <algorithm>
#include <mutex>
#include <optional>

using namespace llvm;
using namespace llvm::orc;

namespace {

Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

/// Defines `_mlir_<name>(ptr args)`, which loads argument i of `name` from
/// the pointer args[i] and calls it: mlir::ExecutionEngine's packed
/// interface, which keeps that function to itself. The entry returns its
/// results through out-parameters, so a result is an error.
Error addPackedInterface(Module &module, StringRef name) {
  Function *func = module.getFunction(name);
  if (!func || func->isDeclaration())
    return makeError("the module defines no function '" + name + "' to run");
  if (!func->getReturnType()->isVoidTy())
    return makeError("'" + name +
                     "' returns a value; results must be "
                     "out-parameters");
  LLVMContext &context = module.getContext();
  IRBuilder<> builder(context);
  auto *type = FunctionType::get(builder.getVoidTy(), builder.getPtrTy(),
                                 /*isVarArg=*/false);
  Function *packed = Function::Create(type, GlobalValue::ExternalLinkage,
                                      "_mlir_" + name, module);
  builder.SetInsertPoint(BasicBlock::Create(context, "entry", packed));
  SmallVector<Value *> args;
  for (Argument &arg : func->args()) {
    Value *slot = builder.CreateConstGEP1_64(builder.getPtrTy(),
                                             packed->getArg(0), arg.getArgNo());
    Value *pointer = builder.CreateLoad(builder.getPtrTy(), slot);
    args.push_back(builder.CreateLoad(arg.getType(), pointer));
  }
  builder.CreateCall(func, args);
  builder.CreateRetVoid();
  return Error::success();
}

/// The host's target machine (code generation at its default level, as
/// mlir::ExecutionEngine compiles with the machine it is given).
Expected<std::unique_ptr<TargetMachine>> createHostMachine() {
  Expected<JITTargetMachineBuilder> builder =
      JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  return builder->createTargetMachine();
}

/// Optimizes one partition, given as bitcode, with LLVM's default pipeline
/// at `optLevel` and compiles it to an ELF object, in a context of its own
/// (an LLVMContext is not shared between threads).
Expected<SmallVector<char, 0>> compilePartition(StringRef bitcode,
                                                unsigned optLevel) {
  LLVMContext context;
  Expected<std::unique_ptr<Module>> module =
      parseBitcodeFile(MemoryBufferRef(bitcode, "partition"), context);
  if (!module)
    return module.takeError();
  Expected<std::unique_ptr<TargetMachine>> machine = createHostMachine();
  if (!machine)
    return machine.takeError();
  return mini::optimizeAndEmitObject(**module, **machine, optLevel);
}

} // namespace

namespace mini {

Expected<SmallVector<char, 0>> optimizeAndEmitObject(Module &module,
                                                     TargetMachine &machine,
                                                     unsigned optLevel) {
  if (Error error = mlir::makeOptimizingTransformer(optLevel, /*sizeLevel=*/0,
                                                    &machine)(&module))
    return std::move(error);
  SmallVector<char, 0> object;
  raw_svector_ostream os(object);
  legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, os, nullptr,
                                  CodeGenFileType::ObjectFile))
    return makeError("the target cannot emit object files");
  codegen.run(module);
  return object;
}

ParallelJIT::~ParallelJIT() = default;

Expected<std::unique_ptr<ParallelJIT>>
ParallelJIT::create(std::unique_ptr<Module> module, StringRef entry,
                    const StringMap<void *> &symbols,
                    const ParallelJITOptions &options) {
  if (options.optLevel > 3)
    return makeError("optimization level " + Twine(options.optLevel) +
                     " is not 0 to 3");
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  Expected<std::unique_ptr<TargetMachine>> machine = createHostMachine();
  if (!machine)
    return machine.takeError();
  module->setDataLayout((*machine)->createDataLayout());
  module->setTargetTriple((*machine)->getTargetTriple());
  SmallVector<std::string> entries = {entry.str()};
  llvm::append_range(entries, options.otherEntries);
  for (const std::string &name : entries)
    if (Error error = addPackedInterface(*module, name))
      return std::move(error);
  const DataLayout layout = module->getDataLayout();

  // Split: round robin over the functions by size, so that the partitions
  // take similar times. Each is written as bitcode, to be read into a
  // context of its own.
  unsigned definitions = 0;
  for (Function &func : *module)
    definitions += !func.isDeclaration();
  unsigned count = std::max(1u, std::min(options.partitions, definitions));
  SmallVector<SmallVector<char, 0>> bitcodes;
  SplitModule(
      *module, count,
      [&](std::unique_ptr<Module> part) {
        raw_svector_ostream os(bitcodes.emplace_back());
        WriteBitcodeToFile(*part, os);
      },
      /*PreserveLocals=*/false, /*RoundRobin=*/true);
  module.reset();

  // Optimize and compile.
  SmallVector<std::optional<Expected<SmallVector<char, 0>>>> objects(
      bitcodes.size());
  {
    DefaultThreadPool pool(
        options.threads ? heavyweight_hardware_concurrency(options.threads)
                        : hardware_concurrency());
    for (size_t index = 0; index < bitcodes.size(); ++index)
      pool.async([&, index] {
        objects[index].emplace(compilePartition(
            StringRef(bitcodes[index].data(), bitcodes[index].size()),
            options.optLevel));
      });
    pool.wait();
  }
  Error errors = Error::success();
  for (std::optional<Expected<SmallVector<char, 0>>> &object : objects)
    if (!*object)
      errors = joinErrors(std::move(errors), object->takeError());
  if (errors)
    return std::move(errors);

  // Link, as mlir::ExecutionEngine does: RuntimeDyld with a section memory
  // manager, the given symbols, then the process's.
  Expected<std::unique_ptr<LLJIT>> jit =
      LLJITBuilder()
          .setDataLayout(layout)
          .setObjectLinkingLayerCreator(
              [&](ExecutionSession &session)
                  -> Expected<std::unique_ptr<ObjectLayer>> {
                auto layer = std::make_unique<RTDyldObjectLinkingLayer>(
                    session, [](const MemoryBuffer &) {
                      return std::make_unique<SectionMemoryManager>();
                    });
                if (options.perfListener)
                  if (JITEventListener *perf =
                          JITEventListener::createPerfJITEventListener())
                    layer->registerJITEventListener(*perf);
                return layer;
              })
          .create();
  if (!jit)
    return jit.takeError();
  // The linker reports what it cannot resolve to the session, not through
  // the lookup's error (which names only the entry): keep it for the latter.
  struct SessionErrors {
    std::mutex mutex;
    std::string text;
  };
  auto sessionErrors = std::make_shared<SessionErrors>();
  (*jit)->getExecutionSession().setErrorReporter([sessionErrors](Error error) {
    std::lock_guard<std::mutex> lock(sessionErrors->mutex);
    sessionErrors->text +=
        (sessionErrors->text.empty() ? "" : "; ") + toString(std::move(error));
  });
  JITDylib &main = (*jit)->getMainJITDylib();
  SymbolMap given;
  for (const auto &symbol : symbols)
    given[(*jit)->mangleAndIntern(symbol.getKey())] = {
        ExecutorAddr::fromPtr(symbol.getValue()), JITSymbolFlags::Exported};
  if (Error error = main.define(absoluteSymbols(std::move(given))))
    return std::move(error);
  Expected<std::unique_ptr<DynamicLibrarySearchGenerator>> process =
      DynamicLibrarySearchGenerator::GetForCurrentProcess(
          layout.getGlobalPrefix());
  if (!process)
    return process.takeError();
  main.addGenerator(std::move(*process));
  for (auto [index, object] : llvm::enumerate(objects)) {
    std::unique_ptr<MemoryBuffer> buffer = MemoryBuffer::getMemBufferCopy(
        StringRef((*object)->data(), (*object)->size()),
        "partition-" + Twine(index));
    if (Error error = (*jit)->addObjectFile(std::move(buffer)))
      return std::move(error);
  }
  if (Error error = (*jit)->initialize(main))
    return std::move(error);

  // Looking the entry up links every partition it reaches.
  Expected<ExecutorAddr> address = (*jit)->lookup("_mlir_" + entry.str());
  if (!address) {
    std::string text = toString(address.takeError());
    std::lock_guard<std::mutex> lock(sessionErrors->mutex);
    if (!sessionErrors->text.empty())
      text += " (" + sessionErrors->text + ")";
    return makeError(text);
  }
  std::unique_ptr<ParallelJIT> result(new ParallelJIT());
  result->packedEntry = address->toPtr<void (*)(void **)>();
  for (const std::string &name : options.otherEntries) {
    Expected<ExecutorAddr> other = (*jit)->lookup("_mlir_" + name);
    if (!other)
      return other.takeError();
    result->others[name] = other->toPtr<void (*)(void **)>();
  }
  result->jit = std::move(*jit);
  return result;
}

} // namespace mini
