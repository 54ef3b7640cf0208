package brainc.codegen;

import brainc.ir.kernel.KernelProgram;

/**
 * A kernel program made ready by a backend once (bytecode generated and loaded, or checked for
 * the interpreter), instantiated as often as wanted: each {@link #instantiate} allocates fresh
 * memory, builds the connections with its own seed and runs {@code init}. A sweep over seeds pays
 * for code generation once.
 */
public interface PreparedKernel {
  KernelProgram program();

  /**
   * A new simulation whose random draws (connections, {@code rand}) are keyed by {@code seed};
   * with {@code program().seed()} it is exactly what {@link Backend#prepare} gives.
   *
   * @throws brainc.runtime.sim.SimulationError if the initial state is not finite
   */
  default Simulation instantiate(long seed) {
    return instantiate(seed, java.util.Map.of());
  }

  /**
   * As {@link #instantiate(long)}, with the value of each of the program's free parameters (its
   * {@code parameter} ports, by name), written before {@code init}.
   *
   * @throws IllegalArgumentException if a free parameter has no value, or a name is not one
   */
  Simulation instantiate(long seed, java.util.Map<String, Double> parameters);
}
