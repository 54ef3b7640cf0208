#!/usr/bin/env bash
# Times CUBA (Vogels & Abbott 2005) on brainc's backends. Not a test: it prints figures.
#
#   bench/cuba.sh [ROUNDS] [BACKENDS...]     (default: 3 rounds; jvm and interp when available)
#   BRIAN2=0 bench/cuba.sh ...                 skips the comparison with Brian2 (below)
#
# A backend may name a thread count and a chunk threshold: jvm:2 steps on two threads, jvm:2:1000
# also splits loops of 2,000 iterations (chunks of at least 1,000); the threads column shows it.
#
# Configurations: 4,000 neurons for 1 s and 10 s of model time (samples/cuba.brain), and
# 40,000 neurons with a fixed fan-in of 80 for 1 s (bench/cuba40k.brain). For each: compile
# time (front end, passes, building connectivity and buffers), simulation wall time (median of
# the rounds), simulated seconds per wall second, synaptic events per second, heap used by the
# built network and bytes per synapse; the ratio of each backend to the first one measured.
#
# Then the same three configurations as a person runs them, each in a fresh process, against
# Brian2 2.5.1's C++ standalone (Debian's python3-brian, installed with apt-get when missing;
# one thread, no OpenMP), rounds interleaved: brainc's `run` (its "simulate" figure: the loop
# alone, JIT warm-up included; and the wall time of the whole command, whose difference is the
# time to the first step: JVM start, check, compile, connectivity) against the loop time that
# Brian2's binary records (built once, before the rounds). The steady-state cost per step is the
# marginal one, (10 s run - 1 s run) / 90,000 steps, so that warm-up cancels.
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

[ "${BRIAN2:-1}" = 0 ] && exit 0
# shellcheck source=bench/brian2_env.sh
. bench/brian2_env.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/^run CUBA for 1 s /run CUBA for 10 s /' samples/cuba.brain > "$work/cuba10.brain"
cat > "$work/cuba_brian.py" << 'PY'
# Brian2's examples/CUBA.py as samples/cuba.brain writes it (and bench/cuba40k.brain's
# fixed fan-in variant), with the same monitors, as a C++ standalone program.
import sys
import numpy as np
from brian2 import *

out, n, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
set_device("cpp_standalone", directory=out, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = 0
defaultclock.dt = 0.1 * ms
taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
Vt, Vr, El = -50 * mV, -60 * mV, -49 * mV
eqs = """
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt
"""
P = NeuronGroup(n, eqs, threshold="v>Vt", reset="v = Vr", refractory=5 * ms, method="exact")
P.v = "Vr + rand() * (Vt - Vr)"
we = (60 * 0.27 / 10) * mV
wi = (-20 * 4.5 / 10) * mV
ne = n * 4 // 5
Ce = Synapses(P, P, on_pre="ge += we")
Ci = Synapses(P, P, on_pre="gi += wi")
if n == 4000:
    Ce.connect("i < ne", p=0.02)
    Ci.connect("i >= ne", p=0.02)
else:  # fixed fan-in 64 excitatory and 16 inhibitory sources, drawn without replacement
    rng = np.random.default_rng(42)
    def fanin(lo, hi, k):
        pre = np.concatenate([rng.choice(np.arange(lo, hi), k, replace=False) for _ in range(n)])
        return pre, np.repeat(np.arange(n), k)
    i, j = fanin(0, ne, 64)
    Ce.connect(i=i, j=j)
    i, j = fanin(ne, n, 16)
    Ci.connect(i=i, j=j)
spikes = SpikeMonitor(P)
if n == 4000:
    rate = PopulationRateMonitor(P)
    trace = StateMonitor(P, "v", record=range(10), dt=1 * ms)
run(seconds * second)
device.build(directory=out, compile=True, run=True)
print("spikes", spikes.num_spikes)
PY
echo "building Brian2's standalone programs..." >&2
configs=(c4k1 c4k10 c40k1)
declare -A file brian_args
file[c4k1]=samples/cuba.brain; brian_args[c4k1]="4000 1"
file[c4k10]=$work/cuba10.brain; brian_args[c4k10]="4000 10"
file[c40k1]=bench/cuba40k.brain; brian_args[c40k1]="40000 1"
for c in "${configs[@]}"; do
  # shellcheck disable=SC2086 # two arguments
  /usr/bin/python3 "$work/cuba_brian.py" "$work/brian_$c" ${brian_args[$c]} > "$work/brian_$c.log" 2>&1 || {
    cat "$work/brian_$c.log" >&2; exit 1; }
done
declare -A t
for r in $(seq "$rounds"); do
  for c in "${configs[@]}"; do
    start=$(date +%s%N)
    sim=$(java -jar "$jar" run "${file[$c]}" -q --out "$work/out" 2>&1 | sed -n 's/.*simulate \([0-9.]*\) s.*/\1/p')
    end=$(date +%s%N)
    t[sim_$c]+="$sim "
    t[wall_$c]+="$(echo "($end - $start) / 1000000000" | bc -l) "
    t[brian_$c]+="$(cd "$work/brian_$c" && ./main > /dev/null && awk '{print $1}' results/last_run_info.txt) "
  done
  echo "round $r: brainc ${t[sim_c4k1]}| brian2 ${t[brian_c4k1]}" >&2
done
median() { printf '%s\n' $1 | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
echo "brainc (jvm, fresh JVM) against Brian2 C++ standalone (one thread); medians of $rounds interleaved rounds (s)"
printf '%-22s %10s %10s %8s %14s\n' "" "brainc" "brian2" "ratio" "brainc wall"
for c in "${configs[@]}"; do
  b=$(median "${t[sim_$c]}"); r=$(median "${t[brian_$c]}"); w=$(median "${t[wall_$c]}")
  printf '%-22s %10.3f %10.3f %8.2f %14.3f\n' "$c simulation" "$b" "$r" "$(echo "$b / $r" | bc -l)" "$w"
done
b1=$(median "${t[sim_c4k1]}"); b10=$(median "${t[sim_c4k10]}")
r1=$(median "${t[brian_c4k1]}"); r10=$(median "${t[brian_c4k10]}")
w1=$(median "${t[wall_c4k1]}")
printf 'time to first step, CUBA 4k (wall - simulate): brainc %.3f s\n' "$(echo "$w1 - $b1" | bc -l)"
printf 'steady state, CUBA 4k ((10 s - 1 s) / 90000 steps): brainc %.2f us/step, brian2 %.2f us/step (ratio %.2f)\n' \
  "$(echo "($b10 - $b1) / 0.09" | bc -l)" "$(echo "($r10 - $r1) / 0.09" | bc -l)" "$(echo "($b10 - $b1) / ($r10 - $r1)" | bc -l)"
printf 'warm-up, CUBA 4k (1 s run - 10000 steps at the steady rate): brainc %.3f s, brian2 %.3f s\n' \
  "$(echo "$b1 - ($b10 - $b1) / 9" | bc -l)" "$(echo "$r1 - ($r10 - $r1) / 9" | bc -l)"
