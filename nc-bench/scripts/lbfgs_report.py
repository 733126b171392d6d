#!/usr/bin/env python3
"""Markdown table of the time to minimize issue 17's deep linear UFM with L-BFGS: nc4j's
LbfgsBenchmark from a JMH JSON result file, and SciPy's L-BFGS-B measured now, right after, by
ufm_lbfgs_scipy.py from the same initial parameters, with as many BLAS threads as JMH's
`threads` parameter.

Usage: lbfgs_report.py JMH_RESULT.json DIR [REPEATS]
DIR holds what LbfgsReference writes (see ufm_lbfgs_scipy.py); nc4j's iterations and
evaluations are read from it (L-BFGS is deterministic, so every JMH operation takes the same).
With JMH's default mode (average time) both sides are means over their runs; with `-bm sample`
both are medians (JMH's p0.50 against the median of SciPy's repeats), which a machine shared
with other work disturbs less. The last line sums up: the time per minimization averaged over
the seeds for each, and their ratio; with LbfgsBenchmark's CPU-time counters (average-time
mode), the same for the CPU time of the minimizing thread.
"""
import json
import os
import statistics
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
jmh = json.load(open(sys.argv[1]))
root = sys.argv[2]
repeats = sys.argv[3] if len(sys.argv) > 3 else "20"

nc4j, evaluate, cpu = {}, {}, {}  # seed -> (ms, error); us per evaluation; CPU ms per run
threads = set()
modes = set()
for result in jmh:
    p, metric = result["params"], result["primaryMetric"]
    threads.add(int(p["threads"]))
    name = result["benchmark"].rsplit(".", 1)[1]
    sample = result["mode"] == "sample"
    modes.add(sample)
    score, spread = metric["score"], metric["scoreError"]
    if sample:  # the median, and half the distance between the quartiles as its spread
        times = sorted(value for fork in metric["rawDataHistogram"] for iteration in fork
                       for value, count in iteration for _ in range(count))
        q1, score, q3 = statistics.quantiles(times, n=4)
        spread = (q3 - q1) / 2
    if name == "minimize":
        nc4j[p["seed"]] = (score, spread)
        aux = result.get("secondaryMetrics", {})
        if "cpuMillis" in aux and "runs" in aux:
            runs = sum(sum(fork) for fork in aux["runs"]["rawData"])
            cpu[p["seed"]] = sum(sum(fork) for fork in aux["cpuMillis"]["rawData"]) / runs
    elif name == "evaluate":
        evaluate[p["seed"]] = score
if len(modes) != 1:
    sys.exit("run one JMH mode at a time")
(medians,) = modes
statistic = "median_ms" if medians else "ms"
if len(threads) != 1:
    sys.exit("run one thread count at a time (-p threads=N), got " + str(sorted(threads)))
(thread_count,) = threads

env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
out = subprocess.check_output([sys.executable, os.path.join(here, "ufm_lbfgs_scipy.py"),
                               str(thread_count), root, repeats], env=env, text=True)
scipy = json.loads(out.strip().splitlines()[-1])

print(f"threads: {thread_count} (nc4j GEMM threads; OPENBLAS_NUM_THREADS = OMP_NUM_THREADS ="
      f" {thread_count}); times are {'medians' if medians else 'means'}\n")
print("| seed | nc4j ms | nc4j iterations / evaluations | nc4j iterations/s | SciPy ms "
      "| SciPy iterations / evaluations | SciPy iterations/s | nc4j speed-up |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
ours_all, theirs_all = [], []
split = []
for seed in sorted(nc4j, key=int):
    ms, error = nc4j[seed]
    spec = json.load(open(os.path.join(root, f"seed{seed}", "problem.json")))
    it, ev = spec["nc4j"]["iterations"], spec["nc4j"]["evaluations"]
    s = scipy.get(seed)
    cells = "- | - | - | -"
    if s:
        theirs = s[statistic]
        cells = (f"{theirs:.2f} | {s['iterations']} / {s['evaluations']} "
                 f"| {1e3 * s['iterations'] / theirs:,.0f} | {theirs / ms:.2f}x")
        ours_all.append(ms)
        theirs_all.append(theirs)
        if seed in evaluate:
            split.append((seed, ev * evaluate[seed] / 1e3 / ms,
                          s["evaluations"] * s["objective_us"] / 1e3 / theirs,
                          evaluate[seed], s["objective_us"]))
    print(f"| {seed} | {ms:.2f} ± {error:.2f} | {it} / {ev} | {1e3 * it / ms:,.0f} | {cells} |")

if split:
    print("\nShare of the time in the objective and gradient (evaluations x the time of one):")
    for seed, ours, theirs, ours_us, theirs_us in split:
        print(f"- seed {seed}: nc4j {100 * ours:.0f} % ({ours_us:.1f} us per evaluation),"
              f" SciPy {100 * theirs:.0f} % ({theirs_us:.1f} us per evaluation)")
if cpu and all("cpu_ms" in scipy.get(seed, {}) for seed in cpu):
    print("\nCPU time of the minimizing thread, mean ms per minimization (nc4j: the benchmark"
          " thread; SciPy: time.thread_time):")
    for seed in sorted(cpu, key=int):
        print(f"- seed {seed}: nc4j {cpu[seed]:.2f}, SciPy {scipy[seed]['cpu_ms']:.2f},"
              f" nc4j speed-up {scipy[seed]['cpu_ms'] / cpu[seed]:.2f}x")
if ours_all:
    ours, theirs = statistics.fmean(ours_all), statistics.fmean(theirs_all)
    line = (f"\nall seeds: nc4j {ours:.2f} ms, SciPy {theirs:.2f} ms per minimization,"
            f" nc4j speed-up {theirs / ours:.2f}x")
    if cpu and all("cpu_ms" in scipy.get(seed, {}) for seed in cpu):
        ours_cpu = statistics.fmean(cpu.values())
        theirs_cpu = statistics.fmean(scipy[seed]["cpu_ms"] for seed in cpu)
        line += (f"; CPU time nc4j {ours_cpu:.2f} ms, SciPy {theirs_cpu:.2f} ms,"
                 f" nc4j speed-up {theirs_cpu / ours_cpu:.2f}x")
    print(line)
