package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CONTRACTS;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code brainc run --mode deterministic|fast}: a value other than those two, or the flag for a
 * run that does not go to the GPU, is a usage error before anything runs; with the cuda backend
 * on a machine without a GPU, the missing GPU is what it says, whichever the mode.
 */
public final class CudaModeCases {
  private CudaModeCases() {}

  public static List<Case> cases() {
    return List.of(
        Case.of(CONTRACTS, "run-mode-is-deterministic-or-fast").file("m.brain", CudaCases.RUN)
            .args("run", "$D/m.brain", "--backend", "cuda", "--mode", "exact", "-q", "--out", "$D/o")
            .usage("--mode is deterministic or fast, not `exact`").absent("o"),
        Case.of(CONTRACTS, "run-mode-goes-with-the-cuda-backend").file("m.brain", CudaCases.RUN)
            .args("run", "$D/m.brain", "--mode", "deterministic", "-q", "--out", "$D/o")
            .usage("goes with the cuda backend").absent("o"),
        Case.of(CONTRACTS, "run-mode-refused-when-the-flag-overrides-backend-cuda").file("m.brain", CudaCases.RUN_ON_CUDA)
            .args("run", "$D/m.brain", "--backend", "jvm", "--mode", "fast", "-q", "--out", "$D/o")
            .usage("goes with the cuda backend").absent("o"),
        Case.of(MESSAGES, "run-mode-deterministic-without-a-gpu-says-so").file("m.brain", CudaCases.RUN_ON_CUDA)
            .args("run", "$D/m.brain", "--mode", "deterministic", "-q", "--out", "$D/o").exit(1)
            .stderrHas("--backend cuda needs").stderrLacks("internal error").absent("o"));
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
