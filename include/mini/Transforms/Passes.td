//===- Passes.td - dialect-agnostic mini-infer passes ------*- tablegen -*-===//
//
// Passes on memref IR of any dialect: buffer liveness printing and buffer
// assignment (memory planning).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_TRANSFORMS_PASSES_TD
#define MINI_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def PlanMemoryPass : Pass<"plan-memory"> {
  let summary = "Assign the static buffers of each function to aligned pools";
  let description = [{
    Plans the activation memory of every function-like op of the module at
    compile time. Every `memref.alloc` with a known size (static, or each
    dynamic size with a constant upper bound from `ValueBoundsOpInterface`,
    e.g. the `affine.min` of a remainder tile, or a function argument's size
    declared with `mini.upper_bound`, as in
    `%x: memref<1x?xf32> {mini.upper_bound = array<i64: 1, 128>}` or
    `%n: index {mini.upper_bound = 128 : i64}`), an identity layout and the
    default memory space, that does not escape (returned, passed to a call,
    stored, turned into a pointer, or used by an op with unknown effects)
    and is not carried from one iteration of a loop holding it to the next,
    is assigned a pool and a byte offset. Allocs in loops, branches and
    functions of several blocks are planned: live ranges come from the
    buffer liveness analysis (`--mini-print-buffer-liveness`; steps number
    every op, nested ones included; a buffer used in a loop it is not
    allocated in is live over the whole loop; buffers used only in
    exclusive branches of an `scf.if` may share bytes; `mlir::Liveness`
    across blocks), and two buffers live at the same step never share bytes.
    Every other alloc is left alone, with a remark that says why.

    Alloc scopes: each buffer goes into the pools of its scope, the function
    body or the body of the innermost parallel loop holding it (an op with
    `HasParallelRegion`: `scf.forall`, `scf.parallel`), whose pools are
    allocated inside the body so that concurrent iterations never share
    bytes. Allocs in sequential loops and branches go to the enclosing
    scope's pools, which is what makes reuse across iterations possible.
    With `allocas=true`, `memref.alloca` buffers are planned into one stack
    pool (a `memref.alloca` of `i8`) per automatic allocation scope; off,
    they get a remark. A dynamic-sized buffer is planned at its bound and
    becomes a `memref.view` with its dynamic sizes.

    With `arena=argument` (on a module) a planned function allocates
    nothing for its planned buffers: its pools become byte ranges of one
    arena argument per memory (`memref<N x i8>`, inserted first in memory
    order, to be allocated by the caller with the plan's alignment), each pool of a parallel alloc scope once per
    iteration of its parallel loops (which must have static iteration
    counts), and the function gets `mini.arena = {bytes, alignment}`.
    A function with callers is an error: its signature changes.

    Order with upstream's ownership-based deallocation: run `plan-memory`
    with `dealloc-pools=false` before `--buffer-deallocation-pipeline` (on
    IR without deallocs, as `one-shot-bufferize` gives it): the pools are
    plain allocs that the pipeline frees, and the views into them are
    aliases it understands.

    Strategies (`strategy=`), listed in the planning library's table
    (`mini/Planning/Strategy.h`; the heuristics in Heuristics.h, the exact
    search in ExactSearch.h):
    - `best-fit`: one arena; buffers by size, descending, each in the
      smallest gap that fits among the placed buffers whose live ranges
      overlap it (TFLite ArenaPlanner; XLA's heap simulator, spatial order;
      Pisarchyk and Lee 2020).
    - `first-fit`: the same order, lowest gap that fits (TFLite Micro).
    - `best-fit-by-length`: by live-range length (XLA, temporal order).
    - `greedy-conflicts`: by number of interfering buffers, lowest gap (TVM
      USMP).
    - `first-fit-by-start`: by start step, each in the lowest gap among the
      buffers live at its start (an online allocator replayed; no
      interference graph).
    - `greedy-color`: the interference graph colored greedily; one pool per
      color, as large as its largest member, members at offset 0.
    - `auto` (default): the smallest plan of all of them; when it is above
      the lower bound, an exact search in MiniMalloc's style (Moffitt, ASPLOS
      2023) improves it within `search-nodes` search nodes (deterministic)
      and `time-limit-ms` (the limit of the whole planning, heuristics
      included). `optimal` in the figures says whether the plan is proven
      optimal, nothing else.

    In-place reuse (`in-place`, default true): a buffer may live in the
    memory of another, its host, where the IR allows it
    (`mini/Analysis/BufferSharing.h`):
    - an op implementing `InPlaceReuseOpInterface` (elementwise
      `linalg.generic` and `linalg.map`) writes its output over an input
      that dies at the op, of the same size (TFLite's in-place operators,
      XLA's `CanShareBuffer`);
    - a buffer whose last use is a `memref.copy` into a contiguous slice of
      another (a concat operand) is produced in that slice, and the copy is
      erased;
    - a buffer whose last use is a `memref.copy` into the strided interior
      of a buffer that was just filled (a padded input) becomes a subview
      of that interior; the fill moves before the buffer's first write and
      the copy is erased.
    The planning library takes each sharing that does not raise the lower
    bound, plans each tree of shared buffers as one buffer, and the checker
    accepts exactly the declared overlaps. Reshapes never copy: they are
    views (`memref.collapse_shape`, `memref.expand_shape`) of their source.

    `capacity=<bytes>` turns planning into MiniMalloc's decision problem: a
    plan within the capacity, or an error that says whether none exists or
    none was found.

    Every pool is a `memref.alloc` of `i8` aligned to `alignment` bytes
    (a power of two, default 64), allocated at the start of its scope and
    deallocated after its last use (before each exit, in a scope of several
    blocks); every offset is a multiple of the alignment. Each planned alloc becomes a `memref.view` into its pool and
    its deallocs are erased.

    The plan's figures are attached to the function as `mini.memory_plan`
    and, with `report=<path>` (`-` for stdout), written as JSON with every
    buffer (name, type, defining op, aligned size, live range, scope, pool,
    offset, the buffer it shares and how, or why it was not planned) and
    every alloc scope; the keys of the figures are listed once, in
    `mini/Planning/PlanFigures.h`, and described in docs/reading-a-plan.md.
    `svg=<path>` draws the plan (steps across, offsets up, a box per buffer,
    names on hover, the peak marked) and
    `map=<path>` prints it as text, one line per step
    (`mini/Planning/MemoryMap.h`); both take `{function}` like `report`.
    A padded
    slice is a strided subview of its host's interior; the plan places it
    at its host's offset.
    The pass runs on any op: on a function-like op
    (`FunctionOpInterface`) it plans that function, on any other op (a
    module) every function nested in it, so it nests in a pipeline, e.g.
    `--pass-pipeline='builtin.module(func.func(plan-memory))'`. Run on a
    module, one report covers all functions, in order; nested on functions,
    which may run in parallel, each writes its own report, and the report
    path must then hold `{function}`, replaced by the function's name.
    Every plan passes the plan checker
    (`mini/Planning/Checker.h`) before the IR is rewritten; a plan it
    rejects is an error, never an output.

    Example (`--plan-memory=alignment=64`):

    ```mlir
    func.func @f(%out: memref<16xf32>) {
      %a = memref.alloc() : memref<16xf32>
      %b = memref.alloc() : memref<16xf32>
      ...
    }
    ```

    becomes

    ```mlir
    func.func @f(%out: memref<16xf32>) attributes {mini.memory_plan = {...}} {
      %pool = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
      %c0 = arith.constant 0 : index
      %a = memref.view %pool[%c0][] : memref<128xi8> to memref<16xf32>
      %c64 = arith.constant 64 : index
      %b = memref.view %pool[%c64][] : memref<128xi8> to memref<16xf32>
      ...
      memref.dealloc %pool : memref<128xi8>
    }
    ```
  }];
  let options = [
    Option<"strategy", "strategy", "std::string", "\"auto\"",
           "Planning algorithm, a name of the strategy table "
           "(mini/Planning/Strategy.h; an unknown name lists them)">,
    Option<"searchNodes", "search-nodes", "uint64_t", "200000",
           "Budget of the exact search of auto, in search nodes "
           "(deterministic)">,
    Option<"timeLimitMs", "time-limit-ms", "uint64_t", "1000",
           "Wall-clock limit of planning one function, in ms (0: none)">,
    Option<"capacity", "capacity", "uint64_t", "0",
           "Fail unless the plan fits in this many bytes (0: no capacity)">,
    Option<"alignment", "alignment", "int64_t", "64",
           "Alignment of every pool and offset, in bytes (a power of two)">,
    Option<"report", "report", "std::string", "\"\"",
           "Write the plan as JSON to this file ('-' for stdout)">,
    Option<"svg", "svg", "std::string", "\"\"",
           "Write a picture of the plan (SVG) to this file ('-' for stdout)">,
    Option<"map", "map", "std::string", "\"\"",
           "Write a text map of the plan to this file ('-' for stdout)">,
    Option<"inPlace", "in-place", "bool", "true",
           "Let buffers share memory in place (elementwise ops over a dying "
           "operand, concat operands produced in their slices)">,
    Option<"allocas", "allocas", "bool", "false",
           "Plan memref.alloca buffers too, into a stack pool (an alloca of "
           "i8) per automatic allocation scope">,
    Option<"arena", "arena", "std::string", "\"pools\"",
           "Where the pools live: 'pools', each a memref.alloc (or alloca) "
           "of its scope; 'argument', all of a function's in one arena, a "
           "new first argument memref<N x i8> the caller allocates with the "
           "plan's alignment, recorded as mini.arena = {bytes, alignment} "
           "(a parallel scope's pools once per iteration)">,
    Option<"memories", "memories", "std::string", "\"\"",
           "Several memories, fastest first: name:capacity,...,name (the "
           "last may be unbounded), e.g. sram:262144,dram; the function "
           "body's buffers go to the fast memories by accessed bytes per "
           "byte while their plan fits (mini/Planning/MemoryAssignment.h), "
           "the rest to the last">,
    Option<"deallocPools", "dealloc-pools", "bool", "true",
           "Free each heap pool after its last use (false: leave the pools "
           "to upstream's --buffer-deallocation-pipeline, run after)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def PrintBufferLivenessPass
    : Pass<"mini-print-buffer-liveness", "::mlir::func::FuncOp"> {
  let summary = "Print the size and live range of every memref.alloc";
  let description = [{
    Runs the buffer liveness analysis and emits one remark per
    `memref.alloc`: its name (from its location), size in bytes and live
    range in program steps (both ends inclusive), or why `--plan-memory`
    would leave it alone. Steps number every op of the function in
    pre-order, nested ones included; a use in a loop that does not hold the
    alloc counts over the whole loop. Allocas are listed too. The options
    are `--plan-memory`'s that decide what is plannable, with its defaults,
    so that the reasons shown are the ones the pass uses.

    ```mlir
    // expected-remark @below {{buffer 'a': 64 bytes, live [0, 2]}}
    %a = memref.alloc() : memref<16xf32>
    ```
  }];
  let options = [
    Option<"allocas", "allocas", "bool", /*default=*/"false",
           "Stack buffers (memref.alloca) are plannable">,
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "The plan's alignment: an alloc asking for more is not plannable">,
  ];
}

def ScheduleForMemoryPass
    : Pass<"mini-schedule-for-memory", "::mlir::func::FuncOp"> {
  let summary = "Reorder the ops of a function body to lower its planned peak";
  let description = [{
    Memory-aware scheduling before bufferization and planning: the ops of a
    single-block function body are reordered, keeping every use after its
    definition and the ops with memory effects in their order, so that fewer
    bytes are live at once.

    What is ordered is what will be planned: on linalg on tensors (where
    `--mini-bufferize` runs it, after elementwise fusion) the cost model
    counts the buffers bufferization gives the tensors
    (`mini/Analysis/ScheduleGraph.h`): a padded input is a buffer of its own,
    a fused chain one buffer, a concatenation one buffer from its first part
    on, and with `in-place` the planner's sharings. On mini's tensor dialect
    each result is a buffer.

    Three orders are candidates: the program's, the greedy list schedule,
    and the search (`mini/Planning/Scheduler.h`: SERENITY's dynamic program
    over executed sets, MLSys 2020, exact within `search-states` states,
    else a beam of `beam-width` sets per step). With `check-by-planning`,
    each distinct candidate is bufferized and planned by `--plan-memory` (on a
    copy) and the one of fewest planned bytes is kept, the program's order
    on ties: never worse than not scheduling. When the function cannot be
    planned on its own (mini's dialect, calls), the model's peak decides.

    The function gets `mini.schedule`: the model's peak of each candidate
    (`peak_bytes_program`, `_greedy`, `_search`), their planned bytes when
    checked (`planned_bytes_...`), the `chosen` one, how the search ended
    (`search` = bound, exact or beam; `proven` when no order has a lower
    peak in the model) and its `states`. Bodies with more than one block are
    left alone.
  }];
  let options = [
    Option<"searchStates", "search-states", "uint64_t", /*default=*/"1048576",
           "States the exact search may create before the beam search takes "
           "over">,
    Option<"beamWidth", "beam-width", "unsigned", /*default=*/"256",
           "States the beam search keeps per step">,
    Option<"checkByPlanning", "check-by-planning", "bool", /*default=*/"true",
           "Plan every candidate order and keep the one of fewest planned "
           "bytes">,
    Option<"inPlace", "in-place", "bool", /*default=*/"true",
           "Model (and plan with) --plan-memory's in-place reuse">,
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "The plan's alignment: buffer sizes in the model are rounded up "
           "to it, and the candidates planned with it">,
  ];
}

def DeallocAtReturnPass
    : Pass<"mini-dealloc-at-return", "::mlir::func::FuncOp"> {
  let summary = "Free every allocation of a function just before it returns";
  let description = [{
    The allocation-per-tensor baseline that a plan is measured against
    (`mini-run --no-plan`): every `memref.alloc` directly in a single-block
    function body that has no `memref.dealloc` and is not returned gets one
    before the terminator, in allocation order, so that each activation
    keeps its own allocation for the whole call and nothing leaks. An
    allocation in a nested block (a loop body's tile, an `scf.if` branch)
    without a `memref.dealloc`, which its block does not yield (nor a view
    of it), is freed before its block's terminator. Run it on
    `--mini-bufferize=insert-deallocs=false` output.

    ```mlir
    %a = memref.alloc() : memref<16xf32>
    ...
    memref.dealloc %a : memref<16xf32>
    return
    ```
  }];
}

def InsertShapeChecksPass : Pass<"mini-insert-shape-checks"> {
  let summary = "Assert at run time the dynamic dimensions that accesses rely on";
  let description = [{
    On linalg and tensor IR with dynamic dimensions, before bufferization:
    every loop of a linalg op iterates over one size, so each operand
    dimension indexed by a loop alone must equal the first such dimension
    of that loop (a contraction's K in both operands, an elementwise op's
    operands and result); a `tensor.cast` from a dynamic to a static
    dimension must find that size; a unit-stride `tensor.extract_slice` or
    `tensor.insert_slice` must end inside a dynamic dimension of its tensor
    (slices of static dimensions are the producer's to keep in bounds, as
    tiling does). Each becomes a
    `cf.assert` before the op, with a message naming the op, its location
    (the ONNX node) and the dimensions, unless both sides are constants
    (which the verifiers compare). Static programs are left unchanged. As
    torch-mlir's TorchToLinalg asserts a contraction's dimensions.

    ```mlir
    %d0 = tensor.dim %a, %c1 : tensor<6x?xf32>
    %ok = arith.cmpi eq, %c6, %d0 : index
    cf.assert %ok, "'linalg.generic' at loc(\"gemm\"): dimension 0 of operand 0 and dimension 0 of operand 1 differ (loop 2)"
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::tensor::TensorDialect"];
}

def OutlineShapeChecksPass
    : Pass<"mini-outline-shape-checks", "::mlir::ModuleOp"> {
  let summary = "Move a public function's cf.asserts into a check function";
  let description = [{
    For each public function `@f` of one block whose top-level `cf.assert`s
    depend only on its arguments' dimensions and constants (after the
    result dimensions of its ops are resolved to their operands' with
    upstream's ReifyRankedShapedTypeOpInterface patterns): the asserts and
    the ops they use are moved into `@f_shape_checks`, which takes `@f`'s
    arguments and returns `tensor<i32>`, the index of the first check that
    fails or -1, with the checks' messages as `mini.shape_checks`. A caller
    (mini-run's runtime) calls it first and reports the message as an error
    instead of running `@f`: nothing aborts and no buffer is read out of
    bounds. Asserts that read anything else stay where they are.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // MINI_TRANSFORMS_PASSES_TD
