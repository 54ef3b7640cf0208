package brainc.samples.cuda;

import brainc.compiler.api.Compiler;
import brainc.compiler.api.RunOptions;
import brainc.compiler.api.Runs;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nvcc accepts every generated program with warnings as errors (no GPU needed): the samples'
 * programs as PTX in one translation unit, and one program through its own Makefile for the
 * default architectures (sm_80, sm_90 and PTX), as `make` builds it. A rejection is a brainc bug.
 */
class CudaNvccTest {
  @TempDir Path tmp;

  private static final List<String> SAMPLES = List.of("cuba.brain", "stdp_pair.brain", "brunel_hakim.brain",
      "cobahh.brain", "distal_reward.brain");

  private static String unavailable() {
    String why = CudaHost.nvccUnavailable();
    if (why != null) System.out.println("CudaNvccTest skipped: " + why);
    return why;
  }

  @Test
  void everySampleCompilesToPtxWithoutWarnings() throws Exception {
    String why = unavailable();
    Assumptions.assumeTrue(why == null, why);
    List<String> sources = new ArrayList<>();
    for (String file : SAMPLES) {
      IrModule module = Compiler.lower(Compiler.check(Path.of(file)));
      for (RunSpec run : Runs.statements(module)) {
        sources.add(CudaHost.source(Runs.prepare(module, run, RunOptions.DEFAULTS.withDuration(0.01)).kernel()));
      }
    }
    CudaHost.writeHeaders(tmp);
    Files.writeString(tmp.resolve("bundle.cu"), CudaHost.bundle(sources));
    CudaHost.run(tmp, List.of("nvcc", "-std=c++17", "-fmad=false", "--prec-div=true", "--prec-sqrt=true", "--ptx",
        "-arch=compute_90", "-Werror", "all-warnings", "-o", "bundle.ptx", "bundle.cu"), 600);
  }

  @Test
  void theMakefileBuildsForTheDefaultArchitectures() throws Exception {
    String why = unavailable();
    Assumptions.assumeTrue(why == null, why);
    IrModule module = Compiler.lower(Compiler.check(Path.of("stdp_pair.brain")));
    RunSpec run = Runs.statements(module).get(0);
    Path dir = tmp.resolve("pair");
    CudaHost.write(Runs.prepare(module, run, RunOptions.DEFAULTS).kernel(), dir);
    CudaHost.run(dir, List.of("make", "-s", "NVCCFLAGS=-O3 -std=c++17 -fmad=false --prec-div=true --prec-sqrt=true "
        + "-Werror all-warnings", "model"), 600);
    if (!Files.isExecutable(dir.resolve("model"))) throw new AssertionError("make wrote no program in " + dir);
  }
}
