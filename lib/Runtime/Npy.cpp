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
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace llvm;

namespace {

constexpr StringLiteral kMagic("\x93NUMPY");

Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

/// The value text after `'key':` in the header dict, up to the next top-level
/// comma or the closing brace; empty if the key is missing.
StringRef findValue(StringRef header, StringRef key) {
  for (char quote : {'\'', '"'}) {
    std::string pattern = (Twine(quote) + key + Twine(quote)).str();
    size_t pos = header.find(pattern);
    if (pos == StringRef::npos)
      continue;
    StringRef rest = header.drop_front(pos + pattern.size()).ltrim();
    if (!rest.consume_front(":"))
      return {};
    rest = rest.ltrim();
    int depth = 0;
    size_t end = 0;
    for (; end < rest.size(); ++end) {
      char c = rest[end];
      if (c == '(')
        ++depth;
      else if (c == ')')
        --depth;
      else if ((c == ',' || c == '}') && depth == 0)
        break;
    }
    return rest.take_front(end).trim();
  }
  return {};
}

} // namespace

StringRef mini::getNpyDescr(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::Float32:
    return "<f4";
  case NpyDType::Int64:
    return "<i8";
  case NpyDType::Int32:
    return "<i4";
  case NpyDType::Bool:
    return "|b1";
  }
  return "";
}

unsigned mini::getNpyElementBytes(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::Float32:
  case NpyDType::Int32:
    return 4;
  case NpyDType::Int64:
    return 8;
  case NpyDType::Bool:
    return 1;
  }
  return 0;
}

int64_t mini::NpyArray::getNumElements() const {
  // A zero dimension makes the count 0 whatever the others (which may
  // multiply past 2^63 on their own); parseNpy checked that any other
  // product fits.
  if (llvm::is_contained(shape, 0))
    return 0;
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

Expected<mini::NpyArray> mini::parseNpy(StringRef bytes) {
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
  StringRef header = bytes.substr(headerStart, headerLength).trim();
  if (!header.starts_with("{") || !header.ends_with("}"))
    return makeError("malformed .npy header (not a dict): '" + header + "'");

  StringRef descr = findValue(header, "descr");
  StringRef fortran = findValue(header, "fortran_order");
  StringRef shapeText = findValue(header, "shape");
  if (descr.empty() || fortran.empty() || shapeText.empty())
    return makeError("malformed .npy header (needs descr, fortran_order and "
                     "shape): '" +
                     header + "'");
  descr = descr.trim("'\"");
  bool bigEndian = false;
  NpyArray array;
  if (descr == "<f4" || descr == "=f4")
    array.dtype = NpyDType::Float32;
  else if (descr == ">f4")
    bigEndian = true;
  else if (descr == "<i8" || descr == "=i8")
    array.dtype = NpyDType::Int64;
  else if (descr == "<i4" || descr == "=i4")
    array.dtype = NpyDType::Int32;
  else if (descr == "|b1")
    array.dtype = NpyDType::Bool;
  else
    return makeError("unsupported dtype '" + descr +
                     "': float32 ('<f4', '>f4'), int64 ('<i8'), int32 "
                     "('<i4') and bool ('|b1') are supported");
  if (fortran != "False")
    return makeError("Fortran-ordered arrays are not supported "
                     "(fortran_order: " +
                     fortran + ")");

  if (!shapeText.consume_front("(") || !shapeText.consume_back(")"))
    return makeError("malformed .npy shape '" + shapeText + "'");
  SmallVector<StringRef> dims;
  shapeText.split(dims, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef dim : dims) {
    dim = dim.trim();
    if (dim.empty())
      continue;
    int64_t size;
    if (dim.getAsInteger(10, size))
      return makeError("malformed .npy dimension '" + dim + "'");
    if (size < 0)
      return makeError("negative .npy dimension " + Twine(size));
    array.shape.push_back(size);
  }

  StringRef data = bytes.drop_front(headerStart + headerLength);
  unsigned width = getNpyElementBytes(array.dtype);
  uint64_t expected = 1;
  bool overflow = false;
  for (int64_t d : array.shape)
    expected = SaturatingMultiply(expected, static_cast<uint64_t>(d), &overflow);
  expected = SaturatingMultiply(expected, static_cast<uint64_t>(width),
                                &overflow);
  if (overflow || expected > static_cast<uint64_t>(INT64_MAX))
    return makeError(".npy shape has more than 2^63 bytes");
  if (data.size() != expected)
    return makeError(".npy data is " + Twine(data.size()) +
                     " bytes, but its shape needs " + Twine(expected));
  int64_t count = array.getNumElements();
  if (array.dtype == NpyDType::Float32) {
    array.data.resize(count);
    for (int64_t i = 0; i < count; ++i) {
      const char *p = data.data() + 4 * i;
      uint32_t bits = bigEndian ? support::endian::read32be(p)
                                : support::endian::read32le(p);
      std::memcpy(&array.data[i], &bits, 4);
    }
    return array;
  }
  array.ints.resize(count);
  for (int64_t i = 0; i < count; ++i) {
    const char *p = data.data() + width * i;
    array.ints[i] =
        width == 8   ? static_cast<int64_t>(support::endian::read64le(p))
        : width == 4 ? static_cast<int32_t>(support::endian::read32le(p))
                     : static_cast<int64_t>(*p != 0);
  }
  return array;
}

Expected<mini::NpyArray> mini::readNpyFile(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false);
  if (std::error_code ec = file.getError())
    return makeError("cannot read '" + path + "': " + ec.message());
  Expected<NpyArray> array = parseNpy((*file)->getBuffer());
  if (!array)
    return makeError("'" + path + "': " + toString(array.takeError()));
  return array;
}

std::string mini::serializeNpy(const NpyArray &array) {
  std::string shape = "(";
  for (int64_t d : array.shape)
    shape += std::to_string(d) + ", ";
  if (array.shape.size() > 1)
    shape.resize(shape.size() - 2);
  else if (array.shape.size() == 1)
    shape.pop_back(); // "(n,)"
  shape += ")";
  std::string header =
      "{'descr': '" + getNpyDescr(array.dtype).str() +
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
  if (array.dtype == NpyDType::Float32) {
    for (float value : array.data) {
      uint32_t bits;
      std::memcpy(&bits, &value, 4);
      char le[4];
      support::endian::write32le(le, bits);
      out.append(le, 4);
    }
    return out;
  }
  unsigned width = getNpyElementBytes(array.dtype);
  for (int64_t value : array.ints) {
    char le[8];
    if (width == 8)
      support::endian::write64le(le, static_cast<uint64_t>(value));
    else if (width == 4)
      support::endian::write32le(le, static_cast<uint32_t>(value));
    else
      le[0] = value != 0;
    out.append(le, width);
  }
  return out;
}

Error mini::writeNpyFile(StringRef path, const NpyArray &array) {
  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_None);
  if (ec)
    return makeError("cannot write '" + path + "': " + ec.message());
  os << serializeNpy(array);
  os.close();
  if (os.has_error())
    return makeError("cannot write '" + path + "': " + os.error().message());
  return Error::success();
}
