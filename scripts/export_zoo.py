#!/usr/bin/python3
"""Exports mini-infer's model zoo to ONNX with Debian's python3-torch and python3-torchvision.

Every model is built with weights=None after torch.manual_seed(0), put in eval mode, and exported at
batch 1, fp32, opset 13, so that the same packages give the same files. Run with /usr/bin/python3.

  export_zoo.py --out DIR [MODEL ...]     (default: every model; see --list)

Beside NAME.onnx it writes NAME.input.npy (the seeded input the model was exported with) and
NAME.expected.npy (PyTorch's output on it, the reference of the end-to-end tests). A model whose
three files already exist in DIR is not exported again.
"""
import argparse
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


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


def _tv(name, **kwargs):
    def build():
        import torchvision.models as models
        return getattr(models, name)(weights=None, **kwargs)
    return build


# name -> (constructor, input shape)
ZOO = {
    "lenet5": (LeNet5, (1, 1, 32, 32)),
    "resnet18": (_tv("resnet18"), (1, 3, 224, 224)),
    "resnet50": (_tv("resnet50"), (1, 3, 224, 224)),
    "mobilenet_v2": (_tv("mobilenet_v2"), (1, 3, 224, 224)),
    "squeezenet1_1": (_tv("squeezenet1_1"), (1, 3, 224, 224)),
    "googlenet": (_tv("googlenet", aux_logits=False, init_weights=True), (1, 3, 224, 224)),
    "inception_v3": (_tv("inception_v3", aux_logits=False, init_weights=True), (1, 3, 299, 299)),
    "densenet121": (_tv("densenet121"), (1, 3, 224, 224)),
}


def export(name, out_dir):
    path = os.path.join(out_dir, name + ".onnx")
    input_path = os.path.join(out_dir, name + ".input.npy")
    expected_path = os.path.join(out_dir, name + ".expected.npy")
    if all(os.path.exists(p) for p in (path, input_path, expected_path)):
        return path
    ctor, shape = ZOO[name]
    torch.manual_seed(0)
    model = ctor().eval()
    x = torch.randn(*shape)
    tmp = f"{path}.{os.getpid()}.tmp"
    with torch.no_grad():
        torch.onnx.export(model, x, tmp, opset_version=13, do_constant_folding=True,
                          input_names=["input"], output_names=["output"])
        expected = model(x)
    import numpy as np
    for array, final in ((x, input_path), (expected, expected_path)):
        np.save(f"{final}.{os.getpid()}.tmp.npy", array.numpy().astype(np.float32))
        os.replace(f"{final}.{os.getpid()}.tmp.npy", final)
    os.replace(tmp, path)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=False, default=".", help="output folder")
    parser.add_argument("--list", action="store_true", help="list the models and exit")
    parser.add_argument("models", nargs="*", help="models to export (default: all)")
    args = parser.parse_args()
    if args.list:
        print("\n".join(ZOO))
        return 0
    names = args.models or list(ZOO)
    for name in names:
        if name not in ZOO:
            print(f"export_zoo: unknown model '{name}' (known: {', '.join(ZOO)})", file=sys.stderr)
            return 1
    os.makedirs(args.out, exist_ok=True)
    for name in names:
        print(export(name, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
