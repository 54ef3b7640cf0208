package brainc.ir.tensor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One operation of a training step; each defines the tensor named {@code out()} (or accumulates into parameters). */
public sealed interface TOp {
  <R> R accept(Visitor<R> v);

  /** Exhaustive dispatch over the operation kinds. */
  interface Visitor<R> {
    R visit(Encode op);

    R visit(Dense op);

    R visit(Map op);

    R visit(DenseInputGrad op);

    R visit(DenseParamGrad op);

    R visit(Reduce op);

    R visit(ReduceGrad op);

    R visit(Reshape op);

    R visit(Slice op);

    R visit(Pad op);

    R visit(Matmul op);

    R visit(Dot op);

    R visit(Gather op);

    R visit(ScatterAdd op);
  }

  /**
   * {@code out = encode(values, step)}: this step's spikes (or currents) of an input group, from
   * the sample values in [0, 1]. Kinds: {@code bernoulli}, {@code poisson}, {@code latency},
   * {@code direct}, {@code rows} (one row of a sequence per step); the arguments are the
   * encoder's settings, in catalog order.
   */
  record Encode(String out, String kind, List<Double> args) implements TOp {
    public Encode {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(kind, "kind");
      args = List.copyOf(args);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }

    /** Whether every element this encoder emits is 0 or 1 ({@code rows} only with spikes). */
    public boolean binary() {
      if (kind.equals("rows")) return args.size() > 1 && args.get(1) != 0;
      return !kind.equals("direct");
    }
  }

  /**
   * {@code out[b, o] = bias[o] + sum_i in[b, i] * weight[i, o]}, summed in ascending {@code i}.
   * {@code binaryInput} (chosen by a pass) promises that {@code in} holds only 0 and 1, so a
   * backend may gather the rows of the inputs that spiked instead of multiplying.
   */
  record Dense(String out, String in, String weight, Optional<String> bias, boolean binaryInput) implements TOp {
    public Dense {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(in, "in");
      Objects.requireNonNull(weight, "weight");
      Objects.requireNonNull(bias, "bias");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** {@code out = expr}, element by element; every tensor {@code expr} reads has {@code out}'s size. */
  record Map(String out, TExpr expr) implements TOp {
    public Map {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(expr, "expr");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** {@code out[b, i] = sum_o grad[b, o] * weight[i, o]}: the adjoint of a dense layer's input. */
  record DenseInputGrad(String out, String grad, String weight) implements TOp {
    public DenseInputGrad {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(grad, "grad");
      Objects.requireNonNull(weight, "weight");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * {@code weightGrad[i, o] += sum_b in[b, i] * grad[b, o]} and {@code biasGrad[o] += sum_b
   * grad[b, o]}: a dense layer's parameter gradients, accumulated over the steps. With {@code
   * binaryInput} a backend may scatter {@code grad[b, :]} into the rows of the inputs that spiked.
   */
  record DenseParamGrad(String weightGrad, Optional<String> biasGrad, String in, String grad, boolean binaryInput)
      implements TOp {
    public DenseParamGrad {
      Objects.requireNonNull(weightGrad, "weightGrad");
      Objects.requireNonNull(biasGrad, "biasGrad");
      Objects.requireNonNull(in, "in");
      Objects.requireNonNull(grad, "grad");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * A reduction or normalisation of {@code in} along one of its axes (never the batch: samples
   * stay independent), computed in double, summing in ascending index order, rounded once to
   * float. A reduction's {@code out} has {@code in}'s shape with that axis's extent 1 (so it
   * broadcasts back in a map); a normalisation's ({@link Kind#keepsShape}) has {@code in}'s shape.
   */
  record Reduce(String out, Kind kind, String in, String axis, double p, int k, double temperature) implements TOp {
    /** What is computed along the axis, of its elements {@code x_1 .. x_n}. */
    public enum Kind {
      /** {@code sum x_i}. */
      SUM("sum"),
      /** {@code sum x_i / n}. */
      MEAN("mean"),
      /** {@code max x_i}; its adjoint goes to the first index that holds the maximum. */
      MAX("max"),
      /**
       * LTN's existential quantifier, in its stable form: {@code (mean(pi0(x)^p))^(1/p)} with
       * {@code pi0(x) = (1 - eps) x + eps}, {@code eps = 1e-4}.
       */
      PMEAN("pmean"),
      /**
       * LTN's universal quantifier, in its stable form: {@code 1 - (mean((1 - pi1(x))^p))^(1/p)}
       * with {@code pi1(x) = (1 - eps) x}.
       */
      PMEAN_ERROR("pmean_error"),
      /** {@code exp(x_i - m) / sum exp(x_j - m)}, {@code m} the maximum. */
      SOFTMAX("softmax"),
      /** {@code x_i - m - log(sum exp(x_j - m))}. */
      LOG_SOFTMAX("log_softmax"),
      /**
       * 1 for the {@code k} largest elements (the lower index first among equals), else 0; its
       * declared gradient is that of {@code softmax(x / temperature)} (straight-through).
       */
      TOPK("topk");

      public final String text;

      Kind(String text) {
        this.text = text;
      }

      /** Whether {@code out} has {@code in}'s shape (a normalisation) rather than a reduced one. */
      public boolean keepsShape() {
        return this == SOFTMAX || this == LOG_SOFTMAX || this == TOPK;
      }

      public static java.util.Optional<Kind> of(String text) {
        for (Kind k : values()) if (k.text.equals(text)) return java.util.Optional.of(k);
        return java.util.Optional.empty();
      }
    }

    /** The stabilising epsilon of the p-means (LTN's default). */
    public static final double EPS = 1e-4;

    public Reduce {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(in, "in");
      Objects.requireNonNull(axis, "axis");
      boolean pmean = kind == Kind.PMEAN || kind == Kind.PMEAN_ERROR;
      if (pmean ? !(p >= 1 && p < 1e6) : p != 0) throw new IllegalArgumentException(kind.text + " with p " + p);
      if (kind == Kind.TOPK ? k < 1 : k != 0) throw new IllegalArgumentException(kind.text + " with k " + k);
      if (kind == Kind.TOPK ? !(temperature > 0 && temperature < 1e6) : temperature != 0) {
        throw new IllegalArgumentException(kind.text + " with temperature " + temperature);
      }
    }

    /** {@code out = kind(in, axis)} for the kinds without attributes. */
    public static Reduce of(String out, Kind kind, String in, String axis) {
      return new Reduce(out, kind, in, axis, 0, 0, 0);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * {@code out = d.in}: the declared adjoint of a reduction, from {@code grad} (the adjoint of its
   * output): a max's gradient goes to its argmax, a p-mean's is its derivative, a log-softmax's
   * is {@code g - softmax(x) sum(g)}, a top-k's that of {@code softmax(x / temperature)}. It reads
   * the forward operation's input and output, which the executor keeps.
   */
  record ReduceGrad(String out, String grad, Reduce of) implements TOp {
    public ReduceGrad {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(grad, "grad");
      Objects.requireNonNull(of, "of");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * {@code out} is {@code in} seen with another shape of as many elements per sample: a view of
   * the same storage (no copy), so {@code in} must be stored contiguously.
   */
  record Reshape(String out, String in) implements TOp {
    public Reshape {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(in, "in");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * {@code out} is the elements {@code start .. start + n - 1} of {@code in} along {@code axis}
   * ({@code n} being {@code out}'s extent there): a view (an offset into the same storage, with
   * {@code in}'s strides), no copy.
   */
  record Slice(String out, String in, String axis, int start) implements TOp {
    public Slice {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(in, "in");
      Objects.requireNonNull(axis, "axis");
      if (start < 0) throw new IllegalArgumentException("slice from " + start);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * {@code out} is zero except the elements {@code start ..} along {@code axis}, which are
   * {@code in}: the adjoint of a slice (a copy, not a view).
   */
  record Pad(String out, String in, String axis, int start) implements TOp {
    public Pad {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(in, "in");
      Objects.requireNonNull(axis, "axis");
      if (start < 0) throw new IllegalArgumentException("pad from " + start);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * A batch of small matrix products of two activations: {@code out[.., m, n] = sum_k A[.., m,
   * k] * B[.., k, n]}, where {@code A} is {@code a}'s last two axes (transposed with {@code
   * transposeA}) and {@code B} is {@code b}'s (transposed with {@code transposeB}); the axes
   * before them (the batch first) are the same in {@code a}, {@code b} and {@code out}. The
   * contracted axis has one name and extent in both operands; {@code out}'s last two axes are
   * {@code A}'s rows and {@code B}'s columns, as named there. Each product of floats is exact in
   * double; the sum runs in double in ascending {@code k}, rounded once to float. One operand
   * may be a parameter {@code [rows, cols]}: one matrix for every sample, the other then a batch of
   * single matrices {@code [batch, rows, cols]}.
   *
   * <pre>
   *   scores = matmul(q, keys) transpose-b     [batch, t 4, d 8] x [batch, s 6, d 8] -> [batch, t 4, s 6]
   *   hebb = matmul(post, pre)                 [batch, m 5, one 1] x [batch, one 1, n 3] -> [batch, m 5, n 3]
   * </pre>
   */
  record Matmul(String out, String a, String b, boolean transposeA, boolean transposeB) implements TOp {
    public Matmul {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(a, "a");
      Objects.requireNonNull(b, "b");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * {@code out = sum_i a[.., i, ..] * b[.., i, ..]} along {@code axis} (never the batch): the
   * dot product of two activations of one shape, per row; {@code out} has their shape with
   * that axis's extent 1. Summed in double in ascending {@code i}, rounded once to float. One
   * operand may be a parameter with the other's shape but for the batch: the same for every sample.
   */
  record Dot(String out, String a, String b, String axis) implements TOp {
    public Dot {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(a, "a");
      Objects.requireNonNull(b, "b");
      Objects.requireNonNull(axis, "axis");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * {@code out} is {@code in} picked along {@code axis} by the constant index table {@code
   * table} ({@link TensorProgram.Table}): the axis is replaced by the table's axes, and {@code
   * out[.., j, ..] = in[.., table[j], ..]} for each position {@code j} of the table (numpy's
   * {@code take}). A copy, not a view.
   *
   * <pre>
   *   pairs = gather(x, obj, pairs.idx)    [batch, obj 5, f 3], table [pair 4, arg 2] -> [batch, pair 4, arg 2, f 3]
   *   rows = gather(E, v, tokens)          weight [v 100, d 8], table [tok 6] -> [batch, tok 6, d 8]
   * </pre>
   *
   * <p>{@code in} may be a parameter (an embedding): having no batch axis, it gives every sample
   * the same rows, and {@code out} has the batch axis first.
   */
  record Gather(String out, String in, String axis, String table) implements TOp {
    public Gather {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(in, "in");
      Objects.requireNonNull(axis, "axis");
      Objects.requireNonNull(table, "table");
    }

    /**
     * {@code whole} with axis {@code axis} replaced by {@code table}'s axes: what a gather from
     * {@code whole} gives, and what a scatter-add into {@code whole} reads. Throws when the
     * result is no shape (an axis named twice, more than {@link Shape#MAX_RANK} axes).
     */
    public static Shape picked(Shape whole, String axis, Shape table) {
      java.util.List<Shape.Axis> axes = new java.util.ArrayList<>();
      for (Shape.Axis a : whole.axes()) {
        if (a.name().equals(axis)) axes.addAll(table.axes());
        else axes.add(a);
      }
      return new Shape(axes);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * The adjoint of a {@link Gather}: {@code out} is zero but for {@code out[.., table[j], ..] +=
   * in[.., j, ..]}, where {@code in} has {@code out}'s shape with {@code axis} replaced by the
   * table's axes. Each element of {@code out} sums the elements sent to it in double, in
   * ascending table position {@code j}, rounded once to float. Into a parameter's gradient
   * (the adjoint of a gather from the parameter), {@code in} has the batch axis first and {@code
   * out} gains, rather than takes, the sum over the samples in order and within each over {@code
   * j} ascending, in double, rounded once: it accumulates over consumers and steps.
   */
  record ScatterAdd(String out, String in, String axis, String table) implements TOp {
    public ScatterAdd {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(in, "in");
      Objects.requireNonNull(axis, "axis");
      Objects.requireNonNull(table, "table");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }
}
