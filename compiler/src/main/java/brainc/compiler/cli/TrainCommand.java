package brainc.compiler.cli;

import brainc.compiler.api.DatasetTrainingRun;
import brainc.compiler.api.EnvironmentTraining;
import brainc.compiler.api.InitWeightsException;
import brainc.compiler.api.TrainingException;
import brainc.compiler.api.TrainingFiles;
import brainc.compiler.api.TrainingStopped;
import brainc.compiler.api.Trainings;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.DiagnosticRenderer;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.TrainSpec;
import brainc.ir.targets.ProgramKind;
import brainc.runtime.io.OutputException;
import brainc.runtime.io.ResultFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * episode reward. On a dataset: surrogate-gradient training. The trainings themselves are the
 * library API's ({@link EnvironmentTraining}, {@link DatasetTrainingRun}); this command parses
 * flags and prints.
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

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads that run the shards (64 samples each) of a batch on a dataset, 1 to 1024 (default: the"
          + " machine's cores); results do not depend on it.")
  Integer threads;

  @Option(names = "--vector", negatable = true,
      description = "Run the dense-layer kernels on the JDK's incubating Vector API: the default where the JVM has"
          + " jdk.incubator.vector (bin/brainc adds it for train); --no-vector runs the portable generated kernels.")
  Boolean vector;

  @Option(names = "--dump-ir", paramLabel = "after:PASS",
      description = "Print the tensor IR after a pass (schedule-training, mark-binary-inputs, differentiate).")
  String dumpIr;

  @Option(names = "--explain",
      description = "Print each compiler pass's time (time: PASS 1.234 ms) and decisions on stderr, as run --explain does.")
  boolean explain;

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

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "jvm", description = "The engine: jvm or interp.")
  String backend;

  @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
  boolean quiet;

  @Option(names = "--resume", description = "Continue from the checkpoint in <out>.checkpoint (or --checkpoint DIR); refused when the model,"
          + " the statement, the data or a flag that changes the results differs from the checkpoint's.")
  boolean resume;

  @Option(names = "--init", paramLabel = "FILE.npz",
      description = "On a dataset, start from the parameters in this archive instead of random ones: the layout of"
          + " weights.npz (float32 or float64, <layer>.weight [out, in], <layer>.bias [out]), every parameter"
          + " and nothing else; not with --resume, which continues from the checkpoint's.")
  Path init;

  @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10",
      description = "In an environment, write a checkpoint every N episodes, at least 1 (default: ${DEFAULT-VALUE}), and at the end.")
  int checkpointEvery;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Write every environment step as CSV: episode, step, observation, readout, action, reward (written"
          + " whole at the end; never a file of the model or the results folder).")
  Path trace;

  /** Flags that only training on a dataset reads. */
  static final List<String> DATASET_FLAGS = List.of("--epochs", "--batch", "--data", "--limit", "--test-limit",
      "--threads", "--vector", "--no-vector", "--dump-ir", "--init");
  /** Flags that only training in an environment reads. */
  static final List<String> ENVIRONMENT_FLAGS = List.of("--episodes", "--window", "--no-curriculum",
      "--checkpoint-every", "--trace");
  /** The longest --window: a decision per minute of simulated time is no longer a closed loop. */
  static final double MAX_WINDOW_SECONDS = 60;
  /** The simulation step of environment training. */
  static final double DT = EnvironmentTraining.DT;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    double windowSeconds = validateFlags();
    Optional<Analysis> checked = Inputs.checked(file, err);
    if (checked.isEmpty()) return ExitCode.INPUT;
    Analysis analysis = checked.get();
    Trainings.Plan plan = Trainings.plan(file, analysis, data);
    List<TrainSpec> trains = plan.statements();
    if (trains.isEmpty()) {
      err.println("brainc: " + file + " has no `train` statement");
      return ExitCode.INPUT;
    }
    checkFlagsApply(trains);
    // What the model's text makes untrainable is refused here, before any data is read or any
    // file written, with the diagnostics `brainc check` reports (as errors).
    List<Diagnostic> refused = Trainings.refusals(plan);
    DiagnosticRenderer renderer = new DiagnosticRenderer(analysis.sources());
    if (!refused.isEmpty()) {
      err.print(renderer.human(refused));
      err.flush();
      return ExitCode.INPUT;
    }
    Path dir = out != null ? out : Path.of("out", RunCommandStem.of(file));
    Path checkpoints = checkpointDir != null ? checkpointDir : Trainings.defaultCheckpoint(dir);
    try {
      Trainings.checkOutputs(init == null ? plan : plan.withInput(init), dir, checkpoints, trace);
    } catch (IOException e) {
      err.println("brainc: " + e.getMessage());
      return ExitCode.INPUT;
    }
    Map<String, String> run = new LinkedHashMap<>();
    run.put("command", "train");
    run.put("model", file.toString());
    run.put("model_sha256", plan.modelHash());
    run.put("statements", String.join(", ", trains.stream().map(t -> t.target() + " " + t.sourceKind() + " " + t.source()).toList()));
    if (init != null) run.put("init", init.toString());
    try (Interruption stop = Interruption.install(); ResultFolder folder = ResultFolder.open(dir, run)) {
      for (int i = 0; i < trains.size(); i++) {
        TrainSpec t = trains.get(i);
        String sub = plan.subs().get(i);
        Path ckpt = sub.isEmpty() ? checkpoints : checkpoints.resolve(sub);
        TrainingFiles files = new TrainingFiles(folder, sub, dir, ckpt, plan.modelHash(), i, stop::requested);
        try {
          if (t.sourceKind().equals(TrainSpec.DATASET)) trainOnDataset(plan, t, files, stdout, err);
          else trainInEnvironment(plan, t, windowSeconds, files, stdout, err);
        } catch (TrainingException e) {
          if (e.diagnostic().isPresent()) err.print(renderer.human(List.of(e.diagnostic().get())));
          else err.println("brainc: cannot train `" + t.target() + "`: " + e.getMessage());
          return ExitCode.INPUT;
        } catch (InitWeightsException e) {
          // The archive is binary: its diagnostics point at the file (line 1, column 1), as E0806's do.
          err.println(e.file() + ":1:1: error[" + e.code().id() + "]: " + e.getMessage());
          return ExitCode.INPUT;
        } catch (java.io.UncheckedIOException e) {
          throw e.getCause();
        }
      }
      folder.commit();
      return ExitCode.OK;
    } catch (TrainingStopped s) {
      err.println("brainc: interrupted; " + s.getMessage());
      err.flush();
      return ExitCode.INTERRUPTED;
    } catch (OutputException e) {
      err.println("brainc: " + e.getMessage());
      return ExitCode.INPUT;
    } catch (IOException e) {
      err.println("brainc: cannot write the results of training (" + dir + "): " + Trainings.reason(e));
      return ExitCode.INPUT;
    }
  }

  /** The threads of a training on a dataset: --threads, else the machine's cores. */
  int threads() {
    return threads != null ? threads : Trainings.defaultThreads();
  }

  private void trainOnDataset(Trainings.Plan plan, TrainSpec t, TrainingFiles files, PrintWriter stdout, PrintWriter err)
      throws IOException {
    String after = dumpIr == null ? null : dumpIr.startsWith("after:") ? dumpIr.substring(6) : dumpIr;
    boolean vectorOn = vector != null ? vector : Trainings.vectorAvailable();
    var options = new DatasetTrainingRun.Options(epochs, seed, batch, data, resume, backend, threads(), vectorOn, limit,
        testLimit, after, init);
    Progress bar = new Progress(err, quiet);
    int[] perEpoch = {1, 1, 1};
    DatasetTrainingRun.Result r;
    try {
      r = DatasetTrainingRun.run(plan.module(), t, options, files, new DatasetTrainingRun.Listener() {
        @Override
        public void note(String text) {
          err.println("brainc: note: " + text);
        }

        @Override
        public void info(String text) {
          if (!quiet) err.println(text);
        }

        @Override
        public void ir(String text) {
          stdout.print(text);
          stdout.flush();
        }

        @Override
        public void explain(String line) {
          if (explain) err.println("explain: " + line);
        }

        @Override
        public void started(DatasetTrainingRun.Start s) {
          perEpoch[0] = s.epochs();
          perEpoch[1] = s.batchesPerEpoch();
          perEpoch[2] = s.testSamples();
          stdout.printf(Locale.ROOT, "%s on %s: %d training and %d test samples, %d steps each, batch %d, %s (%s backend, %d thread%s)%n",
              s.network(), s.data(), s.trainSamples(), s.testSamples(), s.steps(), s.batch(), s.optimizer(),
              s.engine() + (s.vector() ? ", Vector API" : ""), s.threads(), s.threads() == 1 ? "" : "s");
          stdout.printf(Locale.ROOT, "  tape: %d bytes (%.1f MiB) per batch of %d: what backpropagation through time keeps of"
              + " the %d steps%n", s.tapeBytes(), s.tapeBytes() / 1048576.0, s.batch(), s.steps());
          stdout.flush();
        }

        @Override
        public void batch(int epoch, int done, int total, double loss, double acc) {
          bar.show(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, perEpoch[0]), done, total,
              String.format(Locale.ROOT, "loss %.4f  acc %.4f", loss, acc));
        }

        @Override
        public void epoch(DatasetTrainingRun.Epoch e) {
          bar.clear();
          stdout.printf(Locale.ROOT,
              "epoch %d/%d  train loss %.4f  train accuracy %.4f  test accuracy %.4f  %.1f s (%.3f s/batch; CPU %.1f s)  test %.0f samples/s%n",
              e.epoch(), perEpoch[0], e.trainLoss(), e.trainAccuracy(), e.testAccuracy(), e.trainSeconds(),
              e.trainSeconds() / perEpoch[1], e.trainCpuSeconds(), perEpoch[2] / Math.max(1e-9, e.testSeconds()));
          stdout.flush();
        }
      });
    } finally {
      bar.clear();
    }
    stdout.println("  metrics: " + r.metrics() + ", " + r.curve());
    stdout.println("  weights: " + r.weights() + " (float32, <layer>.weight [out, in], <layer>.bias [out])");
    stdout.println("  checkpoint: " + r.checkpoint());
    stdout.flush();
  }

  private void trainInEnvironment(Trainings.Plan plan, TrainSpec t, double windowSeconds, TrainingFiles files,
      PrintWriter stdout, PrintWriter err) throws IOException {
    double dt = DT;
    int actionSteps = Math.max(1, (int) Math.round(windowSeconds / dt));
    if (Math.abs(actionSteps * dt - windowSeconds) > 1e-9 * windowSeconds) {
      err.println(String.format(Locale.ROOT, "brainc: note: --window %s is not a whole number of %.1f ms steps; using %d step%s (%s ms)",
          window.strip(), dt * 1e3, actionSteps, actionSteps == 1 ? "" : "s", new java.math.BigDecimal(actionSteps * dt * 1e3).round(new java.math.MathContext(6))
              .stripTrailingZeros().toPlainString()));
    }
    var options = new EnvironmentTraining.Options(episodes, seed, actionSteps, noCurriculum, backend, resume, checkpointEvery,
        trace);
    EnvironmentTraining.Result r = EnvironmentTraining.run(plan.module(), t, options, files, new EnvironmentTraining.Listener() {
      @Override
      public void note(String text) {
        err.println("brainc: note: " + text);
      }

      @Override
      public void info(String text) {
        if (!quiet) err.println(text);
      }

      @Override
      public void explain(String line) {
        if (explain) err.println("explain: " + line);
      }

      @Override
      public void checkpointFailed(Path checkpoint, String reason) {
        err.println("brainc: cannot write a checkpoint to " + checkpoint + ": " + reason);
      }

      @Override
      public void episode(EnvironmentTraining.Episode e, List<EnvironmentTraining.Episode> all, double best, int n) {
        if (!quiet && ((e.index() + 1) % 10 == 0 || e.index() + 1 == n)) {
          double mean = all.subList(Math.max(0, all.size() - 10), all.size()).stream()
              .mapToDouble(EnvironmentTraining.Episode::reward).average().orElse(0);
          err.printf(Locale.ROOT, "episode %4d/%d  phase %-14s reward %8.1f  mean(10) %8.1f  best %8.1f%n",
              e.index() + 1, n, e.phase().isEmpty() ? "-" : e.phase(), e.reward(), mean, best);
          err.flush();
        }
      }
    });
    List<EnvironmentTraining.Episode> result = r.episodes();
    double mean = result.stream().mapToDouble(EnvironmentTraining.Episode::reward).average().orElse(0);
    List<EnvironmentTraining.Episode> last = result.subList(Math.max(0, result.size() - 100), result.size());
    double lastMean = last.stream().mapToDouble(EnvironmentTraining.Episode::reward).average().orElse(0);
    double crashes = 100.0 * last.stream().filter(EnvironmentTraining.Episode::terminated).count() / Math.max(1, last.size());
    String reached = result.isEmpty() ? "-" : result.get(result.size() - 1).phase();
    stdout.printf(Locale.ROOT, "%s in %s: %d episodes in %.1f s%n", t.target(), t.source(), result.size(), r.seconds());
    if (r.curriculum()) stdout.println("  curriculum reached phase: " + reached);
    stdout.printf(Locale.ROOT, "  best episode reward %.1f, mean %.1f (last %d: mean %.1f, %.0f%% crashed)%n",
        r.best(), mean, last.size(), lastMean, crashes);
    stdout.println("  learning curve: " + r.curveCsv() + ", " + r.curveSvg());
    stdout.flush();
  }

  /** The engines that train: the kernel engines (in an environment) and the tensor engines (on a dataset). */
  static List<String> engineNames() {
    LinkedHashSet<String> names = new LinkedHashSet<>(Trainings.engines(ProgramKind.KERNEL));
    names.addAll(Trainings.engines(ProgramKind.TENSOR));
    return List.copyOf(names);
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
    requireRange("--batch", batch, 1, DatasetTrainingRun.MAX_BATCH);
    requireRange("--limit", limit, 1, Integer.MAX_VALUE);
    requireRange("--test-limit", testLimit, 1, Integer.MAX_VALUE);
    requireRange("--threads", threads, 1, DatasetTrainingRun.MAX_THREADS);
    requireRange("--checkpoint-every", checkpointEvery, 1, Integer.MAX_VALUE);
    if (init != null && resume) {
      throw usage("--init and --resume conflict: a resumed training continues from its checkpoint's parameters;"
          + " leave out one of them");
    }
    if (seed != null && seed < 0) throw usage("--seed must be a whole number of at least 0, not " + seed);
    if (!engineNames().contains(backend)) {
      throw usage("unknown --backend `" + backend + "` (one of: " + String.join(", ", engineNames()) + ")");
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
    if (init != null && trains.stream().filter(t -> t.sourceKind().equals(TrainSpec.DATASET)).count() > 1) {
      throw usage("--init gives one network's parameters, but " + file + " has several `train ... on dataset`"
          + " statements; give each its own model file");
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
}
