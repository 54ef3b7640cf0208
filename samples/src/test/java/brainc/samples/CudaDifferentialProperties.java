package brainc.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.interp.Interpreter;
import brainc.codegen.Simulation;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.ir.source.SourceFile;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.runtime.io.NpyArray;
import brainc.samples.cuda.CudaHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The random networks of {@link BackendDifferentialProperties} (every neuron kind, rule, drive,
 * delay and plasticity rule there), generated for the cuda target and built with g++ through
 * the host shim: each program's monitors are byte-identical to the interpreter's. Thirteen
 * networks share one translation unit, so g++ starts four times for 52 networks.
 */
class CudaDifferentialProperties {
  @Provide
  Arbitrary<List<BackendDifferentialProperties.Net>> batches() {
    return new BackendDifferentialProperties().nets().list().ofSize(13);
  }

  @Property(tries = 4)
  void hostBuildsMatchTheInterpreterBitForBit(@ForAll("batches") List<BackendDifferentialProperties.Net> nets)
      throws Exception {
    String why = CudaHost.hostUnavailable();
    if (why != null) {
      System.out.println("CudaDifferentialProperties skipped: " + why);
      return;
    }
    List<String> sources = new ArrayList<>();
    List<Map<String, NpyArray>> expected = new ArrayList<>();
    for (BackendDifferentialProperties.Net net : nets) {
      KernelProgram program = compile(net.source());
      Simulation sim = new Interpreter().prepare(program);
      sim.run();
      expected.add(sim.recorder().arrays());
      sources.add(CudaHost.source(program));
    }
    Path dir = Files.createTempDirectory("brainc-cuda-nets");
    try {
      CudaHost.writeHeaders(dir);
      Files.writeString(dir.resolve("bundle.cu"), CudaHost.bundle(sources));
      // -O1: g++ takes about two thirds of -O2's time on these bundles, and computes the same
      // numbers (CudaHostParityTest builds the samples at the Makefile's -O2).
      CudaHost.compileHost(dir, "bundle.cu", "bundle", "-O1");
      for (int k = 0; k < nets.size(); k++) {
        Path out = dir.resolve("out" + k);
        CudaHost.run(dir, List.of("./bundle", String.valueOf(k), "--mode", "deterministic", "--out", out.toString()), 300);
        CudaHost.assertSameMonitors(expected.get(k), out, nets.get(k).source());
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  static KernelProgram compile(String text) {
    Analysis a = new Frontend().analyze(SourceFile.of("random.brain", text));
    assertTrue(a.diagnostics().isEmpty(), () -> a.diagnostics() + "\n" + text);
    IrModule m = Lowering.lower(a);
    RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
    return Pipeline.compile(m, run, Pipeline.settings(run), new PassContext(), (p, ir) -> {}).kernel();
  }
}
