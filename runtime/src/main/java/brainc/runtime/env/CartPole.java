package brainc.runtime.env;

import brainc.runtime.random.CounterRng;
import java.util.Map;

/**
 * Gymnasium's {@code CartPole-v1}, equation for equation: a pole hinged on a cart that the agent
 * pushes left (action 0) or right (action 1) with a fixed force.
 *
 * <p>The state is {@code (x, x_dot, theta, theta_dot)} in float64. One step, with {@code F =
 * +force_mag} for action 1 and {@code -force_mag} for action 0, {@code M = masscart + masspole}
 * and {@code ml = masspole * length} ({@code length} is the pole's <em>half</em>-length):
 *
 * <pre>
 *   temp     = (F + ml * theta_dot^2 * sin(theta)) / M
 *   theta_acc = (g * sin(theta) - cos(theta) * temp)
 *               / (length * (4/3 - masspole * cos(theta)^2 / M))
 *   x_acc    = temp - ml * theta_acc * cos(theta) / M
 *   x        += tau * x_dot          (Euler: positions first, with the old velocities)
 *   x_dot    += tau * x_acc
 *   theta    += tau * theta_dot
 *   theta_dot += tau * theta_acc
 * </pre>
 *
 * The episode terminates when {@code |x| > 2.4} or {@code |theta| > 12 * 2 * pi / 360} (about
 * 0.20944 rad), both strict, and is truncated after {@code max_steps} (500) steps. Every step,
 * the terminating one included, earns +1. Like Gymnasium, the observation is the state rounded to
 * float32 while the dynamics run on the float64 state. {@code sin} and {@code cos} are {@link
 * StrictMath}'s, so runs repeat bit for bit on every JVM.
 *
 * <p>Reset draws each state component uniformly in [-0.05, 0.05) as {@code -0.05 + 0.1 * u}
 * with {@code u = CounterRng.uniformDouble(seed, }{@value #STREAM_RESET}{@code , 0, i)} for
 * component {@code i}; that is numpy's formula, but not its generator, so the states of a given
 * seed differ from Gymnasium's. Nothing else is random.
 *
 * <p>Settings (all optional, defaults Gymnasium's): {@code gravity} 9.8, {@code masscart} 1.0,
 * {@code masspole} 0.1, {@code length} 0.5, {@code force_mag} 10.0, {@code tau} 0.02, {@code
 * max_steps} 500. The continual-adaptation scenario switches to a new instance with {@code length
 * 1.0, masspole 0.2} (or {@code gravity 14.7}).
 */
public final class CartPole implements Environment {
  /** The CounterRng stream of the reset state. */
  public static final int STREAM_RESET = 0x4350_0001;

  /** Gymnasium's {@code x_threshold}. */
  public static final double X_THRESHOLD = 2.4;

  /** Gymnasium's {@code theta_threshold_radians}: 12 degrees, computed as it computes it. */
  public static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;

  /** The physical constants of one cart-pole; the defaults are Gymnasium's. */
  public record Physics(
      double gravity, double masscart, double masspole, double length, double forceMag,
      double tau) {
    public static final Physics GYMNASIUM = new Physics(9.8, 1.0, 0.1, 0.5, 10.0, 0.02);

    public Physics {
      if (!(gravity >= 0 && masscart > 0 && masspole > 0 && length > 0 && forceMag >= 0
          && tau > 0)) {
        throw new IllegalArgumentException("non-physical cart-pole " + gravity + ", " + masscart
            + ", " + masspole + ", " + length + ", " + forceMag + ", " + tau);
      }
    }
  }

  private final Physics p;
  private final EpisodeClock clock;
  private final double[] state = new double[4];

  public CartPole(Physics physics, int maxSteps) {
    this.p = physics;
    this.clock = new EpisodeClock("cartpole", 2, maxSteps);
  }

  /** Gymnasium's CartPole-v1. */
  public CartPole() {
    this(Physics.GYMNASIUM, 500);
  }

  static CartPole fromSettings(Settings s) {
    Physics d = Physics.GYMNASIUM;
    Physics physics = new Physics(
        s.number("gravity", d.gravity(), 0, 1e3),
        s.number("masscart", d.masscart(), 1e-6, 1e6),
        s.number("masspole", d.masspole(), 1e-6, 1e6),
        s.number("length", d.length(), 1e-6, 1e6),
        s.number("force_mag", d.forceMag(), 0, 1e6),
        s.number("tau", d.tau(), 1e-6, 1));
    int maxSteps = (int) s.integer("max_steps", 500, 1, Integer.MAX_VALUE);
    s.finish();
    return new CartPole(physics, maxSteps);
  }

  public Physics physics() {
    return p;
  }

  @Override
  public String name() {
    return "cartpole";
  }

  @Override
  public int actions() {
    return 2;
  }

  @Override
  public int observationSize() {
    return 4;
  }

  @Override
  public int maxSteps() {
    return clock.maxSteps();
  }

  @Override
  public double[] reset(long seed) {
    for (int i = 0; i < 4; i++) {
      state[i] = -0.05 + 0.1 * CounterRng.uniformDouble(seed, STREAM_RESET, 0, i);
    }
    clock.reset();
    return observation();
  }

  @Override
  public Step step(int action) {
    clock.begin(action);
    double x = state[0];
    double xDot = state[1];
    double theta = state[2];
    double thetaDot = state[3];
    double force = action == 1 ? p.forceMag() : -p.forceMag();
    double cos = StrictMath.cos(theta);
    double sin = StrictMath.sin(theta);
    double totalMass = p.masspole() + p.masscart();
    double poleMassLength = p.masspole() * p.length();
    double temp = (force + poleMassLength * (thetaDot * thetaDot) * sin) / totalMass;
    double thetaAcc = (p.gravity() * sin - cos * temp)
        / (p.length() * (4.0 / 3.0 - p.masspole() * (cos * cos) / totalMass));
    double xAcc = temp - poleMassLength * thetaAcc * cos / totalMass;
    state[0] = x + p.tau() * xDot;
    state[1] = xDot + p.tau() * xAcc;
    state[2] = theta + p.tau() * thetaDot;
    state[3] = thetaDot + p.tau() * thetaAcc;
    boolean terminated = state[0] < -X_THRESHOLD || state[0] > X_THRESHOLD
        || state[2] < -THETA_THRESHOLD || state[2] > THETA_THRESHOLD;
    boolean truncated = clock.end(terminated);
    return new Step(observation(), 1.0, terminated, truncated,
        Map.of("steps", (double) clock.steps()));
  }

  /** The float64 state, for tests and diagnostics. */
  double[] state() {
    return state.clone();
  }

  /** Overwrites the state mid-episode, as tests of Gymnasium do through {@code env.unwrapped}. */
  void setState(double x, double xDot, double theta, double thetaDot) {
    state[0] = x;
    state[1] = xDot;
    state[2] = theta;
    state[3] = thetaDot;
  }

  private double[] observation() {
    double[] o = new double[4];
    for (int i = 0; i < 4; i++) {
      o[i] = (float) state[i];
    }
    return o;
  }
}
