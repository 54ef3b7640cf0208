#!/usr/bin/env bash
# Times the COBAHH benchmark (Brette et al. 2007: 4000 Hodgkin-Huxley neurons, conductance
# synapses, exponential Euler at dt 0.1 ms, 1 s) on brainc against Brian2's C++ standalone, in
# the same run. Not a test: it prints figures.
#
#   bench/cobahh.sh [ROUNDS]       (default 3; BRAINC_JAR=path times that jar instead of the checkout's)
#
# Both sides simulate the same model: samples/cobahh.brain (its gates start closed, its
# conductances at 0, v ~ normal(-65 mV, 5 mV)), and cobahh_brian.py below, which is Brian2's
# examples/COBAHH.py with those initial values, a spike monitor, a population rate monitor and
# v of 10 neurons every 1 ms, as the sample monitors. Brian2 2.5.1 is Debian's python3-brian for
# /usr/bin/python3, installed here with apt-get when it is missing (as root, or through sudo),
# with g++ for the standalone build; it runs on one thread (no OpenMP), as brainc steps by
# default. The time of each is that of the simulation loop alone: brainc's "simulate" figure
# (after its compile), Brian2's run time as its standalone binary measures it (after its build;
# the binary is built once and run each round).
#
# The split per kernel kind comes from a second configuration of each side, the same network
# without its connections: its time is the neuron update (integration and threshold, which do
# not depend on the activity); full minus that is spike propagation. Rounds are interleaved and
# the figures are medians; the machine may be shared, so compare the ratios, not the seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-3}

# shellcheck source=bench/brian2_env.sh
. bench/brian2_env.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# BRAINC_JAR names a prebuilt jar (e.g. a copy, while a build runs); by default the checkout's,
# built first when its sources changed.
jar=${BRAINC_JAR:-compiler/target/brainc.jar}
[ -n "${BRAINC_JAR:-}" ] || BRAINC_NO_BUILD=0 bin/brainc --version > /dev/null

# brainc's two configurations.
cp samples/cobahh.brain "$work/full.brain"
grep -v '^  connect ' samples/cobahh.brain > "$work/update.brain"

cat > "$work/cobahh_brian.py" << 'PY'
import os, sys
from brian2 import *

out, synapses = sys.argv[1], sys.argv[2] == "full"
set_device("cpp_standalone", directory=out, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = 0
defaultclock.dt = 0.1 * ms
area = 20000 * umetre**2
Cm = (1 * ufarad * cm**-2) * area
gl = (5e-5 * siemens * cm**-2) * area
El = -60 * mV
EK = -90 * mV
ENa = 50 * mV
g_na = (100 * msiemens * cm**-2) * area
g_kd = (30 * msiemens * cm**-2) * area
VT = -63 * mV
taue = 5 * ms
taui = 10 * ms
Ee = 0 * mV
Ei = -80 * mV
we = 6 * nS
wi = 67 * nS
eqs = Equations("""
dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-g_na*(m*m*m)*h*(v-ENa)-g_kd*(n*n*n*n)*(v-EK))/Cm : volt
dm/dt = alpha_m*(1-m)-beta_m*m : 1
dn/dt = alpha_n*(1-n)-beta_n*n : 1
dh/dt = alpha_h*(1-h)-beta_h*h : 1
dge/dt = -ge*(1./taue) : siemens
dgi/dt = -gi*(1./taui) : siemens
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz
""")
P = NeuronGroup(4000, model=eqs, threshold="v>-20*mV", refractory=3 * ms, method="exponential_euler")
Pe = P[:3200]
Pi = P[3200:]
if synapses:
    Ce = Synapses(Pe, P, on_pre="ge+=we")
    Ci = Synapses(Pi, P, on_pre="gi+=wi")
    Ce.connect(p=0.02)
    Ci.connect(p=0.02)
P.v = "El + (randn() * 5 - 5)*mV"
spikes = SpikeMonitor(P)
rate = PopulationRateMonitor(P)
trace = StateMonitor(P, "v", record=range(10), dt=1 * ms)
run(1 * second)
device.build(directory=out, compile=True, run=True)
print("spikes", spikes.num_spikes)
PY

echo "building Brian2's standalone programs (full network, and without connections)..." >&2
for cfg in full update; do
  /usr/bin/python3 "$work/cobahh_brian.py" "$work/brian_$cfg" "$cfg" > "$work/brian_$cfg.log" 2>&1 || {
    cat "$work/brian_$cfg.log" >&2; exit 1; }
done

brainc_time() {  # the "simulate X s" of a run
  java -jar "$jar" run "$1" -q --out "$work/out" 2>&1 | sed -n 's/.*simulate \([0-9.]*\) s.*/\1/p'
}
brian_time() {  # the run time the standalone binary records
  (cd "$2" && ./main > /dev/null && awk '{print $1}' results/last_run_info.txt)
}

declare -A t
for r in $(seq "$rounds"); do
  for cfg in full update; do
    t[brainc_$cfg]+="$(brainc_time "$work/$cfg.brain") "
    t[brian_$cfg]+="$(brian_time "$cfg" "$work/brian_$cfg") "
  done
  echo "round $r: brainc ${t[brainc_full]}| brian2 ${t[brian_full]}" >&2
done
median() { printf '%s\n' $1 | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
bf=$(median "${t[brainc_full]}"); bu=$(median "${t[brainc_update]}")
rf=$(median "${t[brian_full]}"); ru=$(median "${t[brian_update]}")
echo
echo "COBAHH 4000 HH neurons, 1 s at dt 0.1 ms, exponential Euler; medians of $rounds interleaved rounds (s)"
printf '%-28s %10s %10s %8s\n' "" brainc brian2 ratio
row() { printf '%-28s %10.3f %10.3f %8.2f\n' "$1" "$2" "$3" "$(echo "$2 / $3" | bc -l)"; }
row "simulation (full)" "$bf" "$rf"
row "  neuron update+threshold" "$bu" "$ru"
row "  spike propagation" "$(echo "$bf - $bu" | bc -l)" "$(echo "$rf - $ru" | bc -l)"
grep -h '^spikes' "$work"/brian_full.log | sed 's/^/brian2 /'
java -jar "$jar" run "$work/full.brain" -q --out "$work/out" 2>&1 | grep -E '^  (exc|inh) ' | sed 's/^/brainc /'
