package brainc.codegen.train;

import brainc.codegen.tensor.ShardedExecutor;
import brainc.codegen.tensor.ParamStore;
import brainc.ir.tensor.TensorProgram;
import brainc.runtime.data.Encoders;
import brainc.runtime.data.ImageDataset;
import brainc.runtime.data.Shuffle;
import brainc.runtime.learn.Losses;
import brainc.runtime.learn.LrSchedule;
import brainc.runtime.learn.Optimizer;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a differentiated training program on a labelled dataset: per epoch, the training set
 * in batches (shuffled by seed and epoch; the last partial batch kept), forward, loss on one
 * output, backward, one optimizer step; then the test set, forward only. Everything random is a
 * function of (seed, epoch, sample), so a run resumed from a checkpoint after epoch {@code e}
 * ends with the same weights as one that never stopped.
 *
 * <p>Its {@link #snapshot()}, taken between epochs, holds {@code param/NAME} (each parameter as
 * stored, weights {@code [in, out]}), {@code opt/NAME/K} (the optimizer's state arrays), {@code
 * history} (float64, one row per epoch done: epoch, train loss, train accuracy, test loss, test
 * accuracy, train seconds, test seconds, learning rate) and the counters {@code epochs}, {@code
 * optimizer_steps} and {@code seed}.
 */
public final class DatasetTrainer implements brainc.codegen.engine.Instance {
  /** The kind of its snapshots. */
  public static final String SNAPSHOT_KIND = "dataset-training";

  /** What to minimise and how. */
  public record Config(
      int epochs,
      int batch,
      boolean shuffle,
      long seed,
      String loss,
      String output,
      double lr,
      LrSchedule schedule,
      TrainEngine engine,
      int threads,
      boolean vector) {}

  /** One epoch's figures. */
  public record Epoch(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
      double trainSeconds, double testSeconds, double lr, double trainCpuSeconds) {}

  /** CPU time of the whole process so far (all threads, JIT and GC included), or NaN where unknown. */
  static double processCpuSeconds() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime() / 1e9;
    return Double.NaN;
  }

  /** Progress callbacks. */
  public interface Listener {
    default void batch(int epoch, int done, int total, double loss, double accuracy) {}

    /** After each epoch, with the state a checkpoint needs. */
    default void epoch(Epoch e, List<Epoch> history) {}
  }

  /** Key space of test samples for the encoder's draws, apart from every training epoch's. */
  static final long TEST_KEYS = 1L << 44;

  private final TensorProgram program;
  private final ParamStore params;
  private final Optimizer optimizer;
  private final Config config;
  private final ShardedExecutor exec;
  private final int classes;
  private final int steps;
  private final List<Epoch> history = new ArrayList<>();

  public DatasetTrainer(TensorProgram program, ParamStore params, Optimizer optimizer, Config config) {
    this.program = program;
    this.params = params;
    this.optimizer = optimizer;
    this.config = config;
    int shard = Math.min(config.batch(), ShardedExecutor.SHARD);
    this.exec = new ShardedExecutor(program, params, config.batch(), shard, config.threads(),
        p -> config.engine().executor(program, p, shard, config.seed(), config.vector()));
    TensorProgram.Output out = output(program, config.output());
    this.classes = program.tensor(out.state()).orElseThrow().size();
    this.steps = program.steps();
  }

  private static TensorProgram.Output output(TensorProgram p, String name) {
    return p.outputs().stream().filter(o -> o.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the loss reads `" + name + "`, which is not an output"));
  }

  public ParamStore params() {
    return params;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public List<Epoch> history() {
    return List.copyOf(history);
  }

  /** Restores the figures of the epochs a checkpoint already ran. */
  public void restoreHistory(List<Epoch> done) {
    history.clear();
    history.addAll(done);
  }

  private static final int HISTORY_COLUMNS = 8;

  @Override
  public Snapshot snapshot() {
    Snapshot.Builder s = Snapshot.builder(SNAPSHOT_KIND).counter("epochs", history.size())
        .counter("optimizer_steps", optimizer.steps()).counter("seed", config.seed());
    for (String n : params.names()) s.array("param/" + n, params.value(n));
    for (Map.Entry<String, float[][]> e : optimizer.state().entrySet()) {
      for (int k = 0; k < e.getValue().length; k++) s.array("opt/" + e.getKey() + "/" + k, e.getValue()[k]);
    }
    double[] h = new double[history.size() * HISTORY_COLUMNS];
    for (int i = 0; i < history.size(); i++) {
      Epoch e = history.get(i);
      double[] row = {e.epoch(), e.trainLoss(), e.trainAccuracy(), e.testLoss(), e.testAccuracy(), e.trainSeconds(),
          e.testSeconds(), e.lr()};
      System.arraycopy(row, 0, h, i * HISTORY_COLUMNS, HISTORY_COLUMNS);
    }
    return s.put("history", NpyArray.of(h, history.size(), HISTORY_COLUMNS)).build();
  }

  /** Checks everything first, then restores: a snapshot that does not fit changes nothing. */
  @Override
  public void restore(Snapshot s) throws SnapshotException {
    s.expect(SNAPSHOT_KIND);
    if (s.counter("seed") != config.seed()) {
      throw new SnapshotException("it was written with seed " + s.counter("seed") + ", not " + config.seed());
    }
    int done = (int) s.counter("epochs");
    double[] h = s.array("history").doubles();
    if (h.length != done * HISTORY_COLUMNS) throw new SnapshotException("its history does not hold " + done + " epochs");
    Map<String, float[][]> state = new LinkedHashMap<>();
    for (String n : params.names()) {
      if (s.array("param/" + n).size() != params.value(n).length) {
        throw new SnapshotException("its parameter " + n + " has " + s.array("param/" + n).size() + " values, the network "
            + params.value(n).length);
      }
      List<float[]> arrays = new ArrayList<>();
      for (int k = 0; s.has("opt/" + n + "/" + k); k++) arrays.add(s.array("opt/" + n + "/" + k).floats().clone());
      if (!arrays.isEmpty()) state.put(n, arrays.toArray(new float[0][]));
    }
    for (String n : params.names()) s.copyInto("param/" + n, params.value(n));
    optimizer.restore(s.counter("optimizer_steps"), state);
    List<Epoch> epochs = new ArrayList<>();
    for (int i = 0; i < done; i++) {
      int r = i * HISTORY_COLUMNS;
      epochs.add(new Epoch((int) h[r], h[r + 1], h[r + 2], h[r + 3], h[r + 4], h[r + 5], h[r + 6], h[r + 7], Double.NaN));
    }
    restoreHistory(epochs);
    exec.parametersChanged();
  }

  /** Stops the threads of the shards; what was trained stays readable. */
  @Override
  public void close() {
    exec.close();
  }

  /** Runs the epochs after those in {@link #history()}, up to {@code config.epochs()}. */
  public List<Epoch> train(ImageDataset train, ImageDataset test, Listener listener) {
    if (train.features() != valuesPerSample(program)) {
      throw new IllegalArgumentException("the dataset has " + train.features() + " values per sample but the input reads "
          + valuesPerSample(program));
    }
    exec.parametersChanged(); // the parameters may have been restored from a checkpoint since
    for (int epoch = history.size(); epoch < config.epochs(); epoch++) {
      long start = System.nanoTime();
      double cpu0 = processCpuSeconds();
      double lr = config.lr() * config.schedule().factor(epoch, config.epochs());
      int n = train.size();
      int[] order = config.shuffle() ? Shuffle.permutation(n, config.seed(), epoch) : identity(n);
      int batches = (n + config.batch() - 1) / config.batch();
      double lossSum = 0;
      long correct = 0;
      for (int k = 0; k < batches; k++) {
        int from = k * config.batch();
        int bs = Math.min(config.batch(), n - from);
        int[] idx = java.util.Arrays.copyOfRange(order, from, from + bs);
        long[] keys = new long[bs];
        for (int b = 0; b < bs; b++) keys[b] = (long) epoch * n + idx[b];
        Step s = step(train, idx, keys, true, lr);
        lossSum += s.loss * bs;
        correct += s.correct;
        listener.batch(epoch, k + 1, batches, lossSum / (from + bs), (double) correct / (from + bs));
      }
      double trainSeconds = (System.nanoTime() - start) / 1e9;
      double trainCpu = processCpuSeconds() - cpu0;
      long t0 = System.nanoTime();
      double[] eval = evaluate(test);
      double testSeconds = (System.nanoTime() - t0) / 1e9;
      Epoch e = new Epoch(epoch + 1, lossSum / n, (double) correct / n, eval[1], eval[0], trainSeconds, testSeconds, lr,
          trainCpu);
      history.add(e);
      listener.epoch(e, history());
    }
    return history();
  }

  /** Test accuracy and mean loss over a dataset, forward only. */
  public double[] evaluate(ImageDataset test) {
    int n = test.size();
    double lossSum = 0;
    long correct = 0;
    for (int from = 0; from < n; from += config.batch()) {
      int bs = Math.min(config.batch(), n - from);
      int[] idx = new int[bs];
      long[] keys = new long[bs];
      for (int b = 0; b < bs; b++) {
        idx[b] = from + b;
        keys[b] = TEST_KEYS + from + b;
      }
      Step s = step(test, idx, keys, false, 0);
      lossSum += s.loss * bs;
      correct += s.correct;
    }
    return new double[] {(double) correct / Math.max(1, n), lossSum / Math.max(1, n)};
  }

  private record Step(double loss, int correct) {}

  private Step step(ImageDataset data, int[] idx, long[] keys, boolean learn, double lr) {
    int bs = idx.length;
    int f = data.features();
    float[] values = new float[bs * f];
    int[] labels = new int[bs];
    for (int b = 0; b < bs; b++) {
      data.sample(idx[b], values, b * f);
      labels[b] = data.label(idx[b]);
    }
    int[] lengths = null;
    if (data.hasLengths()) {
      lengths = new int[bs];
      for (int b = 0; b < bs; b++) lengths[b] = data.length(idx[b]);
    }
    exec.forward(values, bs, keys, lengths);
    float[] y = exec.output(config.output());
    Losses.Result r = loss(y, labels, bs);
    int correct = 0;
    for (int b = 0; b < bs; b++) if (Losses.argmax(y, b, classes) == labels[b]) correct++;
    if (learn) {
      params.zeroGrads();
      exec.backward(Map.of(config.output(), r.grad()));
      Map<String, float[]> p = new LinkedHashMap<>();
      Map<String, float[]> g = new LinkedHashMap<>();
      for (String name : params.names()) {
        p.put(name, params.value(name));
        g.put(name, params.grad(name));
      }
      optimizer.step(p, g, lr);
      exec.parametersChanged();
    }
    return new Step(r.loss(), correct);
  }

  private Losses.Result loss(float[] y, int[] labels, int bs) {
    for (int l : labels) {
      if (l >= classes) throw new IllegalArgumentException("label " + l + " but the output has only " + classes + " values");
    }
    if (config.loss().equals("mse")) {
      boolean counts = output(program, config.output()).kind().equals("spike_count");
      return Losses.mse(y, labels, bs, classes, counts ? steps : 1.0);
    }
    return Losses.crossEntropy(y, labels, bs, classes);
  }

  /** Values of a dataset sample the program's input encoder reads: the input's size, or its rows times that for a sequence. */
  public static int valuesPerSample(TensorProgram program) {
    int n = program.tensors().stream().filter(t -> t.role() == brainc.ir.tensor.Tensor.Role.INPUT).findFirst().orElseThrow().size();
    return program.forward().stream().filter(op -> op instanceof brainc.ir.tensor.TOp.Encode).map(op -> (brainc.ir.tensor.TOp.Encode) op)
        .findFirst().map(e -> Encoders.valuesPerSample(e.kind(), e.args(), n)).orElse(n);
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    return a;
  }
}
