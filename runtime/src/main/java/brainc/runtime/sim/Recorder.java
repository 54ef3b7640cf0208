package brainc.runtime.sim;

import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpyWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records a model's probes after every step and writes them as NumPy files (layout in {@link
 * brainc.runtime.sim the package comment}). Register the probes once, then call {@link
 * #record(long)} after each step; the arrays grow by doubling, so recording allocates only
 * amortised O(1) per sample.
 */
public final class Recorder {
  private final double dt;
  private final Map<String, Probe> probes = new LinkedHashMap<>();

  public Recorder(double dt) {
    this.dt = dt;
  }

  /** Records (step, index - start) of every spike of {@code set} in {@code [start, start + count)}. */
  public void spikes(String name, SpikeSet set, int start, int count) {
    checkRange(name, start, count, set.size);
    add(name, new SpikeProbe(set, start, count));
  }

  /** Records, every {@code every} steps from step 0, elements {@code [start, start + count)} of a float32 buffer. */
  public void state(String name, float[] buffer, int start, int count, int every) {
    checkRange(name, start, count, buffer.length);
    add(name, new StateProbe(every, count) {
      float[] data = new float[16];

      @Override
      void sample(int at) {
        data = grow(data, at + count);
        System.arraycopy(buffer, start, data, at, count);
      }

      @Override
      NpyArray values(int rows) {
        return NpyArray.of(Arrays.copyOf(data, rows * count), rows, count);
      }

      @Override
      Runnable loader(NpyArray values) {
        float[] v = values.floats();
        return () -> data = Arrays.copyOf(v, Math.max(16, v.length));
      }
    });
  }

  /** As {@link #state(String, float[], int, int, int)}, for a float64 buffer. */
  public void state(String name, double[] buffer, int start, int count, int every) {
    checkRange(name, start, count, buffer.length);
    add(name, new StateProbe(every, count) {
      double[] data = new double[16];

      @Override
      void sample(int at) {
        data = grow(data, at + count);
        System.arraycopy(buffer, start, data, at, count);
      }

      @Override
      NpyArray values(int rows) {
        return NpyArray.of(Arrays.copyOf(data, rows * count), rows, count);
      }

      @Override
      Runnable loader(NpyArray values) {
        double[] v = values.doubles();
        return () -> data = Arrays.copyOf(v, Math.max(16, v.length));
      }
    });
  }

  /** As {@link #state(String, float[], int, int, int)}, for an int32 buffer. */
  public void state(String name, int[] buffer, int start, int count, int every) {
    checkRange(name, start, count, buffer.length);
    add(name, new StateProbe(every, count) {
      int[] data = new int[16];

      @Override
      void sample(int at) {
        data = grow(data, at + count);
        System.arraycopy(buffer, start, data, at, count);
      }

      @Override
      NpyArray values(int rows) {
        return NpyArray.of(Arrays.copyOf(data, rows * count), rows, count);
      }

      @Override
      Runnable loader(NpyArray values) {
        int[] v = values.ints();
        return () -> data = Arrays.copyOf(v, Math.max(16, v.length));
      }
    });
  }

  /** As {@link #state(String, float[], int, int, int)}, for an int64 buffer. */
  public void state(String name, long[] buffer, int start, int count, int every) {
    checkRange(name, start, count, buffer.length);
    add(name, new StateProbe(every, count) {
      long[] data = new long[16];

      @Override
      void sample(int at) {
        data = grow(data, at + count);
        System.arraycopy(buffer, start, data, at, count);
      }

      @Override
      NpyArray values(int rows) {
        return NpyArray.of(Arrays.copyOf(data, rows * count), rows, count);
      }

      @Override
      Runnable loader(NpyArray values) {
        long[] v = values.longs();
        return () -> data = Arrays.copyOf(v, Math.max(16, v.length));
      }
    });
  }

  /** As {@link #state(String, float[], int, int, int)}, for a boolean buffer, written as int32 0 and 1. */
  public void state(String name, boolean[] buffer, int start, int count, int every) {
    checkRange(name, start, count, buffer.length);
    add(name, new StateProbe(every, count) {
      int[] data = new int[16];

      @Override
      void sample(int at) {
        data = grow(data, at + count);
        for (int i = 0; i < count; i++) {
          data[at + i] = buffer[start + i] ? 1 : 0;
        }
      }

      @Override
      NpyArray values(int rows) {
        return NpyArray.of(Arrays.copyOf(data, rows * count), rows, count);
      }

      @Override
      Runnable loader(NpyArray values) {
        int[] v = values.ints();
        return () -> data = Arrays.copyOf(v, Math.max(16, v.length));
      }
    });
  }

  /**
   * Records the elements {@code synapses} (synapse numbers, in the order given) of a per-synapse
   * float32 buffer every {@code every} steps from step 0, or, with {@code every} 0, once, after
   * step {@code lastStep}; writes beside them {@code NAME_synapses.npy}, int32 rows (pre, post)
   * of the ends of each synapse as given.
   */
  public void synapses(String name, float[] buffer, int[] synapses, int[] pre, int[] post, int every, long lastStep) {
    checkSynapses(name, buffer.length, synapses, pre, post);
    int count = synapses.length;
    add(name, new SynapseProbe(every, lastStep, count, pre, post) {
      float[] data = new float[16];

      @Override
      void sample(int at) {
        data = grow(data, at + count);
        for (int k = 0; k < count; k++) data[at + k] = buffer[synapses[k]];
      }

      @Override
      NpyArray values(int rows) {
        return NpyArray.of(Arrays.copyOf(data, rows * count), rows, count);
      }

      @Override
      Runnable loader(NpyArray values) {
        float[] v = values.floats();
        return () -> data = Arrays.copyOf(v, Math.max(16, v.length));
      }
    });
  }

  /** As {@link #synapses(String, float[], int[], int[], int[], int, long)}, for a float64 buffer. */
  public void synapses(String name, double[] buffer, int[] synapses, int[] pre, int[] post, int every, long lastStep) {
    checkSynapses(name, buffer.length, synapses, pre, post);
    int count = synapses.length;
    add(name, new SynapseProbe(every, lastStep, count, pre, post) {
      double[] data = new double[16];

      @Override
      void sample(int at) {
        data = grow(data, at + count);
        for (int k = 0; k < count; k++) data[at + k] = buffer[synapses[k]];
      }

      @Override
      NpyArray values(int rows) {
        return NpyArray.of(Arrays.copyOf(data, rows * count), rows, count);
      }

      @Override
      Runnable loader(NpyArray values) {
        double[] v = values.doubles();
        return () -> data = Arrays.copyOf(v, Math.max(16, v.length));
      }
    });
  }

  private static void checkSynapses(String name, int size, int[] synapses, int[] pre, int[] post) {
    if (pre.length != synapses.length || post.length != synapses.length) {
      throw new IllegalArgumentException("probe " + name + " has " + synapses.length + " synapses but " + pre.length
          + " and " + post.length + " ends");
    }
    for (int s : synapses) {
      if (s < 0 || s >= size) throw new IllegalArgumentException("probe " + name + " reads synapse " + s + " of " + size);
    }
  }

  /** Records, per step, the fraction of {@code [start, start + count)} that spiked divided by dt, in Hz. */
  public void rate(String name, SpikeSet set, int start, int count) {
    checkRange(name, start, count, set.size);
    add(name, new RateProbe(set, start, count));
  }

  /** Samples every probe after step {@code step}. */
  public void record(long step) {
    for (Probe p : probes.values()) {
      p.record(step);
    }
  }

  /** The names of the registered probes, in registration order. */
  public List<String> names() {
    return new ArrayList<>(probes.keySet());
  }

  /**
   * What {@link #write} would write: file names without {@code .npy}, in probe order, to arrays
   * that are copies of what has been recorded so far.
   */
  public Map<String, NpyArray> arrays() {
    Map<String, NpyArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, Probe> e : probes.entrySet()) {
      e.getValue().arrays(e.getKey(), out);
    }
    return out;
  }

  /**
   * Replaces what every probe recorded by {@code arrays}, as {@link #arrays()} gave them (a
   * snapshot's): a resumed simulation then writes what an uninterrupted one would. Checks all of
   * them first; an IllegalArgumentException says what does not fit, and nothing is changed then.
   */
  public void restore(Map<String, NpyArray> arrays) {
    List<Runnable> loads = new ArrayList<>();
    for (Map.Entry<String, Probe> e : probes.entrySet()) {
      try {
        loads.add(e.getValue().loader(e.getKey(), arrays));
      } catch (IllegalStateException | NullPointerException x) {
        throw new IllegalArgumentException("the recorded monitor " + e.getKey() + " is missing or of another type");
      }
    }
    loads.forEach(Runnable::run);
  }

  /** Writes every array of {@link #arrays()} as {@code dir/NAME.npy}, each atomically; returns the paths. */
  public List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, NpyArray> e : arrays().entrySet()) {
      Path path = dir.resolve(e.getKey() + ".npy");
      NpyWriter.write(path, e.getValue());
      written.add(path);
    }
    return written;
  }

  private void add(String name, Probe probe) {
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("probe name " + name + " is not a plain file name");
    }
    if (probes.putIfAbsent(name, probe) != null) {
      throw new IllegalArgumentException("probe " + name + " is registered twice");
    }
  }

  private static void checkRange(String name, int start, int count, int size) {
    if (start < 0 || count < 0 || start > size - count) {
      throw new IllegalArgumentException(
          "probe " + name + " reads [" + start + ", " + (start + (long) count) + ") of " + size + " elements");
    }
  }

  private abstract static class Probe {
    abstract void record(long step);

    abstract void arrays(String name, Map<String, NpyArray> out);

    /** What puts back {@code in}'s arrays of this probe (as {@link #arrays} names them), checked. */
    abstract Runnable loader(String name, Map<String, NpyArray> in);
  }

  /** {@code in.get(name)}, with {@code columns} columns (0: one-dimensional); else an IllegalArgumentException. */
  private static NpyArray shaped(Map<String, NpyArray> in, String name, int columns) {
    NpyArray a = in.get(name);
    if (a == null) throw new IllegalArgumentException("the recorded monitor " + name + " is missing");
    int[] shape = a.shape();
    boolean fits = columns == 0 ? shape.length == 1 : shape.length == 2 && shape[1] == columns;
    if (!fits) throw new IllegalArgumentException("the recorded monitor " + name + " has shape " + Arrays.toString(shape));
    return a;
  }

  private static final class SpikeProbe extends Probe {
    private final SpikeSet set;
    private final int start;
    private final int count;
    private long[] pairs = new long[64];
    private int n;

    SpikeProbe(SpikeSet set, int start, int count) {
      this.set = set;
      this.start = start;
      this.count = count;
    }

    @Override
    void record(long step) {
      for (int s = 0; s < set.count; s++) {
        int i = set.indices[s] - start;
        if (i >= 0 && i < count) {
          pairs = grow(pairs, 2 * n + 2);
          pairs[2 * n] = step;
          pairs[2 * n + 1] = i;
          n++;
        }
      }
    }

    @Override
    void arrays(String name, Map<String, NpyArray> out) {
      out.put(name, NpyArray.of(Arrays.copyOf(pairs, 2 * n), n, 2));
    }

    @Override
    Runnable loader(String name, Map<String, NpyArray> in) {
      NpyArray a = shaped(in, name, 2);
      long[] v = a.longs();
      int rows = a.shape()[0];
      return () -> {
        pairs = Arrays.copyOf(v, Math.max(64, v.length));
        n = rows;
      };
    }
  }

  private abstract static class StateProbe extends Probe {
    private final int every;
    /** The one step after which it records, or -1 to record every {@code every} steps. */
    private final long only;
    final int count;
    private long[] steps = new long[16];
    private int rows;

    StateProbe(int every, int count) {
      this(every, -1, count);
    }

    StateProbe(int every, long only, int count) {
      if (every < 1 && only < 0) {
        throw new IllegalArgumentException("sampling interval " + every + " is not positive");
      }
      this.every = every;
      this.only = only;
      this.count = count;
    }

    /** Copies the current values to {@code data[at .. at + count)}, growing it first. */
    abstract void sample(int at);

    abstract NpyArray values(int rows);

    /** What replaces the recorded values by {@code values} ({@code rows x count}), checked. */
    abstract Runnable loader(NpyArray values);

    @Override
    void record(long step) {
      if (only >= 0 ? step == only : step % every == 0) {
        steps = grow(steps, rows + 1);
        steps[rows] = step;
        sample(Math.multiplyExact(rows, count));
        rows++;
      }
    }

    @Override
    void arrays(String name, Map<String, NpyArray> out) {
      out.put(name, values(rows));
      out.put(name + "_steps", NpyArray.of(Arrays.copyOf(steps, rows)));
    }

    @Override
    Runnable loader(String name, Map<String, NpyArray> in) {
      long[] s = shaped(in, name + "_steps", 0).longs();
      NpyArray values = shaped(in, name, count);
      if (values.shape()[0] != s.length) {
        throw new IllegalArgumentException("the recorded monitor " + name + " has " + values.shape()[0] + " rows for "
            + s.length + " steps");
      }
      Runnable data = loader(values);
      return () -> {
        data.run();
        steps = Arrays.copyOf(s, Math.max(16, s.length));
        rows = s.length;
      };
    }
  }

  /** A state probe of chosen synapses, which also writes their ends, {@code NAME_synapses}. */
  private abstract static class SynapseProbe extends StateProbe {
    private final int[] ends;

    SynapseProbe(int every, long lastStep, int count, int[] pre, int[] post) {
      super(Math.max(every, 1), every == 0 ? Math.max(lastStep, 0) : -1, count);
      ends = new int[2 * count];
      for (int k = 0; k < count; k++) {
        ends[2 * k] = pre[k];
        ends[2 * k + 1] = post[k];
      }
    }

    @Override
    void arrays(String name, Map<String, NpyArray> out) {
      super.arrays(name, out);
      out.put(name + "_synapses", NpyArray.of(ends.clone(), count, 2));
    }
  }

  private final class RateProbe extends Probe {
    private final SpikeSet set;
    private final int start;
    private final int count;
    private double[] rates = new double[64];
    private int n;

    RateProbe(SpikeSet set, int start, int count) {
      this.set = set;
      this.start = start;
      this.count = count;
    }

    @Override
    void record(long step) {
      rates = grow(rates, n + 1);
      rates[n++] = count == 0 ? 0 : set.countInRange(start, count) / (count * dt);
    }

    @Override
    void arrays(String name, Map<String, NpyArray> out) {
      out.put(name, NpyArray.of(Arrays.copyOf(rates, n)));
    }

    @Override
    Runnable loader(String name, Map<String, NpyArray> in) {
      double[] v = shaped(in, name, 0).doubles();
      return () -> {
        rates = Arrays.copyOf(v, Math.max(64, v.length));
        n = v.length;
      };
    }
  }

  static float[] grow(float[] a, int needed) {
    return needed <= a.length ? a : Arrays.copyOf(a, Math.max(needed, 2 * a.length));
  }

  static double[] grow(double[] a, int needed) {
    return needed <= a.length ? a : Arrays.copyOf(a, Math.max(needed, 2 * a.length));
  }

  static int[] grow(int[] a, int needed) {
    return needed <= a.length ? a : Arrays.copyOf(a, Math.max(needed, 2 * a.length));
  }

  static long[] grow(long[] a, int needed) {
    return needed <= a.length ? a : Arrays.copyOf(a, Math.max(needed, 2 * a.length));
  }
}
