#!/usr/bin/env python3
"""Times LAPACK's dqds (dlasq1: singular values of a bidiagonal) from the OpenBLAS that NumPy
bundles, called through ctypes, for the "where the time goes" figures of BENCHMARKS.md.

Bidiagonals of order n: that of a Gaussian n x n matrix (entries chi-distributed with n, n-1,
... degrees of freedom, which is what Householder bidiagonalization of such a matrix gives in
distribution), and one with entries uniform in [-1, 1]. Prints the best of 30 calls.

Usage: dlasq1_numpy.py [n]      (default 500; needs a NumPy wheel with scipy-openblas64)
"""
import ctypes
import glob
import os
import sys
import time

import numpy as np

libs = glob.glob(os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs",
                              "libscipy_openblas64_*.so"))
if not libs:
    sys.exit("no bundled scipy-openblas64 library next to this NumPy")
lapack = ctypes.CDLL(libs[0])
dlasq1 = lapack.scipy_dlasq1_64_
P = ctypes.POINTER(ctypes.c_double)


def singular_values(d, e):
    n = ctypes.c_int64(len(d))
    d = np.array(d, dtype=np.float64)
    e = np.append(np.asarray(e, dtype=np.float64), 0.0)
    work = np.zeros(4 * len(d))
    info = ctypes.c_int64(0)
    dlasq1(ctypes.byref(n), d.ctypes.data_as(P), e.ctypes.data_as(P), work.ctypes.data_as(P),
           ctypes.byref(info))
    if info.value != 0:
        sys.exit(f"dlasq1 info = {info.value}")
    return d


n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
rng = np.random.default_rng(5)
cases = {
    "gaussian": (np.sqrt(rng.chisquare(np.arange(n, 0, -1))),
                 np.sqrt(rng.chisquare(np.arange(n - 1, 0, -1)))),
    "uniform": (rng.uniform(-1, 1, n), rng.uniform(-1, 1, n - 1)),
}
for name, (d, e) in cases.items():
    best = float("inf")
    for _ in range(30):
        start = time.perf_counter()
        singular_values(d, e)
        best = min(best, time.perf_counter() - start)
    print(f"dlasq1 {name:8s} n = {n}: {best * 1e3:.3f} ms")
