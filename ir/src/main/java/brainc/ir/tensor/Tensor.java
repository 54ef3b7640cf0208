package brainc.ir.tensor;

import java.util.Objects;

/**
 * A named tensor of a training program and its {@link Shape}. Activations ({@code INPUT},
 * {@code STATE}, {@code VALUE}, {@code GRAD}) have up to four axes and most begin with the
 * batch ({@code INPUT} and {@code STATE} always do; a {@code VALUE} without one holds the same
 * constant for every sample); a {@code WEIGHT} (and its {@code PARAM_GRAD}) is {@code [in
 * fanIn, unit size]}; a {@code BIAS} is {@code [unit size]}.
 */
public record Tensor(String name, Role role, Shape shape) {
  /** What a tensor holds. */
  public enum Role {
    /** Encoded input spikes (or currents) of this step; never differentiated. */
    INPUT,
    /** Carried from one step to the next; its value in a step is the one at the step's start. */
    STATE,
    /** Computed in the step. */
    VALUE,
    /** A trainable weight matrix {@code [fanIn, size]}. */
    WEIGHT,
    /** A trainable bias vector {@code [size]}. */
    BIAS,
    /** The adjoint of an activation, computed by the backward step. */
    GRAD,
    /** The gradient of a weight or bias, accumulated over steps and batch. */
    PARAM_GRAD
  }

  public Tensor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(shape, "shape");
    if (name.isEmpty()) throw new IllegalArgumentException("empty tensor name");
    boolean param = role == Role.WEIGHT || role == Role.BIAS || role == Role.PARAM_GRAD;
    if (param && shape.hasBatch()) throw new IllegalArgumentException("tensor " + name + ": a parameter has no batch axis");
    if ((role == Role.INPUT || role == Role.STATE) && !shape.hasBatch()) {
      throw new IllegalArgumentException("tensor " + name + ": an " + role.name().toLowerCase(java.util.Locale.ROOT)
          + " has a batch axis first");
    }
    if (role == Role.WEIGHT && shape.rank() != 2) throw new IllegalArgumentException("tensor " + name + ": a weight has two axes");
    if (role == Role.BIAS && shape.rank() != 1) throw new IllegalArgumentException("tensor " + name + ": a bias has one axis");
  }

  /**
   * The tensor every program had before shapes were named: an activation {@code [batch, unit
   * size]}, a weight (and a parameter gradient with {@code fanIn > 0}) {@code [in fanIn, unit
   * size]}, a bias (and a parameter gradient with {@code fanIn == 0}) {@code [unit size]}.
   */
  public Tensor(String name, Role role, int size, int fanIn) {
    this(name, role, legacyShape(name, role, size, fanIn));
  }

  /** The shape {@link #Tensor(String, Role, int, int)} gives. */
  public static Shape legacyShape(String name, Role role, int size, int fanIn) {
    if (size < 1) throw new IllegalArgumentException("tensor " + name + " has size " + size);
    if ((role == Role.WEIGHT) != (fanIn > 0) && role != Role.PARAM_GRAD) {
      throw new IllegalArgumentException("tensor " + name + ": only weights have a fan-in");
    }
    if (fanIn > 0) return Shape.matrix(fanIn, size);
    if (role == Role.BIAS || role == Role.PARAM_GRAD) return Shape.vector(size);
    return Shape.activation(size);
  }

  /** Whether this tensor has the shape {@link #Tensor(String, Role, int, int)} gives its role. */
  public boolean legacy() {
    return shape.equals(legacyShape(name, role, size(), fanIn()));
  }

  /** Whether this is a trainable parameter. */
  public boolean isParam() {
    return role == Role.WEIGHT || role == Role.BIAS;
  }

  /** A matrix parameter's (or its gradient's) first extent, else 0. */
  public int fanIn() {
    return isMatrix() ? shape.axes().get(0).extent() : 0;
  }

  /** A matrix's last extent; else the elements per sample (all of them, without a batch axis). */
  public int size() {
    return isMatrix() ? shape.axes().get(1).extent() : shape.perSample();
  }

  private boolean isMatrix() {
    return (role == Role.WEIGHT || role == Role.PARAM_GRAD) && shape.rank() == 2;
  }

  /** Elements per sample (activations) or in all (parameters, tensors without a batch axis). */
  public int elements() {
    return shape.perSample();
  }

  /** Elements for {@code batch} samples. */
  public int elements(int batch) {
    return shape.hasBatch() ? batch * shape.perSample() : shape.perSample();
  }
}
