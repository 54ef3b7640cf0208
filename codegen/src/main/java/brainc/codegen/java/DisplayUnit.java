package brainc.codegen.java;

import brainc.ir.types.Real;
import brainc.ir.types.Type;
import brainc.ir.units.Dimension;
import brainc.ir.units.Unit;
import brainc.ir.units.Units;
import java.util.List;
import java.util.Optional;

/**
 * The unit in which a counterexample shows a value of some dimension: the one a modeller writes
 * ({@code ms}, {@code mV}, {@code nA}, …), else the SI unit of the dimension. A value {@code x}
 * in SI is shown as {@code x / scale} followed by {@code symbol}; dimensionless values have no
 * symbol.
 */
record DisplayUnit(String symbol, double scale) {
  private static final List<String> PREFERRED = List.of("ms", "mV", "nA", "nS", "pF", "Hz", "mM", "MOhm", "um");

  static final DisplayUnit NONE = new DisplayUnit("", 1.0);

  static DisplayUnit of(Type type) {
    if (!(type instanceof Real r) || r.dim().isNone()) return NONE;
    Dimension d = r.dim();
    for (String symbol : PREFERRED) {
      Optional<Unit> u = Units.lookup(symbol);
      if (u.isPresent() && u.get().dimension().equals(d)) return new DisplayUnit(symbol, u.get().scale());
    }
    return new DisplayUnit(Units.display(d), 1.0);
  }

  /** The value in this unit as text, for messages produced while generating. */
  String format(double si) {
    String number = ModelText.number(si / scale);
    return symbol.isEmpty() ? number : number + " " + symbol;
  }
}
