package brainc.codegen;

import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.verify.KernelVerifier;
import brainc.ir.kernel.verify.VerifiedKernelProgram;

/**
 * A way to run a kernel program: the reference interpreter, JVM bytecode, … Every backend gives
 * the same spikes for the same program and seed; the interpreter defines what "the same" is.
 */
public interface Backend extends brainc.codegen.engine.Engine {
  /**
   * Allocates the program's buffers, builds its connections and runs its {@code init}
   * statements, ready for {@link Simulation#run}. The program is verified, so a backend does not
   * check names, types or scopes again.
   */
  Simulation prepare(VerifiedKernelProgram program);

  /**
   * Verifies {@code program}, then prepares it as {@link #prepare(VerifiedKernelProgram)} does.
   *
   * @throws IllegalArgumentException if the program is malformed (a type mismatch, an unknown
   *     buffer); the message lists every problem the verifier found
   */
  default Simulation prepare(KernelProgram program) {
    return prepare(KernelVerifier.verified(program));
  }

  /**
   * Makes a verified program ready once, for as many instances (seeds) as wanted. A backend that
   * has nothing to share between instances builds each one in {@link PreparedKernel#instantiate}.
   */
  PreparedKernel compile(VerifiedKernelProgram program);

  /** Verifies {@code program}, then compiles it as {@link #compile(VerifiedKernelProgram)} does. */
  default PreparedKernel compile(KernelProgram program) {
    return compile(KernelVerifier.verified(program));
  }

  /** This backend with the driver options {@code options} (thread count, check intervals). */
  Backend withOptions(Driver.Options options);

  /** The driver options this backend prepares simulations with. */
  Driver.Options options();
}
