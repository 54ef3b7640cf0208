#!/usr/bin/env bash
# Measures how fast `brainc check` is. Not a test: it prints figures and fails only if a
# step cannot run.
#
#   bench/check.sh [BLOCKS] [WARMUP] [ROUNDS]
#
# 1. Generates a large model (BLOCKS x 13 lines of neuron, synapse and network declarations
#    with equations; 1000 blocks by default, about 13,000 lines) and measures warm in-process
#    throughput of the front end against a parse-only baseline (CheckBenchmark).
#    Then the same model with 10 unknown names per neuron (10,000 by default) against the
#    clean one: the cost of "did you mean" (goal: within 2x of the clean file).
# 2. Measures the cold start of `bin/brainc check samples/cuba.brain`, median of 5 runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

blocks=${1:-1000}
warmup=${2:-5}
rounds=${3:-10}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
model="$work/large.brain"

for ((i = 0; i < blocks; i++)); do
  cat <<BLOCK
/// Generated neuron $i.
neuron Cell$i {
  param tau_m = $((10 + i % 30)) ms
  param v_rest = -65 mV
  param v_th = -50 mV
  state v = v_rest
  state w = 0 mV
  input I: mV
  v' = (v_rest - v + I - w) / tau_m
  w' = (0.5 * (v - v_rest) - w) / (100 ms)
  spike when v > v_th { v = v_rest
    w += 1 mV }
}
BLOCK
done > "$model"
for ((i = 0; i < blocks; i += 10)); do
  cat <<BLOCK
network Net$i {
  population a = Cell$i[100] { tau_m = 15 ms }
  population b = Cell$((i + 1))[100]
  connect a -> b  weight 0.5 mV  probability 0.1  via exp(tau = 5 ms)
  monitor spikes of a, b
}
BLOCK
done >> "$model"

# The same model with about 10 unknown names in every neuron (10,000 for 1000 blocks), some
# near a declared name and some not: "did you mean" must not make `check` quadratic.
unknown="$work/unknown.brain"
for ((i = 0; i < blocks; i++)); do
  cat <<BLOCK
/// Generated neuron $i.
neuron Cell$i {
  param tau_m = $((10 + i % 30)) ms
  param v_rest = -65 mV
  param v_th = -50 mV
  state v = v_rest
  state w = 0 mV
  input I: mV
  v' = (vrest$i - v + I - w$i) / taum$i + q$i
  w' = (0.5 * (v - v_rst) - ww) / (100 ms) + z$i
  spike when v > v_thr { v = v_rest
    w += mv$i + I$i }
}
BLOCK
done > "$unknown"
tail -n +$((blocks * 13 + 1)) "$model" >> "$unknown"

# Build the jar (bin/brainc does it when needed) and the test classes that hold the harness.
bin/brainc --version > /dev/null
mvn -q -o -B test-compile -pl compiler -am > /dev/null 2>&1 || mvn -q -B test-compile -pl compiler -am > /dev/null

echo "== warm, in-process (CheckBenchmark)"
java -Xss16m -cp compiler/target/brainc.jar:compiler/target/test-classes \
  brainc.compiler.bench.CheckBenchmark "$model" "$warmup" "$rounds"

echo "== unknown names: the same model with 10 unknown names per neuron, against the clean one"
java -Xss16m -Xms2g -Xmx2g -cp compiler/target/brainc.jar:compiler/target/test-classes \
  brainc.compiler.bench.CheckBenchmark --unknown "$model" "$unknown" "$warmup" "$rounds"

echo "== cold start: bin/brainc check samples/cuba.brain (median of 5)"
times=()
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  bin/brainc check samples/cuba.brain
  end=$(date +%s%N)
  times+=($(((end - start) / 1000000)))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "runs (ms):        $sorted"
echo "cold start:       ${median} ms median"
