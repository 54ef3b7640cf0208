package brainc.ir.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * How solve-odes turns a differential equation into a step, when the user chose (`method NAME` on
 * a neuron model or after one equation). Without a choice the pass picks exact propagators or
 * Runge-Kutta by itself.
 */
public enum IntegrationMethod {
  /** The matrix exponential of a system that is linear with constant coefficients. */
  EXACT("exact"),
  /**
   * Brian2's exponential Euler: for {@code x' = A x + B} with {@code A}, {@code B} free of {@code x}
   * (they may read other states), {@code x <- -B/A + (x + B/A) exp(A dt)}.
   */
  EXPONENTIAL_EULER("exponential_euler"),
  /** Forward Euler: {@code x <- x + dt f(x)}. */
  EULER("euler"),
  /** The explicit midpoint rule (Brian2's `rk2`). */
  RK2("rk2"),
  /** Classical fourth-order Runge-Kutta. */
  RK4("rk4");

  private final String spelling;

  IntegrationMethod(String spelling) {
    this.spelling = spelling;
  }

  /** The name users write. */
  public String spelling() {
    return spelling;
  }

  public static Optional<IntegrationMethod> named(String name) {
    return Arrays.stream(values()).filter(m -> m.spelling.equals(name)).findFirst();
  }

  /** Whether the method takes explicit Runge-Kutta stages, whose stability depends on dt. */
  public boolean explicit() {
    return this == EULER || this == RK2 || this == RK4;
  }

  /**
   * The largest dt·|λ| for which the method is stable on x' = λ x with real λ < 0: 2 for Euler and
   * the midpoint rule, about 2.785 for RK4 (where the real axis leaves its stability region).
   */
  public double stabilityBound() {
    return switch (this) {
      case EULER, RK2 -> 2.0;
      case RK4 -> 2.785;
      default -> Double.POSITIVE_INFINITY;
    };
  }

  /** A method chosen by the user, with the place of the clause that chose it. */
  public record Choice(IntegrationMethod method, Origin origin) {
    public Choice {
      java.util.Objects.requireNonNull(method, "method");
      java.util.Objects.requireNonNull(origin, "origin");
    }
  }
}
