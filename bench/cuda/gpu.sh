#!/bin/sh
# Runs on the GPU machine (nvcc, no Java) what prepare.sh made: for each model, builds the
# program (nvcc, timed cold and cached), checks deterministic mode against the interpreter's
# monitors (byte for byte), then times fast and deterministic mode, 3 runs each (medians of
# timing.json's simulate_s). Writes at most 8 result files into DIR/results.
#   bench/cuda/gpu.sh [--host] [DIR]   --host: the same with `make host` (g++), to rehearse here
set -eu
host=0
if [ "${1:-}" = --host ]; then host=1; shift; fi
dir=${1:-$(cd "$(dirname "$0")" && pwd -P)/work}
results="$dir/results"
mkdir -p "$results"
summary="$results/summary.tsv"
printf 'model\tbuild_s\tsame_as_interp\tfast_s\tdeterministic_s\tfast_us_per_step\n' > "$summary"
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
field() { sed -n "s/.*\"$1\": \\([0-9.e+-]*\\).*/\\1/p" "$2"; }
if [ $host = 0 ]; then
  nvidia-smi -L > "$results/gpu.txt" 2>&1 || { echo "gpu.sh: no GPU here (nvidia-smi failed); use --host to rehearse" >&2; exit 1; }
fi
for m in "$dir"/*/gen; do
  [ -d "$m" ] || continue
  name=$(basename "$(dirname "$m")")
  prog=$(ls -d "$m"/*/ | head -n 1)
  steps=$(cat "$dir/$name/steps")
  t0=$(date +%s.%N)
  if [ $host = 1 ]; then (cd "$prog" && make -s host) > "$results/$name.build.log" 2>&1; bin="$prog/model-host"
  else (cd "$prog" && make -s) > "$results/$name.build.log" 2>&1; bin="$prog/model"; fi
  t1=$(date +%s.%N)
  build=$(echo "$t1 - $t0" | bc)
  "$bin" --mode deterministic --steps "$steps" --out "$dir/$name/det" > /dev/null
  same=yes
  for r in "$dir/$name/ref"/*.npy; do cmp -s "$r" "$dir/$name/det/$(basename "$r")" || same=no; done
  fast=$(for k in 1 2 3; do "$bin" --mode fast --steps "$steps" --out "$dir/$name/fast" > /dev/null; field simulate_s "$dir/$name/fast/timing.json"; done | median)
  det=$(for k in 1 2 3; do "$bin" --mode deterministic --steps "$steps" --out "$dir/$name/det" > /dev/null; field simulate_s "$dir/$name/det/timing.json"; done | median)
  us=$(echo "$fast * 1000000 / $steps" | bc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%.2f\n' "$name" "$build" "$same" "$fast" "$det" "$us" >> "$summary"
done
cat "$summary"
