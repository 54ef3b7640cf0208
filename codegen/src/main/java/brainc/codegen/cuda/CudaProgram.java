package brainc.codegen.cuda;

import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Extent;
import brainc.ir.kernel.KernelProgram.Phase;
import brainc.ir.kernel.KernelProgram.Probe;
import brainc.ir.kernel.KernelProgram.Rule;
import brainc.ir.kernel.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.velocity.VelocityContext;

/**
 * A kernel program as the view records the templates read, and the rendering of {@code model.cu}:
 * the host program ({@code model.cu.vm}, {@code host.vm}) around one template per kernel kind
 * ({@code kernel_update.vm}, ...). Templates run in strict mode: a reference they cannot resolve
 * is a bug here, not an empty string in the output.
 */
final class CudaProgram {
  private CudaProgram() {}

  private static final int THREADS = 256;

  /** The text of {@code model.cu} for {@code program}. */
  static String render(KernelProgram program) {
    CudaLayout layout = new CudaLayout(program);
    List<BlockView> blocks = new ArrayList<>();
    StringBuilder kernels = new StringBuilder();
    List<LaunchView> init = new ArrayList<>();
    // Init's loops are not marked (it runs once, on one thread elsewhere); here an elementwise
    // one is a grid like any parallel loop: at a million neurons one thread would take seconds.
    List<KStmt> initBody = program.init().stream().map(s -> s instanceof KStmt.ForRange r && !r.parallel()
        && brainc.ir.kernel.ParallelLoops.elementwise(r) ? (KStmt) new KStmt.ForRange(r.var(), r.start(), r.end(),
        r.body(), true) : s).toList();
    kernels.append(kernel(layout, "init", "bc_k_init", "init", initBody, init));
    blocks.add(new BlockView("bc_init", "The init statements, once, at step 0.", init));
    List<LaunchView> step = new ArrayList<>();
    for (int k = 0; k < program.step().size(); k++) {
      KernelProgram.Kernel kernel = program.step().get(k);
      kernels.append(kernel(layout, template(kernel.kinds().get(0)), "bc_k" + k, title(kernel), kernel.body(), step));
    }
    blocks.add(new BlockView("bc_step", "The step's kernels in order.", step));
    List<LaunchView> readout = new ArrayList<>();
    for (int k = 0; k < program.readouts().size(); k++) {
      KernelProgram.Kernel kernel = program.readouts().get(k);
      kernels.append(kernel(layout, "readout", "bc_r" + k, title(kernel), kernel.body(), readout));
    }
    blocks.add(new BlockView("bc_readout", "The readout kernels, after a run's last step.", readout));
    VelocityContext cx = new VelocityContext();
    cx.put("program", programView(program, layout, blocks));
    cx.put("kernels", kernels.toString());
    return merge("model.cu.vm", cx);
  }

  private static String merge(String template, VelocityContext cx) {
    return CudaTemplates.merge(template, cx);
  }

  private static String title(KernelProgram.Kernel k) {
    return "kernel \"" + cText(k.name()) + "\" (" + String.join(" + ", k.kinds().stream()
        .map(x -> x.name().toLowerCase(Locale.ROOT)).toList()) + ")";
  }

  /** The template of the kernel's (first) kind. */
  private static String template(KernelProgram.KernelKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** Renders the kernel's functions with its kind's template; adds its launches to {@code into}. */
  private static String kernel(CudaLayout layout, String kind, String prefix, String title, List<KStmt> body,
      List<LaunchView> into) {
    List<Launches.Launch> launches = Launches.of(layout, body);
    List<LaunchView> views = new ArrayList<>();
    for (int i = 0; i < launches.size(); i++) {
      views.add(new LaunchView(prefix + "_" + i, launches.get(i), layout));
    }
    into.addAll(views);
    VelocityContext cx = new VelocityContext();
    cx.put("kernel", new KernelView(title, views));
    return merge("kernel_" + kind + ".vm", cx);
  }

  // ---------------------------------------------------------------- views (public: the templates call them)

  public record KernelView(String title, List<LaunchView> launches) {
    public int launchCount() {
      return launches.size();
    }
  }

  public record FunctionView(String name, String mode, String body) {
    public String modeText() {
      return mode.isEmpty() ? "" : ", " + mode + " mode";
    }
  }

  /** One launch of a block: its functions and the host's call of them. */
  public static final class LaunchView {
    private final String name;
    private final Launches.Launch launch;
    private final CudaLayout layout;

    LaunchView(String name, Launches.Launch launch, CudaLayout layout) {
      this.name = name;
      this.launch = launch;
      this.layout = layout;
    }

    public boolean serial() {
      return launch.shape() == Launches.Shape.SERIAL;
    }

    public boolean sameInBothModes() {
      return launch.sameInBothModes() && launch.compacts().isEmpty();
    }

    public String shapeText() {
      return switch (launch.shape()) {
        case SERIAL -> "one thread, in order";
        case RANGE -> "a thread per iteration (" + launch.threads() + ")";
        case DRAIN -> "a thread per element (" + launch.threads() + ")";
        case SPIKES -> "a thread per spike (at most " + launch.threads() + ")";
      };
    }

    public List<FunctionView> functions() {
      if (launch.sameInBothModes()) return List.of(new FunctionView(name, "", launch.deterministic()));
      return List.of(new FunctionView(name + "_det", "deterministic", launch.deterministic()),
          new FunctionView(name + "_fast", "fast", launch.fast()));
    }

    /** The host's statements that launch it in {@code mode} ("det" or "fast"). */
    public String launch(String mode) {
      String fn = launch.sameInBothModes() ? name : name + "_" + mode;
      if (launch.shape() == Launches.Shape.SPIKES && mode.equals("det")) {
        // Deterministic mode keeps the spike loop in order on one thread.
        return "BRAINC_LAUNCH(" + fn + ", 1, 1, m, step);";
      }
      long threads = launch.threads();
      if (threads == 0) return "// no threads: nothing to launch";
      long blocks = launch.shape() == Launches.Shape.SERIAL ? 1 : (threads + THREADS - 1) / THREADS;
      int perBlock = launch.shape() == Launches.Shape.SERIAL ? 1 : THREADS;
      StringBuilder b = new StringBuilder("BRAINC_LAUNCH(" + fn + ", " + blocks + ", " + perBlock + ", m, step);");
      if (mode.equals("det")) {
        for (int s : launch.compacts()) {
          b.append("\n    BRAINC_LAUNCH(bc_compact, 1, 1, m.s").append(s).append("_idx, m.s").append(s).append("_count, m.s")
              .append(s).append("_flag, ").append(layout.program.spikeSets().get(s).size()).append(");");
        }
      }
      return b.toString();
    }
  }

  public record BlockView(String name, String comment, List<LaunchView> launches) {}

  /** A buffer; {@code name} and {@code dtype} are what the final Snapshot stores it as ({@code buffer/NAME}). */
  public record BufferView(int index, String ctype, String type, String typeName, String label, String sizeText,
      String sizeExpr, String name, String dtype) {}

  public record SetView(int index, int size, String label) {}

  public record QueueView(int index, String ctype, String target, int slots, int size, int maxDelay, String name,
      String dtype) {}

  public record ConnectionView(int index, String name, int preSize, int postSize, String format, int kind, String p,
      String logQ, int k, long stream, boolean autapses) {}

  public record ProbeView(int index, String kind, String name, String ctype, String deviceType, String descr, int set, int start, int count,
      int every, int buffer, int connection, int preStart, int preCount, int postStart, int postCount, int preShift,
      int postShift, boolean atEnd) {}

  public record GroupView(String name, int set, int start, int count) {}

  public record ProgramView(String name, String dt, String dtText, long steps, long seed, int checkEvery,
      List<BufferView> buffers, List<BufferView> floatBuffers, List<SetView> sets, List<QueueView> queues,
      List<ConnectionView> connections, List<ProbeView> probes, List<GroupView> groups, List<String> phases,
      List<BlockView> blocks) {}

  private static ProgramView programView(KernelProgram program, CudaLayout layout, List<BlockView> blocks) {
    List<BufferView> buffers = new ArrayList<>();
    for (int k = 0; k < program.buffers().size(); k++) {
      Buffer b = program.buffers().get(k);
      String size;
      String expr;
      if (b.extent() instanceof Extent.Fixed f) {
        size = String.valueOf(f.size());
        expr = "(size_t)" + f.size();
      } else {
        String c = ((Extent.Synapses) b.extent()).connection();
        int ci = program.connections().indexOf(layout.conn(c));
        size = "synapses of " + cText(c);
        expr = "csr[" + ci + "].cols.size()";
      }
      buffers.add(new BufferView(k, CudaExpressions.ctype(b.type()), b.type().name().toLowerCase(Locale.ROOT),
          b.type().name(), cText(b.label()), size, expr, cText(b.name()),
          b.type() == Scalar.BOOL ? "BRAINC_BOOL" : descr(b.type())));
    }
    List<BufferView> floats = new ArrayList<>();
    for (BufferView b : buffers) if (b.typeName().equals("F32")) floats.add(b);
    for (BufferView b : buffers) if (b.typeName().equals("F64")) floats.add(b);
    List<SetView> sets = new ArrayList<>();
    for (int k = 0; k < program.spikeSets().size(); k++) {
      KernelProgram.SpikeSet s = program.spikeSets().get(k);
      sets.add(new SetView(k, s.size(), cText(s.label())));
    }
    List<QueueView> queues = new ArrayList<>();
    for (int k = 0; k < program.queues().size(); k++) {
      KernelProgram.DelayQueue q = program.queues().get(k);
      Buffer t = layout.declaration(q.target());
      int size = ((Extent.Fixed) t.extent()).size();
      queues.add(new QueueView(k, CudaExpressions.ctype(t.type()), cText(t.label()), q.maxDelay() + 1, size, q.maxDelay(),
          cText(q.name()), descr(t.type())));
    }
    List<ConnectionView> connections = new ArrayList<>();
    for (int k = 0; k < program.connections().size(); k++) {
      KernelProgram.Connection c = program.connections().get(k);
      int kind = 0;
      double p = 0;
      int fan = 0;
      if (c.rule() instanceof Rule.OneToOne) kind = 1;
      else if (c.rule() instanceof Rule.Bernoulli b) {
        kind = 2;
        p = b.p();
      } else if (c.rule() instanceof Rule.FixedFanIn f) {
        kind = 3;
        fan = f.k();
      } else if (c.rule() instanceof Rule.FixedFanOut f) {
        kind = 4;
        fan = f.k();
      }
      // Procedural's log(1 - p), computed here by StrictMath: the program needs no log of its own for it.
      double logQ = StrictMath.log(1.0 - p);
      connections.add(new ConnectionView(k, cText(c.name()), c.preSize(), c.postSize(),
          c.format().name().toLowerCase(Locale.ROOT), kind, CudaExpressions.literal(p, Scalar.F64),
          CudaExpressions.literal(logQ, Scalar.F64), fan, c.stream(), c.autapses()));
    }
    List<ProbeView> probes = new ArrayList<>();
    for (int k = 0; k < program.probes().size(); k++) {
      Probe p = program.probes().get(k);
      if (p instanceof Probe.Spikes s) {
        probes.add(new ProbeView(k, "spikes", s.name(), "int64_t", "int64_t", "BRAINC_INT64", layout.setIndex(s.spikeSet()), s.start(),
            s.count(), 1, -1, -1, 0, 0, 0, 0, 0, 0, false));
      } else if (p instanceof Probe.Rate r) {
        probes.add(new ProbeView(k, "rate", r.name(), "double", "double", "BRAINC_FLOAT64", layout.setIndex(r.spikeSet()), r.start(),
            r.count(), 1, -1, -1, 0, 0, 0, 0, 0, 0, false));
      } else if (p instanceof Probe.State st) {
        Scalar t = layout.declaration(st.buffer()).type();
        probes.add(new ProbeView(k, "state", st.name(), recorded(t), stored(t), descr(t), -1, st.start(), st.count(),
            st.every(), layout.bufferIndex(st.buffer()), -1, 0, 0, 0, 0, 0, 0, false));
      } else if (p instanceof Probe.Synapses sy) {
        Scalar t = layout.declaration(sy.buffer()).type();
        int ci = program.connections().indexOf(layout.conn(sy.connection()));
        // The count of chosen synapses is known once the connection is built.
        probes.add(new ProbeView(k, "synapses", sy.name(), recorded(t), stored(t), descr(t), -1, 0, -1,
            Math.max(1, sy.every()), layout.bufferIndex(sy.buffer()), ci, sy.preStart(), sy.preCount(), sy.postStart(),
            sy.postCount(), sy.preShift(), sy.postShift(), sy.atEnd()));
      }
    }
    List<GroupView> groups = new ArrayList<>();
    for (KernelProgram.Group g : program.groups()) {
      groups.add(new GroupView(cText(g.name()), layout.setIndex(g.spikeSet()), g.start(), g.count()));
    }
    List<String> phases = new ArrayList<>();
    for (Phase ph : program.loop().phases()) {
      phases.add(ph instanceof Phase.ClearSpikes ? "clear_spikes" : ph instanceof Phase.RunKernels ? "run_kernels"
          : ph instanceof Phase.RecordProbes ? "record_probes" : ph instanceof Phase.AdvanceQueues ? "advance_queues"
          : ph instanceof Phase.RunReadouts ? "run_readouts" : "check_finite");
    }
    return new ProgramView(cText(program.name()), CudaExpressions.literal(program.dt(), Scalar.F64),
        String.valueOf(program.dt()), program.steps(), program.seed(), Math.max(1, program.loop().checkEvery()), buffers,
        floats, sets, queues, connections, probes, groups, phases, blocks);
  }

  /** The runtime header's dtype (brainc_dtype) of what a monitor of a buffer of type {@code t} records (Recorder: BOOL as int32 0/1). */
  private static String descr(Scalar t) {
    return switch (t) {
      case F32 -> "BRAINC_FLOAT32";
      case F64 -> "BRAINC_FLOAT64";
      case I64 -> "BRAINC_INT64";
      default -> "BRAINC_INT32";
    };
  }

  /** The C type a monitor of a buffer of type {@code t} records. */
  private static String recorded(Scalar t) {
    return t == Scalar.BOOL ? "int32_t" : CudaExpressions.ctype(t);
  }

  /** The C type of a buffer's elements as the host copies them (bool as a byte: std::vector<bool> has no data()). */
  private static String stored(Scalar t) {
    return t == Scalar.BOOL ? "uint8_t" : CudaExpressions.ctype(t);
  }

  /** Text safe inside a C string literal and a printf format: no quotes, backslashes, percents or line breaks. */
  static String cText(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\' || c == '%' || c < ' ' || c > '~') b.append('_');
      else b.append(c);
    }
    return b.toString();
  }
}
