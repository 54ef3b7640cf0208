package brainc.samples.cuda;

import brainc.compiler.api.Compiler;
import brainc.compiler.api.PreparedRun;
import brainc.compiler.api.RunOptions;
import brainc.compiler.api.Runs;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.runtime.io.NpyArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cuda target's promise, checked without a GPU: the program it writes for every sample with
 * a `run` statement, built with g++ through {@code brainc_host.h} and run in deterministic mode,
 * writes monitor files byte-identical to the ones the interpreter records (NpyWriter's bytes).
 * Runs are shortened to keep the test short; the CUBA network of 40,000 neurons runs 100 ms.
 */
class CudaHostParityTest {
  @TempDir Path tmp;

  /** A model file and the duration it runs here, in seconds. */
  private record Sample(String file, double seconds) {}

  private static final List<Sample> SAMPLES = List.of(new Sample("cuba.brain", 0.2), new Sample("stdp_pair.brain", 0),
      new Sample("brunel_hakim.brain", 0.1), new Sample("cobahh.brain", 0.1), new Sample("distal_reward.brain", 2),
      new Sample("../bench/cuba40k.brain", 0.1));

  @TestFactory
  Stream<DynamicTest> everySampleWithARunMatchesTheInterpreterBitForBit() {
    String why = CudaHost.hostUnavailable();
    if (why != null) System.out.println("CudaHostParityTest skipped: " + why);
    Assumptions.assumeTrue(why == null, why);
    return SAMPLES.stream().map(s -> DynamicTest.dynamicTest(s.file(), () -> check(s)));
  }

  private void check(Sample s) throws Exception {
    IrModule module = Compiler.lower(Compiler.check(Path.of(s.file())));
    for (RunSpec run : Runs.statements(module)) {
      RunOptions options = RunOptions.DEFAULTS.withEngine("interp");
      if (s.seconds() > 0) options = options.withDuration(s.seconds());
      PreparedRun prepared = Runs.prepare(module, run, options);
      Map<String, NpyArray> expected;
      try (var instance = prepared.instantiate()) {
        expected = instance.finish().monitors();
      }
      Path dir = tmp.resolve(Path.of(s.file()).getFileName() + "-" + run.target());
      CudaHost.write(prepared.kernel(), dir);
      CudaHost.compileHost(dir, "model.cu", "model-host");
      Path out = dir.resolve("out");
      CudaHost.run(dir, List.of("./model-host", "--mode", "deterministic", "--out", out.toString()), 600);
      CudaHost.assertSameMonitors(expected, out, s.file() + " (" + run.target() + ")");
      if (!Files.isRegularFile(out.resolve("timing.json"))) throw new AssertionError("no timing.json in " + out);
    }
  }
}
