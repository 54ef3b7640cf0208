package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.kernel.KernelProgram;
import brainc.ir.model.IrModule;
import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Parameters free per instance: one prepared run, instantiated with other values, is bit for bit
 * a fresh compile of the model with those values written in the source, on every engine; names
 * that are unknown or cannot vary are refused with a {@link ParameterException}; a snapshot
 * restores only into an instance with the same values.
 */
class FreeParametersTest {
  /** The threshold, the reset and one weight are written in volts, so that a value in SI is the literal itself. */
  static String net(String vTh, String vReset, String weight) {
    return """
        use brain.neurons.LIF
        network Small {
          population all = LIF[200] { v_rest = -49 mV, v_th = %s V, v_reset = %s V, t_ref = 5 ms,
                                      v = uniform(-60 mV, -50 mV) }
          population exc = all[0 .. 160]
          population inh = all[160 .. 200]
          connect exc -> all weight %s V probability 0.05 via exp(tau = 5 ms)
          connect inh -> all weight -4 mV probability 0.05 via exp(tau = 10 ms) delay 1 ms
          monitor spikes of exc
          monitor rate of inh
          monitor v of inh every 1 ms
        }
        run Small for 60 ms dt 0.1 ms seed 7
        """.formatted(vTh, vReset, weight);
  }

  static final String V_TH = "all.v_th";
  static final String V_RESET = "all.v_reset";
  static final String WEIGHT = "exc->all#0.weight";
  static final Set<String> FREE = Set.of(V_TH, V_RESET, WEIGHT);

  @Test
  void eachInstanceIsAFreshCompileOfItsValues() throws Exception {
    IrModule m = RunsTest.module(net("-0.05", "-0.06", "0.001"));
    for (boolean float64 : new boolean[] {false, true}) {
      for (String engine : Runs.engines()) {
        RunOptions options = RunOptions.DEFAULTS.withEngine(engine).withFloat64(float64);
        PreparedRun once = Runs.prepare(m, "Small", options.withFreeParameters(FREE));
        assertEquals(Map.of(V_TH, -0.05, V_RESET, -0.06, WEIGHT, 0.001), once.freeParameters());
        String what = engine + (float64 ? " float64" : " float32");
        try (RunInstance a = once.instantiate(7); RunInstance b = Runs.prepare(m, "Small", options).instantiate()) {
          RunsTest.assertSame(a.finish(), b.finish(), what + " defaults");
        }
        String[][] values = {{"-0.052", "-0.0575", "0.0015"}, {"-0.0505", "-0.065", "0.0004"}};
        for (String[] v : values) {
          Map<String, Double> overrides = Map.of(V_TH, Double.parseDouble(v[0]), V_RESET, Double.parseDouble(v[1]),
              WEIGHT, Double.parseDouble(v[2]));
          IrModule written = RunsTest.module(net(v[0], v[1], v[2]));
          try (RunInstance a = once.instantiate(7, overrides);
              RunInstance b = Runs.prepare(written, "Small", options).instantiate()) {
            RunsTest.assertSame(a.finish(), b.finish(), what + " " + overrides);
            assertEquals(overrides, a.parameters());
          }
        }
      }
    }
  }

  @Test
  void someValuesChangeTheRun() throws Exception {
    PreparedRun run = Runs.prepare(RunsTest.module(net("-0.05", "-0.06", "0.001")), "Small",
        RunOptions.DEFAULTS.withFreeParameters(Set.of(V_TH)));
    try (RunInstance a = run.instantiate(7); RunInstance b = run.instantiate(7, Map.of(V_TH, -0.045))) {
      assertTrue(a.finish().summary().groups().get(0).spikes() != b.finish().summary().groups().get(0).spikes(),
          "a higher threshold, the same spike count");
    }
  }

  @Test
  void onlyFreeParametersAreKernelParametersAndTheOthersStayFolded() throws Exception {
    PreparedRun run = Runs.prepare(RunsTest.module(net("-0.05", "-0.06", "0.001")), "Small",
        RunOptions.DEFAULTS.withFreeParameters(Set.of(V_TH)));
    KernelProgram k = run.kernel();
    assertEquals(1, k.ports().stream().filter(p -> p.role() == KernelProgram.PortRole.PARAMETER).count());
    assertTrue(k.port(KernelProgram.PortRole.PARAMETER, V_TH).isPresent());
    String text = brainc.ir.kernel.text.KernelPrinter.print(k);
    assertTrue(text.contains("port \"param:all.v_th\" in parameter of \"all.v_th\" : f64[1]"), text);
    assertTrue(text.contains("-0.06f32"), "the reset stays a constant:\n" + text);
  }

  @Test
  void unknownAndFixedNamesAreRefusedWithTheReason() throws Exception {
    IrModule m = RunsTest.module(net("-0.05", "-0.06", "0.001"));
    ParameterException unknown = assertThrows(ParameterException.class,
        () -> Runs.prepare(m, "Small", RunOptions.DEFAULTS.withFreeParameters(Set.of("all.v_thr"))));
    assertTrue(unknown.getMessage().startsWith("`all.v_thr` is not a parameter of network Small that can vary per"
        + " instance; it has all.tau_m, all.v_rest,"), unknown.getMessage());
    ParameterException solved = assertThrows(ParameterException.class,
        () -> Runs.prepare(m, "Small", RunOptions.DEFAULTS.withFreeParameters(Set.of("all.tau_m"))));
    assertEquals("`all.tau_m` cannot vary per instance: the equation of `v` is solved with its value at compile time"
        + " (free parameters can be read by thresholds, resets, discrete steps, initial values and weights)",
        solved.getMessage());
    ParameterException steps = assertThrows(ParameterException.class,
        () -> Runs.prepare(m, "Small", RunOptions.DEFAULTS.withFreeParameters(Set.of("all.t_ref"))));
    assertTrue(steps.getMessage().contains("refractory period"), steps.getMessage());

    PreparedRun run = Runs.prepare(m, "Small", RunOptions.DEFAULTS.withFreeParameters(Set.of(V_TH)));
    ParameterException notFree = assertThrows(ParameterException.class, () -> run.instantiate(7, Map.of(V_RESET, -0.07)));
    assertEquals("`all.v_reset` is not a free parameter of this run; its free parameters are all.v_th",
        notFree.getMessage());
    assertThrows(ParameterException.class, () -> run.instantiate(7, Map.of(V_TH, Double.NaN)));
    PreparedRun plain = Runs.prepare(m, "Small", RunOptions.DEFAULTS);
    assertTrue(assertThrows(ParameterException.class, () -> plain.instantiate(7, Map.of(V_TH, -0.05))).getMessage()
        .contains("it has none"));
  }

  @Test
  void aSnapshotRestoresOnlyWithTheSameValues() throws Exception {
    PreparedRun run = Runs.prepare(RunsTest.module(net("-0.05", "-0.06", "0.001")), "Small",
        RunOptions.DEFAULTS.withFreeParameters(Set.of(V_TH)));
    Snapshot at;
    RunResult whole;
    try (RunInstance a = run.instantiate(7, Map.of(V_TH, -0.052))) {
      a.advance(237, StepProgress.NONE);
      at = a.snapshot();
      whole = a.finish();
    }
    try (RunInstance other = run.instantiate(7, Map.of(V_TH, -0.051))) {
      SnapshotException e = assertThrows(SnapshotException.class, () -> other.restore(at));
      assertTrue(e.getMessage().contains("parameter all.v_th: -0.052 in the snapshot, -0.051 here"), e.getMessage());
    }
    try (RunInstance same = run.instantiate(7, Map.of(V_TH, -0.052))) {
      same.restore(at);
      RunsTest.assertSame(whole, same.finish(), "restored");
    }
  }
}
