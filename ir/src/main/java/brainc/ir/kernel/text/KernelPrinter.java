package brainc.ir.kernel.text;

import static brainc.ir.kernel.text.KernelLexemes.keyword;
import static brainc.ir.kernel.text.KernelLexemes.name;
import static brainc.ir.kernel.text.KernelLexemes.quote;
import static brainc.ir.kernel.text.KernelLexemes.type;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Connection;
import brainc.ir.kernel.KernelProgram.DelayQueue;
import brainc.ir.kernel.KernelProgram.DriverLoop;
import brainc.ir.kernel.KernelProgram.Phase;
import brainc.ir.kernel.KernelProgram.Extent;
import brainc.ir.kernel.KernelProgram.Group;
import brainc.ir.kernel.KernelProgram.IndexSpace;
import brainc.ir.kernel.KernelProgram.Kernel;
import brainc.ir.kernel.KernelProgram.Port;
import brainc.ir.kernel.KernelProgram.Probe;
import brainc.ir.kernel.KernelProgram.Rule;
import brainc.ir.kernel.KernelProgram.SpikeSet;
import brainc.ir.kernel.Scalar;
import java.util.List;

/**
 * Writes a {@link KernelProgram} as indented, deterministic text that {@link KernelParser} reads
 * back into an equal program. For example:
 *
 * <pre>
 * kernel lif dt 1.0E-4 steps 100 seed 42
 *
 * buffer v : f32[10] "all.v"
 * spikes all[10] "all"
 * port "obs.value" in observation of obs : f64[4]
 *
 * init { }
 *
 * step {
 *   kernel "all.update" : update over neurons all[10] {
 *     for i in 0 .. 10 {
 *       v[i] = (v[i] * 0.99f32)
 *     }
 *   }
 * }
 * </pre>
 *
 * <p>Expressions are fully parenthesised. Types are written only where the parser cannot derive
 * them: constants carry a suffix, while a load takes its buffer's type and a local the type of
 * its innermost binding ({@code let} binds its value's type, loops bind I32). A load or local
 * whose type differs from the derived one, or whose buffer or binding is missing, is annotated
 * ({@code v[i] : f64}), so that even a program the verifier rejects prints and parses back.
 */
public final class KernelPrinter {
  private final StringBuilder out = new StringBuilder();
  private final KernelScope scope;

  private KernelPrinter(KernelProgram p) {
    this.scope = new KernelScope(p.buffers());
  }

  public static String print(KernelProgram p) {
    KernelPrinter printer = new KernelPrinter(p);
    printer.program(p);
    return printer.out.toString();
  }

  private void program(KernelProgram p) {
    out.append("kernel ").append(name(p.name())).append(" dt ").append(Double.toString(p.dt()))
        .append(" steps ").append(p.steps()).append(" seed ").append(p.seed()).append('\n');
    out.append('\n');
    for (Buffer b : p.buffers()) {
      out.append("buffer ").append(name(b.name())).append(" : ").append(type(b.type())).append('[');
      if (b.extent() instanceof Extent.Fixed) {
        out.append(((Extent.Fixed) b.extent()).size());
      } else {
        out.append("synapses ").append(name(((Extent.Synapses) b.extent()).connection()));
      }
      out.append("] ").append(quote(b.label())).append('\n');
    }
    for (SpikeSet s : p.spikeSets()) {
      out.append("spikes ").append(name(s.name())).append('[').append(s.size()).append("] ")
          .append(quote(s.label())).append('\n');
    }
    for (DelayQueue q : p.queues()) {
      out.append("queue ").append(name(q.name())).append(" -> ").append(name(q.target())).append(" max ")
          .append(q.maxDelay()).append('\n');
    }
    for (Connection c : p.connections()) connection(c);
    for (Probe pr : p.probes()) probe(pr);
    for (Group g : p.groups()) {
      out.append("group ").append(name(g.name())).append(" = ").append(name(g.spikeSet()))
          .append(range(g.start(), g.count())).append(' ').append(quote(g.model())).append('\n');
    }
    for (Port port : p.ports()) port(port);
    loop(p.loop());
    out.append('\n').append("init ");
    block(p.init(), 0);
    out.append('\n').append('\n').append("step ");
    kernels(p.step());
    out.append('\n');
    // Only a program with outputs has readout kernels: the others print as they always did.
    if (!p.readouts().isEmpty()) {
      out.append('\n').append("readout ");
      kernels(p.readouts());
      out.append('\n');
    }
  }

  /** The step's (or readout's) kernels, each {@code kernel NAME : KIND+KIND over SPACE { ... }} in a scope of its own. */
  private void kernels(List<Kernel> step) {
    if (step.isEmpty()) {
      out.append("{ }");
      return;
    }
    out.append("{\n");
    for (Kernel k : step) {
      indent(1);
      out.append("kernel ").append(name(k.name())).append(" : ");
      for (int i = 0; i < k.kinds().size(); i++) {
        if (i > 0) out.append(" + ");
        out.append(keyword(k.kinds().get(i)));
      }
      out.append(" over ");
      if (k.space() instanceof IndexSpace.Neurons n) {
        out.append("neurons ").append(name(n.population())).append('[').append(n.size()).append(']');
      } else if (k.space() instanceof IndexSpace.Synapses sy) {
        out.append("synapses ").append(name(sy.connection()));
      } else {
        out.append("single");
      }
      out.append(' ');
      block(k.body(), 1);
      out.append('\n');
    }
    out.append('}');
  }

  /** {@code port "out.count" out spike_counts of out : i32[100]} (no {@code of} for network-wide roles) */
  private void port(Port p) {
    out.append("port ").append(name(p.buffer())).append(' ').append(KernelLexemes.keyword(p.direction())).append(' ')
        .append(KernelLexemes.keyword(p.role()));
    if (!p.subject().isEmpty()) out.append(" of ").append(name(p.subject()));
    out.append(" : ").append(type(p.type())).append('[').append(p.size()).append("]\n");
  }

  /** {@code loop clear_spikes, run_kernels, record_probes, advance_queues, check_finite every 100} */
  private void loop(DriverLoop loop) {
    out.append("loop");
    for (int i = 0; i < loop.phases().size(); i++) {
      Phase ph = loop.phases().get(i);
      out.append(i == 0 ? " " : ", ");
      if (ph instanceof Phase.ClearSpikes) out.append("clear_spikes");
      else if (ph instanceof Phase.RunKernels) out.append("run_kernels");
      else if (ph instanceof Phase.RecordProbes) out.append("record_probes");
      else if (ph instanceof Phase.AdvanceQueues) out.append("advance_queues");
      else if (ph instanceof Phase.RunReadouts) out.append("run_readouts");
      else out.append("check_finite every ").append(((Phase.CheckFinite) ph).every());
    }
    out.append('\n');
  }

  private void connection(Connection c) {
    out.append("connection ").append(name(c.name())).append(' ').append(c.preSize()).append(" -> ")
        .append(c.postSize()).append(' ');
    Rule r = c.rule();
    if (r instanceof Rule.AllToAll) {
      out.append("all_to_all");
    } else if (r instanceof Rule.OneToOne) {
      out.append("one_to_one");
    } else if (r instanceof Rule.Bernoulli) {
      out.append("bernoulli(").append(Double.toString(((Rule.Bernoulli) r).p())).append(')');
    } else if (r instanceof Rule.FixedFanIn) {
      out.append("fan_in(").append(((Rule.FixedFanIn) r).k()).append(')');
    } else if (r instanceof Rule.FixedFanOut) {
      out.append("fan_out(").append(((Rule.FixedFanOut) r).k()).append(')');
    } else {
      throw new IllegalStateException("unknown rule " + r);
    }
    out.append(' ').append(keyword(c.format())).append(" stream ").append(c.stream());
    if (c.reverse()) out.append(" reverse");
    if (c.autapses()) out.append(" autapses");
    out.append('\n');
  }

  private void probe(Probe p) {
    out.append("probe ");
    if (p instanceof Probe.Spikes) {
      Probe.Spikes s = (Probe.Spikes) p;
      out.append("spikes ").append(name(s.name())).append(" of ").append(name(s.spikeSet()))
          .append(range(s.start(), s.count()));
    } else if (p instanceof Probe.Rate) {
      Probe.Rate s = (Probe.Rate) p;
      out.append("rate ").append(name(s.name())).append(" of ").append(name(s.spikeSet()))
          .append(range(s.start(), s.count()));
    } else if (p instanceof Probe.State) {
      Probe.State s = (Probe.State) p;
      out.append("state ").append(name(s.name())).append(" of ").append(name(s.buffer()))
          .append(range(s.start(), s.count())).append(" every ").append(s.every());
    } else if (p instanceof Probe.Synapses) {
      Probe.Synapses s = (Probe.Synapses) p;
      out.append("synapses ").append(name(s.name())).append(" of ").append(name(s.buffer())).append(" in ")
          .append(name(s.connection())).append(range(s.preStart(), s.preCount())).append(" -> ")
          .append(range(s.postStart(), s.postCount())).append(" shift ").append(s.preShift()).append(' ')
          .append(s.postShift()).append(s.atEnd() ? " at_end" : " every " + s.every());
    } else {
      throw new IllegalStateException("unknown probe " + p);
    }
    out.append('\n');
  }

  /** Writes {@code [start, start + count)} as {@code [start..end]}; the sum is a long, so it cannot wrap. */
  private static String range(int start, int count) {
    return "[" + start + ".." + ((long) start + count) + "]";
  }

  // ---- statements ----

  private void indent(int depth) {
    for (int i = 0; i < depth; i++) out.append("  ");
  }

  /** Writes {@code { ... }} with the closing brace at {@code depth}, in a scope of its own. */
  private void block(List<KStmt> body, int depth) {
    scope.push();
    blockInScope(body, depth);
    scope.pop();
  }

  private void blockInScope(List<KStmt> body, int depth) {
    if (body.isEmpty()) {
      out.append("{ }");
      return;
    }
    out.append("{\n");
    for (KStmt s : body) {
      indent(depth + 1);
      stmt(s, depth + 1);
      out.append('\n');
    }
    indent(depth);
    out.append('}');
  }

  /** A loop body: the loop's variables and the body's lets share one scope. */
  private void loopBody(List<KStmt> body, int depth, String... vars) {
    scope.push();
    for (String v : vars) scope.bind(v, Scalar.I32);
    blockInScope(body, depth);
    scope.pop();
  }

  private void stmt(KStmt s, int depth) {
    if (s instanceof KStmt.ForRange) {
      KStmt.ForRange f = (KStmt.ForRange) s;
      out.append("for ").append(name(f.var())).append(" in ").append(expr(f.start())).append(" .. ")
          .append(expr(f.end())).append(f.outlined() ? " parallel outlined " : f.parallel() ? " parallel " : " ");
      loopBody(f.body(), depth, f.var());
    } else if (s instanceof KStmt.ForSpikes) {
      KStmt.ForSpikes f = (KStmt.ForSpikes) s;
      out.append("for ").append(name(f.var())).append(" in spikes ").append(name(f.spikeSet())).append(' ');
      loopBody(f.body(), depth, f.var());
    } else if (s instanceof KStmt.ForTargets) {
      KStmt.ForTargets f = (KStmt.ForTargets) s;
      out.append("for ").append(name(f.post())).append(", ").append(name(f.synapse())).append(" in targets ")
          .append(name(f.connection())).append(" of ").append(expr(f.pre())).append(' ');
      loopBody(f.body(), depth, f.post(), f.synapse());
    } else if (s instanceof KStmt.ForSources) {
      KStmt.ForSources f = (KStmt.ForSources) s;
      out.append("for ").append(name(f.pre())).append(", ").append(name(f.synapse())).append(" in sources ")
          .append(name(f.connection())).append(" of ").append(expr(f.post())).append(' ');
      loopBody(f.body(), depth, f.pre(), f.synapse());
    } else if (s instanceof KStmt.Let) {
      KStmt.Let l = (KStmt.Let) s;
      out.append("let ").append(name(l.name())).append(" = ").append(expr(l.value()));
      scope.bind(l.name(), l.value().type());
    } else if (s instanceof KStmt.Store) {
      KStmt.Store st = (KStmt.Store) s;
      out.append(name(st.buffer())).append('[').append(expr(st.index())).append("] = ").append(expr(st.value()));
    } else if (s instanceof KStmt.If) {
      KStmt.If i = (KStmt.If) s;
      out.append("if ").append(expr(i.condition())).append(' ');
      block(i.then(), depth);
      if (!i.otherwise().isEmpty()) {
        out.append(" else ");
        block(i.otherwise(), depth);
      }
    } else if (s instanceof KStmt.Emit) {
      KStmt.Emit e = (KStmt.Emit) s;
      out.append("emit ").append(name(e.spikeSet())).append('[').append(expr(e.index())).append(']');
    } else if (s instanceof KStmt.Enqueue) {
      KStmt.Enqueue e = (KStmt.Enqueue) s;
      out.append("enqueue ").append(name(e.queue())).append('[').append(expr(e.index())).append("] += ")
          .append(expr(e.value())).append(" after ").append(expr(e.delay()));
    } else if (s instanceof KStmt.Drain) {
      out.append("drain ").append(name(((KStmt.Drain) s).queue()));
    } else {
      throw new IllegalStateException("unknown statement " + s);
    }
  }

  // ---- expressions ----

  private String expr(KExpr e) {
    StringBuilder b = new StringBuilder();
    expr(e, b);
    return b.toString();
  }

  private void expr(KExpr e, StringBuilder b) {
    if (e instanceof KExpr.Const) {
      KExpr.Const c = (KExpr.Const) e;
      b.append(KernelLexemes.constant(c.value(), c.type()));
    } else if (e instanceof KExpr.Load) {
      KExpr.Load l = (KExpr.Load) e;
      b.append(name(l.buffer())).append('[');
      expr(l.index(), b);
      b.append(']');
      if (scope.bufferType(l.buffer()) != l.type()) b.append(" : ").append(type(l.type()));
    } else if (e instanceof KExpr.Local) {
      KExpr.Local l = (KExpr.Local) e;
      b.append(name(l.name()));
      if (scope.localType(l.name()) != l.type()) b.append(" : ").append(type(l.type()));
    } else if (e instanceof KExpr.Unary) {
      KExpr.Unary u = (KExpr.Unary) e;
      b.append(u.op() == KExpr.UnaryOp.NEG ? "(- " : "(not ");
      expr(u.operand(), b);
      b.append(')');
    } else if (e instanceof KExpr.Binary) {
      KExpr.Binary bin = (KExpr.Binary) e;
      if (bin.op() == KExpr.BinaryOp.MIN || bin.op() == KExpr.BinaryOp.MAX) {
        b.append(keyword(bin.op())).append('(');
        expr(bin.left(), b);
        b.append(", ");
        expr(bin.right(), b);
        b.append(')');
      } else {
        b.append('(');
        expr(bin.left(), b);
        b.append(' ').append(symbol(bin.op())).append(' ');
        expr(bin.right(), b);
        b.append(')');
      }
    } else if (e instanceof KExpr.Call) {
      KExpr.Call c = (KExpr.Call) e;
      b.append(keyword(c.fn()));
      arguments(c.args(), b);
    } else if (e instanceof KExpr.Select) {
      KExpr.Select s = (KExpr.Select) e;
      b.append("select");
      arguments(List.of(s.condition(), s.then(), s.otherwise()), b);
    } else if (e instanceof KExpr.Cast) {
      KExpr.Cast c = (KExpr.Cast) e;
      b.append(type(c.type()));
      arguments(List.of(c.operand()), b);
    } else if (e instanceof KExpr.Rand) {
      KExpr.Rand r = (KExpr.Rand) e;
      b.append(keyword(r.dist())).append("(stream ").append(r.stream()).append(", ");
      expr(r.index(), b);
      b.append(')');
    } else if (e instanceof KExpr.StepIndex) {
      b.append("step");
    } else {
      throw new IllegalStateException("unknown expression " + e);
    }
  }

  private void arguments(List<KExpr> args, StringBuilder b) {
    b.append('(');
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) b.append(", ");
      expr(args.get(i), b);
    }
    b.append(')');
  }

  /** The infix spelling of a binary operator other than MIN and MAX. */
  static String symbol(KExpr.BinaryOp op) {
    switch (op) {
      case ADD: return "+";
      case SUB: return "-";
      case MUL: return "*";
      case DIV: return "/";
      case REM: return "%";
      case LT: return "<";
      case LE: return "<=";
      case GT: return ">";
      case GE: return ">=";
      case EQ: return "==";
      case NE: return "!=";
      case AND: return "and";
      case OR: return "or";
      default: throw new IllegalStateException("no infix form for " + op);
    }
  }
}
