#!/usr/bin/env python3
"""Writes the small .npy fixtures of NpyTest with numpy itself (run in this directory: python3 generate.py)."""
import numpy as np
from numpy.lib import format as npf

m = np.array([[1.5, -2.25, 3.0], [4.0, 5.5, -6.125]])
np.save("f8_matrix.npy", m)                                      # float64, C order, format 1.0
np.save("f4_bigendian.npy", m.astype(">f4"))                     # big-endian float32
np.save("fortran.npy", np.asfortranarray(m))                     # Fortran order: refused
np.save("complex.npy", m.astype(np.complex64))                   # unsupported dtype: refused
np.save("i4_labels.npy", np.array([0, 2, 1, 2], dtype=np.int32))
np.save("u1_labels.npy", np.array([1, 0, 1], dtype=np.uint8))
np.save("f4_targets.npy", np.array([0.5, -1.25, 2.0], dtype=np.float32))
np.save("f8_fractional.npy", np.array([0.0, 1.5]))              # not class ids
with open("v2_matrix.npy", "wb") as fh:                          # format 2.0 header
    npf.write_array(fh, m.astype(np.float32), version=(2, 0))
