#!/usr/bin/env python3
"""nc4j and NumPy timed in alternating rounds: a pair in every round, on a machine whose
neighbours come and go.

Usage: interleaved_pairs.py [--float32] THREADS N [ROUNDS [SECONDS [WARMUP [PAUSE]]]]
  THREADS  0 means every processor (nc4j's -Dnc4j.threads and OPENBLAS_NUM_THREADS alike)
  N        the order of the square product C = A B (Gaussian inputs, as GemmBenchmark makes them)
  ROUNDS   measured rounds (default 15), after WARMUP rounds (default 4) that are not counted
  SECONDS  the length of each side's round (default 1)
  PAUSE    seconds of sleep before each side's round (default 0.3)

Runs io.github.nc4j.bench.Interleaved (GEMM, or with --float32 the single-precision product,
Blas.gemm with Precision.FLOAT32) from nc-bench/target/benchmarks.jar with $JAVA_HOME/bin/java,
and times numpy.matmul into a preallocated output of the same dtype in this process. Each round
runs both sides for SECONDS, nc4j first in even rounds and NumPy first in odd ones, each after
PAUSE seconds of sleep: OpenBLAS's idle threads go on polling for new work for a while after a
product (its THREAD_TIMEOUT, 2^28 cycles by default), and with two threads on two processors
that took 5 to 10 % from nc4j's rounds that followed NumPy's straight away. Prints each
round's mean times and their ratio (nc4j / NumPy), then one JSON line: the ratios, their
median and quartiles.
"""
import json
import os
import subprocess
import sys
import time

args = sys.argv[1:]
single = args[:1] == ["--float32"]
if single:
    args = args[1:]
if len(args) < 2:
    sys.exit(__doc__)
threads = int(args[0])
n = int(args[1])
rounds = int(args[2]) if len(args) > 2 else 15
seconds = float(args[3]) if len(args) > 3 else 1.0
warmup = int(args[4]) if len(args) > 4 else 4
pause = float(args[5]) if len(args) > 5 else 0.3
processors = threads or os.cpu_count()
os.environ["OPENBLAS_NUM_THREADS"] = str(processors)
import numpy as np  # noqa: E402  (after the environment is set)

here = os.path.dirname(os.path.abspath(__file__))
jar = os.path.join(here, "..", "target", "benchmarks.jar")
java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if "JAVA_HOME" in os.environ \
    else "java"
nc4j = subprocess.Popen(
    [java, "--add-modules", "jdk.incubator.vector", f"-Dnc4j.threads={processors}", "-cp", jar,
     "io.github.nc4j.bench.Interleaved", "nc4j", "sgemm" if single else "gemm", str(n)],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

dtype = np.float32 if single else np.float64
rng = np.random.default_rng(42)
a = rng.standard_normal((n, n)).astype(dtype)
b = rng.standard_normal((n, n)).astype(dtype)
c = np.empty((n, n), dtype)


def nc4j_round():
    time.sleep(pause)
    nc4j.stdin.write(f"{seconds}\n")
    nc4j.stdin.flush()
    line = nc4j.stdout.readline()
    if not line:
        sys.exit("the Java side ended early: is nc-bench/target/benchmarks.jar built, and JAVA_HOME"
                 " a JDK of version 21 or newer?")
    return json.loads(line)["meanMs"]


def numpy_round():
    time.sleep(pause)
    calls, start = 0, time.perf_counter()
    while True:
        np.matmul(a, b, out=c)
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return 1e3 * elapsed / calls


ratios = []
for r in range(warmup + rounds):
    if r % 2 == 0:
        ours, theirs = nc4j_round(), numpy_round()
    else:
        theirs, ours = numpy_round(), nc4j_round()
    if r >= warmup:
        ratios.append(ours / theirs)
        print(f"round {r - warmup + 1}: nc4j {ours:.3f} ms, NumPy {theirs:.3f} ms,"
              f" ratio {ours / theirs:.3f}", flush=True)
nc4j.stdin.close()
nc4j.wait()
ordered = sorted(ratios)


def quantile(q):
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (position - low) * (ordered[high] - ordered[low])


print(json.dumps({"op": "sgemm" if single else "gemm", "n": n, "threads": processors,
                  "rounds": len(ratios), "seconds": seconds,
                  "ratios": [round(x, 4) for x in ratios],
                  "median": round(quantile(0.5), 4), "q1": round(quantile(0.25), 4),
                  "q3": round(quantile(0.75), 4)}))
