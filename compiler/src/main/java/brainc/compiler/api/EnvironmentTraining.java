package brainc.compiler.api;

import brainc.codegen.Backend;
import brainc.codegen.Simulation;
import brainc.codegen.registry.Engines;
import brainc.codegen.train.AgentTrainer;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.compiler.spec.EnvironmentSettings;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.model.Binary;
import brainc.ir.model.BinaryOp;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.CurriculumPhase;
import brainc.ir.model.Expr;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.Output;
import brainc.ir.model.RunSpec;
import brainc.ir.model.Setting;
import brainc.ir.model.TrainSpec;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.targets.ProgramKind;
import brainc.ir.types.Real;
import brainc.ir.units.Dimension;
import brainc.runtime.env.Environment;
import brainc.runtime.env.Environments;
import brainc.runtime.io.AtomicFiles;
import brainc.runtime.io.CsvWriter;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpyWriter;
import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code train ... in environment} statement: the network in closed loop with the environment,
 * learning through its plastic synapses and signals. Writes the learning curve (CSV and SVG),
 * the best and the final weights, and a checkpoint ({@code state.npz}, a {@link Snapshot}: the
 * simulation's own snapshot under {@code sim/}, the trainer's counters, the curve so far and the
 * best weights) every {@code checkpointEvery} episodes and at the end. What it has to say goes to
 * a {@link Listener}; it prints nothing.
 */
public final class EnvironmentTraining {
  /** The simulation step of environment training. */
  public static final double DT = 1e-4;
  /** The name of the checkpoint file in a statement's checkpoint folder. */
  public static final String CHECKPOINT = "state.npz";
  /** The kind of its snapshots. */
  static final String SNAPSHOT_KIND = "environment-training";

  /**
   * What the caller overrides (null: the statement's setting).
   *
   * @param actionSteps simulation steps per action (the window, in steps of {@link #DT})
   * @param engine a kernel engine's name ({@link Trainings#engines(ProgramKind)})
   * @param trace where to write every environment step as CSV, or null
   */
  public record Options(Integer episodes, Long seed, int actionSteps, boolean noCurriculum, String engine, boolean resume,
      int checkpointEvery, Path trace) {}

  /** Where the results are and what the run reached. */
  public record Result(List<Episode> episodes, double best, double seconds, boolean curriculum,
      Path curveCsv, Path curveSvg) {
    public Result {
      episodes = List.copyOf(episodes);
    }
  }

  /**
   * One finished episode: its index from 0, the curriculum phase it ran in ("" without one), its
   * reward, its steps, and whether it ended early (a crash).
   */
  public record Episode(int index, String phase, double reward, int steps, boolean terminated) {
    static Episode of(AgentTrainer.Episode e) {
      return new Episode(e.index(), e.phase(), e.reward(), e.steps(), e.terminated());
    }
  }

  /** Hears what a run has to say; every method may be left out. */
  public interface Listener {
    /** A note that always shows. */
    default void note(String text) {}

    /** Something that only shows without --quiet. */
    default void info(String text) {}

    /**
     * The compiler's decisions and each pass's time ({@code time: NAME 1.234 ms}), one line each,
     * as {@code run --explain} shows them.
     */
    default void explain(String line) {}

    /** A checkpoint could not be written; the training goes on. */
    default void checkpointFailed(Path checkpoint, String reason) {}

    /** After each episode: the episode, all so far, the best reward so far, the episodes asked for. */
    default void episode(Episode e, List<Episode> all, double best, int episodes) {}
  }

  private EnvironmentTraining() {}

  public static Result run(IrModule module, TrainSpec t, Options o, TrainingFiles files, Listener listener)
      throws IOException {
    if (!(module.find(t.target()).orElse(null) instanceof Network net)) {
      throw new IllegalStateException("unchecked (TrainCheck): only networks can be trained in an environment in this version");
    }
    EnvironmentSettings settings = EnvironmentSettings.of(t);
    int n = o.episodes() != null ? o.episodes() : settings.episodes();
    long sd = o.seed() != null ? o.seed() : settings.seed();
    int maxSteps = settings.steps();
    double dt = DT;
    int actionSteps = o.actionSteps();
    double windowSeconds = actionSteps * dt;
    if (net.inputs().size() != 1) {
      throw new IllegalStateException("unchecked (TrainCheck): a network trained in an environment needs exactly one `input`");
    }
    String input = net.inputs().get(0).name();
    Output action = net.outputs().stream().filter(x -> x.name().equals("action")).findFirst()
        .or(() -> net.outputs().stream().findFirst())
        .orElseThrow(() -> new IllegalStateException("unchecked (TrainCheck): the network has no `output` to act with"));
    List<AgentTrainer.Phase> phases = new ArrayList<>();
    for (CurriculumPhase p : t.curriculum()) phases.add(new AgentTrainer.Phase(p.name(), p.until().map(EnvironmentTraining::mastery)));
    if (o.noCurriculum() && !phases.isEmpty()) {
      phases = List.of(new AgentTrainer.Phase(phases.get(phases.size() - 1).name(), Optional.empty()));
    }
    RunSpec run = new RunSpec("train", t.target(), new Const(windowSeconds, new Real(Dimension.TIME)),
        new Const(dt, new Real(Dimension.TIME)), sd, List.of(), t.origin());
    PassContext cx = new PassContext();
    Pipeline.Result compiled = Pipeline.compile(module, run, new Pipeline.RunSettings(windowSeconds, dt, sd), cx,
        (p, ir) -> {});
    for (String line : cx.explanations()) listener.explain(line);
    Backend engine = Engines.find(ProgramKind.KERNEL, o.engine(), Backend.class)
        .orElseThrow(() -> new IllegalArgumentException("no kernel engine `" + o.engine() + "`"));
    Simulation sim = engine.prepare(compiled.kernel());
    String envName = t.source();
    Environment probe = environment(envName, t, phases.isEmpty() ? "" : phases.get(0).name(), maxSteps);
    int inputSize = net.inputs().get(0).size();
    if (probe.observationSize() != inputSize) {
      throw new IllegalStateException("unchecked (TrainCheck): `" + envName + "` observes " + probe.observationSize() + " values but `input "
          + input + "` has " + inputSize);
    }
    TrainRecord record = new TrainRecord()
        .put("model", files.modelHash())
        .put("statement", "train " + t.target() + " in environment " + envName + " (statement " + (files.index() + 1) + ")")
        .put("seed", sd)
        .put("window", actionSteps + " steps of " + dt + " s")
        .put("steps", maxSteps)
        .put("curriculum", o.noCurriculum() ? "last phase only" : phases.stream().map(AgentTrainer.Phase::name).toList())
        .put("schedule", Trainings.scheduleText(t));
    if (settings.schedule().dependsOnTotal()) record.put("episodes", n);
    var encode = Encodings.of(envName);
    AgentTrainer trainer = new AgentTrainer(sim, phase -> environment(envName, t, phase, maxSteps), encode);
    Path trace = o.trace();
    if (trace != null && trace.toAbsolutePath().getParent() != null) Files.createDirectories(trace.toAbsolutePath().getParent());
    CsvWriter traceCsv = trace == null ? null : CsvWriter.open(trace);
    try {
      if (traceCsv != null) {
        traceCsv.row("episode", "step", "observation", "readout", "action", "reward", "terminated");
        trainer.tracing((episode, step, obs, readout, act, outcome) -> {
          try {
            traceCsv.row(episode + 1, step + 1, joined(obs), joined(readout), act, outcome.reward(), outcome.terminated());
          } catch (IOException x) {
            throw new UncheckedIOException(x);
          }
        });
      }
      List<String> plastic = compiled.kernel().buffers().stream()
          .filter(b -> b.extent() instanceof KernelProgram.Extent.Synapses && b.name().endsWith(".w"))
          .map(KernelProgram.Buffer::name).toList();
      double[] best = {Double.NEGATIVE_INFINITY};
      Map<String, NpyArray> bestWeights = new LinkedHashMap<>();
      Path state = files.checkpoint().resolve(CHECKPOINT);
      AgentTrainer.State from = AgentTrainer.State.START;
      if (o.resume()) {
        if (!Files.exists(state) && Files.isRegularFile(files.checkpoint().resolve("state/checkpoint.properties"))) {
          throw TrainingCheckpoints.older(files.checkpoint().resolve("state"));
        }
        if (!Files.exists(state)) {
          throw new TrainingException("cannot resume: no checkpoint in " + files.checkpoint() + " (" + CHECKPOINT + " is missing)");
        }
        Snapshot saved = TrainingCheckpoints.read(state, SNAPSHOT_KIND);
        List<String> differ = TrainRecord.parse(TrainingCheckpoints.record(saved)).differences(record);
        if (!differ.isEmpty()) throw new TrainingException(Trainings.refusal(state, differ));
        try {
          from = restore(saved, sim, plastic, bestWeights, best);
        } catch (SnapshotException x) {
          throw new TrainingException("cannot resume: " + state + " does not fit this training: " + x.getMessage());
        }
        if (from.nextEpisode() > n) {
          throw new TrainingException("cannot resume: the checkpoint in " + state + " has already run " + from.nextEpisode()
              + " episodes, more than the " + n + " asked for; its weights are not those of a " + n + "-episode run");
        }
        if (from.nextEpisode() == n) {
          listener.note("the checkpoint in " + state + " has already run all " + n + " episodes; publishing its "
              + "results (ask for more with --episodes)");
        }
        listener.info("resuming at episode " + (from.nextEpisode() + 1) + " from " + state);
      }
      long start = System.nanoTime();
      int every = o.checkpointEvery();
      int efferenceSteps = (int) Math.round(settings.efference() / dt);
      int[] written = {from.nextEpisode()};
      // The curve so far in the API's terms, grown by each new episode rather than copied whole each time.
      List<Episode> curve = new ArrayList<>();
      List<Episode> curveView = Collections.unmodifiableList(curve);
      List<AgentTrainer.Episode> result;
      try {
        result = trainer.train(new AgentTrainer.Config(n, sd, actionSteps, input,
            action.name(), phases, settings.schedule().schedule(), efferenceSteps), (e, all, st) -> {
              if (e.reward() > best[0]) {
                best[0] = e.reward();
                bestWeights.clear();
                for (String b : plastic) bestWeights.put(b, array(sim.memory().buffer(b)));
              }
              if ((e.index() + 1) % every == 0 || e.index() + 1 == n) {
                try {
                  Files.createDirectories(files.checkpoint());
                  TrainingCheckpoints.withRecord(snapshot(sim, st, best[0], bestWeights), record).write(state);
                  written[0] = e.index() + 1;
                } catch (IOException x) {
                  listener.checkpointFailed(state, TrainOutputs.reason(x));
                }
              }
              while (curve.size() < all.size()) curve.add(Episode.of(all.get(curve.size())));
              listener.episode(curve.get(curve.size() - 1), curveView, best[0], n);
              if (files.stop().getAsBoolean()) {
                throw new TrainingStopped(written[0] == 0 ? "no checkpoint was written yet"
                    : "the checkpoint after episode " + written[0] + " is in " + state + "; continue with --resume");
              }
            }, from);
      } catch (TrainingStopped s) {
        if (traceCsv != null) traceCsv.abort();
        throw s;
      }
      if (traceCsv != null) traceCsv.close();
      double seconds = (System.nanoTime() - start) / 1e9;
      for (Map.Entry<String, NpyArray> w : bestWeights.entrySet()) {
        NpyWriter.write(files.file("best/" + weightFile(w.getKey())), w.getValue());
      }
      for (String b : plastic) NpyWriter.write(files.file("final/" + weightFile(b)), array(sim.memory().buffer(b)));
      writeCurve(result, files);
      return new Result(result.stream().map(Episode::of).toList(), best[0], seconds, !phases.isEmpty(),
          files.shown("learning_curve.csv"), files.shown("learning_curve.svg"));
    } catch (IOException | RuntimeException x) {
      if (traceCsv != null) traceCsv.abort();
      throw x;
    }
  }

  /**
   * The whole state between two episodes: the simulation's snapshot ({@code sim/}), the
   * trainer's counters, the learning curve so far ({@code episodes/...}, phase names one per
   * line), the rewards of the current phase, the best reward and its weights ({@code best/NAME}).
   */
  static Snapshot snapshot(Simulation sim, AgentTrainer.State st, double best, Map<String, NpyArray> bestWeights) {
    Snapshot.Builder s = Snapshot.builder(SNAPSHOT_KIND).put("sim", sim.snapshot())
        .counter("next_episode", st.nextEpisode()).counter("phase", st.phaseIndex()).counter("phase_start", st.phaseStart())
        .array("best_reward", new double[] {best})
        .array("phase_rewards", st.phaseRewards().stream().mapToDouble(Double::doubleValue).toArray());
    List<AgentTrainer.Episode> eps = st.episodes();
    s.array("episodes/reward", eps.stream().mapToDouble(AgentTrainer.Episode::reward).toArray());
    s.array("episodes/steps", eps.stream().mapToInt(AgentTrainer.Episode::steps).toArray());
    s.array("episodes/terminated", eps.stream().mapToInt(e -> e.terminated() ? 1 : 0).toArray());
    s.text("episodes/phase", String.join("\n", eps.stream().map(AgentTrainer.Episode::phase).toList()));
    for (Map.Entry<String, NpyArray> w : bestWeights.entrySet()) s.put("best/" + w.getKey(), w.getValue());
    return s.build();
  }

  /** Puts a {@link #snapshot} back: the simulation restored, the best weights and reward filled in; returns the trainer's state. */
  static AgentTrainer.State restore(Snapshot s, Simulation sim, List<String> plastic, Map<String, NpyArray> bestWeights,
      double[] best) throws SnapshotException {
    double[] reward = s.array("episodes/reward").doubles();
    int[] steps = s.array("episodes/steps").ints();
    int[] terminated = s.array("episodes/terminated").ints();
    String phaseText = s.text("episodes/phase");
    String[] phase = reward.length == 0 ? new String[0] : phaseText.split("\n", -1);
    if (steps.length != reward.length || terminated.length != reward.length || phase.length != reward.length) {
      throw new SnapshotException("its learning curve is not whole");
    }
    List<AgentTrainer.Episode> eps = new ArrayList<>();
    for (int i = 0; i < reward.length; i++) eps.add(new AgentTrainer.Episode(i, phase[i], reward[i], steps[i], terminated[i] != 0));
    List<Double> phaseRewards = new ArrayList<>();
    for (double r : s.array("phase_rewards").doubles()) phaseRewards.add(r);
    AgentTrainer.State st = new AgentTrainer.State((int) s.counter("next_episode"), (int) s.counter("phase"),
        (int) s.counter("phase_start"), phaseRewards, eps);
    double b = s.array("best_reward").doubles()[0];
    sim.restore(s.child("sim", "simulation"));
    best[0] = b;
    for (String w : plastic) {
      if (s.has("best/" + w)) bestWeights.put(w, s.array("best/" + w));
    }
    return st;
  }

  private static AgentTrainer.Mastery mastery(Expr until) {
    Expr u = ConstantFolding.fold(until);
    if (u instanceof Binary b && (b.op() == BinaryOp.GT || b.op() == BinaryOp.GE) && b.left() instanceof Call c
        && c.function().equals("mean") && c.args().size() == 1 && ConstantFolding.fold(c.args().get(0)) instanceof Const k
        && b.right() instanceof Const threshold) {
      return new AgentTrainer.Mastery((int) k.value(), threshold.value());
    }
    throw new IllegalStateException("unchecked (TrainCheck): a mastery condition other than `mean(K) > X`");
  }

  private static Environment environment(String name, TrainSpec t, String phase, int maxSteps) {
    Map<String, Object> settings = new LinkedHashMap<>();
    for (Setting s : t.sourceSettings()) {
      Expr v = ConstantFolding.fold(s.value());
      if (v instanceof Const c) settings.put(s.name(), c.value());
    }
    if (name.equals("car_track")) {
      if (!phase.isEmpty()) settings.put("phase", phase);
      settings.put("max_steps", (double) maxSteps);
    }
    try {
      return Environments.create(name, settings);
    } catch (IllegalArgumentException e) {
      // The environment refuses the model's settings for it.
      throw new TrainingException(e.getMessage());
    }
  }

  private static String weightFile(String buffer) {
    return buffer.replaceAll("[^A-Za-z0-9_.-]", "_") + ".npy";
  }

  private static NpyArray array(Object a) {
    return a instanceof float[] f ? NpyArray.of(f.clone()) : NpyArray.of(((double[]) a).clone());
  }

  /** A vector as one CSV field: its elements separated by spaces. */
  private static String joined(double[] v) {
    StringBuilder b = new StringBuilder();
    for (double x : v) b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4g", x));
    return b.toString();
  }

  private static void writeCurve(List<AgentTrainer.Episode> episodes, TrainingFiles files) throws IOException {
    try (CsvWriter csv = CsvWriter.open(files.file("learning_curve.csv"))) {
      csv.row("episode", "phase", "reward", "steps", "crashed");
      for (AgentTrainer.Episode e : episodes) {
        csv.row(e.index() + 1, e.phase(), String.format(Locale.ROOT, "%.3f", e.reward()), e.steps(), e.terminated());
      }
    }
    AtomicFiles.write(files.file("learning_curve.svg"), Svg.curve(episodes.stream()
        .mapToDouble(AgentTrainer.Episode::reward).toArray()).getBytes(StandardCharsets.UTF_8));
  }
}
