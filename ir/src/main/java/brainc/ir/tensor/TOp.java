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
}
