/**
 * What every backend's simulation loop uses: connectivity ({@link brainc.runtime.sim.Csr},
 * {@link brainc.runtime.sim.Connectivity}, {@link brainc.runtime.sim.Procedural}), spike sets and
 * delay queues, the probe {@link brainc.runtime.sim.Recorder}, the {@link
 * brainc.runtime.sim.RunSummary} and the {@link brainc.runtime.sim.SimulationError} raised on
 * NaN or infinite state. Generated code calls these classes directly, so they are final, keep
 * their arrays public and allocate nothing per step (the recorder's arrays grow by doubling).
 *
 * <h2>Output layout</h2>
 *
 * {@link brainc.runtime.sim.Recorder#write} puts one or two NumPy files per probe in the output
 * directory, named after the probe ({@code NAME} below), each written atomically:
 *
 * <pre>
 *   probe   file               dtype            shape         content
 *   Spikes  NAME.npy           int64            (n, 2)        (step, index) per spike, in step order and, within a
 *                                                             step, in emission order; index is relative to the
 *                                                             probe's start (the neuron's index in its group)
 *   State   NAME.npy           buffer's type    (samples, k)  elements [start, start + k) after steps 0, every, 2 every, …
 *                              (bool as int32)
 *           NAME_steps.npy     int64            (samples,)    the step of each row
 *   Rate    NAME.npy           float64          (steps,)      spikes in the range / (k · dt), in Hz, per step
 * </pre>
 *
 * Times in seconds are {@code step * dt}; steps are counted from 0, and the values of step n are
 * those after step n's statements ran (so a spike at step n happened in (n·dt, (n+1)·dt]).
 */
package brainc.runtime.sim;
