package brainc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.ir.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RunLegality} finds on the model IR exactly what the scheduler would refuse: for one
 * model per cannot-run-yet condition, and for every sample and golden model, the check's W1021
 * (code, range, message) is the refusal the lowering itself meets, and where the check finds
 * nothing, the lowering succeeds.
 *
 * <p>Some refusals of the scheduler are out of reach of any model that checks (a name of another
 * kind in an expression, a vector or a range in an update, `deliver` in a reset, an assignment
 * of a parameter in a handler: the checker reports each as an error first); the check keeps
 * them anyway, so that the scheduler never meets them unreported.
 */
class RunLegalityTest {
  private static final String LIF = "use brain.neurons.LIF\n";
  private static final String STDP = "use brain.synapses.STDP\n";

  /** A network of two LIF populations around {@code body}, and a run of it. */
  private static String net(String body) {
    return "network N {\n  population p = LIF[4]\n  population q = LIF[4]\n" + body + "\n}\nrun N for 10 ms dt 0.1 ms\n";
  }

  /** One model per condition the scheduler cannot lower yet, the line of the construct, and what the message says. */
  static Stream<Arguments> conditions() {
    return Stream.of(
        Arguments.of("a refractory period drawn per run", LIF
            + "neuron R {\n  state v = 0\n  v' = -v / 10 ms\n  spike when v > 1 { v = 0 }\n  refractory 1 ms * t / 1 ms\n}\n"
            + net("  population r = R[2]"), 11, "a refractory period that is not constant"),
        Arguments.of("an initial value of a function", LIF + net("  population r = LIF[2] { v = exp(uniform(0, 1)) * 1 mV }"),
            5, "a value drawn per neuron or synapse"),
        Arguments.of("a draw whose bounds are drawn", LIF + net("  population r = LIF[2] { v = uniform(0 mV, normal(1 mV, 1 mV)) }"),
            5, "a random initial value whose bounds are not constant"),
        Arguments.of("a weight drawn from a time-varying distribution", LIF
            + net("  connect p -> q  weight normal(1 mV, 0.1 mV) * t / 1 ms"), 5, "(an initial value, a weight or a delay)"),
        Arguments.of("a delay without an upper bound", LIF + net("  connect p -> q  weight 1 mV delay normal(2 ms, 0.1 ms)"),
            5, "a per-synapse delay without an upper bound"),
        Arguments.of("a delay of drawn bounds", LIF + net("  connect p -> q  weight 1 mV delay uniform(1 ms, normal(2 ms, 0.1 ms))"),
            5, "a random initial value whose bounds are not constant"),
        // A run refuses inputs (E1007) first; a training in an environment meets the encoder (as W1020).
        Arguments.of("an encoder no kernel runs", LIF + net("  input x[2] encode latency()\n  connect x -> q weight 1 mV"), 5,
            "the `latency` encoder of `x`"),
        Arguments.of("a draw in a synapse handler", LIF + "synapse S {\n  var w = 0.5\n  on pre {\n    deliver w\n"
            + "    w = w + uniform(0, 1)\n  }\n}\n" + net("  connect p -> q weight 1 mV via S"), 12,
            "a handler of synapse model S"),
        Arguments.of("a draw in an on-post handler", LIF + "synapse S {\n  var w = 0.5\n  on pre { deliver w }\n"
            + "  on post {\n    w = w + uniform(0, 1)\n  }\n}\n" + net("  connect p -> q weight 1 mV via S"), 12,
            "a handler of synapse model S"),
        Arguments.of("a draw in a trace increment", LIF + "synapse S {\n  var w = 0.5\n  trace x decays 10 ms on pre += uniform(0, 1)\n"
            + "  on pre { deliver w }\n}\n" + net("  connect p -> q weight 1 mV via S"), 10, "the trace `x` of synapse model S"),
        Arguments.of("a synapse equation that is not linear", LIF + "synapse S {\n  var w = 0.5\n  w' = w * w / 10 ms\n"
            + "  on pre { deliver w }\n}\n" + net("  connect p -> q weight 1 mV via S"), 10, "the synapse equation `w' = ...`"),
        Arguments.of("a synapse variable drawn per run", LIF + STDP
            + net("  connect p -> q weight 1 mV via STDP { w = uniform(0, 1) * t / 1 ms }"), 6, "(an initial value, a weight or a delay)"),
        Arguments.of("a modulation without its signal", LIF + "use brain.synapses.RSTDP\n"
            + net("  connect p -> q weight 1 mV via RSTDP"), 6, "`modulated by dopamine` without a network signal `dopamine`"),
        Arguments.of("a signal of a function signals lack", LIF + "use brain.synapses.RSTDP\n"
            + net("  connect p -> q weight 1 mV via RSTDP\n  signal dopamine = exp(reward)"), 7, "the signal `dopamine`"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conditions")
  void theCheckReportsWhatTheLoweringRefuses(String name, String text, int line, String says) {
    SourceFile file = SourceFile.of("m.brain", text);
    IrModule m = lowered(file);
    RunSpec run = run(m);
    List<Diagnostic> found = RunLegality.check(m, run, Pipeline.settings(run));
    assertEquals(1, found.size(), () -> name + ": " + found);
    Diagnostic d = found.get(0);
    assertEquals(Code.W1021, d.code());
    assertEquals(line, file.lines().line(d.span().start()), () -> d.toString());
    assertTrue(d.message().contains(says), d::message);
    assertEquals(d, lowering(m, run).orElseThrow(() -> new AssertionError(name + ": the lowering refuses nothing")));
  }

  /** Draws in a neuron's update, spike rule and reset, and white noise in its equation, run: neither refuses. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("drawsThatRun")
  void drawsOfNeuronsRun(String name, String text) {
    IrModule m = lowered(SourceFile.of("m.brain", text));
    RunSpec run = run(m);
    assertEquals(List.of(), RunLegality.check(m, run, Pipeline.settings(run)), name);
    assertEquals(java.util.Optional.empty(), lowering(m, run), name);
  }

  static Stream<Arguments> drawsThatRun() {
    String net = "network N {\n  population a = G[3]\n}\nrun N for 1 ms\n";
    return Stream.of(
        Arguments.of("an update", "neuron G {\n  state x = 1\n  step x = x + uniform(0, 1) + normal(0, 1) + lognormal(0, 1)"
            + " + bernoulli(0.5)\n}\n" + net),
        Arguments.of("a spike condition", "neuron G {\n  state x = 1\n  x' = -x / 10 ms\n"
            + "  spike when x > uniform(0, 1) { x = 0 }\n}\n" + net),
        Arguments.of("a Bernoulli spike rule", "neuron G {\n  param rate = 10 Hz\n  state x = 1\n  step x = x\n"
            + "  spike when bernoulli(rate * dt)\n}\n" + net),
        Arguments.of("a reset", "neuron G {\n  state x = 1\n  x' = -x / 10 ms\n"
            + "  spike when x > 1 { x = uniform(0, 1) }\n}\n" + net),
        Arguments.of("white noise", "neuron G {\n  state x = 1\n  x' = (1 - x + 0.5 * xi(10 ms)) / 10 ms\n}\n" + net),
        Arguments.of("a refractory condition", "neuron G {\n  state x = 1\n  x' = (2 - x) / 10 ms\n"
            + "  spike when x > 1.5 { x = 1.6 }\n  refractory while x > 1.4\n}\n" + net));
  }

  /** Every sample and golden model with a `run`: the check and the lowering agree, refusal or not. */
  @Test
  void theCheckAndTheLoweringAgreeOnEveryModelOfTheCorpus() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("../samples", "../samples/golden", "../bench")) {
      try (Stream<Path> s = Files.walk(Path.of(dir))) {
        s.filter(p -> p.toString().endsWith(".brain") && !p.toString().contains("/target/")).forEach(files::add);
      }
    }
    int runs = 0;
    int refused = 0;
    for (Path f : files.stream().distinct().toList()) {
      Analysis a = new Frontend().analyze(SourceFile.of(f.toString(), Files.readString(f)));
      if (a.hasErrors()) continue;
      IrModule m = Lowering.lower(a);
      for (RunSpec run : m.decls().stream().filter(d -> d instanceof RunSpec).map(d -> (RunSpec) d).toList()) {
        Pipeline.RunSettings settings;
        try {
          settings = Pipeline.settings(run);
        } catch (RuntimeException e) {
          continue;
        }
        if (!RunCheck.modelProblems(m, run, java.util.Optional.of(settings)).isEmpty()
            || !RunCheck.wrongModels(m, run).isEmpty()) {
          continue;
        }
        runs++;
        List<Diagnostic> found = RunLegality.check(m, run, settings);
        assertEquals(lowering(m, run, settings).stream().toList(), found, f + ": " + run.target());
        refused += found.size();
      }
    }
    assertTrue(runs >= 5, "runs compared: " + runs);
    assertTrue(refused > 0, "refusals compared: " + refused);
  }

  /** What the scheduler itself refuses, lowering the run through the kernel pipeline. */
  static java.util.Optional<Diagnostic> lowering(IrModule m, RunSpec run) {
    return lowering(m, run, Pipeline.settings(run));
  }

  static java.util.Optional<Diagnostic> lowering(IrModule m, RunSpec run, Pipeline.RunSettings settings) {
    PassContext cx = new PassContext().target(run.target());
    try {
      PipelineSpec.KERNEL.passesFor(new PipelineSpec.Run(run, settings)).run(m, cx, (p, ir) -> {});
      return java.util.Optional.empty();
    } catch (Refusal e) {
      return java.util.Optional.of(RunCheck.diagnostic(e, run));
    }
  }

  private static IrModule lowered(SourceFile file) {
    Analysis a = new Frontend().analyze(file);
    assertEquals(List.of(), a.diagnostics().stream().filter(Diagnostic::isError).toList(), "the model should check");
    return Lowering.lower(a);
  }

  private static RunSpec run(IrModule m) {
    return m.decls().stream().filter(d -> d instanceof RunSpec).map(d -> (RunSpec) d).findFirst().orElseThrow();
  }
}
