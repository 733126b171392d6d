#!/usr/bin/env python3
"""NumPy/LAPACK reference timings for SvdBenchmark and EigenBenchmark.

Times numpy.linalg.svd (full_matrices=False, i.e. LAPACK dgesdd), svd(compute_uv=False),
numpy.linalg.eigh (dsyevd) and eigvalsh on the same shapes as the JMH benchmarks (Gaussian
n x n; for eigen the symmetric A + A^T), and prints the best and the median of repeated runs in
milliseconds. Run it in the same session as the JMH benchmarks and with the same thread count
(OPENBLAS_NUM_THREADS, default: all cores), e.g.

    python3 nc-bench/scripts/linalg_numpy.py --sizes 64 128 256 512 1024
"""
import argparse
import time

import numpy as np


def measure(f, min_time):
    f()  # warm-up
    times = []
    start = time.perf_counter()
    while len(times) < 5 or time.perf_counter() - start < min_time:
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    times.sort()
    return 1e3 * times[0], 1e3 * times[len(times) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 128, 256, 512, 1024])
    parser.add_argument("--min-time", type=float, default=2.0,
                        help="seconds of repetitions per case (default 2)")
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    print(f"numpy {np.__version__}")
    print(f"{'case':<16}{'n':>6}{'best ms':>12}{'median ms':>12}")
    for n in args.sizes:
        a = rng.standard_normal((n, n))
        s = a + a.T
        cases = [
            ("svd full", lambda: np.linalg.svd(a, full_matrices=False)),
            ("svd values", lambda: np.linalg.svd(a, compute_uv=False)),
            ("eigh", lambda: np.linalg.eigh(s)),
            ("eigvalsh", lambda: np.linalg.eigvalsh(s)),
        ]
        for name, f in cases:
            best, median = measure(f, args.min_time)
            print(f"{name:<16}{n:>6}{best:>12.3f}{median:>12.3f}", flush=True)


if __name__ == "__main__":
    main()
