package brainc.compiler.spec;

import brainc.runtime.learn.Optimizer;

/** The `optimizer` of a training, its settings complete (the Catalog's defaults filled in). */
public sealed interface OptimizerSpec {
  /** The constructor's name in the language ({@code adam}, {@code sgd}). */
  String name();

  /** The base learning rate. */
  double lr();

  /** A fresh optimizer with these settings (its state empty). */
  Optimizer create();

  record Adam(double lr, double beta1, double beta2, double eps, double weightDecay) implements OptimizerSpec {
    @Override
    public String name() {
      return "adam";
    }

    @Override
    public Optimizer create() {
      return Optimizer.adam(beta1, beta2, eps, weightDecay);
    }
  }

  record Sgd(double lr, double momentum, double weightDecay) implements OptimizerSpec {
    @Override
    public String name() {
      return "sgd";
    }

    @Override
    public Optimizer create() {
      return Optimizer.sgd(momentum, weightDecay);
    }
  }
}
