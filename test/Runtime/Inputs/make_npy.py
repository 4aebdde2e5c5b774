#!/usr/bin/python3
"""Writes the .npy inputs of the mini-run tests into a folder: x.npy and y.npy (2x3 float32),
big.npy (big-endian float32), wrong_shape.npy (3x2), f64.npy (float64), garbage.npy."""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
np.save(os.path.join(out, "x.npy"), np.array([[1, -2, 3], [-4, 5, -6]], np.float32))
np.save(os.path.join(out, "y.npy"), np.array([[0.5, 0.5, 0.5], [10, -10, 10]], np.float32))
np.save(os.path.join(out, "big.npy"), np.array([[0.5, 0.5, 0.5], [10, -10, 10]], ">f4"))
np.save(os.path.join(out, "wrong_shape.npy"), np.zeros((3, 2), np.float32))
np.save(os.path.join(out, "f64.npy"), np.zeros((2, 3), np.float64))
with open(os.path.join(out, "garbage.npy"), "wb") as f:
    f.write(b"not a numpy file")
