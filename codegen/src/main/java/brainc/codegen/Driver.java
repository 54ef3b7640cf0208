package brainc.codegen;

import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.DriverLoop;
import brainc.ir.kernel.KernelProgram.Phase;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Group;
import brainc.ir.kernel.KernelProgram.Probe;
import brainc.runtime.sim.DelayRingDouble;
import brainc.runtime.sim.DelayRingFloat;
import brainc.runtime.sim.ParallelRanges;
import brainc.runtime.sim.Recorder;
import brainc.runtime.sim.RunSummary;
import brainc.runtime.sim.SimulationError;
import brainc.runtime.sim.SpikeSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed simulation loop of {@link KernelProgram}, the same for every backend. Construction
 * runs {@code init} with step 0; then each step {@code n}:
 *
 * <pre>
 *   the phases of the program's {@link DriverLoop}, by default: clear every spike set →
 *   kernel.step(n) → record the probes, count spikes per group → advance every queue → (a
 *   program with outputs, after the run's last step: the readout kernels) → every checkEvery
 *   steps (and after the last): NaN/Inf check; then every progressEvery steps (and after the
 *   last): listener
 * </pre>
 *
 * The check scans every float buffer and throws a {@link SimulationError} naming the first bad
 * element at the first step after which it was bad: each passing check keeps a copy of the state
 * (buffers and queues), and a failing one restores it and replays the steps since, checking after
 * each. The random numbers are keyed by step, so the replay computes exactly the same values; a
 * run that fails records nothing, so the probes need no rewinding.
 */
public final class Driver implements Simulation {
  /**
   * How often the driver checks for NaN/Inf and reports progress, in steps; and how many threads
   * step the loops marked parallel ({@link brainc.ir.kernel.ParallelLoops}), each taking a chunk of at least {@code
   * minChunk} iterations. One thread (the default) runs the backends' sequential code unchanged;
   * more give the same bits and spikes, and pay only for loops of many thousand iterations.
   */
  public record Options(int checkEvery, int progressEvery, int threads, int minChunk) {
    // checkEvery 0: as the program's DriverLoop says; a positive value overrides it (tests check every step).
    /** Iterations per chunk below which a loop stays on one thread: a fork and join costs microseconds. */
    public static final int MIN_CHUNK = 2048;

    /** The finiteness check as the program's driver loop schedules it (every 100 steps), progress every 1000. */
    public static final Options DEFAULT = new Options(0, 1000);

    public Options {
      if (checkEvery < 0 || progressEvery < 1) {
        throw new IllegalArgumentException("intervals must be positive: " + checkEvery + ", " + progressEvery);
      }
      if (threads < 1 || minChunk < 1) {
        throw new IllegalArgumentException("threads and chunk size must be positive: " + threads + ", " + minChunk);
      }
    }

    /** One thread. */
    public Options(int checkEvery, int progressEvery) {
      this(checkEvery, progressEvery, 1, MIN_CHUNK);
    }

    public Options withThreads(int threads) {
      return new Options(checkEvery, progressEvery, threads, minChunk);
    }

    public Options withMinChunk(int minChunk) {
      return new Options(checkEvery, progressEvery, threads, minChunk);
    }

    /** The crew that runs split loops, or null for one thread. */
    public ParallelRanges newRanges() {
      return threads == 1 ? null : new ParallelRanges(threads, minChunk);
    }
  }

  private final KernelProgram program;
  private final Memory memory;
  /** The program's driver loop, as {@link #phaseCodes} codes. */
  private final int[] phases;
  /** Steps between finiteness checks: the options', else the program loop's. */
  private final int checkEvery;
  private final CompiledKernel kernel;
  private final Options options;
  private final Recorder recorder;
  private final SpikeSet[] spikeSets;
  private final DelayRingFloat[] floatQueues;
  private final DelayRingDouble[] doubleQueues;
  private final float[][] floatBuffers;
  private final String[] floatLabels;
  private final double[][] doubleBuffers;
  private final String[] doubleLabels;
  private final SpikeSet[] groupSets;
  private final long[] groupSpikes;
  private final ParallelRanges ranges;
  private final long buildNanos;
  private long simulateNanos;
  private long current;
  /** The state after the last passing check, and the step it belongs to (see {@link #replay}). */
  private final Object[] saved;
  private Object[] savedQueues;
  private long savedStep;

  /** Takes {@code memory} as allocated for {@code program} and runs {@code kernel.init()}. */
  public Driver(KernelProgram program, Memory memory, CompiledKernel kernel, Options options, long buildStartNanos) {
    this(program, memory, kernel, options, null, buildStartNanos);
  }

  /**
   * As above, for a kernel that splits loops on {@code ranges} (null for none): the driver stops
   * its threads when closed.
   */
  public Driver(KernelProgram program, Memory memory, CompiledKernel kernel, Options options, ParallelRanges ranges,
      long buildStartNanos) {
    this.program = program;
    this.phases = phaseCodes(program.loop());
    this.checkEvery = options.checkEvery() > 0 ? options.checkEvery() : Math.max(1, program.loop().checkEvery());
    this.ranges = ranges;
    this.memory = memory;
    this.kernel = kernel;
    this.options = options;
    this.recorder = new Recorder(program.dt());
    this.spikeSets = memory.spikeSets().values().toArray(new SpikeSet[0]);
    List<DelayRingFloat> fq = new ArrayList<>();
    List<DelayRingDouble> dq = new ArrayList<>();
    for (Object q : memory.queues().values()) {
      if (q instanceof DelayRingFloat f) {
        fq.add(f);
      } else {
        dq.add((DelayRingDouble) q);
      }
    }
    this.floatQueues = fq.toArray(new DelayRingFloat[0]);
    this.doubleQueues = dq.toArray(new DelayRingDouble[0]);
    List<float[]> fb = new ArrayList<>();
    List<String> fl = new ArrayList<>();
    List<double[]> db = new ArrayList<>();
    List<String> dl = new ArrayList<>();
    for (Buffer b : program.buffers()) {
      Object array = memory.buffer(b.name());
      if (array instanceof float[] f) {
        fb.add(f);
        fl.add(b.label());
      } else if (array instanceof double[] d) {
        db.add(d);
        dl.add(b.label());
      }
    }
    this.floatBuffers = fb.toArray(new float[0][]);
    this.floatLabels = fl.toArray(new String[0]);
    this.doubleBuffers = db.toArray(new double[0][]);
    this.doubleLabels = dl.toArray(new String[0]);
    for (Probe p : program.probes()) {
      register(p);
    }
    this.groupSets = new SpikeSet[program.groups().size()];
    this.groupSpikes = new long[groupSets.length];
    for (int g = 0; g < groupSets.length; g++) {
      Group group = program.groups().get(g);
      groupSets[g] = memory.spikeSet(group.spikeSet());
      if (group.start() < 0 || group.count() < 0 || group.start() > groupSets[g].size - group.count()) {
        throw new IllegalArgumentException("group " + group.name() + " lies outside spike set " + group.spikeSet());
      }
    }
    this.saved = new Object[program.buffers().size()];
    kernel.init();
    checkFinite(0);
    save(0);
    this.buildNanos = System.nanoTime() - buildStartNanos;
  }

  private void register(Probe p) {
    if (p instanceof Probe.Spikes s) {
      recorder.spikes(s.name(), memory.spikeSet(s.spikeSet()), s.start(), s.count());
    } else if (p instanceof Probe.Rate r) {
      recorder.rate(r.name(), memory.spikeSet(r.spikeSet()), r.start(), r.count());
    } else if (p instanceof Probe.State st) {
      Object a = memory.buffer(st.buffer());
      if (a instanceof float[] f) {
        recorder.state(st.name(), f, st.start(), st.count(), st.every());
      } else if (a instanceof double[] d) {
        recorder.state(st.name(), d, st.start(), st.count(), st.every());
      } else if (a instanceof int[] i) {
        recorder.state(st.name(), i, st.start(), st.count(), st.every());
      } else if (a instanceof long[] l) {
        recorder.state(st.name(), l, st.start(), st.count(), st.every());
      } else {
        recorder.state(st.name(), (boolean[]) a, st.start(), st.count(), st.every());
      }
    } else if (p instanceof Probe.Synapses sy) {
      registerSynapses(sy);
    } else {
      throw new IllegalArgumentException("unknown probe " + p);
    }
  }

  /**
   * Finds the synapses a probe of a per-synapse buffer reads, now that the connection is built:
   * those of its presynaptic range onto its postsynaptic range, in synapse (CSR) order, which
   * every backend numbers alike, so both engines record the same elements.
   */
  private void registerSynapses(Probe.Synapses sy) {
    brainc.runtime.sim.Csr csr = memory.csr(sy.connection());
    int n = 0;
    int[] chosen = new int[16];
    int[] pre = new int[16];
    int[] post = new int[16];
    int preEnd = sy.preStart() + sy.preCount();
    int postEnd = sy.postStart() + sy.postCount();
    for (int i = sy.preStart(); i < preEnd; i++) {
      for (int s = csr.rowPtr[i]; s < csr.rowPtr[i + 1]; s++) {
        int j = csr.cols[s];
        if (j < sy.postStart() || j >= postEnd) continue;
        if (n == chosen.length) {
          chosen = java.util.Arrays.copyOf(chosen, 2 * n);
          pre = java.util.Arrays.copyOf(pre, 2 * n);
          post = java.util.Arrays.copyOf(post, 2 * n);
        }
        chosen[n] = s;
        pre[n] = i + sy.preShift();
        post[n] = j + sy.postShift();
        n++;
      }
    }
    chosen = java.util.Arrays.copyOf(chosen, n);
    pre = java.util.Arrays.copyOf(pre, n);
    post = java.util.Arrays.copyOf(post, n);
    Object a = memory.buffer(sy.buffer());
    if (a instanceof float[] f) {
      recorder.synapses(sy.name(), f, chosen, pre, post, sy.every(), program.steps() - 1);
    } else {
      recorder.synapses(sy.name(), (double[]) a, chosen, pre, post, sy.every(), program.steps() - 1);
    }
  }

  @Override
  public void run(long steps, StepListener listener) {
    if (steps < 0) {
      throw new IllegalArgumentException("negative step count " + steps);
    }
    long start = current;
    long end = current + steps;
    long t0 = System.nanoTime();
    try {
      for (long n = start; n < end; n++) {
        for (int phase : phases) {
          switch (phase) {
            case CLEAR_SPIKES -> clearSpikes();
            case RUN_KERNELS -> kernel.step(n);
            case RECORD_PROBES -> {
              recorder.record(n);
              for (int g = 0; g < groupSets.length; g++) {
                Group group = program.groups().get(g);
                groupSpikes[g] += groupSets[g].countInRange(group.start(), group.count());
              }
            }
            case ADVANCE_QUEUES -> advanceQueues();
            case RUN_READOUTS -> {
              if (n + 1 == end) kernel.readout();
            }
            default -> {
              current = n + 1;
              if (current % checkEvery == 0 || current == end) {
                try {
                  checkFinite(n);
                } catch (SimulationError e) {
                  replay(n);
                  throw e;
                }
                save(current);
              }
            }
          }
        }
        current = n + 1;
        if ((current - start) % options.progressEvery() == 0 || current == end) {
          listener.progress(current - start, steps);
        }
      }
    } finally {
      simulateNanos += System.nanoTime() - t0;
    }
  }

  private void clearSpikes() {
    for (SpikeSet s : spikeSets) {
      s.clear();
    }
  }

  private void advanceQueues() {
    for (DelayRingFloat q : floatQueues) {
      q.advance();
    }
    for (DelayRingDouble q : doubleQueues) {
      q.advance();
    }
  }

  /** The program's {@link DriverLoop} as phase codes, so that each step runs a switch, not a type test. */
  private static int[] phaseCodes(DriverLoop loop) {
    int[] out = new int[loop.phases().size()];
    for (int k = 0; k < out.length; k++) {
      Phase p = loop.phases().get(k);
      out[k] = p instanceof Phase.ClearSpikes ? CLEAR_SPIKES : p instanceof Phase.RunKernels ? RUN_KERNELS
          : p instanceof Phase.RecordProbes ? RECORD_PROBES : p instanceof Phase.AdvanceQueues ? ADVANCE_QUEUES
          : p instanceof Phase.RunReadouts ? RUN_READOUTS : CHECK_FINITE;
    }
    return out;
  }

  private static final int CLEAR_SPIKES = 0;
  private static final int RUN_KERNELS = 1;
  private static final int RECORD_PROBES = 2;
  private static final int ADVANCE_QUEUES = 3;
  private static final int CHECK_FINITE = 4;
  private static final int RUN_READOUTS = 5;

  /** Copies every buffer and queue, the state at the start of step {@code step}. */
  private void save(long step) {
    List<Buffer> buffers = program.buffers();
    for (int b = 0; b < saved.length; b++) {
      Object a = memory.buffer(buffers.get(b).name());
      int n = java.lang.reflect.Array.getLength(a);
      if (saved[b] == null) saved[b] = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), n);
      System.arraycopy(a, 0, saved[b], 0, n);
    }
    Object[] queues = memory.queues().values().toArray();
    savedQueues = new Object[queues.length];
    for (int q = 0; q < queues.length; q++) {
      savedQueues[q] = queues[q] instanceof DelayRingFloat f ? f.pendingByDelay() : ((DelayRingDouble) queues[q]).pendingByDelay();
    }
    savedStep = step;
  }

  /**
   * Restores the state saved at the last passing check and runs the steps up to {@code failed}
   * again, checking after each, so that the error names the first step that produced a
   * non-finite value; throws it.
   */
  private void replay(long failed) {
    List<Buffer> buffers = program.buffers();
    for (int b = 0; b < saved.length; b++) {
      Object a = memory.buffer(buffers.get(b).name());
      System.arraycopy(saved[b], 0, a, 0, java.lang.reflect.Array.getLength(a));
    }
    Object[] queues = memory.queues().values().toArray();
    for (int q = 0; q < queues.length; q++) {
      if (queues[q] instanceof DelayRingFloat f) f.restorePending((float[][]) savedQueues[q]);
      else ((DelayRingDouble) queues[q]).restorePending((double[][]) savedQueues[q]);
    }
    for (long n = savedStep; n <= failed; n++) {
      // The loop's phases but the probes (a failed run records nothing), checking after each step.
      for (int phase : phases) {
        switch (phase) {
          case CLEAR_SPIKES -> clearSpikes();
          case RUN_KERNELS -> kernel.step(n);
          case ADVANCE_QUEUES -> advanceQueues();
          default -> { }
        }
      }
      current = n + 1;
      checkFinite(n);
    }
  }

  private void checkFinite(long step) {
    for (int b = 0; b < floatBuffers.length; b++) {
      SimulationError.requireFinite(floatBuffers[b], floatLabels[b], step, program.dt());
    }
    for (int b = 0; b < doubleBuffers.length; b++) {
      SimulationError.requireFinite(doubleBuffers[b], doubleLabels[b], step, program.dt());
    }
  }

  @Override
  public void close() {
    if (ranges != null) {
      ranges.close();
    }
  }

  @Override
  public KernelProgram program() {
    return program;
  }

  @Override
  public long currentStep() {
    return current;
  }

  @Override
  public void resumeAt(long step) {
    if (step < 0) throw new IllegalArgumentException("negative step " + step);
    current = step;
    // A failing check replays from the last saved state: the restored one, not step 0's.
    save(step);
  }

  @Override
  public long[] spikeCounts() {
    return groupSpikes.clone();
  }

  @Override
  public void restoreSpikeCounts(long[] counts) {
    if (counts.length != groupSpikes.length) {
      throw new IllegalArgumentException(counts.length + " spike counts for " + groupSpikes.length + " groups");
    }
    System.arraycopy(counts, 0, groupSpikes, 0, counts.length);
  }

  @Override
  public Memory memory() {
    return memory;
  }

  @Override
  public Recorder recorder() {
    return recorder;
  }

  @Override
  public RunSummary summary() {
    List<RunSummary.GroupStats> stats = new ArrayList<>();
    long neurons = 0;
    for (int g = 0; g < groupSets.length; g++) {
      Group group = program.groups().get(g);
      // A group that names its own spike set is a population; the others are slices of one.
      if (group.name().equals(group.spikeSet())) neurons += group.count();
      double seconds = current * program.dt();
      double rate = group.count() == 0 || current == 0 ? 0 : groupSpikes[g] / (group.count() * seconds);
      stats.add(new RunSummary.GroupStats(group.name(), group.count(), groupSpikes[g], rate));
    }
    return new RunSummary(neurons, memory.synapses(), current, program.dt(), stats, buildNanos, simulateNanos);
  }
}
