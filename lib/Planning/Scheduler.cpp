//===- Scheduler.cpp - memory-aware operation scheduling ------------------===//

#include "mini/Planning/Scheduler.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <numeric>

using namespace mini;
using namespace mini::planning;
using llvm::ArrayRef;

namespace {

/// The nodes touching each buffer, the successors of each node, and which
/// buffers are an in-place guest of some node.
struct GraphIndex {
  std::vector<llvm::SmallVector<unsigned, 4>> touchers;
  std::vector<llvm::SmallVector<unsigned, 4>> successors;
  std::vector<bool> guest;

  explicit GraphIndex(const ScheduleGraph &graph)
      : touchers(graph.buffers.size()), successors(graph.nodes.size()),
        guest(graph.buffers.size(), false) {
    for (auto [n, node] : llvm::enumerate(graph.nodes)) {
      for (unsigned b : node.buffers)
        touchers[b].push_back(n);
      for (unsigned p : node.predecessors)
        successors[p].push_back(n);
      for (auto [host, g] : node.inPlace)
        guest[g] = true;
    }
  }
};

/// What running one node from a set of executed nodes does.
struct Step {
  /// Bytes live while it runs.
  uint64_t stepBytes = 0;
  /// Bytes live after it.
  uint64_t liveAfter = 0;
  /// Bytes of the buffers it touches first, and of those it touches last.
  uint64_t opened = 0, closed = 0;
  /// Whether a buffer it opens is some node's in-place guest.
  bool opensGuest = false;
};

/// Computes the step of node `n` after the nodes for which `done` holds,
/// with `live` bytes live.
template <typename DoneFn>
Step computeStep(const ScheduleGraph &graph, const GraphIndex &index,
                 unsigned n, uint64_t live, DoneFn done) {
  Step step;
  const ScheduleNode &node = graph.nodes[n];
  llvm::SmallVector<unsigned, 4> first, last;
  for (unsigned b : node.buffers) {
    bool isFirst = true, isLast = true;
    for (unsigned t : index.touchers[b]) {
      if (t == n)
        continue;
      if (done(t))
        isFirst = false;
      else
        isLast = false;
    }
    uint64_t bytes = graph.buffers[b].bytes;
    if (isFirst) {
      step.opened += bytes;
      first.push_back(b);
      step.opensGuest |= index.guest[b];
    }
    if (isLast && !graph.buffers[b].liveOut) {
      step.closed += bytes;
      last.push_back(b);
    }
  }
  // In-place reuse: each guest the dying host that saves the most, each
  // host one guest. More dying hosts never save less, which keeps free
  // moves safe.
  uint64_t saving = 0;
  llvm::SmallVector<unsigned, 2> used;
  for (auto [h, guest] : node.inPlace) {
    if (!llvm::is_contained(first, guest) || llvm::is_contained(used, guest))
      continue;
    std::optional<unsigned> best;
    uint64_t bestSaving = 0;
    for (auto [host, g] : node.inPlace) {
      if (g != guest || !llvm::is_contained(last, host) ||
          llvm::is_contained(used, host))
        continue;
      uint64_t bytes =
          std::min(graph.buffers[host].bytes, graph.buffers[guest].bytes);
      if (!best || bytes > bestSaving) {
        best = host;
        bestSaving = bytes;
      }
    }
    if (!best)
      continue;
    saving += bestSaving;
    used.push_back(*best);
    used.push_back(guest);
  }
  step.stepBytes = live + step.opened - saving;
  step.liveAfter = live + step.opened - step.closed;
  return step;
}

/// Number of predecessors of each node.
std::vector<unsigned> countPredecessors(const ScheduleGraph &graph) {
  std::vector<unsigned> waiting(graph.nodes.size());
  for (auto [n, node] : llvm::enumerate(graph.nodes))
    waiting[n] = node.predecessors.size();
  return waiting;
}

} // namespace

bool planning::isTopologicalOrder(const ScheduleGraph &graph,
                                  ArrayRef<unsigned> order) {
  if (order.size() != graph.nodes.size())
    return false;
  std::vector<bool> done(graph.nodes.size(), false);
  for (unsigned n : order) {
    if (n >= done.size() || done[n])
      return false;
    for (unsigned p : graph.nodes[n].predecessors)
      if (!done[p])
        return false;
    done[n] = true;
  }
  return true;
}

uint64_t planning::computeSchedulePeak(const ScheduleGraph &graph,
                                       ArrayRef<unsigned> order) {
  GraphIndex index(graph);
  std::vector<bool> done(graph.nodes.size(), false);
  uint64_t live = 0, peak = 0;
  for (unsigned n : order) {
    Step step = computeStep(graph, index, n, live,
                            [&](unsigned t) { return bool(done[t]); });
    peak = std::max(peak, step.stepBytes);
    live = step.liveAfter;
    done[n] = true;
  }
  return peak;
}

uint64_t planning::computeScheduleLowerBound(const ScheduleGraph &graph) {
  uint64_t bound = 0;
  for (const ScheduleNode &node : graph.nodes) {
    uint64_t bytes = 0;
    for (unsigned b : node.buffers)
      bytes += graph.buffers[b].bytes;
    for (auto [host, guest] : node.inPlace)
      bytes -= std::min(
          {graph.buffers[host].bytes, graph.buffers[guest].bytes, bytes});
    bound = std::max(bound, bytes);
  }
  return bound;
}

std::vector<unsigned> planning::scheduleGreedy(const ScheduleGraph &graph) {
  GraphIndex index(graph);
  size_t n = graph.nodes.size();
  std::vector<unsigned> waiting = countPredecessors(graph);
  std::vector<bool> done(n, false);
  std::vector<unsigned> ready, order;
  order.reserve(n);
  for (unsigned i = 0; i < n; ++i)
    if (waiting[i] == 0)
      ready.push_back(i);
  uint64_t live = 0;
  auto isDone = [&](unsigned t) { return bool(done[t]); };
  while (!ready.empty()) {
    size_t best = 0;
    Step bestStep;
    for (size_t r = 0; r < ready.size(); ++r) {
      Step step = computeStep(graph, index, ready[r], live, isDone);
      auto key = [](const Step &s, unsigned node) {
        return std::make_tuple(static_cast<int64_t>(s.opened) -
                                   static_cast<int64_t>(s.closed),
                               s.stepBytes, node);
      };
      if (r == 0 || key(step, ready[r]) < key(bestStep, ready[best])) {
        best = r;
        bestStep = step;
      }
    }
    unsigned chosen = ready[best];
    ready.erase(ready.begin() + best);
    order.push_back(chosen);
    done[chosen] = true;
    live = bestStep.liveAfter;
    for (unsigned next : index.successors[chosen])
      if (--waiting[next] == 0)
        ready.push_back(next);
  }
  return order;
}

const char *planning::stringifyScheduleSearchKind(ScheduleSearchKind kind) {
  switch (kind) {
  case ScheduleSearchKind::Bound:
    return "bound";
  case ScheduleSearchKind::Exact:
    return "exact";
  case ScheduleSearchKind::Beam:
    return "beam";
  }
  return "";
}

namespace {

/// The sets of executed nodes after one number of steps: each set once, as
/// a bitset, with the least peak that reaches it, the node of its last step
/// and the set it came from in the step before.
class Layer {
public:
  explicit Layer(unsigned words) : words(words) {}

  size_t size() const { return peaks.size(); }
  ArrayRef<uint64_t> getBits(size_t s) const {
    return ArrayRef<uint64_t>(bits).slice(s * words, words);
  }
  ArrayRef<unsigned> getReady(size_t s) const {
    return ArrayRef<unsigned>(readyPool).slice(
        readyBegin[s], readyBegin[s + 1] - readyBegin[s]);
  }

  /// Adds the set `set` reached with `peak`, or lowers the peak of the set
  /// already there (ties keep the first). `ready` is computed only for a
  /// new set.
  template <typename ReadyFn>
  void add(ArrayRef<uint64_t> set, uint64_t peak, uint64_t live,
           unsigned parent, unsigned node, ReadyFn computeReady) {
    // Shifted clear of DenseMap's reserved keys.
    uint64_t hash =
        llvm::xxh3_64bits(llvm::ArrayRef<uint8_t>(
            reinterpret_cast<const uint8_t *>(set.data()), set.size() * 8)) >>
        1;
    llvm::SmallVector<unsigned, 1> &bucket = index[hash];
    for (unsigned s : bucket) {
      if (getBits(s) != set)
        continue;
      if (peak < peaks[s]) {
        peaks[s] = peak;
        parents[s] = parent;
        nodes[s] = node;
      }
      return;
    }
    bucket.push_back(peaks.size());
    bits.append(set.begin(), set.end());
    peaks.push_back(peak);
    lives.push_back(live);
    parents.push_back(parent);
    nodes.push_back(node);
    computeReady(readyPool);
    readyBegin.push_back(readyPool.size());
  }

  /// Keeps the `width` sets of least (peak, live bytes), in that order.
  void keepBest(unsigned width) {
    if (size() <= width)
      return;
    std::vector<unsigned> rank(size());
    std::iota(rank.begin(), rank.end(), 0);
    std::stable_sort(rank.begin(), rank.end(), [&](unsigned a, unsigned b) {
      return std::tie(lives[a], peaks[a]) < std::tie(lives[b], peaks[b]);
    });
    rank.resize(width);
    Layer kept(words);
    for (unsigned s : rank) {
      kept.bits.append(getBits(s).begin(), getBits(s).end());
      kept.peaks.push_back(peaks[s]);
      kept.lives.push_back(lives[s]);
      kept.parents.push_back(parents[s]);
      kept.nodes.push_back(nodes[s]);
      kept.readyPool.append(getReady(s).begin(), getReady(s).end());
      kept.readyBegin.push_back(kept.readyPool.size());
    }
    *this = std::move(kept);
  }

  unsigned words;
  llvm::SmallVector<uint64_t, 0> bits;
  std::vector<uint64_t> peaks, lives;
  std::vector<unsigned> parents, nodes;
  llvm::SmallVector<unsigned, 0> readyPool;
  std::vector<size_t> readyBegin{0};
  llvm::DenseMap<uint64_t, llvm::SmallVector<unsigned, 1>> index;
};

/// One run of the step-by-step search: exact (every set, until `maxStates`)
/// or a beam of `beamWidth` sets per step. Returns the order, or nothing
/// when every set reached `upperBound` (or, exact, when it ran out of
/// states: `exhausted`).
std::optional<std::vector<unsigned>>
runSearch(const ScheduleGraph &graph, const GraphIndex &index,
          uint64_t upperBound, std::optional<unsigned> beamWidth,
          uint64_t maxStates, uint64_t &states, bool &exhausted) {
  size_t n = graph.nodes.size();
  unsigned words = (n + 63) / 64;
  // The step and parent of every kept set, per step, for the way back.
  std::vector<std::vector<std::pair<unsigned, unsigned>>> history;
  Layer current(words);
  {
    std::vector<uint64_t> empty(words, 0);
    current.add(empty, 0, 0, 0, 0, [&](auto &pool) {
      for (unsigned i = 0; i < n; ++i)
        if (graph.nodes[i].predecessors.empty())
          pool.push_back(i);
    });
    ++states;
  }
  std::vector<uint64_t> child(words);
  for (size_t depth = 0; depth < n; ++depth) {
    Layer next(words);
    for (size_t s = 0; s < current.size(); ++s) {
      ArrayRef<uint64_t> set = current.getBits(s);
      auto done = [&](unsigned t) { return (set[t / 64] >> (t % 64)) & 1; };
      ArrayRef<unsigned> ready = current.getReady(s);
      uint64_t peak = current.peaks[s], live = current.lives[s];
      llvm::SmallVector<std::pair<unsigned, Step>, 8> moves;
      for (unsigned v : ready) {
        Step step = computeStep(graph, index, v, live, done);
        // A free move: nothing later gets worse for running it now.
        if (step.opened <= step.closed && step.stepBytes <= peak &&
            !step.opensGuest) {
          moves.assign(1, {v, step});
          break;
        }
        moves.push_back({v, step});
      }
      for (auto [v, step] : moves) {
        uint64_t childPeak = std::max(peak, step.stepBytes);
        if (childPeak >= upperBound)
          continue;
        std::copy(set.begin(), set.end(), child.begin());
        child[v / 64] |= uint64_t(1) << (v % 64);
        size_t before = next.size();
        next.add(child, childPeak, step.liveAfter, s, v, [&](auto &pool) {
          for (unsigned r : ready)
            if (r != v)
              pool.push_back(r);
          for (unsigned succ : index.successors[v])
            if (llvm::all_of(graph.nodes[succ].predecessors,
                             [&](unsigned p) { return p == v || done(p); }))
              pool.push_back(succ);
        });
        if (next.size() != before && ++states > maxStates && !beamWidth) {
          exhausted = true;
          return std::nullopt;
        }
      }
    }
    if (beamWidth)
      next.keepBest(*beamWidth);
    if (next.size() == 0)
      return std::nullopt;
    history.emplace_back();
    for (size_t s = 0; s < next.size(); ++s)
      history.back().push_back({next.parents[s], next.nodes[s]});
    current = std::move(next);
  }
  // The way back from the one set of all nodes.
  std::vector<unsigned> order(n);
  unsigned s = 0;
  for (size_t depth = n; depth-- > 0;) {
    order[depth] = history[depth][s].second;
    s = history[depth][s].first;
  }
  return order;
}

} // namespace

ScheduleSearchResult
planning::searchSchedule(const ScheduleGraph &graph,
                         const ScheduleSearchOptions &options) {
  GraphIndex index(graph);
  ScheduleSearchResult result;
  std::vector<unsigned> program(graph.nodes.size());
  std::iota(program.begin(), program.end(), 0);
  std::vector<unsigned> greedy = scheduleGreedy(graph);
  uint64_t programPeak = computeSchedulePeak(graph, program);
  uint64_t greedyPeak = computeSchedulePeak(graph, greedy);
  if (greedyPeak < programPeak) {
    result.order = std::move(greedy);
    result.peakBytes = greedyPeak;
  } else {
    result.order = std::move(program);
    result.peakBytes = programPeak;
  }
  if (result.peakBytes <= computeScheduleLowerBound(graph)) {
    result.proven = true;
    return result;
  }
  bool exhausted = false;
  std::optional<std::vector<unsigned>> found =
      runSearch(graph, index, result.peakBytes, std::nullopt, options.maxStates,
                result.states, exhausted);
  if (!exhausted) {
    // Closed: the order found is optimal, or none beats the upper bound.
    result.kind = ScheduleSearchKind::Exact;
    result.proven = true;
  } else {
    result.kind = ScheduleSearchKind::Beam;
    found = runSearch(graph, index, result.peakBytes,
                      std::max(options.beamWidth, 1u), UINT64_MAX,
                      result.states, exhausted);
  }
  if (found) {
    result.order = std::move(*found);
    result.peakBytes = computeSchedulePeak(graph, result.order);
  }
  return result;
}
