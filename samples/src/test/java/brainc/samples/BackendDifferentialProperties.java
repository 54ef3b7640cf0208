package brainc.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.Simulation;
import brainc.codegen.interp.Interpreter;
import brainc.codegen.jvm.JvmBackend;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.ir.source.SourceFile;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random small networks, written as .brain text and compiled through the whole pipeline, run
 * on the interpreter and on the JVM backend: the spike trains and every state buffer must be
 * bit-identical. Neuron models cover exact propagators (LIF with exp, alpha and delta drives),
 * RK4 (Izhikevich) and discrete updates (Leaky); connectivity covers every rule, and delays.
 */
class BackendDifferentialProperties {

  record Net(String neuron, int size, String rule, String kernel, double weight, String delay, long seed,
      boolean slice, String synapse) {
    String source() {
      String overrides = switch (neuron) {
        case "LIF" -> "{ v_rest = -49 mV, v_th = -50 mV, v_reset = -60 mV, t_ref = 2 ms, v = uniform(-60 mV, -50 mV) }";
        case "Izhikevich" -> "{ v = uniform(-70 mV, -60 mV) }";
        default -> "{ mem = uniform(0, 1) }";
      };
      String unit = neuron.equals("Leaky") ? "" : " mV";
      // Half of the networks draw their weights per synapse.
      String w = seed % 2 == 0 ? weight + unit : "uniform(" + (weight - 0.5) + unit + ", " + (weight + 0.5) + unit + ")";
      String syn = synapse.isEmpty() ? "" : synapse + (neuron.equals("Leaky") ? "" : ", ");
      String via = neuron.equals("Leaky") ? (synapse.isEmpty() ? "" : " via " + synapse) : " via " + syn + kernel;
      String uses = synapse.isEmpty() ? "" : "use brain.synapses." + synapse + "\n";
      String signal = synapse.equals("RSTDP")
          ? "  signal dopamine = pulse(clip(reward - baseline(rate = 0.1), -1, 1)) - terminated\n" : "";
      // A third of the networks also get a population-coded input (its channels near 0 fire,
      // since a plain run writes no values) and an action readout with its forced-spike buffer.
      if (seed % 3 == 0) {
        String inputVia = neuron.equals("Leaky") ? "" : " via exp(tau = 2 ms)";
        signal += "  input x[2] encode fields(count = 3, width = 0.3, max = 800 Hz)\n"
            + "  connect x -> p weight 2" + unit + " all" + inputVia + "\n"
            + "  output action = argmax(pools(p, 2))\n";
      }
      String from = slice ? "a" : "p";
      String sliceDecl = slice ? "  population a = p[0 .. " + Math.max(1, size / 2) + "]\n" : "";
      return uses + String.format(Locale.ROOT, """
          use brain.neurons.%s
          network N {
            population p = %s[%d] %s
          %s  connect %s -> p weight %s %s%s delay %s
            monitor spikes of p
          %s}
          run N for 30 ms dt 0.1 ms seed %d
          """, neuron, neuron, size, overrides, sliceDecl, from, w, rule, via, delay, signal, seed);
    }
  }

  @Provide
  Arbitrary<Net> nets() {
    Arbitrary<String> neuron = Arbitraries.of("LIF", "Izhikevich", "Leaky");
    Arbitrary<Integer> size = Arbitraries.integers().between(2, 40);
    Arbitrary<String> rule = Arbitraries.of("all", "probability 0.2", "fixed_fanin 2", "fixed_fanout 3", "one_to_one",
        "dense");
    Arbitrary<String> kernel = Arbitraries.of("exp(tau = 5 ms)", "alpha(tau = 3 ms)", "delta()");
    Arbitrary<Double> weight = Arbitraries.doubles().between(-3, 3).ofScale(2);
    Arbitrary<String> delay = Arbitraries.of("0 ms", "0.1 ms", "0.5 ms", "2.5 ms", "uniform(0.1 ms, 2 ms)",
        "uniform(1 ms, 3 ms)");
    Arbitrary<Long> seed = Arbitraries.longs().between(0, 1000);
    Arbitrary<Boolean> slice = Arbitraries.of(true, false);
    Arbitrary<String> synapse = Arbitraries.of("", "", "Static", "STDP", "STDPMult", "TripletSTDP", "RSTDP", "Oja");
    Arbitrary<Net> base = Combinators.combine(neuron, size, rule, kernel, weight, delay, seed, slice)
        .as((n, z, r, k, w, d, sd, sl) -> {
          int sourceSize = sl ? Math.max(1, z / 2) : z;
          // Keep the model valid: one-to-one needs equal sizes, a fan-in no more sources than exist.
          String valid = r.equals("one_to_one") && sl || r.startsWith("fixed_fanin") && sourceSize < 2
              || r.startsWith("fixed_fanout") && z < 3 ? "all" : r;
          return new Net(n, z, valid, k, w, d, sd, sl, "");
        });
    return Combinators.combine(base, synapse).as((net, syn) -> new Net(net.neuron(), net.size(), net.rule(),
        net.kernel(), net.weight(), net.delay(), net.seed(), net.slice(), syn));
  }

  private static KernelProgram compile(String text) {
    Analysis a = new Frontend().analyze(SourceFile.of("random.brain", text));
    assertTrue(a.diagnostics().isEmpty(), () -> a.diagnostics() + "\n" + text);
    IrModule m = Lowering.lower(a);
    RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
    return Pipeline.compile(m, run, Pipeline.settings(run), new PassContext(), (p, ir) -> {}).kernel();
  }

  @Property(tries = 60)
  void interpreterAndJvmAgreeBitForBit(@ForAll("nets") Net net) {
    KernelProgram program = compile(net.source());
    Simulation a = new Interpreter().prepare(program);
    // Odd seeds also check multi-threaded stepping: 2 threads, chunks small enough to split.
    brainc.codegen.Driver.Options threads = brainc.codegen.Driver.Options.DEFAULT.withThreads(2).withMinChunk(4);
    Simulation b = net.seed() % 2 == 1 ? new JvmBackend().withOptions(threads).prepare(program)
        : new JvmBackend().prepare(program);
    a.run();
    b.run();
    b.close();
    for (KernelProgram.Buffer buf : program.buffers()) {
      Object x = a.memory().buffer(buf.name());
      Object y = b.memory().buffer(buf.name());
      if (x instanceof float[] f) {
        float[] g = (float[]) y;
        int[] fx = new int[f.length];
        int[] gx = new int[g.length];
        for (int i = 0; i < f.length; i++) {
          fx[i] = Float.floatToRawIntBits(f[i]);
          gx[i] = Float.floatToRawIntBits(g[i]);
        }
        assertArrayEquals(fx, gx, buf.label() + "\n" + net.source());
      } else if (x instanceof int[] i) {
        assertArrayEquals(i, (int[]) y, buf.label());
      }
    }
    var sa = a.recorder().arrays();
    var sb = b.recorder().arrays();
    assertEquals(sa.keySet(), sb.keySet());
    for (String k : sa.keySet()) {
      assertArrayEquals(sa.get(k).shape(), sb.get(k).shape(), k);
      assertEquals(sa.get(k).toString(), sb.get(k).toString(), k);
      switch (sa.get(k).dtype()) {
        case INT64 -> assertArrayEquals(sa.get(k).longs(), sb.get(k).longs(), k + "\n" + net.source());
        case INT32 -> assertArrayEquals(sa.get(k).ints(), sb.get(k).ints(), k);
        case FLOAT32 -> assertArrayEquals(sa.get(k).floats(), sb.get(k).floats(), k);
        default -> assertArrayEquals(sa.get(k).doubles(), sb.get(k).doubles(), k);
      }
    }
    assertEquals(a.summary().groups(), b.summary().groups());
  }
}
