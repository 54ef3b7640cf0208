package brainc.ir.tensor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The shape of a tensor: up to four named axes, outermost first. An activation's first axis is
 * {@code batch}, whose extent is the batch's size at run time (written without a number); every
 * other axis has a fixed extent. Elements are stored row-major, so the last axis is contiguous.
 * A scalar has no axes.
 *
 * <pre>
 *   [batch, unit 128]     an activation (the form every layer's tensor has)
 *   [in 784, unit 128]    a weight
 *   [batch, step 4, k 3]  a rank-3 activation
 * </pre>
 */
public record Shape(List<Axis> axes) {
  /** The name of the batch axis. */
  public static final String BATCH = "batch";
  /** The most axes a tensor has, batch included. */
  public static final int MAX_RANK = 4;

  /** An axis: its name and extent ({@code 0} for the batch axis, whose extent is the batch's). */
  public record Axis(String name, int extent) {
    public Axis {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')
          || !Character.isLetter(name.charAt(0))) {
        throw new IllegalArgumentException("axis name `" + name + "` is not a word");
      }
      if (name.equals(BATCH) ? extent != 0 : extent < 1) {
        throw new IllegalArgumentException("axis " + name + " has extent " + extent);
      }
    }

    public boolean isBatch() {
      return name.equals(BATCH);
    }

    @Override
    public String toString() {
      return isBatch() ? name : name + " " + extent;
    }
  }

  public Shape {
    axes = List.copyOf(axes);
    if (axes.size() > MAX_RANK) throw new IllegalArgumentException("a tensor has at most " + MAX_RANK + " axes, got " + axes.size());
    Set<String> names = new HashSet<>();
    for (int a = 0; a < axes.size(); a++) {
      if (!names.add(axes.get(a).name())) throw new IllegalArgumentException("axis " + axes.get(a).name() + " appears twice");
      if (a > 0 && axes.get(a).isBatch()) throw new IllegalArgumentException("the batch axis comes first");
    }
  }

  public static Shape of(Axis... axes) {
    return new Shape(List.of(axes));
  }

  /** {@code [batch, unit size]}: a layer's activation. */
  public static Shape activation(int size) {
    return of(new Axis(BATCH, 0), new Axis("unit", size));
  }

  /** {@code [in fanIn, unit size]}: a dense layer's weight. */
  public static Shape matrix(int fanIn, int size) {
    return of(new Axis("in", fanIn), new Axis("unit", size));
  }

  /** {@code [unit size]}: a bias. */
  public static Shape vector(int size) {
    return of(new Axis("unit", size));
  }

  public int rank() {
    return axes.size();
  }

  /** Whether the first axis is the batch. */
  public boolean hasBatch() {
    return !axes.isEmpty() && axes.get(0).isBatch();
  }

  /** The axes other than the batch. */
  public List<Axis> inner() {
    return hasBatch() ? axes.subList(1, axes.size()) : axes;
  }

  /** Elements per sample (all elements when there is no batch axis). */
  public int perSample() {
    int n = 1;
    for (Axis a : inner()) n *= a.extent();
    return n;
  }

  /** The position of axis {@code name}, or -1. */
  public int indexOf(String name) {
    for (int a = 0; a < axes.size(); a++) if (axes.get(a).name().equals(name)) return a;
    return -1;
  }

  public Optional<Axis> axis(String name) {
    int a = indexOf(name);
    return a < 0 ? Optional.empty() : Optional.of(axes.get(a));
  }

  /** A copy with axis {@code name}'s extent replaced. */
  public Shape withExtent(String name, int extent) {
    List<Axis> out = new ArrayList<>(axes);
    int a = indexOf(name);
    out.set(a, new Axis(name, extent));
    return new Shape(out);
  }

  /**
   * Why this shape cannot be broadcast to {@code to} in an elementwise map, or empty when it can:
   * each of its axes must be an axis of {@code to}, in the same order, with the same extent or
   * extent 1; the axes it lacks (the batch among them) are repeated.
   */
  public Optional<String> broadcastProblem(Shape to) {
    int last = -1;
    for (Axis a : axes) {
      int at = to.indexOf(a.name());
      if (at < 0) return Optional.of("has axis " + a.name() + ", which " + to + " lacks");
      if (at < last) return Optional.of("orders its axes unlike " + to);
      last = at;
      int e = to.axes().get(at).extent();
      if (a.extent() != e && a.extent() != 1) {
        return Optional.of("has " + a + " where " + to + " has " + to.axes().get(at) + " (only an extent of 1 broadcasts)");
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    List<String> s = new ArrayList<>();
    for (Axis a : axes) s.add(a.toString());
    return "[" + String.join(", ", s) + "]";
  }
}
