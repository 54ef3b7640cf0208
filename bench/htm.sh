#!/usr/bin/env bash
# Measures HTM throughput with samples/nab_htm.brain (2,048 columns, 32 cells per column, 40
# active columns, Numenta's NAB parameters). Not a test: it prints figures and fails only if a
# step cannot run.
#
#   bench/htm.sh [DATA_DIR] [ROUNDS] [BACKEND]
#
# Each round scores the whole NAB corpus under DATA_DIR (default ../shared/data/nab) into a
# temporary directory on one thread and prints `brainc detect`'s throughput lines; at the end
# the medians over the rounds: records per second in the region, and microseconds per record
# for the encoders, the spatial pooler, the temporal memory and the likelihood. These are
# per-thread CPU time (brainc scales the wall-clock phase times by the thread's CPU time, so
# that a machine shared with other processes does not inflate them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

data=${1:-../shared/data/nab}
rounds=${2:-3}
backend=${3:-jvm}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bin/brainc check samples/nab_htm.brain >/dev/null
for ((r = 1; r <= rounds; r++)); do
  BRAINC_NO_BUILD=1 bin/brainc detect samples/nab_htm.brain --corpus "$data" --results "$work/r$r" \
    --backend "$backend" | tee "$work/r$r.txt" | tail -n 2
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
field() { # field NAME: the number after NAME on the us/record line of each round
  for ((r = 1; r <= rounds; r++)); do
    sed -n "s/.*$1 \([0-9.]*\).*/\1/p" "$work/r$r.txt"
  done | median
}
rate=$(for ((r = 1; r <= rounds; r++)); do
  sed -n 's/.*: \([0-9]*\) records\/s in the region.*/\1/p' "$work/r$r.txt"
done | median)
echo "median of $rounds rounds ($backend): $rate records/s in the region on one thread;" \
  "us/record: encoders $(field encoders), spatial pooler $(field 'spatial pooler'), temporal memory $(field 'temporal memory'), likelihood $(field likelihood)"
