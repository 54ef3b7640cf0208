package brainc.ir.tensor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a tensor's elements lie in storage. A tensor that an operation computes owns its
 * storage, row-major; a view ({@link TOp.Reshape}, {@link TOp.Slice}) reads the storage of its
 * {@code root}: element {@code (b, i_1, .., i_r)} is at {@code b * batchStride + offset + sum
 * i_a * strides[a]} (the {@code i_a} over the axes other than the batch).
 */
public record Layout(String root, int offset, int[] strides, int batchStride) {
  /** Whether the elements of a sample are {@code offset ..} in row-major order. */
  public boolean rowMajor(Shape shape) {
    return Arrays.equals(strides, rowMajorStrides(shape));
  }

  /** Whether the tensor is its own storage, laid out as a computed tensor is. */
  public boolean contiguous(Shape shape) {
    return offset == 0 && batchStride == shape.perSample() && rowMajor(shape);
  }

  public static int[] rowMajorStrides(Shape shape) {
    List<Shape.Axis> inner = shape.inner();
    int[] s = new int[inner.size()];
    int n = 1;
    for (int a = inner.size() - 1; a >= 0; a--) {
      s[a] = n;
      n *= inner.get(a).extent();
    }
    return s;
  }

  /** The layout of a tensor that owns its storage. */
  public static Layout own(Tensor t) {
    return new Layout(t.name(), 0, rowMajorStrides(t.shape()), t.shape().hasBatch() ? t.shape().perSample() : 0);
  }

  /**
   * Every tensor's layout, following the views of both steps in order. A reshape of a strided
   * view, or a view of an undeclared tensor, is left to the verifier: such a view gets its own
   * storage here.
   */
  public static Map<String, Layout> of(TensorProgram p) {
    Map<String, Tensor> t = p.tensorMap();
    Map<String, Layout> out = new HashMap<>();
    for (Tensor x : p.tensors()) out.put(x.name(), own(x));
    Stream.concat(p.forward().stream(), p.backward().stream()).forEach(op -> {
      if (op instanceof TOp.Reshape r && t.containsKey(r.in()) && t.containsKey(r.out())) {
        Layout src = out.get(r.in());
        if (src.rowMajor(t.get(r.in()).shape())) {
          Shape s = t.get(r.out()).shape();
          out.put(r.out(), new Layout(src.root(), src.offset(), rowMajorStrides(s), src.batchStride()));
        }
      } else if (op instanceof TOp.Slice sl && t.containsKey(sl.in()) && t.containsKey(sl.out())) {
        Layout src = out.get(sl.in());
        Shape in = t.get(sl.in()).shape();
        int a = in.inner().stream().map(Shape.Axis::name).toList().indexOf(sl.axis());
        if (a >= 0) out.put(sl.out(), new Layout(src.root(), src.offset() + sl.start() * src.strides()[a], src.strides(),
            src.batchStride()));
      }
    });
    return out;
  }

  /**
   * For each element {@code j} (row-major, within a sample) of a tensor of shape {@code to}, the
   * position within a sample of the element of a tensor of shape {@code from} laid out as this
   * one that broadcasts to it ({@link Shape#broadcastProblem} says when it does).
   */
  public int[] gather(Shape from, Shape to) {
    List<Shape.Axis> toInner = to.inner();
    int[] step = new int[toInner.size()];
    List<Shape.Axis> fromInner = from.inner();
    for (int a = 0; a < fromInner.size(); a++) {
      Shape.Axis ax = fromInner.get(a);
      int at = toInner.stream().map(Shape.Axis::name).toList().indexOf(ax.name());
      if (at >= 0 && ax.extent() != 1) step[at] = strides[a];
    }
    int n = to.perSample();
    int[] idx = new int[n];
    int[] i = new int[toInner.size()];
    for (int j = 0; j < n; j++) {
      int pos = offset;
      for (int a = 0; a < i.length; a++) pos += i[a] * step[a];
      idx[j] = pos;
      for (int a = i.length - 1; a >= 0; a--) {
        if (++i[a] < toInner.get(a).extent()) break;
        i[a] = 0;
      }
    }
    return idx;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Layout l && l.root.equals(root) && l.offset == offset && Arrays.equals(l.strides, strides)
        && l.batchStride == batchStride;
  }

  @Override
  public int hashCode() {
    return root.hashCode() * 31 + offset * 17 + Arrays.hashCode(strides) + batchStride;
  }

  @Override
  public String toString() {
    return root + "@" + offset + Arrays.toString(strides) + "/" + batchStride;
  }
}
