"""Irregularly wired image classifiers, in plain PyTorch: the "irregular" group of
scripts/export_zoo.py, whose many-branched cells and random graphs keep many activations live at
once and leave the order of their operations free, what a memory-aware schedule exploits.

- DARTS: H. Liu, K. Simonyan, Y. Yang, "DARTS: Differentiable Architecture Search", ICLR 2019.
  The published DARTS_V2 genotype (the repository's cnn/genotypes.py) in the evaluation networks
  of the repository github.com/quark0/darts (cnn/model.py: NetworkCIFAR and NetworkImageNet;
  cnn/operations.py: ReLUConvBN, FactorizedReduce, SepConv, DilConv), without the auxiliary head
  and drop path, which only act in training.
- NASNet-A: B. Zoph, V. Vasudevan, J. Shlens, Q. V. Le, "Learning Transferable Architectures for
  Scalable Image Recognition", CVPR 2018. Its normal and reduction cells and networks as TF-slim
  writes them (tensorflow/models, research/slim/nets/nasnet/nasnet.py and nasnet_utils.py; the
  PyTorch port of pretrainedmodels, nasnet_mobile.py, has the same cells): the CIFAR network and
  the "mobile" ImageNet network with its two stem cells.
- RandWire-WS: S. Xie, A. Kirillov, R. Girshick, K. He, "Exploring Randomly Wired Neural Networks
  for Image Recognition", ICCV 2019. Random Watts-Strogatz graphs WS(N=32, K=4, P=0.75) made
  DAGs, in the two regimes of the paper's Table 1: the small one (two convolutions, 112x112 and
  56x56, then three random-graph stages at 28, 14 and 7 pixels) and the regular one (one
  convolution, 112x112, then four random-graph stages at 56, 28, 14 and 7 pixels, the first of
  N/2 nodes). The ImageNet networks here are in the regular regime: its 56x56 stage, whose
  nodes' outputs are each half as large as the stem's, leaves the peak memory to the order of
  its nodes, where in the small regime the stem's output is the peak in every order.

The networks are scaled down (channels and cells) to a few hundred thousand weights, so that
their ONNX files are small and their export and PyTorch reference take seconds; their wiring is
the published one. Departures from the sources, none of which changes a cell's or a graph's
wiring:
- padding is PyTorch's symmetric padding ((k - 1) / 2 on each side), where TF-slim pads a stride-2
  window by TensorFlow's SAME rule (and the pretrainedmodels port imitates it with ZeroPad2d and
  a crop);
- DARTS's ImageNet network pools its 7x7 map with a global average pool, where the repository
  has AvgPool2d(7), the same average, which PyTorch 1.13 exports with a Pad before it;
- every BatchNorm has PyTorch's epsilon, 1e-5 (TF-slim's NASNet: 1e-3);
- NASNet's factorized reduction strides its 1x1 convolutions, where TF-slim precedes them with
  1x1 average pools of stride 2;
- NASNet's and RandWire's classifiers have no dropout (it only acts in training);
- RandWire's CIFAR network (the paper has none) is its small-regime ImageNet network with
  convolutions of stride 1 in conv1 and conv2;
- a RandWire node with one input takes it as is: the sigmoid weight of a lone edge would only
  scale it, before a ReLU and a convolution whose BatchNorm undoes the scale.

Shapes are written N x C x H x W; ceil(H / s) is the height a window of stride s keeps with
symmetric padding.
"""
import random
from collections import namedtuple

import torch
import torch.nn as nn
import torch.nn.functional as F

CIFAR_CLASSES = 10
IMAGENET_CLASSES = 1000

# A cell: `normal` (or `reduce`) lists pairs (operation, input state); states 0 and 1 are the
# cell's two inputs (the outputs of the cell before the previous one and of the previous one),
# and the pairs 2i and 2i+1 give state i + 2, the sum of their operations' outputs. The cell's
# output concatenates the states of `normal_concat` (or `reduce_concat`). DARTS's notation.
Genotype = namedtuple("Genotype", "normal normal_concat reduce reduce_concat")

# DARTS's published cells (second-order search), cnn/genotypes.py's DARTS_V2.
DARTS_V2 = Genotype(
    normal=[("sep_conv_3x3", 0), ("sep_conv_3x3", 1), ("sep_conv_3x3", 0), ("sep_conv_3x3", 1),
            ("sep_conv_3x3", 1), ("skip_connect", 0), ("skip_connect", 0), ("dil_conv_3x3", 2)],
    normal_concat=[2, 3, 4, 5],
    reduce=[("max_pool_3x3", 0), ("max_pool_3x3", 1), ("skip_connect", 2), ("max_pool_3x3", 1),
            ("max_pool_3x3", 0), ("skip_connect", 2), ("skip_connect", 2), ("max_pool_3x3", 1)],
    reduce_concat=[2, 3, 4, 5])

# NASNet-A's cells (the paper's Figure 4; TF-slim's NasNetANormalCell and NasNetAReductionCell,
# their 'none' written skip_connect) in DARTS's notation: state 0 is the previous cell's input,
# state 1 the cell's own input. These are the pairs of DARTS's cnn/genotypes.py NASNet; the
# concatenated states are TF-slim's: the normal cell's new states and its previous input (state
# 0), the reduction cell's new states but the first (DARTS's copy: 2 to 6 and 4 to 6).
NASNET_A = Genotype(
    normal=[("sep_conv_5x5", 1), ("sep_conv_3x3", 0), ("sep_conv_5x5", 0), ("sep_conv_3x3", 0),
            ("avg_pool_3x3", 1), ("skip_connect", 0), ("avg_pool_3x3", 0), ("avg_pool_3x3", 0),
            ("sep_conv_3x3", 1), ("skip_connect", 1)],
    normal_concat=[0, 2, 3, 4, 5, 6],
    reduce=[("sep_conv_5x5", 1), ("sep_conv_7x7", 0), ("max_pool_3x3", 1), ("sep_conv_7x7", 0),
            ("avg_pool_3x3", 1), ("sep_conv_5x5", 0), ("skip_connect", 3), ("avg_pool_3x3", 2),
            ("sep_conv_3x3", 2), ("max_pool_3x3", 1)],
    reduce_concat=[3, 4, 5, 6])


def conv_bn(c_in, c_out, stride=1):
    """1x1 convolution (stride), BatchNorm:
    N x c_in x H x W -> N x c_out x ceil(H/s) x ceil(W/s)."""
    return nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out))


def relu_conv_bn(c_in, c_out, stride=1):
    """ReLU, then conv_bn: DARTS's ReLUConvBN of a 1x1 kernel, TF-slim's 1x1 projections."""
    return nn.Sequential(nn.ReLU(), *conv_bn(c_in, c_out, stride))


def relu_sep_bn(c_in, c_out, kernel, stride=1, dilation=1):
    """ReLU, depthwise kernel x kernel convolution (stride, dilation), pointwise 1x1 convolution,
    BatchNorm: N x c_in x H x W -> N x c_out x ceil(H/s) x ceil(W/s). DARTS's DilConv; one half of
    its SepConv and of TF-slim's stacked separable convolution; a RandWire node's transformation."""
    return nn.Sequential(
        nn.ReLU(),
        nn.Conv2d(c_in, c_in, kernel, stride, dilation * (kernel - 1) // 2, dilation,
                  groups=c_in, bias=False),
        nn.Conv2d(c_in, c_out, 1, bias=False),
        nn.BatchNorm2d(c_out))


class FactorizedReduce(nn.Module):
    """ReLU, then two 1x1 convolutions of stride 2 of c_out/2 channels each, one of x and one of x
    shifted up and left by a pixel, concatenated, BatchNorm: N x c_in x H x W ->
    N x c_out x H/2 x W/2 (H and W even; with pad_shifted, any H and W, ceil(H/2) x ceil(W/2)).
    DARTS's FactorizedReduce, which shifts x by cropping it; with pad_shifted TF-slim's
    factorized_reduction (after _reduce_prev_layer's ReLU), which pads x with zeros at the bottom
    and right before the crop."""

    def __init__(self, c_in, c_out, pad_shifted=False):
        super().__init__()
        self.conv_1 = nn.Conv2d(c_in, c_out // 2, 1, 2, bias=False)
        self.conv_2 = nn.Conv2d(c_in, c_out // 2, 1, 2, bias=False)
        self.bn = nn.BatchNorm2d(c_out)
        self.pad_shifted = pad_shifted

    def forward(self, x):
        x = F.relu(x)
        shifted = (F.pad(x, (0, 1, 0, 1)) if self.pad_shifted else x)[:, :, 1:, 1:]
        return self.bn(torch.cat([self.conv_1(x), self.conv_2(shifted)], 1))


def _pool(pool, c_in, c_out):
    """A pooling, then (TF-slim, on an input of another width) a 1x1 convolution and BatchNorm."""
    return pool if c_in == c_out else nn.Sequential(pool, *conv_bn(c_in, c_out))


def _skip(c_in, c_out, stride):
    """The identity; DARTS's FactorizedReduce at stride 2; TF-slim's ReLU-1x1 conv-BN on an input
    of another width."""
    if stride == 2:
        return FactorizedReduce(c_in, c_out)
    return nn.Identity() if c_in == c_out else relu_conv_bn(c_in, c_out)


def _sep_conv(kernel):
    """DARTS's SepConv and TF-slim's stacked separable convolution: two relu_sep_bn, the first
    strided and changing the width."""
    return lambda c_in, c_out, stride: nn.Sequential(relu_sep_bn(c_in, c_out, kernel, stride),
                                                     relu_sep_bn(c_out, c_out, kernel))


# The operations of DARTS_V2 and NASNET_A: name -> (c_in, c_out, stride) -> module mapping
# N x c_in x H x W to N x c_out x ceil(H/s) x ceil(W/s). Pools pad by 1, the average counting
# only the input's pixels (count_include_pad=False), as DARTS and TF-slim do.
OPS = {
    "skip_connect": _skip,
    "max_pool_3x3": lambda c_in, c_out, stride: _pool(nn.MaxPool2d(3, stride, 1), c_in, c_out),
    "avg_pool_3x3": lambda c_in, c_out, stride: _pool(
        nn.AvgPool2d(3, stride, 1, count_include_pad=False), c_in, c_out),
    "dil_conv_3x3": lambda c_in, c_out, stride: relu_sep_bn(c_in, c_out, 3, stride, dilation=2),
    "sep_conv_3x3": _sep_conv(3),
    "sep_conv_5x5": _sep_conv(5),
    "sep_conv_7x7": _sep_conv(7),
}


class Cell(nn.Module):
    """The body of a DARTS or NASNet-A cell (see Genotype) on its preprocessed inputs, of c0 and c1
    channels; every other state has c channels, and an operation of a reduction cell on state 0
    or 1 has stride 2. forward(s0, s1): N x c0 x H x W, N x c1 x H x W ->
    N x (multiplier c) x H' x W', H' = H/2 in a reduction cell, H otherwise. A concatenated state
    of another width than c goes through a 1x1 convolution and BatchNorm first (TF-slim's
    _combine_unused_states; only a NASNet cell with no previous cell has one)."""

    def __init__(self, genotype, reduction, c0, c1, c):
        super().__init__()
        steps, concat = ((genotype.reduce, genotype.reduce_concat) if reduction
                         else (genotype.normal, genotype.normal_concat))
        widths = [c0, c1] + [c] * (len(steps) // 2)
        self.ops = nn.ModuleList(OPS[name](widths[i], c, 2 if reduction and i < 2 else 1)
                                 for name, i in steps)
        self.indices = [i for _, i in steps]
        self.concat = concat
        self.outputs = nn.ModuleList(nn.Identity() if widths[i] == c else conv_bn(widths[i], c)
                                     for i in concat)
        self.multiplier = len(concat)

    def forward(self, s0, s1):
        states = [s0, s1]
        for i in range(0, len(self.ops), 2):
            states.append(self.ops[i](states[self.indices[i]]) +
                          self.ops[i + 1](states[self.indices[i + 1]]))
        return torch.cat([output(states[i]) for output, i in zip(self.outputs, self.concat)], 1)


class DartsCell(Cell):
    """DARTS's Cell: its inputs preprocessed to c channels, the older one by FactorizedReduce when
    the previous cell reduced and by ReLU-1x1 conv-BN otherwise, the newer by ReLU-1x1 conv-BN.
    forward(s0, s1): N x c_pp x 2H x 2W (or H x W), N x c_p x H x W -> N x 4c x H' x W'."""

    def __init__(self, genotype, c_pp, c_p, c, reduction, reduction_prev):
        super().__init__(genotype, reduction, c, c, c)
        self.preprocess0 = FactorizedReduce(c_pp, c) if reduction_prev else relu_conv_bn(c_pp, c)
        self.preprocess1 = relu_conv_bn(c_p, c)

    def forward(self, s0, s1):
        return super().forward(self.preprocess0(s0), self.preprocess1(s1))


class _Darts(nn.Module):
    """DARTS's cells and classifier: `layers` cells on c_stem-wide inputs, the ones at layers/3
    and 2 layers/3 reduction cells doubling the width (c at first), then global average pool and
    a linear classifier of the last cell's 4 x width channels."""

    def __init__(self, c_stem, c, layers, reduction_prev, classes, genotype):
        super().__init__()
        c_pp, c_p = c_stem, c_stem
        self.cells = nn.ModuleList()
        for i in range(layers):
            reduction = i in (layers // 3, 2 * layers // 3)
            c *= 2 if reduction else 1
            self.cells.append(DartsCell(genotype, c_pp, c_p, c, reduction, reduction_prev))
            reduction_prev = reduction
            c_pp, c_p = c_p, self.cells[-1].multiplier * c
        self.global_pooling = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(c_p, classes)

    def classify(self, s0, s1):
        """The logits of the cells on the stem's outputs s0 and s1: N x classes."""
        for cell in self.cells:
            s0, s1 = s1, cell(s0, s1)
        return self.classifier(torch.flatten(self.global_pooling(s1), 1))


class DartsCifar(_Darts):
    """DARTS's NetworkCIFAR: N x 3 x 32 x 32 -> N x classes. Stem: 3x3 conv to 3c, BatchNorm
    (32x32), feeding both inputs of the first cell; cells at 32, 16 and 8 pixels, of c, 2c and 4c
    channels. The paper evaluates c=36, 20 layers."""

    def __init__(self, c=16, layers=8, classes=CIFAR_CLASSES, genotype=DARTS_V2):
        super().__init__(3 * c, c, layers, False, classes, genotype)
        self.stem = nn.Sequential(nn.Conv2d(3, 3 * c, 3, padding=1, bias=False),
                                  nn.BatchNorm2d(3 * c))

    def forward(self, x):
        s = self.stem(x)
        return self.classify(s, s)


class DartsImageNet(_Darts):
    """DARTS's NetworkImageNet: N x 3 x 224 x 224 -> N x classes. Stem 0: 3x3 conv of stride 2
    to c/2, BatchNorm, ReLU, 3x3 conv of stride 2 to c, BatchNorm (56x56); stem 1: ReLU, 3x3 conv
    of stride 2, BatchNorm (28x28); cells at 28, 14 and 7 pixels, of c, 2c and 4c channels. The
    paper evaluates c=48, 14 layers."""

    def __init__(self, c=16, layers=8, classes=IMAGENET_CLASSES, genotype=DARTS_V2):
        super().__init__(c, c, layers, True, classes, genotype)
        self.stem0 = nn.Sequential(
            nn.Conv2d(3, c // 2, 3, 2, 1, bias=False), nn.BatchNorm2d(c // 2), nn.ReLU(),
            nn.Conv2d(c // 2, c, 3, 2, 1, bias=False), nn.BatchNorm2d(c))
        self.stem1 = nn.Sequential(nn.ReLU(), nn.Conv2d(c, c, 3, 2, 1, bias=False),
                                   nn.BatchNorm2d(c))

    def forward(self, x):
        s0 = self.stem0(x)
        return self.classify(s0, self.stem1(s0))


class NasNetCell(Cell):
    """A NASNet-A cell of c filters as TF-slim's _cell_base prepares it: its input x (c_x channels)
    through ReLU-1x1 conv-BN to c; the previous cell's input prev (c_prev channels) through
    factorized reduction when it is twice as large, ReLU-1x1 conv-BN when it has another width,
    as it is otherwise; with no previous cell (c_prev None), prev is x itself, unprojected, which
    the operations that take it project. forward(prev, x): N x c_prev x H x W (or 2H x 2W, or
    None), N x c_x x H x W -> N x 6c x H x W (normal), N x 4c x H/2 x W/2 (reduction)."""

    def __init__(self, c_prev, c_x, c, reduction, prev_larger, genotype=NASNET_A):
        if c_prev is None:
            preprocess_prev, c0 = nn.Identity(), c_x
        elif prev_larger:
            preprocess_prev, c0 = FactorizedReduce(c_prev, c, pad_shifted=True), c
        else:
            preprocess_prev, c0 = _skip(c_prev, c, 1), c
        super().__init__(genotype, reduction, c0, c, c)
        self.preprocess_prev = preprocess_prev
        self.preprocess = relu_conv_bn(c_x, c)

    def forward(self, prev, x):
        return super().forward(self.preprocess_prev(x if prev is None else prev),
                               self.preprocess(x))


class _NasNetA(nn.Module):
    """NASNet-A's cells and classifier (TF-slim's build_nasnet_base, skip_reduction_layer_input
    0): after the stem cells (reduction cells of stem_filters), three stacks of `cells` normal
    cells of `filters`, 2 filters and 4 filters, a reduction cell of the next stack's filters
    before the second and the third; each cell takes the outputs of the two cells before it (the
    first cell has no previous cell). Then ReLU, global average pool and a linear classifier of
    the last cell's 24 x filters channels."""

    def __init__(self, c_stem, stem_filters, filters, cells, classes):
        super().__init__()
        layout = [(f, True) for f in stem_filters]  # (filters, reduction) of each cell
        for stack in range(3):
            c = filters * 2 ** stack
            if stack:
                layout.append((c, True))
            layout += [(c, False)] * cells
        self.cells = nn.ModuleList()
        c_prev, c_x, prev_larger = None, c_stem, False
        for c, reduction in layout:
            self.cells.append(NasNetCell(c_prev, c_x, c, reduction, prev_larger))
            c_prev, c_x, prev_larger = c_x, self.cells[-1].multiplier * c, reduction
        self.classifier = nn.Linear(c_x, classes)

    def forward(self, x):
        prev, x = None, self.stem(x)
        for cell in self.cells:
            prev, x = x, cell(prev, x)
        return self.classifier(torch.flatten(F.adaptive_avg_pool2d(F.relu(x), 1), 1))


class NasNetACifar(_NasNetA):
    """NASNet-A's CIFAR network: N x 3 x 32 x 32 -> N x classes. Stem: 3x3 conv to 3 x filters
    channels, BatchNorm; stacks at 32, 16 and 8 pixels. In the paper's notation, cells @ 24 x
    filters: 2 @ 384 here; the paper's CIFAR models are 6 @ 768 and larger."""

    def __init__(self, filters=16, cells=2, classes=CIFAR_CLASSES):
        super().__init__(3 * filters, [], filters, cells, classes)
        self.stem = nn.Sequential(nn.Conv2d(3, 3 * filters, 3, padding=1, bias=False),
                                  nn.BatchNorm2d(3 * filters))


class NasNetAMobile(_NasNetA):
    """NASNet-A's mobile ImageNet network: N x 3 x 224 x 224 -> N x classes. Stem: 3x3 conv of
    stride 2 without padding to 32 channels, BatchNorm (111x111), then two reduction cells of
    filters/4 and filters/2 (56x56, 28x28); stacks at 28, 14 and 7 pixels. In the paper's
    notation, cells @ 24 x filters: 2 @ 384 here; the paper's mobile model is 4 @ 1056."""

    def __init__(self, filters=16, cells=2, classes=IMAGENET_CLASSES):
        super().__init__(32, [filters // 4, filters // 2], filters, cells, classes)
        self.stem = nn.Sequential(nn.Conv2d(3, 32, 3, 2, bias=False), nn.BatchNorm2d(32))


def watts_strogatz(n, k, p, rng):
    """The edges (u, v), u < v, of a Watts-Strogatz graph of n nodes, drawn from rng (a
    random.Random): a ring lattice joining each node to its k/2 nearest neighbours on each side,
    each of whose edges (u, u + j), j = 1 .. k/2 in turn, u = 0 .. n-1 in turn, is rewired with
    probability p to (u, w), w uniform among the nodes that neither are u nor share an edge with
    it. networkx.watts_strogatz_graph's algorithm, its draws in its order."""
    nodes = list(range(n))
    neighbours = [set() for _ in nodes]
    for j in range(1, k // 2 + 1):
        for u in nodes:
            neighbours[u].add((u + j) % n)
            neighbours[(u + j) % n].add(u)
    for j in range(1, k // 2 + 1):
        for u in nodes:
            if rng.random() >= p:
                continue
            w = rng.choice(nodes)
            while w == u or w in neighbours[u]:
                w = rng.choice(nodes)
                if len(neighbours[u]) >= n - 1:
                    break  # u is joined to every node: no rewiring
            else:
                v = (u + j) % n
                neighbours[u].remove(v)
                neighbours[v].remove(u)
                neighbours[u].add(w)
                neighbours[w].add(u)
    return sorted((u, v) for u in nodes for v in neighbours[u] if u < v)


class RandWireNode(nn.Module):
    """A RandWire node: the sum of its inputs weighted by the sigmoids of learnable weights (a
    lone input taken as is), then ReLU, 3x3 separable convolution (stride), BatchNorm:
    forward(inputs): a list of `fan_in` N x c_in x H x W -> N x c x ceil(H/s) x ceil(W/s)."""

    def __init__(self, fan_in, c_in, c, stride):
        super().__init__()
        # N(0, 1) rather than a constant, so that the zoo's untrained networks weigh their edges
        # unequally.
        self.weights = nn.Parameter(torch.randn(fan_in)) if fan_in > 1 else None
        self.transform = relu_sep_bn(c_in, c, 3, stride)

    def forward(self, inputs):
        x = inputs[0]
        if self.weights is not None:
            w = torch.sigmoid(self.weights)
            x = x * w[0]
            for i in range(1, len(inputs)):
                x = x + inputs[i] * w[i]
        return self.transform(x)


class RandWireStage(nn.Module):
    """A random-graph stage: the DAG of `edges` (u < v: u -> v) on n nodes, nodes computed in
    index order. Its extra input node, the stage's input, feeds the nodes without a predecessor,
    which have stride 2 and widen c_in to c; its extra output node averages the nodes without a
    successor. forward(x): N x c_in x H x W -> N x c x ceil(H/2) x ceil(W/2)."""

    def __init__(self, edges, n, c_in, c):
        super().__init__()
        self.predecessors = [[u for u, v in edges if v == node] for node in range(n)]
        self.outputs = [node for node in range(n) if all(u != node for u, _ in edges)]
        self.nodes = nn.ModuleList(
            RandWireNode(len(p), c, c, 1) if p else RandWireNode(1, c_in, c, 2)
            for p in self.predecessors)

    def forward(self, x):
        states = []
        for node, predecessors in zip(self.nodes, self.predecessors):
            states.append(node([states[u] for u in predecessors] if predecessors else [x]))
        out = states[self.outputs[0]]
        for node in self.outputs[1:]:
            out = out + states[node]
        return out / len(self.outputs) if len(self.outputs) > 1 else out


class RandWireWS(nn.Module):
    """RandWire-WS: N x 3 x H x W -> N x classes, its random-graph stages' graphs WS(n, k, p)
    drawn in turn from random.Random(seed), each stage halving the size; `stem_stride` is the
    stride of the stem's convolutions. The classifier: ReLU, 1x1 conv to `head` channels,
    BatchNorm, ReLU, global average pool, linear. The paper's Table 1, either regime:
    - "small": conv1: 3x3 conv of stride `stem_stride` to c/2, BatchNorm; conv2: ReLU, 3x3 conv of
      stride `stem_stride` to c, BatchNorm; conv3 to conv5: random-graph stages of `nodes` nodes
      and c, 2c and 4c channels. ImageNet (stem_stride 2): 224 -> 112, 56, then stages at 28, 14
      and 7 pixels; CIFAR (stem_stride 1): 32 -> 32, 32, then 16, 8 and 4 pixels. The paper's
      small regime: c=78, head 1280.
    - "regular": conv1 as in the small regime; conv2 to conv5: random-graph stages of nodes/2
      nodes and c channels, then of `nodes` nodes and 2c, 4c and 8c channels. ImageNet: 224 ->
      112, then stages at 56, 28, 14 and 7 pixels. The paper's regular regime: c=109 or 154, head
      1280."""

    def __init__(self, seed, stem_stride, regime="small", c=16, head=256,
                 classes=IMAGENET_CLASSES, nodes=32, k=4, p=0.75):
        super().__init__()
        rng = random.Random(seed)
        self.conv1 = nn.Sequential(nn.Conv2d(3, c // 2, 3, stem_stride, 1, bias=False),
                                   nn.BatchNorm2d(c // 2))
        if regime == "small":
            self.conv2 = nn.Sequential(
                nn.ReLU(), nn.Conv2d(c // 2, c, 3, stem_stride, 1, bias=False), nn.BatchNorm2d(c))
            stages = [(nodes, c, c), (nodes, c, 2 * c), (nodes, 2 * c, 4 * c)]
        elif regime == "regular":
            self.conv2 = nn.Identity()  # conv2 is the first random-graph stage
            stages = [(nodes // 2, c // 2, c), (nodes, c, 2 * c), (nodes, 2 * c, 4 * c),
                      (nodes, 4 * c, 8 * c)]
        else:
            raise ValueError(f"RandWireWS: regime {regime!r}, not 'small' or 'regular'")
        self.stages = nn.Sequential(*(
            RandWireStage(watts_strogatz(n, k, p, rng), n, c_in, c_out)
            for n, c_in, c_out in stages))
        c_last = stages[-1][2]
        self.head = nn.Sequential(relu_conv_bn(c_last, head), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                                  nn.Flatten())
        self.classifier = nn.Linear(head, classes)

    def forward(self, x):
        return self.classifier(self.head(self.stages(self.conv2(self.conv1(x)))))
