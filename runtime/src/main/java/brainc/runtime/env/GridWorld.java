package brainc.runtime.env;

import brainc.runtime.random.CounterRng;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GridNav: a slippery N×N grid seen through a noisy sensor, with the semantics of pymdp's {@code
 * GridWorld} (research note "cognitive families", section 2.4).
 *
 * <h2>States and actions</h2>
 *
 * Cell {@code (row, col)} is state {@code row * N + col}; row 0 is the top. The agent starts at
 * (0, 0); the goal is (N-1, N-1). Actions: 0 up (row - 1), 1 right (col + 1), 2 down (row + 1), 3
 * left (col - 1), 4 stay. A move off the grid or into a wall leaves the agent in place; any other
 * move fails with probability {@code slip}, leaving the agent in place too. At step {@code t}
 * (1 for the first step) the move fails when {@code CounterRng.bernoulli(seed, }{@value
 * #STREAM_SLIP}{@code , t, 0, slip)}.
 *
 * <h2>Layouts (the {@code layout} setting)</h2>
 *
 * <ul>
 *   <li>{@code open}: no walls, any N >= 2.
 *   <li>{@code cup}: for N = 5, walls at row 3, columns 1..4 (the gap is (3, 0)); for N = 8, walls
 *       at row 5, columns 3..7 (the gap is columns 0..2). Defined for these two sizes only.
 * </ul>
 *
 * <h2>Observations</h2>
 *
 * The observation is one-hot over the N² cells ({@code observationSize() = N*N}). The observed
 * cell is the true cell with probability {@code 1 - obs_noise} and otherwise uniform over the
 * N² - 1 other cells: at step {@code t} (0 for the observation returned by reset) the sensor
 * errs when {@code CounterRng.bernoulli(seed, }{@value #STREAM_OBS}{@code , t, 0, obs_noise)},
 * and then reports {@code j < s ? j : j + 1} for {@code j = CounterRng.uniformInt(seed, }{@value
 * #STREAM_OBS}{@code , t, 1, N*N - 1)} and true cell {@code s}. The {@code info} map carries
 * {@code observed_cell}, and, for evaluation only, the true {@code cell} and whether the move
 * {@code slipped} (0 or 1); an agent that reads them is not partially observed any more.
 *
 * <h2>Rewards and episode end</h2>
 *
 * Entering the goal terminates the episode with reward {@code goal_reward} (1); every other step
 * earns {@code step_reward} (0). The episode is truncated after {@code max_steps} steps, by
 * default T = 2 × the shortest-path length from start to goal (found by breadth-first search):
 * 16 for 5×5 and 28 for 8×8, in both layouts.
 *
 * <p>Settings: {@code size} (5), {@code layout} (name or index: 0 {@code open}, 1 {@code cup};
 * default open), {@code slip} (0.1), {@code obs_noise} (0.1), {@code goal_reward} (1), {@code
 * step_reward} (0), {@code max_steps} (2 × shortest path).
 */
public final class GridWorld implements Environment {
  public static final List<String> LAYOUTS = List.of("open", "cup");

  public static final int UP = 0;
  public static final int RIGHT = 1;
  public static final int DOWN = 2;
  public static final int LEFT = 3;
  public static final int STAY = 4;

  /** The CounterRng stream of failed moves. */
  public static final int STREAM_SLIP = 0x4757_0001;

  /** The CounterRng stream of sensor errors. */
  public static final int STREAM_OBS = 0x4757_0002;

  private static final int[] ROW_STEP = {-1, 0, 1, 0, 0};
  private static final int[] COL_STEP = {0, 1, 0, -1, 0};

  private final int n;
  private final String layout;
  private final boolean[] wall;
  private final double slip;
  private final double obsNoise;
  private final double goalReward;
  private final double stepReward;
  private final int shortestPath;
  private final EpisodeClock clock;

  private long seed;
  private int cell;

  /**
   * @param maxSteps the truncation step, or 0 for twice the shortest path
   */
  public GridWorld(int size, String layout, double slip, double obsNoise, double goalReward,
      double stepReward, int maxSteps) {
    if (size < 2) {
      throw new IllegalArgumentException("grid_world size must be >= 2, got " + size);
    }
    if (!(slip >= 0 && slip <= 1) || !(obsNoise >= 0 && obsNoise <= 1)) {
      throw new IllegalArgumentException(
          "grid_world slip and obs_noise must lie in [0, 1], got " + slip + ", " + obsNoise);
    }
    this.n = size;
    this.layout = layout;
    this.wall = walls(size, layout);
    this.slip = slip;
    this.obsNoise = obsNoise;
    this.goalReward = goalReward;
    this.stepReward = stepReward;
    this.shortestPath = shortestPath(size, wall);
    this.clock = new EpisodeClock("grid_world", 5, maxSteps == 0 ? 2 * shortestPath : maxSteps);
  }

  /** GridNav with the note's defaults: slip 0.1, noise 0.1, reward 1 at the goal, T = 2 × path. */
  public GridWorld(int size, String layout) {
    this(size, layout, 0.1, 0.1, 1, 0, 0);
  }

  static GridWorld fromSettings(Settings s) {
    int size = (int) s.integer("size", 5, 2, 1024);
    int layout = s.choice("layout", 0, LAYOUTS);
    double slip = s.number("slip", 0.1, 0, 1);
    double noise = s.number("obs_noise", 0.1, 0, 1);
    double goal = s.number("goal_reward", 1, -1e9, 1e9);
    double step = s.number("step_reward", 0, -1e9, 1e9);
    int maxSteps = (int) s.integer("max_steps", 0, 0, Integer.MAX_VALUE);
    s.finish();
    return new GridWorld(size, LAYOUTS.get(layout), slip, noise, goal, step, maxSteps);
  }

  private static boolean[] walls(int n, String layout) {
    boolean[] w = new boolean[n * n];
    switch (layout) {
      case "open":
        return w;
      case "cup":
        if (n == 5) {
          for (int c = 1; c <= 4; c++) {
            w[3 * n + c] = true;
          }
          return w;
        }
        if (n == 8) {
          for (int c = 3; c <= 7; c++) {
            w[5 * n + c] = true;
          }
          return w;
        }
        throw new IllegalArgumentException(
            "grid_world layout cup is defined for size 5 and 8 only, got " + n);
      default:
        throw new IllegalArgumentException("grid_world layout must be one of "
            + String.join(", ", LAYOUTS) + ", got " + layout);
    }
  }

  private static int shortestPath(int n, boolean[] wall) {
    int[] dist = new int[n * n];
    Arrays.fill(dist, -1);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    dist[0] = 0;
    queue.add(0);
    while (!queue.isEmpty()) {
      int s = queue.poll();
      for (int a = 0; a < 4; a++) {
        int t = target(n, wall, s, a);
        if (dist[t] < 0) {
          dist[t] = dist[s] + 1;
          queue.add(t);
        }
      }
    }
    if (dist[n * n - 1] < 0) {
      throw new IllegalArgumentException("grid_world: the goal cannot be reached");
    }
    return dist[n * n - 1];
  }

  /** The cell a successful move leads to: the same cell at an edge or a wall. */
  private static int target(int n, boolean[] wall, int s, int action) {
    int r = s / n + ROW_STEP[action];
    int c = s % n + COL_STEP[action];
    if (r < 0 || r >= n || c < 0 || c >= n || wall[r * n + c]) {
      return s;
    }
    return r * n + c;
  }

  public int size() {
    return n;
  }

  public String layout() {
    return layout;
  }

  /** The number of moves on a shortest path from start to goal. */
  public int shortestPath() {
    return shortestPath;
  }

  /** Whether cell {@code s} is a wall. */
  public boolean isWall(int s) {
    return wall[s];
  }

  @Override
  public String name() {
    return "grid_world";
  }

  @Override
  public int actions() {
    return 5;
  }

  @Override
  public int observationSize() {
    return n * n;
  }

  @Override
  public int maxSteps() {
    return clock.maxSteps();
  }

  @Override
  public double[] reset(long seed) {
    this.seed = seed;
    this.cell = 0;
    clock.reset();
    return oneHot(observe(0));
  }

  @Override
  public Step step(int action) {
    int t = clock.begin(action);
    int next = target(n, wall, cell, action);
    boolean slipped = next != cell && CounterRng.bernoulli(seed, STREAM_SLIP, t, 0, slip);
    if (!slipped) {
      cell = next;
    }
    boolean reached = cell == n * n - 1;
    boolean truncated = clock.end(reached);
    int seen = observe(t);
    Map<String, Double> info = new LinkedHashMap<>();
    info.put("observed_cell", (double) seen);
    info.put("cell", (double) cell);
    info.put("slipped", slipped ? 1.0 : 0.0);
    return new Step(oneHot(seen), reached ? goalReward : stepReward, reached, truncated, info);
  }

  /** The true cell. */
  int cell() {
    return cell;
  }

  private int observe(int t) {
    if (!CounterRng.bernoulli(seed, STREAM_OBS, t, 0, obsNoise)) {
      return cell;
    }
    int j = CounterRng.uniformInt(seed, STREAM_OBS, t, 1, n * n - 1);
    return j < cell ? j : j + 1;
  }

  private double[] oneHot(int s) {
    double[] o = new double[n * n];
    o[s] = 1;
    return o;
  }
}
