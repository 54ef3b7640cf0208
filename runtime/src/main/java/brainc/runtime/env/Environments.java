package brainc.runtime.env;

import java.util.List;
import java.util.Map;

/** Creates environments by the names a {@code .brain} program uses for them. */
public final class Environments {
  /** The names {@link #create} accepts. */
  public static final List<String> NAMES = List.of("car_track", "cartpole", "grid_world");

  private Environments() {}

  /**
   * A new environment called {@code name}, configured by {@code settings} (null or empty for the
   * defaults). Values are numbers; the choices {@code phase} of {@code car_track} and {@code
   * layout} of {@code grid_world} may also be given by name as strings, or by index as numbers.
   * Each environment class documents its settings.
   *
   * @throws IllegalArgumentException for an unknown name, an unknown setting or a value out of
   *     range; the message lists what is valid
   */
  public static Environment create(String name, Map<String, ?> settings) {
    if (name == null || !NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "unknown environment '" + name + "'; valid names: " + String.join(", ", NAMES));
    }
    Settings s = new Settings(name, settings);
    switch (name) {
      case "car_track":
        return CarTrack.fromSettings(s);
      case "cartpole":
        return CartPole.fromSettings(s);
      default:
        return GridWorld.fromSettings(s);
    }
  }

  /** A new environment called {@code name} with its default settings. */
  public static Environment create(String name) {
    return create(name, Map.of());
  }
}
