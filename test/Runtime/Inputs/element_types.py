#!/usr/bin/python3
"""The inputs of element-types.test and the check of its outputs.

  element_types.py write DIR     writes DIR/<type>.npy, three values each
  element_types.py compare DIR   prints "<type> <descr> <same>" per type: whether DIR/o.<type>.npy
                                 has the input's dtype and bytes
"""
import os
import sys

import numpy as np

BF16_BITS = np.array([0x3F80, 0xC020, 0x3B80], np.uint16)  # 1, -2.5, 2^-8 as bfloat16
VALUES = {
    "f64": np.array([0.1, -1e300, 2.5], np.float64),
    "f16": np.array([0.5, -65504, 1e-4], np.float16),
    "bf16": BF16_BITS,
    "i8": np.array([-128, 127, 0], np.int8),
    "i16": np.array([-32768, 32767, 5], np.int16),
    "i64": np.array([2**53 + 1, -2**63, -1], np.int64),
    "u8": np.array([255, 0, 7], np.uint8),
    "u32": np.array([2**32 - 1, 0, 7], np.uint32),
    "u64": np.array([2**64 - 1, 0, 7], np.uint64),
}


def main():
    mode, folder = sys.argv[1], sys.argv[2]
    for name, value in VALUES.items():
        if mode == "write":
            np.save(os.path.join(folder, name + ".npy"), value)
            continue
        out = np.load(os.path.join(folder, "o." + name + ".npy"))
        same = out.dtype == value.dtype and out.tobytes() == value.tobytes()
        print(name, out.dtype.str, same)


if __name__ == "__main__":
    main()
