#!/usr/bin/env python3
"""nc4j timed against NumPy, or against another build of nc4j, in alternating rounds: a pair in
every round, on a machine whose neighbours come and go.

Usage: interleaved_pairs.py [--float32] [--rounds R] [--seconds S] [--warmup W] [--pause P]
                            [--cpu C] [--jar JAR] [--against JAR_B] THREADS N
  THREADS  0 means every processor (nc4j's -Dnc4j.threads and OPENBLAS_NUM_THREADS alike)
  N        the order of the square product C = A B (Gaussian inputs, as GemmBenchmark makes them)

Runs io.github.nc4j.bench.Interleaved (GEMM, or with --float32 the single-precision product,
Blas.gemm with Precision.FLOAT32) from JAR (nc-bench/target/benchmarks.jar by default) with
$JAVA_HOME/bin/java, and times numpy.matmul into a preallocated output of the same dtype in this
process, or with --against a second Interleaved from JAR_B (two versions of nc4j, A and B).
After W rounds that are not counted (default 4), each of R rounds (default 15) runs both sides
for S seconds (default 1), the first side first in even rounds and the second first in odd
ones, each after P seconds of sleep (default 0.3): OpenBLAS's idle threads go on polling for new
work for a while after a product (its THREAD_TIMEOUT, 2^28 cycles by default), and with two
threads on two processors that took 5 to 10 % from nc4j's rounds that followed NumPy's straight
away. With one thread, both sides run on the one processor C (default: the first this script
may use), so that a round's pair meets the same virtual CPU: on a VM the two processors can
have different neighbours, and unpinned the two sides need not share one. Prints each round's
mean times and their ratio (first side / second side), then one JSON line: the ratios, their
median and quartiles, and the processor.
"""
import argparse
import json
import os
import subprocess
import sys
import time

parser = argparse.ArgumentParser(usage=__doc__.split("\n\n")[1].removeprefix("Usage: "))
parser.add_argument("--float32", action="store_true")
parser.add_argument("--rounds", type=int, default=15)
parser.add_argument("--seconds", type=float, default=1.0)
parser.add_argument("--warmup", type=int, default=4)
parser.add_argument("--pause", type=float, default=0.3)
parser.add_argument("--cpu", type=int)
here = os.path.dirname(os.path.abspath(__file__))
parser.add_argument("--jar", default=os.path.join(here, "..", "target", "benchmarks.jar"))
parser.add_argument("--against")
parser.add_argument("threads", type=int)
parser.add_argument("n", type=int)
args = parser.parse_args()
processors = args.threads or os.cpu_count()
cpu = None
if processors == 1:
    cpu = args.cpu if args.cpu is not None else min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})  # inherited by the Java side
os.environ["OPENBLAS_NUM_THREADS"] = str(processors)
import numpy as np  # noqa: E402  (after the environment is set)

java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if "JAVA_HOME" in os.environ \
    else "java"
operation = "sgemm" if args.float32 else "gemm"


def java_side(jar):
    """A round of calls in a JVM running Interleaved from `jar`, as a function."""
    process = subprocess.Popen(
        [java, "--add-modules", "jdk.incubator.vector", f"-Dnc4j.threads={processors}", "-cp",
         jar, "io.github.nc4j.bench.Interleaved", "nc4j", operation, str(args.n)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run_round():
        try:
            process.stdin.write(f"{args.seconds}\n")
            process.stdin.flush()
            line = process.stdout.readline()
        except BrokenPipeError:
            line = ""
        if not line:
            sys.exit(f"the Java side ({jar}) ended early: is the jar built, and JAVA_HOME a JDK"
                     " of version 21 or newer?")
        return json.loads(line)["meanMs"]
    run_round.process = process
    return run_round


def numpy_side():
    """A round of NumPy's calls, timed in this process, as a function."""
    dtype = np.float32 if args.float32 else np.float64
    rng = np.random.default_rng(42)
    a = rng.standard_normal((args.n, args.n)).astype(dtype)
    b = rng.standard_normal((args.n, args.n)).astype(dtype)
    c = np.empty((args.n, args.n), dtype)

    def run_round():
        calls, start = 0, time.perf_counter()
        while True:
            np.matmul(a, b, out=c)
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= args.seconds:
                return 1e3 * elapsed / calls
    return run_round


first = java_side(args.jar)
second = java_side(args.against) if args.against else numpy_side()
names = ("A", "B") if args.against else ("nc4j", "NumPy")


def timed(side):
    time.sleep(args.pause)
    return side()


ratios = []
for r in range(args.warmup + args.rounds):
    if r % 2 == 0:
        ours, theirs = timed(first), timed(second)
    else:
        theirs, ours = timed(second), timed(first)
    if r >= args.warmup:
        ratios.append(ours / theirs)
        print(f"round {r - args.warmup + 1}: {names[0]} {ours:.3f} ms, {names[1]} {theirs:.3f} ms,"
              f" ratio {ours / theirs:.3f}", flush=True)
for side in (first, second):
    if hasattr(side, "process"):
        side.process.stdin.close()
        side.process.wait()
ordered = sorted(ratios)


def quantile(q):
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (position - low) * (ordered[high] - ordered[low])


print(json.dumps({"op": operation, "n": args.n, "threads": processors, "cpu": cpu,
                  "against": args.against or "numpy", "rounds": len(ratios),
                  "seconds": args.seconds, "ratios": [round(x, 4) for x in ratios],
                  "median": round(quantile(0.5), 4), "q1": round(quantile(0.25), 4),
                  "q3": round(quantile(0.75), 4)}))
