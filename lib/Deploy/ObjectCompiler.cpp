//===- ObjectCompiler.cpp - a model as a relocatable object ---------------===//

#include "mini/Deploy/ObjectCompiler.h"

#include "mini/Deploy/CHeader.h"
#include "mini/Dialect/Mini/IR/MiniDialect.h"
#include "mini/Pipelines/Pipelines.h"
#include "mini/Runtime/ParallelJIT.h"
#include "mini/Transforms/BufferizeTensors.h"
#include "mini/Transforms/Passes.h"
#include "mini/Transforms/ShapeChecks.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace mlir;
using namespace mini;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The target machine of the host's triple for `cpu` (empty: the host's CPU
/// and features, as mini-run's JIT), position independent so that the
/// object links into PIE executables.
static llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(llvm::StringRef cpu) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(llvm::sys::getProcessTriple());
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return makeError("no target for " + triple.str() + ": " + error);
  if (!cpu.empty()) {
    // Checked first: a target machine for an unknown CPU warns and goes on.
    std::unique_ptr<llvm::MCSubtargetInfo> info(
        target->createMCSubtargetInfo(triple, "", ""));
    if (!info || !info->isCPUStringValid(cpu))
      return makeError("unknown target CPU '" + cpu + "' for " + triple.str());
  }
  std::string features;
  std::string name = cpu.str();
  if (cpu.empty()) {
    name = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures host;
    for (auto &[feature, enabled] : llvm::sys::getHostCPUFeatures())
      host.AddFeature(feature, enabled);
    features = host.getString();
  }
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, name, features, llvm::TargetOptions(), llvm::Reloc::PIC_));
  if (!machine)
    return makeError("cannot create a target machine for " + triple.str());
  return machine;
}

llvm::Expected<CompiledObject>
mini::compileToObject(ModuleOp module, llvm::StringRef source,
                      const ObjectCompileOptions &options) {
  if (!isCIdentifier(options.prefix))
    return makeError("the prefix '" + options.prefix +
                     "' is not a C identifier");
  llvm::SmallVector<llvm::StringRef> planTokens;
  llvm::StringRef(options.choices.planOptions)
      .split(planTokens, ' ', -1, false);
  if (llvm::any_of(planTokens, [](llvm::StringRef token) {
        return token.starts_with("arena=");
      }))
    return makeError("the plan's pools go to the arena argument: "
                     "--plan-options takes no 'arena'");
  FailureOr<func::FuncOp> entry = findModelEntry(module);
  if (failed(entry))
    return makeError("the module must hold exactly one public function");
  CompiledObject compiled;
  llvm::Expected<ModelSignature> signature = ModelSignature::read(*entry);
  if (!signature)
    return signature.takeError();
  compiled.signature = std::move(*signature);
  std::string entryName = options.prefix + "_model";
  if (module.lookupSymbol(entryName) &&
      module.lookupSymbol(entryName) != entry->getOperation())
    return makeError("the module already has a symbol '" + entryName + "'");
  entry->setSymName(entryName);

  // Bufferize, plan into the arena: as mini-run, with every buffer planned.
  MLIRContext *ctx = module.getContext();
  std::string errors, unplanned;
  {
    ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
      std::string text = diag.str();
      if (diag.getSeverity() == DiagnosticSeverity::Error)
        errors += (errors.empty() ? "" : "; ") + text;
      else if (diag.getSeverity() == DiagnosticSeverity::Remark &&
               llvm::StringRef(text).starts_with("buffer not planned: "))
        unplanned += (unplanned.empty() ? "" : "; ") + text;
      return success();
    });
    std::unique_ptr<Pass> plan = createPlanMemoryPass();
    std::string optionError;
    if (failed(plan->initializeOptions(options.choices.planOptions +
                                           " arena=argument",
                                       [&](const llvm::Twine &message) {
                                         optionError = message.str();
                                         return failure();
                                       })))
      return makeError("bad plan-memory options '" +
                       options.choices.planOptions + "': " + optionError);
    PassManager pm(ctx);
    BufferizePipelineOptions bufferize;
    bufferize.insertDeallocs = true;
    bufferize.outlineShapeChecks = true;
    options.choices.applyTo(bufferize);
    // Orders are compared by the plan they will get.
    bufferize.scheduleInPlace = getPlanPassSettings(*plan).plan.inPlace;
    buildBufferizePipeline(pm, bufferize);
    pm.addPass(std::move(plan));
    if (failed(pm.run(module)))
      return makeError("bufferizing or planning failed: " + errors);
  }
  entry = module.lookupSymbol<func::FuncOp>(entryName);
  if (!*entry)
    return makeError("the entry disappeared during bufferization");
  // The run-time shape checks (of dynamic dimensions) go into the object
  // too: the header's run function calls them first.
  auto checks =
      module.lookupSymbol<func::FuncOp>(entryName + kShapeChecksSuffix.str());
  if (checks) {
    unsigned numInputs = compiled.signature.inputs.size();
    if (checks.getNumArguments() < numInputs + 1)
      return makeError("the shape checks of '" + entryName +
                       "' lost their arguments");
    compiled.checks.symbol = "_mlir_ciface_" + checks.getSymName().str();
    compiled.checks.numArenas = checks.getNumArguments() - numInputs - 1;
    // The header gives the checks 0-byte arenas: they must plan nothing.
    for (unsigned a = 0; a < compiled.checks.numArenas; ++a) {
      auto arena = dyn_cast<MemRefType>(checks.getArgument(a).getType());
      if (!arena || !arena.hasStaticShape() || arena.getNumElements() != 0)
        return makeError("the shape checks of '" + entryName +
                         "' need memory of their own, which mini-compile "
                         "does not give them");
    }
    auto messages = checks->getAttrOfType<ArrayAttr>(
        MiniDialect::ShapeChecksAttrHelper::getNameStr());
    if (!messages)
      return makeError("the shape checks of '" + entryName +
                       "' have no messages");
    for (auto message : messages.getAsRange<StringAttr>())
      compiled.checks.messages.push_back(message.str());
  }
  if (!unplanned.empty())
    return makeError("every buffer must be planned into the arena: " +
                     unplanned);
  std::string heap;
  entry->walk([&](Operation *op) {
    if (isa<memref::AllocOp, memref::AllocaOp, memref::ReallocOp>(op) &&
        heap.empty()) {
      llvm::raw_string_ostream os(heap);
      os << "'" << op->getName() << "' at " << op->getLoc();
    }
  });
  if (!heap.empty())
    return makeError("an allocation is left out of the arena: " + heap);
  auto arena = (*entry)->getAttrOfType<DictionaryAttr>(
      MiniDialect::ArenaAttrHelper::getNameStr());
  if (!arena)
    return makeError("plan-memory did not record the arena");
  compiled.arenaAlignment =
      static_cast<uint64_t>(cast<IntegerAttr>(arena.get("alignment")).getInt());
  if (auto memories = arena.getAs<ArrayAttr>("memories")) {
    for (auto memory : memories.getAsRange<DictionaryAttr>()) {
      ArenaSpec spec{
          memory.getAs<StringAttr>("name").str(),
          static_cast<uint64_t>(memory.getAs<IntegerAttr>("bytes").getInt())};
      if (!isCIdentifier(spec.name))
        return makeError("the memory name '" + spec.name +
                         "' is not a C identifier");
      compiled.arenas.push_back(spec);
    }
  } else {
    compiled.arenas.push_back(
        {"", static_cast<uint64_t>(
                 cast<IntegerAttr>(arena.get("bytes")).getInt())});
  }

  // mini's attributes have no LLVM meaning (the translation warns).
  for (func::FuncOp func : {*entry, checks}) {
    if (!func)
      continue;
    func.setAllArgAttrs(ArrayRef<DictionaryAttr>{});
    for (llvm::StringRef name :
         {MiniDialect::MemoryPlanAttrHelper::getNameStr(),
          MiniDialect::ArenaAttrHelper::getNameStr(),
          MiniDialect::MemoriesAttrHelper::getNameStr(),
          MiniDialect::ScheduleAttrHelper::getNameStr(),
          MiniDialect::PatchFusionAttrHelper::getNameStr(),
          MiniDialect::ShapeChecksAttrHelper::getNameStr()})
      func->removeAttr(name);
    func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                  UnitAttr::get(ctx));
  }
  {
    PassManager pm(ctx);
    LowerToLLVMPipelineOptions lower;
    lower.vectorize = options.vectorize;
    buildLowerToLLVMPipeline(pm, lower);
    if (failed(pm.run(module)))
      return makeError("lowering to the LLVM dialect failed");
  }

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, source);
  if (!llvmModule)
    return makeError("translating the LLVM dialect to LLVM IR failed");
  // No heap: the code calls no allocator.
  for (llvm::StringRef name :
       {"malloc", "calloc", "realloc", "free", "aligned_alloc",
        "_mlir_memref_to_llvm_alloc", "_mlir_memref_to_llvm_aligned_alloc",
        "_mlir_memref_to_llvm_free"})
    if (llvm::Function *function = llvmModule->getFunction(name);
        function && !function->use_empty())
      return makeError("the lowered code calls '" + name + "'");
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      createTargetMachine(options.targetCpu);
  if (!machine)
    return machine.takeError();
  llvmModule->setDataLayout((*machine)->createDataLayout());
  llvmModule->setTargetTriple((*machine)->getTargetTriple());
  llvm::Expected<llvm::SmallVector<char, 0>> object =
      optimizeAndEmitObject(*llvmModule, **machine, options.optLevel);
  if (!object)
    return object.takeError();
  compiled.object = std::move(*object);
  compiled.header = writeCHeader(
      compiled.signature, options.prefix, "_mlir_ciface_" + entryName,
      compiled.arenas, compiled.arenaAlignment, compiled.checks, source);
  return compiled;
}
