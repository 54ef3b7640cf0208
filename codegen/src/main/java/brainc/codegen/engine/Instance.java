package brainc.codegen.engine;

import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;

/**
 * A program prepared by an engine and instantiated with its state: a simulation, a training run,
 * an HTM region. Its whole state can be taken as a {@link Snapshot} and put back; a restored
 * instance continues bit-identically to one that was never stopped. Closing it stops any threads
 * it runs on; what it computed stays readable.
 */
public interface Instance extends AutoCloseable {
  /** Everything carried from one step to the next, copied: the instance may go on. */
  Snapshot snapshot();

  /**
   * Replaces this instance's state by {@code snapshot}'s, taken of an instance of the same
   * program; a {@link SnapshotException} says what does not match (nothing is changed then).
   */
  void restore(Snapshot snapshot) throws SnapshotException;

  @Override
  default void close() {}
}
