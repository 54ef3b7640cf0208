package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.model.IrModule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The library API decides as {@code brainc run} does which runs go to the GPU: {@code backend
 * cuda} in the statement or {@code withEngine("cuda")}, the option winning. Such a run is never
 * quietly simulated by jvm: it has no step-by-step instance, says so, and runs by runOnGpu.
 */
class CudaRoutingTest {
  private static final String ON_GPU = RunsTest.NET.replace("seed 7", "seed 7 backend cuda");

  @Test
  void aStatementThatSaysBackendCudaIsPreparedForTheGpu() throws Exception {
    IrModule m = RunsTest.module(ON_GPU);
    PreparedRun run = Runs.prepare(m, "Small", RunOptions.DEFAULTS);
    assertTrue(run.onGpu());
    assertEquals("cuda", run.engine());
    ParameterException e = assertThrows(ParameterException.class, run::instantiate);
    assertTrue(e.getMessage().contains("runs on the GPU (backend cuda)") && e.getMessage().contains("runOnGpu"),
        e.getMessage());
  }

  @Test
  void theEngineOptionWinsOverTheStatementEitherWay() throws Exception {
    PreparedRun here = Runs.prepare(RunsTest.module(ON_GPU), "Small", RunOptions.DEFAULTS.withEngine("jvm"));
    assertFalse(here.onGpu());
    assertEquals("jvm", here.engine());
    try (RunInstance i = here.instantiate()) {
      assertTrue(i.steps() > 0);
    }
    assertThrows(IllegalStateException.class, () -> here.runOnGpu(Path.of("unused")));
    PreparedRun there = Runs.prepare(RunsTest.module(RunsTest.NET), "Small", RunOptions.DEFAULTS.withEngine("cuda"));
    assertTrue(there.onGpu());
  }

  @Test
  void float64OnTheGpuIsRefusedAtTheStatement() throws Exception {
    ModelException e = assertThrows(ModelException.class,
        () -> Runs.prepare(RunsTest.module(ON_GPU), "Small", RunOptions.DEFAULTS.withFloat64(true)));
    assertEquals("E1105", e.diagnostics().get(0).code().id());
  }

  @Test
  void anUnknownEngineStillNamesTheKnownOnes() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Runs.prepare(RunsTest.module(RunsTest.NET), "Small", RunOptions.DEFAULTS.withEngine("opencl")));
    assertEquals("unknown backend `opencl` (known: jvm, interp, cuda)", e.getMessage());
  }
}
