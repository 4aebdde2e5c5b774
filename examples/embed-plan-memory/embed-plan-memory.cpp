//===- embed-plan-memory.cpp - --plan-memory in a pipeline of one's own ---===//
//
// An out-of-tree program built against the installed MiniInfer package: it
// parses a module of mini ops, runs mini-infer's bufferization pipeline and
// the memory planner in its own PassManager, and prints each function's
// plan from the `mini.memory_plan` attribute the pass sets.
//
//   embed-plan-memory INPUT.mlir
//
// Prints `@name: naive N B, lower bound L B, planned P B, pools K` per
// function; exits 1 on a parse or pass failure.
//
//===----------------------------------------------------------------------===//

#include "mini/InitAll.h"
#include "mini/Pipelines/Pipelines.h"
#include "mini/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    llvm::errs() << "usage: embed-plan-memory INPUT.mlir\n";
    return 2;
  }
  // The dialects the input and the pipeline use; the pass registers the
  // interface models it needs (in-place reuse, value bounds) by itself.
  mlir::DialectRegistry registry;
  mini::registerAllDialects(registry);
  mlir::MLIRContext context(registry);

  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(argv[1], &context);
  if (!module)
    return 1;

  mlir::PassManager pm(&context);
  mini::buildBufferizePipeline(pm, mini::BufferizePipelineOptions());
  mini::PlanMemoryPassOptions options;
  options.strategy = "auto";
  pm.addPass(mini::createPlanMemoryPass(options));
  if (mlir::failed(pm.run(*module)))
    return 1;

  for (auto function : module->getOps<mlir::func::FuncOp>()) {
    auto plan =
        function->getAttrOfType<mlir::DictionaryAttr>("mini.memory_plan");
    if (!plan)
      continue;
    auto bytes = [&](llvm::StringRef key) {
      return mlir::cast<mlir::IntegerAttr>(plan.get(key)).getInt();
    };
    llvm::outs()
        << "@" << function.getSymName() << ": naive " << bytes("naive_bytes")
        << " B, lower bound " << bytes("lower_bound_bytes") << " B, planned "
        << bytes("planned_bytes") << " B, pools "
        << mlir::cast<mlir::DenseI64ArrayAttr>(plan.get("pools")).size()
        << "\n";
  }
  return 0;
}
