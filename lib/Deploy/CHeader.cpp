//===- CHeader.cpp - the C interface of a compiled model ------------------===//

#include "mini/Deploy/CHeader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

using namespace mini;

bool mini::isCIdentifier(llvm::StringRef name) {
  return !name.empty() && !llvm::isDigit(name.front()) &&
         llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// `values` as a C initializer list: {1, 3, 224, 224}.
static std::string initializer(llvm::ArrayRef<int64_t> values) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "{";
  llvm::interleaveComma(values, os);
  os << "}";
  return text;
}

/// Row-major strides of `shape`, in elements.
static llvm::SmallVector<int64_t> getStrides(llvm::ArrayRef<int64_t> shape) {
  llvm::SmallVector<int64_t> strides(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;)
    strides[i - 1] = strides[i] * shape[i];
  return strides;
}

/// `text` as a C string literal: printable ASCII as is (quotes, backslashes
/// and question marks escaped, so no trigraph forms), every other byte as a
/// three-digit octal escape (which, unlike \x, ends after its digits).
static std::string quote(llvm::StringRef text) {
  std::string quoted = "\"";
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || c == '?') {
      quoted += '\\';
      quoted += c;
    } else if (byte >= 0x20 && byte < 0x7f) {
      quoted += c;
    } else {
      quoted += '\\';
      quoted += static_cast<char>('0' + (byte >> 6));
      quoted += static_cast<char>('0' + ((byte >> 3) & 7));
      quoted += static_cast<char>('0' + (byte & 7));
    }
  }
  return quoted + "\"";
}

/// `text` safe inside a C comment: no "*/" and only printable ASCII.
static std::string commentSafe(llvm::StringRef text) {
  std::string safe;
  for (char c : text) {
    if (!safe.empty() && safe.back() == '*' && c == '/')
      safe += ' ';
    unsigned char byte = static_cast<unsigned char>(c);
    safe += byte >= 0x20 && byte < 0x7f ? c : '?';
  }
  return safe;
}

std::string
mini::writeCHeader(const ModelSignature &signature, llvm::StringRef prefix,
                   llvm::StringRef entrySymbol,
                   llvm::ArrayRef<ArenaSpec> arenas, uint64_t arenaAlignment,
                   const ShapeChecksSpec &checks, llvm::StringRef source) {
  std::string upper = prefix.upper();
  uint64_t arenaBytes = 0;
  for (const ArenaSpec &arena : arenas)
    arenaBytes += arena.bytes;
  bool memories = arenas.size() > 1;
  llvm::SmallVector<DynamicDimension> dims = signature.getDynamicDimensions();
  auto dimIndex = [&](llvm::StringRef name) -> int {
    for (auto [k, dim] : llvm::enumerate(dims))
      if (dim.name == name)
        return static_cast<int>(k);
    return -1;
  };
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "/* " << prefix << ".h: the C interface of " << commentSafe(source)
     << ", compiled by mini-compile.\n"
     << " * Link with its object file (and -lm). The arena is the only memory\n"
     << " * a run uses besides the inputs, the outputs and the stack; the run\n"
     << " * allocates nothing. */\n"
     << "#ifndef " << upper << "_H\n#define " << upper << "_H\n\n"
     << "#include <stddef.h>\n#include <stdint.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
     << "/* The arena: exactly this many bytes (possibly 0), aligned to\n"
     << " * " << upper << "_ARENA_ALIGNMENT bytes. */\n"
     << "#define " << upper << "_ARENA_BYTES " << arenaBytes << "u\n"
     << "#define " << upper << "_ARENA_ALIGNMENT " << arenaAlignment << "u\n";
  os << "\n/* The memories, fastest first: one arena each, of these bytes. "
        "*/\n"
     << "#define " << upper << "_NUM_MEMORIES " << arenas.size() << "\n";
  if (memories)
    for (const ArenaSpec &arena : arenas)
      os << "#define " << upper << "_MEMORY_"
         << llvm::StringRef(arena.name).upper() << "_BYTES " << arena.bytes
         << "u\n";
  os << "static const char *const " << upper << "_MEMORY_NAMES["
     << arenas.size() << "] = {";
  llvm::interleaveComma(arenas, os,
                        [&](const ArenaSpec &a) { os << quote(a.name); });
  os << "};\nstatic const size_t " << upper << "_MEMORY_BYTES[" << arenas.size()
     << "] = {";
  llvm::interleaveComma(arenas, os,
                        [&](const ArenaSpec &a) { os << a.bytes << "u"; });
  os << "};\n";

  // The dynamic dimensions: a run gives each its size, in [1, its bound].
  os << "\n/* The dynamic dimensions: a run gives each a size in [1, its "
        "bound];\n * the arena is planned for the bounds. */\n"
     << "#define " << upper << "_NUM_DIMS " << dims.size() << "\n";
  std::set<std::string> dimMacros;
  for (const DynamicDimension &dim : dims) {
    std::string macro = llvm::StringRef(dim.name).upper();
    if (isCIdentifier(dim.name) && dimMacros.insert(macro).second)
      os << "#define " << upper << "_DIM_" << macro << "_MAX " << dim.bound
         << "\n";
  }
  static const DynamicDimension noDim{"", 1};
  llvm::ArrayRef<DynamicDimension> dimArray =
      dims.empty() ? llvm::ArrayRef<DynamicDimension>(noDim)
                   : llvm::ArrayRef<DynamicDimension>(dims);
  os << "static const char *const " << upper << "_DIM_NAMES[" << dimArray.size()
     << "] = {";
  llvm::interleaveComma(
      dimArray, os, [&](const DynamicDimension &d) { os << quote(d.name); });
  os << "};\nstatic const int64_t " << upper << "_DIM_BOUNDS["
     << dimArray.size() << "] = {";
  llvm::interleaveComma(dimArray, os,
                        [&](const DynamicDimension &d) { os << d.bound; });
  os << "};\n\n";

  // The tensors, as arrays indexed by input and output number.
  std::set<size_t> ranks = {0, 1};
  for (auto [kind, declared] :
       {std::make_pair(llvm::StringRef("INPUT"),
                       llvm::ArrayRef<TensorSpec>(signature.inputs)),
        std::make_pair(llvm::StringRef("OUTPUT"),
                       llvm::ArrayRef<TensorSpec>(signature.outputs))}) {
    os << "#define " << upper << "_NUM_" << kind << "S " << declared.size()
       << "\n";
    // A model without inputs (or outputs) still gets the arrays, of one
    // unused element, so that callers compile either way.
    static const TensorSpec none{"", {}, ElementType::Float32, {}, {}, 0};
    llvm::ArrayRef<TensorSpec> specs =
        declared.empty() ? llvm::ArrayRef<TensorSpec>(none) : declared;
    size_t maxRank = 1;
    for (const TensorSpec &spec : specs) {
      ranks.insert(spec.shape.size());
      maxRank = std::max(maxRank, spec.shape.size());
    }
    auto array = [&](llvm::StringRef type, llvm::StringRef name,
                     llvm::StringRef extent, auto value) {
      os << "static const " << type << " " << upper << "_" << kind << "_"
         << name << "[" << specs.size() << "]" << extent << " = {";
      llvm::interleaveComma(specs, os, value);
      os << "};\n";
    };
    std::string rankExtent = "[" + std::to_string(maxRank) + "]";
    array("char *const", "NAMES", "",
          [&](const TensorSpec &s) { os << quote(s.name); });
    array("char *const", "TYPES", "", [&](const TensorSpec &s) {
      os << quote(getElementTypeName(s.type));
    });
    array("char *const", "NPY_DESCRS", "",
          [&](const TensorSpec &s) { os << quote(getNpyDescr(s.type)); });
    array("int", "RANKS", "",
          [&](const TensorSpec &s) { os << s.shape.size(); });
    array("int64_t", "SHAPES", rankExtent, [&](const TensorSpec &s) {
      llvm::SmallVector<int64_t> shape(s.shape);
      shape.resize(maxRank, 0);
      os << initializer(shape);
    });
    array("int", "DIMS", rankExtent, [&](const TensorSpec &s) {
      llvm::SmallVector<int64_t> index(maxRank, -1);
      for (auto [d, param] : llvm::enumerate(s.dimParams))
        if (!param.empty())
          index[d] = dimIndex(param);
      os << initializer(index);
    });
    array("size_t", "ELEMENT_BYTES", "",
          [&](const TensorSpec &s) { os << getElementBytes(s.type) << "u"; });
    array("size_t", "BYTES", "",
          [&](const TensorSpec &s) { os << s.getNumBytes() << "u"; });
    os << "\n";
  }
  os << "/* The shape of input i (is_output 0) or output i (is_output 1) at "
        "the\n * sizes `dims`, into shape[rank] (shape may be NULL); "
        "returns its bytes. */\n"
     << "static inline size_t " << prefix
     << "_shape(int is_output, int i, const int64_t *dims,\n"
     << "    int64_t *shape) {\n"
     << "  int rank = is_output ? " << upper << "_OUTPUT_RANKS[i] : " << upper
     << "_INPUT_RANKS[i];\n"
     << "  size_t bytes = is_output ? " << upper << "_OUTPUT_ELEMENT_BYTES[i]"
     << " : " << upper << "_INPUT_ELEMENT_BYTES[i];\n"
     << "  for (int d = 0; d < rank; ++d) {\n"
     << "    int dim = is_output ? " << upper
     << "_OUTPUT_DIMS[i][d] : " << upper << "_INPUT_DIMS[i][d];\n"
     << "    int64_t size = dim >= 0 ? dims[dim] : is_output ? " << upper
     << "_OUTPUT_SHAPES[i][d]\n"
     << "                                           : " << upper
     << "_INPUT_SHAPES[i][d];\n"
     << "    if (shape)\n      shape[d] = size;\n"
     << "    bytes *= (size_t)size;\n  }\n  return bytes;\n}\n\n";

  // The shape checks' messages, by the index the check function returns.
  os << "/* The run-time shape checks: " << prefix
     << "_run_dims returns 3 + k when check k fails. */\n"
     << "#define " << upper << "_NUM_SHAPE_CHECKS " << checks.messages.size()
     << "\nstatic const char *const " << upper << "_SHAPE_CHECKS["
     << std::max<size_t>(checks.messages.size(), 1) << "] = {";
  if (checks.messages.empty())
    os << "\"\"";
  llvm::interleaveComma(checks.messages, os,
                        [&](const std::string &m) { os << quote(m); });
  os << "};\n\n";

  // MLIR's memref descriptors, one type per rank used.
  for (size_t rank : ranks) {
    os << "typedef struct {\n  void *allocated;\n  void *aligned;\n"
       << "  int64_t offset;\n";
    if (rank > 0)
      os << "  int64_t sizes[" << rank << "];\n  int64_t strides[" << rank
         << "];\n";
    os << "} " << prefix << "_memref_" << rank << ";\n";
  }
  auto prototype = [&](llvm::StringRef symbol, size_t numArenas,
                       bool withOutputs) {
    os << "void " << symbol << "(";
    for (size_t a = 0; a < numArenas; ++a)
      os << (a ? ", " : "") << prefix << "_memref_1 *arena" << a;
    for (auto [i, spec] : llvm::enumerate(signature.inputs))
      os << (numArenas || i ? ", " : "") << prefix << "_memref_"
         << spec.shape.size() << " *input" << i;
    bool any = numArenas || !signature.inputs.empty();
    if (withOutputs)
      for (auto [i, spec] : llvm::enumerate(signature.outputs))
        os << (any || i ? ", " : "") << prefix << "_memref_"
           << spec.shape.size() << " *output" << i;
    else
      os << (any ? ", " : "") << prefix << "_memref_0 *failed";
    os << ");\n";
  };
  os << "\n/* The object's entry: the arenas, the inputs, then the outputs. "
        "*/\n";
  prototype(entrySymbol, arenas.size(), true);
  if (!checks.symbol.empty()) {
    os << "/* The shape checks: the arenas, the inputs, then the index of "
          "the first\n * check that fails (-1: none). */\n";
    prototype(checks.symbol, checks.numArenas, false);
  }
  os << "\n";

  os << "/* Runs the model: `arenas[m]` holds " << upper
     << "_MEMORY_BYTES[m] bytes of memory m,\n"
     << " * aligned to " << upper << "_ARENA_ALIGNMENT; `dims[k]` is the size "
     << "of dynamic dimension k\n * (" << upper << "_DIM_NAMES[k]); inputs[i] "
     << "and outputs[i] hold " << prefix << "_shape(0, i, dims, 0)\n * and "
     << prefix << "_shape(1, i, dims, 0) bytes of row-major elements. "
     << "Returns 0 after a\n * run; 1 when an arena is misaligned, 2 when a "
     << "size is outside [1, its\n * bound], 3 + k when shape check k fails: "
     << "nothing runs then. */\n"
     << "static inline int " << prefix
     << "_run_dims(void *const *arenas, const int64_t *dims,\n"
     << "    const void *const *inputs, void *const *outputs) {\n";
  for (size_t a = 0; a < arenas.size(); ++a)
    os << "  if ((uintptr_t)arenas[" << a << "] % " << upper
       << "_ARENA_ALIGNMENT != 0)\n    return 1;\n";
  if (dims.empty())
    os << "  (void)dims;\n";
  else
    os << "  for (int k = 0; k < " << upper << "_NUM_DIMS; ++k)\n"
       << "    if (dims[k] < 1 || dims[k] > " << upper
       << "_DIM_BOUNDS[k])\n      return 2;\n";
  for (auto [a, arena] : llvm::enumerate(arenas))
    os << "  " << prefix << "_memref_1 arena" << a << " = {arenas[" << a
       << "], arenas[" << a << "], 0, {" << arena.bytes << "}, {1}};\n";
  auto descriptor = [&](const TensorSpec &spec, llvm::StringRef name,
                        llvm::StringRef pointer) {
    size_t rank = spec.shape.size();
    os << "  " << prefix << "_memref_" << rank << " " << name << " = {"
       << pointer << ", " << pointer << ", 0";
    if (rank > 0) {
      os << ", {";
      for (size_t d = 0; d < rank; ++d) {
        os << (d ? ", " : "");
        if (d < spec.dimParams.size() && !spec.dimParams[d].empty())
          os << "dims[" << dimIndex(spec.dimParams[d]) << "]";
        else
          os << spec.shape[d];
      }
      os << "}, " << initializer(getStrides(spec.shape));
    }
    os << "};\n";
    if (spec.isDynamic())
      for (size_t d = rank - 1; d-- > 0;)
        os << "  " << name << ".strides[" << d << "] = " << name << ".strides["
           << d + 1 << "] * " << name << ".sizes[" << d + 1 << "];\n";
  };
  for (auto [i, spec] : llvm::enumerate(signature.inputs))
    descriptor(spec, "input" + std::to_string(i),
               "(void *)inputs[" + std::to_string(i) + "]");
  for (auto [i, spec] : llvm::enumerate(signature.outputs))
    descriptor(spec, "output" + std::to_string(i),
               "outputs[" + std::to_string(i) + "]");
  os << "  (void)inputs;\n  (void)outputs;\n";
  auto call = [&](llvm::StringRef symbol, llvm::StringRef arenaName,
                  size_t numArenas, llvm::StringRef last) {
    os << symbol << "(";
    llvm::SmallVector<std::string> args;
    for (size_t a = 0; a < numArenas; ++a)
      args.push_back("&" + arenaName.str() + std::to_string(a));
    for (size_t i = 0; i < signature.inputs.size(); ++i)
      args.push_back("&input" + std::to_string(i));
    if (last.empty())
      for (size_t i = 0; i < signature.outputs.size(); ++i)
        args.push_back("&output" + std::to_string(i));
    else
      args.push_back(last.str());
    llvm::interleaveComma(args, os);
    os << ");\n";
  };
  if (!checks.symbol.empty()) {
    // The checks' arenas (the plan gave them one each, of no bytes).
    os << "  int32_t failed = -1;\n  " << prefix
       << "_memref_0 failed_ = {&failed, &failed, 0};\n";
    for (size_t a = 0; a < checks.numArenas; ++a)
      os << "  " << prefix << "_memref_1 none" << a
         << " = {arenas[0], arenas[0], 0, {0}, {1}};\n";
    os << "  ";
    call(checks.symbol, "none", checks.numArenas, "&failed_");
    os << "  if (failed >= 0)\n    return 3 + failed;\n";
  }
  os << "  ";
  call(entrySymbol, "arena", arenas.size(), "");
  os << "  return 0;\n}\n\n";

  // The static model's shorthands.
  if (dims.empty()) {
    if (memories)
      os << "/* Runs the model: " << prefix
         << "_run_dims without dynamic dimensions. */\n"
         << "static inline int " << prefix
         << "_run_memories(void *const *arenas,\n"
         << "    const void *const *inputs, void *const *outputs) {\n"
         << "  return " << prefix
         << "_run_dims(arenas, NULL, inputs, outputs);\n}\n\n";
    else
      os << "/* Runs the model: `arena` holds " << upper
         << "_ARENA_BYTES bytes aligned to\n"
         << " * " << upper << "_ARENA_ALIGNMENT, inputs[i] and outputs[i] "
         << upper << "_INPUT_BYTES[i] and\n * " << upper
         << "_OUTPUT_BYTES[i] bytes of row-major elements. Returns 0, or 1 "
         << "when\n * the arena is misaligned (nothing runs). */\n"
         << "static inline int " << prefix << "_run(void *arena,\n"
         << "    const void *const *inputs, void *const *outputs) {\n"
         << "  void *const arenas[1] = {arena};\n"
         << "  return " << prefix
         << "_run_dims(arenas, NULL, inputs, outputs);\n}\n\n";
  }
  os << "#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << upper << "_H */\n";
  return text;
}
