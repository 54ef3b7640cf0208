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
}
