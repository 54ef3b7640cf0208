package brainc.codegen.train;


import brainc.codegen.Simulation;
import brainc.ir.kernel.KernelProgram.PortRole;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.Scalar;
import brainc.runtime.env.Environment;
import brainc.runtime.random.CounterRng;
import brainc.runtime.env.Step;
import brainc.runtime.learn.LrSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The closed loop of `train ... in environment`: each environment step writes the observation
 * into the network's input values, runs the network for one action window, reads the action
 * from the output's readout port (the program's readout kernels compute it at the end of the
 * window), steps the environment and writes its reward, which the
 * network's signals (e.g. dopamine = reward - baseline) turn into learning. Weights carry over
 * between episodes; a curriculum moves to its next phase once the phase's mastery condition
 * holds.
 */
public final class AgentTrainer {

  /** A curriculum phase; the last phase, or one without a condition, runs to the end. */
  public record Phase(String name, Optional<Mastery> until) {}

  /** Mastery: the mean reward of the phase's last {@code window} episodes exceeds {@code threshold}. */
  public record Mastery(int window, double threshold) {}

  /**
   * @param schedule the learning-rate factor of each episode (third factors reach the synapses
   *     scaled by it)
   * @param action the name of the output the network acts with (its readout ports' subject)
   * @param efferenceSteps after each decision, the chosen pool's neurons are made to fire and the
   *     network runs this many steps more before the environment acts (0: no efference copy)
   */
  public record Config(int episodes, long seed, int actionSteps, String input, String action, List<Phase> phases,
      LrSchedule schedule, int efferenceSteps) {}

  public record Episode(int index, String phase, double reward, int steps, boolean terminated) {}

  /** Hears each finished episode, for progress, learning curves and checkpoints. */
  public interface Listener {
    void episode(Episode e, List<Episode> all, State after);
  }

  /** Hears every environment step: what the network saw, the readout it acted on, and the outcome. */
  @FunctionalInterface
  public interface StepTrace {
    StepTrace NONE = (episode, step, observation, readout, action, outcome) -> {};

    void step(int episode, int step, double[] observation, double[] readout, int action, Step outcome);
  }

  /** Where training stands between two episodes: enough, with the simulation's memory, to resume. */
  public record State(int nextEpisode, int phaseIndex, int phaseStart, List<Double> phaseRewards,
      List<Episode> episodes) {
    public State {
      phaseRewards = List.copyOf(phaseRewards);
      episodes = List.copyOf(episodes);
    }

    public static final State START = new State(0, 0, 0, List.of(), List.of());
  }

  private final Simulation sim;
  private final Function<String, Environment> environments;
  private final Function<double[], double[]> encode;

  /**
   * @param environments the environment of a phase (the phase name, or "" without a curriculum)
   * @param encode maps an observation to input values in [0, 1]
   */
  public AgentTrainer(Simulation sim, Function<String, Environment> environments, Function<double[], double[]> encode) {
    this.sim = sim;
    this.environments = environments;
    this.encode = encode;
  }

  private StepTrace trace = StepTrace.NONE;

  /** Reports every environment step to {@code trace} (for `brainc train --trace`). */
  public AgentTrainer tracing(StepTrace trace) {
    this.trace = trace;
    return this;
  }

  public List<Episode> train(Config config, Listener listener) {
    return train(config, listener, State.START);
  }

  /** Trains from {@code from} (a resumed run has restored the simulation's memory already). */
  public List<Episode> train(Config config, Listener listener, State from) {
    var memory = sim.memory();
    KernelProgram program = sim.program();
    String values = program.port(PortRole.OBSERVATION, config.input())
        .orElseThrow(() -> new IllegalArgumentException("the network has no input `" + config.input() + "`"))
        .buffer();
    double[] inputs = memory.f64(values);
    KernelProgram.Port actionPort = program.port(PortRole.READOUT, config.action())
        .orElseThrow(() -> new IllegalArgumentException("output `" + config.action() + "` is of a form that cannot be"
            + " read as an action yet; use argmax(pools(population, k)), argmax(rate(population)) or similar"));
    if (actionPort.size() != 1) {
      throw new IllegalArgumentException("output `" + config.action() + "` is a vector of " + actionPort.size()
          + " values, not an action; reduce it, e.g. argmax(...)");
    }
    double[] actionValue = memory.f64(actionPort.buffer());
    double[] argument = program.port(PortRole.READOUT_ARGUMENT, config.action()).map(p -> memory.f64(p.buffer()))
        .orElse(new double[0]);
    double[] tieBreak = program.port(PortRole.TIE_BREAK, config.action()).map(p -> memory.f64(p.buffer())).orElse(null);
    double[] efference = null;
    if (config.efferenceSteps() > 0) {
      efference = memory.f64(program.port(PortRole.EFFERENCE, config.action()).orElseThrow(() ->
          new IllegalArgumentException("an efference copy needs an action of the form argmax(pools(population, k))"))
          .buffer());
    }
    List<int[]> counts = program.ports().stream().filter(p -> p.role() == PortRole.SPIKE_COUNTS)
        .map(p -> memory.i32(p.buffer())).toList();
    List<Episode> all = new ArrayList<>(from.episodes());
    List<Phase> phases = config.phases().isEmpty() ? List.of(new Phase("", Optional.empty())) : config.phases();
    int phaseIndex = Math.min(from.phaseIndex(), phases.size() - 1);
    List<Double> phaseRewards = new ArrayList<>(from.phaseRewards());
    Environment env = environments.apply(phases.get(phaseIndex).name());
    int phaseStart = from.phaseStart();
    for (int e = from.nextEpisode(); e < config.episodes(); e++) {
      Phase phase = phases.get(phaseIndex);
      double lr = config.schedule().factor(e, e - phaseStart, config.episodes());
      // No third factor before the episode's first reward: the signals would otherwise judge
      // the first window by the last episode's reward.
      setLearningRate(0);
      double[] obs = env.reset(config.seed() * 1_000_003L + e);
      double total = 0;
      int steps = 0;
      boolean terminated = false;
      while (true) {
        double[] v = encode.apply(obs);
        System.arraycopy(v, 0, inputs, 0, Math.min(v.length, inputs.length));
        clear(counts);
        if (tieBreak != null) tieBreak[0] = CounterRng.uniformDouble(config.seed(), STREAM_TIES, e, steps);
        // Armed now, the readout kernel forces the chosen pool as it computes the action.
        if (efference != null) efference[0] = 1;
        sim.run(config.actionSteps(), (d, t) -> {});
        int action = (int) actionValue[0];
        double[] seen = obs;
        if (config.efferenceSteps() > 0) sim.run(config.efferenceSteps(), (d, t) -> {});
        Step st = env.step(action);
        if (trace != StepTrace.NONE) trace.step(e, steps, seen, argument.clone(), action, st);
        setScalar(PortRole.TERMINATED, st.terminated() ? 1 : 0);
        setReward(st.reward());
        setLearningRate(lr);
        total += st.reward();
        steps++;
        obs = st.observation();
        if (st.terminated() || st.truncated()) {
          terminated = st.terminated();
          // The last reward (a crash, say) still reaches the network: one more window with it.
          clear(counts);
          sim.run(config.actionSteps(), (d, t) -> {});
          break;
        }
      }
      setScalar(PortRole.REWARD, 0);
      setScalar(PortRole.TERMINATED, 0);
      Episode ep = new Episode(e, phase.name(), total, steps, terminated);
      all.add(ep);
      phaseRewards.add(total);
      if (phase.until().isPresent() && phaseIndex + 1 < phases.size()) {
        Mastery m = phase.until().get();
        if (phaseRewards.size() >= m.window()) {
          double mean = phaseRewards.subList(phaseRewards.size() - m.window(), phaseRewards.size()).stream()
              .mapToDouble(Double::doubleValue).average().orElse(0);
          if (mean > m.threshold()) {
            phaseIndex++;
            phaseStart = e + 1;
            phaseRewards.clear();
            env = environments.apply(phases.get(phaseIndex).name());
          }
        }
      }
      listener.episode(ep, all, new State(e + 1, phaseIndex, phaseStart, phaseRewards, all));
    }
    return all;
  }

  /** Zeroes the spike counts the readouts read: each window counts its own spikes. */
  private static void clear(List<int[]> counts) {
    for (int[] c : counts) java.util.Arrays.fill(c, 0);
  }

  private void setLearningRate(double f) {
    setScalar(PortRole.LEARNING_RATE, f);
  }

  /** A new reward from an environment step: baselines take it in on the next simulation step. */
  private void setReward(double r) {
    setScalar(PortRole.REWARD, r);
    setScalar(PortRole.ENV_TICK, 1);
  }

  /** The CounterRng stream of the draws that break ties between equally active actions. */
  static final int STREAM_TIES = 0x4147_0001;

  /** Writes a one-element port, if the model has it (a model without signals reads no reward). */
  private void setScalar(PortRole role, double value) {
    var memory = sim.memory();
    var port = memory.program().port(role);
    if (port.isEmpty()) return;
    String buffer = port.get().buffer();
    if (port.get().type() == Scalar.F64) memory.f64(buffer)[0] = value;
    else memory.f32(buffer)[0] = (float) value;
  }
}
