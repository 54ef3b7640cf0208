package brainc.ir.kernel.verify;

import brainc.ir.kernel.KernelProgram;
import java.util.Objects;

/**
 * A kernel program the verifier has accepted: only {@link KernelVerifier#verified} makes one, so
 * an engine that takes this type can rely on every invariant the verifier checks (names
 * resolve, types agree, locals are in scope) and need not check them again.
 */
public final class VerifiedKernelProgram {
  private final KernelProgram program;

  VerifiedKernelProgram(KernelProgram program) {
    this.program = Objects.requireNonNull(program);
  }

  public KernelProgram program() {
    return program;
  }

  @Override
  public String toString() {
    return "verified " + program.name();
  }
}
