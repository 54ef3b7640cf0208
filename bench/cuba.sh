#!/usr/bin/env bash
# Times CUBA (Vogels & Abbott 2005) on brainc's backends. Not a test: it prints figures.
#
#   bench/cuba.sh [ROUNDS] [BACKENDS...]     (default: 3 rounds; jvm and interp when available)
#
# A backend may name a thread count and a chunk threshold: jvm:2 steps on two threads, jvm:2:1000
# also splits loops of 2,000 iterations (chunks of at least 1,000); the threads column shows it.
#
# Configurations: 4,000 neurons for 1 s and 10 s of model time (samples/cuba.brain), and
# 40,000 neurons with a fixed fan-in of 80 for 1 s (bench/cuba40k.brain). For each: compile
# time (front end, passes, building connectivity and buffers), simulation wall time (median of
# the rounds), simulated seconds per wall second, synaptic events per second, heap used by the
# built network and bytes per synapse; the ratio of each backend to the first one measured.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-3}
shift || true
backends=("$@")
mvn -q -o -B install -DskipTests > /dev/null 2>&1 || mvn -q -B install -DskipTests > /dev/null
mvn -q -o -B test-compile -pl samples -am > /dev/null 2>&1 || mvn -q -B test-compile -pl samples -am > /dev/null
if [ ${#backends[@]} -eq 0 ]; then
  if ls codegen/target/classes/brainc/codegen/jvm/JvmBackend.class > /dev/null 2>&1; then
    backends=(jvm jvm:2 interp)
  else
    backends=(interp)
  fi
fi
cp=$(find ~/.m2/repository/org/antlr/antlr4-runtime/4.13.2 ~/.m2/repository/org/ow2/asm -name '*.jar' 2>/dev/null | tr '\n' ':')
cp="$cp:ir/target/classes:runtime/target/classes:grammar/target/classes:stdlib/target/classes"
cp="$cp:codegen/target/classes:compiler/target/classes:samples/target/test-classes"
run() { java -Xmx3g -cp "$cp" brainc.samples.bench.CubaBenchmark "$@"; echo; }
run samples/cuba.brain 1 "$rounds" "${backends[@]}"
# 10 s of model time takes long on the interpreter: only the compiled backend runs it.
long=()
for b in "${backends[@]}"; do [ "${b%%:*}" != interp ] && long+=("$b"); done
[ ${#long[@]} -gt 0 ] && run samples/cuba.brain 10 "$rounds" "${long[@]}"
run bench/cuba40k.brain 1 "$rounds" "${backends[@]}"

# Edit-to-result: a fresh JVM that checks, compiles and simulates CUBA 4k for 1 s (monitors
# written), as a person runs it; median of 5.
jar=compiler/target/brainc.jar
times=()
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  java -jar "$jar" run samples/cuba.brain -q --out "$(mktemp -d)" > /dev/null
  end=$(date +%s%N)
  times+=($(((end - start) / 1000000)))
done
echo "edit-to-result, brainc run samples/cuba.brain (ms): $(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')"
echo "median: $(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p) ms"
