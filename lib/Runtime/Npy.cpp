//===- Npy.cpp - NumPy .npy reader and writer -----------------------------===//
//
// Format (numpy/lib/format.py): the magic "\x93NUMPY", a major and minor
// version byte, the header length (2 bytes little-endian in 1.0, 4 bytes in
// 2.0 and 3.0), then the header, a Python dict literal such as
// {'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }, padded with
// spaces and ended by '\n', then the raw data.
//
//===----------------------------------------------------------------------===//

#include "mini/Runtime/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstring>

using namespace llvm;

namespace {

constexpr StringLiteral kMagic("\x93NUMPY");

Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

/// The header dict's values by key, as text ('<f4', False, (1, 3)).
struct Header {
  StringRef descr, fortranOrder, shape;
};

/// Parses NumPy's header dict: `{'key': value, ...}` with string keys in
/// single or double quotes and values that are a quoted string, a word
/// (True, False) or a parenthesized tuple. Exactly the keys 'descr',
/// 'fortran_order' and 'shape', each once.
Expected<Header> parseHeader(StringRef text) {
  StringRef rest = text.trim();
  if (!rest.consume_front("{") || !rest.consume_back("}"))
    return makeError("malformed .npy header (not a dict): '" + text + "'");
  Header header;
  auto malformed = [&](const Twine &what) {
    return makeError("malformed .npy header (" + what + "): '" + text + "'");
  };
  while (!(rest = rest.ltrim()).empty()) {
    if (rest.front() != '\'' && rest.front() != '"')
      return malformed("a key is not a quoted string");
    char quote = rest.front();
    size_t close = rest.find(quote, 1);
    if (close == StringRef::npos)
      return malformed("an unterminated key");
    StringRef key = rest.slice(1, close);
    rest = rest.drop_front(close + 1).ltrim();
    if (!rest.consume_front(":"))
      return malformed("no ':' after '" + key + "'");
    rest = rest.ltrim();
    size_t end = 0;
    if (!rest.empty() && (rest.front() == '\'' || rest.front() == '"')) {
      end = rest.find(rest.front(), 1);
      if (end == StringRef::npos)
        return malformed("an unterminated string");
      ++end;
    } else if (!rest.empty() && rest.front() == '(') {
      end = rest.find(')');
      if (end == StringRef::npos)
        return malformed("an unterminated tuple");
      ++end;
    } else {
      end = rest.find_first_of(",}");
      end = end == StringRef::npos ? rest.size() : end;
    }
    StringRef value = rest.take_front(end).trim();
    rest = rest.drop_front(end).ltrim();
    if (!rest.empty() && !rest.consume_front(","))
      return malformed("no ',' after the value of '" + key + "'");
    StringRef *slot = key == "descr"           ? &header.descr
                      : key == "fortran_order" ? &header.fortranOrder
                      : key == "shape"         ? &header.shape
                                               : nullptr;
    if (!slot)
      return makeError(".npy header has the unknown key '" + key +
                       "' (NumPy writes only descr, fortran_order and shape)");
    if (!slot->empty())
      return makeError(".npy header has the key '" + key + "' twice");
    if (value.empty())
      return malformed("'" + key + "' has no value");
    *slot = value;
  }
  if (header.descr.empty() || header.fortranOrder.empty() ||
      header.shape.empty())
    return makeError("malformed .npy header (needs descr, fortran_order and "
                     "shape): '" +
                     text + "'");
  return header;
}

/// Reverses the bytes of each `width`-byte element of `data`.
void swapBytes(char *data, int64_t count, unsigned width) {
  for (int64_t i = 0; i < count; ++i)
    std::reverse(data + i * width, data + (i + 1) * width);
}

} // namespace

static_assert(llvm::endianness::native == llvm::endianness::little,
              "the .npy reader and writer copy little-endian data as is");

Expected<mini::Tensor> mini::parseNpy(StringRef bytes, int64_t maxBytes) {
  if (!bytes.starts_with(kMagic))
    return makeError("not a .npy file (no \\x93NUMPY magic string)");
  if (bytes.size() < kMagic.size() + 2)
    return makeError("truncated .npy file: no version");
  unsigned major = static_cast<unsigned char>(bytes[kMagic.size()]);
  unsigned minor = static_cast<unsigned char>(bytes[kMagic.size() + 1]);
  size_t lengthBytes;
  if (major == 1 && minor == 0)
    lengthBytes = 2;
  else if ((major == 2 || major == 3) && minor == 0)
    lengthBytes = 4;
  else
    return makeError("unsupported .npy version " + Twine(major) + "." +
                     Twine(minor) + " (1.0, 2.0 and 3.0 are supported)");
  size_t headerStart = kMagic.size() + 2 + lengthBytes;
  if (bytes.size() < headerStart)
    return makeError("truncated .npy file: no header length");
  const char *lengthPtr = bytes.data() + kMagic.size() + 2;
  uint64_t headerLength =
      lengthBytes == 2
          ? support::endian::read16le(lengthPtr)
          : static_cast<uint64_t>(support::endian::read32le(lengthPtr));
  if (bytes.size() < headerStart + headerLength)
    return makeError("truncated .npy header: " + Twine(headerLength) +
                     " bytes announced, " + Twine(bytes.size() - headerStart) +
                     " present");
  Expected<Header> header =
      parseHeader(bytes.substr(headerStart, headerLength));
  if (!header)
    return header.takeError();

  StringRef descr = header->descr.trim("'\"");
  bool bigEndian = false;
  std::optional<ElementType> type = parseNpyDescr(descr, bigEndian);
  if (!type) {
    std::string supported;
    raw_string_ostream os(supported);
#define MINI_DESCR(E, NAME, DESCR, BYTES, KIND)                                \
  if (ElementType::E != ElementType::BFloat16)                                 \
    os << (supported.empty() ? "" : ", ") << "'" << DESCR << "'";
    MINI_ELEMENT_TYPES(MINI_DESCR)
#undef MINI_DESCR
    return makeError("unsupported dtype '" + descr + "': " + supported +
                     " (or '>' for big-endian) are supported");
  }
  if (header->fortranOrder != "False")
    return makeError("Fortran-ordered arrays are not supported "
                     "(fortran_order: " +
                     header->fortranOrder + ")");

  StringRef shapeText = header->shape;
  if (!shapeText.consume_front("(") || !shapeText.consume_back(")"))
    return makeError("malformed .npy shape '" + header->shape + "'");
  SmallVector<StringRef> dims;
  shapeText.split(dims, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  SmallVector<int64_t> shape;
  for (StringRef dim : dims) {
    dim = dim.trim();
    if (dim.empty())
      continue;
    int64_t size;
    if (dim.getAsInteger(10, size))
      return makeError("malformed .npy dimension '" + dim + "'");
    if (size < 0)
      return makeError("negative .npy dimension " + Twine(size));
    shape.push_back(size);
  }
  Expected<int64_t> expected = Tensor::getByteSize(*type, shape, ".npy shape");
  if (!expected)
    return expected.takeError();
  StringRef data = bytes.drop_front(headerStart + headerLength);
  if (static_cast<uint64_t>(data.size()) != static_cast<uint64_t>(*expected))
    return makeError(".npy data is " + Twine(data.size()) +
                     " bytes, but its shape needs " + Twine(*expected));
  Expected<Tensor> tensor =
      Tensor::allocate(*type, shape, "the .npy array", maxBytes);
  if (!tensor)
    return tensor.takeError();
  std::memcpy(tensor->data(), data.data(), data.size());
  if (bigEndian)
    swapBytes(static_cast<char *>(tensor->data()), tensor->getNumElements(),
              getElementBytes(*type));
  return tensor;
}

Expected<mini::Tensor> mini::readNpyFile(StringRef path, int64_t maxBytes) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false);
  if (std::error_code ec = file.getError())
    return makeError("cannot read '" + path + "': " + ec.message());
  Expected<Tensor> tensor = parseNpy((*file)->getBuffer(), maxBytes);
  if (!tensor)
    return makeError("'" + path + "': " + toString(tensor.takeError()));
  return tensor;
}

Expected<SmallVector<mini::Tensor>>
mini::readNpyFiles(ArrayRef<std::string> paths, int64_t maxBytes) {
  SmallVector<Tensor> tensors;
  for (const std::string &path : paths) {
    Expected<Tensor> tensor = readNpyFile(path, maxBytes);
    if (!tensor)
      return tensor.takeError();
    tensors.push_back(std::move(*tensor));
  }
  return std::move(tensors);
}

std::string mini::serializeNpy(const Tensor &tensor) {
  std::string shape = "(";
  for (int64_t d : tensor.getShape())
    shape += std::to_string(d) + ", ";
  if (tensor.getShape().size() > 1)
    shape.resize(shape.size() - 2);
  else if (tensor.getShape().size() == 1)
    shape.pop_back(); // "(n,)"
  shape += ")";
  std::string header = "{'descr': '" +
                       getNpyDescr(tensor.getElementType()).str() +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Magic (6) + version (2) + length (2) + header + '\n', padded to 64.
  size_t unpadded = kMagic.size() + 4 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';

  std::string out(kMagic);
  out += '\x01';
  out += '\x00';
  char length[2];
  support::endian::write16le(length, static_cast<uint16_t>(header.size()));
  out.append(length, 2);
  out += header;
  // The tensor's bytes are little-endian already (the host's order).
  out.append(static_cast<const char *>(tensor.data()), tensor.getNumBytes());
  return out;
}

Error mini::writeNpyFile(StringRef path, const Tensor &tensor) {
  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_None);
  if (ec)
    return makeError("cannot write '" + path + "': " + ec.message());
  os << serializeNpy(tensor);
  os.close();
  if (os.has_error())
    return makeError("cannot write '" + path + "': " + os.error().message());
  return Error::success();
}
