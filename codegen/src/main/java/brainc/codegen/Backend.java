package brainc.codegen;

import brainc.ir.kernel.KernelProgram;

/**
 * A way to run a kernel program: the reference interpreter, JVM bytecode, … Every backend gives
 * the same spikes for the same program and seed; the interpreter defines what "the same" is.
 */
public interface Backend extends brainc.codegen.engine.Engine {
  /**
   * Allocates the program's buffers, builds its connections and runs its {@code init}
   * statements, ready for {@link Simulation#run}.
   *
   * @throws IllegalArgumentException if the program is malformed (a type mismatch, an unknown
   *     buffer); the message names what is wrong
   */
  default Simulation prepare(KernelProgram program) {
    return compile(program).instantiate(program.seed());
  }

  /**
   * Makes {@code program} ready once, for as many instances (seeds) as wanted. A malformed
   * program is refused here or, by a backend that has nothing to share between instances, by
   * the first {@link PreparedKernel#instantiate}.
   */
  PreparedKernel compile(KernelProgram program);

  /** This backend with the driver options {@code options} (thread count, check intervals). */
  Backend withOptions(Driver.Options options);

  /** The driver options this backend prepares simulations with. */
  Driver.Options options();
}
