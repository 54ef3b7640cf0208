package brainc.compiler.cli;

import brainc.codegen.train.DatasetTrainer;
import brainc.codegen.train.ParamStore;
import brainc.codegen.train.ShardedExecutor;
import brainc.codegen.train.TrainCheckpoint;
import brainc.compiler.passes.FoldConstants;
import brainc.compiler.passes.TrainPipeline;
import brainc.compiler.schedule.UnsupportedModelException;
import brainc.ir.model.BoolConst;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.Ref;
import brainc.ir.model.Setting;
import brainc.ir.model.StrConst;
import brainc.ir.model.TrainSpec;
import brainc.ir.train.TrainPrinter;
import brainc.ir.train.TrainProgram;
import brainc.runtime.data.ImageDataset;
import brainc.runtime.io.AtomicFiles;
import brainc.runtime.io.CsvWriter;
import brainc.runtime.learn.LrSchedule;
import brainc.runtime.learn.Optimizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code brainc train} for a {@code train ... on dataset} statement: compiles the network to a
 * differentiated training program, reads the dataset, trains with the statement's loss,
 * optimizer and schedule, and writes {@code metrics.csv}, {@code learning_curve.svg}, {@code
 * weights.npz} and a checkpoint after every epoch (all atomically).
 */
final class DatasetTraining {
  /** The largest batch a model or --batch may ask for (the catalog's bound). */
  static final int MAX_BATCH = 1 << 20;
  /** The most threads --threads may ask for; a batch never has more shards than this anyway. */
  static final int MAX_THREADS = 1024;

  /** The command-line overrides. */
  record Options(Integer epochs, Long seed, Integer batch, Path data, TrainCommand.Results results, boolean resume,
      String backend, int threads, boolean vector, Integer limit, Integer testLimit, String dumpAfter, boolean quiet) {}

  private DatasetTraining() {}

  /** The folder of the dataset's IDX files: {@code --data}, else the statement's {@code path}, else Fashion-MNIST's. */
  static Path dataDir(TrainSpec t, Path data) {
    return data != null ? data : Path.of(text(t.sourceSettings(), "path", ImageDataset.FASHION_MNIST.toString()));
  }

  /** The dataset's files that exist (for refusing outputs that would replace them). */
  static List<Path> files(Path dir) {
    return ImageDataset.files(dir);
  }

  static int run(IrModule module, TrainSpec t, Options o, PrintWriter stdout, PrintWriter err) throws IOException {
    if (!(module.find(t.target()).orElse(null) instanceof Network net)) {
      throw new UnsupportedModelException("only networks can be trained on a dataset in this version");
    }
    int epochs = o.epochs() != null ? o.epochs() : (int) number(t, "epochs", 1);
    int batch = o.batch() != null ? o.batch() : (int) number(t, "batch", 128);
    long seed = o.seed() != null ? o.seed() : (long) number(t, "seed", 0);
    boolean shuffle = number(t, "shuffle", 1) != 0;
    boolean detach = number(t, "detach_reset", 1) != 0;
    Call loss = call(t, "loss").orElseThrow(() -> new IllegalArgumentException("the training has no `loss`"));
    if (loss.args().isEmpty() || !(loss.args().get(0) instanceof Ref output)) {
      throw new IllegalArgumentException("the loss must name an output of " + net.name());
    }
    TrainProgram program = TrainPipeline.compile(module, net, detach, (pass, p) -> {
      if (pass.equals(o.dumpAfter())) {
        stdout.print(TrainPrinter.print(p));
        stdout.flush();
      }
    });
    Call opt = call(t, "optimizer").orElse(null);
    List<Double> a = opt == null ? List.of() : opt.args().stream().map(DatasetTraining::value).toList();
    String optName = opt == null ? "adam" : opt.function();
    double lr;
    Optimizer optimizer;
    if (optName.equals("sgd")) {
      lr = arg(a, 0, 0.01);
      optimizer = Optimizer.sgd(arg(a, 1, 0), arg(a, 2, 0));
    } else {
      lr = arg(a, 0, 1e-3);
      optimizer = Optimizer.adam(arg(a, 1, 0.9), arg(a, 2, 0.999), arg(a, 3, 1e-8), arg(a, 4, 0));
    }
    Path dataDir = dataDir(t, o.data());
    ImageDataset train;
    ImageDataset test;
    try {
      train = ImageDataset.read(dataDir, "train");
      test = ImageDataset.read(dataDir, "t10k");
    } catch (ImageDataset.MissingDatasetException x) {
      throw new IllegalArgumentException("dataset `" + t.source() + "` not found: " + x.getMessage());
    } catch (IOException x) {
      throw new IllegalArgumentException("cannot read dataset `" + t.source() + "`: " + TrainOutputs.reason(x));
    }
    int classes = program.tensor(program.outputs().stream().filter(x -> x.name().equals(output.name())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the loss reads `" + output.name() + "`, which is not an output"))
        .state()).orElseThrow().size();
    int inputs = program.tensors().stream().filter(x -> x.role() == brainc.ir.train.Tensor.Role.INPUT).findFirst()
        .orElseThrow().size();
    if (o.limit() != null && o.limit() > train.size()) {
      err.println("brainc: note: --limit " + o.limit() + " is more than the " + train.size() + " training samples; training on all "
          + train.size());
    }
    if (o.limit() != null) train = train.head(o.limit());
    if (o.testLimit() != null && o.testLimit() > test.size()) {
      err.println("brainc: note: --test-limit " + o.testLimit() + " is more than the " + test.size() + " test samples; testing on all "
          + test.size());
    }
    if (o.testLimit() != null) test = test.head(o.testLimit());
    for (String split : List.of("train", "t10k")) {
      ImageDataset d = split.equals("train") ? train : test;
      String files = dataDir.resolve(split + "-images-idx3-ubyte") + "[.gz]";
      if (d.size() == 0) {
        throw new IllegalArgumentException("the " + (split.equals("train") ? "training" : "test") + " set " + files
            + " has no samples; there is nothing to " + (split.equals("train") ? "train on" : "test on"));
      }
      if (d.features() != inputs) {
        throw new IllegalArgumentException(files + " has " + d.features() + " values per image but `input` of "
            + net.name() + " has " + inputs);
      }
      for (int i = 0; i < d.size(); i++) {
        if (d.label(i) >= classes) {
          throw new IllegalArgumentException(dataDir.resolve(split + "-labels-idx1-ubyte") + "[.gz]: label " + d.label(i)
              + " of sample " + (i + 1) + ", but `" + output.name() + "` has only " + classes + " values (labels 0 to "
              + (classes - 1) + ")");
        }
      }
    }
    if (batch > train.size()) {
      err.println("brainc: note: batch " + batch + " is more than the " + train.size() + " training samples; using one batch of "
          + train.size() + " per epoch");
      batch = train.size();
    }
    long need = ShardedExecutor.estimateBytes(program, batch, Math.min(batch, ShardedExecutor.SHARD))
        + 8L * batch * inputs;
    long have = Runtime.getRuntime().maxMemory() - (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
    if (need > have * 3 / 4) {
      int fits = (int) Math.max(1, Math.min(batch, (long) batch * (have * 3 / 4) / Math.max(1, need)));
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "a batch of %d needs about %.1f GiB for its activations, more than the %.1f GiB this JVM can give; use a "
              + "smaller --batch (about %d fits) or more memory (BRAINC_JAVA_OPTS=-Xmx...)",
          batch, need / 1073741824.0, have / 1073741824.0, fits));
    }
    TrainRecord record = new TrainRecord()
        .put("model", o.results().modelHash())
        .put("statement", "train " + net.name() + " on dataset " + t.source() + " (statement " + (o.results().index() + 1) + ")")
        .put("seed", seed)
        .put("batch", batch)
        .put("shuffle", shuffle)
        .put("detach_reset", detach)
        .put("loss", TrainCommand.callText("loss", loss))
        .put("optimizer", opt == null ? "adam()" : TrainCommand.callText("optimizer", opt))
        .put("schedule", TrainCommand.scheduleText(t))
        .put("training samples", train.size())
        .put("test samples", test.size());
    if (TrainCommand.totalMatters(t)) record.put("epochs", epochs);
    int k = 0;
    for (Path f : ImageDataset.files(dataDir)) record.put("data " + (++k), TrainRecord.fileIdentity(f));
    Path checkpoint = o.results().checkpoint().resolve("checkpoint.npz");
    ParamStore params = ParamStore.initialise(program, seed);
    DatasetTrainer trainer = new DatasetTrainer(program, params, optimizer, new DatasetTrainer.Config(epochs, batch,
        shuffle, seed, loss.function(), output.name(), lr, schedule(t), o.backend(), o.threads(),
        o.vector()));
    if (o.resume()) {
      List<DatasetTrainer.Epoch> done;
      try {
        String old = TrainCheckpoint.record(checkpoint).orElseThrow(() -> new IOException(checkpoint
            + " does not record the settings it was written under (an earlier brainc wrote it); start afresh without --resume"));
        List<String> differ = TrainRecord.parse(old).differences(record);
        if (!differ.isEmpty()) throw new IllegalArgumentException(TrainCommand.refusal(checkpoint, differ));
        done = TrainCheckpoint.load(checkpoint, params, optimizer, seed);
      } catch (IOException x) {
        throw new IllegalArgumentException("cannot resume: " + TrainOutputs.reason(x));
      } catch (RuntimeException x) {
        if (x instanceof IllegalArgumentException) throw x;
        throw new IllegalArgumentException("cannot resume: " + checkpoint + " is not a readable training checkpoint ("
            + x.getMessage() + ")");
      }
      if (done.size() > epochs) {
        throw new IllegalArgumentException("cannot resume: the checkpoint " + checkpoint + " has already run " + done.size()
            + " epochs, more than the " + epochs + " asked for; its weights are not those of a " + epochs + "-epoch run");
      }
      if (done.size() == epochs) {
        err.println("brainc: note: the checkpoint " + checkpoint + " has already run all " + epochs + " epoch"
            + (epochs == 1 ? "" : "s") + "; publishing its results (ask for more with --epochs)");
      }
      trainer.restoreHistory(done);
      if (!o.quiet()) err.println("resuming after epoch " + done.size() + " from " + checkpoint);
    } else if (Files.exists(checkpoint) && !o.quiet()) {
      err.println("brainc: note: starting afresh; the checkpoint " + checkpoint + " will be replaced after the first epoch"
          + " (--resume continues it)");
    }
    stdout.printf(Locale.ROOT, "%s on %s: %d training and %d test samples, %d steps each, batch %d, %s (%s backend, %d thread%s)%n",
        net.name(), dataDir, train.size(), test.size(), program.steps(), batch, optName, o.backend() + (o.vector() ? ", Vector API" : ""),
        o.threads(), o.threads() == 1 ? "" : "s");
    stdout.flush();
    Progress bar = new Progress(err, o.quiet());
    int batchesPerEpoch = (train.size() + batch - 1) / batch;
    int testSamples = test.size();
    int[] saved = {trainer.history().size()};
    TrainCommand.Results results = o.results();
    try {
      trainer.train(train, test, new DatasetTrainer.Listener() {
        @Override
        public void batch(int epoch, int done, int total, double l, double acc) {
          bar.show(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs), done, total,
              String.format(Locale.ROOT, "loss %.4f  acc %.4f", l, acc));
          if (!Double.isFinite(l)) {
            bar.clear();
            throw new IllegalArgumentException("training diverged: the loss became " + l + " in epoch " + (epoch + 1)
                + ", batch " + done + "; lower the learning rate (" + lr + ")" + (saved[0] == 0 ? ""
                : "; the checkpoint after epoch " + saved[0] + " in " + checkpoint + " is intact"));
          }
          if (results.stop().requested()) {
            bar.clear();
            throw new Interruption.Stopped("during epoch " + (epoch + 1) + "; " + (saved[0] == 0 ? "no epoch had ended, so "
                + "there is no checkpoint" : "the checkpoint after epoch " + saved[0] + " is in " + checkpoint
                + "; continue with --resume"));
          }
        }

        @Override
        public void epoch(DatasetTrainer.Epoch e, List<DatasetTrainer.Epoch> history) {
          bar.clear();
          stdout.printf(Locale.ROOT,
              "epoch %d/%d  train loss %.4f  train accuracy %.4f  test accuracy %.4f  %.1f s (%.3f s/batch; CPU %.1f s)  test %.0f samples/s%n",
              e.epoch(), epochs, e.trainLoss(), e.trainAccuracy(), e.testAccuracy(), e.trainSeconds(),
              e.trainSeconds() / batchesPerEpoch, e.trainCpuSeconds(), testSamples / Math.max(1e-9, e.testSeconds()));
          stdout.flush();
          try {
            TrainCheckpoint.save(checkpoint, params, optimizer, seed, history, record.text());
            saved[0] = history.size();
            writeMetrics(results, history);
          } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
          }
        }
      });
    } finally {
      bar.clear();
    }
    writeMetrics(results, trainer.history());
    TrainCheckpoint.export(results.file("weights.npz"), params);
    stdout.println("  metrics: " + results.shown("metrics.csv") + ", " + results.shown("learning_curve.svg"));
    stdout.println("  weights: " + results.shown("weights.npz") + " (float32, <layer>.weight [out, in], <layer>.bias [out])");
    stdout.println("  checkpoint: " + checkpoint);
    stdout.flush();
    return ExitCode.OK;
  }

  private static void writeMetrics(TrainCommand.Results dir, List<DatasetTrainer.Epoch> history) throws IOException {
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
    AtomicFiles.write(dir.file("learning_curve.svg"),
        Svg.epochs(train, test).getBytes(StandardCharsets.UTF_8));
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.5f", v);
  }

  private static double arg(List<Double> a, int i, double dflt) {
    return i < a.size() && !Double.isNaN(a.get(i)) ? a.get(i) : dflt;
  }

  private static double value(Expr e) {
    Expr v = FoldConstants.fold(e);
    if (v instanceof Const c) return c.value();
    if (v instanceof BoolConst b) return b.value() ? 1 : 0;
    return Double.NaN;
  }

  private static double number(TrainSpec t, String name, double dflt) {
    for (Setting s : t.settings()) {
      if (s.name().equals(name)) {
        double v = value(s.value());
        return Double.isNaN(v) ? dflt : v;
      }
    }
    return dflt;
  }

  private static java.util.Optional<Call> call(TrainSpec t, String name) {
    return t.settings().stream().filter(s -> s.name().equals(name) && s.value() instanceof Call).map(s -> (Call) s.value())
        .findFirst();
  }

  private static String text(List<Setting> settings, String name, String dflt) {
    return settings.stream().filter(s -> s.name().equals(name) && s.value() instanceof StrConst).map(s -> ((StrConst) s.value()).value())
        .findFirst().orElse(dflt);
  }

  /** The learning-rate schedule of the `schedule` setting, per epoch. */
  private static LrSchedule schedule(TrainSpec t) {
    Call c = call(t, "schedule").orElse(null);
    if (c == null) return LrSchedule.CONSTANT;
    List<Double> a = c.args().stream().map(DatasetTraining::value).toList();
    return switch (c.function()) {
      case "step_decay" -> LrSchedule.stepDecay((int) arg(a, 0, 1), arg(a, 1, 0.1));
      case "cosine" -> LrSchedule.cosine();
      case "warmup_cosine" -> LrSchedule.warmupCosine((int) arg(a, 0, 20));
      case "constant" -> LrSchedule.CONSTANT;
      default -> throw new UnsupportedModelException("schedule `" + c.function() + "` on a dataset");
    };
  }
}
