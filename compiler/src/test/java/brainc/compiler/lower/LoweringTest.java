package brainc.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.ir.model.IrModule;
import brainc.ir.model.NeuronModel;
import brainc.ir.model.Network;
import brainc.ir.model.Const;
import brainc.ir.source.SourceFile;
import brainc.ir.text.IrParser;
import brainc.ir.text.IrPrinter;
import brainc.ir.units.Dimension;
import brainc.ir.verify.IrVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every sample lowers to IR that verifies and prints and parses back to an equal module. */
class LoweringTest {
  private static final Path SAMPLES = Path.of("../samples");

  @TestFactory
  Stream<DynamicTest> everySampleLowersVerifiesAndRoundTrips() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(SAMPLES)) {
      files = s.filter(p -> p.toString().endsWith(".brain")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no samples found under " + SAMPLES.toAbsolutePath());
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      Frontend fe = new Frontend();
      Analysis a = fe.analyze(fe.loader().read(f));
      assertTrue(a.diagnostics().isEmpty(), () -> f + " has diagnostics: " + a.diagnostics());
      IrModule ir = Lowering.lower(a);
      assertEquals(List.of(), IrVerifier.verify(ir), "verifier problems in " + f);
      String text = IrPrinter.print(ir);
      assertEquals(ir, IrParser.parse(text), "parse(print(ir)) differs for " + f);
      assertEquals(text, IrPrinter.print(IrParser.parse(text)), "printing is not stable for " + f);
    }));
  }

  @Test
  void literalsAreLoweredToSiUnitsAndDefaultsFromTheModel() {
    String src = """
        neuron N {
          param tau = 20 ms
          state v = -65 mV
          input I: mV
          v' = (-65 mV - v + I) / tau
          spike when v > -50 mV { v = -65 mV }
        }
        network Net {
          population p = N[10] { tau = 5 ms }
        }
        """;
    Frontend fe = new Frontend();
    Analysis a = fe.analyze(SourceFile.of("t.brain", src));
    assertTrue(a.diagnostics().isEmpty(), a.diagnostics()::toString);
    IrModule ir = Lowering.lower(a);
    NeuronModel n = (NeuronModel) ir.find("N").orElseThrow();
    Const tau = (Const) n.params().get(0).value().orElseThrow();
    assertEquals(0.02, tau.value(), 0.0);
    assertEquals(new brainc.ir.types.Real(Dimension.TIME), tau.type());
    Network net = (Network) ir.find("Net").orElseThrow();
    assertEquals(10, net.populations().get(0).size());
    assertEquals(0.005, ((Const) net.populations().get(0).overrides().get(0).value()).value(), 1e-18);
  }
}
