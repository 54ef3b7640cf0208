package brainc.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.ir.model.Expr;
import brainc.ir.model.IrModule;
import brainc.ir.testing.IrGen;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RoundTripTest {

  @Provide
  Arbitrary<IrModule> modules() {
    return Arbitraries.longs().map(seed -> new IrGen(seed).module());
  }

  @Provide
  Arbitrary<Expr> exprs() {
    return Arbitraries.longs().map(seed -> new IrGen(seed).expr(4));
  }

  @Property(tries = 300)
  void parseInvertsPrint(@ForAll("modules") IrModule m) {
    String text = IrPrinter.print(m);
    assertEquals(m, IrParser.parse(text), text);
  }

  @Property(tries = 200)
  void printingIsDeterministic(@ForAll("modules") IrModule m) {
    String text = IrPrinter.print(m);
    assertEquals(text, IrPrinter.print(m));
    assertEquals(text, IrPrinter.print(IrParser.parse(text)));
  }

  @Property(tries = 500)
  void expressionsRoundTrip(@ForAll("exprs") Expr e) {
    String text = IrPrinter.print(e);
    assertEquals(e, IrParser.parseExpr(text), text);
  }
}
