package brainc.ir.kernel.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelSamples;
import brainc.ir.kernel.text.KernelParser;
import brainc.ir.kernel.text.KernelPrinter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verifier accepts the hand-written LIF kernel, and reports each broken invariant of a copy
 * of it that differs in one place, exactly once and with nothing else. Faults are written in the
 * text form: a declaration line added before {@code init}, or statements added in a kernel at the
 * end of {@code step} (whose three kernels are {@code step[0..2]}, so the first statement added is
 * {@code step[3].body[0]}), or a kernel of its own.
 */
class KernelVerifierTest {
  private static final String LIF = KernelPrinter.print(KernelSamples.lif());

  /** The LIF kernel with a declaration line before {@code init} and statements in a kernel at the end of {@code step}. */
  private static KernelProgram lifWith(String declaration, String statements) {
    return lifWithKernel(declaration, "kernel extra : update over single {\n" + statements + "\n}");
  }

  private static KernelProgram lifWithKernel(String declaration, String kernel) {
    String text = LIF.replace("\ninit {", declaration + "\n\ninit {");
    return KernelParser.parse(text.substring(0, text.length() - "}\n".length()) + kernel + "\n}\n");
  }

  private static KernelProgram withDeclaration(String line) {
    return lifWith(line, "");
  }

  private static KernelProgram withStep(String statements) {
    return lifWith("", statements);
  }

  @Test
  void acceptsTheLifKernel() {
    assertEquals(List.of(), KernelVerifier.verify(KernelSamples.lif()));
  }

  static Stream<Arguments> declarationFaults() {
    return Stream.of(
        Arguments.of("spikes v[10] \"v\"", "spike set 'v': name already used by a buffer"),
        Arguments.of("connection q 1 -> 1 all_to_all dense stream 0", "connection 'q': name already used by a queue"),
        Arguments.of("buffer w2 : f32[synapses nope] \"w2\"", "buffer 'w2': 'nope' is not a connection"),
        Arguments.of("queue q2 -> nope max 1", "queue 'q2': target 'nope' is not a buffer"),
        Arguments.of("connection c 3 -> 4 one_to_one dense stream 0",
            "connection 'c': one_to_one needs equal sizes, not 3 -> 4"),
        Arguments.of("connection c 3 -> 4 fan_in(5) dense stream 0", "connection 'c': fan_in(5) is outside [0, 3]"),
        Arguments.of("connection c 3 -> 4 all_to_all dense stream 4294967296",
            "connection 'c': stream 4294967296 is outside [0, 2^32)"),
        Arguments.of("connection c 3 -> 4 all_to_all procedural stream 0 reverse",
            "connection 'c': a procedural connection keeps no synapses, so it has no reverse index"),
        Arguments.of("buffer n : i32[4] \"n\"\nqueue q2 -> n max 1",
            "queue 'q2': target 'n' is i32; queues add into f32 or f64 buffers"),
        Arguments.of("probe spikes p of all[3900..4100]", "probe 'p': range [3900..4100] is outside all[0..4000]"),
        Arguments.of("probe state s1 of v[0..1] every 1", "probe 's1': another probe has this name"),
        Arguments.of("probe state p of nope[0..1] every 1", "probe 'p': 'nope' is not a buffer"),
        Arguments.of("probe state p of v[0..1] every 0", "probe 'p': every must be at least 1, not 0"),
        Arguments.of("group g = nope[0..1] \"LIF\"", "group 'g': 'nope' is not a spike set"),
        Arguments.of("loop clear_spikes, record_probes", "loop: the driver loop never runs the kernels"),
        Arguments.of("loop run_kernels, clear_spikes, run_kernels",
            "loop: phase RunKernels[] comes twice"),
        Arguments.of("port nope in reward : f32[1]", "port 'nope': 'nope' is not a buffer"),
        Arguments.of("port w in reward : f32[1]", "port 'w': a port needs a buffer of fixed size, not one per synapse"),
        Arguments.of("port v in observation of all : f64[4000]", "port 'v': port of f64 on a f32 buffer"),
        Arguments.of("port v in observation of all : f32[4]", "port 'v': port of 4 elements on a buffer of 4000"),
        Arguments.of("port v out observation of all : f32[4000]", "port 'v': observation ports go in, not out"),
        Arguments.of("port v in observation of nope : f32[4000]", "port 'v': 'nope' is not a spike set"),
        Arguments.of("port v in reward of all : f32[4000]", "port 'v': reward ports belong to no group, not to 'all'"),
        Arguments.of("port v in observation of all : f32[4000]\nport v out spike_counts of all : f32[4000]",
            "port 'v': another port exposes this buffer"),
        Arguments.of("port v in observation of all : f32[4000]\nport ge in observation of all : f32[4000]",
            "port 'ge': another observation port of 'all' comes first"),
        Arguments.of("port v in learning_rate : f32[4000]\nport ge in learning_rate : f32[4000]",
            "port 'ge': another learning_rate port comes first"),
        Arguments.of("loop run_kernels, check_finite every 5",
            "loop: the driver loop never clears the spike sets, so spikes would pile up across steps"));
  }

  @Test
  void acceptsPortsOfEachKind() {
    KernelProgram p = withDeclaration("port v in observation of all : f32[4000]\nport ge out spike_counts of all : f32[4000]");
    assertEquals(List.of(), KernelVerifier.verify(p));
    assertEquals("ge", p.port(KernelProgram.PortRole.SPIKE_COUNTS, "all").orElseThrow().buffer());
    assertEquals(java.util.Optional.empty(), p.port(KernelProgram.PortRole.REWARD));
  }

  /** The LIF kernel with a readout block after its step (and the loop that runs it, unless {@code loop} says otherwise). */
  private static KernelProgram withReadout(String loop, String declarations, String kernels) {
    String text = LIF.replace("\ninit {", loop + "\n" + declarations + "\n\ninit {");
    return KernelParser.parse(text + "\nreadout {\n" + kernels + "\n}\n");
  }

  private static final String RUNS_READOUTS =
      "loop clear_spikes, run_kernels, record_probes, advance_queues, run_readouts, check_finite every 100";

  @Test
  void acceptsReadoutKernelsAndTheirPorts() {
    KernelProgram p = withReadout(RUNS_READOUTS, "buffer out : f64[1] \"output o\"\nport out out readout of o : f64[1]",
        "kernel \"o.readout\" : readout over single {\n  out[0] = f64(v[0])\n}");
    assertEquals(List.of(), KernelVerifier.verify(p));
    assertEquals(p, KernelParser.parse(KernelPrinter.print(p)));
    assertEquals("out", p.port(KernelProgram.PortRole.READOUT, "o").orElseThrow().buffer());
  }

  static Stream<Arguments> readoutFaults() {
    return Stream.of(
        Arguments.of("", "", "kernel r : readout over single { }", "loop: the driver loop never runs the readout kernels"),
        Arguments.of(RUNS_READOUTS, "", "kernel r : readout + probe over single { }",
            "readout[0]: a kernel of the readout block is of kind readout alone, not [READOUT, PROBE]"),
        Arguments.of(RUNS_READOUTS, "", "kernel r : readout over neurons all[10] { }",
            "readout[0]: a readout kernel runs over a single index"),
        Arguments.of(RUNS_READOUTS, "", "kernel \"all.update\" : readout over single { }",
            "readout[0]: another kernel is named 'all.update'"),
        Arguments.of(RUNS_READOUTS, "buffer out : f64[1] \"o\"\nport out out readout : f64[1]", "kernel r : readout over single { }",
            "port 'out': readout ports belong to an output, which they name"),
        Arguments.of(RUNS_READOUTS, "buffer t : f64[1] \"o\"\nport t out tie_break of o : f64[1]", "kernel r : readout over single { }",
            "port 't': tie_break ports go in, not out"));
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("readoutFaults")
  void reportsOneFaultyReadout(String loop, String declarations, String kernels, String expected) {
    assertEquals(List.of(expected), KernelVerifier.verify(withReadout(loop, declarations, kernels)));
  }

  @Test
  void aStepKernelIsNoReadout() {
    assertEquals(List.of("step[3]: a readout kernel runs at the end of a run, not every step: put it in the readout block"),
        KernelVerifier.verify(lifWithKernel("", "kernel extra : readout over single { }")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("declarationFaults")
  void reportsOneFaultyDeclaration(String line, String expected) {
    assertEquals(List.of(expected), KernelVerifier.verify(withDeclaration(line)));
  }

  static Stream<Arguments> statementFaults() {
    return Stream.of(
        Arguments.of("let z = u[0] : f32", "step[3].body[0]: load of 'u', which is not a buffer"),
        Arguments.of("let z = v[0] : f64", "step[3].body[0]: load of 'v' as f64, but the buffer is f32"),
        Arguments.of("v[0] = 1.0f64", "step[3].body[0]: store of f64 into 'v', a f32 buffer"),
        Arguments.of("nope[0] = 1.0f32", "step[3].body[0]: store to 'nope', which is not a buffer"),
        Arguments.of("v[0.5f32] = 1.0f32", "step[3].body[0]: index is f32, not i32 or i64"),
        Arguments.of("v[0] = vn : f32", "step[3].body[0]: 'vn' is not bound here"),
        Arguments.of("for k in 0 .. 1 { v[k] = k : f32 }", "step[3].body[0].body[0]: 'k' used as f32, but it is i32"),
        Arguments.of("let a = 1.0f32\nlet a = 2.0f32", "step[3].body[1]: 'a' is already bound in this block"),
        Arguments.of("for k in 0 .. 1 { for k in spikes all { } }",
            "step[3].body[0].body[0]: loop variable 'k' shadows a local in scope"),
        Arguments.of("for k, k in targets ee of 0 { }", "step[3].body[0]: loop binds 'k' twice"),
        Arguments.of("for k in 0i64 .. 4 { }", "step[3].body[0]: range start is i64, not i32"),
        Arguments.of("let a = (1.0f32 + 1.0f64)", "step[3].body[0]: operands of add are f32 and f64"),
        Arguments.of("let a = (1.0f32 and 1.0f32)", "step[3].body[0]: and of f32, not bool"),
        Arguments.of("let a = (true + false)", "step[3].body[0]: add of bool"),
        Arguments.of("let a = (true < false)", "step[3].body[0]: lt of bool"),
        Arguments.of("let a = (- true)", "step[3].body[0]: negation of bool"),
        Arguments.of("let a = (not 1)", "step[3].body[0]: not of i32, not bool"),
        Arguments.of("if 1 { }", "step[3].body[0]: condition of if is i32, not bool"),
        Arguments.of("let a = select(1.0f32, 1.0f32, 2.0f32)", "step[3].body[0]: condition of select is f32, not bool"),
        Arguments.of("let a = select(true, 1.0f32, 2.0f64)", "step[3].body[0]: select of f32 and f64"),
        Arguments.of("let a = exp(1)", "step[3].body[0]: exp of i32, not a float"),
        Arguments.of("let a = pow(1.0f32, 1.0f64)", "step[3].body[0]: arguments of pow are f32 and f64"),
        Arguments.of("let a = 3000000000", "step[3].body[0]: constant 3.0E9 does not fit i32"),
        Arguments.of("let a = uniform(stream 0, 0.5f64)", "step[3].body[0]: index is f64, not i32 or i64"),
        Arguments.of("let a = normal(stream -1, 0)", "step[3].body[0]: random stream -1 is outside [0, 2^32)"),
        Arguments.of("emit nope[0]", "step[3].body[0]: emit to 'nope', which is not a spike set"),
        Arguments.of("for k in spikes nope { }", "step[3].body[0]: 'nope' is not a spike set"),
        Arguments.of("enqueue nope[0] += 1.0f32 after 1", "step[3].body[0]: enqueue to 'nope', which is not a queue"),
        Arguments.of("enqueue q[0] += 1.0f64 after 1", "step[3].body[0]: enqueue of f64 into 'q', a queue of f32"),
        Arguments.of("enqueue q[0] += 1.0f32 after 1.0f32", "step[3].body[0]: delay is f32, not i32 or i64"),
        Arguments.of("drain nope", "step[3].body[0]: drain of 'nope', which is not a queue"),
        Arguments.of("for k, t in targets nope of 0 { }", "step[3].body[0]: 'nope' is not a connection"),
        Arguments.of("for k, t in sources ee of 0 { }",
            "step[3].body[0]: sources of 'ee' need a reverse index, which the connection does not build"),
        Arguments.of("if true { } else { let b = (1 + 1.0f32) }", "step[3].body[0].else[0]: operands of add are i32 and f32"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statementFaults")
  void reportsOneFaultyStatement(String statements, String expected) {
    assertEquals(List.of(expected), KernelVerifier.verify(withStep(statements)));
  }

  static Stream<Arguments> kernelFaults() {
    return Stream.of(
        Arguments.of("kernel deliver : deliver over single { }", "step[3]: another kernel is named 'deliver'"),
        Arguments.of("kernel x : update over neurons nope[1] { }",
            "step[3]: 'nope' is not a population (no spike set has this name)"),
        Arguments.of("kernel x : update over neurons all[4001] { }", "step[3]: neurons all[4001] exceed its 4000 neurons"),
        Arguments.of("kernel x : propagate over synapses nope { }", "step[3]: 'nope' is not a connection"),
        Arguments.of("kernel x : update over single { let z = g : f32 }", "step[3].body[0]: 'g' is not bound here"),
        Arguments.of("kernel x : update over single { for i in 0 .. 3 parallel { v[i] = v[(i + 1)] } }",
            "step[3].body[0]: loop is marked parallel, but its iterations touch more than their own element"),
        Arguments.of("kernel x : update over single { for i in 0 .. 3 { for k in 0 .. 3 parallel outlined { v[k] = 1.0f32 } } }",
            "step[3].body[0].body[0]: only a loop at the top of a step kernel can be outlined"));
  }

  /** A kernel is a block of its own: it names what it iterates, and sees no other kernel's locals. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kernelFaults")
  void reportsOneFaultyKernel(String kernel, String expected) {
    assertEquals(List.of(expected), KernelVerifier.verify(lifWithKernel("", kernel)));
  }

  @Test
  void letMayShadowAnOuterLocalButALoopVariableMayNot() {
    assertEquals(List.of(), KernelVerifier.verify(withStep("let a = 1\nif true { let a = 2.0f32 }")));
    assertEquals(List.of("step[3].body[1].then[0]: loop variable 'a' shadows a local in scope"),
        KernelVerifier.verify(withStep("let a = 1\nif true { for a in 0 .. 1 { } }")));
  }

  @Test
  void reportsEveryProblemInProgramOrder() {
    assertEquals(List.of("queue 'q2': target 'nope' is not a buffer", "step[3].body[0]: drain of 'nope', which is not a queue",
            "step[3].body[1]: index is f64, not i32 or i64", "step[3].body[1]: store of i32 into 'v', a f32 buffer"),
        KernelVerifier.verify(lifWith("queue q2 -> nope max 1", "drain nope\nv[1.0f64] = 1")));
  }
}
