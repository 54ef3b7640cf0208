package brainc.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.diag.Diagnostic;
import brainc.ir.source.SourceFile;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;

/**
 * The checker's contracts on semantically bad models ({@link BadModels#semantic}): a valid
 * model with one fault (a value outside its range, a cycle of slices, a non-finite constant, a
 * zero divisor, a missing spike rule, a size beyond the limit) is always reported with the
 * fault's code, at a range inside the document, and nothing throws. Beside the syntactic
 * mutations of {@link FrontEndRobustnessProperties}.
 */
class SemanticFaultProperties {
  @Property(tries = 150)
  void everyFaultIsReportedWithItsCode(@ForAll("faulty") BadModels.Faulty model) {
    SourceFile main = SourceFile.of("faulty.brain", model.text());
    Analysis analysis = new Frontend().analyze(main);
    boolean found = false;
    for (Diagnostic d : analysis.diagnostics()) {
      SourceFile doc = analysis.sources().get(d.span().source());
      assertTrue(doc != null, () -> "diagnostic in an unknown document: " + d);
      assertTrue(0 <= d.span().start() && d.span().start() <= d.span().end() && d.span().end() <= doc.text().length(),
          () -> "span outside its document: " + d);
      if (d.code().id().equals(model.code()) && d.span().source().equals(main.id())) found = true;
    }
    boolean reported = found;
    assertTrue(reported, () -> "expected " + model.code() + " for " + model.fault() + ", got "
        + analysis.diagnostics() + "\n" + model.text());
    new DiagnosticRenderer(analysis.sources()).human(analysis.diagnostics());
  }

  @Provide
  Arbitrary<BadModels.Faulty> faulty() {
    return BadModels.semantic();
  }
}
