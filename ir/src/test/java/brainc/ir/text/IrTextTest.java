package brainc.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.model.*;
import brainc.ir.source.SourceId;
import brainc.ir.source.Span;
import brainc.ir.types.Real;
import brainc.ir.units.Dimension;
import brainc.ir.units.Units;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IrTextTest {
  private static final Dimension VOLT = Units.lookup("V").orElseThrow().dimension();
  private static final Real MV = new Real(VOLT);
  private static final Real S = new Real(Dimension.TIME);

  private static Origin at(int start, int end) {
    return new Origin(new Span(new SourceId("lif.brain"), start, end));
  }

  static IrModule lif() {
    Ref v = new Ref(RefKind.STATE, "v", MV);
    Ref vRest = new Ref(RefKind.PARAM, "v_rest", MV);
    Ref tau = new Ref(RefKind.PARAM, "tau_m", S);
    Expr rhs = new Binary(BinaryOp.DIV, new Binary(BinaryOp.SUB, vRest, v, MV), tau, new Real(VOLT.over(Dimension.TIME)));
    NeuronModel lif = new NeuronModel("LIF", "Leaky integrate-and-fire.",
        List.of(new Param("tau_m", S, Optional.of(new Const(0.02, S)), Optional.empty(), "", at(10, 30)),
            new Param("v_rest", MV, Optional.of(new Const(-0.065, MV)), Optional.empty(), "", at(31, 50))),
        List.of(new StateVar("v", MV, vRest, "", at(51, 70))),
        List.of(), List.of(), List.of(new Ode("v", rhs, at(71, 100))), List.of(),
        Optional.of(new SpikeRule(new Binary(BinaryOp.GT, v, new Const(-0.05, MV), new brainc.ir.types.Bool()),
            Optional.empty(), List.of(new Assign("v", RefKind.STATE, vRest)), at(101, 140))),
        Optional.of(new Const(0.002, S)), List.of(), at(0, 150));
    return new IrModule("lif", List.of(lif));
  }

  @Test
  void printsReadableText() {
    String expected = String.join("\n",
        "module lif",
        "",
        "neuron LIF @lif.brain:0..150 {",
        "  doc \"Leaky integrate-and-fire.\"",
        "  param tau_m : real[s] = 0.02[s] @lif.brain:10..30",
        "  param v_rest : real[m^2*kg*s^-3*A^-1] = -0.065[m^2*kg*s^-3*A^-1] @lif.brain:31..50",
        "  state v : real[m^2*kg*s^-3*A^-1] = param v_rest : real[m^2*kg*s^-3*A^-1] @lif.brain:51..70",
        "  ode v = ((param v_rest : real[m^2*kg*s^-3*A^-1] - state v : real[m^2*kg*s^-3*A^-1]) / param tau_m : real[s]) @lif.brain:71..100",
        "  spike when (state v : real[m^2*kg*s^-3*A^-1] > -0.05[m^2*kg*s^-3*A^-1]) @lif.brain:101..140 {",
        "    state v = param v_rest : real[m^2*kg*s^-3*A^-1]",
        "  }",
        "  refractory 0.002[s]",
        "}",
        "");
    assertEquals(expected, IrPrinter.print(lif()));
    assertEquals(lif(), IrParser.parse(expected));
  }

  @Test
  void typesThatDifferFromTheDerivedOneArePrinted() {
    Expr odd = new Binary(BinaryOp.ADD, Const.of(1), Const.of(2), S);
    assertEquals("(1.0 + 2.0) : real[s]", IrPrinter.print(odd));
    assertEquals(odd, IrParser.parseExpr(IrPrinter.print(odd)));
    assertEquals("(1.0 + 2.0)", IrPrinter.print(new Binary(BinaryOp.ADD, Const.of(1), Const.of(2), Real.DIMENSIONLESS)));
  }

  @Test
  void specialNumbersAndNamesRoundTrip() {
    for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, 1e300}) {
      Expr e = new Const(d, S);
      assertEquals(e, IrParser.parseExpr(IrPrinter.print(e)));
    }
    Expr call = new Call("param", List.of(new StrConst("a\"b\\c\n")), MV);
    assertEquals("\"param\"(\"a\\\"b\\\\c\\n\") : real[m^2*kg*s^-3*A^-1]", IrPrinter.print(call));
    assertEquals(call, IrParser.parseExpr(IrPrinter.print(call)));
  }

  @Test
  void commentsAndBlankSpaceAreIgnored() {
    String text = IrPrinter.print(lif()).replace("\n", "  // note\n\n");
    assertEquals(lif(), IrParser.parse(text));
  }

  @Test
  void syntaxErrorsCarryLineAndColumn() {
    IrSyntaxException x = assertThrows(IrSyntaxException.class,
        () -> IrParser.parse("module m\n\nneuron N @a:0..1 {\n  bogus 1\n}\n"));
    assertEquals(4, x.line());
    assertEquals(3, x.column());
    assertTrue(x.getMessage().startsWith("4:3: unknown member 'bogus'"), x.getMessage());

    x = assertThrows(IrSyntaxException.class, () -> IrParser.parse("module m\nrun r @a:0..1 { target n }"));
    assertEquals("2:1: run r needs target, duration, dt and seed", x.getMessage());

    x = assertThrows(IrSyntaxException.class, () -> IrParser.parseExpr("(1.0 + )"));
    assertEquals("1:8: expected an expression but found ')'", x.getMessage());

    x = assertThrows(IrSyntaxException.class, () -> IrParser.parseExpr("\"abc"));
    assertTrue(x.getMessage().startsWith("1:5: unterminated string"), x.getMessage());

    x = assertThrows(IrSyntaxException.class, () -> IrParser.parseExpr("1.0[furlong]"));
    assertTrue(x.getMessage().startsWith("1:4: unknown base unit"), x.getMessage());
  }

  @Test
  void recordInvariantsAreReportedAsSyntaxErrors() {
    String text = "module m\nnetwork n @a:0..1 {\n  population p = LIF[0] @a:0..1\n}\n";
    IrSyntaxException x = assertThrows(IrSyntaxException.class, () -> IrParser.parse(text));
    assertEquals(3, x.line());
    assertTrue(x.getMessage().contains("population p has size 0"), x.getMessage());
  }
}
