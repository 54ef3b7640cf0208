package brainc.ir.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.model.IrModule;
import brainc.ir.testing.IrGen;
import brainc.ir.text.IrParser;
import brainc.ir.text.IrPrinter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verifier accepts a module that uses every declaration kind correctly, and reports each
 * broken invariant of a copy of it that differs in one place, with no cascade of other reports.
 */
class IrVerifierTest {

  static String validText() throws IOException {
    try (InputStream in = IrVerifierTest.class.getResourceAsStream("valid.ir")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void acceptsAWellFormedModuleOfEveryKind() throws IOException {
    IrModule m = IrParser.parse(validText());
    assertEquals(12, m.decls().size());
    assertEquals(List.of(), IrVerifier.verify(m));
    assertEquals(m, IrParser.parse(IrPrinter.print(m)));
  }

  static Stream<Arguments> brokenModules() {
    return Stream.of(
        Arguments.of("neuron Leaky @", "neuron LIF @", "duplicate declaration 'LIF'"),
        Arguments.of("  state mem : real = 0.0 @leaky.brain:3..4\n",
            "  state mem : real = 0.0 @leaky.brain:3..4\n  param beta : real = 1.0 @leaky.brain:11..12\n",
            "duplicate member 'beta' in neuron Leaky"),
        Arguments.of("ode v = (let drive :", "ode v = (let driv :", "unresolved let reference 'driv' in neuron LIF"),
        Arguments.of("  state mem : real = 0.0 @leaky.brain:3..4\n",
            "  state mem : real = 0.0 @leaky.brain:3..4\n  let p = pre v : real @leaky.brain:1..2\n",
            "pre reference 'v' is not allowed in neuron Leaky (only synapses see pre and post)"),
        Arguments.of("  state mem : real = 0.0 @leaky.brain:3..4\n",
            "  state mem : real = 0.0 @leaky.brain:3..4\n  let p = var w : real @leaky.brain:1..2\n",
            "var reference 'w' is not allowed in neuron Leaky"),
        Arguments.of("ode v = (let drive", "ode u = (let drive", "ode of 'u', which is not a state of neuron LIF"),
        Arguments.of("ode v = (let drive : real[m^2*kg*s^-3*A^-1] / param tau_m : real[s])",
            "ode v = let drive : real[m^2*kg*s^-3*A^-1]",
            "ode of 'v' in neuron LIF has a right side in V but needs V/s"),
        Arguments.of("step mem =", "step beta =", "step update of 'beta', which is not a state of neuron Leaky"),
        Arguments.of("    state v = param v_rest", "    param v_rest = param v_rest",
            "assignment to param 'v_rest' in the reset of neuron LIF; only state can be assigned there"),
        Arguments.of("    var w = (var w : real + (signal", "    param w_max = (var w : real + (signal",
            "assignment to param 'w_max' in the modulation by dopamine of synapse STDP; only var and trace can be assigned there"),
        Arguments.of("      trace x_pre = 0.0", "      deliver 1.0",
            "deliver outside a presynaptic handler, in the post handler of synapse STDP"),
        Arguments.of("projection ee : exc -> exc", "projection ee : exx -> exc",
            "projection ee comes from 'exx', which is not a population, view or input of network CUBA"),
        Arguments.of("synapse STDP with", "synapse LIF with", "projection se uses 'LIF', which is not a synapse model"),
        Arguments.of("port I connect probability", "port J connect probability",
            "projection ee targets port 'J', which neuron LIF does not have"),
        Arguments.of("= LIF[4000]", "= STDP[4000]", "population all instantiates 'STDP', which is not a neuron model"),
        Arguments.of("all[3200 .. 4000]", "all[3200 .. 4001]", "view inh [3200 .. 4001) lies outside all of size 4000"),
        Arguments.of("monitor spikes of [exc, inh]", "monitor spikes of [exc, inhh]",
            "monitor of 'inhh', which is not a population, view or input of network CUBA"),
        Arguments.of("  target CUBA\n  duration", "  target Taxi\n  duration",
            "run#1 runs 'Taxi', which is not a network or a workspace or an agent"),
        Arguments.of("  target Taxi\n  input", "  target Nope\n  input", "detect#1 detects with 'Nope', which is not declared"),
        Arguments.of("depends [location]", "depends [place]",
            "modality cell depends on 'place', which is not a factor of agent Explorer"),
        Arguments.of("factor location matrix B", "factor cell matrix B",
            "control move drives 'cell', which is not a factor of agent Explorer"),
        Arguments.of("query Flies(tweety)", "query Swims(tweety)", "undeclared predicate 'Swims' in rules Birds"),
        Arguments.of("fact Bird(tweety) =", "fact Bird(tweety, pingu) =",
            "predicate Bird takes 1 arguments but is used with 2"),
        Arguments.of("-> Flies(x))) @birds", "-> Flies(y))) @birds",
            "variable 'y' is not bound by forall or exists in rules Birds"),
        Arguments.of("  doc \"Pair-based STDP with additive bounds.\"\n",
            "  base LIF\n", "synapse STDP extends 'LIF', which is not a synapse model"),
        Arguments.of("outcome w increases", "outcome tau increases",
            "property potentiates expects a change of 'tau', which is not a variable of synapse STDP"),
        Arguments.of("capacity 2", "capacity 3", "workspace Cortex has capacity 3 but only 2 modules"),
        Arguments.of("steps [x_pre *", "steps [x_pri *",
            "projection se has a solved step of 'x_pri', which is not a trace or equation of its synapse model"),
        Arguments.of("+ 0.0, e *", "+ 0.0, x_pre *", "projection se solves 'x_pre' twice"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("brokenModules")
  void reportsEachBrokenInvariant(String from, String to, String expected) throws IOException {
    String text = validText();
    assertTrue(text.contains(from), "fixture lacks " + from);
    List<String> problems = IrVerifier.verify(IrParser.parse(text.replace(from, to)));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains(": " + expected), problems.get(0));
  }

  @Test
  void reportsEveryProblemWithItsOrigin() throws IOException {
    String text = validText()
        .replace("ode v = (let drive", "ode u = (let drive")
        .replace("= LIF[4000]", "= STDP[4000]")
        .replace("depends [location]", "depends [place]");
    List<Problem> problems = IrVerifier.check(IrParser.parse(text));
    assertEquals(3, problems.size(), problems.toString());
    assertEquals("lif.brain:151..180", problems.get(0).origin().span().toString());
    assertEquals("cuba.brain:3..4", problems.get(1).origin().span().toString());
    assertEquals("agent.brain:3..4", problems.get(2).origin().span().toString());
  }

  /** A model specialised for population p: where it came from and its drive states, as the specialiser records them. */
  private static final String SPECIALISED = """
      module special

      neuron Syn @s.brain:0..100 {
        state v : real = 0.0 @s.brain:1..2
        input I : real kernel delta @s.brain:3..4
        step v = (state v : real + input I : real) @s.brain:5..6
      }

      neuron "Syn@p" @s.brain:0..100 {
        from Syn
        drive I alpha tau 0.005 jump I__alpha0_rise read I__alpha0
        drive I delta tau 0.0 jump I__delta1 read I__delta1
        state v : real = 0.0 @s.brain:1..2
        state I__alpha0 : real = 0.0 @s.brain:3..4
        state I__alpha0_rise : real = 0.0 @s.brain:3..4
        state I__delta1 : real = 0.0 @s.brain:3..4
        input I : real kernel delta @s.brain:3..4
        step v = (state v : real + (state I__alpha0 : real + state I__delta1 : real)) @s.brain:5..6
      }
      """;

  @Test
  void acceptsAndRoundTripsTheRecordsOfASpecialisedModel() {
    IrModule m = IrParser.parse(SPECIALISED);
    assertEquals(List.of(), IrVerifier.verify(m));
    assertEquals(m, IrParser.parse(IrPrinter.print(m)));
    brainc.ir.model.NeuronModel n = (brainc.ir.model.NeuronModel) m.find("Syn@p").orElseThrow();
    assertEquals("Syn", n.userName());
    assertEquals(2, n.drives().size());
  }

  static Stream<Arguments> brokenSpecialisations() {
    return Stream.of(
        Arguments.of("from Syn", "from Nope", "neuron Syn@p is specialised from 'Nope', which is not a neuron model"),
        Arguments.of("drive I delta", "drive J delta", "drive state of 'J', which is not an input of neuron Syn@p"),
        Arguments.of("jump I__alpha0_rise", "jump I__alpha0", "drive state 'I__alpha0' of neuron Syn@p needs a rising state"),
        Arguments.of("delta tau 0.0", "delta tau 0.005", "drive state 'I__delta1' of neuron Syn@p has time constant 0.005"),
        Arguments.of("read I__delta1", "read I__delta2", "must receive the weights in the state it is read from"),
        Arguments.of("jump I__delta1 read I__delta1", "jump I__alpha0 read I__alpha0",
            "drive state 'I__alpha0' is shared by two drives of neuron Syn@p"),
        Arguments.of("  from Syn\n", "", "neuron Syn@p has drive states but is not specialised from a model"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("brokenSpecialisations")
  void reportsEachBrokenSpecialisation(String from, String to, String expected) {
    assertTrue(SPECIALISED.contains(from), "fixture lacks " + from);
    List<String> problems = IrVerifier.verify(IrParser.parse(SPECIALISED.replace(from, to)));
    assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), problems.toString());
  }

  @Provide
  Arbitrary<IrModule> modules() {
    return Arbitraries.longs().map(seed -> new IrGen(seed).module());
  }

  /** Random modules are mostly ill-formed; the verifier must report, never throw. */
  @Property(tries = 200)
  void neverThrows(@ForAll("modules") IrModule m) {
    IrVerifier.verify(m);
  }
}
