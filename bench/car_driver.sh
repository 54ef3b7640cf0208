#!/usr/bin/env bash
# Learning curves of the car-driving agent with and without its curriculum. Not a test: it
# prints figures.
#
#   bench/car_driver.sh [FILE] [EPISODES] [SEEDS...]
#       (default: samples/car_driver.brain, 500 episodes, seeds 1 2 3)
#
# For each seed it runs `brainc train FILE --seed S` twice: with the file's curriculum and with
# --no-curriculum (the last phase, the complex track, from the first episode). Per run: the best
# episode reward, the mean reward, the share of crashed episodes among the first 200 and among
# the last 100, and the curriculum phase reached. Learning curves stay in the output directory
# (default: a temporary one; BENCH_OUT=DIR keeps them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
file=${1:-samples/car_driver.brain}
episodes=${2:-500}
shift 2 || shift $# || true
seeds=("$@")
[ ${#seeds[@]} -eq 0 ] && seeds=(1 2 3)
out=${BENCH_OUT:-$(mktemp -d)}
bin/brainc check "$file" > /dev/null
printf '%-14s %4s %8s %8s %13s %12s  %s\n' run seed best mean "crash<=200" "crash last100" phase
for mode in curriculum none; do
  for s in "${seeds[@]}"; do
    dir="$out/$mode-$s"
    flags=()
    [ "$mode" = none ] && flags=(--no-curriculum)
    BRAINC_NO_BUILD=1 bin/brainc train "$file" --episodes "$episodes" --seed "$s" --out "$dir" -q "${flags[@]}" > /dev/null
    awk -F, -v RS='\r?\n' -v mode="$mode" -v s="$s" '
      NR > 1 && NF >= 5 {
        n++; r[n] = $3; c[n] = ($5 == "true"); t += $3; phase = $2
        if (n == 1 || $3 > best) best = $3
      }
      END {
        first = n < 200 ? n : 200
        for (i = 1; i <= first; i++) cf += c[i]
        from = n > 100 ? n - 99 : 1
        for (i = from; i <= n; i++) { cl += c[i]; nl++ }
        printf "%-14s %4d %8.1f %8.1f %12.0f%% %11.0f%%  %s\n", mode, s, best, t / n, 100 * cf / first, 100 * cl / nl, phase == "" ? "-" : phase
      }' "$dir/learning_curve.csv"
  done
done
echo "learning curves: $out/<curriculum|none>-<seed>/learning_curve.{csv,svg}"
