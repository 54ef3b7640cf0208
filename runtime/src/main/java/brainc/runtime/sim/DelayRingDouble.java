package brainc.runtime.sim;

/**
 * A delay queue of double values: {@code maxDelay + 1} slots the size of the target buffer. A value
 * added with delay d during step n is added to the target by the {@link #drainInto} of step n + d.
 *
 * <p>Slot {@code head} is the one due now; a delay of d writes slot {@code (head + d) mod (maxDelay
 * + 1)}, which is never {@code head} since d lies in [1, maxDelay]. {@link #advance} moves {@code
 * head} on by one at the end of each step.
 */
public final class DelayRingDouble {
  public final int maxDelay;
  public final int size;
  private final double[][] slots;
  private int head;

  public DelayRingDouble(int maxDelay, int size) {
    if (maxDelay < 1) {
      throw new IllegalArgumentException("maxDelay must be at least 1: " + maxDelay);
    }
    this.maxDelay = maxDelay;
    this.size = size;
    this.slots = new double[maxDelay + 1][size];
  }

  /** Adds {@code value} to element {@code index}, {@code delay} steps from now; delays below 1 count as 1. */
  public void add(long delay, int index, double value) {
    if (delay > maxDelay) {
      throw new IllegalArgumentException("delay " + delay + " exceeds the queue's maximum " + maxDelay);
    }
    int d = delay < 1 ? 1 : (int) delay;
    int slot = head + d;
    if (slot > maxDelay) {
      slot -= maxDelay + 1;
    }
    slots[slot][index] += value;
  }

  /** Adds the slot due now into {@code target} and zeroes it. */
  public void drainInto(double[] target) {
    double[] due = slots[head];
    for (int i = 0; i < size; i++) {
      target[i] += due[i];
      due[i] = 0;
    }
  }

  /** Moves on to the next step's slot; the driver calls it after the probes. */
  public void advance() {
    head = head == maxDelay ? 0 : head + 1;
  }

  /** The value that the drain {@code delay} steps from now would add to {@code index}; for tests. */
  public double pending(int delay, int index) {
    return slots[(head + delay) % (maxDelay + 1)][index];
  }

  /** A copy of what is pending, row d being due d steps from now (row 0 now); for checkpoints. */
  public double[][] pendingByDelay() {
    double[][] out = new double[maxDelay + 1][];
    for (int d = 0; d <= maxDelay; d++) out[d] = slots[(head + d) % (maxDelay + 1)].clone();
    return out;
  }

  /** Restores what {@link #pendingByDelay} saved. */
  public void restorePending(double[][] pending) {
    if (pending.length != maxDelay + 1) throw new IllegalArgumentException("expected " + (maxDelay + 1) + " rows");
    head = 0;
    for (int d = 0; d <= maxDelay; d++) System.arraycopy(pending[d], 0, slots[d], 0, size);
  }
}
