//===- MemoryMapTest.cpp - the SVG and text maps of a plan ----------------===//
//
//===----------------------------------------------------------------------===//

#include "mini/Planning/MemoryMap.h"
#include "mini/Planning/MemoryPlanner.h"

#include "gtest/gtest.h"

using namespace mini::planning;

namespace {

/// Three buffers: a (64 B, steps 0-1), b in place over a (64 B, steps 1-2),
/// c (128 B, steps 2-3). With the sharing, the tree {a, b} lives on 0-2, so
/// the peak is the tree and c at step 2: 192 bytes.
struct SharedPlan {
  std::vector<BufferRequest> requests = {{64, 0, 1}, {64, 1, 2}, {128, 2, 3}};
  std::vector<BufferSharing> sharings = {{/*buffer=*/1, /*host=*/0, 0}};
  std::vector<std::string> names = {"a", "b", "c"};
  MemoryPlan plan;
  SharedPlan() {
    llvm::Expected<MemoryPlan> planned =
        planMemory(requests, Strategy::Auto, 64, {}, sharings);
    EXPECT_TRUE(static_cast<bool>(planned));
    plan = std::move(*planned);
    EXPECT_FALSE(
        static_cast<bool>(verifyMemoryPlan(requests, plan, 64, sharings)));
  }
};

TEST(MemoryMapTest, PeakCountsSharingTreesOnce) {
  SharedPlan p;
  EXPECT_EQ(computePeak(p.requests, 64).bytes, 192u);
  EXPECT_EQ(computePeak(p.requests, 64).step, 2);
  LivePeak shared = computePeak(p.requests, 64, p.sharings);
  EXPECT_EQ(shared.bytes, 192u);
  EXPECT_EQ(shared.step, 2);
  EXPECT_EQ(p.plan.getPlannedBytes(), 192u);
  EXPECT_EQ(computePeak({}, 64).step, -1);
}

TEST(MemoryMapTest, TextMarksSharedBuffersAndCountsTheirBytesOnce) {
  SharedPlan p;
  MemoryMap map =
      buildMemoryMap("f", p.requests, p.plan, 64, p.names, {}, p.sharings);
  ASSERT_EQ(map.buffers.size(), 3u);
  EXPECT_EQ(map.buffers[1].host, 0);
  EXPECT_EQ(map.buffers[1].offset, map.buffers[0].offset);
  std::string text;
  llvm::raw_string_ostream os(text);
  writeMemoryMapText(os, map, /*width=*/3);
  // Three columns of 64 bytes; b over a; c in the other two columns. Live
  // bytes: a's tree (64) from step 0 to 2, c (128) from 2.
  uint64_t ab = map.buffers[0].offset / 64, c = map.buffers[2].offset / 64;
  ASSERT_NE(ab, c);
  ASSERT_NE(ab, c + 1);
  auto row = [&](char atAb, char atC) {
    std::string line = "...";
    if (atAb)
      line[ab] = atAb;
    if (atC)
      line[c] = line[c + 1] = atC;
    return line;
  };
  std::string expected = "f: 3 buffers in 1 pool(s), planned 192 B, peak live "
                         "192 B at step 2\n"
                         "  0 a: 64 B at " +
                         std::to_string(ab * 64) +
                         ", steps 0..1\n"
                         "  1 b: 64 B at " +
                         std::to_string(ab * 64) +
                         ", steps 1..2, reuses a\n"
                         "  2 c: 128 B at " +
                         std::to_string(c * 64) +
                         ", steps 2..3\n"
                         "0: " +
                         row('0', 0) +
                         " 64\n"
                         "1: " +
                         row('0', 0) +
                         " 64\n"
                         "2: " +
                         row('1', '2') +
                         " 192 <- peak\n"
                         "3: " +
                         row(0, '2') + " 128\n";
  EXPECT_EQ(text, expected);
}

TEST(MemoryMapTest, SvgDrawsSharedBuffersDashedOnTopAndEscapesNames) {
  SharedPlan p;
  p.names = {"a<1>", "b&", "c\"q\""};
  MemoryMap map = buildMemoryMap("f & g", p.requests, p.plan, 64, p.names,
                                 {"detail of a", "", ""}, p.sharings);
  std::string svg, again;
  llvm::raw_string_ostream os(svg), os2(again);
  writeMemoryMapSVG(os, {map, map});
  writeMemoryMapSVG(os2, {map, map});
  EXPECT_EQ(svg, again);
  EXPECT_EQ(svg.find("a<1>"), std::string::npos);
  EXPECT_NE(svg.find("<title>a&lt;1&gt;: 64 B"), std::string::npos);
  EXPECT_NE(svg.find("detail of a"), std::string::npos);
  EXPECT_NE(svg.find("reuses the bytes of a&lt;1&gt;"), std::string::npos);
  EXPECT_NE(svg.find("c&quot;q&quot;"), std::string::npos);
  EXPECT_NE(svg.find("f &amp; g"), std::string::npos);
  // Hosts first: b's dashed box comes after a's and c's.
  size_t dashed = svg.find("stroke-dasharray=\"3,2\"");
  ASSERT_NE(dashed, std::string::npos);
  EXPECT_GT(dashed, svg.find("<title>c&quot;"));
  // Two maps, each with its peak line.
  size_t first = svg.find("peak: 192 B live at step 2");
  ASSERT_NE(first, std::string::npos);
  EXPECT_NE(svg.find("peak: 192 B live at step 2", first + 1),
            std::string::npos);
}

TEST(MemoryMapTest, EmptyPlan) {
  MemoryMap map = buildMemoryMap("empty", {}, MemoryPlan(), 64, {});
  std::string text, svg;
  llvm::raw_string_ostream os(text), os2(svg);
  writeMemoryMapText(os, map);
  writeMemoryMapSVG(os2, map);
  EXPECT_EQ(text, "empty: 0 buffers in 0 pool(s), planned 0 B\n");
  EXPECT_EQ(svg.find("peak"), std::string::npos);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
}

} // namespace
