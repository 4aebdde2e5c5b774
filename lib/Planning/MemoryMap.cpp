//===- MemoryMap.cpp - SVG and text maps of a memory plan -----------------===//
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/MemoryMap.h"
#include "mini/Planning/Sharing.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <map>

using namespace mini;
using namespace mini::planning;
using llvm::ArrayRef;
using llvm::raw_ostream;

MemoryMap planning::buildMemoryMap(std::string title,
                                   ArrayRef<BufferRequest> requests,
                                   const MemoryPlan &plan, uint64_t alignment,
                                   ArrayRef<std::string> names,
                                   ArrayRef<std::string> details,
                                   ArrayRef<BufferSharing> sharings) {
  MemoryMap map;
  map.title = std::move(title);
  map.poolSizes.assign(plan.poolSizes.begin(), plan.poolSizes.end());
  map.peak = computePeak(requests, alignment, sharings);
  std::vector<uint64_t> sizes = getAlignedSizes(requests, alignment);
  for (auto [i, request] : llvm::enumerate(requests)) {
    MemoryMap::Buffer &buffer = map.buffers.emplace_back();
    buffer.name = names[i];
    if (i < details.size())
      buffer.detail = details[i];
    buffer.size = sizes[i];
    buffer.start = request.start;
    buffer.end = request.end;
    buffer.pool = plan.placements[i].pool;
    buffer.offset = plan.placements[i].offset;
  }
  for (const BufferSharing &sharing : sharings)
    map.buffers[sharing.buffer].host = sharing.host;
  return map;
}

/// Byte offset of each pool's start when the pools lie end to end.
static std::vector<uint64_t> getPoolBases(const MemoryMap &map) {
  std::vector<uint64_t> bases;
  uint64_t total = 0;
  for (uint64_t size : map.poolSizes) {
    bases.push_back(total);
    total = llvm::SaturatingAdd(total, size);
  }
  bases.push_back(total);
  return bases;
}

/// Steps [first, last] the map covers; {0, 0} without buffers.
static std::pair<int64_t, int64_t> getStepRange(const MemoryMap &map) {
  if (map.buffers.empty())
    return {0, 0};
  int64_t first = map.buffers.front().start, last = map.buffers.front().end;
  for (const MemoryMap::Buffer &buffer : map.buffers) {
    first = std::min(first, buffer.start);
    last = std::max(last, buffer.end);
  }
  return {first, last};
}

//===----------------------------------------------------------------------===//
// SVG
//===----------------------------------------------------------------------===//

/// Writes `text` with XML's special characters escaped.
static void writeEscaped(raw_ostream &os, llvm::StringRef text) {
  for (char c : text) {
    switch (c) {
    case '&':
      os << "&amp;";
      break;
    case '<':
      os << "&lt;";
      break;
    case '>':
      os << "&gt;";
      break;
    case '"':
      os << "&quot;";
      break;
    default:
      // Control characters are not allowed in XML 1.0 text.
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n')
        os << '?';
      else
        os << c;
    }
  }
}

/// A byte count for people: B, KiB or MiB.
static std::string formatBytes(uint64_t bytes) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (bytes >= (1u << 20))
    os << llvm::format("%.2f MiB", bytes / 1048576.0);
  else if (bytes >= (1u << 10))
    os << llvm::format("%.1f KiB", bytes / 1024.0);
  else
    os << bytes << " B";
  return text;
}

namespace {
/// The geometry of one map in the SVG, in pixels.
struct SVGLayout {
  static constexpr double kLeft = 90, kWidth = 1000, kPlotHeight = 360,
                          kTop = 48, kBottom = 40;
  static constexpr double kMapHeight = kTop + kPlotHeight + kBottom;
};
} // namespace

static void writeMapSVG(raw_ostream &os, const MemoryMap &map, double top) {
  using L = SVGLayout;
  std::vector<uint64_t> bases = getPoolBases(map);
  uint64_t total = std::max<uint64_t>(bases.back(), 1);
  auto [first, last] = getStepRange(map);
  double steps = static_cast<double>(last - first + 1);
  double plotTop = top + L::kTop, plotBottom = plotTop + L::kPlotHeight;
  auto x = [&](int64_t step) {
    return L::kLeft + (step - first) * L::kWidth / steps;
  };
  auto y = [&](uint64_t byte) {
    return plotBottom - static_cast<double>(byte) * L::kPlotHeight / total;
  };
  auto fmt = [](double v) { return llvm::format("%.2f", v); };

  os << "<g>\n<text x=\"" << fmt(L::kLeft) << "\" y=\"" << fmt(top + 20)
     << "\" font-size=\"15\" font-weight=\"bold\">";
  writeEscaped(os, map.title);
  os << "</text>\n<text x=\"" << fmt(L::kLeft) << "\" y=\"" << fmt(top + 38)
     << "\" font-size=\"12\">" << map.buffers.size() << " buffers in "
     << map.poolSizes.size() << " pool(s), planned "
     << formatBytes(bases.back());
  if (bases.back() >= 1024)
    os << " (" << bases.back() << " B)";
  if (map.peak.step >= 0)
    os << "; peak live " << formatBytes(map.peak.bytes) << " at step "
       << map.peak.step;
  os << "</text>\n";
  // The plot's frame and axes.
  os << "<rect x=\"" << fmt(L::kLeft) << "\" y=\"" << fmt(plotTop)
     << "\" width=\"" << fmt(L::kWidth) << "\" height=\"" << fmt(L::kPlotHeight)
     << "\" fill=\"#f7f7f7\" stroke=\"#999\"/>\n";
  os << "<text x=\"" << fmt(L::kLeft + L::kWidth / 2) << "\" y=\""
     << fmt(plotBottom + 32)
     << "\" font-size=\"12\" text-anchor=\"middle\">step (" << first << " .. "
     << last << "); offset up</text>\n";
  // Step ticks at a round interval (1, 2 or 5 times a power of ten), at
  // most ten across.
  int64_t tick = 1;
  for (int64_t decade = 1; (last - first + 1) / tick > 10;) {
    if (tick == decade)
      tick = 2 * decade;
    else if (tick == 2 * decade)
      tick = 5 * decade;
    else
      tick = decade *= 10;
  }
  for (int64_t step = (first + tick - 1) / tick * tick; step <= last;
       step += tick) {
    double tx = x(step) + L::kWidth / steps / 2;
    os << "<line x1=\"" << fmt(tx) << "\" x2=\"" << fmt(tx) << "\" y1=\""
       << fmt(plotBottom) << "\" y2=\"" << fmt(plotBottom + 4)
       << "\" stroke=\"#555\"/>\n<text x=\"" << fmt(tx) << "\" y=\""
       << fmt(plotBottom + 15) << "\" font-size=\"10\" text-anchor=\"middle\">"
       << step << "</text>\n";
  }
  os << "<text x=\"" << fmt(L::kLeft - 8) << "\" y=\"" << fmt(plotBottom)
     << "\" font-size=\"11\" text-anchor=\"end\">0</text>\n";
  // Pool bounds: a line and the offset at each pool's end.
  for (auto [p, base] : llvm::enumerate(llvm::drop_begin(bases))) {
    os << "<line x1=\"" << fmt(L::kLeft) << "\" x2=\""
       << fmt(L::kLeft + L::kWidth) << "\" y1=\"" << fmt(y(base)) << "\" y2=\""
       << fmt(y(base)) << "\" stroke=\"#555\"/>\n";
    os << "<text x=\"" << fmt(L::kLeft - 8) << "\" y=\"" << fmt(y(base) + 4)
       << "\" font-size=\"11\" text-anchor=\"end\"><title>pool " << p << ": "
       << map.poolSizes[p] << " B</title>" << formatBytes(base) << "</text>\n";
  }
  // Hosts first, then the buffers that reuse their bytes, on top.
  for (bool sharers : {false, true}) {
    for (auto [i, buffer] : llvm::enumerate(map.buffers)) {
      if ((buffer.host >= 0) != sharers)
        continue;
      uint64_t bottom = bases[buffer.pool] + buffer.offset;
      double x0 = x(buffer.start), x1 = x(buffer.end + 1);
      double y0 = y(bottom + buffer.size), y1 = y(bottom);
      // Hues spread by the golden angle: neighbours differ.
      unsigned hue = static_cast<unsigned>((i * 137.508)) % 360;
      os << "<rect x=\"" << fmt(x0) << "\" y=\"" << fmt(y0) << "\" width=\""
         << fmt(std::max(x1 - x0, 0.5)) << "\" height=\""
         << fmt(std::max(y1 - y0, 0.5)) << "\" fill=\"hsl(" << hue
         << ",60%,70%)\" stroke=\"#333\" stroke-width=\"0.5\"";
      if (sharers)
        os << " fill-opacity=\"0.6\" stroke-dasharray=\"3,2\"";
      os << "><title>";
      writeEscaped(os, buffer.name);
      os << ": " << buffer.size << " B at offset " << buffer.offset
         << " of pool " << buffer.pool << ", steps " << buffer.start << ".."
         << buffer.end;
      if (buffer.host >= 0) {
        os << ", reuses the bytes of ";
        writeEscaped(os, map.buffers[buffer.host].name);
      }
      if (!buffer.detail.empty()) {
        os << "\n";
        writeEscaped(os, buffer.detail);
      }
      os << "</title></rect>\n";
      // The name inside the box where it fits (7 px per character).
      if (x1 - x0 >= 7.0 * (buffer.name.size() + 1) && y1 - y0 >= 13) {
        os << "<text x=\"" << fmt(x0 + 3) << "\" y=\"" << fmt((y0 + y1) / 2 + 4)
           << "\" font-size=\"11\" pointer-events=\"none\">";
        writeEscaped(os, buffer.name);
        os << "</text>\n";
      }
    }
  }
  if (map.peak.step >= 0) {
    double px = x(map.peak.step) + L::kWidth / steps / 2;
    os << "<line x1=\"" << fmt(px) << "\" x2=\"" << fmt(px) << "\" y1=\""
       << fmt(plotTop) << "\" y2=\"" << fmt(plotBottom)
       << "\" stroke=\"#d00\" stroke-width=\"1.5\" stroke-dasharray=\"6,3\">"
       << "<title>peak: " << map.peak.bytes << " B live at step "
       << map.peak.step << "</title></line>\n";
    os << "<text x=\"" << fmt(px + 4) << "\" y=\"" << fmt(plotTop + 12)
       << "\" font-size=\"11\" fill=\"#d00\">peak, step " << map.peak.step
       << "</text>\n";
  }
  os << "</g>\n";
}

void planning::writeMemoryMapSVG(raw_ostream &os, ArrayRef<MemoryMap> maps) {
  using L = SVGLayout;
  double height = std::max<size_t>(maps.size(), 1) * L::kMapHeight;
  os << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
     << static_cast<int>(L::kLeft + L::kWidth + 20) << "\" height=\""
     << static_cast<int>(height)
     << "\" font-family=\"sans-serif\">\n<!-- memory map: steps across, "
        "offsets up, one box per buffer; hover a box for its name -->\n";
  for (auto [i, map] : llvm::enumerate(maps))
    writeMapSVG(os, map, i * L::kMapHeight);
  os << "</svg>\n";
}

//===----------------------------------------------------------------------===//
// Text
//===----------------------------------------------------------------------===//

/// The symbol of buffer `index`: 0-9, a-z, A-Z, then again (as TFLite
/// Micro's planner printout does).
static char getSymbol(size_t index) {
  static const char symbols[] =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return symbols[index % (sizeof(symbols) - 1)];
}

static void writeMapText(raw_ostream &os, const MemoryMap &map,
                         unsigned width) {
  std::vector<uint64_t> bases = getPoolBases(map);
  uint64_t total = bases.back();
  os << map.title << ": " << map.buffers.size() << " buffers in "
     << map.poolSizes.size() << " pool(s), planned " << total << " B";
  if (map.peak.step >= 0)
    os << ", peak live " << map.peak.bytes << " B at step " << map.peak.step;
  os << "\n";
  for (auto [i, buffer] : llvm::enumerate(map.buffers)) {
    os << "  " << getSymbol(i) << " " << buffer.name << ": " << buffer.size
       << " B at " << bases[buffer.pool] + buffer.offset << ", steps "
       << buffer.start << ".." << buffer.end;
    if (buffer.host >= 0)
      os << ", reuses " << map.buffers[buffer.host].name;
    os << "\n";
  }
  if (map.buffers.empty() || total == 0 || width == 0)
    return;
  // A column holds at least one byte.
  width = static_cast<unsigned>(std::min<uint64_t>(width, total));
  // One line at each step where a buffer starts or one has just ended.
  std::vector<int64_t> steps;
  for (const MemoryMap::Buffer &buffer : map.buffers) {
    steps.push_back(buffer.start);
    steps.push_back(buffer.end + 1);
  }
  llvm::sort(steps);
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
  // Live bytes count each sharing tree once: its root's size, from its
  // first member's start to its last member's end.
  size_t numBuffers = map.buffers.size();
  std::vector<size_t> rootOf(numBuffers);
  std::vector<std::pair<int64_t, int64_t>> treeSpan(numBuffers, {0, -1});
  for (size_t i = 0; i < numBuffers; ++i) {
    size_t root = i;
    // Sharing forests are acyclic (validateSharings); the bound keeps a
    // malformed map from looping.
    for (size_t hops = 0; map.buffers[root].host >= 0 && hops < numBuffers;
         ++hops)
      root = map.buffers[root].host;
    rootOf[i] = root;
  }
  for (size_t i = 0; i < numBuffers; ++i) {
    auto &span = treeSpan[rootOf[i]];
    const MemoryMap::Buffer &buffer = map.buffers[i];
    span = span.second < span.first
               ? std::make_pair(buffer.start, buffer.end)
               : std::make_pair(std::min(span.first, buffer.start),
                                std::max(span.second, buffer.end));
  }
  int64_t last = getStepRange(map).second;
  size_t stepWidth = std::to_string(last).size();
  std::string line(width, '.');
  std::vector<uint64_t> covered(width);
  for (int64_t step : steps) {
    if (step > last)
      break;
    std::fill(line.begin(), line.end(), '.');
    std::fill(covered.begin(), covered.end(), 0);
    uint64_t live = 0;
    for (size_t i = 0; i < numBuffers; ++i)
      if (rootOf[i] == i && treeSpan[i].first <= step &&
          step <= treeSpan[i].second)
        live = llvm::SaturatingAdd(live, map.buffers[i].size);
    for (auto [i, buffer] : llvm::enumerate(map.buffers)) {
      if (step < buffer.start || step > buffer.end || buffer.size == 0)
        continue;
      // The columns the buffer's bytes [lo, hi) fall in; each column shows
      // the buffer that covers most of it (the first on ties).
      uint64_t lo = bases[buffer.pool] + buffer.offset, hi = lo + buffer.size;
      auto column = [&](uint64_t byte) {
        return static_cast<unsigned>(std::min<unsigned __int128>(
            static_cast<unsigned __int128>(byte) * width / total, width - 1));
      };
      for (unsigned c = column(lo); c <= column(hi - 1); ++c) {
        uint64_t cLo = static_cast<uint64_t>(static_cast<unsigned __int128>(c) *
                                             total / width);
        uint64_t cHi = static_cast<uint64_t>(
            static_cast<unsigned __int128>(c + 1) * total / width);
        uint64_t bytes = std::min(hi, cHi) - std::max(lo, cLo);
        if (bytes > covered[c]) {
          covered[c] = bytes;
          line[c] = getSymbol(i);
        }
      }
    }
    os << llvm::right_justify(std::to_string(step), stepWidth) << ": " << line
       << " " << live;
    if (step == map.peak.step)
      os << " <- peak";
    os << "\n";
  }
}

void planning::writeMemoryMapText(raw_ostream &os, ArrayRef<MemoryMap> maps,
                                  unsigned width) {
  for (auto [i, map] : llvm::enumerate(maps)) {
    if (i)
      os << "\n";
    writeMapText(os, map, width);
  }
}
