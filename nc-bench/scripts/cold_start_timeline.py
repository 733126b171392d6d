#!/usr/bin/env python3
"""One cold JVM's calls laid beside the JIT's log: what was compiled when the calls got faster.

Run ColdStart with the JIT's log and the call series, then this script on both:
    java --add-modules jdk.incubator.vector -XX:+PrintCompilation -Dcoldstart.series=SERIES \\
        -cp nc-bench/target/benchmarks.jar io.github.nc4j.bench.ColdStart nc4j gemm 128 2.5 > LOG
    cold_start_timeline.py LOG SERIES

LOG holds HotSpot's -XX:+PrintCompilation lines (time stamps in ms of the JVM's uptime) and
ColdStart's JSON line, whose firstCallAtMs places the first call on that clock; SERIES holds each
call's time in microseconds. Prints, for every BUCKET ms of uptime (default 50), the calls that
ended in it, their mean and their fastest, and between the buckets the log's lines for methods
matching METHODS (default: nc4j's GEMM loops and micro-kernels), leaving out C1 versions
discarded as "not used". The log's clock and RuntimeMXBean's start time, from which
firstCallAtMs counts, may differ by a few milliseconds.

Usage: cold_start_timeline.py LOG SERIES [--bucket MS] [--methods REGEX]
"""
import argparse
import json
import re

parser = argparse.ArgumentParser(usage=__doc__.split("\n\n")[-1].removeprefix("Usage: "))
parser.add_argument("log")
parser.add_argument("series")
parser.add_argument("--bucket", type=float, default=50)
parser.add_argument("--methods",
                    default=r"Gemm(Kernels)?::(microKernel\w*|macroKernel|multiplyTile|mergeTile)")
args = parser.parse_args()

compiled = re.compile(r"^\s*(?P<ms>\d+)\s+\d+\s")
wanted = re.compile(args.methods)
events = []
first_call_at = None
with open(args.log) as log:
    for line in log:
        if line.startswith("{"):
            first_call_at = json.loads(line)["firstCallAtMs"]
            continue
        match = compiled.match(line)
        if match and wanted.search(line) and "made not entrant: not used" not in line:
            events.append((int(match["ms"]), line.rstrip()))
if first_call_at is None:
    raise SystemExit(f"{args.log}: no ColdStart JSON line")
with open(args.series) as series:
    micros = [float(line) for line in series if line.strip()]

print(f"first call at {first_call_at:.0f} ms of uptime, {micros[0] / 1e3:.1f} ms long")
end = first_call_at
bucket_calls = []
bucket = int(end // args.bucket)
event = 0


def flush(number, calls):
    if calls:
        print(f"{number * args.bucket:7.0f} ms: {len(calls):6d} calls, mean {sum(calls) / len(calls):9.1f} us,"
              f" fastest {min(calls):9.1f} us")


for call in micros:
    end += call / 1e3
    while int(end // args.bucket) != bucket:
        flush(bucket, bucket_calls)
        bucket_calls = []
        bucket += 1
        while event < len(events) and events[event][0] < bucket * args.bucket:
            print("          " + events[event][1])
            event += 1
    bucket_calls.append(call)
flush(bucket, bucket_calls)
