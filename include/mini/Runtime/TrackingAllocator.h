//===- TrackingAllocator.h - heap accounting of compiled models --*- C++
//-*-===//
//
// The one allocator behind every heap allocation a compiled model makes.
// `--mini-lower-to-llvm=generic-alloc-functions=true` lowers memref.alloc and
// memref.dealloc to the upstream generic allocation functions
// (`_mlir_memref_to_llvm_aligned_alloc`, `_mlir_memref_to_llvm_alloc`,
// `_mlir_memref_to_llvm_free`); a runner binds those symbols to
// `getAllocationFunctions()`, which count through this allocator.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_RUNTIME_TRACKINGALLOCATOR_H
#define MINI_RUNTIME_TRACKINGALLOCATOR_H

#include "llvm/ADT/DenseMap.h"

#include <cstddef>
#include <cstdint>
#include <mutex>

namespace mini {

/// Heap figures, in bytes as requested by the compiled code (alignment
/// padding inside the C library is not counted).
struct AllocationStats {
  /// Bytes allocated and not yet freed.
  uint64_t currentBytes = 0;
  /// The largest `currentBytes` seen since the last reset.
  uint64_t peakBytes = 0;
  /// Allocations and frees since the last reset.
  uint64_t numAllocations = 0;
  uint64_t numFrees = 0;
  /// Allocations not yet freed.
  uint64_t numLive = 0;
};

/// A thread-safe allocator that counts current and peak bytes. Memory comes
/// from `aligned_alloc`/`free`; a mutex guards the size table and counters.
class TrackingAllocator {
public:
  /// The process-wide instance the generic allocation functions use.
  static TrackingAllocator &get();

  /// `size` bytes aligned to `alignment` (a power of two; rounded up to
  /// `alignof(max_align_t)`); null if `size` is 0 or memory is exhausted.
  void *allocate(size_t size, size_t alignment);
  /// Frees `ptr` (null is ignored). Returns false, and frees nothing, for a
  /// pointer this allocator did not return (a double or foreign free).
  bool deallocate(void *ptr);

  AllocationStats getStats() const;
  /// Frees are still tracked after a reset; the peak restarts from the bytes
  /// currently allocated and the counts from zero.
  void resetPeakAndCounts();
  /// Number of frees of unknown pointers since construction.
  uint64_t getNumBadFrees() const;

private:
  mutable std::mutex mutex;
  llvm::DenseMap<void *, size_t> sizes;
  AllocationStats stats;
  uint64_t badFrees = 0;
};

/// The addresses of the three generic allocation functions, to bind to the
/// symbols `_mlir_memref_to_llvm_alloc(size)`,
/// `_mlir_memref_to_llvm_aligned_alloc(alignment, size)` and
/// `_mlir_memref_to_llvm_free(ptr)` of a JIT-compiled module.
struct AllocationFunctions {
  void *alloc;
  void *alignedAlloc;
  void *free;
};
AllocationFunctions getAllocationFunctions();

} // namespace mini

#endif // MINI_RUNTIME_TRACKINGALLOCATOR_H
