package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CONTRACTS;
import static brainc.samples.adversarial.Case.Kind.CRASHES;
import static brainc.samples.adversarial.Case.Kind.FILES;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.SILENT;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The cuda target through the seam: what it refuses (E1104 at every `train` and `detect`
 * statement, E1105 for `--float64`), the `backend cuda` clause, `compile --target cuda` writing
 * one folder per run and nothing when refused, and `run --backend cuda` on a machine without a
 * GPU (or without nvcc): one line that says which and what to do, exit 1, nothing written.
 */
public final class CudaCases {
  private CudaCases() {}

  /** A network and a run of it (run at line 7). */
  static final String RUN = """
      use brain.neurons.LIF

      network N {
        population p = LIF[20] { v = uniform(-70 mV, -50 mV) }
        connect p -> p  weight 1 mV  probability 0.2  via exp(tau = 5 ms)
        monitor spikes of p
      }
      run N for 10 ms dt 0.1 ms seed 3
      """;

  /** The run statement asks for the GPU itself (line 6). */
  static final String RUN_ON_CUDA = """
      use brain.neurons.LIF

      network N {
        population p = LIF[4]
      }
      run N for 10 ms dt 0.1 ms backend cuda
      """;

  /** A training on a dataset (train at line 10). */
  static final String TRAIN = """
      use brain.neurons.Leaky

      network Classifier {
        input pixels[784] encode bernoulli(steps = 25)
        layer out = Leaky[10] { beta = 0.9, threshold = 1.0 }
        connect pixels -> out  dense
        output logits = spike_count(out)
      }

      train Classifier on dataset fashion_mnist {
        loss cross_entropy(logits)
      }
      """;

  public static List<Case> cases() {
    return List.of(
        // ---- refusals ----
        Case.of(SILENT, "check-target-cuda-refuses-a-training").file("m.brain", TRAIN)
            .args("check", "--target", "cuda", "$D/m.brain").error("E1104", 10, 1).stderrHas("`brainc train`"),
        Case.of(SILENT, "check-plain-passes-a-training-cuda-refuses").file("m.brain", TRAIN)
            .args("check", "$D/m.brain").exit(0).stderrLacks("E1104"),
        Case.of(CRASHES, "compile-target-cuda-refuses-a-training").file("m.brain", TRAIN)
            .args("compile", "$D/m.brain", "--target", "cuda", "-o", "$D/gen").error("E1104", 10, 1).absent("gen"),
        Case.of(SILENT, "run-backend-cuda-refuses-float64").file("m.brain", RUN)
            .args("run", "$D/m.brain", "--backend", "cuda", "--float64", "-q", "--out", "$D/o").error("E1105", 8, 1)
            .stderrHas("--backend jvm").absent("o"),
        Case.of(SILENT, "run-statement-backend-cuda-refuses-float64").file("m.brain", RUN_ON_CUDA)
            .args("run", "$D/m.brain", "--float64", "-q", "--out", "$D/o").error("E1105", 6, 1).absent("o"),
        Case.of(CONTRACTS, "check-target-cuda-passes-a-run").file("m.brain", RUN)
            .args("check", "--target", "cuda", "$D/m.brain").exit(0).stderrLacks("error"),

        // ---- the backend clause ----
        Case.of(CONTRACTS, "check-accepts-backend-cuda").file("m.brain", RUN_ON_CUDA)
            .args("check", "$D/m.brain").exit(0).stderrLacks("E0205"),
        Case.of(MESSAGES, "unknown-backend-lists-cuda").file("m.brain", RUN_ON_CUDA.replace("backend cuda", "backend cudaa"))
            .args("check", "$D/m.brain").error("E0205", 6, 35).stderrHas("cuda, interp, jvm"),
        Case.of(MESSAGES, "run-unknown-backend-lists-cuda").file("m.brain", RUN)
            .args("run", "$D/m.brain", "--backend", "opencl", "-q").usage("known: jvm, interp, cuda"),

        // ---- the GPU is missing here (the project's machines have nvcc and no GPU) ----
        Case.of(MESSAGES, "run-backend-cuda-without-a-gpu-says-so").file("m.brain", RUN)
            .args("run", "$D/m.brain", "--backend", "cuda", "-q", "--out", "$D/o").exit(1)
            .stderrHas("--backend cuda needs").stderrHas("--backend jvm").stderrLacks("internal error").absent("o"),

        Case.of(CONTRACTS, "run-backend-cuda-refuses-checkpoints").file("m.brain", RUN)
            .args("run", "$D/m.brain", "--backend", "cuda", "--checkpoint-every", "1ms", "-q", "--out", "$D/o")
            .usage("not available with the cuda backend").absent("o"),

        // ---- generation ----
        Case.of(FILES, "compile-target-cuda-writes-a-folder-per-run").file("m.brain", RUN)
            .args("compile", "$D/m.brain", "--target", "cuda", "-o", "$D/gen").exit(0).output("gen")
            .exists("gen/N/model.cu").exists("gen/N/Makefile").exists("gen/N/brainc_host.h")
            .exists("gen/N/brainc_rt.cuh").exists("gen/N/model.json").stdoutHas("1 run(s)"),
        Case.of(FILES, "compile-target-cuda-for-one-architecture").file("m.brain", RUN)
            .args("compile", "$D/m.brain", "--target", "cuda", "--cuda-arch", "sm_90", "-o", "$D/gen").exit(0)
            .output("gen").exists("gen/N/Makefile"),
        Case.of(CONTRACTS, "compile-cuda-arch-below-sm-80").file("m.brain", RUN)
            .args("compile", "$D/m.brain", "--target", "cuda", "--cuda-arch", "sm_80,sm_70", "-o", "$D/gen")
            .usage("sm_80 or later").absent("gen"),
        Case.of(CONTRACTS, "compile-cuda-arch-without-target-cuda").file("m.brain", RUN)
            .args("compile", "$D/m.brain", "--target", "java", "--cuda-arch", "sm_90", "-o", "$D/gen")
            .usage("goes with --target cuda").absent("gen"),
        Case.of(CONTRACTS, "compile-target-cuda-needs-an-output-folder").file("m.brain", RUN)
            .args("compile", "$D/m.brain", "--target", "cuda").usage("needs -o DIR"));
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
