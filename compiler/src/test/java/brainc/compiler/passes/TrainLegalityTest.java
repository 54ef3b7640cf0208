package brainc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.TrainSpec;
import brainc.ir.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TrainLegality} finds on the model IR exactly what the training lowering would refuse:
 * for one model per cannot-train-yet condition, and for every sample, golden and bench model
 * trained on a dataset, the check's diagnostic (code, range, message) is the refusal that
 * {@link ScheduleTraining} itself meets, and where the check finds nothing, the lowering succeeds.
 *
 * <p>Some refusals of the lowering are out of reach of any model that checks (a population of
 * a model that is not a neuron or not found, a connection from something other than the input
 * or a population, an encoder with steps whose arguments the lowering does not know, a surrogate
 * parameter that is not a constant: the checker reports E0306 first); the check
 * keeps them anyway, so that the lowering never meets them unreported.
 */
class TrainLegalityTest {
  /** A network trained on a dataset: {@code input} on line 5, the layer `h` on line 6, {@code members} from line 7, then {@code output}. */
  private static String net(String input, String members, String output) {
    return "use brain.neurons.Leaky\nuse brain.neurons.LIF\nuse brain.synapses.STDP\nnetwork N {\n  " + input
        + "\n  layer h = Leaky[3]\n  " + members + "\n  " + output + "\n}\n"
        + "train N on dataset fashion_mnist { loss cross_entropy(y) }\n";
  }

  private static String net(String members, String output) {
    return net("input x[4] encode bernoulli(steps = 5)", members, output);
  }

  private static final String D = "  state v = 0\n  input I\n  step v = 0.9 * v + I\n  spike when v > 1 { v = 0 }\n";

  /** A population `p` (line 7) of the model `D`, whose body is {@link #D} with {@code from} replaced by {@code to}. */
  private static String withD(String from, String to) {
    assertTrue(D.contains(from), from);
    return net("population p = D[3]\n  connect x -> p dense", "output y = spike_count(p)")
        + "neuron D {\n" + D.replace(from, to) + "}\n";
  }

  /** One model per condition the training lowering cannot lower yet, its code, the line of the construct, and what the message says. */
  static Stream<Arguments> conditions() {
    String dense = "connect x -> h dense";
    String count = "output y = spike_count(h)";
    return Stream.of(
        Arguments.of("an encoder without steps", net("input x[4] encode rate(max = 100 Hz)", dense, count), Code.E1020, 5,
            "has no number of steps"),
        Arguments.of("a connection that is not dense", net("connect x -> h all", count), Code.W1020, 7, "is not `dense`"),
        Arguments.of("a delay", net("connect x -> h dense delay 1 ms", count), Code.W1020, 7, "has a delay"),
        Arguments.of("a synapse model", net("connect x -> h dense via STDP", count), Code.W1020, 7, "has a synapse model"),
        Arguments.of("a kernel other than delta", net("connect x -> h dense via exp(tau = 5 ms)", count), Code.W1020, 7,
            "a synaptic kernel other than delta"),
        Arguments.of("a weight", net("connect x -> h dense weight 2", count), Code.W1020, 7, "sets a `weight`"),
        Arguments.of("a cycle through another layer", net("layer g = Leaky[3]\n  connect x -> h dense\n  connect h -> g dense\n"
            + "  connect g -> h dense", count), Code.W1020, 6, "is in a cycle"),
        Arguments.of("differential equations", net("population q = LIF[3]\n  connect x -> q dense", "output y = spike_count(q)"),
            Code.W1020, 7, "has differential equations"),
        Arguments.of("a refractory period", withD("  input I\n", "  input I\n  refractory 1 ms\n"), Code.W1020, 7,
            "has a refractory period"),
        Arguments.of("a let value", withD("  step v = 0.9 * v + I\n", "  let u = 0.9 * v\n  step v = u + I\n"), Code.W1020, 7,
            "has `let` values"),
        Arguments.of("a model that never spikes", withD("  spike when v > 1 { v = 0 }\n", ""), Code.W1020, 7, "never spikes"),
        Arguments.of("an initial value drawn", withD("state v = 0", "state v = uniform(0, 1)"), Code.W1020, 7,
            "initial value of v is not a constant"),
        // A kernel on a connected port moves to its connections, which are refused first: the port must be left open.
        Arguments.of("a port with a kernel", withD("  input I\n", "  input I\n  input J kernel exp(tau = 5 ms)\n")
            .replace("connect x -> p dense", "connect x -> p.I dense"), Code.W1020, 7, "input `J` is not a delta port"),
        Arguments.of("the time in an update", withD("0.9 * v + I", "0.9 * v + I + t / 1 ms"), Code.W1020, 7,
            "in a trained equation"),
        Arguments.of("a function in an update", withD("0.9 * v + I", "0.9 * v + exp(I)"), Code.W1020, 7,
            "an expression the training backend cannot differentiate yet"),
        Arguments.of("a function in a spike condition", withD("v > 1", "v > exp(1 - v)"), Code.W1020, 7,
            "an expression the training backend cannot differentiate yet"),
        Arguments.of("a spike condition other than above", withD("v > 1", "v < -1"), Code.W1020, 7,
            "a spike condition other than"),
        Arguments.of("a reset that is not an assignment", withD("{ v = 0 }", "{ if v > 2 { v = 0 } }"), Code.W1020, 7,
            "a reset other than assignments to states"),
        Arguments.of("a function in a reset", withD("{ v = 0 }", "{ v = exp(v) }"), Code.W1020, 7,
            "an expression the training backend cannot differentiate yet"),
        Arguments.of("a readout other than a count or membrane", net(dense, "output y = rate(h)"), Code.W1020, 8,
            "readout `rate` cannot be trained yet"),
        Arguments.of("a readout of something else", net(dense, "output y = argmax(spike_count(h))"), Code.W1020, 8,
            "only spike_count(pop) and membrane(pop) are trained"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conditions")
  void theCheckReportsWhatTheLoweringRefuses(String name, String text, Code code, int line, String says) {
    SourceFile file = SourceFile.of("m.brain", text);
    IrModule m = lowered(file);
    TrainSpec t = train(m);
    Network net = (Network) m.find(t.target()).orElseThrow();
    Diagnostic d = TrainLegality.check(m, net, t).orElseThrow(() -> new AssertionError(name + ": the check found nothing"));
    assertEquals(code, d.code(), d::toString);
    assertEquals(line, file.lines().line(d.span().start()), d::toString);
    assertTrue(d.message().contains(says), d::message);
    assertEquals(d, lowering(m, net, t).orElseThrow(() -> new AssertionError(name + ": the lowering refuses nothing")));
    assertEquals(List.of(d), TrainCheck.check(m, t), "`check` reports the check's diagnostic, and nothing else");
    // Past the check, the same refusal is a compiler bug that names its code and place.
    IllegalStateException bug = assertThrows(IllegalStateException.class,
        () -> TrainPipeline.compile(m, net, true, (p, ir) -> {}));
    assertTrue(bug.getMessage().endsWith(code + " at " + d.span() + ": " + d.message()), bug::getMessage);
  }

  /** Every sample, golden and bench model trained on a dataset: the check and the lowering agree, refusal or not. */
  @Test
  void theCheckAndTheLoweringAgreeOnEveryModelOfTheCorpus() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("../samples", "../bench")) {
      try (Stream<Path> s = Files.walk(Path.of(dir))) {
        s.filter(p -> p.toString().endsWith(".brain") && !p.toString().contains("/target/")).sorted().forEach(files::add);
      }
    }
    int trainings = 0;
    int refused = 0;
    for (Path f : files) {
      Analysis a = new Frontend().analyze(SourceFile.of(f.toString(), Files.readString(f)));
      if (a.hasErrors()) continue;
      IrModule m = Lowering.lower(a);
      for (TrainSpec t : m.decls().stream().filter(d -> d instanceof TrainSpec).map(d -> (TrainSpec) d).toList()) {
        if (!t.sourceKind().equals(TrainSpec.DATASET) || !(m.find(t.target()).orElse(null) instanceof Network net)
            || TrainCheck.datasetShape(net).isPresent()) {
          continue;
        }
        trainings++;
        Optional<Diagnostic> found = TrainLegality.check(m, net, t);
        assertEquals(lowering(m, net, t), found, f + ": " + t.target());
        refused += found.isPresent() ? 1 : 0;
      }
    }
    assertTrue(trainings >= 3, "trainings compared: " + trainings);
    assertTrue(refused > 0, "refusals compared: " + refused);
  }

  /** What the training lowering itself refuses, lowering the network through the tensor pipeline. */
  private static Optional<Diagnostic> lowering(IrModule m, Network net, TrainSpec t) {
    try {
      PipelineSpec.TENSOR.passesFor(new PipelineSpec.Training(net, true)).run(m, new PassContext(), (p, ir) -> {});
      return Optional.empty();
    } catch (Refusal e) {
      return Optional.of(TrainCheck.diagnostic(e, t));
    }
  }

  private static IrModule lowered(SourceFile file) {
    Analysis a = new Frontend().analyze(file);
    assertEquals(List.of(), a.diagnostics().stream().filter(Diagnostic::isError).toList(), "the model should check");
    return Lowering.lower(a);
  }

  private static TrainSpec train(IrModule m) {
    return m.decls().stream().filter(d -> d instanceof TrainSpec).map(d -> (TrainSpec) d).findFirst().orElseThrow();
  }
}
