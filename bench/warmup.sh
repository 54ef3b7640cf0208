#!/usr/bin/env bash
# The first second of a run, JIT warm-up included: JMH single-shot forks of `brainc run
# samples/cuba.brain` (CUBA 4k, 1 s of model time) in fresh JVMs. Not a test: it prints figures.
#
#   bench/warmup.sh [ROUNDS] [OLD.jar]   this checkout's jar against OLD.jar (both --backend jvm)
#   bench/warmup.sh [ROUNDS] --engines   this checkout's jar: --backend jvm against interp
#
# Default: 5 rounds. Each round runs one fork of each side, alternating, so that a machine shared
# with other work slows both alike; the figures are the medians of the rounds (ms from the CLI's
# start to the run's end, in a JVM that ran nothing before) and their ratio. Builds the jar
# (bin/brainc) and the harness (bench/jmh, Maven profile `bench`, which fetches JMH once).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-5}
other=${2:---engines}
case $rounds in ''|*[!0-9]*|0) echo "usage: bench/warmup.sh [ROUNDS] [OLD.jar | --engines]" >&2; exit 2 ;; esac
BRAINC_NO_BUILD= bin/brainc --version > /dev/null
mvn -q -o -B -P bench -pl bench/jmh package > /dev/null 2>&1 || mvn -q -B -P bench -pl bench/jmh package > /dev/null
new=compiler/target/brainc.jar
if [ "$other" = --engines ]; then
  names=(jvm interp); params=("-p jar=$new -p backend=jvm" "-p jar=$new -p backend=interp")
else
  [ -f "$other" ] || { echo "bench/warmup.sh: no jar $other" >&2; exit 2; }
  names=(old new); params=("-p jar=$other -p backend=jvm" "-p jar=$new -p backend=jvm")
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for r in $(seq 1 "$rounds"); do
  for k in 0 1; do
    # shellcheck disable=SC2086 # the parameters are words
    java -jar bench/jmh/target/benchmarks.jar FirstSecond -f 1 ${params[$k]} -rf json -rff "$tmp/$k-$r.json" \
      > "$tmp/$k-$r.log" 2>&1 || { cat "$tmp/$k-$r.log" >&2; exit 1; }
  done
done
python3 - "$tmp" "$rounds" "${names[@]}" <<'PY'
import glob, json, statistics, sys
tmp, rounds, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
med = []
for k, name in enumerate(names):
    ms = [json.load(open(f))[0]["primaryMetric"]["rawData"][0][0] for f in sorted(glob.glob(f"{tmp}/{k}-*.json"))]
    med.append(statistics.median(ms))
    print(f"{name:>7}: median {med[-1]:8.0f} ms over {len(ms)} cold forks  ({', '.join(f'{m:.0f}' for m in ms)})")
print(f"  ratio {names[1]}/{names[0]}: {med[1] / med[0]:.3f}")
PY
