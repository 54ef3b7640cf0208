package brainc.compiler.cli;

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
      default -> obs -> {
        double[] v = new double[obs.length];
        for (int i = 0; i < obs.length; i++) v[i] = Math.max(0, Math.min(1, obs[i]));
        return v;
      };
    };
  }
}
