#!/usr/bin/env bash
# Kill -9 a real `brainc train` at a random moment after its first checkpoint, resume it, and
# compare with an uninterrupted run: the weights, the learning curve and the metrics must be
# identical (timings aside). One function per kind of training; not a test, it prints verdicts.
#
#   bench/resume-train.sh [dataset|environment|all] [RUNS]     (default: all, 1 run each)
#
# dataset: samples/fashion_mnist_snn.brain on the first 1280 Fashion-MNIST samples (needs sudo
# bin/install-data), 4 epochs, a checkpoint after each. environment: samples/car_driver.brain,
# 30 episodes, a checkpoint every 3. Both run a private copy of the brainc jar. Results land in
# ${BENCH_OUT:-out/bench-resume-train}. Exit status 1 when any comparison fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
what=${1:-all}
runs=${2:-1}
out=${BENCH_OUT:-out/bench-resume-train}
mkdir -p "$out"
BRAINC_NO_BUILD= bin/brainc --version > /dev/null
cp compiler/target/brainc.jar "$out/brainc.jar"
failed=0

brainc() {
  # shellcheck disable=SC2086 # option lists
  java ${BRAINC_JAVA_OPTS:-} --add-modules jdk.incubator.vector -jar "$out/brainc.jar" "$@" 2> /dev/null
}

# kill_and_resume NAME CHECKPOINT_FILE ARGS...: trains NAME-whole through, then NAME-cut killed with
# SIGKILL 0 to 3 s after CHECKPOINT_FILE (relative to the cut run's checkpoint folder) first
# appears, then resumes NAME-cut to its end.
kill_and_resume() {
  local name=$1 file=$2
  shift 2
  rm -rf "$out/$name-whole" "$out/$name-whole.checkpoint" "$out/$name-cut" "$out/$name-cut.checkpoint"
  brainc "$@" --out "$out/$name-whole" > /dev/null
  brainc "$@" --out "$out/$name-cut" > /dev/null &
  local pid=$!
  while [ ! -e "$out/$name-cut.checkpoint/$file" ] && kill -0 "$pid" 2> /dev/null; do sleep 0.05; done
  local delay
  delay=$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", r / 32767 * 3 }')
  sleep "$delay"
  if kill -9 "$pid" 2> /dev/null; then
    echo "$name: killed $delay s after the first checkpoint"
  else
    echo "$name: the run ended within $delay s of its first checkpoint; resuming a finished run"
  fi
  wait "$pid" 2> /dev/null || true
  brainc "$@" --out "$out/$name-cut" --resume > /dev/null
}

# same NAME FILE [CUT_COLUMNS]: FILE of NAME-whole and NAME-cut are identical (only CUT_COLUMNS of a CSV).
same() {
  local a="$out/$1-whole/$2" b="$out/$1-cut/$2"
  if [ -n "${3:-}" ]; then
    cmp -s <(cut -d, -f"$3" "$a") <(cut -d, -f"$3" "$b")
  else
    cmp -s "$a" "$b"
  fi && echo "  $2: identical" || { echo "  $2: DIFFERS"; failed=1; }
}

dataset() {
  kill_and_resume "dataset-$1" checkpoint.npz train samples/fashion_mnist_snn.brain --limit 1280 --test-limit 500 \
    --epochs 4 -q
  same "dataset-$1" weights.npz
  same "dataset-$1" metrics.csv 1-5,8 # epoch, losses, accuracies, learning rate: not the seconds
}

environment() {
  kill_and_resume "environment-$1" state.npz train samples/car_driver.brain --episodes 30 --checkpoint-every 3 -q
  same "environment-$1" learning_curve.csv
  for f in "$out/environment-$1-whole"/final/*.npy "$out/environment-$1-whole"/best/*.npy; do
    same "environment-$1" "${f#"$out/environment-$1-whole/"}"
  done
}

for ((k = 1; k <= runs; k++)); do
  case "$what" in
    dataset) dataset "$k" ;;
    environment) environment "$k" ;;
    all) dataset "$k"; environment "$k" ;;
    *) echo "usage: bench/resume-train.sh [dataset|environment|all] [RUNS]" >&2; exit 2 ;;
  esac
done
exit "$failed"
