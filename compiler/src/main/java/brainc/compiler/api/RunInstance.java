package brainc.compiler.api;

import brainc.codegen.Simulation;
import brainc.codegen.StepListener;
import brainc.codegen.engine.Instance;
import brainc.ir.kernel.text.KernelPrinter;
import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulation of a {@link PreparedRun}: advance it, read its monitors, snapshot it and restore
 * it. A snapshot is the simulation's state ({@code sim/...}: buffers, queues, monitors so far,
 * step) with a record of the run it belongs to (model, network, dt, steps, seed, precision, the
 * value of each free parameter); it
 * restores into any instance of the same run on any engine, so a run started on jvm may finish
 * on interp, and the result is the same bit for bit.
 */
public final class RunInstance implements Instance {
  static final String KIND = "run";

  private final PreparedRun prepared;
  private final Simulation sim;
  private final long seed;
  private final Map<String, Double> parameters;

  RunInstance(PreparedRun prepared, Simulation sim, long seed, Map<String, Double> parameters) {
    this.prepared = prepared;
    this.sim = sim;
    this.seed = seed;
    this.parameters = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(parameters));
  }

  public PreparedRun prepared() {
    return prepared;
  }

  public long seed() {
    return seed;
  }

  /** The value of each free parameter in this instance (none unless the run was prepared with some). */
  public Map<String, Double> parameters() {
    return parameters;
  }

  /** The steps run so far: the index of the next one. */
  public long step() {
    return sim.currentStep();
  }

  /** The steps of the whole run. */
  public long steps() {
    return prepared.kernel().steps();
  }

  /** Runs {@code n} more steps (at most to the end of the run); {@code listener} sees their progress. */
  public void advance(long n, StepProgress listener) {
    sim.run(Math.min(n, steps() - step()), listener == StepProgress.NONE ? StepListener.NONE : listener::progress);
  }

  /** Runs the remaining steps and gives the result. */
  public RunResult finish(StepProgress listener) {
    advance(steps() - step(), listener);
    return result();
  }

  public RunResult finish() {
    return finish(StepProgress.NONE);
  }

  /** The summary and monitors so far (copies). */
  public RunResult result() {
    return new RunResult(sim.summary(), sim.recorder().arrays());
  }

  /** The simulation itself, live: its memory (buffers), recorder and program, for embedding and tests. */
  public Simulation simulation() {
    return sim;
  }

  @Override
  public Snapshot snapshot() {
    Snapshot.Builder b = Snapshot.builder(KIND);
    record().forEach(b::text);
    return b.put("sim", sim.snapshot()).build();
  }

  /**
   * Continues from {@code snapshot}; refused, with a {@link SnapshotException} naming every
   * difference, when it was taken of another model or under other settings (nothing is changed
   * then).
   */
  @Override
  public void restore(Snapshot snapshot) throws SnapshotException {
    snapshot.expect(KIND);
    List<String> differ = new ArrayList<>();
    for (Map.Entry<String, String> e : record().entrySet()) {
      String theirs = snapshot.texts().get(e.getKey());
      if (!e.getValue().equals(theirs)) {
        differ.add(e.getKey() + ": " + (theirs == null ? "absent" : theirs) + " in the snapshot, " + e.getValue() + " here");
      }
    }
    if (!differ.isEmpty()) {
      throw new SnapshotException("it was taken of another run, and resuming would mix two different runs:\n    "
          + String.join("\n    ", differ));
    }
    sim.restore(snapshot.child("sim", "simulation"));
  }

  @Override
  public void close() {
    sim.close();
  }

  /**
   * What identifies the run, engine aside: the kernel program's hash (the model as compiled, its
   * header aside), the network, dt, steps, seed and precision.
   */
  private Map<String, String> record() {
    Map<String, String> r = new LinkedHashMap<>();
    String text = KernelPrinter.print(prepared.kernel());
    r.put("model", Fingerprints.sha256(text.substring(text.indexOf('\n') + 1)));
    r.put("network", prepared.statement().target());
    r.put("dt_s", Double.toString(prepared.settings().dt()));
    r.put("steps", Long.toString(steps()));
    r.put("seed", Long.toString(seed));
    r.put("precision", prepared.float64() ? "float64" : "float32");
    // Recorded only when there are free parameters, so that earlier snapshots of plain runs still restore.
    parameters.forEach((name, value) -> r.put("parameter " + name, Double.toString(value)));
    return r;
  }

}
