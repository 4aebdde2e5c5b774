//===- NpyTest.cpp - tests of the .npy reader and writer
//-------------------===//

#include "mini/Runtime/Npy.h"

#include "llvm/Support/Endian.h"
#include "gtest/gtest.h"

#include <cstring>

using namespace mini;

namespace {

/// A .npy file with the given version, header dict and raw data, built by
/// hand (independently of serializeNpy).
std::string makeNpy(unsigned major, const std::string &dict,
                    const std::string &data) {
  std::string header = dict;
  size_t lengthBytes = major == 1 ? 2 : 4;
  size_t unpadded = 8 + lengthBytes + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(major);
  out += '\0';
  char length[4];
  if (major == 1)
    llvm::support::endian::write16le(length, header.size());
  else
    llvm::support::endian::write32le(length, header.size());
  out.append(length, lengthBytes);
  return out + header + data;
}

std::string floatsLE(std::initializer_list<float> values) {
  std::string out;
  for (float v : values) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    char le[4];
    llvm::support::endian::write32le(le, bits);
    out.append(le, 4);
  }
  return out;
}

std::string errorOf(llvm::StringRef bytes) {
  llvm::Expected<Tensor> tensor = parseNpy(bytes);
  if (tensor)
    return "";
  return llvm::toString(tensor.takeError());
}

/// The bytes of `tensor` as values of T.
template <typename T> std::vector<T> elementsOf(const Tensor &tensor) {
  std::vector<T> values(tensor.getNumBytes() / sizeof(T));
  std::memcpy(values.data(), tensor.data(), tensor.getNumBytes());
  return values;
}

/// A tensor of `type` and `shape` holding `values` (as raw bytes of T).
template <typename T>
Tensor makeTensor(ElementType type, llvm::ArrayRef<int64_t> shape,
                  const std::vector<T> &values) {
  llvm::Expected<Tensor> tensor = Tensor::allocate(type, shape, "test");
  EXPECT_TRUE(static_cast<bool>(tensor));
  std::memcpy(tensor->data(), values.data(), values.size() * sizeof(T));
  return std::move(*tensor);
}

TEST(Npy, ReadsLittleEndianFloat32) {
  std::string bytes =
      makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
              floatsLE({1, 2, 3, 4, 5, -6.5f}));
  llvm::Expected<Tensor> array = parseNpy(bytes);
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->getShape(), (llvm::ArrayRef<int64_t>{2, 3}));
  EXPECT_EQ(elementsOf<float>(*array),
            (std::vector<float>{1, 2, 3, 4, 5, -6.5f}));
}

TEST(Npy, SwapsBigEndianData) {
  std::string data;
  for (float v : {1.5f, -2.0f}) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    char be[4];
    llvm::support::endian::write32be(be, bits);
    data.append(be, 4);
  }
  llvm::Expected<Tensor> array = parseNpy(makeNpy(
      1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", data));
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(elementsOf<float>(*array), (std::vector<float>{1.5f, -2.0f}));
}

TEST(Npy, ReadsVersion2AndScalars) {
  llvm::Expected<Tensor> array = parseNpy(
      makeNpy(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
              floatsLE({7})));
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_TRUE(array->getShape().empty());
  EXPECT_EQ(elementsOf<float>(*array), (std::vector<float>{7}));
}

TEST(Npy, RoundTripsThroughSerialize) {
  for (llvm::SmallVector<int64_t> shape :
       {llvm::SmallVector<int64_t>{}, {4}, {1, 2, 2}}) {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    std::vector<float> values;
    for (int64_t i = 0; i < n; ++i)
      values.push_back(0.25f * i - 1);
    Tensor tensor = makeTensor(ElementType::Float32, shape, values);
    std::string bytes = serializeNpy(tensor);
    // NumPy aligns the data to 64 bytes.
    EXPECT_EQ((bytes.size() - 4 * values.size()) % 64, 0u);
    llvm::Expected<Tensor> back = parseNpy(bytes);
    ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
    EXPECT_EQ(back->getShape(), tensor.getShape());
    EXPECT_EQ(elementsOf<float>(*back), values);
  }
}

TEST(Npy, RoundTripsEveryElementType){
// Six elements of every type, as raw bytes 0x00..0x2f: the reader and
// writer copy them as they are.
#define MINI_TYPE(E, NAME, DESCR, BYTES, KIND)                                 \
  {                                                                            \
    std::vector<uint8_t> raw(6 * BYTES);                                       \
    for (size_t i = 0; i < raw.size(); ++i)                                    \
      raw[i] = ElementType::E == ElementType::Bool ? i % 2 : i;                \
    Tensor tensor = makeTensor(ElementType::E, {2, 3}, raw);                   \
    std::string bytes = serializeNpy(tensor);                                  \
    EXPECT_NE(bytes.find(DESCR), std::string::npos) << NAME;                   \
    EXPECT_EQ((bytes.size() - raw.size()) % 64, 0u) << NAME;                   \
    llvm::Expected<Tensor> back = parseNpy(bytes);                             \
    ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());  \
    /* bfloat16 is written as its bit patterns, read back as uint16. */        \
    EXPECT_EQ(back->getElementType(), ElementType::E == ElementType::BFloat16  \
                                          ? ElementType::UInt16                \
                                          : ElementType::E)                    \
        << NAME;                                                               \
    EXPECT_EQ(elementsOf<uint8_t>(*back), raw) << NAME;                        \
  }
    MINI_ELEMENT_TYPES(MINI_TYPE)
#undef MINI_TYPE
}

TEST(Npy, KeepsInt64AbovePowerOf53) {
  // 2^53 + 1 and INT64_MIN have no double; the tensor holds their bits.
  std::vector<int64_t> values = {(int64_t(1) << 53) + 1, INT64_MIN, -1};
  Tensor tensor = makeTensor(ElementType::Int64, {3}, values);
  llvm::Expected<Tensor> back = parseNpy(serializeNpy(tensor));
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(elementsOf<int64_t>(*back), values);
}

TEST(Npy, SwapsBigEndianIntegers) {
  std::string data;
  for (int64_t v : {int64_t(1) << 40, int64_t(-3)}) {
    char be[8];
    llvm::support::endian::write64be(be, static_cast<uint64_t>(v));
    data.append(be, 8);
  }
  llvm::Expected<Tensor> array = parseNpy(makeNpy(
      1, "{'descr': '>i8', 'fortran_order': False, 'shape': (2,), }", data));
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(elementsOf<int64_t>(*array),
            (std::vector<int64_t>{int64_t(1) << 40, -3}));
}

TEST(Npy, RejectsBadFiles) {
  auto dict = [](const std::string &descr, const std::string &fortran,
                 const std::string &shape) {
    return "{'descr': '" + descr + "', 'fortran_order': " + fortran +
           ", 'shape': " + shape + ", }";
  };
  std::string two = floatsLE({1, 2});
  EXPECT_NE(errorOf("PK\x03\x04 not npy").find("magic"), std::string::npos);
  EXPECT_NE(errorOf(makeNpy(4, dict("<f4", "False", "(2,)"), two))
                .find("unsupported .npy version 4.0"),
            std::string::npos);
  EXPECT_NE(errorOf(makeNpy(1, dict("<c8", "False", "(2,)"), two))
                .find("unsupported dtype '<c8'"),
            std::string::npos);
  EXPECT_NE(errorOf(makeNpy(1, dict("<U4", "False", "(2,)"), two))
                .find("unsupported dtype '<U4'"),
            std::string::npos);
  // NumPy refuses a header with another key, and reads a repeated one
  // differently (the last wins): both are refused.
  EXPECT_NE(errorOf(makeNpy(1,
                            "{'descr': '<f4', 'fortran_order': False, "
                            "'shape': (2,), 'extra': 1, }",
                            two))
                .find("unknown key 'extra'"),
            std::string::npos);
  EXPECT_NE(errorOf(makeNpy(1,
                            "{'descr': '<i4', 'descr': '<f4', "
                            "'fortran_order': False, 'shape': (2,), }",
                            two))
                .find("the key 'descr' twice"),
            std::string::npos);
  // Past the reader's limit: an error, not an allocation.
  EXPECT_NE(
      llvm::toString(parseNpy(makeNpy(1, dict("<f4", "False", "(2,)"), two), 4)
                         .takeError())
          .find("more than the limit of 4"),
      std::string::npos);
  // A shape whose byte size overflows is named as such, not as "needs 0".
  EXPECT_NE(
      errorOf(makeNpy(1, dict("<f4", "False", "(4294967296, 4294967296)"), two))
          .find("more than 2^63 bytes"),
      std::string::npos);
  EXPECT_NE(
      errorOf(makeNpy(1, dict("<f4", "True", "(2,)"), two)).find("Fortran"),
      std::string::npos);
  EXPECT_NE(errorOf(makeNpy(1, dict("<f4", "False", "(3,)"), two))
                .find("8 bytes, but its shape needs 12"),
            std::string::npos);
  EXPECT_NE(
      errorOf(makeNpy(1, dict("<f4", "False", "(-2,)"), two)).find("negative"),
      std::string::npos);
  EXPECT_NE(errorOf(makeNpy(1, "{'descr': '<f4', 'shape': (2,), }", two))
                .find("needs descr, fortran_order and shape"),
            std::string::npos);
  std::string full = makeNpy(1, dict("<f4", "False", "(2,)"), two);
  EXPECT_NE(errorOf(full.substr(0, 20)).find("truncated .npy header"),
            std::string::npos);
  EXPECT_NE(errorOf(full.substr(0, 9)).find("truncated"), std::string::npos);
}

} // namespace
