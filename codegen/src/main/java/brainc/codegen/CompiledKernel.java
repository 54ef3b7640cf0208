package brainc.codegen;

/**
 * What a backend makes of a program's statements: the {@code init} block and the {@code step}
 * block, bound to one {@link Memory}. The {@link Driver} owns everything else of the loop.
 */
public interface CompiledKernel {
  /** Runs the program's {@code init} statements, with step 0. */
  void init();

  /** Runs the program's {@code step} statements for step {@code n}. */
  void step(long n);

  /** Runs the program's readout kernels (where the driver loop says: after a run's last step). */
  void readout();
}
