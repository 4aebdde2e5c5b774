//===- Divisors.h - equal tiles of a static extent --------------*- C++ -*-===//
//
// Tile and band sizes that divide an extent, so that every tile has one
// static shape (a remainder tile would be of dynamic size, which the CPU
// code's microkernels do not take).
//
//===----------------------------------------------------------------------===//

#ifndef MINI_SUPPORT_DIVISORS_H
#define MINI_SUPPORT_DIVISORS_H

#include <algorithm>
#include <cstdint>

namespace mini {

/// The largest divisor of `extent` that is at most `most`; 1 when `extent`
/// is not positive (a dynamic size, `ShapedType::kDynamic`) or `most` < 1.
inline int64_t largestDivisorAtMost(int64_t extent, int64_t most) {
  if (extent < 1)
    return 1;
  for (int64_t d = std::min(extent, most); d > 1; --d)
    if (extent % d == 0)
      return d;
  return 1;
}

} // namespace mini

#endif // MINI_SUPPORT_DIVISORS_H
