//===- planner-fuzzer.cpp - the planning library on random problems -------===//
//
// Decodes bytes into a problem: byte 0 picks the alignment (a power of two
// up to 128); then 5 bytes per buffer: start (0-255), length (0-63), size
// (2 bytes, 1-65536) and a byte that, when odd, asks the buffer to share
// the bytes of an earlier buffer at offset 0 (in place). Every strategy
// plans it into the checker (PlanChecks.h); invalid sharings must be
// refused.
//
//===----------------------------------------------------------------------===//

#include "../PlanChecks.h"

using namespace mini::planning;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  uint64_t alignment = uint64_t(1) << (data[0] % 8);
  std::vector<BufferRequest> requests;
  std::vector<BufferSharing> sharings;
  for (size_t at = 1; at + 5 <= size && requests.size() < 48; at += 5) {
    const uint8_t *b = data + at;
    int64_t start = b[0];
    uint64_t bytes = (uint64_t(b[2]) | uint64_t(b[3]) << 8) + 1;
    requests.push_back({bytes, start, start + (b[1] % 64)});
    if ((b[4] & 1) && requests.size() > 1)
      sharings.push_back(
          {static_cast<unsigned>(requests.size() - 1),
           static_cast<unsigned>((b[4] >> 1) % (requests.size() - 1)), 0});
  }
  mini::fuzz::checkEveryStrategy(requests, alignment, sharings);
  return 0;
}
