package brainc.compiler.api;

import brainc.runtime.io.NpyArray;
import brainc.runtime.sim.RunSummary;
import java.util.Map;

/**
 * What a finished simulation gives: its summary (neurons, synapses, spikes and rates per group,
 * timings) and every monitor as arrays, named as {@code brainc run} names their {@code .npy}
 * files (a spike monitor {@code M} is {@code (n, 2)} int64 rows of step and neuron index; a
 * state monitor {@code M} is {@code (samples, neurons)} with its steps in {@code M_steps}).
 */
public record RunResult(RunSummary summary, Map<String, NpyArray> monitors) {}
