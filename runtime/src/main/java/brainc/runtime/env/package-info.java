/**
 * The environments agents are trained and evaluated in: {@link brainc.runtime.env.CarTrack}
 * (the seed's car track), {@link brainc.runtime.env.CartPole} (Gymnasium's CartPole-v1) and
 * {@link brainc.runtime.env.GridWorld} (GridNav), behind one Gymnasium-style {@link
 * brainc.runtime.env.Environment} and created by name through {@link
 * brainc.runtime.env.Environments#create}.
 *
 * <p>Randomness comes only from {@link brainc.runtime.random.CounterRng}, keyed by the episode's
 * seed, a stream constant of the environment class, the step number and an index, so an episode
 * is a pure function of its seed and its actions, and a port can reproduce it from the stream
 * constants documented on each class.
 */
package brainc.runtime.env;
