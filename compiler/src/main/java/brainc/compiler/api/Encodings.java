package brainc.compiler.api;

import java.util.function.Function;

/** How an environment's observations become input values in [0, 1] for rate-coded inputs. */
final class Encodings {
  private Encodings() {}

  static Function<double[], double[]> of(String environment) {
    return switch (environment) {
      // Distances to the road's edge, 0 .. 20: the nearer the edge, the stronger the input.
      case "car_track" -> obs -> {
        double[] v = new double[obs.length];
        for (int i = 0; i < obs.length; i++) v[i] = Math.max(0, Math.min(1, 1 - obs[i] / 20.0));
        return v;
      };
      // Cart position, velocity, pole angle, angular velocity: each mapped from its usual range
      // (±2.4 m, ±3 m/s, ±0.21 rad, ±3 rad/s) onto [0, 1], 0.5 being upright and centred.
      case "cartpole" -> obs -> {
        double[] range = {2.4, 3.0, 0.2095, 3.0};
        double[] v = new double[obs.length];
        for (int i = 0; i < obs.length; i++) {
          v[i] = Math.max(0, Math.min(1, 0.5 + 0.5 * obs[i] / range[Math.min(i, range.length - 1)]));
        }
        return v;
      };
      default -> obs -> {
        double[] v = new double[obs.length];
        for (int i = 0; i < obs.length; i++) v[i] = Math.max(0, Math.min(1, obs[i]));
        return v;
      };
    };
  }
}
