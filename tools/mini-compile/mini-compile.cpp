//===- mini-compile.cpp - a model as an object file and a C header --------===//
//
//   mini-compile model.{onnx,mlir} -o model.o --header model.h
//                [--prefix NAME] [--target-cpu CPU] [--plan-options OPTS]
//                [--schedule-for-memory] [--max-mac-overhead F]
//                [--memory-budget BYTES] [--fusion-report FILE]
//
// A thin driver over mini::compileToObject (lib/Deploy): the model is
// loaded as mini-run loads it, planned into one arena the caller gives, and
// compiled for the host's architecture; the object needs no heap, no JIT
// and no MLIR, and the header gives the arena's exact size.
//
//===----------------------------------------------------------------------===//

#include "mini/Deploy/ObjectCompiler.h"
#include "mini/InitAll.h"
#include "mini/Pipelines/CompileCLOptions.h"
#include "mini/Support/OutputFile.h"
#include "mini/Target/ONNX/ImportONNX.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::OptionCategory compileCategory("mini-compile options");

static cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                                      cl::desc("<model.onnx or model.mlir>"),
                                      cl::cat(compileCategory));
static cl::opt<std::string> objectPath("o", cl::Required,
                                       cl::desc("The object file to write"),
                                       cl::value_desc("model.o"),
                                       cl::cat(compileCategory));
static cl::opt<std::string> headerPath("header", cl::Required,
                                       cl::desc("The C header to write"),
                                       cl::value_desc("model.h"),
                                       cl::cat(compileCategory));
static cl::opt<std::string>
    prefix("prefix", cl::init("model"),
           cl::desc("The C identifier naming the header's macros and "
                    "functions (NAME_ARENA_BYTES, NAME_run)"),
           cl::cat(compileCategory));
static cl::opt<std::string>
    targetCpu("target-cpu",
              cl::desc("The CPU to compile for (default: the host's, with "
                       "its features)"),
              cl::cat(compileCategory));

static int fail(const Twine &message) {
  WithColor::error(errs(), "mini-compile") << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mini::registerImportONNXCLOptions(&compileCategory);
  mini::registerCompileCLOptions(compileCategory);
  cl::HideUnrelatedOptions(compileCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "mini-compile: a model as a relocatable object and a C header\n");

  mlir::DialectRegistry registry;
  mini::registerAllDialects(registry);
  mlir::MLIRContext ctx(registry);
  SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagHandler(sourceMgr, &ctx);
  std::string loadError;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mini::loadModelFileFromCL(modelPath, &ctx, sourceMgr, loadError);
  if (!module)
    return loadError.empty() ? 1 : fail(loadError);

  mini::ObjectCompileOptions options;
  options.prefix = prefix;
  options.targetCpu = targetCpu;
  options.choices = mini::getCompileCLOptions();
  Expected<mini::CompiledObject> compiled =
      mini::compileToObject(*module, modelPath, options);
  if (!compiled)
    return fail(toString(compiled.takeError()));
  if (Error error = mini::writeOutputFile(objectPath, [&](raw_ostream &os) {
        os.write(compiled->object.data(), compiled->object.size());
      }))
    return fail(toString(std::move(error)));
  if (Error error = mini::writeOutputFile(
          headerPath, [&](raw_ostream &os) { os << compiled->header; }))
    return fail(toString(std::move(error)));
  return 0;
}
