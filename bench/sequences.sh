#!/usr/bin/env bash
# Sequence prediction of an HTM region: samples/sequence_prediction.brain on the
# repeating sequences of samples/src/test/java/brainc/samples/RepeatingSequences.java (K
# sequences of LENGTH symbols of ALPHABET, repeated in random order without resets, each
# element replaced by a random symbol with probability NOISE; seeded). Not a test: it prints
# figures and fails only if a step cannot run.
#
#   bench/sequences.sh [RECORDS] [SEEDS] [BACKEND]
#
# For each noise level (0, 0.02, 0.05) and seed 1..SEEDS (default 5) it scores RECORDS
# records (default 6000) of 4 sequences of 8 symbols of 16 and prints the mean `prediction`
# (the fraction of active columns that the temporal memory predicted) over the first eighth
# (learning) and over the second half (learned), then per noise level the median over the seeds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

records=${1:-6000}
seeds=${2:-5}
backend=${3:-jvm}
root=$PWD

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bin/brainc check samples/sequence_prediction.brain >/dev/null
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
for noise in 0 0.02 0.05; do
  : >"$work/learned"
  for ((s = 1; s <= seeds; s++)); do
    mkdir -p "$work/out"
    java "$root/samples/src/test/java/brainc/samples/RepeatingSequences.java" "$work/out/sequences.csv" "$records" \
      4 8 16 "$noise" "$s"
    # The sample reads out/sequences.csv and writes out/sequence_prediction.csv from where it runs.
    (cd "$work" && BRAINC_NO_BUILD=1 "$root/bin/brainc" detect "$root/samples/sequence_prediction.brain" \
      --backend "$backend" >/dev/null)
    read -r first second < <(awk -F, -v n="$records" 'NR > 1 { p = $NF; i = NR - 2
        if (i < n / 8) { a += p; na++ } if (i >= n / 2) { b += p; nb++ } }
        END { printf "%.4f %.4f\n", a / na, b / nb }' "$work/out/sequence_prediction.csv")
    echo "noise $noise seed $s: mean prediction $first over the first eighth, $second over the second half"
    echo "$second" >>"$work/learned"
  done
  echo "noise $noise: median over $seeds seeds of the second half's mean prediction: $(median <"$work/learned") ($backend)"
done
