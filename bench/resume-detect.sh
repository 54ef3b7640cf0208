#!/usr/bin/env bash
# detect --resume with real processes: scores a NAB corpus once without stopping, then again
# killed with -9 at a random time (as often as --kills says), resumed each time, and compares
# the two results folders with diff -r (the scores must be byte-identical; the manifests too,
# since both runs use the same flags).
#
#   bench/resume-detect.sh [DATA_DIR] [MODEL] [KILLS] [MAX_RECORDS]
#       (default: ../shared/data/nab, samples/nab_htm.brain, 2 kills, 600 records per file)
#
# MAX_RECORDS 0 scores whole files (the full corpus takes minutes per run on two cores).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
data=${1:-../shared/data/nab}
model=${2:-samples/nab_htm.brain}
kills=${3:-2}
max=${4:-600}
limit=()
[ "$max" != 0 ] && limit=(--max-records "$max")
bin/brainc --version > /dev/null
jar=compiler/target/brainc.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=(detect "$model" --corpus "$data" --detector brainc --checkpoint-every 200 "${limit[@]}")

start=$(date +%s.%N)
java -jar "$jar" "${flags[@]}" --results "$work/whole" > /dev/null 2>&1
end=$(date +%s.%N)
whole=$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')
echo "uninterrupted run: ${whole} s"

for k in $(seq 1 "$kills"); do
  # A random moment within the first 70 % of the run's length, after the JVM has started.
  delay=$(awk -v w="$whole" -v r="$RANDOM" 'BEGIN { printf "%.2f", 1 + (0.7 * w - 1) * r / 32768 }')
  resume=()
  [ -d "$work/resumed/brainc.checkpoint" ] && resume=(--resume)
  [ -d "$work/resumed/brainc" ] && [ ${#resume[@]} = 0 ] && break
  java -jar "$jar" "${flags[@]}" --results "$work/resumed" "${resume[@]}" > /dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -9 "$pid" 2> /dev/null; then
    wait "$pid" 2> /dev/null || true
    echo "kill $k: killed after ${delay} s; checkpoint holds $(ls "$work/resumed/brainc.checkpoint/done" 2> /dev/null | wc -l) finished files"
  else
    wait "$pid" || true
    echo "kill $k: the run had finished before ${delay} s"
  fi
done
if [ -d "$work/resumed/brainc.checkpoint" ]; then
  java -jar "$jar" "${flags[@]}" --results "$work/resumed" --resume > /dev/null
fi
if diff -r "$work/whole" "$work/resumed"; then
  echo "resumed results are identical to the uninterrupted run (diff -r)"
else
  echo "RESUMED RESULTS DIFFER" >&2
  exit 1
fi
