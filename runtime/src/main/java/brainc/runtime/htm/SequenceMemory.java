package brainc.runtime.htm;

import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;

/**
 * What a region needs of its temporal memory, whichever algorithm it runs: one record of active
 * columns in, the raw anomaly score out, and its state as a {@link Snapshot}. {@link
 * TemporalMemory} (htm.core's columnar algorithm) and {@link BacktrackingMemory} (NuPIC's
 * backtracking one) are the two.
 */
public interface SequenceMemory {
  /**
   * One record: {@code cols[0 .. n)} are the active columns in ascending order. Returns the raw
   * anomaly score: the fraction of them that were not predicted after the previous record.
   */
  double compute(int[] cols, int n, boolean learn);

  /** Forgets the sequence context: the next record is a sequence start. Learned synapses stay. */
  void reset();

  /** Number of columns. */
  int columns();

  /** Live segments and synapses, for statistics and tests. */
  int segments();

  long synapses();

  /** The kind of its {@link Snapshot}. */
  String kind();

  Snapshot snapshot();

  /** Reads and checks all of {@code s}; the action returned puts it in place, and cannot fail. */
  Runnable restoring(Snapshot s) throws SnapshotException;
}
