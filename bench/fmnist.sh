#!/usr/bin/env bash
# Trains samples/fashion_mnist_snn.brain on Fashion-MNIST and prints the figures of the
# surrogate-gradient backend. Not a test: it prints figures (and takes minutes per epoch).
#
#   bench/fmnist.sh [EPOCHS] [EXTRA brainc train OPTIONS...]     (default: 1 epoch)
#   e.g. bench/fmnist.sh 1 --threads 2; --no-vector for the portable kernels; --limit N for a
#   shorter timing run
#
# Needs the dataset (sudo bin/install-data). Runs a private copy of the brainc jar, so that
# rebuilding the checkout meanwhile does not disturb it. For each epoch: training time, seconds
# per batch of 128 (469 batches, the last one partial), training loss and accuracy, test
# accuracy, and inference throughput (the test pass: 10,000 samples, forward only, 25 steps).
# Results land in ${BENCH_OUT:-out/bench-fmnist}: log.txt and the jar, and the results folder
# train/ (metrics.csv, learning_curve.svg, weights.npz, manifest.json; published whole at the end).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
epochs=${1:-1}
shift || true
out=${BENCH_OUT:-out/bench-fmnist}
mkdir -p "$out"
BRAINC_NO_BUILD= bin/brainc --version > /dev/null
cp compiler/target/brainc.jar "$out/brainc.jar"
echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -n 1)"
vector="--add-modules jdk.incubator.vector"
for a in "$@"; do [ "$a" = --no-vector ] && vector=; done
start=$(date +%s)
# shellcheck disable=SC2086 # option lists
java ${BRAINC_JAVA_OPTS:-} $vector -jar "$out/brainc.jar" train samples/fashion_mnist_snn.brain --epochs "$epochs" \
  --out "$out/train" -q "$@" | tee "$out/log.txt"
echo "wall time: $(( $(date +%s) - start )) s"
batches=$(grep -o '[0-9]* training' "$out/log.txt" | head -n 1 | awk '{ print int(($1 + 127) / 128) }')
tests=$(grep -o '[0-9]* test samples' "$out/log.txt" | head -n 1 | awk '{ print $1 }')
awk -F, -v nb="$batches" -v nt="$tests" 'NR > 1 { printf "epoch %s: %.1f s per epoch, %.3f s per batch, test accuracy %.4f, inference %.0f samples/s\n",
  $1, $6, $6 / nb, $5, nt / $7 }' "$out/train/metrics.csv"
