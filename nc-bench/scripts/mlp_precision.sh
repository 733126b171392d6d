#!/usr/bin/env bash
# nc4j mlp in float64 and float32 against PyTorch (mlp_torch.py) in float32 and float64, one and
# two threads, for the default network and the 784-512x3-10 one of issue 20: one line per cell,
# samples/s of the optimization after the first epoch on both sides (BENCHMARKS.md, "Float32
# training against PyTorch"). With ROUNDS > 1 every cell runs once a round, so that a slow
# minute of the machine falls on both sides; the last lines give, for each round, nc4j f32 on
# one and on two threads over PyTorch's best float32 of that round and network.
# Usage: nc-bench/scripts/mlp_precision.sh [EPOCHS] [ROUNDS]   (from the repository root;
#        defaults 5 and 1)
set -euo pipefail
cd "$(dirname "$0")/../.."
epochs=${1:-5}
rounds=${2:-1}
. examples/jdk.sh
java="$(nc4j_find_jdk)/bin/java"
[ -f examples/target/nc4j.jar ] || mvn -B -q -DskipTests -pl examples -am package
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
out=$(mktemp -d)
for round in $(seq "$rounds"); do
  for network in "256 4" "512 3"; do
    read -r width depth <<< "$network"
    for threads in 1 2; do
      for precision in f64 f32; do
        "$java" --add-modules jdk.incubator.vector -Dnc4j.threads="$threads" \
            -jar examples/target/nc4j.jar mlp --width "$width" --depth "$depth" \
            --epochs "$epochs" --precision "$precision" --quiet --out "$out/$precision" \
            > /dev/null 2>&1
        echo "round $round nc4j 784-${width}x$depth-10 threads=$threads $precision" \
            "$(grep -o '"samples_per_second": [0-9]*' "$out/$precision/metrics.json")"
      done
      for dtype in float32 float64; do
        echo "round $round pytorch 784-${width}x$depth-10 threads=$threads $dtype" \
            "$(/usr/bin/python3 nc-bench/scripts/mlp_torch.py --width "$width" \
                --depth "$depth" --epochs "$epochs" --threads "$threads" --dtype "$dtype" \
                | grep -o '"samples_per_s": [0-9]*')"
      done
    done
  done
done | tee "$out/cells"
awk '$3 == "nc4j" && $6 == "f32" { nc[$2 " " $4 " " $5] = $NF }
     $3 == "pytorch" && $6 == "float32" && $NF > best[$2 " " $4] { best[$2 " " $4] = $NF }
     END { for (cell in nc) { split(cell, c, " ");
             printf "round %s %s %s nc4j f32 / best PyTorch float32: %.2f\n", c[1], c[2], c[3],
                 nc[cell] / best[c[1] " " c[2]] } }' "$out/cells" | sort
rm -rf "$out"
