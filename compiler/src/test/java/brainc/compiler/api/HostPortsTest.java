package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Port;
import brainc.ir.kernel.KernelProgram.PortRole;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.ir.kernel.verify.KernelVerifier;
import brainc.ir.model.Const;
import brainc.ir.units.Dimension;
import brainc.ir.model.IrModule;
import brainc.ir.types.Real;
import brainc.ir.model.RunSpec;
import brainc.ir.model.TrainSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The host ports of a scheduled program are complete and minimal: an agent's program exposes
 * what its episode loop reads and writes and nothing else (a GPU harness copies exactly them),
 * and a plain simulation exposes none.
 */
class HostPortsTest {
  /** The kernel program a training compiles for the module's first `train` statement, as EnvironmentTraining does. */
  private static KernelProgram trained(IrModule module) {
    TrainSpec t = module.decls().stream().filter(d -> d instanceof TrainSpec).map(d -> (TrainSpec) d).findFirst()
        .orElseThrow();
    double window = 0.02;
    double dt = 1e-4;
    RunSpec run = new RunSpec("train", t.target(), new Const(window, new Real(Dimension.TIME)),
        new Const(dt, new Real(Dimension.TIME)), 1L, List.of(), t.origin());
    return Pipeline.compile(module, run, new Pipeline.RunSettings(window, dt, 1L), new PassContext(), (p, ir) -> {})
        .kernel();
  }

  private static List<String> ports(KernelProgram p) {
    assertEquals(List.of(), KernelVerifier.verify(p));
    return p.ports().stream().map(HostPortsTest::describe).toList();
  }

  private static String describe(Port p) {
    return p.buffer() + " " + p.direction() + " " + p.role() + (p.subject().isEmpty() ? "" : " of " + p.subject())
        + " " + p.type() + "[" + p.size() + "]";
  }

  @Test
  void theCarDriverExposesWhatItsEpisodeLoopUses() throws Exception {
    KernelProgram p = trained(RunsTest.sample("car_driver.brain"));
    // No terminated port: no signal of the driver mentions `terminated`.
    assertEquals(List.of(
        "net.count OUT SPIKE_COUNTS of net I32[100]",
        "net.force IN FORCED_SPIKES of net I32[100]",
        "sensors.value IN OBSERVATION of sensors F64[3]",
        "env.reward IN REWARD F32[1]",
        "env.tick IN ENV_TICK F32[1]",
        "env.lr IN LEARNING_RATE F32[1]",
        // The readout kernel's side: the action, the pool counts it was chosen from, the tie-breaking
        // draw and the efference copy's trigger.
        "readout.action OUT READOUT of action F64[1]",
        "readout.action.argument OUT READOUT_ARGUMENT of action F64[3]",
        "readout.action.tie IN TIE_BREAK of action F64[1]",
        "readout.action.efference IN EFFERENCE of action F64[1]"), ports(p));
    assertEquals("sensors.value", p.port(PortRole.OBSERVATION, "sensors").orElseThrow().buffer());
    assertEquals(List.of("action.readout"), p.readouts().stream().map(KernelProgram.Kernel::name).toList());
  }

  @Test
  void aSignalThatReadsTerminatedGetsItsPort() throws Exception {
    String text = """
        use brain.neurons.LIF
        network Agent {
          input obs[3] encode rate(max = 100 Hz)
          population net = LIF[6]
          connect obs -> net weight 1 mV all
          output action = argmax(pools(net, 3))
          signal crash = terminated
        }
        train Agent in environment car_track {
          episodes 1
        }
        """;
    KernelProgram p = trained(RunsTest.module(text));
    assertEquals("env.terminated IN TERMINATED F32[1]", describe(p.port(PortRole.TERMINATED).orElseThrow()));
    assertEquals(List.of(), p.port(PortRole.REWARD).stream().toList());
  }

  @Test
  void aPlainSimulationHasNoPorts() throws Exception {
    assertEquals(List.of(), ports(Runs.prepare(RunsTest.module(RunsTest.NET), "Small", RunOptions.DEFAULTS).kernel()));
  }
}
