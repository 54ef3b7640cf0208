package brainc.ir.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
  private static final Dimension VOLT = Dimension.parse("m^2*kg*s^-3*A^-1");

  private static Unit u(String s) {
    return Units.lookup(s).orElseThrow(() -> new AssertionError("no unit " + s));
  }

  private static Unit expr(String s) {
    return Units.parseExpression(s).orElseThrow(() -> new AssertionError("no unit expression " + s));
  }

  @ParameterizedTest
  @ValueSource(strings = {"s", "ms", "us", "µs", "μs", "ns", "min", "h", "Hz", "kHz", "V", "mV", "uV",
    "A", "mA", "uA", "nA", "pA", "F", "uF", "nF", "pF", "S", "mS", "uS", "nS", "pS", "Ohm", "kOhm",
    "MOhm", "GOhm", "Ω", "kΩ", "MΩ", "m", "mm", "um", "cm", "g", "kg", "mol", "mM", "uM", "K", "cd",
    "C", "W", "J", "N", "Pa", "L", "rad", "1", "dam", "fA", "Ts", "ym", "mK"})
  void everyListedSymbolResolves(String symbol) {
    Unit unit = u(symbol);
    assertEquals(symbol, unit.symbol());
    assertTrue(unit.scale() > 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "mv", "Mohm", "x", "kmin", "kh", "furlong", "sm"})
  void unknownSymbolsDoNotResolve(String symbol) {
    assertTrue(Units.lookup(symbol).isEmpty());
  }

  @Test
  void prefixScalesAreExactLiterals() {
    assertEquals(1e-3, u("ms").scale());
    assertEquals(1e-6, u("us").scale());
    assertEquals(1e-6, u("µs").scale());
    assertEquals(1e-9, u("nA").scale());
    assertEquals(1e6, u("MOhm").scale());
    assertEquals(1.0, u("kg").scale());
    assertEquals(1e-6, u("mg").scale());
    assertEquals(1.0, u("mM").scale());
    assertEquals(1e-3, u("uM").scale());
    assertEquals(60.0, u("min").scale());
    assertEquals(3600.0, u("h").scale());
    assertEquals(1e-3, u("L").scale());
    assertEquals(Dimension.TIME, u("ms").dimension());
    assertEquals(VOLT, u("mV").dimension());
    assertEquals(Dimension.parse("m^-3*mol"), u("mM").dimension());
  }

  @Test
  void conversions() {
    assertEquals(0.02, u("ms").toSi(20));
    assertEquals(20.0, u("ms").fromSi(0.02), 1e-12);
    Unit product = u("nA").times(u("MOhm"));
    assertEquals(VOLT, product.dimension());
    assertEquals(0.5, product.toSi(5 * 100), 1e-12);
    assertEquals(1.0, expr("mV/ms").scale());
    assertEquals(VOLT.over(Dimension.TIME), expr("mV/ms").dimension());
  }

  @Test
  void unitExpressions() {
    assertEquals(Dimension.TIME.inverse(), expr("1/s").dimension());
    assertEquals(Dimension.TIME.inverse(), expr("s^-1").dimension());
    assertEquals(Dimension.CURRENT, expr("nS*mV").dimension());
    assertEquals(1e-12, expr("nS*mV").scale(), 1e-27);
    assertEquals(Dimension.LENGTH.pow(2), expr("m^2").dimension());
    assertEquals(expr("mV/ms").dimension(), expr("(mV/ms)").dimension());
    assertEquals("mV/ms", expr("mV / ms").symbol());
    assertEquals(1e-6, expr("mm^2").scale(), 1e-21);
    assertEquals(Dimension.NONE, expr("mV/mV").dimension());
    assertEquals(VOLT.over(Dimension.TIME.pow(2)), expr("mV/(ms*s)").dimension());
    for (String bad : List.of("", "mV/", "(mV", "mV)", "m^", "2*s", "mV//ms", "foo/s", "m^x")) {
      assertTrue(Units.parseExpression(bad).isEmpty(), bad);
    }
  }

  @Test
  void unitAlgebraSymbols() {
    assertEquals("mV/ms", u("mV").over(u("ms")).symbol());
    assertEquals("(mV/ms)*s", u("mV").over(u("ms")).times(u("s")).symbol());
    assertEquals("s^-1", u("s").pow(-1).symbol());
    assertEquals(1e-6, u("ms").pow(2).scale(), 1e-21);
  }

  @Test
  void displayNames() {
    assertEquals("1", Units.display(Dimension.NONE));
    assertEquals("V", Units.display(VOLT));
    assertEquals("A", Units.display(u("S").dimension().times(VOLT)));
    assertEquals("V/s", Units.display(expr("mV/ms").dimension()));
    assertEquals("A/s", Units.display(expr("nA/ms").dimension()));
    assertEquals("1/s", Units.display(u("Hz").dimension()));
    assertEquals("s", Units.display(Dimension.TIME));
    assertEquals("kg", Units.display(Dimension.MASS));
    assertEquals("Ohm", Units.display(u("MΩ").dimension()));
    assertEquals("F", Units.display(u("pF").dimension()));
    assertEquals("S", Units.display(u("nS").dimension()));
    assertEquals("mol/m^3", Units.display(u("mM").dimension()));
    assertEquals("m^2", Units.display(Dimension.LENGTH.pow(2)));
    assertEquals("1/s^2", Units.display(Dimension.TIME.pow(-2)));
    Dimension odd = new Dimension(0, 0, 0, 0, 9, 0, 0);
    assertEquals("K^9", Units.display(odd));
    assertEquals(Units.display(VOLT.over(Dimension.TIME)), Units.display(VOLT.over(Dimension.TIME)));
  }

  @Test
  void suggestions() {
    assertEquals("mV", Units.suggestions("mv").get(0));
    assertEquals("MOhm", Units.suggestions("Mohm").get(0));
    assertEquals("ms", Units.suggestions("msec").get(0));
    assertTrue(Units.suggestions("mv").size() <= 3);
    assertEquals(List.of(), Units.suggestions("qqqqqqq"));
    assertEquals(Units.suggestions("hz"), Units.suggestions("hz"));
    assertEquals("Hz", Units.suggestions("hz").get(0));
  }
}
