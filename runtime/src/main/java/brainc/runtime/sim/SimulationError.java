package brainc.runtime.sim;

/**
 * A simulation went wrong in a way that the model, not the compiler, must fix: most often a
 * state variable became NaN or infinite (a time step too large for an explicit method, a division
 * by a variable that reached zero). The message names the buffer as people know it ({@code
 * exc.v}), the element, the step and the value. The step is the first one after which the value
 * was not finite: the driver checks every few steps and, when a check fails, replays the steps
 * since the last passing one from a copy of the state, checking after each.
 */
public final class SimulationError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String label;
  private final long step;
  private final int index;
  private final double value;

  public SimulationError(String label, int index, long step, double value, double dt) {
    super(label + "[" + index + "] is " + value + " at step " + step + " (t = " + format(step * dt) + ")");
    this.label = label;
    this.step = step;
    this.index = index;
    this.value = value;
  }

  private static String format(double seconds) {
    return String.format(java.util.Locale.ROOT, "%.6g s", seconds);
  }

  /** The buffer's label, e.g. {@code exc.v}. */
  public String label() {
    return label;
  }

  public long step() {
    return step;
  }

  public int index() {
    return index;
  }

  public double value() {
    return value;
  }

  /** Throws if an element of {@code a} is NaN or infinite. */
  public static void requireFinite(float[] a, String label, long step, double dt) {
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        throw new SimulationError(label, i, step, a[i], dt);
      }
    }
  }

  /** Throws if an element of {@code a} is NaN or infinite. */
  public static void requireFinite(double[] a, String label, long step, double dt) {
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) {
        throw new SimulationError(label, i, step, a[i], dt);
      }
    }
  }
}
