// Bad options of --plan-memory are errors that say what is wrong.
// RUN: not mini-opt %s --plan-memory=alignment=48 2>&1 | FileCheck %s --check-prefix=ALIGN
// RUN: not mini-opt %s --plan-memory=alignment=0 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not mini-opt %s --plan-memory=strategy=worst-fit 2>&1 | FileCheck %s --check-prefix=STRATEGY
// RUN: not mini-opt %s --plan-memory=report=%t.missing/dir/plan.json 2>&1 | FileCheck %s --check-prefix=REPORT
// RUN: not mini-opt %s --plan-memory=capacity=32 2>&1 | FileCheck %s --check-prefix=CAPACITY
// RUN: mini-opt %s --plan-memory=capacity=64 | FileCheck %s --check-prefix=FITS

// ALIGN: error: plan-memory alignment must be a power of two, got 48
// ZERO: error: plan-memory alignment must be a power of two, got 0
// STRATEGY: error: unknown plan-memory strategy 'worst-fit'; expected best-fit, first-fit, best-fit-by-length, greedy-conflicts, first-fit-by-start, greedy-color or auto
// REPORT: error: cannot write the memory plan report '{{.*}}plan.json': No such file or directory
// CAPACITY: error: memory planning failed: no plan within 32 bytes exists (infeasible, proven): the lower bound (peak live bytes) is 64
// FITS: planned_bytes = 64 : i64

func.func @f() {
  %a = memref.alloc() : memref<16xf32>
  return
}
