package brainc.codegen;

import brainc.ir.kernel.KernelProgram;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import brainc.runtime.sim.DelayRingDouble;
import brainc.runtime.sim.DelayRingFloat;

/**
 * A simulation's {@link Snapshot}: every buffer ({@code buffer/NAME}), what each delay queue
 * holds ({@code queue/NAME}, one row per pending delay), the monitors recorded so far ({@code
 * recorder/...}), the spikes counted per group ({@code spike_counts}, for the summary) and the
 * step count ({@code step}). Random numbers are keyed by step, and spike
 * sets and connections are rebuilt from the program, so nothing else is carried between steps.
 */
final class SimulationState {
  static final String KIND = "simulation";

  private SimulationState() {}

  static Snapshot take(Simulation sim) {
    Snapshot.Builder s = Snapshot.builder(KIND).text("program", sim.program().name()).counter("step", sim.currentStep())
        .counter("seed", sim.memory().seed());
    Memory memory = sim.memory();
    for (KernelProgram.Buffer b : sim.program().buffers()) s.array("buffer/" + b.name(), memory.buffer(b.name()));
    for (KernelProgram.DelayQueue q : sim.program().queues()) {
      Object ring = memory.queue(q.name());
      if (ring instanceof DelayRingFloat f) {
        float[][] rows = f.pendingByDelay();
        float[] flat = new float[rows.length * f.size];
        for (int d = 0; d < rows.length; d++) System.arraycopy(rows[d], 0, flat, d * f.size, f.size);
        s.put("queue/" + q.name(), NpyArray.of(flat, rows.length, f.size));
      } else {
        DelayRingDouble g = (DelayRingDouble) ring;
        double[][] rows = g.pendingByDelay();
        double[] flat = new double[rows.length * g.size];
        for (int d = 0; d < rows.length; d++) System.arraycopy(rows[d], 0, flat, d * g.size, g.size);
        s.put("queue/" + q.name(), NpyArray.of(flat, rows.length, g.size));
      }
    }
    sim.recorder().arrays().forEach((name, a) -> s.put("recorder/" + name, a));
    s.array("spike_counts", sim.spikeCounts());
    return s.build();
  }

  /** Checks everything first, then restores: a snapshot that does not fit changes nothing. */
  static void restore(Simulation sim, Snapshot snapshot) throws SnapshotException {
    snapshot.expect(KIND);
    KernelProgram p = sim.program();
    Memory memory = sim.memory();
    for (KernelProgram.Buffer b : p.buffers()) {
      NpyArray a = snapshot.array("buffer/" + b.name());
      int n = java.lang.reflect.Array.getLength(memory.buffer(b.name()));
      if (a.size() != n) {
        throw new SnapshotException("the snapshot's " + b.label() + " has " + a.size() + " elements, not " + n
            + "; it was taken of another model or with other settings");
      }
    }
    for (KernelProgram.DelayQueue q : p.queues()) snapshot.array("queue/" + q.name());
    long step = snapshot.counter("step");
    if (snapshot.counters().containsKey("seed") && snapshot.counter("seed") != memory.seed()) {
      throw new SnapshotException("the snapshot was taken with seed " + snapshot.counter("seed") + ", this simulation has seed "
          + memory.seed() + "; it would not continue the same run");
    }
    long[] counts = snapshot.array("spike_counts").longs();
    if (counts.length != p.groups().size()) {
      throw new SnapshotException("the snapshot counts spikes of " + counts.length + " groups, not "
          + p.groups().size() + "; it was taken of another model");
    }
    Snapshot recorded = snapshot.child("recorder", "recorder");
    java.util.Map<String, NpyArray> monitors = new java.util.LinkedHashMap<>();
    for (String name : recorded.arrayNames()) monitors.put(name, recorded.array(name));
    // The recorder checks every monitor before it replaces any; then nothing else can fail.
    try {
      sim.recorder().restore(monitors);
    } catch (IllegalArgumentException e) {
      throw new SnapshotException(e.getMessage() + " in the snapshot; it was taken of another model or with other settings");
    }
    sim.restoreSpikeCounts(counts);
    for (KernelProgram.Buffer b : p.buffers()) snapshot.copyInto("buffer/" + b.name(), memory.buffer(b.name()));
    for (KernelProgram.DelayQueue q : p.queues()) {
      NpyArray a = snapshot.array("queue/" + q.name());
      Object ring = memory.queue(q.name());
      int rows = a.shape()[0];
      int size = a.shape()[1];
      if (ring instanceof DelayRingFloat f) {
        float[][] r = new float[rows][size];
        for (int d = 0; d < rows; d++) System.arraycopy(a.floats(), d * size, r[d], 0, size);
        f.restorePending(r);
      } else {
        double[][] r = new double[rows][size];
        for (int d = 0; d < rows; d++) System.arraycopy(a.doubles(), d * size, r[d], 0, size);
        ((DelayRingDouble) ring).restorePending(r);
      }
    }
    sim.resumeAt(step);
  }
}
