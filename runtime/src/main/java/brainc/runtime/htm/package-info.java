/**
 * Hierarchical temporal memory at run time: encoders, the spatial pooler, the temporal memory
 * and the anomaly likelihood of an HTM region, plus the reader of (timestamp, value) streams.
 *
 * <p>Everything works on sparse index lists and primitive arrays: an SDR is an {@code int[]} of
 * active indices in ascending order with a count beside it, permanences are {@code float}s, and
 * no boxed collection appears on a per-record path. Random draws come from {@link
 * brainc.runtime.random.CounterRng}, keyed by (seed, stream, step, index), and every tie has a
 * stated rule, so that a region's output is a pure function of its parameters and its input.
 *
 * <p>The algorithms follow the published descriptions of htm.core and NuPIC (names, defaults and
 * units are theirs where they apply); where this implementation decides something they leave to
 * chance or to hash order, the class comment says so.
 */
package brainc.runtime.htm;
