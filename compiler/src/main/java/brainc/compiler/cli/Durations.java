package brainc.compiler.cli;

import brainc.ir.units.Dimension;
import brainc.ir.units.Unit;
import brainc.ir.units.Units;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads times given on the command line: {@code 1s}, {@code 250 ms}, {@code 0.1ms}. */
final class Durations {
  private static final Pattern QUANTITY = Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*([A-Za-zµμ]+)\\s*");

  private Durations() {}

  /** Seconds, or an IllegalArgumentException whose message names the option. */
  static double seconds(String text, String option) {
    Matcher m = QUANTITY.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(option + " needs a time with a unit, such as 1s or 0.1ms, not `" + text + "`");
    }
    Optional<Unit> unit = Units.lookup(m.group(2));
    if (unit.isEmpty() || !unit.get().dimension().equals(Dimension.TIME)) {
      throw new IllegalArgumentException(option + ": `" + m.group(2) + "` is not a unit of time (s, ms, us, min)");
    }
    return unit.get().toSi(Double.parseDouble(m.group(1)));
  }
}
