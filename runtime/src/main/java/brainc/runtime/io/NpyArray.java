package brainc.runtime.io;

import java.util.Arrays;

/**
 * An n-dimensional array in C (row-major) order: a flat Java array of one {@link NpyDtype} and a
 * shape. It is what {@link NpyReader} returns and {@link NpyWriter} takes.
 *
 * <p>The flat array is shared, not copied, both ways: arrays read from datasets can be large, and
 * the runtime hands them straight to generated code. The shape is copied and immutable.
 */
public final class NpyArray {
  private final NpyDtype dtype;
  private final int[] shape;
  private final Object data;

  NpyArray(NpyDtype dtype, int[] shape, Object data, int length) {
    this.dtype = dtype;
    this.shape = shape.clone();
    this.data = data;
    long size = 1;
    for (int d : this.shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      size *= d;
    }
    if (size != length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + size + " elements, data has " + length);
    }
  }

  /** A float32 array; with no shape given, a 1-d array of {@code data.length}. */
  public static NpyArray of(float[] data, int... shape) {
    return new NpyArray(NpyDtype.FLOAT32, shapeOr1d(shape, data.length), data, data.length);
  }

  /** A float64 array; with no shape given, a 1-d array of {@code data.length}. */
  public static NpyArray of(double[] data, int... shape) {
    return new NpyArray(NpyDtype.FLOAT64, shapeOr1d(shape, data.length), data, data.length);
  }

  /** An int32 array; with no shape given, a 1-d array of {@code data.length}. */
  public static NpyArray of(int[] data, int... shape) {
    return new NpyArray(NpyDtype.INT32, shapeOr1d(shape, data.length), data, data.length);
  }

  /** An int64 array; with no shape given, a 1-d array of {@code data.length}. */
  public static NpyArray of(long[] data, int... shape) {
    return new NpyArray(NpyDtype.INT64, shapeOr1d(shape, data.length), data, data.length);
  }

  private static int[] shapeOr1d(int[] shape, int length) {
    return shape.length == 0 ? new int[] {length} : shape;
  }

  public NpyDtype dtype() {
    return dtype;
  }

  /** The dimensions, outermost first; empty for a 0-d (scalar) array. */
  public int[] shape() {
    return shape.clone();
  }

  /** The number of elements, the product of the shape (1 for a 0-d array). */
  public int size() {
    return java.lang.reflect.Array.getLength(data);
  }

  /** The elements of a {@link NpyDtype#FLOAT32} array, shared with this object. */
  public float[] floats() {
    return (float[]) as(NpyDtype.FLOAT32);
  }

  /** The elements of a {@link NpyDtype#FLOAT64} array, shared with this object. */
  public double[] doubles() {
    return (double[]) as(NpyDtype.FLOAT64);
  }

  /** The elements of an {@link NpyDtype#INT32} array, shared with this object. */
  public int[] ints() {
    return (int[]) as(NpyDtype.INT32);
  }

  /** The elements of an {@link NpyDtype#INT64} array, shared with this object. */
  public long[] longs() {
    return (long[]) as(NpyDtype.INT64);
  }

  private Object as(NpyDtype wanted) {
    if (dtype != wanted) {
      throw new IllegalStateException("array is " + dtype + ", not " + wanted);
    }
    return data;
  }

  /** The flat data, whatever its type; for the reader and writer. */
  Object data() {
    return data;
  }

  @Override
  public String toString() {
    return "NpyArray[" + dtype + " " + Arrays.toString(shape) + "]";
  }
}
