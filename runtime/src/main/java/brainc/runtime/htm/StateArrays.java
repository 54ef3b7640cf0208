package brainc.runtime.htm;

import brainc.runtime.io.NpyArray;
import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;

/**
 * Typed, checked reads of a snapshot's arrays for the HTM components' {@code restore}: each
 * returns a private copy of the expected type and length (or any length for {@code -1}), and a
 * {@link SnapshotException} naming the array otherwise, so that a component reads everything
 * before it changes anything.
 */
final class StateArrays {
  private StateArrays() {}

  static int[] ints(Snapshot s, String name, int length) throws SnapshotException {
    return (int[]) read(s, name, length, "int32");
  }

  static long[] longs(Snapshot s, String name, int length) throws SnapshotException {
    return (long[]) read(s, name, length, "int64");
  }

  static float[] floats(Snapshot s, String name, int length) throws SnapshotException {
    return (float[]) read(s, name, length, "float32");
  }

  static double[] doubles(Snapshot s, String name, int length) throws SnapshotException {
    return (double[]) read(s, name, length, "float64");
  }

  /** A counter that must lie in {@code [min, max]}. */
  static long counter(Snapshot s, String name, long min, long max) throws SnapshotException {
    long v = s.counter(name);
    if (v < min || v > max) {
      throw new SnapshotException("the snapshot's `" + name + "` is " + v + ", outside " + min + " .. " + max
          + "; it was taken of another model or with other settings");
    }
    return v;
  }

  /** The values of a jagged array: lists[i] holds counts[i] entries, flattened in order. */
  static int[] flatten(int[][] lists, int[] counts) {
    long total = 0;
    for (int c : counts) total += c;
    int[] flat = new int[Math.toIntExact(total)];
    int at = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) System.arraycopy(lists[i], 0, flat, at, counts[i]);
      at += counts[i];
    }
    return flat;
  }

  /** The inverse of {@link #flatten}: lists of at least {@code minCapacity} slots, never null. */
  static int[][] unflatten(int[] flat, int[] counts, int minCapacity, String name) throws SnapshotException {
    long total = 0;
    for (int c : counts) {
      if (c < 0) throw new SnapshotException("the snapshot's counts of `" + name + "` are negative");
      total += c;
    }
    if (total != flat.length) {
      throw new SnapshotException("the snapshot's `" + name + "` has " + flat.length + " entries where its counts say " + total);
    }
    int[][] lists = new int[counts.length][];
    int at = 0;
    for (int i = 0; i < counts.length; i++) {
      lists[i] = new int[Math.max(minCapacity, counts[i])];
      System.arraycopy(flat, at, lists[i], 0, counts[i]);
      at += counts[i];
    }
    return lists;
  }

  /** Every value of {@code values} in {@code [min, max)}: indices the component will follow. */
  static void indices(int[] values, int min, int max, String name) throws SnapshotException {
    for (int v : values) {
      if (v < min || v >= max) {
        throw new SnapshotException("the snapshot's `" + name + "` holds " + v + ", outside " + min + " .. " + (max - 1)
            + "; it was taken of another model or with other settings");
      }
    }
  }

  private static Object read(Snapshot s, String name, int length, String type) throws SnapshotException {
    NpyArray a = s.array(name);
    if (length >= 0 && a.size() != length) {
      throw new SnapshotException("the snapshot's `" + name + "` has " + a.size() + " elements where this " + s.kind()
          + " has " + length + "; it was taken of another model or with other settings");
    }
    try {
      return switch (type) {
        case "int32" -> a.ints().clone();
        case "int64" -> a.longs().clone();
        case "float32" -> a.floats().clone();
        default -> a.doubles().clone();
      };
    } catch (IllegalStateException e) {
      throw new SnapshotException("the snapshot's `" + name + "` is " + a.dtype() + ", not " + type);
    }
  }
}
