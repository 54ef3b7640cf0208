#!/usr/bin/env bash
# The Numenta Anomaly Benchmark end to end: runs samples/nab_htm.brain (or SAMPLE) over the
# whole corpus and scores it. Not a test: it prints figures.
#
#   bench/nab.sh OUT_DIR [DATA_DIR] [BACKEND] [SAMPLE]
#       (default: ../shared/data/nab, jvm, samples/nab_htm.brain; SAMPLE
#       samples/nab_htm_backtracking.brain runs NuPIC's backtracking temporal memory)
#
# Writes the 58 results files to OUT_DIR/brainc/<category>/brainc_<file>.csv (NAB's results
# layout, so NAB's own scorer reads them too), then prints what `brainc detect` measured
# (records per second; microseconds per record for the encoders, the spatial pooler, the
# temporal memory and the likelihood, as per-thread CPU time), the wall time of the whole run,
# and the three normalised scores from `brainc score-nab` with the threshold each profile chose.
#
#   bench/nab.sh --throughput [SAMPLE] [DATA_DIR] [JAR]
#
# The throughput figure alone, as the issues quote it: one thread, the first 2,000 records of
# each file (the results go to a scratch folder and are not scored); JAR defaults to this
# checkout's bin/brainc. Run it for two jars in turn, a few rounds, to compare them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "${1:-}" = --throughput ]; then
  sample=${2:-samples/nab_htm.brain}
  data=${3:-../shared/data/nab}
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  if [ -n "${4:-}" ]; then run=(java -jar "$4"); else bin/brainc check "$sample" > /dev/null; run=(env BRAINC_NO_BUILD=1 bin/brainc); fi
  "${run[@]}" detect "$sample" --corpus "$data" --results "$scratch" --detector brainc --threads 1 \
    --max-records 2000 2>&1 | grep -E 'records/s|us/record'
  exit
fi
if [ $# -lt 1 ]; then
  echo "usage: bench/nab.sh OUT_DIR [DATA_DIR] [BACKEND] [SAMPLE]" >&2
  exit 2
fi
out=$1
data=${2:-../shared/data/nab}
backend=${3:-jvm}
sample=${4:-samples/nab_htm.brain}
if [ ! -f "$data/labels/combined_windows.json" ]; then
  echo "bench/nab.sh: no NAB corpus at $data (expected data/, labels/combined_windows.json, config/profiles.json)" >&2
  exit 1
fi
bin/brainc check "$sample" > /dev/null
start=$(date +%s.%N)
BRAINC_NO_BUILD=1 bin/brainc detect "$sample" --corpus "$data" --results "$out" \
  --detector brainc --backend "$backend"
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "wall time of the run: %.1f s (reading and writing files included)\n", e - s }'
echo
BRAINC_NO_BUILD=1 bin/brainc score-nab "$out" --data "$data" --detector brainc
