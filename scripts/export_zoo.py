#!/usr/bin/python3
"""Exports mini-infer's model zoo to ONNX with Debian's python3-torch and python3-torchvision.

  export_zoo.py --out DIR [--opset 13|17] [--group GROUP | MODEL ...]
  export_zoo.py --list

Models, by group (--list prints every model with its group):

  cnn           lenet5 (LeNet-5, written here), resnet18, resnet50, mobilenet_v2, squeezenet1_1,
                googlenet, inception_v3, densenet121; what the tests and benchmarks run, and what
                is exported when neither a group nor a model is named
  torchvision   the newer torchvision classifiers: vit_b_16, swin_t, convnext_tiny,
                shufflenet_v2_x1_0, mobilenet_v3_small, efficientnet_b0
  segmentation  lraspp_mobilenet_v3_large (the smallest torchvision segmentation model), returning
                the 'out' tensor of its output dict: per-pixel class scores, 1x21x224x224
  patches       mobilenet_v2_035_144 (MobileNet-V2 width 0.35 at 144x144, msf-CNN's model) and
                mnasnet1_0, for bench/patch_plan.py
  transformers  tiny_bert and tiny_gpt, written here (see TinyBert and TinyGpt): vocabulary 1000,
                32 tokens, width 128, 4 heads, 2 layers
  dynamic       tiny_bert_seq and tiny_gpt_seq: tiny_bert and tiny_gpt (the same weights)
                exported with a dynamic sequence length, the ONNX dimension "seq" of their input
                and output; imported with `mini-translate --import-onnx --onnx-dim-bound=seq=128`
  irregular     irregularly wired networks, small (written in irregular_nets.py, which cites
                their papers), for memory-aware scheduling: darts_cifar and darts_imagenet (DARTS's
                published DARTS_V2 cells), nasnet_a_cifar and nasnet_a_imagenet (NASNet-A, the
                latter its "mobile" network), randwire_ws_cifar_sS and randwire_ws_imagenet_sS for
                graph seeds S = 0, 1, 2 (RandWire-WS, Watts-Strogatz graphs N=32, K=4, P=0.75;
                the CIFAR ones in the paper's small regime, three random stages after two
                convolutions, the ImageNet ones in its regular regime, four random stages after
                one convolution, the first at 56x56); CIFAR ones on 1x3x32x32 with 10 classes,
                ImageNet ones on 1x3x224x224 with 1000
  all           every model above

Weights. Every model is built with weights=None (and weights_backbone=None) after
torch.manual_seed(0), then given weights whose outputs are neither vanishing nor huge, so that
comparing an output with PyTorch's says something:
  - a Linear or Conv2d whose weight is all zero (ViT's head) is drawn again from a normal
    distribution of standard deviation 1/sqrt(fan-in);
  - ConvNeXt's layer scales, 1e-6 at initialization (which hides its blocks from the output), are
    set to 1;
  - every BatchNorm gets the statistics of one batch: its running statistics are reset and
    cumulated (momentum=None) over one forward pass, BatchNorms in train mode and every other
    module in eval mode (no dropout), of a batch of 4 inputs seeded with 1, under no_grad.
The model is then put in eval mode. Its output has a largest magnitude between about 1e-2 and
1e3; the script prints it for every export, on stderr.

Inputs: batch 1, from a generator seeded with 0: float32 standard normal images
(1x3x224x224; inception_v3 1x3x299x299, lenet5 1x1x32x32, the irregular group's CIFAR
networks 1x3x32x32), int64 token ids uniform in [0, 1000)
of shape 1x32 for the transformers.

Files, in DIR: NAME.onnx (opset 13, the default) or NAME.opset17.onnx (--opset 17), fp32, batch 1,
constant-folded, with one input "input" and one output "output"; NAME.input.npy (the input it was
exported with, float32 or int64) and NAME.expected.npy (PyTorch's output on it, float32, the
reference of the end-to-end tests), shared by both opsets; for a model with a dynamic sequence
length also NAME.input.L.npy and NAME.expected.L.npy for each L of SEQ_LENGTHS; NAME.stamp, naming the hash of this script and irregular_nets.py,
the torch and torchvision versions and the opsets exported under them. A model whose files exist
under the current stamp is not exported again; a stale one is exported afresh. The same script and
packages give the same files on the same kind of CPU: PyTorch runs on one thread here, as its float
results depend on the number of threads (and on the instruction set). The export and the reference
run with autograd on, so that nn.TransformerEncoderLayer takes its plain path (its fused inference
path, taken under no_grad, cannot be exported).
Run with /usr/bin/python3.
"""
import argparse
import contextlib
import functools
import hashlib
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

import irregular_nets

SEED = 0
CALIBRATION_BATCH = 4
OPSETS = (13, 17)
VOCAB, SEQ, WIDTH, HEADS, LAYERS, FEED_FORWARD = 1000, 32, 128, 4, 2, 512
# The longest sequence TinyBert's position table holds, and the lengths a model with a dynamic
# sequence length is exported with inputs and references for.
MAX_SEQ = 128
SEQ_LENGTHS = (8, 32, 77, 128)


class LeNet5(nn.Module):
    """LeNet-5 on a 1x1x32x32 input: conv5x5(6), relu, maxpool2, conv5x5(16), relu, maxpool2,
    flatten, fc120, relu, fc84, relu, fc10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class TinyBert(nn.Module):
    """BERT-style encoder on 1xL int64 token ids (L <= MAX_SEQ): token embedding plus a learned
    position embedding (the first L rows of a table of MAX_SEQ), LAYERS post-norm nn.TransformerEncoderLayers (WIDTH, HEADS heads, feed-forward
    FEED_FORWARD, GELU, batch_first), a final LayerNorm; output: the 1xSEQxWIDTH hidden states."""

    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(VOCAB, WIDTH)
        self.positions = nn.Parameter(torch.randn(MAX_SEQ, WIDTH))
        layer = nn.TransformerEncoderLayer(WIDTH, HEADS, FEED_FORWARD, dropout=0.0,
                                           activation="gelu", batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, LAYERS, norm=nn.LayerNorm(WIDTH),
                                             enable_nested_tensor=False)

    def forward(self, ids):
        return self.encoder(self.tokens(ids) + self.positions[: ids.shape[1]])


class CausalSelfAttention(nn.Module):
    """Multi-head self-attention on 1xLxWIDTH (L <= MAX_SEQ) in which a token sees only itself and
    the tokens before it: the scores above the diagonal (the first L rows and columns of the
    registered mask) are set to -inf before the softmax."""

    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(WIDTH, 3 * WIDTH)
        self.proj = nn.Linear(WIDTH, WIDTH)
        self.register_buffer("mask", torch.ones(MAX_SEQ, MAX_SEQ, dtype=torch.bool).triu(1))

    def forward(self, x):
        batch, length, _ = x.shape  # as nanoGPT writes it
        q, k, v = (t.reshape(batch, length, HEADS, WIDTH // HEADS).transpose(1, 2)
                   for t in self.qkv(x).split(WIDTH, dim=-1))
        scores = (q @ k.transpose(-2, -1)) * (WIDTH // HEADS) ** -0.5
        mask = self.mask[:length, :length]
        weights = scores.masked_fill(mask, float("-inf")).softmax(dim=-1)
        return self.proj((weights @ v).transpose(1, 2).reshape(batch, length, WIDTH))


class GptBlock(nn.Module):
    """Pre-norm decoder block: x + attention(norm(x)), then x + mlp(norm(x)), the MLP being
    Linear(WIDTH, 4 WIDTH), GELU, Linear(4 WIDTH, WIDTH)."""

    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(WIDTH)
        self.attention = CausalSelfAttention()
        self.norm2 = nn.LayerNorm(WIDTH)
        self.mlp = nn.Sequential(nn.Linear(WIDTH, 4 * WIDTH), nn.GELU(), nn.Linear(4 * WIDTH, WIDTH))

    def forward(self, x):
        x = x + self.attention(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class TinyGpt(nn.Module):
    """GPT-style decoder on 1xL int64 token ids (L <= MAX_SEQ): token plus learned position
    embeddings (the first L rows of a table of MAX_SEQ), LAYERS GptBlocks, a final LayerNorm and
    a bias-free head; output: the 1xLxVOCAB next-token logits of every position."""

    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(VOCAB, WIDTH)
        self.positions = nn.Parameter(torch.randn(MAX_SEQ, WIDTH))
        self.blocks = nn.Sequential(*(GptBlock() for _ in range(LAYERS)))
        self.norm = nn.LayerNorm(WIDTH)
        self.head = nn.Linear(WIDTH, VOCAB, bias=False)

    def forward(self, ids):
        return self.head(self.norm(self.blocks(self.tokens(ids) +
                                               self.positions[: ids.shape[1]])))


class SegmentationOutput(nn.Module):
    """A torchvision segmentation model returning the 'out' tensor of its output dict."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)["out"]


def _tv(name, **kwargs):
    def construct():
        import torchvision.models as models
        return getattr(models, name)(weights=None, **kwargs)
    return construct


def _segmentation(name):
    def construct():
        import torchvision.models.segmentation as segmentation
        return SegmentationOutput(getattr(segmentation, name)(weights=None, weights_backbone=None))
    return construct


def _images(*shape):
    """Float32 standard normal images: sample(batch, generator) has shape (batch, *shape)."""
    return lambda batch, generator: torch.randn(batch, *shape, generator=generator)


def _token_ids(length=SEQ):
    """Int64 token ids uniform in [0, VOCAB): sample(batch, generator) has shape
    (batch, length)."""
    return lambda batch, generator: torch.randint(VOCAB, (batch, length), generator=generator)


# group -> name -> (constructor, input sampler)
GROUPS = {
    "cnn": {
        "lenet5": (LeNet5, _images(1, 32, 32)),
        "resnet18": (_tv("resnet18"), _images(3, 224, 224)),
        "resnet50": (_tv("resnet50"), _images(3, 224, 224)),
        "mobilenet_v2": (_tv("mobilenet_v2"), _images(3, 224, 224)),
        "squeezenet1_1": (_tv("squeezenet1_1"), _images(3, 224, 224)),
        "googlenet": (_tv("googlenet", aux_logits=False, init_weights=True), _images(3, 224, 224)),
        "inception_v3": (_tv("inception_v3", aux_logits=False, init_weights=True),
                         _images(3, 299, 299)),
        "densenet121": (_tv("densenet121"), _images(3, 224, 224)),
    },
    "torchvision": {
        name: (_tv(name), _images(3, 224, 224))
        for name in ("vit_b_16", "swin_t", "convnext_tiny", "shufflenet_v2_x1_0",
                     "mobilenet_v3_small", "efficientnet_b0")
    },
    "segmentation": {
        "lraspp_mobilenet_v3_large": (_segmentation("lraspp_mobilenet_v3_large"),
                                      _images(3, 224, 224)),
    },
    # Patch-based inference's anchors (bench/patch_plan.py): MobileNet-V2 width 0.35 at
    # 144x144, msf-CNN's model, and MNASNet.
    "patches": {
        "mobilenet_v2_035_144": (_tv("mobilenet_v2", width_mult=0.35), _images(3, 144, 144)),
        "mnasnet1_0": (_tv("mnasnet1_0"), _images(3, 224, 224)),
    },
    "transformers": {
        "tiny_bert": (TinyBert, _token_ids()),
        "tiny_gpt": (TinyGpt, _token_ids()),
    },
    "dynamic": {
        "tiny_bert_seq": (TinyBert, _token_ids()),
        "tiny_gpt_seq": (TinyGpt, _token_ids()),
    },
    # Memory-aware scheduling's networks: many-branched cells and random graphs.
    "irregular": {
        "darts_cifar": (irregular_nets.DartsCifar, _images(3, 32, 32)),
        "darts_imagenet": (irregular_nets.DartsImageNet, _images(3, 224, 224)),
        "nasnet_a_cifar": (irregular_nets.NasNetACifar, _images(3, 32, 32)),
        "nasnet_a_imagenet": (irregular_nets.NasNetAMobile, _images(3, 224, 224)),
        **{f"randwire_ws_cifar_s{seed}": (
            functools.partial(irregular_nets.RandWireWS, seed, stem_stride=1, regime="small",
                              classes=irregular_nets.CIFAR_CLASSES), _images(3, 32, 32))
           for seed in range(3)},
        # c=8: the regular regime's 8c-wide last stage keeps them at ~470k weights (2 MB)
        **{f"randwire_ws_imagenet_s{seed}": (
            functools.partial(irregular_nets.RandWireWS, seed, stem_stride=2, regime="regular",
                              c=8, classes=irregular_nets.IMAGENET_CLASSES),
            _images(3, 224, 224))
           for seed in range(3)},
    },
}
# The models the benchmarks measure, by the sections they write (bench/zoo_plan.py,
# bench/zoo_run.py --group): the CNNs, and the newer families in sections of their own.
BENCH_GROUPS = {
    "cnn": list(GROUPS["cnn"]),
    "new": [*GROUPS["transformers"], *GROUPS["torchvision"], *GROUPS["segmentation"]],
    # bench/patch_plan.py: the trade-off of planned bytes against MACs, patch by patch
    "patches": ["mobilenet_v2", "mobilenet_v2_035_144", "resnet18", "mobilenet_v3_small",
                "efficientnet_b0", "mnasnet1_0", "lraspp_mobilenet_v3_large"],
    # memory-aware scheduling of irregularly wired networks
    "irregular": list(GROUPS["irregular"]),
}
# name -> the ONNX names of its input's and output's dynamic axes
DYNAMIC_AXES = {"tiny_bert_seq": {1: "seq"}, "tiny_gpt_seq": {1: "seq"}}
GROUP_OF = {name: group for group, models in GROUPS.items() for name in models}


def _generator(seed):
    return torch.Generator().manual_seed(seed)


@contextlib.contextmanager
def _one_thread():
    """Runs PyTorch on one thread: its float results depend on the number of threads."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def _redraw_zero_weights(model):
    """Draws every all-zero Linear or Conv2d weight from N(0, 1/fan-in), so outputs are O(1)."""
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)) and not m.weight.any():
            nn.init.normal_(m.weight, std=m.weight[0].numel() ** -0.5)


def _unit_layer_scales(model):
    """Sets ConvNeXt's layer scales (1e-6 at initialization) to 1."""
    for m in model.modules():
        if isinstance(getattr(m, "layer_scale", None), nn.Parameter):
            nn.init.ones_(m.layer_scale)


def _calibrate_batch_norms(model, batch):
    """Gives every BatchNorm the mean and variance of its input on one forward pass of batch."""
    norms = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if not norms:
        return
    model.eval()
    for m in norms:
        m.reset_running_stats()
        m.momentum = None
        m.train()
    with torch.no_grad():
        model(batch)


def build(name):
    """The model NAME with the zoo's weights (see the module docstring), in eval mode."""
    construct, sample = GROUPS[GROUP_OF[name]][name]
    with _one_thread():
        torch.manual_seed(SEED)
        model = construct()
        _redraw_zero_weights(model)
        _unit_layer_scales(model)
        _calibrate_batch_norms(model, sample(CALIBRATION_BATCH, _generator(SEED + 1)))
    return model.eval()


def example_input(name):
    """The seeded batch-1 input NAME is exported with."""
    _, sample = GROUPS[GROUP_OF[name]][name]
    return sample(1, _generator(SEED))


# name -> (build, input sampler), as bench/zoo_run.py uses it: build() returns the model with the
# zoo's weights, in eval mode
ZOO = {name: (functools.partial(build, name), sample)
       for models in GROUPS.values() for name, (_, sample) in models.items()}


def onnx_path(name, out_dir, opset=13):
    """NAME.onnx at opset 13, NAME.opsetN.onnx at any other opset N."""
    return os.path.join(out_dir, name + (".onnx" if opset == 13 else f".opset{opset}.onnx"))


def _stamp_key():
    """What the files depend on: this script, irregular_nets.py and the torch and torchvision
    versions."""
    import torchvision
    digest = hashlib.sha256()
    for path in (__file__, irregular_nets.__file__):
        with open(os.path.abspath(path), "rb") as f:
            digest.update(f.read())
    return (f"export_zoo.py {digest.hexdigest()[:16]} torch {torch.__version__} "
            f"torchvision {torchvision.__version__}")


def _stamped_opsets(stamp_path):
    """The opsets the stamp vouches for under the current key (none when stale or absent)."""
    try:
        with open(stamp_path) as f:
            key, _, opsets = f.read().partition("\n")
    except FileNotFoundError:
        return set()
    return {int(o) for o in opsets.split()} if key == _stamp_key() else set()


def _save_atomically(path, write):
    """Calls write(tmp) on a temporary file beside path (same extension), then renames it."""
    root, ext = os.path.splitext(path)
    tmp = f"{root}.{os.getpid()}.tmp{ext}"
    write(tmp)
    os.replace(tmp, path)


def _write_text(path, text):
    with open(path, "w") as f:
        f.write(text)


def export(name, out_dir, opset=13):
    """Writes NAME's ONNX file at opset, its input and expected output into out_dir, unless they
    are there under the current stamp; returns the ONNX file's path."""
    import numpy as np
    path = onnx_path(name, out_dir, opset)
    input_path = os.path.join(out_dir, name + ".input.npy")
    expected_path = os.path.join(out_dir, name + ".expected.npy")
    stamp_path = os.path.join(out_dir, name + ".stamp")
    opsets = _stamped_opsets(stamp_path)
    axes = DYNAMIC_AXES.get(name)
    lengths = SEQ_LENGTHS if axes else ()
    files = [path, input_path, expected_path]
    for length in lengths:
        files += [os.path.join(out_dir, f"{name}.{kind}.{length}.npy")
                  for kind in ("input", "expected")]
    if opset in opsets and all(os.path.exists(p) for p in files):
        return path
    model, x = build(name), example_input(name)
    dynamic_axes = {"input": axes, "output": axes} if axes else None
    with _one_thread():
        _save_atomically(path, lambda tmp: torch.onnx.export(
            model, x, tmp, opset_version=opset, do_constant_folding=True,
            input_names=["input"], output_names=["output"], dynamic_axes=dynamic_axes))
        expected = model(x).detach().numpy()
        pairs = [(x.numpy(), input_path), (expected, expected_path)]
        for length in lengths:
            xl = _token_ids(length)(1, _generator(SEED))
            pairs += [(xl.numpy(), os.path.join(out_dir, f"{name}.input.{length}.npy")),
                      (model(xl).detach().numpy(),
                       os.path.join(out_dir, f"{name}.expected.{length}.npy"))]
    for array, final in pairs:
        _save_atomically(final, lambda tmp: np.save(tmp, array))
    stamp = _stamp_key() + "\n" + " ".join(str(o) for o in sorted(opsets | {opset})) + "\n"
    _save_atomically(stamp_path, lambda tmp: _write_text(tmp, stamp))
    magnitude = float(np.abs(expected).max())
    sane = "" if 1e-2 <= magnitude <= 1e3 else " (outside 1e-2..1e3)"
    print(f"export_zoo: {name} opset {opset}: max |output| {magnitude:.3g}{sane}", file=sys.stderr)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=".", help="output folder")
    parser.add_argument("--opset", type=int, choices=OPSETS, default=13, help="ONNX opset")
    parser.add_argument("--group", choices=[*GROUPS, "all"], help="export this group of models")
    parser.add_argument("--list", action="store_true", help="list the models with their group")
    parser.add_argument("models", nargs="*", help="models to export (default: the cnn group)")
    args = parser.parse_args()
    if args.list:
        print("\n".join(f"{name} {group}" for name, group in GROUP_OF.items()))
        return 0
    if args.models and args.group:
        parser.error("name models or a group, not both")
    for name in args.models:
        if name not in ZOO:
            parser.error(f"unknown model '{name}' (known: {', '.join(ZOO)})")
    group = args.group or "cnn"
    names = args.models or [n for n, g in GROUP_OF.items() if group in (g, "all")]
    os.makedirs(args.out, exist_ok=True)
    for name in names:
        print(export(name, args.out, args.opset))
    return 0


if __name__ == "__main__":
    sys.exit(main())
