//===- PlanReport.cpp - a function's plan as figures, JSON and maps -------===//
//
// The reporting side of `--plan-memory` (FunctionPlan.h): the function's
// figures (the keys of mini/Planning/PlanFigures.h), the attribute and the
// JSON report written from them, and the memory maps.
//
//===----------------------------------------------------------------------===//

#include "FunctionPlan.h"

#include "mini/Planning/Sharing.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace mini;
using namespace mini::planning;

void FunctionPlan::summarize(Strategy strategy, uint64_t alignment,
                             const BufferLiveness &liveness) {
  combined = Combined();
  for (const ScopePlan &scope : scopes) {
    unsigned base = combined.requests.size();
    llvm::append_range(combined.requests, scope.requests);
    llvm::append_range(combined.bufferOfRequest, scope.bufferOfRequest);
    for (BufferSharing sharing : scope.sharings.sharings) {
      sharing.buffer += base;
      sharing.host += base;
      combined.sharings.push_back(sharing);
    }
    llvm::append_range(combined.plan.poolSizes, scope.plan.poolSizes);
    llvm::append_range(combined.poolMemory, scope.poolMemory);
    for (BufferPlacement placement : scope.plan.placements) {
      placement.pool += scope.firstPool;
      combined.plan.placements.push_back(placement);
    }
  }

  PlanFigures &f = figures;
  f = PlanFigures();
  f.strategy = stringifyStrategy(strategy).str();
  f.alignment = static_cast<int64_t>(alignment);
  const ScopePlan *largest = nullptr;
  f.optimal = true;
  for (const ScopePlan &scope : scopes) {
    const MemoryPlan &plan = scope.plan;
    f.naiveBytes += plan.naiveBytes;
    f.lowerBoundBytes += plan.lowerBoundBytes;
    f.sharedLowerBoundBytes += plan.sharedLowerBoundBytes;
    f.sharedBuffers += scope.sharings.sharings.size();
    f.plannedBytes += plan.getPlannedBytes();
    f.optimal = f.optimal && plan.optimal;
    f.searchNodes += static_cast<int64_t>(plan.searchNodes);
    f.hitNodeBudget = f.hitNodeBudget || plan.hitNodeBudget;
    f.hitTimeLimit = f.hitTimeLimit || plan.hitTimeLimit;
    for (uint64_t size : plan.poolSizes)
      f.pools.push_back(static_cast<int64_t>(size));
    // The strategy that planned the largest scope (the first on ties).
    if (!largest || plan.getPlannedBytes() > largest->plan.getPlannedBytes())
      largest = &scope;
  }
  f.chosenStrategy =
      stringifyStrategy(largest ? largest->plan.strategy : strategy).str();
  f.fragmentation =
      f.sharedLowerBoundBytes == 0
          ? 1.0
          : static_cast<double>(f.plannedBytes) / f.sharedLowerBoundBytes;
  // The peak over every scope (sharing trees counted once).
  LivePeak peak = computePeak(combined.requests, alignment, combined.sharings);
  f.peakStep = peak.step;
  if (peak.step >= 0) {
    f.peakOp = liveness.getOpAtStep(peak.step)->getName().getStringRef().str();
    SmallVector<unsigned> live;
    for (auto [r, request] : llvm::enumerate(combined.requests))
      if (request.start <= peak.step && peak.step <= request.end)
        live.push_back(combined.bufferOfRequest[r]);
    llvm::sort(live);
    for (unsigned b : live)
      f.liveAtPeak.push_back(buffers[b].name);
  }
}

void mini::writePlanReport(llvm::raw_ostream &os, ArrayRef<FunctionPlan> plans,
                           uint64_t align) {
  llvm::json::OStream json(os, /*IndentSize=*/2);
  json.object([&] {
    json.attributeArray("functions", [&] {
      for (const FunctionPlan &fp : plans) {
        json.object([&] {
          json.attribute("name", fp.name);
          writePlanFigures(json, fp.figures);
          // Each alloc scope: the op whose region holds its pools, and its
          // own figures (the function's are their sums).
          json.attributeArray("scopes", [&] {
            for (const ScopePlan &scope : fp.scopes) {
              json.object([&] {
                Operation *owner = scope.region->getParentOp();
                json.attribute("op", owner->getName().getStringRef());
                json.attribute("stack", scope.stack);
                json.attribute("naive_bytes", scope.plan.naiveBytes);
                json.attribute("lower_bound_bytes", scope.plan.lowerBoundBytes);
                json.attribute("planned_bytes", scope.plan.getPlannedBytes());
                json.attribute("optimal", scope.plan.optimal);
                json.attributeArray("pools", [&] {
                  for (auto p :
                       llvm::seq<size_t>(0, scope.plan.poolSizes.size()))
                    json.value(static_cast<int64_t>(scope.firstPool + p));
                });
              });
            }
          });
          // With several memories: what each holds.
          if (!fp.memories.empty())
            json.attributeArray("memories", [&] {
              for (auto [m, spec] : llvm::enumerate(fp.memories)) {
                json.object([&] {
                  json.attribute("name", spec.name);
                  if (spec.capacity)
                    json.attribute("capacity", *spec.capacity);
                  else
                    json.attribute("capacity", nullptr);
                  json.attribute("bytes", fp.memoryBytes[m]);
                  json.attribute("accessed_bytes", fp.memoryAccessedBytes[m]);
                  json.attributeArray("pools", [&] {
                    for (auto [p, memory] :
                         llvm::enumerate(fp.combined.poolMemory))
                      if (memory == m)
                        json.value(static_cast<int64_t>(p));
                  });
                });
              }
            });
          // The buffers' bytes (naive: each its own) by element type, in
          // the order the types first appear.
          json.attributeObject("naive_bytes_by_element_type", [&] {
            llvm::MapVector<StringRef, uint64_t> bytes;
            for (const FunctionPlan::Buffer &buffer : fp.buffers)
              if (buffer.sizeInBytes)
                bytes[buffer.elementType] += *buffer.sizeInBytes;
            for (auto [type, total] : bytes)
              json.attribute(type, total);
          });
          json.attributeArray("buffers", [&] {
            for (const FunctionPlan::Buffer &buffer : fp.buffers) {
              json.object([&] {
                json.attribute("name", buffer.name);
                json.attributeArray("shape", [&] {
                  for (int64_t dim : buffer.shape)
                    ShapedType::isDynamic(dim) ? json.value(nullptr)
                                               : json.value(dim);
                });
                json.attribute("element_type", buffer.elementType);
                json.attribute("op", buffer.op);
                int64_t r = buffer.requestIndex;
                if (r < 0) {
                  if (buffer.sizeInBytes)
                    json.attribute("size", *buffer.sizeInBytes);
                  json.attribute("reason", buffer.unplannedReason);
                  return;
                }
                const ScopePlan &scope = fp.scopes[buffer.scope];
                json.attribute("size",
                               *getAlignedSize(scope.requests[r].size, align));
                json.attribute("start", scope.requests[r].start);
                json.attribute("end", scope.requests[r].end);
                json.attribute("scope", buffer.scope);
                json.attribute("pool", static_cast<int64_t>(
                                           scope.firstPool +
                                           scope.plan.placements[r].pool));
                json.attribute("offset", scope.plan.placements[r].offset);
                if (!fp.memories.empty())
                  json.attribute(
                      "memory",
                      fp.memories
                          [scope.poolMemory[scope.plan.placements[r].pool]]
                              .name);
                if (buffer.host >= 0) {
                  json.attribute("shares", buffer.host);
                  json.attribute("sharing",
                                 stringifySharingKind(buffer.sharingKind));
                  json.attribute("sharing_offset", buffer.sharingOffset);
                }
              });
            }
          });
        });
      }
    });
  });
  os << "\n";
}

std::vector<MemoryMap> mini::buildMemoryMaps(ArrayRef<FunctionPlan> plans,
                                             uint64_t alignment) {
  std::vector<MemoryMap> maps;
  for (const FunctionPlan &fp : plans) {
    const FunctionPlan::Combined &all = fp.combined;
    // One map per memory (one memory without --plan-memory's memories):
    // its pools renumbered from 0, its buffers and their sharings (a
    // sharing tree lives in one memory).
    size_t numMemories = std::max<size_t>(fp.memories.size(), 1);
    for (unsigned m = 0; m < numMemories; ++m) {
      SmallVector<int64_t> localPool(all.plan.poolSizes.size(), -1);
      MemoryPlan plan;
      for (auto [p, size] : llvm::enumerate(all.plan.poolSizes))
        if (fp.memories.empty() || all.poolMemory[p] == m) {
          localPool[p] = static_cast<int64_t>(plan.poolSizes.size());
          plan.poolSizes.push_back(size);
        }
      std::vector<BufferRequest> requests;
      SmallVector<int64_t> localRequest(all.requests.size(), -1);
      SmallVector<std::string> names, details;
      for (auto [r, request] : llvm::enumerate(all.requests)) {
        BufferPlacement placement = all.plan.placements[r];
        if (localPool[placement.pool] < 0)
          continue;
        localRequest[r] = static_cast<int64_t>(requests.size());
        requests.push_back(request);
        placement.pool = static_cast<unsigned>(localPool[placement.pool]);
        plan.placements.push_back(placement);
        const FunctionPlan::Buffer &buffer = fp.buffers[all.bufferOfRequest[r]];
        names.push_back(buffer.name);
        std::string detail;
        llvm::raw_string_ostream os(detail);
        llvm::interleave(
            buffer.shape, os,
            [&](int64_t dim) {
              ShapedType::isDynamic(dim) ? os << "?" : os << dim;
            },
            "x");
        os << (buffer.shape.empty() ? "" : "x") << buffer.elementType
           << ", written by " << buffer.op;
        details.push_back(detail);
      }
      SmallVector<BufferSharing> sharings;
      for (BufferSharing sharing : all.sharings) {
        if (localRequest[sharing.buffer] < 0 || localRequest[sharing.host] < 0)
          continue;
        sharing.buffer = static_cast<unsigned>(localRequest[sharing.buffer]);
        sharing.host = static_cast<unsigned>(localRequest[sharing.host]);
        sharings.push_back(sharing);
      }
      std::string title = "@" + fp.name;
      if (!fp.memories.empty()) {
        const MemorySpec &spec = fp.memories[m];
        title += ", memory " + spec.name;
        if (spec.capacity)
          title += " (capacity " + std::to_string(*spec.capacity) + " bytes)";
      }
      maps.push_back(buildMemoryMap(std::move(title), requests, plan, alignment,
                                    names, details, sharings));
    }
  }
  return maps;
}
