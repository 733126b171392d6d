#!/usr/bin/env bash
# Times `nc4j metrics` end to end (JVM start, both passes over the file, output) on
# N = 200,000 x d = 512 float32 features with K = 100 classes and a classifier (about 400 MB),
# against the NumPy reference script on the same files in the same session, and checks that
# memory does not grow with N (peak RSS at N = 200,000 and N = 50,000 with the heap capped).
#
# Usage: nc-bench/scripts/metrics_benchmark.sh [DATA_DIR] [REPEATS]
#   DATA_DIR defaults to /tmp/nc4j-metrics-bench (about 500 MB, generated once by
#   io.github.nc4j.bench.MetricsData, deterministic); REPEATS defaults to 5.
# Prints one line per run and a Markdown summary for BENCHMARKS.md. Timings are wall-clock
# seconds with the features in the page cache (each file is read once before timing).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
cd "$root"
. examples/jdk.sh
JAVA_HOME=$(nc4j_find_jdk)
export JAVA_HOME
data=${1:-/tmp/nc4j-metrics-bench}
repeats=${2:-5}
java=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector)

if [ ! -f nc-bench/target/benchmarks.jar ] || [ ! -f examples/target/nc4j.jar ]; then
  mvn -B -q -DskipTests package -pl nc-bench,examples -am
fi
generate() { # dir N
  if [ ! -f "$1/H.npy" ]; then
    "${java[@]}" -cp nc-bench/target/benchmarks.jar io.github.nc4j.bench.MetricsData "$1" "$2" 512 100 1
  fi
  cat "$1"/*.npy > /dev/null
}
generate "$data/n200000" 200000
generate "$data/n50000" 50000

# run LABEL COMMAND...: prints "LABEL wall_s rss_mb" and leaves the command's stdout in $data/out
run() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$data/time" "$@" > "$data/out" 2> "$data/err" || {
    cat "$data/err" >&2; exit 1; }
  read -r wall rss < "$data/time"
  echo "$label $wall $((rss / 1024))"
}
args() { echo --features "$1/H.npy" --labels "$1/y.npy" --classifier "$1/W.npy" --bias "$1/b.npy" --json; }

echo "# $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
have_numpy=$(python3 -c "import numpy" 2>/dev/null && echo yes || echo no)
field() { echo "$1" | awk -v i="$2" '{print $(NF - i)}'; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
largest() { printf '%s\n' "$@" | sort -g | tail -1; }
summary=()
# Each repeat runs nc4j and NumPy back to back, so a pair sees about the same machine load; the
# median of the per-pair ratios is the figure that survives a shared machine.
for threads in 2 1; do
  times=(); rss=(); numpy_times=(); ratios=()
  for i in $(seq "$repeats"); do
    line=$(run "nc4j threads=$threads" "${java[@]}" -Dnc4j.threads=$threads -jar examples/target/nc4j.jar \
      metrics $(args "$data/n200000"))
    echo "$line"; times+=("$(field "$line" 1)"); rss+=("$(field "$line" 0)")
    cp "$data/out" "$data/nc4j.json"
    if [ "$have_numpy" = yes ]; then
      line=$(OPENBLAS_NUM_THREADS=$threads run "numpy threads=$threads" python3 nc-bench/scripts/nc_metrics_numpy.py \
        "$data/n200000/H.npy" "$data/n200000/y.npy" "$data/n200000/W.npy" "$data/n200000/b.npy")
      echo "$line"; numpy_times+=("$(field "$line" 1)")
      ratios+=("$(awk -v a="${times[-1]}" -v b="$(field "$line" 1)" 'BEGIN {printf "%.3f", a / b}')")
      cp "$data/out" "$data/numpy.json"
    fi
  done
  row="| $threads | $(median "${times[@]}") | $(largest "${rss[@]}")"
  if [ "$have_numpy" = yes ]; then
    row="$row | $(median "${numpy_times[@]}") | $(median "${ratios[@]}") |"
  else
    row="$row | - | - |"
  fi
  summary+=("$row")
done
capped_200k=$(run "nc4j -Xmx256m N=200000" "${java[@]}" -Xmx256m -jar examples/target/nc4j.jar metrics $(args "$data/n200000"))
capped_50k=$(run "nc4j -Xmx256m N=50000" "${java[@]}" -Xmx256m -jar examples/target/nc4j.jar metrics $(args "$data/n50000"))
echo "$capped_200k"; echo "$capped_50k"

echo
echo "N = 200,000, d = 512, K = 100, float32 features with classifier and bias; medians of $repeats runs:"
echo
echo "| threads | nc4j wall (s) | nc4j peak RSS (MB) | NumPy wall (s) | nc4j / NumPy, median of pairs |"
echo "|---|---|---|---|---|"
printf '%s\n' "${summary[@]}"
echo
echo "Memory with the heap capped (-Xmx256m): N = 200,000: $(field "$capped_200k" 0) MB peak RSS" \
  "($(field "$capped_200k" 1) s); N = 50,000: $(field "$capped_50k" 0) MB ($(field "$capped_50k" 1) s)."
if [ "$have_numpy" = yes ]; then
  python3 - "$data/nc4j.json" "$data/numpy.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
worst = max(abs(a[k] - b[k]) / max(1.0, abs(b[k])) for k in b)
print(f"Largest relative difference, nc4j vs NumPy, over the {len(b)} keys: {worst:.1e}.")
PY
fi
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
