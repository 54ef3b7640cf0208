#!/usr/bin/env bash
# Resumption with real processes: for each verb, run it once through, then run it again with
# checkpoints, kill -9 it at a random moment after its first checkpoint, resume it with --resume,
# and compare the results with the uninterrupted run's (cmp, byte for byte; timings aside).
# Not a test (it takes minutes): it prints one verdict line per compared file.
#
#   bench/resume.sh [VERB...]     verbs: run train-dataset train-environment detect (default: all)
#
# run: bench/cuba40k.brain for 4 s, a checkpoint every 200 ms, resumed on the other engine half
# the time; monitors compared. train-dataset: samples/fashion_mnist_snn.brain on the first 1280
# Fashion-MNIST samples (needs sudo bin/install-data), 4 epochs, a checkpoint after each;
# weights and metrics compared. train-environment: samples/car_driver.brain, 30 episodes, a
# checkpoint every 3; learning curve and final and best weights compared. detect: the NAB corpus
# (../shared/data/nab, or NAB_DATA), 600 records per file, a checkpoint every 200 records, killed
# twice (between or inside files) and resumed each time; the results folders compared by diff -r.
#
# Runs a private copy of the brainc jar, so that rebuilding the checkout meanwhile does not
# disturb it. Results land in ${BENCH_OUT:-out/bench-resume}. Exit status 1 when any comparison
# fails, 2 for an unknown verb.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
verbs=("$@")
[ ${#verbs[@]} -gt 0 ] || verbs=(run train-dataset train-environment detect)
for verb in "${verbs[@]}"; do
  case "$verb" in
    run | train-dataset | train-environment | detect) ;;
    *) echo "usage: bench/resume.sh [run|train-dataset|train-environment|detect]..." >&2; exit 2 ;;
  esac
done
out=${BENCH_OUT:-out/bench-resume}
mkdir -p "$out"
BRAINC_NO_BUILD= bin/brainc --version > /dev/null
cp compiler/target/brainc.jar "$out/brainc.jar"
failed=0

brainc() {
  # shellcheck disable=SC2086 # option lists
  java ${BRAINC_JAVA_OPTS:-} --add-modules jdk.incubator.vector -jar "$out/brainc.jar" "$@" 2> /dev/null
}

# kill_and_resume NAME CHECKPOINT_FILE MAX_DELAY ARGS... [-- RESUME_ARGS...]: runs ARGS through into
# NAME-whole, then into NAME-cut, killed with SIGKILL 0 to MAX_DELAY s after CHECKPOINT_FILE (relative
# to the cut run's checkpoint folder, NAME-cut.checkpoint) first appears, then resumes NAME-cut to its
# end with --resume and RESUME_ARGS.
kill_and_resume() {
  local name=$1 file=$2 max=$3
  shift 3
  local args=() more=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
  [ $# -gt 0 ] && shift && more=("$@")
  rm -rf "$out/$name-whole" "$out/$name-whole.checkpoint" "$out/$name-cut" "$out/$name-cut.checkpoint"
  brainc "${args[@]}" --out "$out/$name-whole" > /dev/null
  brainc "${args[@]}" --out "$out/$name-cut" > /dev/null &
  local pid=$!
  while [ ! -e "$out/$name-cut.checkpoint/$file" ] && kill -0 "$pid" 2> /dev/null; do sleep 0.05; done
  local delay
  delay=$(awk -v r="$RANDOM" -v max="$max" 'BEGIN { printf "%.2f", r / 32767 * max }')
  sleep "$delay"
  if kill -9 "$pid" 2> /dev/null; then
    echo "$name: killed $delay s after the first checkpoint${more[*]:+; resuming with ${more[*]}}"
  else
    echo "$name: the run ended within $delay s of its first checkpoint; resuming a finished run"
  fi
  wait "$pid" 2> /dev/null || true
  brainc "${args[@]}" --out "$out/$name-cut" --resume ${more[@]+"${more[@]}"} > /dev/null
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

# same_files NAME PATTERN: every file of NAME-whole matching PATTERN (a glob relative to it) is in
# NAME-cut and identical, and NAME-cut has no more of them.
same_files() {
  local name=$1 pattern=$2 f n=0
  for f in "$out/$name-whole"/$pattern; do
    [ -e "$f" ] || continue
    same "$name" "${f#"$out/$name-whole/"}"
    n=$((n + 1))
  done
  local m
  m=$(compgen -G "$out/$name-cut/$pattern" | wc -l)
  [ "$n" -gt 0 ] && [ "$n" -eq "$m" ] || { echo "  $pattern: $n files uninterrupted, $m resumed"; failed=1; }
}

# One function per verb: each kills and resumes one real process and compares its results.

resume_run() {
  local engine=jvm
  [ $((RANDOM % 2)) -eq 0 ] && engine=interp
  kill_and_resume run CUBA40k.snapshot 2 run bench/cuba40k.brain -q --duration 4s --checkpoint-every 200ms -- --backend "$engine"
  same_files run '*.npy'
}

resume_train-dataset() {
  kill_and_resume train-dataset checkpoint.npz 3 train samples/fashion_mnist_snn.brain --limit 1280 --test-limit 500 \
    --epochs 4 -q
  same train-dataset weights.npz
  same train-dataset metrics.csv 1-5,8 # epoch, losses, accuracies, learning rate: not the seconds
}

resume_train-environment() {
  kill_and_resume train-environment state.npz 3 train samples/car_driver.brain --episodes 30 --checkpoint-every 3 -q
  same train-environment learning_curve.csv
  same_files train-environment 'final/*.npy'
  same_files train-environment 'best/*.npy'
}

resume_detect() {
  local data=${NAB_DATA:-../shared/data/nab} whole cut start end length delay k
  local flags=(detect samples/nab_htm.brain --corpus "$data" --detector brainc --checkpoint-every 200 --max-records 600)
  whole="$out/detect-whole" cut="$out/detect-cut"
  rm -rf "$whole" "$cut"
  start=$(date +%s.%N)
  brainc "${flags[@]}" --results "$whole" > /dev/null
  end=$(date +%s.%N)
  length=$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')
  for k in 1 2; do
    # A random moment within the first 70 % of the run's length, after the JVM has started.
    delay=$(awk -v w="$length" -v r="$RANDOM" 'BEGIN { printf "%.2f", 1 + (0.7 * w - 1) * r / 32768 }')
    local resume=()
    [ -d "$cut/brainc.checkpoint" ] && resume=(--resume)
    brainc "${flags[@]}" --results "$cut" ${resume[@]+"${resume[@]}"} > /dev/null &
    local pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2> /dev/null; then
      echo "detect: kill $k after $delay s; $(ls "$cut/brainc.checkpoint/done" 2> /dev/null | wc -l) files finished"
    else
      echo "detect: kill $k: the run had finished within $delay s"
    fi
    wait "$pid" 2> /dev/null || true
  done
  [ -d "$cut/brainc.checkpoint" ] && brainc "${flags[@]}" --results "$cut" --resume > /dev/null
  if diff -r "$whole" "$cut" > /dev/null; then
    echo "  results folder: identical (diff -r)"
  else
    echo "  results folder: DIFFERS"
    failed=1
  fi
}

for verb in "${verbs[@]}"; do
  "resume_$verb"
done
exit "$failed"
