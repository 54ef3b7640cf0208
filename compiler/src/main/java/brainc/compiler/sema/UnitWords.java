package brainc.compiler.sema;

import brainc.ir.units.Units;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads units spelt as words or half-words (`mVolt`, `millisecond`, `nanoamp`) as the symbol a
 * person meant, for "did you mean" messages; edit distance alone would offer `mol` for `mVolt`.
 */
final class UnitWords {
  private static final Map<String, String> BASES = Map.ofEntries(
      Map.entry("volt", "V"), Map.entry("volts", "V"), Map.entry("v", "V"),
      Map.entry("ampere", "A"), Map.entry("amperes", "A"), Map.entry("amp", "A"), Map.entry("amps", "A"),
      Map.entry("second", "s"), Map.entry("seconds", "s"), Map.entry("sec", "s"), Map.entry("secs", "s"),
      Map.entry("siemens", "S"), Map.entry("farad", "F"), Map.entry("farads", "F"),
      Map.entry("ohm", "Ohm"), Map.entry("ohms", "Ohm"), Map.entry("hertz", "Hz"), Map.entry("hz", "Hz"),
      Map.entry("meter", "m"), Map.entry("meters", "m"), Map.entry("metre", "m"), Map.entry("metres", "m"),
      Map.entry("gram", "g"), Map.entry("grams", "g"), Map.entry("mole", "mol"), Map.entry("moles", "mol"),
      Map.entry("kelvin", "K"), Map.entry("liter", "L"), Map.entry("litre", "L"));
  private static final List<String[]> PREFIXES = List.of(
      new String[] {"milli", "m"}, new String[] {"micro", "u"}, new String[] {"nano", "n"},
      new String[] {"pico", "p"}, new String[] {"kilo", "k"}, new String[] {"mega", "M"},
      new String[] {"giga", "G"}, new String[] {"m", "m"}, new String[] {"u", "u"}, new String[] {"µ", "u"},
      new String[] {"n", "n"}, new String[] {"p", "p"}, new String[] {"k", "k"}, new String[] {"M", "M"},
      new String[] {"G", "G"}, new String[] {"", ""});

  private UnitWords() {}

  static Optional<String> symbolFor(String text) {
    for (String[] p : PREFIXES) {
      boolean matches = p[0].length() > 1 ? text.toLowerCase().startsWith(p[0]) : text.startsWith(p[0]);
      if (!matches) continue;
      String base = BASES.get(text.substring(p[0].length()).toLowerCase());
      if (base == null) continue;
      String symbol = p[1] + base;
      if (Units.lookup(symbol).isPresent()) return Optional.of(symbol);
    }
    return Optional.empty();
  }
}
