#!/usr/bin/env python3
"""Random memref programs for --plan-memory: nested loops, branches, blocks,
parallel loops, hoisted allocs, allocas and bounded dynamic sizes.

Writes one MLIR module with one function per seed (@prog_<seed>) and a
@main that calls each on a fresh output buffer and prints it
(printMemrefF32). Run planned and unplanned, the outputs must be identical:
every buffer is written before it is read, and every value read depends on
what was written last, so two live buffers that overlapped would change the
output.

  random_memref_programs.py --seeds 0:200 > progs.mlir
  mini-opt progs.mlir --plan-memory --mini-lower-to-llvm | mlir-runner ...

The generator is deterministic: the same seeds give the same module.
"""

import argparse
import random

OUT = 8  # floats in each program's output


class Program:
    def __init__(self, seed, allocas):
        self.rng = random.Random(seed)
        self.allocas = allocas
        self.lines = []
        self.counter = 0
        self.hoisted = []  # allocs placed at the top of the function

    def name(self, prefix):
        self.counter += 1
        return f"%{prefix}{self.counter}"

    def emit(self, depth, text):
        self.lines.append("  " * depth + text)

    def const(self, depth, value):
        n = self.name("f")
        self.emit(depth, f"{n} = arith.constant {value:.1f} : f32")
        return n

    def alloc(self, depth, size, stack=False):
        """Allocates a buffer of `size` floats; sometimes hoisted to the
        function entry (its live range must start at its first write)."""
        b = self.name("b")
        op = "memref.alloca" if stack else "memref.alloc"
        text = f"{b} = {op}() : memref<{size}xf32>"
        if not stack and depth == 1 and self.rng.random() < 0.2:
            self.hoisted.append(text)
        else:
            self.emit(depth, text)
        return b

    def write(self, depth, dst, srcs, seed_value):
        """dst[i] = 0.5 * (sum of srcs[i mod size]) + seed_value + i."""
        buf, size = dst
        i = self.name("i")
        self.emit(depth, f"scf.for {i} = %c0 to %c{size} step %c1 {{")
        acc = self.const(depth + 1, seed_value)
        fi = self.name("x")
        ii = self.name("n")
        self.emit(depth + 1, f"{ii} = arith.index_cast {i} : index to i32")
        self.emit(depth + 1, f"{fi} = arith.sitofp {ii} : i32 to f32")
        total = self.name("s")
        self.emit(depth + 1, f"{total} = arith.addf {acc}, {fi} : f32")
        for src, ssize in srcs:
            j = self.name("j")
            self.emit(depth + 1, f"{j} = arith.remui {i}, %c{ssize} : index")
            v = self.name("v")
            self.emit(depth + 1, f"{v} = memref.load {src}[{j}] : memref<{ssize}xf32>")
            h = self.name("h")
            self.emit(depth + 1, f"{h} = arith.mulf {v}, %half : f32")
            t = self.name("s")
            self.emit(depth + 1, f"{t} = arith.addf {total}, {h} : f32")
            total = t
        self.emit(depth + 1, f"memref.store {total}, {buf}[{i}] : memref<{size}xf32>")
        self.emit(depth, "}")

    def accumulate(self, depth, src):
        """out[k] += src[k mod size] for every k."""
        buf, size = src
        k = self.name("k")
        self.emit(depth, f"scf.for {k} = %c0 to %c{OUT} step %c1 {{")
        j = self.name("j")
        self.emit(depth + 1, f"{j} = arith.remui {k}, %c{size} : index")
        v = self.name("v")
        self.emit(depth + 1, f"{v} = memref.load {buf}[{j}] : memref<{size}xf32>")
        self.add_to_out(depth + 1, k, v)
        self.emit(depth, "}")

    def add_to_out(self, depth, k, v):
        """out[k] += v."""
        o = self.name("o")
        self.emit(depth, f"{o} = memref.load %out[{k}] : memref<{OUT}xf32>")
        t = self.name("s")
        self.emit(depth, f"{t} = arith.addf {o}, {v} : f32")
        self.emit(depth, f"memref.store {t}, %out[{k}] : memref<{OUT}xf32>")

    def size(self):
        return self.rng.choice([1, 2, 3, 4, 5, 8, 12, 16, 24, 32])

    def block(self, depth, visible, budget):
        """Statements of one region; buffers allocated here die at its end
        (deallocated there). Returns nothing; `visible` is not modified."""
        local = []
        visible = list(visible)
        for _ in range(budget):
            r = self.rng.random()
            if r < 0.45 or not visible:
                size = self.size()
                stack = self.allocas and self.rng.random() < 0.25
                b = (self.alloc(depth, size, stack), size)
                srcs = self.rng.sample(visible, min(len(visible), self.rng.randint(0, 2)))
                self.write(depth, b, srcs, float(self.rng.randint(-4, 4)))
                if not stack:
                    local.append(b)
                visible.append(b)
            elif r < 0.6:
                # Overwrite a visible buffer from others (a write inside a
                # loop to a buffer from outside carries data across
                # iterations).
                dst = self.rng.choice(visible)
                srcs = self.rng.sample(visible, min(len(visible), self.rng.randint(1, 2)))
                self.write(depth, dst, srcs, float(self.rng.randint(-4, 4)))
            elif r < 0.7:
                self.accumulate(depth, self.rng.choice(visible))
            elif r < 0.8 and depth < 5:
                trips = self.rng.randint(1, 3)
                it = self.name("it")
                self.emit(depth, f"scf.for {it} = %c0 to %c{trips} step %c1 {{")
                self.block(depth + 1, visible, self.rng.randint(1, 4))
                self.emit(depth, "}")
            elif r < 0.9 and depth < 5:
                c = self.name("cond")
                self.emit(depth, f"{c} = arith.cmpi slt, %sel, %c{self.rng.randint(0, 3)} : index")
                self.emit(depth, f"scf.if {c} {{")
                self.block(depth + 1, visible, self.rng.randint(1, 3))
                self.emit(depth, "} else {")
                self.block(depth + 1, visible, self.rng.randint(1, 3))
                self.emit(depth, "}")
            elif r < 0.95 and depth < 5:
                self.forall(depth, visible)
            elif depth < 5:
                self.bounded(depth, visible)
        for _ in range(self.rng.randint(0, 1)):
            if visible:
                self.accumulate(depth, self.rng.choice(visible))
        for b, size in local:
            self.emit(depth, f"memref.dealloc {b} : memref<{size}xf32>")

    def forall(self, depth, visible):
        """Parallel iterations, each with a buffer of its own, write
        disjoint elements of a buffer from outside."""
        trips = self.rng.randint(1, 4)
        dst = self.alloc(depth, trips)
        iv = self.name("p")
        self.emit(depth, f"scf.forall ({iv}) in ({trips}) {{")
        size = self.size()
        tmp = self.name("b")
        self.emit(depth + 1, f"{tmp} = memref.alloc() : memref<{size}xf32>")
        srcs = self.rng.sample(visible, min(len(visible), 1))
        self.write(depth + 1, (tmp, size), srcs, float(self.rng.randint(-4, 4)))
        j = self.name("j")
        self.emit(depth + 1, f"{j} = arith.remui {iv}, %c{size} : index")
        v = self.name("v")
        self.emit(depth + 1, f"{v} = memref.load {tmp}[{j}] : memref<{size}xf32>")
        self.emit(depth + 1, f"memref.store {v}, {dst}[{iv}] : memref<{trips}xf32>")
        self.emit(depth + 1, f"memref.dealloc {tmp} : memref<{size}xf32>")
        self.emit(depth, "}")
        self.accumulate(depth, (dst, trips))
        self.emit(depth, f"memref.dealloc {dst} : memref<{trips}xf32>")

    def bounded(self, depth, visible):
        """Remainder tiles: a loop over a length in tiles of 4, each tile a
        buffer of affine.min(4, n - i) floats (bound 4)."""
        n = self.rng.randint(1, 11)
        i = self.name("t")
        self.emit(depth, f"scf.for {i} = %c0 to %c{n} step %c4 {{")
        sz = self.name("z")
        self.emit(depth + 1, f"{sz} = affine.min affine_map<(d0) -> (4, {n} - d0)>({i})")
        tmp = self.name("b")
        self.emit(depth + 1, f"{tmp} = memref.alloc({sz}) : memref<?xf32>")
        j = self.name("j")
        self.emit(depth + 1, f"scf.for {j} = %c0 to {sz} step %c1 {{")
        a = self.name("n")
        self.emit(depth + 2, f"{a} = arith.index_cast {j} : index to i32")
        x = self.name("x")
        self.emit(depth + 2, f"{x} = arith.sitofp {a} : i32 to f32")
        self.emit(depth + 2, f"memref.store {x}, {tmp}[{j}] : memref<?xf32>")
        self.emit(depth + 1, "}")
        k = self.name("k")
        self.emit(depth + 1, f"scf.for {k} = %c0 to {sz} step %c1 {{")
        v = self.name("v")
        self.emit(depth + 2, f"{v} = memref.load {tmp}[{k}] : memref<?xf32>")
        self.add_to_out(depth + 2, k, v)
        self.emit(depth + 1, "}")
        self.emit(depth + 1, f"memref.dealloc {tmp} : memref<?xf32>")
        self.emit(depth, "}")

    def function(self, seed):
        self.block(1, [], self.rng.randint(3, 9))
        body = self.lines
        # Several blocks: a diamond around the body, its other branch with
        # buffers of its own.
        other = None
        if self.rng.random() < 0.3:
            self.lines = []
            self.block(1, [], self.rng.randint(1, 3))
            other = self.lines
        text = [f"func.func @prog_{seed}(%out: memref<{OUT}xf32>, %sel: index) {{"]
        text += ["  %c0 = arith.constant 0 : index", "  %c1 = arith.constant 1 : index",
                 "  %half = arith.constant 0.5 : f32"]
        text += [f"  %c{k} = arith.constant {k} : index" for k in
                 [2, 3, 4, 5, 8, 12, 16, 24, 32, 9, 10, 11, 6, 7]]
        text += ["  " + h for h in self.hoisted]
        if other is not None:
            text += ["  %dc = arith.cmpi sge, %sel, %c2 : index",
                     "  cf.cond_br %dc, ^left, ^right", "^left:"]
            text += body + ["  cf.br ^join", "^right:"] + other + ["  cf.br ^join", "^join:"]
        else:
            text += body
        text += ["  return", "}"]
        return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0:100",
                        help="first:last (exclusive) seeds, one function each")
    parser.add_argument("--allocas", action="store_true",
                        help="also make some buffers memref.alloca")
    parser.add_argument("--sel", type=int, default=1,
                        help="the branch selector passed to every program")
    args = parser.parse_args()
    first, last = (int(x) for x in args.seeds.split(":"))
    out = ["// Generated by scripts/random_memref_programs.py "
           f"--seeds {args.seeds}{' --allocas' if args.allocas else ''}."]
    for seed in range(first, last):
        out += Program(seed, args.allocas).function(seed)
    out += ["func.func private @printMemrefF32(memref<*xf32>) "
            "attributes {llvm.emit_c_interface}",
            "func.func @main() {",
            "  %zero = arith.constant 0.0 : f32",
            f"  %sel = arith.constant {args.sel} : index"]
    for seed in range(first, last):
        out += [f"  %o{seed} = memref.alloc() : memref<{OUT}xf32>",
                f"  linalg.fill ins(%zero : f32) outs(%o{seed} : memref<{OUT}xf32>)",
                f"  func.call @prog_{seed}(%o{seed}, %sel) : (memref<{OUT}xf32>, index) -> ()",
                f"  %u{seed} = memref.cast %o{seed} : memref<{OUT}xf32> to memref<*xf32>",
                f"  func.call @printMemrefF32(%u{seed}) : (memref<*xf32>) -> ()",
                f"  memref.dealloc %o{seed} : memref<{OUT}xf32>"]
    out += ["  return", "}"]
    print("\n".join(out))


if __name__ == "__main__":
    main()
