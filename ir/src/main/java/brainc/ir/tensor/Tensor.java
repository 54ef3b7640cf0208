package brainc.ir.tensor;

import java.util.Objects;

/**
 * A named tensor of a training program. Activations ({@code INPUT}, {@code STATE}, {@code
 * VALUE}, {@code GRAD}) are {@code [batch, size]}; a {@code WEIGHT} (and its {@code PARAM_GRAD})
 * is {@code [fanIn, size]}; a {@code BIAS} is {@code [size]}.
 */
public record Tensor(String name, Role role, int size, int fanIn) {
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
    if (name.isEmpty()) throw new IllegalArgumentException("empty tensor name");
    if (size < 1) throw new IllegalArgumentException("tensor " + name + " has size " + size);
    if ((role == Role.WEIGHT) != (fanIn > 0) && role != Role.PARAM_GRAD) {
      throw new IllegalArgumentException("tensor " + name + ": only weights have a fan-in");
    }
  }

  /** Whether this is a trainable parameter. */
  public boolean isParam() {
    return role == Role.WEIGHT || role == Role.BIAS;
  }

  /** Elements per sample (activations) or in all (parameters). */
  public int elements() {
    return fanIn > 0 ? fanIn * size : size;
  }
}
