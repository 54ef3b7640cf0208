package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Analysis;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.source.LineIndex;
import brainc.ir.source.SourceFile;
import brainc.ir.source.SourceId;
import brainc.ir.targets.TargetInfo;
import brainc.ir.targets.TargetTable;
import brainc.ir.targets.Targets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Target legality at the API boundary: what each target refuses, where, and at which level. */
class LegalityTest {
  /** `e` reads a trace: `run` does not integrate it, so the java target must refuse it (line 6). */
  private static final String NONLINEAR = """
      synapse Leaky {
        param tau = 20 ms
        var w = 0.5
        var e = 0
        trace x_pre decays tau on pre += 1
        e' = -e / 200 ms + x_pre / 1 s
        on pre {
          deliver w
        }
        property quiet: no spikes => w unchanged
      }
      """;

  private static final String CANNOT_RUN_YET = """
      use brain.neurons.LIF

      network N {
        population p = LIF[2]
        connect p -> p  weight normal(1 mV, 0.1 mV) * t / 1 ms  all  via exp(tau = 5 ms)
      }

      run N for 10 ms dt 0.1 ms
      """;

  private static Analysis analysis(String text) {
    return Compiler.check(new SourceFile(new SourceId("m.brain"), text));
  }

  private static String at(Diagnostic d, String text) {
    var pos = new LineIndex(text).position(d.span().start());
    return d.code().id() + "@" + pos.line() + ":" + pos.column();
  }

  @Test
  void theJavaTargetRefusesASynapseEquationRunDoesNotIntegrate() {
    List<Diagnostic> found = Legality.check(analysis(NONLINEAR), "java");
    assertEquals(List.of("E1101@6:3"), found.stream().map(d -> at(d, NONLINEAR)).toList());
    assertTrue(found.get(0).isError());
    assertTrue(found.get(0).message().contains("`java` (model IR)"), found.get(0).message());
    // Plain check and the kernel engines have nothing to say about a synapse no statement runs.
    assertEquals(List.of(), Legality.statements(analysis(NONLINEAR)));
    assertEquals(List.of(), Legality.check(analysis(NONLINEAR), "jvm"));
  }

  @Test
  void aLimitationSharedByEveryKernelEngineIsAWarningInCheckAndAnErrorForTheTarget() {
    Diagnostic warned = Legality.statements(analysis(CANNOT_RUN_YET)).get(0);
    assertEquals(Code.W1021, warned.code());
    assertFalse(warned.isError());
    for (String engine : List.of("jvm", "interp")) {
      Diagnostic refused = Legality.check(analysis(CANNOT_RUN_YET), engine).get(0);
      assertEquals(Code.W1021, refused.code());
      assertTrue(refused.isError());
      assertEquals(warned.span(), refused.span());
    }
    assertEquals(List.of(), Legality.check(analysis(CANNOT_RUN_YET), "java"));
  }

  @Test
  void verifyAndCompileRefuseWithTheDiagnosticsBeforeGenerating() {
    ModelException verify = assertThrows(ModelException.class, () -> Verification.prepare(analysis(NONLINEAR), 5, null));
    assertEquals(List.of(Code.E1101), verify.diagnostics().stream().map(Diagnostic::code).toList());
    Analysis a = analysis(NONLINEAR);
    ModelException compile = assertThrows(ModelException.class,
        () -> Artifacts.generate(Compiler.lower(a), Artifacts.find("java").orElseThrow()));
    assertEquals(List.of(Code.E1101), compile.diagnostics().stream().map(Diagnostic::code).toList());
  }

  @Test
  void theStdlibSynapsesAreEmittedAsBefore() throws ModelException {
    Analysis a = analysis("use brain.synapses\n");
    assertEquals(List.of(), Legality.check(a, "java"));
    var files = Artifacts.generate(Compiler.lower(a), Targets.JAVA);
    assertTrue(files.keySet().stream().anyMatch(p -> p.endsWith("RSTDPSynapse.java")), files.keySet().toString());
  }

  @Test
  void artifactTargetsComeFromTheRegistry() {
    assertEquals(List.of("java", "cuda", "nir", "jvm"), Artifacts.names());
    assertEquals(Targets.CUDA, Artifacts.find("cuda").orElseThrow());
    assertEquals(Targets.NIR, Artifacts.find("nir").orElseThrow());
    assertEquals(Targets.JAVA, Artifacts.find("java").orElseThrow());
    assertEquals(Targets.JVM, Artifacts.find("jvm").orElseThrow());
    assertTrue(Artifacts.find("interp").isEmpty());
    assertThrows(IllegalArgumentException.class, () -> Legality.check(analysis(NONLINEAR), "loihi"));
  }

  @Test
  void theTableListsEveryTargetAndCapability() {
    String text = TargetTable.text();
    for (TargetInfo t : Targets.ALL) assertTrue(text.contains(t.label()), t.label());
    for (var c : brainc.ir.targets.Capability.values()) assertTrue(text.contains(c.id() + ": "), c.id());
    assertFalse(text.lines().anyMatch(l -> l.endsWith(" ")), "trailing spaces:\n" + text);
    assertEquals(List.of("jvm", "interp", "java", "cuda", "nir"), Targets.names());
  }
}
