package brainc.codegen.tensor;

import brainc.ir.tensor.Layout;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorProgram;
import brainc.ir.tensor.TensorVerifier;
import brainc.runtime.data.Encoders;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a differentiated training program over a batch: the forward step {@code steps} times
 * (keeping the saved tensors of every step), then the backward step in reverse time. What is
 * common to every backend lives here: tensor slots, the tape, states, the time loops and
 * encoding; a backend supplies only how one operation runs ({@link #compile}), reading and
 * writing the buffers bound in {@link #buf} for the current step.
 */
public abstract class TensorExecutor {
  protected final TensorProgram program;
  protected final ParamStore params;
  protected final int maxBatch;
  protected final long seed;
  private final Map<String, Integer> slots = new HashMap<>();
  private final Tensor[] tensorOf;
  /** The buffer of each slot for the current step. */
  protected final float[][] buf;
  /** For saved tensors, a buffer per step (states: steps + 1); null for the others. */
  private final float[][][] tape;
  /** Each slot's layout; a view's storage is its root's ({@link #bind} keeps it so). */
  private final Layout[] layoutOf;
  /** The view slots, in the order the program defines them, and their roots' slots. */
  private final int[] viewSlot;
  private final int[] viewRoot;
  private final int[] stateSlot;
  private final int[] nextSlot;
  private final int[] gradSlot;
  private final int[] gradPrevSlot;
  /**
   * For a state that takes another state (a delay line, {@code state p = 0 next h}), a buffer
   * its next value is copied to before any state advances, so it gets the other's value at the
   * step's start whatever the states' order; null for the others.
   */
  private final float[][] staged;
  private Runnable[] forwardOps;
  private Runnable[] backwardOps;
  /** Samples in the current batch. */
  protected int batch;
  /** The current time step. */
  protected int step;
  private float[] values;
  private long[] keys;
  /** Steps of each sample of a batch of sequences of several lengths, or null (all of them). */
  private int[] lengths;
  /** The adjoints of the states of masked samples, held across a backward step. */
  private float[][] heldGrads;

  protected TensorExecutor(TensorProgram program, ParamStore params, int maxBatch, long seed) {
    List<String> problems = TensorVerifier.verify(program);
    if (!problems.isEmpty()) throw new IllegalArgumentException("ill-formed training program: " + problems);
    if (!program.differentiated()) throw new IllegalArgumentException("the training program is not differentiated");
    this.program = program;
    this.params = params;
    this.maxBatch = maxBatch;
    this.seed = seed;
    List<Tensor> ts = program.tensors();
    tensorOf = ts.toArray(new Tensor[0]);
    buf = new float[ts.size()][];
    tape = new float[ts.size()][][];
    layoutOf = new Layout[ts.size()];
    Map<String, Layout> layouts = Layout.of(program);
    // A saved view is kept by keeping the storage it views.
    java.util.Set<String> taped = new java.util.HashSet<>();
    for (String s : program.saved()) taped.add(layouts.get(s).root());
    List<Integer> views = new java.util.ArrayList<>();
    for (int s = 0; s < ts.size(); s++) slots.put(ts.get(s).name(), s);
    for (int s = 0; s < ts.size(); s++) {
      Tensor t = ts.get(s);
      layoutOf[s] = layouts.get(t.name());
      int rows = t.shape().hasBatch() ? maxBatch : 1;
      if (!layoutOf[s].root().equals(t.name())) {
        views.add(s);
      } else if (t.isParam()) {
        buf[s] = params.value(t.name());
      } else if (t.role() == Tensor.Role.PARAM_GRAD) {
        buf[s] = params.grad(t.name().substring(2));
      } else if (taped.contains(t.name())) {
        int n = program.steps() + (t.role() == Tensor.Role.STATE ? 1 : 0);
        tape[s] = new float[n][rows * t.size()];
        buf[s] = tape[s][0];
      } else {
        buf[s] = new float[rows * t.size()];
      }
    }
    viewSlot = views.stream().mapToInt(Integer::intValue).toArray();
    viewRoot = views.stream().mapToInt(v -> slots.get(layoutOf[v].root())).toArray();
    for (int v = 0; v < viewSlot.length; v++) buf[viewSlot[v]] = buf[viewRoot[v]];
    List<TensorProgram.State> st = program.states();
    stateSlot = new int[st.size()];
    nextSlot = new int[st.size()];
    gradSlot = new int[st.size()];
    gradPrevSlot = new int[st.size()];
    for (int i = 0; i < st.size(); i++) {
      stateSlot[i] = slot(st.get(i).name());
      nextSlot[i] = slot(st.get(i).next());
      gradSlot[i] = slot(TensorProgram.grad(st.get(i).name()));
      gradPrevSlot[i] = slot(TensorProgram.gradPrev(st.get(i).name()));
    }
    staged = new float[st.size()][];
    for (int i = 0; i < st.size(); i++) {
      if (tensorOf[nextSlot[i]].role() == Tensor.Role.STATE) staged[i] = new float[buf[nextSlot[i]].length];
    }
  }

  /**
   * Bytes of the tape for {@code batch} samples: every saved tensor once per step (a state once
   * more, for its initial value), float32, as the constructor allocates it.
   */
  public static long tapeBytes(TensorProgram program, int batch) {
    long bytes = 0;
    for (Tensor t : program.tensors()) {
      if (t.isParam() || t.role() == Tensor.Role.PARAM_GRAD || !program.saved().contains(t.name())) continue;
      bytes += 4L * batch * t.size() * (program.steps() + (t.role() == Tensor.Role.STATE ? 1 : 0));
    }
    return bytes;
  }

  /** Compiles the operations; subclasses call it once their own fields are set. */
  protected final void compileAll() {
    forwardOps = program.forward().stream().map(op -> profiled(op, compile(op))).toArray(Runnable[]::new);
    backwardOps = program.backward().stream().map(op -> profiled(op, compile(op))).toArray(Runnable[]::new);
  }

  /** With {@code -Dbrainc.train.profile=true}, each operation's total CPU time, printed at exit. */
  private static final boolean PROFILE = Boolean.getBoolean("brainc.train.profile");

  private static Runnable profiled(TOp op, Runnable r) {
    if (!PROFILE) return r;
    long[] nanos = {0};
    String name = brainc.ir.tensor.TensorPrinter.op(op);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.printf("profile %8.2f s  %s%n", nanos[0] / 1e9, name)));
    java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
    return () -> {
      long t0 = bean.getCurrentThreadCpuTime();
      r.run();
      nanos[0] += bean.getCurrentThreadCpuTime() - t0;
    };
  }

  /** How one operation runs: reads and writes {@code buf[slot(...)]} for {@link #batch} samples. */
  protected abstract Runnable compile(TOp op);

  /** Called after the optimizer changed the parameters (for caches such as transposed weights). */
  public void parametersChanged() {}

  protected final int slot(String name) {
    Integer s = slots.get(name);
    if (s == null) throw new IllegalArgumentException("no tensor " + name);
    return s;
  }

  protected final Tensor tensor(int slot) {
    return tensorOf[slot];
  }

  /** Where slot {@code slot}'s elements lie in {@code buf[slot]} (a view's is its root's storage). */
  protected final Layout layout(int slot) {
    return layoutOf[slot];
  }

  /**
   * For each operand of {@code m} that is broadcast or a strided view, the position (within a
   * sample of its storage) of the element that each element of the output (row-major, within a
   * sample) reads; empty when every operand has the output's shape and owns its storage.
   */
  protected final Map<String, int[]> gathers(TOp.Map m) {
    Map<String, int[]> g = new HashMap<>();
    brainc.ir.tensor.Shape to = tensorOf[slot(m.out())].shape();
    for (String r : TensorVerifier.refs(m.expr())) {
      int s = slot(r);
      brainc.ir.tensor.Shape from = tensorOf[s].shape();
      if (!from.equals(to) || !layoutOf[s].contiguous(from)) g.put(r, layoutOf[s].gather(from, to));
    }
    return g;
  }

  /** How many elements of {@code slot} the current batch has. */
  protected final int elements(int slot) {
    return tensorOf[slot].elements(batch);
  }

  /** Writes this step's encoded input into {@code out}. */
  protected final void encode(TOp.Encode e, float[] out) {
    encode(e, out, 0, batch);
  }

  /** Writes this step's encoded input of samples {@code [from, to)} into {@code out}. */
  protected final void encode(TOp.Encode e, float[] out, int from, int to) {
    Encoders.encode(e.kind(), e.args(), values, from, to, tensorOf[slot(e.out())].size(), step, keys, seed, out);
  }

  /**
   * Writes the encoded input of every step into {@code xs[t]} ({@code xs.length} steps at least
   * {@code program.steps()}; the executor's current step is left as it was): the Bernoulli
   * encoders all at once ({@link EncodeKernels}), the others step by step.
   */
  protected final void encodeSteps(TOp.Encode e, float[][] xs) {
    int n = tensorOf[slot(e.out())].size();
    float gain = EncodeKernels.gain(e.kind(), e.args());
    if (!Float.isNaN(gain) && EncodeKernels.keysInRange(keys, 0, batch)) {
      EncodeKernels.bernoulliSteps(values, 0, batch, n, program.steps(), keys, seed, gain, xs);
      return;
    }
    int now = step;
    for (step = 0; step < program.steps(); step++) encode(e, xs[step]);
    step = now;
  }

  /**
   * Runs the forward pass on {@code batch} samples: {@code values} holds them row by row (in
   * [0, 1]); {@code keys} identify them to the encoder's random draws.
   */
  public void forward(float[] values, int batch, long[] keys) {
    forward(values, batch, keys, null);
  }

  /**
   * As {@link #forward(float[], int, long[])} for sequences of several lengths: sample {@code b}
   * has {@code lengths[b]} steps (1 to {@code steps}); in the steps after its end it is masked:
   * its states keep their values (so the outputs are those of its last step) and {@link
   * #backward} sends no gradient through them. {@code lengths} null: every sample has all steps.
   */
  public void forward(float[] values, int batch, long[] keys, int[] lengths) {
    if (batch < 1 || batch > maxBatch) throw new IllegalArgumentException("batch of " + batch + " samples, at most " + maxBatch);
    if (lengths != null) {
      for (int b = 0; b < batch; b++) {
        if (lengths[b] < 1 || lengths[b] > program.steps()) {
          throw new IllegalArgumentException("sample " + b + " has " + lengths[b] + " steps, not 1 to " + program.steps());
        }
      }
    }
    this.values = values;
    this.keys = keys;
    this.batch = batch;
    this.lengths = lengths;
    bind(0);
    List<TensorProgram.State> st = program.states();
    for (int i = 0; i < st.size(); i++) Arrays.fill(buf[stateSlot[i]], 0, batch * tensorOf[stateSlot[i]].size(), (float) st.get(i).initial());
    for (step = 0; step < program.steps(); step++) {
      bind(step);
      for (Runnable r : forwardOps) r.run();
      for (int i = 0; i < stateSlot.length; i++) {
        if (staged[i] != null) System.arraycopy(buf[nextSlot[i]], 0, staged[i], 0, batch * tensorOf[stateSlot[i]].size());
      }
      for (int i = 0; i < stateSlot.length; i++) {
        int s = stateSlot[i];
        float[] to = tape[s] != null ? tape[s][step + 1] : buf[s];
        float[] next = staged[i] != null ? staged[i] : buf[nextSlot[i]];
        if (lengths == null) {
          System.arraycopy(next, 0, to, 0, batch * tensorOf[s].size());
        } else {
          advanceMasked(s, next, to);
        }
      }
    }
    bind(program.steps());
  }

  /** The end of a step of a batch of sequences: a sample past its end keeps its state. */
  private void advanceMasked(int s, float[] next, float[] to) {
    int n = tensorOf[s].size();
    float[] from = tape[s] != null ? tape[s][step] : buf[s];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(step < lengths[b] ? next : from, b * n, to, b * n, n);
    }
  }

  /** The value of output {@code name} after the last forward step ({@code batch * size}). */
  public float[] output(String name) {
    TensorProgram.Output o = program.outputs().stream().filter(x -> x.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no output " + name));
    int s = slot(o.state());
    float[] b = tape[s] != null ? tape[s][program.steps()] : buf[s];
    return Arrays.copyOf(b, batch * tensorOf[s].size());
  }

  /**
   * Back-propagates through time from the adjoints of the outputs (keyed by output name, {@code
   * batch * size} each), adding the parameter gradients to {@link ParamStore#grad}.
   */
  public void backward(Map<String, float[]> outputGrads) {
    for (int i = 0; i < stateSlot.length; i++) Arrays.fill(buf[gradSlot[i]], 0f);
    for (TensorProgram.Output o : program.outputs()) {
      float[] g = outputGrads.get(o.name());
      if (g == null) continue;
      int i = program.states().indexOf(program.states().stream().filter(x -> x.name().equals(o.state())).findFirst().orElseThrow());
      System.arraycopy(g, 0, buf[gradSlot[i]], 0, batch * tensorOf[stateSlot[i]].size());
    }
    for (step = program.steps() - 1; step >= 0; step--) {
      bind(step);
      boolean masked = lengths != null && holdMaskedGrads();
      for (Runnable r : backwardOps) r.run();
      for (int i = 0; i < stateSlot.length; i++) {
        System.arraycopy(buf[gradPrevSlot[i]], 0, buf[gradSlot[i]], 0, batch * tensorOf[stateSlot[i]].size());
      }
      if (masked) releaseMaskedGrads();
    }
  }

  /**
   * Before a backward step: the state adjoints of the samples this step masks are set aside and
   * zeroed, so that the step (linear in them) adds nothing to any gradient from those samples.
   * Whether any sample is masked.
   */
  private boolean holdMaskedGrads() {
    boolean any = false;
    for (int b = 0; b < batch; b++) any |= step >= lengths[b];
    if (!any) return false;
    if (heldGrads == null) heldGrads = new float[stateSlot.length][];
    for (int i = 0; i < stateSlot.length; i++) {
      int n = tensorOf[stateSlot[i]].size();
      if (heldGrads[i] == null) heldGrads[i] = new float[maxBatch * n];
      float[] g = buf[gradSlot[i]];
      for (int b = 0; b < batch; b++) {
        if (step < lengths[b]) continue;
        System.arraycopy(g, b * n, heldGrads[i], b * n, n);
        Arrays.fill(g, b * n, (b + 1) * n, 0f);
      }
    }
    return true;
  }

  /** After it: a masked sample's state adjoints pass the step unchanged, as its states did. */
  private void releaseMaskedGrads() {
    for (int i = 0; i < stateSlot.length; i++) {
      int n = tensorOf[stateSlot[i]].size();
      for (int b = 0; b < batch; b++) {
        if (step >= lengths[b]) System.arraycopy(heldGrads[i], b * n, buf[gradSlot[i]], b * n, n);
      }
    }
  }

  private void bind(int t) {
    for (int s = 0; s < tape.length; s++) {
      if (tape[s] != null && t < tape[s].length) buf[s] = tape[s][t];
    }
    for (int v = 0; v < viewSlot.length; v++) buf[viewSlot[v]] = buf[viewRoot[v]];
  }
}
