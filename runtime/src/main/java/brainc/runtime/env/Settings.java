package brainc.runtime.env;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an environment's settings map, remembering every key it was asked about so that {@link
 * #finish} can reject the keys nobody read and list the valid ones. Values are {@link Number}s;
 * a choice (a track phase, a grid layout) may also be given by its name as a {@link String}.
 */
final class Settings {
  private final String env;
  private final Map<String, ?> values;
  private final Set<String> known = new LinkedHashSet<>();

  Settings(String env, Map<String, ?> values) {
    this.env = env;
    this.values = values == null ? Map.of() : values;
  }

  /** A real setting in [min, max]. */
  double number(String key, double fallback, double min, double max) {
    known.add(key);
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n)) {
      throw bad(key, "must be a number in [" + min + ", " + max + "], got '" + v + "'");
    }
    double d = n.doubleValue();
    if (!(d >= min && d <= max)) {
      throw bad(key, "must lie in [" + min + ", " + max + "], got " + d);
    }
    return d;
  }

  /** An integer setting in [min, max]; a double must hold an integer exactly. */
  long integer(String key, long fallback, long min, long max) {
    double d = number(key, fallback, min, max);
    if (d != Math.rint(d)) {
      throw bad(key, "must be an integer, got " + d);
    }
    return (long) d;
  }

  /**
   * One of {@code names}, given as the name or as its index; returns the index. {@code fallback}
   * is an index.
   */
  int choice(String key, int fallback, List<String> names) {
    known.add(key);
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof String s && names.contains(s)) {
      return names.indexOf(s);
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && d >= 0 && d < names.size()) {
        return (int) d;
      }
    }
    throw bad(key, "must be one of " + String.join(", ", names)
        + " (or its index 0.." + (names.size() - 1) + "), got '" + v + "'");
  }

  /** Rejects the settings that no reader asked for. */
  void finish() {
    List<String> unknown = new ArrayList<>();
    for (String k : values.keySet()) {
      if (!known.contains(k)) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      unknown.sort(null);
      throw new IllegalArgumentException("unknown setting" + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown) + " for " + env + "; valid settings: "
          + String.join(", ", known));
    }
  }

  private IllegalArgumentException bad(String key, String what) {
    return new IllegalArgumentException("setting " + key + " of " + env + " " + what);
  }
}
