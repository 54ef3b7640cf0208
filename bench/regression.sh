#!/usr/bin/env bash
# Same results, no slower: compares two brainc jars (an older build against this one). Not a
# test: it prints what differs and the figures.
#
#   bench/regression.sh outputs JAR DIR        record JAR's outputs into DIR
#   bench/regression.sh diff OLD_DIR NEW_DIR   compare two recordings (exit 1 when they differ)
#   bench/regression.sh times OLD_JAR NEW_JAR [ROUNDS]
#                                              time both, interleaved (default 5 rounds)
#
# Outputs recorded: `run` monitors of samples/cuba.brain and bench/cuba40k.brain; `detect` on
# the whole NAB corpus (../shared/data/nab, NAB's results layout); `train` of
# samples/fashion_mnist_snn.brain for one epoch with --limit 6400 (metrics without the time
# columns, weights.npz); `train` of samples/car_driver.brain for 50 episodes (learning curve,
# best weights); `verify` of every stdlib file (its report). Everything but times must be
# byte-identical. Needs Fashion-MNIST (sudo bin/install-data) for the dataset training.
#
# Times, medians of ROUNDS with the two jars interleaved: CUBA 4k and 40k simulation time (as
# `run` reports it), NAB records per second (as `detect` reports it), seconds per batch of the
# FMNIST run (--limit 6400, 50 batches), and the wall time of a cold `brainc check`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
nab=${NAB_DATA:-../shared/data/nab}
vector="--add-modules jdk.incubator.vector"

outputs() {
  local jar=$1 dir=$2
  rm -rf "$dir"
  mkdir -p "$dir"
  java -jar "$jar" run samples/cuba.brain -q --out "$dir/cuba" > "$dir/cuba.txt"
  java -jar "$jar" run bench/cuba40k.brain -q --out "$dir/cuba40k" > "$dir/cuba40k.txt"
  java -jar "$jar" detect samples/nab_htm.brain --corpus "$nab" --results "$dir/nab" \
    --detector brainc > /dev/null
  # shellcheck disable=SC2086 # option list
  java $vector -jar "$jar" train samples/fashion_mnist_snn.brain --epochs 1 --limit 6400 \
    --out "$dir/fmnist" -q > /dev/null 2>&1
  java -jar "$jar" train samples/car_driver.brain --episodes 50 --out "$dir/car" -q > /dev/null
  for f in stdlib/src/main/resources/brain/*.brain; do
    java -jar "$jar" verify "$f" > "$dir/verify-$(basename "$f" .brain).txt" 2>&1 || true
  done
  # Checkpoints are not results (their format may change); times and the absolute paths of
  # the manifests differ between runs; the rest must not.
  rm -rf "$dir"/*.checkpoint
  find "$dir" -name manifest.json -delete
  find "$dir" -name '*.txt' -exec sed -i -E "s|$dir|DIR|g; s/[0-9.]+ (ms|s)\\b/T/g; s/\\([0-9.]+ simulated s per wall s\\)//" {} +
  if [ -f "$dir/fmnist/metrics.csv" ]; then
    cut -d, -f1-5 "$dir/fmnist/metrics.csv" > "$dir/fmnist/metrics-values.csv"
    rm "$dir/fmnist/metrics.csv" "$dir/fmnist/learning_curve.svg"
  fi
  echo "recorded $jar into $dir"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

times() {
  local old=$1 new=$2 rounds=${3:-5} work
  work=$(mktemp -d)
  for jar in old new; do : > "$work/$jar.cuba"; : > "$work/$jar.cuba40k"; : > "$work/$jar.nab"; : > "$work/$jar.fmnist"; : > "$work/$jar.check"; done
  for ((r = 1; r <= rounds; r++)); do
    for which in old new; do
      local jar=$old
      [ "$which" = new ] && jar=$new
      java -jar "$jar" run samples/cuba.brain --out "$work/o" | grep -o 'simulate [0-9.]*' | cut -d' ' -f2 >> "$work/$which.cuba"
      java -jar "$jar" run bench/cuba40k.brain --out "$work/o" | grep -o 'simulate [0-9.]*' | cut -d' ' -f2 >> "$work/$which.cuba40k"
      rm -rf "$work/n"
      java -jar "$jar" detect samples/nab_htm.brain --corpus "$nab" --results "$work/n" --detector brainc 2>&1 |
        grep -o '[0-9.]* records/s' | head -n 1 | cut -d' ' -f1 >> "$work/$which.nab"
      rm -rf "$work/f"
      # shellcheck disable=SC2086 # option list
      java $vector -jar "$jar" train samples/fashion_mnist_snn.brain --epochs 1 --limit 6400 --out "$work/f" -q > /dev/null 2>&1
      awk -F, 'NR == 2 { print $6 / 50 }' "$work/f/metrics.csv" >> "$work/$which.fmnist"
      local s e
      s=$(date +%s%N)
      java -jar "$jar" check samples/cuba.brain > /dev/null
      e=$(date +%s%N)
      echo "$(((e - s) / 1000000))" >> "$work/$which.check"
    done
  done
  printf '%-34s %12s %12s %8s\n' figure old new new/old
  for f in "cuba:CUBA 4k simulate (s)" "cuba40k:CUBA 40k simulate (s)" "nab:NAB records/s" \
      "fmnist:FMNIST s per batch" "check:cold check (ms)"; do
    local key=${f%%:*} label=${f#*:} o n
    o=$(median < "$work/old.$key")
    n=$(median < "$work/new.$key")
    awk -v l="$label" -v o="$o" -v n="$n" 'BEGIN { printf "%-34s %12s %12s %8.3f\n", l, o, n, (o > 0 ? n / o : 0) }'
  done
  rm -rf "$work"
}

case ${1:-} in
  outputs) outputs "$2" "$3" ;;
  diff) diff -r "$2" "$3" && echo "identical: $2 and $3" ;;
  times) times "$2" "$3" "${4:-5}" ;;
  *) sed -n 2,20p "$0" >&2; exit 2 ;;
esac
