package brainc.codegen.tensor;

import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorProgram;
import brainc.runtime.sim.ParallelRanges;
import brainc.runtime.sim.SpikeSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A batch split into fixed shards of at most {@code shard} samples ({@link #SHARD} for training), each run forward and
 * backward by an executor of its own, on as many threads as there are shards (or fewer). A
 * shard's samples never meet another shard's until the parameter gradients, which each shard
 * accumulates into gradients of its own and which are then summed into the real ones in shard
 * order. Threads meet once per pass instead of once per operation and step, which is what
 * parallel training on two cores can afford. The split depends on the batch size only, so the
 * results are the same, bit for bit, on any number of threads; a sample's outputs are the
 * unsharded executor's exactly (samples are independent until the gradients), and the gradients
 * differ from an unsharded sum only by the order of the additions.
 */
public final class ShardedExecutor implements AutoCloseable {
  /** Samples per shard in training: enough to keep each executor's loops long, few enough for two shards in a batch of 128. */
  public static final int SHARD = 64;

  private final int shard;
  private final ParamStore params;
  private final ParamStore[] shardParams;
  private final TensorExecutor[] shards;
  private final ParallelRanges crew;
  private final Map<String, Integer> sizes = new HashMap<>();
  private int batch;
  private static final SpikeSet[] NO_SETS = new SpikeSet[0];

  /**
   * Shards of {@code shard} samples for batches of up to {@code maxBatch}; {@code executor} makes
   * the executor of one shard (for {@code min(shard, maxBatch)} samples) from its parameters
   * (values shared with {@code params}, gradients its own).
   */
  public ShardedExecutor(TensorProgram program, ParamStore params, int maxBatch, int shard, int threads,
      Function<ParamStore, TensorExecutor> executor) {
    if (threads < 1 || shard < 1) throw new IllegalArgumentException("threads and shard must be at least 1: " + threads + ", " + shard);
    this.params = params;
    this.shard = shard;
    int n = (maxBatch + shard - 1) / shard;
    shardParams = new ParamStore[n];
    shards = new TensorExecutor[n];
    for (int k = 0; k < n; k++) {
      shardParams[k] = params.withOwnGrads();
      shards[k] = executor.apply(shardParams[k]);
    }
    crew = Math.min(threads, n) > 1 ? new ParallelRanges(Math.min(threads, n), 1) : null;
    for (TensorProgram.Output o : program.outputs()) {
      sizes.put(o.name(), program.tensor(o.state()).map(Tensor::size).orElseThrow());
    }
  }

  /**
   * About how many bytes the executors of batches of {@code maxBatch} in shards of {@code shard}
   * hold: per shard, its own parameter gradients and, per step, a tape of every non-parameter
   * tensor (values, their gradients and the kernels' scratch: three copies). An estimate for
   * refusing a batch that cannot fit before any work starts, not an exact count.
   */
  public static long estimateBytes(TensorProgram program, int maxBatch, int shard) {
    long params = 0;
    long state = 0;
    for (Tensor t : program.tensors()) {
      if (t.isParam()) params += t.elements();
      else state += t.size();
    }
    long shards = (maxBatch + (long) shard - 1) / shard;
    long perShard = 4L * params + 4L * 3 * Math.min(shard, maxBatch) * (program.steps() + 1L) * state;
    return shards * perShard;
  }

  private int shardsOf(int batch) {
    return (batch + shard - 1) / shard;
  }

  private int size(int k) {
    return Math.min(shard, batch - k * shard);
  }

  private interface ShardBody {
    void run(int k);
  }

  private void eachShard(ShardBody body) {
    int n = shardsOf(batch);
    if (crew == null || n < 2) {
      for (int k = 0; k < n; k++) body.run(k);
    } else {
      crew.run((loop, worker, st, lo, hi, sinks) -> {
        for (int k = lo; k < hi; k++) body.run(k);
      }, 0, 0, 0, n, NO_SETS);
    }
  }

  /** The forward pass of {@code batch} samples (rows of {@code values}, identified by {@code keys}). */
  public void forward(float[] values, int batch, long[] keys) {
    forward(values, batch, keys, null);
  }

  /** As {@link #forward(float[], int, long[])} for sequences of {@code lengths[b]} steps (null: all). */
  public void forward(float[] values, int batch, long[] keys, int[] lengths) {
    if (batch < 1 || batch > shards.length * shard) {
      throw new IllegalArgumentException("batch of " + batch + " samples, at most " + shards.length * shard);
    }
    this.batch = batch;
    int f = values.length / batch;
    eachShard(k -> {
      int from = k * shard;
      int to = from + size(k);
      shards[k].forward(Arrays.copyOfRange(values, from * f, to * f), to - from, Arrays.copyOfRange(keys, from, to),
          lengths == null ? null : Arrays.copyOfRange(lengths, from, to));
    });
  }

  /** Output {@code name} of every sample after the last forward step, shards concatenated. */
  public float[] output(String name) {
    int n = sizes.get(name);
    float[] y = new float[batch * n];
    for (int k = 0; k < shardsOf(batch); k++) {
      System.arraycopy(shards[k].output(name), 0, y, k * shard * n, size(k) * n);
    }
    return y;
  }

  /** Back-propagates each shard, then adds the shards' parameter gradients to {@link ParamStore#grad}, in shard order. */
  public void backward(Map<String, float[]> outputGrads) {
    eachShard(k -> {
      Map<String, float[]> mine = new HashMap<>();
      int from = k * shard;
      outputGrads.forEach((name, g) -> {
        int n = sizes.get(name);
        mine.put(name, Arrays.copyOfRange(g, from * n, (from + size(k)) * n));
      });
      shardParams[k].zeroGrads();
      shards[k].backward(mine);
    });
    List<String> names = params.names();
    for (int k = 0; k < shardsOf(batch); k++) {
      for (String p : names) {
        float[] to = params.grad(p);
        float[] from = shardParams[k].grad(p);
        for (int i = 0; i < to.length; i++) to[i] += from[i];
      }
    }
  }

  /** After the parameters changed: each shard refreshes what it derives from them. */
  public void parametersChanged() {
    for (TensorExecutor s : shards) s.parametersChanged();
  }

  @Override
  public void close() {
    if (crew != null) crew.close();
  }
}
