//===- NpyTest.cpp - tests of the .npy reader and writer -------------------===//

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
  llvm::Expected<NpyArray> array = parseNpy(bytes);
  if (array)
    return "";
  return llvm::toString(array.takeError());
}

TEST(Npy, ReadsLittleEndianFloat32) {
  std::string bytes =
      makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
              floatsLE({1, 2, 3, 4, 5, -6.5f}));
  llvm::Expected<NpyArray> array = parseNpy(bytes);
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->shape, (llvm::SmallVector<int64_t>{2, 3}));
  EXPECT_EQ(array->data, (std::vector<float>{1, 2, 3, 4, 5, -6.5f}));
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
  llvm::Expected<NpyArray> array = parseNpy(makeNpy(
      1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", data));
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->data, (std::vector<float>{1.5f, -2.0f}));
}

TEST(Npy, ReadsVersion2AndScalars) {
  llvm::Expected<NpyArray> array = parseNpy(makeNpy(
      2, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
      floatsLE({7})));
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_TRUE(array->shape.empty());
  EXPECT_EQ(array->data, (std::vector<float>{7}));
}

TEST(Npy, RoundTripsThroughSerialize) {
  for (llvm::SmallVector<int64_t> shape :
       {llvm::SmallVector<int64_t>{}, {4}, {1, 2, 2}}) {
    NpyArray array;
    array.shape = shape;
    for (int64_t i = 0; i < array.getNumElements(); ++i)
      array.data.push_back(0.25f * i - 1);
    std::string bytes = serializeNpy(array);
    // NumPy aligns the data to 64 bytes.
    EXPECT_EQ((bytes.size() - 4 * array.data.size()) % 64, 0u);
    llvm::Expected<NpyArray> back = parseNpy(bytes);
    ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
    EXPECT_EQ(back->shape, array.shape);
    EXPECT_EQ(back->data, array.data);
  }
}

TEST(Npy, RoundTripsIntegerAndBoolArrays) {
  for (NpyDType dtype : {NpyDType::Int64, NpyDType::Int32, NpyDType::Bool}) {
    NpyArray array;
    array.shape = {2, 3};
    array.dtype = dtype;
    for (int64_t i = 0; i < 6; ++i)
      array.ints.push_back(dtype == NpyDType::Bool ? i % 2 : 1000 * i - 2500);
    std::string bytes = serializeNpy(array);
    EXPECT_NE(bytes.find(getNpyDescr(dtype).str()), std::string::npos);
    EXPECT_EQ((bytes.size() - getNpyElementBytes(dtype) * 6) % 64, 0u);
    llvm::Expected<NpyArray> back = parseNpy(bytes);
    ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
    EXPECT_EQ(back->dtype, dtype);
    EXPECT_EQ(back->shape, array.shape);
    EXPECT_EQ(back->ints, array.ints);
  }
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
  EXPECT_NE(errorOf(makeNpy(1, dict("<f8", "False", "(2,)"), two))
                .find("unsupported dtype '<f8'"),
            std::string::npos);
  EXPECT_NE(errorOf(makeNpy(1, dict("<u2", "False", "(2,)"), two))
                .find("unsupported dtype '<u2'"),
            std::string::npos);
  // A shape whose byte size overflows is named as such, not as "needs 0".
  EXPECT_NE(errorOf(makeNpy(1, dict("<f4", "False",
                                    "(4294967296, 4294967296)"),
                            two))
                .find("more than 2^63 bytes"),
            std::string::npos);
  EXPECT_NE(errorOf(makeNpy(1, dict("<f4", "True", "(2,)"), two))
                .find("Fortran"),
            std::string::npos);
  EXPECT_NE(errorOf(makeNpy(1, dict("<f4", "False", "(3,)"), two))
                .find("8 bytes, but its shape needs 12"),
            std::string::npos);
  EXPECT_NE(errorOf(makeNpy(1, dict("<f4", "False", "(-2,)"), two))
                .find("negative"),
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
