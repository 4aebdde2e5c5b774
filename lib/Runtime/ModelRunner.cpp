//===- ModelRunner.cpp - compile and run a mini model on the CPU ----------===//

#include "mini/Runtime/ModelRunner.h"

#include "mini/Fusion/PatchFusion.h"

#include "mini/Dialect/Mini/IR/MiniOps.h"

#include "mini/Runtime/ParallelJIT.h"

#include "mini/Pipelines/Pipelines.h"
#include "mini/Runtime/TrackingAllocator.h"
#include "mini/Transforms/BufferizeTensors.h"
#include "mini/Transforms/Passes.h"
#include "mini/Transforms/PlanAttribute.h"
#include "mini/Transforms/ShapeChecks.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MathExtras.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <random>

using namespace mlir;
using namespace mini;

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// A constant global's data as the JIT code reads it (C order, elements of
/// whole bytes): the raw bytes of its attribute and the byte size of the
/// whole global (larger when the attribute is a splat of one element). Fails
/// on uninitialized or elided data, sub-byte elements (i1 is one byte in
/// memory but one bit in the attribute), a size past 2^63 bytes, or raw data
/// of another size.
struct GlobalData {
  ArrayRef<char> raw;
  uint64_t bytes = 0;
};
FailureOr<GlobalData> getGlobalData(memref::GlobalOp global,
                                    const DataLayout &layout) {
  Type element = global.getType().getElementType();
  auto elements = dyn_cast_or_null<ElementsAttr>(
      global.getInitialValue().value_or(Attribute()));
  if (!elements || !global.getType().hasStaticShape() ||
      !element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
    return failure();
  int64_t elementBytes = layout.getTypeSize(element);
  GlobalData data;
  int64_t total = 0;
  if (llvm::MulOverflow(global.getType().getNumElements(), elementBytes, total))
    return failure();
  data.bytes = total;
  bool splat = false;
  if (auto dense = dyn_cast<DenseElementsAttr>(elements)) {
    data.raw = dense.getRawData();
    splat = dense.isSplat();
  } else if (auto resource = dyn_cast<DenseResourceElementsAttr>(elements)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return failure();
    data.raw = blob->getData();
  } else {
    return failure();
  }
  if (splat ? data.raw.size() != static_cast<uint64_t>(elementBytes)
            : data.raw.size() != data.bytes)
    return failure();
  return data;
}

/// The first argument of `func` that an op of its body writes, directly or
/// through a view; nullopt if none is written.
std::optional<unsigned> getWrittenArgument(func::FuncOp func) {
  std::optional<unsigned> first;
  func.walk([&](MemoryEffectOpInterface op) {
    SmallVector<MemoryEffects::EffectInstance> effects;
    op.getEffects(effects);
    for (const MemoryEffects::EffectInstance &effect : effects) {
      if (!isa<MemoryEffects::Write>(effect.getEffect()) || !effect.getValue())
        continue;
      Value root = effect.getValue();
      while (auto view = root.getDefiningOp<ViewLikeOpInterface>())
        root = view.getViewSource();
      auto arg = dyn_cast<BlockArgument>(root);
      if (arg && arg.getOwner()->getParentOp() == func &&
          (!first || arg.getArgNumber() < *first))
        first = arg.getArgNumber();
    }
  });
  return first;
}

/// A memref descriptor as the C interface expects it: allocated pointer,
/// aligned pointer, offset, sizes[rank], strides[rank], all 8 bytes wide.
struct Descriptor {
  llvm::SmallVector<int64_t, 11> fields;
  Descriptor(const void *data, ArrayRef<int64_t> shape) {
    int64_t address = reinterpret_cast<int64_t>(data);
    fields = {address, address, 0};
    fields.append(shape.begin(), shape.end());
    llvm::SmallVector<int64_t> strides(shape.size(), 1);
    for (int i = static_cast<int>(shape.size()) - 2; i >= 0; --i)
      strides[i] = strides[i + 1] * shape[i + 1];
    fields.append(strides.begin(), strides.end());
  }
};

} // namespace

CompiledModel::~CompiledModel() = default;

void CompiledModel::FreeDeleter::operator()(void *pointer) const {
  std::free(pointer);
}

llvm::Expected<std::unique_ptr<CompiledModel>>
CompiledModel::compile(ModuleOp module, const CompileOptions &options) {
  FailureOr<func::FuncOp> entry = findModelEntry(module);
  if (failed(entry))
    return makeError("the module must hold exactly one public function");
  std::unique_ptr<CompiledModel> model(new CompiledModel());
  model->entryName = entry->getSymName().str();

  // Arguments and results, before bufferization turns the results into
  // out-params appended to the arguments.
  llvm::Expected<ModelSignature> signature = ModelSignature::read(*entry);
  if (!signature)
    return signature.takeError();
  model->signature = std::move(*signature);
  FunctionType type = entry->getFunctionType();

  MLIRContext *ctx = module.getContext();
  // The phases are timed only when the caller asks.
  PhaseTimer untimed;
  PhaseTimer &phases = options.phases ? *options.phases : untimed;
  // A memref-level module (what upstream bufferization or a user's own
  // pipeline produces, loops and branches included) skips bufferization: its
  // results become out-params, it is planned, and what the plan leaves in
  // the entry block is freed at return.
  bool memrefLevel = llvm::any_of(
      llvm::concat<const Type>(type.getInputs(), type.getResults()),
      [](Type t) { return isa<MemRefType>(t); });
  if (memrefLevel && type.getNumResults() == 0)
    if (std::optional<unsigned> written = getWrittenArgument(*entry))
      return makeError(
          "the entry '@" + model->entryName +
          "' returns nothing and writes "
          "its argument " +
          llvm::Twine(*written) +
          ": mini-run cannot tell out-parameters (what "
          "buffer-results-to-out-params and --mini-bufferize leave) from "
          "inputs; give it the model on tensors, or memref IR whose entry "
          "returns its outputs");
  // Scheduling (on by default) orders ops on tensors: memref IR keeps its
  // order.
  if (memrefLevel &&
      (options.freeAfterLastUse || options.choices.maxMacOverhead != 0.0 ||
       options.choices.memoryBudget != 0))
    return makeError("--free-after-last-use, --max-mac-overhead and "
                     "--memory-budget take a model on tensors, not memref IR");
  phases.begin("bufferize and plan");
  {
    std::unique_ptr<Pass> plan;
    bool inPlace = true;
    if (options.plan) {
      plan = createPlanMemoryPass();
      std::string optionError;
      if (failed(plan->initializeOptions(options.choices.planOptions,
                                         [&](const llvm::Twine &message) {
                                           optionError = message.str();
                                           return failure();
                                         })))
        return makeError("bad plan-memory options '" +
                         options.choices.planOptions + "': " + optionError);
      PlanPassSettings settings = getPlanPassSettings(*plan);
      if (settings.arenaArgument)
        return makeError("mini-run allocates the plan's pools itself: "
                         "arena=argument is for mini-compile");
      inPlace = settings.plan.inPlace;
    }
    PassManager pm(ctx);
    if (memrefLevel) {
      buildResultsToOutParamsPipeline(pm);
    } else {
      BufferizePipelineOptions bufferize;
      bufferize.insertDeallocs = options.plan || options.freeAfterLastUse;
      bufferize.outlineShapeChecks = true;
      options.choices.applyTo(bufferize);
      // Orders are compared by the plan they will get.
      bufferize.scheduleInPlace = inPlace;
      buildBufferizePipeline(pm, bufferize);
    }
    if (plan) {
      pm.addPass(std::move(plan));
      if (memrefLevel)
        pm.addNestedPass<func::FuncOp>(createDeallocAtReturnPass());
    } else if (!options.freeAfterLastUse) {
      pm.addNestedPass<func::FuncOp>(createDeallocAtReturnPass());
    }
    if (failed(pm.run(module)))
      return makeError("bufferization or planning failed");
  }

  phases.end();
  entry = module.lookupSymbol<func::FuncOp>(model->entryName);
  if (failed(entry) || !*entry)
    return makeError("the entry function disappeared during bufferization");
  // The entry's run-time shape checks, run before it (run()).
  if (auto checks = module.lookupSymbol<func::FuncOp>(
          model->entryName + kShapeChecksSuffix.str())) {
    model->checksName = checks.getSymName().str();
    if (auto messages = checks->getAttrOfType<ArrayAttr>(
            MiniDialect::ShapeChecksAttrHelper::getNameStr()))
      for (auto message : messages.getAsRange<StringAttr>())
        model->checkMessages.push_back(message.str());
    checks->removeAttr(MiniDialect::ShapeChecksAttrHelper::getNameStr());
    checks.setAllArgAttrs(ArrayRef<DictionaryAttr>{});
    checks->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                    UnitAttr::get(ctx));
  }
  model->plan = readMemoryPlanAttr(*entry);
  model->patchFusion = readPatchFusionAttr(*entry);
  DataLayout layout(module);
  for (auto global : module.getOps<memref::GlobalOp>())
    model->constantBytes +=
        static_cast<int64_t>(global.getType().getNumElements()) *
        static_cast<int64_t>(
            layout.getTypeSize(global.getType().getElementType()));
  // The weights leave the module: each constant global becomes an external
  // declaration, bound at JIT time to a buffer of the model holding its data.
  // As LLVM constants, ResNet-18's 47 MB of weights took most of the JIT's
  // 10 s even at -O0, and a gigabyte of memory.
  for (auto global :
       llvm::make_early_inc_range(module.getOps<memref::GlobalOp>())) {
    FailureOr<GlobalData> data = getGlobalData(global, layout);
    if (failed(data))
      continue;
    uint64_t alignment =
        std::max<uint64_t>(global.getAlignment().value_or(64), 64);
    uint64_t size =
        llvm::alignTo(std::max<uint64_t>(data->bytes, 1), alignment);
    std::unique_ptr<void, FreeDeleter> buffer(
        size < data->bytes ? nullptr : std::aligned_alloc(alignment, size));
    if (!buffer)
      return makeError("out of memory for the weights of '" +
                       global.getSymName() + "' (" + llvm::Twine(data->bytes) +
                       " bytes)");
    // Raw data of one element is a splat: repeated over the whole global.
    char *out = static_cast<char *>(buffer.get());
    for (uint64_t at = 0; at < data->bytes; at += data->raw.size())
      std::memcpy(out + at, data->raw.data(), data->raw.size());
    global.removeInitialValueAttr();
    global.setSymVisibilityAttr(nullptr);
    model->weights.emplace_back(global.getSymName().str(), std::move(buffer));
  }
  // mini's own attributes have no LLVM meaning (the translation warns).
  entry->setAllArgAttrs(ArrayRef<DictionaryAttr>{});
  (*entry)->removeAttr(MiniDialect::MemoryPlanAttrHelper::getNameStr());
  (*entry)->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                    UnitAttr::get(ctx));

  phases.begin("lower to the LLVM dialect");
  {
    PassManager pm(ctx);
    LowerToLLVMPipelineOptions lower;
    lower.vectorize = options.vectorize;
    lower.genericAllocFunctions = true;
    buildLowerToLLVMPipeline(pm, lower);
    if (failed(pm.run(module)))
      return makeError("lowering to the LLVM dialect failed");
  }
  phases.end();

  phases.begin("optimize and JIT-compile");
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext);
  if (!llvmModule)
    return makeError("translating the LLVM dialect to LLVM IR failed");
  AllocationFunctions functions = getAllocationFunctions();
  llvm::StringMap<void *> symbols;
  symbols["_mlir_memref_to_llvm_alloc"] = functions.alloc;
  symbols["_mlir_memref_to_llvm_aligned_alloc"] = functions.alignedAlloc;
  symbols["_mlir_memref_to_llvm_free"] = functions.free;
  for (auto &[name, buffer] : model->weights)
    symbols[name] = buffer.get();
  ParallelJITOptions jitOptions;
  jitOptions.optLevel = options.optLevel;
  jitOptions.perfListener = options.perfListener;
  if (!model->checksName.empty())
    jitOptions.otherEntries.push_back("_mlir_ciface_" + model->checksName);
  auto jit = ParallelJIT::create(std::move(llvmModule),
                                 "_mlir_ciface_" + model->entryName, symbols,
                                 jitOptions);
  if (!jit)
    return jit.takeError();
  model->jit = std::move(*jit);
  model->entry = model->jit->getPackedEntry();
  if (!model->checksName.empty())
    model->checks = model->jit->getPacked("_mlir_ciface_" + model->checksName);
  phases.end();
  return model;
}

llvm::Error
CompiledModel::setInputShapes(ArrayRef<llvm::SmallVector<int64_t>> shapes) {
  return signature.setInputShapes(shapes);
}

/// Whether `tensor` holds elements of `spec`'s type: the same type, or the
/// 16-bit patterns of bfloat16 as uint16 (ElementType.h).
static bool holdsElementsOf(const Tensor &tensor, const TensorSpec &spec) {
  ElementType given = tensor.getElementType();
  return given == spec.type ||
         (spec.type == ElementType::BFloat16 && given == ElementType::UInt16);
}

llvm::Error CompiledModel::setInputs(ArrayRef<const Tensor *> tensors) {
  if (tensors.size() != signature.inputs.size())
    return makeError("the model takes " + llvm::Twine(signature.inputs.size()) +
                     " inputs, got " + llvm::Twine(tensors.size()));
  llvm::SmallVector<llvm::SmallVector<int64_t>> shapes;
  for (auto [spec, tensor] : llvm::zip(signature.inputs, tensors)) {
    ElementType given = tensor->getElementType();
    if (!holdsElementsOf(*tensor, spec))
      return makeError(
          "input '" + spec.name + "' needs " + getElementTypeName(spec.type) +
          " elements ('" + getNpyDescr(spec.type) + "'), not " +
          getElementTypeName(given) + " ('" + getNpyDescr(given) + "')");
    shapes.emplace_back(tensor->getShape().begin(), tensor->getShape().end());
  }
  return setInputShapes(shapes);
}

/// A zero-filled tensor for each of `specs`, at most `maxBytes` each, named
/// `what` and the spec's name in errors.
static llvm::Expected<llvm::SmallVector<Tensor>>
allocateTensors(ArrayRef<TensorSpec> specs, StringRef what, int64_t maxBytes) {
  llvm::SmallVector<Tensor> tensors;
  for (const TensorSpec &spec : specs) {
    llvm::Expected<Tensor> tensor = Tensor::allocate(
        spec.type, spec.shape, (what + " '" + spec.name + "'").str(), maxBytes);
    if (!tensor)
      return tensor.takeError();
    tensors.push_back(std::move(*tensor));
  }
  return std::move(tensors);
}

llvm::Expected<llvm::SmallVector<Tensor>>
CompiledModel::allocateOutputs(int64_t maxBytes) const {
  return allocateTensors(signature.outputs, "output", maxBytes);
}

llvm::Expected<llvm::SmallVector<Tensor>>
CompiledModel::makeRandomInputs(unsigned seed, int64_t intBound,
                                int64_t maxBytes) const {
  llvm::Expected<llvm::SmallVector<Tensor>> tensors =
      allocateTensors(signature.inputs, "input", maxBytes);
  if (!tensors)
    return tensors.takeError();
  std::mt19937 rng(seed);
  for (auto [spec, tensor] : llvm::zip(signature.inputs, *tensors))
    tensor.fillRandom(rng, intBound > 0      ? intBound
                           : spec.indexBound ? spec.indexBound
                                             : 2);
  return tensors;
}

llvm::Error CompiledModel::run(ArrayRef<const Tensor *> inputTensors,
                               ArrayRef<Tensor *> outputTensors) {
  auto check = [](const TensorSpec &spec, const Tensor &tensor,
                  StringRef what) -> llvm::Error {
    if (!holdsElementsOf(tensor, spec) ||
        tensor.getShape() != ArrayRef<int64_t>(spec.shape))
      return makeError(what + " '" + spec.name +
                       "' is not a tensor of its current shape and type");
    return llvm::Error::success();
  };
  // A wrong count is refused by the run on buffers below.
  llvm::SmallVector<const void *> in;
  llvm::SmallVector<void *> out;
  for (auto [spec, tensor] : llvm::zip(signature.inputs, inputTensors)) {
    if (llvm::Error error = check(spec, *tensor, "input"))
      return error;
    in.push_back(tensor->data());
  }
  for (auto [spec, tensor] : llvm::zip(signature.outputs, outputTensors)) {
    if (llvm::Error error = check(spec, *tensor, "output"))
      return error;
    out.push_back(tensor->data());
  }
  in.resize(inputTensors.size(), nullptr);
  out.resize(outputTensors.size(), nullptr);
  return run(in, out);
}

llvm::Expected<BenchStats>
CompiledModel::benchmark(ArrayRef<const Tensor *> inputTensors,
                         ArrayRef<Tensor *> outputTensors, unsigned warmup,
                         unsigned runs) {
  for (unsigned i = 0; i < warmup; ++i)
    if (llvm::Error error = run(inputTensors, outputTensors))
      return std::move(error);
  llvm::SmallVector<double> times;
  for (unsigned i = 0; i < std::max(runs, 1u); ++i) {
    auto start = std::chrono::steady_clock::now();
    if (llvm::Error error = run(inputTensors, outputTensors))
      return std::move(error);
    times.push_back(std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count());
  }
  llvm::sort(times);
  size_t n = times.size();
  BenchStats stats;
  stats.runs = n;
  stats.medianMs = n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
  stats.minMs = times.front();
  stats.maxMs = times.back();
  return stats;
}

llvm::Error CompiledModel::run(ArrayRef<const void *> inputBuffers,
                               ArrayRef<void *> outputBuffers) {
  if (inputBuffers.size() != signature.inputs.size() ||
      outputBuffers.size() != signature.outputs.size())
    return makeError("the model takes " + llvm::Twine(signature.inputs.size()) +
                     " inputs and " + llvm::Twine(signature.outputs.size()) +
                     " outputs, got " + llvm::Twine(inputBuffers.size()) +
                     " and " + llvm::Twine(outputBuffers.size()));
  llvm::SmallVector<Descriptor> descriptors;
  for (auto [spec, data] : llvm::zip(signature.inputs, inputBuffers))
    descriptors.emplace_back(data, spec.shape);
  for (auto [spec, data] : llvm::zip(signature.outputs, outputBuffers))
    descriptors.emplace_back(data, spec.shape);
  // The packed interface takes a pointer to each argument, and the C
  // interface's arguments are pointers to descriptors.
  llvm::SmallVector<void *> descriptorPointers, args;
  for (Descriptor &d : descriptors)
    descriptorPointers.push_back(d.fields.data());
  for (void *&p : descriptorPointers)
    args.push_back(&p);
  // The shape checks read the inputs' descriptors and write the index of
  // the first failed check (-1: none) to a rank-0 i32 out-param.
  if (checks) {
    int32_t failed = -1;
    Descriptor status(&failed, {});
    llvm::SmallVector<void *> checkArgs(args.begin(),
                                        args.begin() + signature.inputs.size());
    void *statusPointer = status.fields.data();
    checkArgs.push_back(&statusPointer);
    checks(checkArgs.data());
    if (failed >= 0) {
      std::string message = static_cast<size_t>(failed) < checkMessages.size()
                                ? checkMessages[failed]
                                : "check " + std::to_string(failed);
      std::string shapes;
      llvm::raw_string_ostream os(shapes);
      llvm::interleaveComma(signature.inputs, os, [&](const TensorSpec &spec) {
        os << "'" << spec.name << "' ";
        llvm::interleave(spec.shape, os, "x");
      });
      return makeError("the inputs' sizes do not fit the model (" + shapes +
                       "): " + message);
    }
  }
  entry(args.data());
  return llvm::Error::success();
}
