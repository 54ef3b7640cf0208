package brainc.compiler.cli;

import brainc.codegen.train.DatasetTrainer;
import brainc.codegen.train.ParamStore;
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
  /** The command-line overrides. */
  record Options(Integer epochs, Long seed, Integer batch, Path data, Path out, Path checkpoint, boolean resume,
      String backend, int threads, boolean vector, Integer limit, Integer testLimit, String dumpAfter, boolean quiet) {}

  private DatasetTraining() {}

  static int run(IrModule module, TrainSpec t, Options o, PrintWriter stdout, PrintWriter err) throws IOException {
    if (!(module.find(t.target()).orElse(null) instanceof Network net)) {
      throw new UnsupportedModelException("only networks can be trained on a dataset in this version");
    }
    int epochs = o.epochs() != null ? o.epochs() : (int) number(t, "epochs", 1);
    int batch = o.batch() != null ? o.batch() : (int) number(t, "batch", 128);
    long seed = o.seed() != null ? o.seed() : (long) number(t, "seed", 0);
    boolean shuffle = number(t, "shuffle", 1) != 0;
    boolean detach = number(t, "detach_reset", 1) != 0;
    if (epochs < 1 || batch < 1 || o.threads() < 1) {
      throw new IllegalArgumentException("--epochs, --batch and --threads must be at least 1");
    }
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
    if (o.dumpAfter() != null && !TrainPipeline.PASSES.contains(o.dumpAfter())) {
      throw new IllegalArgumentException("no pass `" + o.dumpAfter() + "` (the training passes are " + TrainPipeline.PASSES + ")");
    }
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
    Path dataDir = o.data() != null ? o.data() : Path.of(text(t.sourceSettings(), "path", ImageDataset.FASHION_MNIST.toString()));
    ImageDataset train;
    ImageDataset test;
    try {
      train = ImageDataset.read(dataDir, "train");
      test = ImageDataset.read(dataDir, "t10k");
    } catch (ImageDataset.MissingDatasetException x) {
      throw new IllegalArgumentException("dataset `" + t.source() + "` not found: " + x.getMessage());
    } catch (IOException x) {
      throw new IllegalArgumentException("cannot read dataset `" + t.source() + "`: " + x.getMessage());
    }
    if (o.limit() != null) train = train.head(o.limit());
    if (o.testLimit() != null) test = test.head(o.testLimit());
    Path dir = o.out();
    Files.createDirectories(dir);
    Path checkpoint = (o.checkpoint() != null ? o.checkpoint() : dir.resolve("checkpoint")).resolve("checkpoint.npz");
    ParamStore params = ParamStore.initialise(program, seed);
    DatasetTrainer trainer = new DatasetTrainer(program, params, optimizer, new DatasetTrainer.Config(epochs, batch,
        shuffle, seed, loss.function(), output.name(), lr, schedule(t), o.backend(), o.threads(),
        o.vector()));
    if (o.resume()) {
      List<DatasetTrainer.Epoch> done;
      try {
        done = TrainCheckpoint.load(checkpoint, params, optimizer, seed);
      } catch (IOException x) {
        throw new IllegalArgumentException("cannot resume: " + x.getMessage());
      }
      trainer.restoreHistory(done);
      if (!o.quiet()) err.println("resuming after epoch " + done.size() + " from " + checkpoint);
    }
    stdout.printf(Locale.ROOT, "%s on %s: %d training and %d test samples, %d steps each, batch %d, %s (%s backend, %d thread%s)%n",
        net.name(), dataDir, train.size(), test.size(), program.steps(), batch, optName, o.backend() + (o.vector() ? ", Vector API" : ""),
        o.threads(), o.threads() == 1 ? "" : "s");
    stdout.flush();
    Progress bar = new Progress(err, o.quiet());
    int batchesPerEpoch = (train.size() + batch - 1) / batch;
    int testSamples = test.size();
    trainer.train(train, test, new DatasetTrainer.Listener() {
      @Override
      public void batch(int epoch, int done, int total, double l, double acc) {
        bar.show(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs), done, total,
            String.format(Locale.ROOT, "loss %.4f  acc %.4f", l, acc));
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
          TrainCheckpoint.save(checkpoint, params, optimizer, seed, history);
          writeMetrics(dir, history);
        } catch (IOException x) {
          throw new java.io.UncheckedIOException(x);
        }
      }
    });
    TrainCheckpoint.export(dir.resolve("weights.npz"), params);
    stdout.println("  metrics: " + dir.resolve("metrics.csv") + ", " + dir.resolve("learning_curve.svg"));
    stdout.println("  weights: " + dir.resolve("weights.npz") + " (float32, <layer>.weight [out, in], <layer>.bias [out])");
    stdout.flush();
    return ExitCode.OK;
  }

  private static void writeMetrics(Path dir, List<DatasetTrainer.Epoch> history) throws IOException {
    try (CsvWriter csv = CsvWriter.open(dir.resolve("metrics.csv"))) {
      csv.row("epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "train_seconds", "test_seconds", "lr");
      for (DatasetTrainer.Epoch e : history) {
        csv.row(e.epoch(), f(e.trainLoss()), f(e.trainAccuracy()), f(e.testLoss()), f(e.testAccuracy()),
            String.format(Locale.ROOT, "%.2f", e.trainSeconds()), String.format(Locale.ROOT, "%.2f", e.testSeconds()),
            String.format(Locale.ROOT, "%g", e.lr()));
      }
    }
    double[] train = history.stream().mapToDouble(DatasetTrainer.Epoch::trainAccuracy).toArray();
    double[] test = history.stream().mapToDouble(DatasetTrainer.Epoch::testAccuracy).toArray();
    AtomicFiles.write(dir.resolve("learning_curve.svg"),
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
