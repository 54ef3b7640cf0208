package brainc.runtime.env;

import brainc.runtime.random.CounterRng;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A car on a winding road, seen through three distance sensors: the seed's car-track task.
 *
 * <h2>Geometry</h2>
 *
 * The plane has coordinates {@code (x, y)}: {@code x} is the distance travelled along the track,
 * {@code y} the lateral position, positive to the car's right. The road is the band {@code |y -
 * c(x)| <= 4} (width {@value #ROAD_WIDTH}) around the centre-line {@code y = c(x)} of the chosen
 * phase. The car always faces +x; it starts at {@code (0, c(0))}, on the centre-line.
 *
 * <h2>One step</h2>
 *
 * <ol>
 *   <li>The action moves the car sideways by a fixed {@code lateral_step} (default 0.5): action 0
 *       steers left ({@code y -= lateral_step}), 1 keeps straight, 2 steers right ({@code y +=
 *       lateral_step}). This lateral-step model was chosen over a heading change so that the
 *       observation is the whole state and one action has one effect.
 *   <li>The car moves forward one unit: {@code x += 1}.
 *   <li>With {@code offset = y - c(x)}: if {@code |offset| > 4} the car has crashed; the episode
 *       terminates with reward -100 and nothing else. Otherwise the reward is {@code 0.5 + 2 * (1
 *       - |offset| / 4)}, minus 0.1 if the action differs from the previous step's (never on the
 *       first step of an episode, which has no previous action).
 *   <li>The episode is truncated after {@code max_steps} (100) steps.
 * </ol>
 *
 * <h2>Observation</h2>
 *
 * Three distances {@code (left, centre, right)} in road units, each the distance from the car
 * along a ray to the first point off the road, or {@value #SENSOR_RANGE} if the ray stays on the
 * road that far. The centre ray points along +x; the left and right rays point 45 degrees to
 * either side, along {@code (1, -1)/sqrt 2} and {@code (1, 1)/sqrt 2}. On a straight road with
 * the car centred that is {@code (4 sqrt 2, 20, 4 sqrt 2)}. A distance is found by marching the
 * ray in steps of 0.05 and bisecting the first crossing 40 times, so features thinner than 0.05
 * along a ray can be missed; no phase has any.
 *
 * <h2>Phases (the {@code phase} setting)</h2>
 *
 * All functions are evaluated with {@link StrictMath}.
 *
 * <ul>
 *   <li>{@code straight}: {@code c(x) = 0}.
 *   <li>{@code gentle_curves}: {@code c(x) = 3 sin(2 pi x / 50)}; its steepest slope, 0.38, is
 *       below the car's 0.5 per step, so a car can follow the centre-line exactly.
 *   <li>{@code sharp_turns}: {@code c(x) = 3 T(x)} with the trapezoid wave {@code T} of period 40:
 *       with {@code u = x mod 40}, {@code T = 1} on [0, 16], falls linearly to -1 on [16, 20], is
 *       -1 on [20, 36] and rises linearly to 1 on [36, 40]. A turn shifts the road by 6 units
 *       over 4 steps (slope 1.5, three times what the car can follow), so the car must start
 *       turning before the bend, which the sensors show ahead; turning 4 steps early keeps the
 *       offset within 2.
 *   <li>{@code complex}: {@code c(x) = sum_{k=0..2} a_k sin(2 pi x / P_k + phi_k) + 1.5 T(x -
 *       d)}, a sum of three sinusoids plus a half-height trapezoid wave. With {@code u_j =
 *       CounterRng.uniformDouble(track_seed, }{@value #STREAM_TRACK}{@code , 0, j)}: {@code a_k
 *       = 0.5 + u_{3k}}, {@code P_k = 30 + 50 u_{3k+1}}, {@code phi_k = 2 pi u_{3k+2}}, {@code d =
 *       40 u_9}. {@code track_seed} is the setting of that name, or the episode's seed when it
 *       is absent, so that each episode then drives a new track.
 * </ul>
 *
 * <p>Settings: {@code phase} (name or index 0..3, default {@code straight}), {@code
 * lateral_step} (0.5), {@code max_steps} (100), {@code track_seed} (absent).
 */
public final class CarTrack implements Environment {
  /** The phases, in the order of their indices. */
  public static final List<String> PHASES =
      List.of("straight", "gentle_curves", "sharp_turns", "complex");

  public static final double ROAD_WIDTH = 8;
  public static final double HALF_WIDTH = ROAD_WIDTH / 2;
  public static final double SENSOR_RANGE = 20;
  public static final double CRASH_REWARD = -100;
  public static final double SURVIVAL_REWARD = 0.5;
  public static final double CENTRING_REWARD = 2;
  public static final double CHANGE_PENALTY = 0.1;

  /** The CounterRng stream of the complex track's parameters. */
  public static final int STREAM_TRACK = 0x4354_0001;

  private static final double TWO_PI = 2 * Math.PI;
  private static final double MARCH = 0.05;
  private static final double DIAGONAL = Math.sqrt(0.5);

  private final int phase;
  private final double lateralStep;
  private final Long trackSeed;
  private final EpisodeClock clock;

  // The complex track's parameters, drawn at reset.
  private final double[] amp = new double[3];
  private final double[] period = new double[3];
  private final double[] shift = new double[3];
  private double delay;

  private double x;
  private double y;
  private int previousAction;

  /**
   * @param phase an element of {@link #PHASES}
   * @param trackSeed the complex track's seed, or null to draw it from each episode's seed
   */
  public CarTrack(String phase, double lateralStep, int maxSteps, Long trackSeed) {
    int p = PHASES.indexOf(phase);
    if (p < 0) {
      throw new IllegalArgumentException(
          "car_track phase must be one of " + String.join(", ", PHASES) + ", got " + phase);
    }
    if (!(lateralStep > 0)) {
      throw new IllegalArgumentException("car_track lateral_step must be > 0, got " + lateralStep);
    }
    this.phase = p;
    this.lateralStep = lateralStep;
    this.trackSeed = trackSeed;
    this.clock = new EpisodeClock("car_track", 3, maxSteps);
  }

  /** The given phase with the default settings. */
  public CarTrack(String phase) {
    this(phase, 0.5, 100, null);
  }

  static CarTrack fromSettings(Settings s) {
    int phase = s.choice("phase", 0, PHASES);
    double lateral = s.number("lateral_step", 0.5, 1e-6, HALF_WIDTH);
    int maxSteps = (int) s.integer("max_steps", 100, 1, Integer.MAX_VALUE);
    long seed = s.integer("track_seed", -1, -1, 1L << 53);
    s.finish();
    return new CarTrack(PHASES.get(phase), lateral, maxSteps, seed < 0 ? null : seed);
  }

  public String phase() {
    return PHASES.get(phase);
  }

  @Override
  public String name() {
    return "car_track";
  }

  @Override
  public int actions() {
    return 3;
  }

  @Override
  public int observationSize() {
    return 3;
  }

  @Override
  public int maxSteps() {
    return clock.maxSteps();
  }

  @Override
  public double[] reset(long seed) {
    long ts = trackSeed != null ? trackSeed : seed;
    for (int k = 0; k < 3; k++) {
      amp[k] = 0.5 + CounterRng.uniformDouble(ts, STREAM_TRACK, 0, 3 * k);
      period[k] = 30 + 50 * CounterRng.uniformDouble(ts, STREAM_TRACK, 0, 3 * k + 1);
      shift[k] = TWO_PI * CounterRng.uniformDouble(ts, STREAM_TRACK, 0, 3 * k + 2);
    }
    delay = 40 * CounterRng.uniformDouble(ts, STREAM_TRACK, 0, 9);
    x = 0;
    y = centre(0);
    previousAction = -1;
    clock.reset();
    return sensors();
  }

  @Override
  public Step step(int action) {
    clock.begin(action);
    y += (action - 1) * lateralStep;
    x += 1;
    double offset = y - centre(x);
    boolean crashed = Math.abs(offset) > HALF_WIDTH;
    double reward;
    if (crashed) {
      reward = CRASH_REWARD;
    } else {
      reward = SURVIVAL_REWARD + CENTRING_REWARD * (1 - Math.abs(offset) / HALF_WIDTH);
      if (previousAction >= 0 && action != previousAction) {
        reward -= CHANGE_PENALTY;
      }
    }
    previousAction = action;
    boolean truncated = clock.end(crashed);
    Map<String, Double> info = new LinkedHashMap<>();
    info.put("offset", offset);
    info.put("distance", x);
    return new Step(sensors(), reward, crashed, truncated, info);
  }

  /** The centre-line {@code c(x)} of this episode's track. */
  double centre(double at) {
    switch (phase) {
      case 0:
        return 0;
      case 1:
        return 3 * StrictMath.sin(TWO_PI * at / 50);
      case 2:
        return 3 * trapezoid(at);
      default:
        double c = 1.5 * trapezoid(at - delay);
        for (int k = 0; k < 3; k++) {
          c += amp[k] * StrictMath.sin(TWO_PI * at / period[k] + shift[k]);
        }
        return c;
    }
  }

  /** The trapezoid wave T of the class documentation: 1, down, -1, up, with period 40. */
  static double trapezoid(double at) {
    double u = at - 40 * Math.floor(at / 40);
    if (u <= 16) {
      return 1;
    }
    if (u <= 20) {
      return 1 - (u - 16) / 2;
    }
    if (u <= 36) {
      return -1;
    }
    return -1 + (u - 36) / 2;
  }

  /** The car's lateral position. */
  double lateral() {
    return y;
  }

  private double[] sensors() {
    return new double[] {
      distance(DIAGONAL, -DIAGONAL), distance(1, 0), distance(DIAGONAL, DIAGONAL)
    };
  }

  /** How far the ray from the car along unit vector (dx, dy) stays on the road, up to the range. */
  private double distance(double dx, double dy) {
    double inside = 0;
    int marches = (int) Math.round(SENSOR_RANGE / MARCH);
    for (int i = 1; i <= marches; i++) {
      double r = i * MARCH;
      if (offRoad(r, dx, dy)) {
        double outside = r;
        for (int b = 0; b < 40; b++) {
          double mid = 0.5 * (inside + outside);
          if (offRoad(mid, dx, dy)) {
            outside = mid;
          } else {
            inside = mid;
          }
        }
        return 0.5 * (inside + outside);
      }
      inside = r;
    }
    return SENSOR_RANGE;
  }

  private boolean offRoad(double r, double dx, double dy) {
    return Math.abs(y + r * dy - centre(x + r * dx)) > HALF_WIDTH;
  }
}
