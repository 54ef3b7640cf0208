package brainc.compiler.api;

import brainc.codegen.train.DatasetTrainer;
import brainc.codegen.tensor.ParamStore;
import brainc.codegen.tensor.ShardedExecutor;
import brainc.codegen.tensor.TensorExecutor;
import brainc.codegen.train.WeightExport;
import brainc.codegen.train.WeightImport;
import brainc.codegen.train.TrainEngine;
import brainc.codegen.registry.Engines;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.TrainPipeline;
import brainc.compiler.spec.DatasetSettings;
import brainc.compiler.spec.OptimizerSpec;
import brainc.compiler.spec.ScheduleSpec;
import brainc.ir.diag.Code;
import brainc.ir.model.Call;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.Setting;
import brainc.ir.model.StrConst;
import brainc.ir.model.TrainSpec;
import brainc.ir.targets.ProgramKind;
import brainc.ir.tensor.TensorPrinter;
import brainc.ir.tensor.TensorProgram;
import brainc.runtime.data.ImageDataset;
import brainc.runtime.io.AtomicFiles;
import brainc.runtime.io.CsvWriter;
import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import brainc.runtime.learn.Optimizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code train ... on dataset} statement: compiles the network to a differentiated training
 * program, reads the dataset, trains with the statement's loss, optimizer and schedule, and
 * writes {@code metrics.csv}, {@code learning_curve.svg}, {@code weights.npz} (the export) and a
 * checkpoint ({@code checkpoint.npz}, a {@link Snapshot}) after every epoch, all atomically.
 * What it has to say goes to a {@link Listener}; it prints nothing.
 */
public final class DatasetTrainingRun {
  /** The largest batch a model or --batch may ask for (the catalog's bound). */
  public static final int MAX_BATCH = 1 << 20;
  /** The most threads may be asked for; a batch never has more shards than this anyway. */
  public static final int MAX_THREADS = 1024;
  /** The name of the checkpoint file in a statement's checkpoint folder. */
  public static final String CHECKPOINT = "checkpoint.npz";

  /**
   * What the caller overrides (null: the statement's setting).
   *
   * @param engine a tensor engine's name ({@link Trainings#engines(ProgramKind)})
   * @param dumpAfter print the tensor IR after this pass to {@link Listener#ir}, or null
   * @param init an .npz of initial parameters in {@link WeightExport}'s layout, or null for random
   *     ones; not with {@code resume}, which continues from the checkpoint's parameters
   */
  public record Options(Integer epochs, Long seed, Integer batch, Path data, boolean resume, String engine,
      int threads, boolean vector, Integer limit, Integer testLimit, String dumpAfter, Path init) {
    public Options {
      if (init != null && resume) throw new IllegalArgumentException("init and resume conflict");
    }

    /** Options that start from random parameters. */
    public Options(Integer epochs, Long seed, Integer batch, Path data, boolean resume, String engine, int threads,
        boolean vector, Integer limit, Integer testLimit, String dumpAfter) {
      this(epochs, seed, batch, data, resume, engine, threads, vector, limit, testLimit, dumpAfter, null);
    }
  }

  /** What the run is, once its data is read: for the line that opens it. */
  public record Start(String network, Path data, int trainSamples, int testSamples, int steps, int batch,
      String optimizer, String engine, boolean vector, int threads, int epochs, int batchesPerEpoch, long tapeBytes) {}

  /** Where the results are. */
  public record Result(List<Epoch> history, Path metrics, Path curve, Path weights, Path checkpoint) {
    public Result {
      history = List.copyOf(history);
    }
  }

  /**
   * One finished epoch (numbered from 1): losses and accuracies on the training and test sets,
   * the seconds each took, the learning rate it trained with, and the process's CPU seconds so
   * far (NaN where unknown).
   */
  public record Epoch(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
      double trainSeconds, double testSeconds, double lr, double trainCpuSeconds) {
    static Epoch of(DatasetTrainer.Epoch e) {
      return new Epoch(e.epoch(), e.trainLoss(), e.trainAccuracy(), e.testLoss(), e.testAccuracy(), e.trainSeconds(),
          e.testSeconds(), e.lr(), e.trainCpuSeconds());
    }
  }

  /** Hears what a run has to say; every method may be left out. */
  public interface Listener {
    /** A note that always shows (a flag adjusted, a checkpoint that already ran all epochs). */
    default void note(String text) {}

    /** Something that only shows without --quiet (resuming, starting afresh over a checkpoint). */
    default void info(String text) {}

    /** The tensor IR after the pass asked for. */
    default void ir(String text) {}

    /** Each training pass's time ({@code time: NAME 1.234 ms}), one line each, as {@code run --explain} shows it. */
    default void explain(String line) {}

    default void started(Start s) {}

    default void batch(int epoch, int done, int total, double loss, double accuracy) {}

    default void epoch(Epoch e) {}
  }

  private DatasetTrainingRun() {}

  /** The folder of the dataset's IDX files: {@code data}, else the statement's {@code path}, else Fashion-MNIST's. */
  public static Path dataDir(TrainSpec t, Path data) {
    return data != null ? data : Path.of(text(t.sourceSettings(), "path", ImageDataset.FASHION_MNIST.toString()));
  }

  /** The dataset's files that exist (for refusing outputs that would replace them). */
  public static List<Path> files(Path dir) {
    return ImageDataset.files(dir);
  }

  public static Result run(IrModule module, TrainSpec t, Options o, TrainingFiles files, Listener listener)
      throws IOException {
    if (!(module.find(t.target()).orElse(null) instanceof Network net)) {
      throw new IllegalStateException("unchecked (TrainCheck): only networks can be trained on a dataset in this version");
    }
    DatasetSettings settings = DatasetSettings.of(t);
    int epochs = o.epochs() != null ? o.epochs() : settings.epochs();
    int batch = o.batch() != null ? o.batch() : settings.batch();
    long seed = o.seed() != null ? o.seed() : settings.seed();
    Call loss = settings.loss().orElseThrow(() -> new TrainingException("the training has no `loss`"));
    String output = settings.output().orElseThrow(() -> new TrainingException("the loss must name an output of " + net.name()));
    if (settings.schedule() instanceof ScheduleSpec.PhaseReset) {
      throw new IllegalStateException("unchecked (TrainCheck): schedule `" + settings.schedule().name() + "` on a dataset");
    }
    TrainEngine engine = Engines.find(ProgramKind.TENSOR, o.engine(), TrainEngine.class)
        .orElseThrow(() -> new IllegalArgumentException("no tensor engine `" + o.engine() + "`"));
    if (o.vector() && engine.info().capabilities().contains(brainc.ir.targets.Capability.VECTOR_KERNELS)
        && !brainc.codegen.tensor.JvmTensorExecutor.vectorAvailable()) {
      throw new TrainingException("the Vector API is not enabled: start the JVM with --add-modules jdk.incubator.vector"
          + " (bin/brainc does for --vector)");
    }
    PassContext cx = new PassContext();
    TensorProgram program = TrainPipeline.compile(module, net, settings.detachReset(), (pass, p) -> {
      if (pass.equals(o.dumpAfter())) listener.ir(TensorPrinter.print(p));
    }, cx);
    for (String line : cx.explanations()) listener.explain(line);
    Map<String, float[]> initial = o.init() == null ? null : initialParams(o.init(), program);
    OptimizerSpec opt = settings.optimizer();
    Optimizer optimizer = opt.create();
    Path dataDir = dataDir(t, o.data());
    ImageDataset train;
    ImageDataset test;
    try {
      train = ImageDataset.read(dataDir, "train");
      test = ImageDataset.read(dataDir, "t10k");
    } catch (ImageDataset.MissingDatasetException x) {
      throw new TrainingException("dataset `" + t.source() + "` not found: " + x.getMessage());
    } catch (IOException x) {
      throw new TrainingException("cannot read dataset `" + t.source() + "`: " + TrainOutputs.reason(x));
    }
    int classes = program.tensor(program.outputs().stream().filter(x -> x.name().equals(output)).findFirst()
        .orElseThrow(() -> new TrainingException("the loss reads `" + output + "`, which is not an output"))
        .state()).orElseThrow().size();
    int inputs = program.tensors().stream().filter(x -> x.role() == brainc.ir.tensor.Tensor.Role.INPUT).findFirst()
        .orElseThrow().size();
    int perSample = DatasetTrainer.valuesPerSample(program);
    if (o.limit() != null && o.limit() > train.size()) {
      listener.note("--limit " + o.limit() + " is more than the " + train.size() + " training samples; training on all "
          + train.size());
    }
    if (o.limit() != null) train = train.head(o.limit());
    if (o.testLimit() != null && o.testLimit() > test.size()) {
      listener.note("--test-limit " + o.testLimit() + " is more than the " + test.size() + " test samples; testing on all "
          + test.size());
    }
    if (o.testLimit() != null) test = test.head(o.testLimit());
    for (String split : List.of("train", "t10k")) {
      ImageDataset d = split.equals("train") ? train : test;
      String where = dataDir.resolve(split + "-images-idx3-ubyte") + "[.gz]";
      if (d.size() == 0) {
        throw new TrainingException("the " + (split.equals("train") ? "training" : "test") + " set " + where
            + " has no samples; there is nothing to " + (split.equals("train") ? "train on" : "test on"));
      }
      if (d.features() != perSample && perSample != inputs) {
        // A sequence: the rows the encoder reads do not tile the sample; say so at the input.
        int rows = perSample / inputs;
        String fix = d.features() % rows == 0 ? "give it " + d.features() / rows + " values per row"
            + (d.features() % inputs == 0 ? ", or `rows(steps = " + d.features() / inputs + ")`" : "")
            : d.features() % inputs == 0 ? "give it `rows(steps = " + d.features() / inputs + ")`"
            : "choose a width and a number of rows whose product is " + d.features();
        brainc.ir.model.InputGroup in = net.inputs().get(0);
        throw new TrainingException(brainc.ir.diag.Diagnostic.error(brainc.ir.diag.Code.E1020, in.origin().span(),
            "`input " + in.name() + "` reads " + rows + " rows of " + inputs + " values (" + perSample + ") per sample, but "
                + where + " has " + d.features() + " values per image; " + fix));
      }
      if (d.features() != perSample) {
        throw new TrainingException(where + " has " + d.features() + " values per image but `input` of "
            + net.name() + " has " + inputs);
      }
      for (int i = 0; d.hasLengths() && i < d.size(); i++) {
        if (d.length(i) > program.steps()) {
          throw new TrainingException(dataDir.resolve(split + "-lengths-idx1-ubyte") + "[.gz]: sample " + (i + 1) + " has "
              + d.length(i) + " rows, but the input of " + net.name() + " reads at most " + program.steps() + " steps");
        }
      }
      for (int i = 0; i < d.size(); i++) {
        if (d.label(i) >= classes) {
          throw new TrainingException(dataDir.resolve(split + "-labels-idx1-ubyte") + "[.gz]: label " + d.label(i)
              + " of sample " + (i + 1) + ", but `" + output + "` has only " + classes + " values (labels 0 to "
              + (classes - 1) + ")");
        }
      }
    }
    if (batch > train.size()) {
      listener.note("batch " + batch + " is more than the " + train.size() + " training samples; using one batch of "
          + train.size() + " per epoch");
      batch = train.size();
    }
    long need = ShardedExecutor.estimateBytes(program, batch, Math.min(batch, ShardedExecutor.SHARD))
        + 8L * batch * perSample;
    long have = Runtime.getRuntime().maxMemory() - (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
    if (need > have * 3 / 4) {
      int fits = (int) Math.max(1, Math.min(batch, (long) batch * (have * 3 / 4) / Math.max(1, need)));
      throw new TrainingException(String.format(Locale.ROOT,
          "a batch of %d needs about %.1f GiB for its activations, more than the %.1f GiB this JVM can give; use a "
              + "smaller --batch (about %d fits) or more memory (BRAINC_JAVA_OPTS=-Xmx...)",
          batch, need / 1073741824.0, have / 1073741824.0, fits));
    }
    TrainRecord record = new TrainRecord()
        .put("model", files.modelHash())
        .put("statement", "train " + net.name() + " on dataset " + t.source() + " (statement " + (files.index() + 1) + ")")
        .put("seed", seed)
        .put("batch", batch)
        .put("shuffle", settings.shuffle())
        .put("detach_reset", settings.detachReset())
        .put("loss", Trainings.callText("loss", loss))
        .put("optimizer", Trainings.optimizerText(t))
        .put("schedule", Trainings.scheduleText(t))
        .put("training samples", train.size())
        .put("test samples", test.size());
    if (settings.schedule().dependsOnTotal()) record.put("epochs", epochs);
    int k = 0;
    for (Path f : ImageDataset.files(dataDir)) record.put("data " + (++k), Fingerprints.identity(f, f.getFileName().toString()));
    Path checkpoint = files.checkpoint().resolve(CHECKPOINT);
    ParamStore params = ParamStore.initialise(program, seed);
    if (initial != null) WeightImport.apply(params, initial);
    try (DatasetTrainer trainer = new DatasetTrainer(program, params, optimizer, new DatasetTrainer.Config(epochs, batch,
        settings.shuffle(), seed, loss.function(), output, opt.lr(), settings.schedule().schedule(), engine, o.threads(),
        o.vector()))) {
      if (o.resume()) {
        Snapshot saved = TrainingCheckpoints.read(checkpoint, DatasetTrainer.SNAPSHOT_KIND);
        List<String> differ = TrainRecord.parse(TrainingCheckpoints.record(saved)).differences(record);
        if (!differ.isEmpty()) throw new TrainingException(Trainings.refusal(checkpoint, differ));
        try {
          trainer.restore(saved);
        } catch (SnapshotException x) {
          throw new TrainingException("cannot resume: " + checkpoint + " does not fit this training: " + x.getMessage());
        }
        int done = trainer.history().size();
        if (done > epochs) {
          throw new TrainingException("cannot resume: the checkpoint " + checkpoint + " has already run " + done
              + " epochs, more than the " + epochs + " asked for; its weights are not those of a " + epochs + "-epoch run");
        }
        if (done == epochs) {
          listener.note("the checkpoint " + checkpoint + " has already run all " + epochs + " epoch"
              + (epochs == 1 ? "" : "s") + "; publishing its results (ask for more with --epochs)");
        }
        listener.info("resuming after epoch " + done + " from " + checkpoint);
      } else if (Files.exists(checkpoint)) {
        listener.info("brainc: note: starting afresh; the checkpoint " + checkpoint + " will be replaced after the first epoch"
            + " (--resume continues it)");
      }
      int batchesPerEpoch = (train.size() + batch - 1) / batch;
      listener.started(new Start(net.name(), dataDir, train.size(), test.size(), program.steps(), batch, opt.name(),
          o.engine(), o.vector(), o.threads(), epochs, batchesPerEpoch, TensorExecutor.tapeBytes(program, batch)));
      int[] saved = {trainer.history().size()};
      trainer.train(train, test, new DatasetTrainer.Listener() {
        @Override
        public void batch(int epoch, int done, int total, double l, double acc) {
          listener.batch(epoch, done, total, l, acc);
          if (!Double.isFinite(l)) {
            throw new TrainingException("training diverged: the loss became " + l + " in epoch " + (epoch + 1)
                + ", batch " + done + "; lower the learning rate (" + opt.lr() + ")" + (saved[0] == 0 ? ""
                : "; the checkpoint after epoch " + saved[0] + " in " + checkpoint + " is intact"));
          }
          if (files.stop().getAsBoolean()) {
            throw new TrainingStopped("during epoch " + (epoch + 1) + "; " + (saved[0] == 0 ? "no epoch had ended, so "
                + "there is no checkpoint" : "the checkpoint after epoch " + saved[0] + " is in " + checkpoint
                + "; continue with --resume"));
          }
        }

        @Override
        public void epoch(DatasetTrainer.Epoch e, List<DatasetTrainer.Epoch> history) {
          listener.epoch(Epoch.of(e));
          try {
            Files.createDirectories(checkpoint.toAbsolutePath().getParent());
            TrainingCheckpoints.withRecord(trainer.snapshot(), record).write(checkpoint);
            saved[0] = history.size();
            writeMetrics(files, history);
          } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
          }
        }
      });
      writeMetrics(files, trainer.history());
      WeightExport.export(files.file("weights.npz"), params);
      return new Result(trainer.history().stream().map(Epoch::of).toList(), files.shown("metrics.csv"),
          files.shown("learning_curve.svg"), files.shown("weights.npz"), checkpoint);
    }
  }

  /** The --init archive's parameters, checked against the program's before any data is read. */
  private static Map<String, float[]> initialParams(Path file, TensorProgram program) {
    try {
      return WeightImport.read(file, program.params());
    } catch (WeightImport.Problem p) {
      throw new InitWeightsException(p.unreadable() ? Code.E1025 : Code.E1026, file, p.getMessage());
    }
  }

  private static void writeMetrics(TrainingFiles dir, List<DatasetTrainer.Epoch> history) throws IOException {
    try (CsvWriter csv = CsvWriter.open(dir.file("metrics.csv"))) {
      csv.row("epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "train_seconds", "test_seconds", "lr");
      for (DatasetTrainer.Epoch e : history) {
        csv.row(e.epoch(), f(e.trainLoss()), f(e.trainAccuracy()), f(e.testLoss()), f(e.testAccuracy()),
            String.format(Locale.ROOT, "%.2f", e.trainSeconds()), String.format(Locale.ROOT, "%.2f", e.testSeconds()),
            String.format(Locale.ROOT, "%g", e.lr()));
      }
    }
    double[] train = history.stream().mapToDouble(DatasetTrainer.Epoch::trainAccuracy).toArray();
    double[] test = history.stream().mapToDouble(DatasetTrainer.Epoch::testAccuracy).toArray();
    AtomicFiles.write(dir.file("learning_curve.svg"), Svg.epochs(train, test).getBytes(StandardCharsets.UTF_8));
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.5f", v);
  }

  private static String text(List<Setting> settings, String name, String dflt) {
    return settings.stream().filter(s -> s.name().equals(name) && s.value() instanceof StrConst).map(s -> ((StrConst) s.value()).value())
        .findFirst().orElse(dflt);
  }
}
