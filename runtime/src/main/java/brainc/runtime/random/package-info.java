/**
 * Counter-based random numbers shared by every backend.
 *
 * <p>A model's random draws must not depend on evaluation order, thread count or backend, or the
 * interpreter could not serve as the oracle for the JVM and CUDA backends on stochastic models.
 * So nothing here has state: {@link brainc.runtime.random.Philox4x32} is the keyed block
 * function, and {@link brainc.runtime.random.CounterRng} maps (seed, stream, step, index) onto its
 * key and counter and turns the output words into uniforms, normals, Bernoulli and Poisson
 * deviates and bounded integers, with every step written down so that a CUDA port can match it
 * bit for bit.
 */
package brainc.runtime.random;
