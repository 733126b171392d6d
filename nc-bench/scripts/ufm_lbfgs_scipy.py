#!/usr/bin/env python3
"""SciPy's L-BFGS-B on the problem of LbfgsBenchmark: issue 17's deep linear UFM (K = 5,
n = (240, 120, 60, 30, 15), d = 20, M = 2, MSE, lambda_W = (4e-3, 6e-3), lambda_H = 5e-3),
minimized from nc4j's initial parameters until the objective is within 1e-8 of the closed-form
optimum, relative to it.

Usage: ufm_lbfgs_scipy.py THREADS DIR [REPEATS]   (THREADS = 0 means every processor)

DIR is what `java -cp nc-bench/target/benchmarks.jar io.github.nc4j.bench.LbfgsReference DIR`
writes: one folder per seed with the initial parameters (H.npy, W1.npy, W2.npy), the point where
nc4j's L-BFGS stopped (H_end.npy, ...) and problem.json. The objective, in nc4j's layout (H is
N x d, W_1 d x d, W_2 K x d), is

    f = (1/(2N)) ||H W_1^T W_2^T - Y||_F^2 + sum_l (lambda_Wl/2) ||W_l||_F^2 + (lambda_H/2) ||H||_F^2

with its gradient written out in NumPy. Before timing, the script checks that f and the
gradient norm equal nc4j's at both points to a relative 1e-12 (else it exits non-zero).

Each seed is minimized by scipy.optimize.minimize(method="L-BFGS-B", jac=True) with maxcor=10,
no bounds and gtol = ftol = 0. An untimed run with a callback that stops it (StopIteration) at
the first iterate with (f - f*) / f* <= 1e-8, the same test LbfgsRun makes after each step, finds
how many iterations that takes; the timed runs stop by maxiter at that iteration instead (the
same iterate, checked), so they do not pay for the callback, which builds an OptimizeResult
every iteration. Every minimization starts from a fresh copy of the initial vector; the untimed
run, then REPEATS (default 20) timed with
time.perf_counter, the whole call to minimize included, and by time.thread_time (the CPU time of
the calling thread; with one BLAS thread all the work is that thread's). Then the objective and its gradient alone:
one evaluation at the initial point, timed over 1000 calls (the rest of a minimization's time,
beyond evaluations x this, is L-BFGS-B's own). Prints one line per seed,

    seed S: scipy ms MEAN median MEDIAN cpu CPU_MEAN iterations IT evaluations EV ...

and then one JSON object {"<seed>": {"ms": mean, "median_ms": ..., "cpu_ms": ...,
"iterations": ..., "evaluations": ..., "objective_us": ...}}. OPENBLAS_NUM_THREADS and OMP_NUM_THREADS are set,
and OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed, before NumPy is imported.
"""
import json
import os
import statistics
import sys
import time

threads = int(sys.argv[1])
for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ[name] = str(threads or os.cpu_count())
for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    os.environ.pop(name, None)
import numpy as np  # noqa: E402  (after the environment is set)
from scipy.optimize import minimize  # noqa: E402


class Problem:
    """f and its gradient over the flat vector x = (H, W_1, W_2), each row-major."""

    def __init__(self, spec, shapes):
        self.sizes = spec["class_sizes"]
        self.lambda_w = spec["lambda_w"]
        self.lambda_h = spec["lambda_h"]
        self.n = sum(self.sizes)
        self.shapes = shapes
        self.bounds = np.cumsum([0] + [r * c for r, c in shapes])
        k = len(self.sizes)
        self.y = np.repeat(np.eye(k), self.sizes, axis=0)  # one-hot, rows ordered by class

    def split(self, v):
        return [v[a:b].reshape(shape)
                for a, b, shape in zip(self.bounds[:-1], self.bounds[1:], self.shapes)]

    def __call__(self, x):
        h, w1, w2 = self.split(x)
        grad = np.empty(self.bounds[-1])  # a new array: SciPy keeps the one returned
        gh, gw1, gw2 = self.split(grad)
        a = h @ w1.T                      # N x d
        e = a @ w2.T - self.y             # N x K
        lw1, lw2 = self.lambda_w
        f = (0.5 / self.n * np.vdot(e, e) + 0.5 * lw1 * np.vdot(w1, w1)
             + 0.5 * lw2 * np.vdot(w2, w2) + 0.5 * self.lambda_h * np.vdot(h, h))
        dz = e / self.n
        np.matmul(dz.T, a, out=gw2)
        gw2 += lw2 * w2
        da = dz @ w2                      # N x d
        np.matmul(da.T, h, out=gw1)
        gw1 += lw1 * w1
        np.matmul(da, w1, out=gh)
        gh += self.lambda_h * h
        return f, grad


def load(folder, suffix=""):
    return [np.load(os.path.join(folder, f"{name}{suffix}.npy")) for name in ("H", "W1", "W2")]


def check(name, problem, x, expected):
    f, g = problem(x)
    norm = np.linalg.norm(g)
    worst = max(abs(f - expected["objective"]) / abs(expected["objective"]),
                abs(norm - expected["gradient_norm"]) / abs(expected["gradient_norm"]))
    if not worst < 1e-12:
        sys.exit(f"{name}: the objective differs from nc4j's: f {f!r} vs"
                 f" {expected['objective']!r}, gradient norm {norm!r} vs"
                 f" {expected['gradient_norm']!r}")


def solve(problem, x0, target=None, iterations=20000):
    """L-BFGS-B from x0, stopped at the first iterate at most target, or after iterations."""
    def stop(intermediate_result):
        if intermediate_result.fun <= target:
            raise StopIteration

    return minimize(problem, x0.copy(), jac=True, method="L-BFGS-B",
                    callback=None if target is None else stop,
                    options=dict(maxcor=10, gtol=0, ftol=0, maxiter=iterations, maxfun=40000))


def main(argv):
    root = argv[2]
    repeats = int(argv[3]) if len(argv) > 3 else 20
    results = {}
    for folder in sorted(os.listdir(root), key=lambda s: int(s.removeprefix("seed"))):
        path = os.path.join(root, folder)
        spec = json.load(open(os.path.join(path, "problem.json")))
        start = load(path)
        problem = Problem(spec, [p.shape for p in start])
        x0 = np.concatenate([p.ravel() for p in start])
        check(folder, problem, x0, spec["start"])
        check(folder, problem, np.concatenate([p.ravel() for p in load(path, "_end")]),
              spec["end"])
        optimum = spec["optimum"]
        target = optimum + spec["relative_error"] * optimum
        first = solve(problem, x0, target=target)  # untimed
        if not first.fun <= target:
            sys.exit(f"{folder}: L-BFGS-B stopped at {first.fun!r} above the target {target!r}"
                     f" after {first.nit} iterations: {first.message}")
        times, cpu = [], []
        for _ in range(repeats):
            begin, begin_cpu = time.perf_counter(), time.thread_time()
            r = solve(problem, x0, iterations=first.nit)
            cpu.append(time.thread_time() - begin_cpu)
            times.append(time.perf_counter() - begin)
        if not (r.fun == first.fun and r.nit == first.nit):
            sys.exit(f"{folder}: stopped by maxiter at {r.fun!r} after {r.nit} iterations, not"
                     f" at the callback's {first.fun!r} after {first.nit}")
        begin = time.perf_counter()
        for _ in range(1000):
            problem(x0)
        objective_us = 1e3 * (time.perf_counter() - begin)
        ms = 1e3 * statistics.fmean(times)
        median = 1e3 * statistics.median(times)
        cpu_ms = 1e3 * statistics.fmean(cpu)
        error = (r.fun - optimum) / optimum
        print(f"seed {spec['seed']}: scipy ms {ms:.2f} median {median:.2f} cpu {cpu_ms:.2f}"
              f" iterations {r.nit} evaluations {r.nfev} objective_us {objective_us:.1f}"
              f" relative_error {error:.2e}", flush=True)
        results[str(spec["seed"])] = dict(ms=ms, median_ms=median, cpu_ms=cpu_ms,
                                          iterations=int(r.nit), evaluations=int(r.nfev),
                                          objective_us=objective_us, relative_error=error)
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv)
