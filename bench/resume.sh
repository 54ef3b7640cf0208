#!/usr/bin/env bash
# Resumption with real processes: for each verb, start a run that writes checkpoints, kill -9 it
# at a random time after its first checkpoint, resume it, and compare its results with an
# uninterrupted run's (cmp, byte for byte). Not a test (it takes minutes); prints what differs.
#
#   bench/resume.sh [JAR] [VERB...]    verbs: run (default: all); JAR defaults to bin/brainc's
#
# One function per verb; each takes the brainc command and a scratch folder, and returns non-zero
# when the resumed results differ.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jar=${1:-compiler/target/brainc.jar}
shift || true
[ -f "$jar" ] || { bin/brainc --version > /dev/null; jar=compiler/target/brainc.jar; }
brainc() { java -jar "$jar" "$@"; }

# Waits until $1 exists (a checkpoint), at most $2 seconds; fails when the process $3 ended first.
await() {
  local file=$1 limit=$2 pid=$3 t=0
  while [ ! -f "$file" ]; do
    kill -0 "$pid" 2> /dev/null || return 1
    sleep 0.1
    t=$((t + 1))
    [ "$t" -lt $((limit * 10)) ] || return 1
  done
}

# `run`: bench/cuba40k.brain for 1 s, a checkpoint every 100 ms; killed 0-2 s after the first,
# resumed (on the other engine half the time), compared file by file with an uninterrupted run.
resume_run() {
  local work=$1 model=bench/cuba40k.brain
  brainc run "$model" -q --out "$work/whole" > /dev/null
  brainc run "$model" -q --out "$work/cut" --checkpoint-every 100ms > /dev/null &
  local pid=$!
  if ! await "$work/cut.checkpoint/CUBA40k.snapshot" 300 "$pid"; then
    echo "run: no checkpoint was written before the run ended"
    wait "$pid" || true
    return 1
  fi
  local delay
  delay=$(awk -v r="$RANDOM" 'BEGIN { printf "%.1f", (r % 21) / 10 }')
  sleep "$delay"
  kill -9 "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  local engine=jvm
  [ $((RANDOM % 2)) -eq 0 ] && engine=interp
  echo "run: killed ${delay} s after the first checkpoint; resuming on $engine"
  brainc run "$model" -q --out "$work/cut" --checkpoint-every 100ms --resume --backend "$engine" > /dev/null
  local differ=0 f
  for f in "$work"/whole/*.npy; do
    cmp "$f" "$work/cut/$(basename "$f")" || differ=1
  done
  [ "$(ls "$work"/whole/*.npy | wc -l)" -eq "$(ls "$work"/cut/*.npy | wc -l)" ] || differ=1
  [ "$differ" -eq 0 ] && echo "run: resumed monitors identical to the uninterrupted run's"
  return "$differ"
}

verbs=("$@")
[ ${#verbs[@]} -gt 0 ] || verbs=(run)
status=0
for verb in "${verbs[@]}"; do
  work=$(mktemp -d)
  "resume_$verb" "$work" || status=1
  rm -rf "$work"
done
exit "$status"
