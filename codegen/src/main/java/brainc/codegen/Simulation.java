package brainc.codegen;

import brainc.ir.kernel.KernelProgram;
import brainc.runtime.sim.Recorder;
import brainc.runtime.sim.RunSummary;

/**
 * A prepared program: its memory, the steps run so far, and the loop that runs more. Closing it
 * stops the threads it steps with, if any (they also stop once it is unreachable); its memory
 * and recorder stay readable.
 */
public interface Simulation extends brainc.codegen.engine.Instance {
  KernelProgram program();

  /**
   * Runs {@code steps} more steps, continuing from {@link #currentStep()}.
   *
   * @throws brainc.runtime.sim.SimulationError if a float buffer became NaN or infinite
   */
  void run(long steps, StepListener listener);

  /** Runs the program's own number of steps. */
  default void run() {
    run(program().steps(), StepListener.NONE);
  }

  /** The number of steps run so far: the index of the next step. */
  long currentStep();

  /** Continues as if {@code step} steps had run: for resuming from a checkpoint of the memory. */
  void resumeAt(long step);

  /** The spikes counted so far per group of {@code program().groups()} (the summary's), copied. */
  long[] spikeCounts();

  /** Replaces the spikes counted so far, {@link #spikeCounts()}'s of the instance a snapshot was taken of. */
  void restoreSpikeCounts(long[] counts);

  /** The buffers, spike sets, queues and connections, live; for tests and embedding. */
  Memory memory();

  Recorder recorder();

  RunSummary summary();

  /** The buffers, queues, monitors recorded so far, spike counts and step count ({@link SimulationState}). */
  @Override
  default brainc.runtime.io.Snapshot snapshot() {
    return SimulationState.take(this);
  }

  @Override
  default void restore(brainc.runtime.io.Snapshot snapshot) throws brainc.runtime.io.SnapshotException {
    SimulationState.restore(this, snapshot);
  }

  @Override
  default void close() {}
}
