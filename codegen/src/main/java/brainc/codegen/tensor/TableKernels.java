package brainc.codegen.tensor;

import brainc.ir.tensor.Layout;
import brainc.ir.tensor.Shape;
import brainc.ir.tensor.TensorProgram;
import java.util.List;

/**
 * Gathers and scatter-adds by a constant index table, planned once per operation: for each
 * element of a sample of the output, where in a sample of the input's storage its value comes
 * from (a gather), or the positions whose values it sums, in ascending table position (a
 * scatter-add, in double, rounded once).
 */
final class TableKernels {
  private TableKernels() {}

  /**
   * For each element {@code j} (row-major within a sample) of {@code picked} ({@code whole} with
   * inner axis {@code a} replaced by {@code table}'s axes), the row-major index within a sample
   * of the element of {@code whole} it corresponds to.
   */
  static int[] wholeIndex(Shape whole, int a, TensorProgram.Table table, Shape picked) {
    List<Shape.Axis> w = whole.inner();
    List<Shape.Axis> p = picked.inner();
    int tr = table.shape().rank();
    int[] wStride = new int[w.size()];
    for (int c = w.size() - 1, s = 1; c >= 0; s *= w.get(c).extent(), c--) wStride[c] = s;
    int n = picked.perSample();
    int[] out = new int[n];
    int[] idx = new int[p.size()];
    for (int j = 0; j < n; j++) {
      int t = 0;
      for (int c = a; c < a + tr; c++) t = t * p.get(c).extent() + idx[c];
      int k = table.indices().get(t) * wStride[a];
      for (int c = 0; c < a; c++) k += idx[c] * wStride[c];
      for (int c = a + tr; c < p.size(); c++) k += idx[c] * wStride[c - tr + 1];
      out[j] = k;
      for (int c = p.size() - 1; c >= 0; c--) {
        if (++idx[c] < p.get(c).extent()) break;
        idx[c] = 0;
      }
    }
    return out;
  }

  /** For a gather: the position in a sample of the input's storage of each output element. */
  static int[] gatherSources(Shape in, Layout inLayout, int a, TensorProgram.Table table, Shape out) {
    int[] whole = wholeIndex(in, a, table, out);
    int[] pos = inLayout.gather(in, in);
    int[] src = new int[whole.length];
    for (int j = 0; j < src.length; j++) src[j] = pos[whole[j]];
    return src;
  }

  /**
   * For a scatter-add into {@code out}: {@code [start, at]}, where the elements summed into
   * output element {@code k} lie at {@code at[start[k] .. start[k + 1])} in a sample of the
   * input's storage, in ascending table position.
   */
  static int[][] scatterSources(Shape in, Layout inLayout, int a, TensorProgram.Table table, Shape out) {
    int[] whole = wholeIndex(out, a, table, in);
    int[] pos = inLayout.gather(in, in);
    int n = out.perSample();
    int[] start = new int[n + 1];
    for (int k : whole) start[k + 1]++;
    for (int k = 0; k < n; k++) start[k + 1] += start[k];
    int[] fill = start.clone();
    int[] at = new int[whole.length];
    // j runs row-major over the input, so the entries of each output element come in ascending table position.
    for (int j = 0; j < whole.length; j++) at[fill[whole[j]]++] = pos[j];
    return new int[][] {start, at};
  }

  /** {@code y[yo + j] = x[xo + src[j]]}. */
  static void gather(float[] x, int xo, int[] src, float[] y, int yo) {
    for (int j = 0; j < src.length; j++) y[yo + j] = x[xo + src[j]];
  }

  /**
   * Into a parameter's gradient: {@code y[k] += sum x[b * xBatch + at[p]]} over samples {@code
   * b < rows} in order and, within a sample, {@code p} in {@code [start[k], start[k + 1])}, in
   * double, rounded once.
   */
  static void scatterAddOverBatch(float[] x, int xBatch, int rows, int[] start, int[] at, float[] y) {
    for (int k = 0; k + 1 < start.length; k++) {
      double s = 0;
      for (int b = 0; b < rows; b++) {
        for (int p = start[k]; p < start[k + 1]; p++) s += x[b * xBatch + at[p]];
      }
      y[k] += (float) s;
    }
  }

  /** {@code y[yo + k] = sum x[xo + at[p]]} over {@code p} in {@code [start[k], start[k + 1])}, in double. */
  static void scatterAdd(float[] x, int xo, int[] start, int[] at, float[] y, int yo) {
    for (int k = 0; k + 1 < start.length; k++) {
      double s = 0;
      for (int p = start[k]; p < start[k + 1]; p++) s += x[xo + at[p]];
      y[yo + k] = (float) s;
    }
  }
}
