#!/bin/sh
# Prepares, on a machine with Java (no GPU needed), what gpu.sh runs on the GPU machine, which
# has nvcc but no Java: the generated CUDA program of each model and the interpreter's monitors
# of the same run, to compare the deterministic mode with.
#   bench/cuda/prepare.sh [DIR]      (default: bench/cuda/work, git-ignored)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd -P)
dir=${1:-$root/bench/cuda/work}
mkdir -p "$dir"
# name, model file, duration of the reference run (the program runs the same steps)
while read -r name file duration; do
  [ -n "$name" ] || continue
  rm -rf "$dir/$name"
  "$root/bin/brainc" compile "$root/$file" --target cuda -o "$dir/$name/gen" >/dev/null
  "$root/bin/brainc" run "$root/$file" --backend interp --duration "$duration" -q --out "$dir/$name/ref" >/dev/null
  steps=$(awk -v d="$duration" 'BEGIN { sub(/ms$/, "", d); print int(d * 10 + 0.5) }')
  echo "$steps" > "$dir/$name/steps"
done <<MODELS
cuba samples/cuba.brain 1000ms
cuba40k bench/cuba40k.brain 100ms
MODELS
echo "prepared $dir; copy it beside bench/cuda/gpu.sh on the GPU machine and run gpu.sh there (gpu.sh --host here to rehearse)"
