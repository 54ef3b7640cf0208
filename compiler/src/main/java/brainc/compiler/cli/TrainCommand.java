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
import brainc.ir.source.SourceFile;
import brainc.runtime.io.AtomicFiles;
import brainc.runtime.io.OutputException;
import brainc.runtime.io.ResultFolder;
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
import picocli.CommandLine.ParameterException;
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
        "(surrogate gradients, backpropagation through time).",
        "Every flag is checked before any work; a flag that only the other kind of training reads is a usage error."},
    footerHeading = "%nExit codes:%n",
    footer = {"  0    trained",
        "  1    errors in the model, the data or the outputs; a refused --resume",
        "  2    usage error",
        "  130  stopped by Ctrl-C; the last complete checkpoint is intact (--resume)"})
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The .brain model to train.")
  Path file;

  @Option(names = "--episodes", paramLabel = "N", description = "Episodes in an environment, at least 1 (default: the file's).")
  Integer episodes;

  @Option(names = "--epochs", paramLabel = "N", description = "Epochs over a dataset, at least 1 (default: the file's).")
  Integer epochs;

  @Option(names = "--batch", paramLabel = "N", description = "Samples per batch on a dataset, 1 to 1048576 (default: the file's); more than the training"
      + " set is one batch of all of it.")
  Integer batch;

  @Option(names = "--data", paramLabel = "DIR", description = "Directory of the dataset's IDX files (default: the file's path).")
  Path data;

  @Option(names = "--limit", paramLabel = "N", description = "Train on the first N (at least 1) training samples of a dataset only.")
  Integer limit;

  @Option(names = "--test-limit", paramLabel = "N", description = "Test on the first N (at least 1) test samples of a dataset only.")
  Integer testLimit;

  @Option(names = "--checkpoint", paramLabel = "DIR", description = "Folder of the checkpoints, written (atomically) during training: after every epoch, or every"
          + " --checkpoint-every episodes (default: <out>.checkpoint, beside the results folder).")
  Path checkpointDir;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
      description = "Threads that run the shards (64 samples each) of a batch on a dataset, 1 to 1024 (default:"
          + " ${DEFAULT-VALUE}); results do not depend on it.")
  int threads;

  @Option(names = "--vector", negatable = true,
      description = "Run the dense-layer kernels on the JDK's incubating Vector API: the default where the JVM has"
          + " jdk.incubator.vector (bin/brainc adds it for train); --no-vector runs the portable generated kernels.")
  Boolean vector;

  @Option(names = "--dump-ir", paramLabel = "after:PASS",
      description = "Print the training IR after a pass (schedule-training, mark-binary-inputs, differentiate).")
  String dumpIr;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the environment or the data's shuffling, and the network, at least 0 (default: the file's).")
  Long seed;

  @Option(names = "--out", paramLabel = "DIR", description = "Folder of the results, published whole at the end with a manifest.json (default: out/<model>).")
  Path out;

  @Option(names = "--window", paramLabel = "TIME", defaultValue = "10ms",
      description = "In an environment, the simulated time the network runs per action: 0.1ms to 60s, rounded to whole"
          + " 0.1 ms steps (default: ${DEFAULT-VALUE}).")
  String window;

  @Option(names = "--no-curriculum", description = "In an environment, train on the curriculum's last phase only (for comparisons).")
  boolean noCurriculum;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "jvm", description = "jvm or interp.")
  String backend;

  @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
  boolean quiet;

  @Option(names = "--resume", description = "Continue from the checkpoint in <out>.checkpoint (or --checkpoint DIR); refused when the model,"
          + " the statement, the data or a flag that changes the results differs from the checkpoint's.")
  boolean resume;

  @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10",
      description = "In an environment, write a checkpoint every N episodes, at least 1 (default: ${DEFAULT-VALUE}), and at the end.")
  int checkpointEvery;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Write every environment step as CSV: episode, step, observation, readout, action, reward (written"
          + " whole at the end; never a file of the model or the results folder).")
  Path trace;

  /** Flags that only training on a dataset reads. */
  static final List<String> DATASET_FLAGS = List.of("--epochs", "--batch", "--data", "--limit", "--test-limit",
      "--threads", "--vector", "--no-vector", "--dump-ir");
  /** Flags that only training in an environment reads. */
  static final List<String> ENVIRONMENT_FLAGS = List.of("--episodes", "--window", "--no-curriculum",
      "--checkpoint-every", "--trace");
  /** The longest --window: a decision per minute of simulated time is no longer a closed loop. */
  static final double MAX_WINDOW_SECONDS = 60;
  /** The simulation step of environment training. */
  static final double DT = 1e-4;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    double windowSeconds = validateFlags();
    Optional<Analysis> checked = Inputs.checked(file, err);
    if (checked.isEmpty()) return ExitCode.INPUT;
    Analysis analysis = checked.get();
    IrModule module = Lowering.lower(analysis);
    List<TrainSpec> trains = module.decls().stream().filter(d -> d instanceof TrainSpec).map(d -> (TrainSpec) d).toList();
    if (trains.isEmpty()) {
      err.println("brainc: " + file + " has no `train` statement");
      return ExitCode.INPUT;
    }
    checkFlagsApply(trains);
    // What the model's text makes untrainable is refused here, before any data is read or any
    // file written, with the diagnostics `brainc check` reports (as errors).
    List<brainc.ir.diag.Diagnostic> refused = new ArrayList<>();
    for (TrainSpec t : trains) refused.addAll(brainc.compiler.passes.TrainCheck.refusals(module, t));
    brainc.compiler.driver.DiagnosticRenderer renderer = new brainc.compiler.driver.DiagnosticRenderer(analysis.sources());
    if (!refused.isEmpty()) {
      err.print(renderer.human(refused.stream().distinct().toList()));
      err.flush();
      return ExitCode.INPUT;
    }
    Path dir = out != null ? out : Path.of("out", RunCommandStem.of(file));
    List<String> texts = new ArrayList<>();
    for (SourceFile f : analysis.sources().values()) texts.add(f.text());
    java.util.Collections.sort(texts);
    String modelHash = TrainRecord.sha256(texts);
    List<Path> inputs = new ArrayList<>();
    inputs.add(file);
    for (SourceFile f : analysis.sources().values()) {
      Path p = Path.of(f.id().name());
      if (Files.isRegularFile(p)) inputs.add(p);
    }
    Map<String, Integer> seen = new LinkedHashMap<>();
    List<String> subs = new ArrayList<>();
    for (TrainSpec t : trains) {
      int k = seen.merge(t.target(), 1, Integer::sum);
      subs.add(trains.size() == 1 ? "" : k == 1 ? t.target() : t.target() + "-" + k);
      if (t.sourceKind().equals(TrainSpec.DATASET)) inputs.addAll(DatasetTraining.files(DatasetTraining.dataDir(t, data)));
    }
    Path checkpoints = checkpointDir != null ? checkpointDir : defaultCheckpoint(dir);
    try {
      TrainOutputs.check(dir, checkpoints, trace, inputs, subs);
    } catch (IOException e) {
      err.println("brainc: " + e.getMessage());
      return ExitCode.INPUT;
    }
    Map<String, String> run = new LinkedHashMap<>();
    run.put("command", "train");
    run.put("model", file.toString());
    run.put("model_sha256", modelHash);
    run.put("statements", String.join(", ", trains.stream().map(t -> t.target() + " " + t.sourceKind() + " " + t.source()).toList()));
    try (Interruption stop = Interruption.install(); ResultFolder folder = ResultFolder.open(dir, run)) {
      for (int i = 0; i < trains.size(); i++) {
        TrainSpec t = trains.get(i);
        Path ckpt = subs.get(i).isEmpty() ? checkpoints : checkpoints.resolve(subs.get(i));
        Results results = new Results(folder, subs.get(i), dir, ckpt, modelHash, i, stop);
        try {
          int code = train(module, t, windowSeconds, results, stdout, err);
          if (code != ExitCode.OK) return code;
        } catch (UnsupportedModelException e) {
          err.print(renderer.human(List.of(brainc.compiler.passes.TrainCheck.asError(brainc.compiler.passes.TrainCheck.diagnostic(e, t)))));
          err.flush();
          return ExitCode.INPUT;
        } catch (IllegalArgumentException e) {
          err.println("brainc: cannot train `" + t.target() + "`: " + e.getMessage());
          return ExitCode.INPUT;
        } catch (java.io.UncheckedIOException e) {
          throw e.getCause();
        }
      }
      folder.commit();
      return ExitCode.OK;
    } catch (Interruption.Stopped s) {
      err.println("brainc: interrupted; " + s.getMessage());
      err.flush();
      return ExitCode.INTERRUPTED;
    } catch (OutputException e) {
      err.println("brainc: " + e.getMessage());
      return ExitCode.INPUT;
    } catch (IOException e) {
      err.println("brainc: cannot write the results of training (" + dir + "): " + TrainOutputs.reason(e));
      return ExitCode.INPUT;
    }
  }

  /** Where checkpoints go by default: a folder beside the results, {@code <out>.checkpoint}. */
  static Path defaultCheckpoint(Path out) {
    Path name = out.toAbsolutePath().normalize().getFileName();
    return out.resolveSibling((name == null ? "out" : name.toString()) + ".checkpoint");
  }

  /** Where one statement's results and checkpoint go, and what identifies its run. */
  record Results(ResultFolder folder, String sub, Path target, Path checkpoint, String modelHash, int index,
      Interruption stop) {
    /** A result file, staged until the whole folder is committed. */
    Path file(String name) throws IOException {
      return folder.file(sub.isEmpty() ? name : sub + "/" + name);
    }

    /** Where a result file will be once committed (for messages). */
    Path shown(String name) {
      return sub.isEmpty() ? target.resolve(name) : target.resolve(sub).resolve(name);
    }
  }

  /** Whether the command line gave {@code option} ({@code --no-vector} counts as {@code --vector}, one option). */
  private boolean given(String option) {
    if (option.equals("--no-vector")) return false;
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** The name the user typed for an option (for --vector: --vector or --no-vector). */
  private String typed(String option) {
    if (!option.equals("--vector")) return option;
    return spec.commandLine().getParseResult().originalArgs().contains("--no-vector") ? "--no-vector" : "--vector";
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /**
   * Checks every flag's value before anything is read: each out of its range is a usage error
   * naming the flag and the valid values. Returns the window in seconds.
   */
  private double validateFlags() {
    requireRange("--episodes", episodes, 1, Integer.MAX_VALUE);
    requireRange("--epochs", epochs, 1, Integer.MAX_VALUE);
    requireRange("--batch", batch, 1, DatasetTraining.MAX_BATCH);
    requireRange("--limit", limit, 1, Integer.MAX_VALUE);
    requireRange("--test-limit", testLimit, 1, Integer.MAX_VALUE);
    requireRange("--threads", threads, 1, DatasetTraining.MAX_THREADS);
    requireRange("--checkpoint-every", checkpointEvery, 1, Integer.MAX_VALUE);
    if (seed != null && seed < 0) throw usage("--seed must be a whole number of at least 0, not " + seed);
    if (!Backends.NAMES.contains(backend)) {
      throw usage("unknown --backend `" + backend + "` (one of: " + String.join(", ", Backends.NAMES) + ")");
    }
    if (dumpIr != null) {
      String pass = dumpIr.startsWith("after:") ? dumpIr.substring(6) : dumpIr;
      if (!brainc.compiler.passes.TrainPipeline.PASSES.contains(pass)) {
        throw usage("--dump-ir: no training pass `" + pass + "` (one of: "
            + String.join(", ", brainc.compiler.passes.TrainPipeline.PASSES) + ", as after:PASS)");
      }
    }
    double w;
    try {
      w = Durations.seconds(window, "--window");
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    if (!(w >= DT) || w > MAX_WINDOW_SECONDS) {
      throw usage("--window must be between 0.1ms (one simulation step) and " + (int) MAX_WINDOW_SECONDS
          + "s, not " + window.strip());
    }
    return w;
  }

  private void requireRange(String flag, Integer value, long min, long max) {
    if (value == null) return;
    if (value < min || value > max) {
      throw usage(flag + " must be " + (max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max)
          + ", not " + value);
    }
  }

  /** A flag given on the command line that no `train` statement of the model reads is a usage error. */
  private void checkFlagsApply(List<TrainSpec> trains) {
    boolean anyDataset = trains.stream().anyMatch(t -> t.sourceKind().equals(TrainSpec.DATASET));
    boolean anyEnvironment = trains.stream().anyMatch(t -> t.sourceKind().equals(TrainSpec.ENVIRONMENT));
    String what = trains.size() == 1 ? "`" + trains.get(0).target() + "` trains " : "every `train` statement of " + file + " trains ";
    if (!anyDataset) {
      for (String f : DATASET_FLAGS) {
        if (given(f)) {
          throw usage(typed(f) + " applies to training on a dataset, but " + what + "in an environment (its flags: "
              + String.join(", ", ENVIRONMENT_FLAGS) + ")");
        }
      }
    }
    if (noCurriculum && anyEnvironment && trains.stream().allMatch(t -> t.curriculum().isEmpty())) {
      throw usage("--no-curriculum: " + (trains.size() == 1 ? "`" + trains.get(0).target() + "` has no curriculum"
          : "no `train` statement has a curriculum") + " to leave out");
    }
    if (!anyEnvironment) {
      for (String f : ENVIRONMENT_FLAGS) {
        if (given(f)) {
          throw usage(f + " applies to training in an environment, but " + what + "on a dataset (its flags: "
              + String.join(", ", DATASET_FLAGS.subList(0, 6)) + ", ...)");
        }
      }
    }
  }

  private int train(IrModule module, TrainSpec t, double windowSeconds, Results results, PrintWriter stdout, PrintWriter err)
      throws IOException {
    if (t.sourceKind().equals(TrainSpec.DATASET)) {
      String after = dumpIr == null ? null : dumpIr.startsWith("after:") ? dumpIr.substring(6) : dumpIr;
      return DatasetTraining.run(module, t, new DatasetTraining.Options(epochs, seed, batch, data, results,
          resume, backend, threads, vector != null ? vector : JvmTrainExecutor.vectorAvailable(), limit, testLimit,
          after, quiet), stdout, err);
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
    double dt = DT;
    int actionSteps = Math.max(1, (int) Math.round(windowSeconds / dt));
    if (Math.abs(actionSteps * dt - windowSeconds) > 1e-9 * windowSeconds) {
      err.println(String.format(Locale.ROOT, "brainc: note: --window %s is not a whole number of %.1f ms steps; using %d step%s (%s ms)",
          window.strip(), dt * 1e3, actionSteps, actionSteps == 1 ? "" : "s", new java.math.BigDecimal(actionSteps * dt * 1e3).round(new java.math.MathContext(6))
              .stripTrailingZeros().toPlainString()));
    }
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
    AgentTrainer.Schedule schedule = schedule(t);
    TrainRecord record = new TrainRecord()
        .put("model", results.modelHash())
        .put("statement", "train " + t.target() + " in environment " + envName + " (statement " + (results.index() + 1) + ")")
        .put("seed", sd)
        .put("window", actionSteps + " steps of " + dt + " s")
        .put("steps", maxSteps)
        .put("curriculum", noCurriculum ? "last phase only" : phases.stream().map(AgentTrainer.Phase::name).toList())
        .put("schedule", scheduleText(t));
    if (totalMatters(t)) record.put("episodes", n);
    var encode = Encodings.of(envName);
    AgentTrainer trainer = new AgentTrainer(sim, phase -> environment(envName, t, phase, maxSteps), encode);
    if (trace != null && trace.toAbsolutePath().getParent() != null) Files.createDirectories(trace.toAbsolutePath().getParent());
    CsvWriter traceCsv = trace == null ? null : CsvWriter.open(trace);
    try {
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
      Map<String, NpyArray> bestWeights = new LinkedHashMap<>();
      Path state = results.checkpoint().resolve("state");
      Path bestDir = results.checkpoint().resolve("best");
      AgentTrainer.State from = AgentTrainer.State.START;
      if (resume) {
        java.util.Properties meta;
        try {
          recoverState(state, err);
          meta = brainc.codegen.Checkpoint.load(sim, state);
        } catch (IOException x) {
          throw new IllegalArgumentException("cannot resume: " + x.getMessage());
        }
        List<String> differ = TrainRecord.parse(meta.getProperty("trainer.record", "")).differences(record);
        if (!differ.isEmpty()) throw new IllegalArgumentException(refusal(state, differ));
        from = TrainState.read(meta);
        if (from.nextEpisode() > n) {
          throw new IllegalArgumentException("cannot resume: the checkpoint in " + state + " has already run " + from.nextEpisode()
              + " episodes, more than the " + n + " asked for; its weights are not those of a " + n + "-episode run");
        }
        if (from.nextEpisode() == n) {
          err.println("brainc: note: the checkpoint in " + state + " has already run all " + n + " episodes; publishing its "
              + "results (ask for more with --episodes)");
        }
        best[0] = Double.parseDouble(meta.getProperty("trainer.best", "-Infinity"));
        for (String b : plastic) {
          Path f = bestDir.resolve(weightFile(b));
          if (Files.isRegularFile(f)) bestWeights.put(b, brainc.runtime.io.NpyReader.read(f));
        }
        if (!quiet) err.println("resuming at episode " + (from.nextEpisode() + 1) + " from " + state);
      }
      long start = System.nanoTime();
      int every = checkpointEvery;
      int efferenceSteps = (int) Math.round(settings.getOrDefault("efference", 0.0) / dt);
      int[] saved = {from.nextEpisode()};
      List<AgentTrainer.Episode> result;
      try {
        result = trainer.train(new AgentTrainer.Config(n, sd, actionSteps, input,
            action.readout(), phases, schedule, efferenceSteps), (e, all, st) -> {
              if (e.reward() > best[0]) {
                best[0] = e.reward();
                bestWeights.clear();
                for (String b : plastic) bestWeights.put(b, array(sim.memory().buffer(b)));
              }
              if ((e.index() + 1) % every == 0 || e.index() + 1 == n) {
                try {
                  java.util.Properties meta = TrainState.write(st);
                  meta.setProperty("trainer.best", Double.toString(best[0]));
                  meta.setProperty("trainer.record", record.text());
                  Files.createDirectories(bestDir);
                  for (Map.Entry<String, NpyArray> w : bestWeights.entrySet()) {
                    NpyWriter.write(bestDir.resolve(weightFile(w.getKey())), w.getValue());
                  }
                  brainc.codegen.Checkpoint.save(sim, state, meta);
                  saved[0] = e.index() + 1;
                } catch (IOException x) {
                  err.println("brainc: cannot write a checkpoint to " + state + ": " + TrainOutputs.reason(x));
                }
              }
              if (!quiet && ((e.index() + 1) % 10 == 0 || e.index() + 1 == n)) {
                double mean = all.subList(Math.max(0, all.size() - 10), all.size()).stream()
                    .mapToDouble(AgentTrainer.Episode::reward).average().orElse(0);
                err.printf(Locale.ROOT, "episode %4d/%d  phase %-14s reward %8.1f  mean(10) %8.1f  best %8.1f%n",
                    e.index() + 1, n, e.phase().isEmpty() ? "-" : e.phase(), e.reward(), mean, best[0]);
                err.flush();
              }
              if (results.stop().requested()) {
                throw new Interruption.Stopped(saved[0] == 0 ? "no checkpoint was written yet"
                    : "the checkpoint after episode " + saved[0] + " is in " + state + "; continue with --resume");
              }
            }, from);
      } catch (Interruption.Stopped s) {
        if (traceCsv != null) traceCsv.abort();
        throw s;
      }
      if (traceCsv != null) traceCsv.close();
      double seconds = (System.nanoTime() - start) / 1e9;
      for (Map.Entry<String, NpyArray> w : bestWeights.entrySet()) {
        NpyWriter.write(results.file("best/" + weightFile(w.getKey())), w.getValue());
      }
      for (String b : plastic) NpyWriter.write(results.file("final/" + weightFile(b)), array(sim.memory().buffer(b)));
      writeCurve(result, results);
      double mean = result.stream().mapToDouble(AgentTrainer.Episode::reward).average().orElse(0);
      List<AgentTrainer.Episode> last = result.subList(Math.max(0, result.size() - 100), result.size());
      double lastMean = last.stream().mapToDouble(AgentTrainer.Episode::reward).average().orElse(0);
      double crashes = 100.0 * last.stream().filter(AgentTrainer.Episode::terminated).count() / Math.max(1, last.size());
      String reached = result.isEmpty() ? "-" : result.get(result.size() - 1).phase();
      stdout.printf(Locale.ROOT, "%s in %s: %d episodes in %.1f s%n", t.target(), envName, result.size(), seconds);
      if (!phases.isEmpty()) stdout.println("  curriculum reached phase: " + reached);
      stdout.printf(Locale.ROOT, "  best episode reward %.1f, mean %.1f (last %d: mean %.1f, %.0f%% crashed)%n",
          best[0], mean, last.size(), lastMean, crashes);
      stdout.println("  learning curve: " + results.shown("learning_curve.csv") + ", " + results.shown("learning_curve.svg"));
      stdout.flush();
      return ExitCode.OK;
    } catch (IOException | RuntimeException x) {
      if (traceCsv != null) traceCsv.abort();
      throw x;
    }
  }

  /**
   * A checkpoint is replaced by two renames (the old state aside, the new one in); a kill between
   * them leaves only the old, complete state under a hidden name. Puts it back, so that resuming
   * continues from the last complete checkpoint.
   */
  private static void recoverState(Path state, PrintWriter err) throws IOException {
    if (Files.exists(state) || state.getParent() == null || !Files.isDirectory(state.getParent())) return;
    Path newest = null;
    try (var ds = Files.newDirectoryStream(state.getParent(), "." + state.getFileName() + ".old-*")) {
      for (Path p : ds) {
        if (Files.isRegularFile(p.resolve("checkpoint.properties"))
            && (newest == null || p.getFileName().toString().compareTo(newest.getFileName().toString()) > 0)) {
          newest = p;
        }
      }
    }
    if (newest != null) {
      Files.move(newest, state, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      err.println("brainc: note: recovered the last complete checkpoint in " + state + " (a run was stopped while replacing it)");
    }
  }

  /** The message that refuses a resume under changed settings. */
  static String refusal(Path checkpoint, List<String> differences) {
    return "cannot resume from " + checkpoint + ": it was written under other settings, and resuming would mix two "
        + "different runs:\n    " + String.join("\n    ", differences)
        + "\n  run with the checkpoint's settings, or start afresh without --resume";
  }

  /** Whether the schedule of {@code t} depends on the number of episodes or epochs of the whole run. */
  static boolean totalMatters(TrainSpec t) {
    return t.settings().stream().anyMatch(s -> s.name().equals("schedule") && s.value() instanceof Call c
        && (c.function().equals("cosine") || c.function().equals("warmup_cosine")));
  }

  /** The schedule setting as text, its arguments named and folded. */
  static String scheduleText(TrainSpec t) {
    for (Setting s : t.settings()) {
      if (s.name().equals("schedule")) return callText("schedule", s.value());
    }
    return "constant()";
  }

  /**
   * A constructor call of a catalog family as text, its arguments named and folded, e.g.
   * {@code adam(lr = 0.02, beta1 = 0.9, ...)}; names come from the catalog, in its order.
   */
  static String callText(String family, Expr e) {
    if (!(e instanceof Call c)) return String.valueOf(FoldConstants.fold(e) instanceof Const k ? k.value() : e);
    List<String> names = brainc.compiler.sema.Catalog.lookup(family, c.function())
        .map(brainc.compiler.sema.Signature::paramNames).orElse(List.of());
    List<String> args = new ArrayList<>();
    for (int i = 0; i < c.args().size(); i++) {
      Expr v = FoldConstants.fold(c.args().get(i));
      String text = v instanceof Const k ? fmt(k.value()) : v instanceof brainc.ir.model.Ref r ? r.name()
          : v instanceof brainc.ir.model.BoolConst b ? Boolean.toString(b.value()) : String.valueOf(v);
      args.add(i < names.size() ? names.get(i) + " = " + text : text);
    }
    return c.function() + "(" + String.join(", ", args) + ")";
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
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

  private static void writeCurve(List<AgentTrainer.Episode> episodes, Results results) throws IOException {
    try (CsvWriter csv = CsvWriter.open(results.file("learning_curve.csv"))) {
      csv.row("episode", "phase", "reward", "steps", "crashed");
      for (AgentTrainer.Episode e : episodes) {
        csv.row(e.index() + 1, e.phase(), String.format(Locale.ROOT, "%.3f", e.reward()), e.steps(), e.terminated());
      }
    }
    AtomicFiles.write(results.file("learning_curve.svg"), Svg.curve(episodes.stream()
        .mapToDouble(AgentTrainer.Episode::reward).toArray()).getBytes(StandardCharsets.UTF_8));
  }
}
