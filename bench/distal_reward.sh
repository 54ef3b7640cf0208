#!/usr/bin/env bash
# Distal reward (Izhikevich 2007) at full size: samples/distal_reward.brain (1000 neurons, an
# hour of simulated time; hours of wall time). Not a test: it prints, ten times over the run,
# the rewarded synapse's weight and the distribution of the others (median, 90th and 99th
# percentiles, the share at the maximum), and fails only if a step cannot run.
#
#   bench/distal_reward.sh [SECONDS] [BACKEND]
#
# SECONDS (default: the sample's 3600) shortens the run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-3600}
backend=${2:-jvm}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bin/brainc check samples/distal_reward.brain >/dev/null
sed "s/run DistalReward for 3600 s/run DistalReward for $seconds s/" samples/distal_reward.brain >"$work/distal_reward.brain"
java -cp compiler/target/brainc.jar samples/src/test/java/brainc/samples/DistalReward.java "$work/distal_reward.brain" "$backend"
