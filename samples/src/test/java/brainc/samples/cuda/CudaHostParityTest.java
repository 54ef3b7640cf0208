package brainc.samples.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.api.Compiler;
import brainc.compiler.api.PreparedRun;
import brainc.compiler.api.RunOptions;
import brainc.compiler.api.Runs;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cuda target's promise, checked without a GPU: the program it writes for every sample with
 * a `run` statement, built with g++ through {@code brainc_host.h} and run in deterministic mode,
 * writes monitor files byte-identical to the ones the interpreter records (NpyWriter's bytes),
 * and a final state (state.npz, a Snapshot) whose every buffer, queue and counter is the
 * interpreter's, bit for bit.
 * Runs are shortened to keep the test short; the CUBA network of 40,000 neurons runs 100 ms.
 * All programs share one translation unit, so g++ starts once.
 */
class CudaHostParityTest {
  @TempDir Path tmp;

  /** A model file and the duration it runs here, in seconds. */
  private record Sample(String file, double seconds) {}

  private static final List<Sample> SAMPLES = List.of(new Sample("cuba.brain", 0.1), new Sample("stdp_pair.brain", 0),
      new Sample("brunel_hakim.brain", 0.1), new Sample("cobahh.brain", 0.1), new Sample("distal_reward.brain", 1),
      new Sample("../bench/cuba40k.brain", 0.1));

  @Test
  void everySampleWithARunMatchesTheInterpreterBitForBit() throws Exception {
    String why = CudaHost.hostUnavailable();
    if (why != null) System.out.println("CudaHostParityTest skipped: " + why);
    Assumptions.assumeTrue(why == null, why);
    List<String> sources = new ArrayList<>();
    List<Map<String, NpyArray>> expected = new ArrayList<>();
    List<Snapshot> states = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Sample s : SAMPLES) {
      IrModule module = Compiler.lower(Compiler.check(Path.of(s.file())));
      for (RunSpec run : Runs.statements(module)) {
        RunOptions options = RunOptions.DEFAULTS.withEngine("interp");
        if (s.seconds() > 0) options = options.withDuration(s.seconds());
        PreparedRun prepared = Runs.prepare(module, run, options);
        try (var instance = prepared.instantiate()) {
          expected.add(instance.finish().monitors());
          states.add(instance.simulation().snapshot());
        }
        sources.add(CudaHost.source(prepared.kernel()));
        names.add(s.file() + " (" + run.target() + ")");
      }
    }
    // One translation unit for all of them: g++ starts once.
    CudaHost.writeHeaders(tmp);
    Files.writeString(tmp.resolve("bundle.cu"), CudaHost.bundle(sources));
    CudaHost.compileHost(tmp, "bundle.cu", "bundle");
    for (int k = 0; k < sources.size(); k++) {
      Path out = tmp.resolve("out" + k);
      CudaHost.run(tmp, List.of("./bundle", String.valueOf(k), "--mode", "deterministic", "--out", out.toString()), 600);
      CudaHost.assertSameMonitors(expected.get(k), out, names.get(k));
      CudaHost.assertSameState(states.get(k), out.resolve("state.npz"), names.get(k));
      assertTrue(Files.isRegularFile(out.resolve("timing.json")), "no timing.json in " + out);
      // Fast mode's kernels (atomic appends and sums, a thread per spike), run one thread at a
      // time by the shim, add in the same order: the host build cannot show its races, but
      // it does check what each of those kernels computes.
      Path fast = tmp.resolve("fast" + k);
      CudaHost.run(tmp, List.of("./bundle", String.valueOf(k), "--mode", "fast", "--out", fast.toString()), 600);
      CudaHost.assertSameMonitors(expected.get(k), fast, names.get(k) + ", fast mode");
    }
  }
}
