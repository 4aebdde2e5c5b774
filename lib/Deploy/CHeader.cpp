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

std::string mini::writeCHeader(const ModelSignature &signature,
                               llvm::StringRef prefix,
                               llvm::StringRef entrySymbol,
                               llvm::ArrayRef<ArenaSpec> arenas,
                               uint64_t arenaAlignment,
                               llvm::StringRef source) {
  std::string upper = prefix.upper();
  uint64_t arenaBytes = 0;
  for (const ArenaSpec &arena : arenas)
    arenaBytes += arena.bytes;
  bool memories = arenas.size() > 1;
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
  if (memories) {
    os << "\n/* The memories, fastest first: one arena each, of these bytes. "
          "*/\n"
       << "#define " << upper << "_NUM_MEMORIES " << arenas.size() << "\n";
    for (const ArenaSpec &arena : arenas)
      os << "#define " << upper << "_MEMORY_"
         << llvm::StringRef(arena.name).upper() << "_BYTES " << arena.bytes
         << "u\n";
    os << "static const char *const " << upper << "_MEMORY_NAMES["
       << arenas.size() << "] = {";
    llvm::interleaveComma(arenas, os,
                          [&](const ArenaSpec &a) { os << quote(a.name); });
    os << "};\nstatic const size_t " << upper << "_MEMORY_BYTES["
       << arenas.size() << "] = {";
    llvm::interleaveComma(arenas, os,
                          [&](const ArenaSpec &a) { os << a.bytes << "u"; });
    os << "};\n";
  }
  os << "\n";

  // The tensors, as arrays indexed by input and output number.
  std::set<size_t> ranks = {1};
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
                     llvm::StringRef dims, auto value) {
      os << "static const " << type << " " << upper << "_" << kind << "_"
         << name << "[" << specs.size() << "]" << dims << " = {";
      llvm::interleaveComma(specs, os, value);
      os << "};\n";
    };
    array("char *const", "NAMES", "",
          [&](const TensorSpec &s) { os << quote(s.name); });
    array("char *const", "TYPES", "", [&](const TensorSpec &s) {
      os << quote(getElementTypeName(s.type));
    });
    array("char *const", "NPY_DESCRS", "",
          [&](const TensorSpec &s) { os << quote(getNpyDescr(s.type)); });
    array("int", "RANKS", "",
          [&](const TensorSpec &s) { os << s.shape.size(); });
    array("int64_t", "SHAPES", "[" + std::to_string(maxRank) + "]",
          [&](const TensorSpec &s) {
            llvm::SmallVector<int64_t> shape(s.shape);
            shape.resize(maxRank, 0);
            os << initializer(shape);
          });
    array("size_t", "BYTES", "",
          [&](const TensorSpec &s) { os << s.getNumBytes() << "u"; });
    os << "\n";
  }

  // MLIR's memref descriptors, one type per rank used.
  for (size_t rank : ranks) {
    os << "typedef struct {\n  void *allocated;\n  void *aligned;\n"
       << "  int64_t offset;\n";
    if (rank > 0)
      os << "  int64_t sizes[" << rank << "];\n  int64_t strides[" << rank
         << "];\n";
    os << "} " << prefix << "_memref_" << rank << ";\n";
  }
  os << "\n/* The object's entry: the arenas, the inputs, then the outputs. "
        "*/\n"
     << "void " << entrySymbol << "(";
  for (size_t a = 0; a < arenas.size(); ++a)
    os << (a ? ", " : "") << prefix << "_memref_1 *arena" << a;
  for (auto [kind, specs] :
       {std::make_pair("input", llvm::ArrayRef<TensorSpec>(signature.inputs)),
        std::make_pair("output",
                       llvm::ArrayRef<TensorSpec>(signature.outputs))})
    for (auto [i, spec] : llvm::enumerate(specs))
      os << ", " << prefix << "_memref_" << spec.shape.size() << " *" << kind
         << i;
  os << ");\n\n";

  if (memories)
    os << "/* Runs the model: `arenas[m]` holds " << upper
       << "_MEMORY_BYTES[m] bytes of memory m,\n"
       << " * aligned to " << upper << "_ARENA_ALIGNMENT; inputs[i] and "
       << "outputs[i] " << upper << "_INPUT_BYTES[i]\n * and " << upper
       << "_OUTPUT_BYTES[i] bytes of row-major elements. Returns 0, or 1 "
       << "when\n * an arena is misaligned (nothing runs). */\n"
       << "static inline int " << prefix
       << "_run_memories(void *const *arenas,\n";
  else
    os << "/* Runs the model: `arena` holds " << upper
       << "_ARENA_BYTES bytes aligned to\n"
       << " * " << upper << "_ARENA_ALIGNMENT, inputs[i] and outputs[i] "
       << upper << "_INPUT_BYTES[i] and\n * " << upper
       << "_OUTPUT_BYTES[i] bytes of row-major elements. Returns 0, or 1 "
       << "when\n * the arena is misaligned (nothing runs). */\n"
       << "static inline int " << prefix << "_run(void *arena,\n";
  os << "    const void *const *inputs, void *const *outputs) {\n";
  for (auto [a, arena] : llvm::enumerate(arenas)) {
    std::string pointer =
        memories ? "arenas[" + std::to_string(a) + "]" : std::string("arena");
    os << "  if ((uintptr_t)" << pointer << " % " << upper
       << "_ARENA_ALIGNMENT != 0)\n    return 1;\n"
       << "  " << prefix << "_memref_1 arena" << a << "_ = {" << pointer << ", "
       << pointer << ", 0, {" << arena.bytes << "}, {1}};\n";
  }
  auto descriptor = [&](const TensorSpec &spec, llvm::StringRef name,
                        llvm::StringRef pointer) {
    os << "  " << prefix << "_memref_" << spec.shape.size() << " " << name
       << " = {" << pointer << ", " << pointer << ", 0";
    if (!spec.shape.empty())
      os << ", " << initializer(spec.shape) << ", "
         << initializer(getStrides(spec.shape));
    os << "};\n";
  };
  for (auto [i, spec] : llvm::enumerate(signature.inputs))
    descriptor(spec, "input" + std::to_string(i),
               "(void *)inputs[" + std::to_string(i) + "]");
  for (auto [i, spec] : llvm::enumerate(signature.outputs))
    descriptor(spec, "output" + std::to_string(i),
               "outputs[" + std::to_string(i) + "]");
  os << "  (void)inputs;\n  (void)outputs;\n  " << entrySymbol << "(";
  for (size_t a = 0; a < arenas.size(); ++a)
    os << (a ? ", " : "") << "&arena" << a << "_";
  for (size_t i = 0; i < signature.inputs.size(); ++i)
    os << ", &input" << i;
  for (size_t i = 0; i < signature.outputs.size(); ++i)
    os << ", &output" << i;
  os << ");\n  return 0;\n}\n\n"
     << "#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << upper << "_H */\n";
  return text;
}
