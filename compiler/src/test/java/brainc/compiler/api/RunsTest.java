package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.kernel.KernelProgram;
import brainc.ir.model.IrModule;
import brainc.ir.source.SourceFile;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulation through the library API: a prepared run instantiated with any seed is a fresh
 * compile with that seed, and a run snapshotted at any step and restored into a fresh instance
 * (on either engine) ends exactly as an uninterrupted one.
 */
class RunsTest {
  @TempDir Path dir;

  /** Random initial values, random connections, delays and two kinds of monitor. */
  static final String NET = """
      use brain.neurons.LIF
      network Small {
        population all = LIF[200] { v_rest = -49 mV, v_th = -50 mV, v_reset = -60 mV, t_ref = 5 ms,
                                    v = uniform(-60 mV, -50 mV) }
        population exc = all[0 .. 160]
        population inh = all[160 .. 200]
        connect exc -> all weight 1 mV probability 0.05 via exp(tau = 5 ms)
        connect inh -> all weight -4 mV probability 0.05 via exp(tau = 10 ms) delay 1 ms
        monitor spikes of exc
        monitor rate of inh
        monitor v of inh every 1 ms
      }
      run Small for 100 ms dt 0.1 ms seed 7
      """;

  static IrModule module(String text) throws ModelException {
    return Compiler.lower(Compiler.check(SourceFile.of("small.brain", text)));
  }

  static IrModule sample(String file) throws IOException, ModelException {
    return Compiler.lower(Compiler.check(Path.of("../samples", file)));
  }

  @Test
  void anInstanceWithAnotherSeedIsAFreshCompileWithThatSeed() throws Exception {
    IrModule m = module(NET);
    for (String engine : Runs.engines()) {
      PreparedRun once = Runs.prepare(m, "Small", RunOptions.DEFAULTS.withEngine(engine));
      for (long seed : new long[] {7, 8, 1234}) {
        PreparedRun fresh = Runs.prepare(m, "Small", RunOptions.DEFAULTS.withEngine(engine).withSeed(seed));
        try (RunInstance a = once.instantiate(seed); RunInstance b = fresh.instantiate()) {
          assertSame(a.finish(), b.finish(), engine + " seed " + seed);
        }
      }
    }
  }

  @Test
  void aSweepOfSeedsGivesDifferentRuns() throws Exception {
    PreparedRun run = Runs.prepare(module(NET), "Small", RunOptions.DEFAULTS);
    try (RunInstance a = run.instantiate(1); RunInstance b = run.instantiate(2)) {
      NpyArray sa = a.finish().monitors().get("spikes_exc");
      NpyArray sb = b.finish().monitors().get("spikes_exc");
      assertTrue(!java.util.Arrays.equals(sa.longs(), sb.longs()), "two seeds, the same spikes");
    }
  }

  /** Snapshot at a random step, through a file, into a fresh instance on each engine: identical buffers and monitors. */
  @Test
  void aRunRestoredAtARandomStepEndsAsAnUninterruptedOne() throws Exception {
    Random random = new Random(15);
    for (IrModule m : new IrModule[] {module(NET), sample("cuba.brain"), sample("stdp_pair.brain")}) {
      String network = Runs.statements(m).get(0).target();
      RunOptions options = RunOptions.DEFAULTS.withDuration(0.05);
      for (String first : Runs.engines()) {
        for (String second : Runs.engines()) {
          PreparedRun a = Runs.prepare(m, network, options.withEngine(first));
          PreparedRun b = Runs.prepare(m, network, options.withEngine(second));
          RunResult whole;
          Map<String, Object> wholeBuffers;
          try (RunInstance sim = b.instantiate()) {
            whole = sim.finish();
            wholeBuffers = buffers(sim);
          }
          long at = 1 + random.nextInt((int) a.kernel().steps() - 1);
          Path file = dir.resolve(network + "-" + first + "-" + second + ".snapshot");
          try (RunInstance sim = a.instantiate()) {
            sim.advance(at, StepProgress.NONE);
            sim.snapshot().write(file);
            sim.advance(7, StepProgress.NONE);
          }
          try (RunInstance sim = b.instantiate()) {
            sim.restore(Snapshot.read(file));
            assertEquals(at, sim.step());
            String what = network + " from " + first + " at step " + at + " on " + second;
            assertSame(whole, sim.finish(), what);
            Map<String, Object> resumed = buffers(sim);
            for (String name : wholeBuffers.keySet()) {
              assertTrue(java.util.Objects.deepEquals(wholeBuffers.get(name), resumed.get(name)), what + ": buffer " + name);
            }
          }
        }
      }
    }
  }

  @Test
  void aSnapshotOfAnotherRunIsRefusedNamingTheDifference() throws Exception {
    IrModule m = module(NET);
    PreparedRun run = Runs.prepare(m, "Small", RunOptions.DEFAULTS);
    Snapshot s;
    try (RunInstance sim = run.instantiate()) {
      sim.advance(10, StepProgress.NONE);
      s = sim.snapshot();
    }
    try (RunInstance other = run.instantiate(8)) {
      SnapshotException e = assertThrows(SnapshotException.class, () -> other.restore(s));
      assertTrue(e.getMessage().contains("seed: 7 in the snapshot, 8 here"), e.getMessage());
      assertEquals(0, other.step());
    }
    PreparedRun shorter = Runs.prepare(m, "Small", RunOptions.DEFAULTS.withDt(0.5e-3));
    try (RunInstance other = shorter.instantiate()) {
      SnapshotException e = assertThrows(SnapshotException.class, () -> other.restore(s));
      assertTrue(e.getMessage().contains("dt_s: 1.0E-4 in the snapshot, 5.0E-4 here"), e.getMessage());
    }
  }

  @Test
  void whatCannotRunIsAModelExceptionWithDiagnostics() throws Exception {
    IrModule m = module(NET.replace("run Small for 100 ms dt 0.1 ms", "run Small for 100 ms dt 200 ms"));
    ModelException e = assertThrows(ModelException.class, () -> Runs.prepare(m, "Small", RunOptions.DEFAULTS));
    assertEquals("E0307", e.diagnostics().get(0).code().toString());
    IrModule good = module(NET);
    assertThrows(IllegalArgumentException.class, () -> Runs.prepare(good, "Small", RunOptions.DEFAULTS.withEngine("gpu")));
    assertThrows(IllegalArgumentException.class, () -> Runs.prepare(good, "Nope", RunOptions.DEFAULTS));
  }

  static Map<String, Object> buffers(RunInstance sim) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    for (KernelProgram.Buffer b : sim.simulation().program().buffers()) {
      Object a = sim.simulation().memory().buffer(b.name());
      out.put(b.name(), copy(a));
    }
    return out;
  }

  private static Object copy(Object a) {
    int n = java.lang.reflect.Array.getLength(a);
    Object c = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), n);
    System.arraycopy(a, 0, c, 0, n);
    return c;
  }

  static void assertSame(RunResult a, RunResult b, String what) {
    assertEquals(a.monitors().keySet(), b.monitors().keySet(), what);
    for (String name : a.monitors().keySet()) {
      NpyArray x = a.monitors().get(name);
      NpyArray y = b.monitors().get(name);
      assertArrayEquals(x.shape(), y.shape(), what + ": " + name);
      assertEquals(x.toString(), y.toString(), what + ": " + name);
      assertTrue(java.util.Arrays.equals(bytes(x), bytes(y)), what + ": monitor " + name + " differs");
    }
    assertEquals(a.summary().steps(), b.summary().steps(), what);
    for (int g = 0; g < a.summary().groups().size(); g++) {
      assertEquals(a.summary().groups().get(g).spikes(), b.summary().groups().get(g).spikes(), what);
    }
  }

  private static byte[] bytes(NpyArray a) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      brainc.runtime.io.NpyWriter.write(out, a);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
