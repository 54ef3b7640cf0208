package brainc.compiler.cli;

import brainc.codegen.Simulation;
import brainc.codegen.train.AgentTrainer;
import brainc.codegen.train.JvmTrainExecutor;
import brainc.compiler.driver.Analysis;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.FoldConstants;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.compiler.schedule.UnsupportedModelException;
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
import brainc.ir.types.Real;
import brainc.ir.units.Dimension;
import brainc.runtime.env.Environment;
import brainc.runtime.env.Environments;
import brainc.runtime.io.AtomicFiles;
import brainc.runtime.io.CsvWriter;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpyWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code brainc train FILE}: runs the `train` statements of a model. In an environment: a
 * network in closed loop, learning through its plastic synapses and signals; writes the
 * learning curve (CSV and SVG) and the best weights, and ends by printing the best and mean
 * episode reward. On a dataset: surrogate-gradient training ({@link DatasetTraining}).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {"Train the networks of a model's `train` statements: in an environment (plasticity) or on a dataset",
        "(surrogate gradients, backpropagation through time)."})
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The .brain model to train.")
  Path file;

  @Option(names = "--episodes", paramLabel = "N", description = "Episodes to run (default: the file's).")
  Integer episodes;

  @Option(names = "--epochs", paramLabel = "N", description = "Epochs over a dataset (default: the file's).")
  Integer epochs;

  @Option(names = "--batch", paramLabel = "N", description = "Samples per batch on a dataset (default: the file's).")
  Integer batch;

  @Option(names = "--data", paramLabel = "DIR", description = "Directory of the dataset's IDX files (default: the file's path).")
  Path data;

  @Option(names = "--limit", paramLabel = "N", description = "Train on the first N training samples only.")
  Integer limit;

  @Option(names = "--test-limit", paramLabel = "N", description = "Test on the first N test samples only.")
  Integer testLimit;

  @Option(names = "--checkpoint", paramLabel = "DIR", description = "Directory of the checkpoint (default: <out>/checkpoint).")
  Path checkpointDir;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
      description = "Threads that run the shards (64 samples each) of a batch on a dataset (default: ${DEFAULT-VALUE}); results do not depend on it.")
  int threads;

  @Option(names = "--vector", negatable = true,
      description = "Run the dense-layer kernels on the JDK's incubating Vector API: the default where the JVM has"
          + " jdk.incubator.vector (bin/brainc adds it for train); --no-vector runs the portable generated kernels.")
  Boolean vector;

  @Option(names = "--dump-ir", paramLabel = "after:PASS",
      description = "Print the training IR after a pass (schedule-training, mark-binary-inputs, differentiate).")
  String dumpIr;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the environment and the network.")
  Long seed;

  @Option(names = "--out", paramLabel = "DIR", description = "Directory for the learning curve and weights (default: out/<model>).")
  Path out;

  @Option(names = "--window", paramLabel = "TIME", defaultValue = "10ms",
      description = "Simulated time the network runs per action (default: ${DEFAULT-VALUE}).")
  String window;

  @Option(names = "--no-curriculum", description = "Train on the last phase only (for comparisons).")
  boolean noCurriculum;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "jvm", description = "jvm or interp.")
  String backend;

  @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
  boolean quiet;

  @Option(names = "--resume", description = "Continue from the checkpoint in <out>/checkpoint (or --checkpoint DIR).")
  boolean resume;

  @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10",
      description = "Write a checkpoint every N episodes (default: ${DEFAULT-VALUE}) and at the end.")
  int checkpointEvery;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Write every environment step as CSV: episode, step, observation, readout, action, reward.")
  Path trace;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    double windowSeconds = Durations.seconds(window, "--window");
    Optional<Analysis> checked = Inputs.checked(file, err);
    if (checked.isEmpty()) return ExitCode.INPUT;
    Analysis analysis = checked.get();
    IrModule module = Lowering.lower(analysis);
    List<TrainSpec> trains = module.decls().stream().filter(d -> d instanceof TrainSpec).map(d -> (TrainSpec) d).toList();
    if (trains.isEmpty()) {
      err.println("brainc: " + file + " has no `train` statement");
      return ExitCode.INPUT;
    }
    Path dir = out != null ? out : Path.of("out", RunCommandStem.of(file));
    for (TrainSpec t : trains) {
      try {
        int code = train(module, t, windowSeconds, dir, stdout, err);
        if (code != ExitCode.OK) return code;
      } catch (UnsupportedModelException | IllegalArgumentException e) {
        err.println("brainc: cannot train `" + t.target() + "`: " + e.getMessage());
        return ExitCode.INPUT;
      } catch (IOException e) {
        err.println("brainc: cannot write the results to " + dir + ": " + e.getMessage());
        return ExitCode.INPUT;
      }
    }
    return ExitCode.OK;
  }

  private int train(IrModule module, TrainSpec t, double windowSeconds, Path dir, PrintWriter stdout, PrintWriter err)
      throws IOException {
    if (t.sourceKind().equals(TrainSpec.DATASET)) {
      String after = dumpIr == null ? null : dumpIr.startsWith("after:") ? dumpIr.substring(6) : dumpIr;
      try {
        return DatasetTraining.run(module, t, new DatasetTraining.Options(epochs, seed, batch, data, dir, checkpointDir,
            resume, backend, threads, vector != null ? vector : JvmTrainExecutor.vectorAvailable(), limit, testLimit,
            after, quiet), stdout, err);
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
    }
    if (!(module.find(t.target()).orElse(null) instanceof Network net)) {
      throw new UnsupportedModelException("only networks can be trained in an environment in this version");
    }
    Map<String, Double> settings = new LinkedHashMap<>();
    for (Setting s : t.settings()) {
      Expr v = FoldConstants.fold(s.value());
      if (v instanceof Const c) settings.put(s.name(), c.value());
    }
    int n = episodes != null ? episodes : settings.getOrDefault("episodes", 500.0).intValue();
    long sd = seed != null ? seed : settings.getOrDefault("seed", 0.0).longValue();
    int maxSteps = settings.getOrDefault("steps", 100.0).intValue();
    double dt = 1e-4;
    int actionSteps = Math.max(1, (int) Math.round(windowSeconds / dt));
    if (net.inputs().size() != 1) {
      throw new UnsupportedModelException("a network trained in an environment needs exactly one `input`");
    }
    String input = net.inputs().get(0).name();
    Output action = net.outputs().stream().filter(o -> o.name().equals("action")).findFirst()
        .or(() -> net.outputs().stream().findFirst())
        .orElseThrow(() -> new UnsupportedModelException("the network has no `output` to act with"));
    List<AgentTrainer.Phase> phases = new ArrayList<>();
    for (CurriculumPhase p : t.curriculum()) phases.add(new AgentTrainer.Phase(p.name(), p.until().map(this::mastery)));
    if (noCurriculum && !phases.isEmpty()) phases = List.of(new AgentTrainer.Phase(phases.get(phases.size() - 1).name(), Optional.empty()));

    RunSpec run = new RunSpec("train", t.target(), new Const(windowSeconds, new Real(Dimension.TIME)),
        new Const(dt, new Real(Dimension.TIME)), sd, List.of(), t.origin());
    Pipeline.Result compiled = Pipeline.compile(module, run, new Pipeline.RunSettings(windowSeconds, dt, sd),
        new PassContext(), (p, ir) -> {});
    Simulation sim = Backends.byName(backend).orElseThrow(() -> new IllegalArgumentException("unknown backend " + backend))
        .prepare(compiled.kernel());
    String envName = t.source();
    Environment probe = environment(envName, t, phases.isEmpty() ? "" : phases.get(0).name(), maxSteps);
    int inputSize = net.inputs().get(0).size();
    if (probe.observationSize() != inputSize) {
      throw new UnsupportedModelException("`" + envName + "` observes " + probe.observationSize() + " values but `input "
          + input + "` has " + inputSize);
    }
    var encode = Encodings.of(envName);
    AgentTrainer trainer = new AgentTrainer(sim, phase -> environment(envName, t, phase, maxSteps), encode);
    CsvWriter traceCsv = trace == null ? null : CsvWriter.open(trace);
    if (traceCsv != null) {
      traceCsv.row("episode", "step", "observation", "readout", "action", "reward", "terminated");
      trainer.tracing((episode, step, obs, readout, act, outcome) -> {
        try {
          traceCsv.row(episode + 1, step + 1, joined(obs), joined(readout), act, outcome.reward(), outcome.terminated());
        } catch (IOException x) {
          throw new java.io.UncheckedIOException(x);
        }
      });
    }
    List<String> plastic = compiled.kernel().buffers().stream()
        .filter(b -> b.extent() instanceof KernelProgram.Extent.Synapses && b.name().endsWith(".w"))
        .map(KernelProgram.Buffer::name).toList();
    double[] best = {Double.NEGATIVE_INFINITY};
    Files.createDirectories(dir);
    Path checkpoint = dir.resolve("checkpoint");
    AgentTrainer.State from = AgentTrainer.State.START;
    if (resume) {
      java.util.Properties meta;
      try {
        meta = brainc.codegen.Checkpoint.load(sim, checkpoint);
      } catch (IOException x) {
        throw new IllegalArgumentException("cannot resume: " + x.getMessage());
      }
      from = TrainState.read(meta);
      best[0] = Double.parseDouble(meta.getProperty("trainer.best", "-Infinity"));
      if (!quiet) err.println("resuming at episode " + (from.nextEpisode() + 1) + " from " + checkpoint);
    }
    long start = System.nanoTime();
    AgentTrainer.Schedule schedule = schedule(t);
    int every = Math.max(1, checkpointEvery);
    int efferenceSteps = (int) Math.round(settings.getOrDefault("efference", 0.0) / dt);
    List<AgentTrainer.Episode> result = trainer.train(new AgentTrainer.Config(n, sd, actionSteps, input,
        action.readout(), phases, schedule, efferenceSteps), (e, all, state) -> {
          if (e.reward() > best[0]) {
            best[0] = e.reward();
            saveWeights(sim, plastic, dir.resolve("best"), err);
          }
          if ((e.index() + 1) % every == 0 || e.index() + 1 == n) {
            try {
              java.util.Properties meta = TrainState.write(state);
              meta.setProperty("trainer.best", Double.toString(best[0]));
              brainc.codegen.Checkpoint.save(sim, checkpoint, meta);
            } catch (IOException x) {
              err.println("brainc: cannot write a checkpoint to " + checkpoint + ": " + x.getMessage());
            }
          }
          if (!quiet && ((e.index() + 1) % 10 == 0 || e.index() + 1 == n)) {
            double mean = all.subList(Math.max(0, all.size() - 10), all.size()).stream()
                .mapToDouble(AgentTrainer.Episode::reward).average().orElse(0);
            err.printf(Locale.ROOT, "episode %4d/%d  phase %-14s reward %8.1f  mean(10) %8.1f  best %8.1f%n",
                e.index() + 1, n, e.phase().isEmpty() ? "-" : e.phase(), e.reward(), mean, best[0]);
            err.flush();
          }
        }, from);
    if (traceCsv != null) traceCsv.close();
    double seconds = (System.nanoTime() - start) / 1e9;
    saveWeights(sim, plastic, dir.resolve("final"), err);
    writeCurve(result, dir);
    double mean = result.stream().mapToDouble(AgentTrainer.Episode::reward).average().orElse(0);
    List<AgentTrainer.Episode> last = result.subList(Math.max(0, result.size() - 100), result.size());
    double lastMean = last.stream().mapToDouble(AgentTrainer.Episode::reward).average().orElse(0);
    double crashes = 100.0 * last.stream().filter(AgentTrainer.Episode::terminated).count() / Math.max(1, last.size());
    String reached = result.isEmpty() ? "-" : result.get(result.size() - 1).phase();
    stdout.printf(Locale.ROOT, "%s in %s: %d episodes in %.1f s%n", t.target(), envName, result.size(), seconds);
    if (!phases.isEmpty()) stdout.println("  curriculum reached phase: " + reached);
    stdout.printf(Locale.ROOT, "  best episode reward %.1f, mean %.1f (last %d: mean %.1f, %.0f%% crashed)%n",
        best[0], mean, last.size(), lastMean, crashes);
    stdout.println("  learning curve: " + dir.resolve("learning_curve.csv") + ", " + dir.resolve("learning_curve.svg"));
    stdout.flush();
    return ExitCode.OK;
  }

  /** A vector as one CSV field: its elements separated by spaces. */
  private static String joined(double[] v) {
    StringBuilder b = new StringBuilder();
    for (double x : v) b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4g", x));
    return b.toString();
  }

  /** The learning-rate schedule of the `schedule` setting (its arguments are in catalog order). */
  private static AgentTrainer.Schedule schedule(TrainSpec t) {
    for (Setting s : t.settings()) {
      if (!s.name().equals("schedule") || !(s.value() instanceof Call c)) continue;
      List<Double> a = c.args().stream().map(x -> FoldConstants.fold(x) instanceof Const k ? k.value() : 0.0).toList();
      return switch (c.function()) {
        case "step_decay" -> AgentTrainer.Schedule.step(a.get(0).intValue(), a.get(1));
        case "cosine" -> AgentTrainer.Schedule.cosine();
        case "phase_reset" -> AgentTrainer.Schedule.phaseReset(a.get(0));
        case "warmup_cosine" -> AgentTrainer.Schedule.warmupCosine(a.get(0).intValue());
        default -> AgentTrainer.Schedule.CONSTANT;
      };
    }
    return AgentTrainer.Schedule.CONSTANT;
  }

  private AgentTrainer.Mastery mastery(Expr until) {
    Expr u = FoldConstants.fold(until);
    if (u instanceof Binary b && (b.op() == BinaryOp.GT || b.op() == BinaryOp.GE) && b.left() instanceof Call c
        && c.function().equals("mean") && c.args().size() == 1 && FoldConstants.fold(c.args().get(0)) instanceof Const k
        && b.right() instanceof Const threshold) {
      return new AgentTrainer.Mastery((int) k.value(), threshold.value());
    }
    throw new UnsupportedModelException("a mastery condition other than `mean(K) > X`");
  }

  private static Environment environment(String name, TrainSpec t, String phase, int maxSteps) {
    Map<String, Object> settings = new LinkedHashMap<>();
    for (Setting s : t.sourceSettings()) {
      Expr v = FoldConstants.fold(s.value());
      if (v instanceof Const c) settings.put(s.name(), c.value());
    }
    if (name.equals("car_track")) {
      if (!phase.isEmpty()) settings.put("phase", phase);
      settings.put("max_steps", (double) maxSteps);
    }
    return Environments.create(name, settings);
  }

  private static void saveWeights(Simulation sim, List<String> buffers, Path dir, PrintWriter err) {
    try {
      Files.createDirectories(dir);
      for (String b : buffers) {
        Object a = sim.memory().buffer(b);
        NpyArray array = a instanceof float[] f ? NpyArray.of(f.clone()) : NpyArray.of(((double[]) a).clone());
        NpyWriter.write(dir.resolve(b.replaceAll("[^A-Za-z0-9_.-]", "_") + ".npy"), array);
      }
    } catch (IOException e) {
      err.println("brainc: cannot save the best weights: " + e.getMessage());
    }
  }

  private static void writeCurve(List<AgentTrainer.Episode> episodes, Path dir) throws IOException {
    try (CsvWriter csv = CsvWriter.open(dir.resolve("learning_curve.csv"))) {
      csv.row("episode", "phase", "reward", "steps", "crashed");
      for (AgentTrainer.Episode e : episodes) {
        csv.row(e.index() + 1, e.phase(), String.format(Locale.ROOT, "%.3f", e.reward()), e.steps(), e.terminated());
      }
    }
    AtomicFiles.write(dir.resolve("learning_curve.svg"), Svg.curve(episodes.stream()
        .mapToDouble(AgentTrainer.Episode::reward).toArray()).getBytes(StandardCharsets.UTF_8));
  }
}
