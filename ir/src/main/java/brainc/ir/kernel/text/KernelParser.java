package brainc.ir.kernel.text;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Connection;
import brainc.ir.kernel.KernelProgram.DelayQueue;
import brainc.ir.kernel.KernelProgram.DriverLoop;
import brainc.ir.kernel.KernelProgram.Phase;
import brainc.ir.kernel.KernelProgram.Extent;
import brainc.ir.kernel.KernelProgram.Format;
import brainc.ir.kernel.KernelProgram.Group;
import brainc.ir.kernel.KernelProgram.IndexSpace;
import brainc.ir.kernel.KernelProgram.Kernel;
import brainc.ir.kernel.KernelProgram.KernelKind;
import brainc.ir.kernel.KernelProgram.Direction;
import brainc.ir.kernel.KernelProgram.Port;
import brainc.ir.kernel.KernelProgram.PortRole;
import brainc.ir.kernel.KernelProgram.Probe;
import brainc.ir.kernel.KernelProgram.Rule;
import brainc.ir.kernel.KernelProgram.SpikeSet;
import brainc.ir.kernel.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/**
 * Reads the text that {@link KernelPrinter} writes back into a {@link KernelProgram}. Declarations
 * may come in any order before the {@code init} and {@code step} blocks (declarations of one kind
 * keep their order), which an optional {@code readout} block of kernels follows; {@code //}
 * starts a comment.
 *
 * <p>Malformed text, a load of an undeclared buffer or a local out of scope without a type
 * annotation, and text that names a record the kernel IR rejects (a negative size, say) raise a
 * {@link KernelSyntaxException} with the line and column of the offending token. Whether the
 * program makes sense beyond that is {@link brainc.ir.kernel.verify.KernelVerifier}'s question.
 */
public final class KernelParser {
  private final List<KernelToken> tokens;
  private int at;
  private KernelScope scope;

  private KernelParser(String text) {
    this.tokens = KernelLexer.tokenize(text);
  }

  public static KernelProgram parse(String text) {
    KernelParser p = new KernelParser(text);
    KernelProgram program = p.program();
    p.expectEnd();
    return program;
  }

  // ---- token plumbing ----

  private KernelToken peek() {
    return tokens.get(at);
  }

  private KernelToken peekAhead(int n) {
    return tokens.get(Math.min(at + n, tokens.size() - 1));
  }

  private KernelToken advance() {
    KernelToken t = tokens.get(at);
    if (t.kind() != KernelToken.Kind.EOF) at++;
    return t;
  }

  private boolean check(String s) {
    return peek().is(s);
  }

  private boolean accept(String s) {
    if (!check(s)) return false;
    advance();
    return true;
  }

  private KernelSyntaxException error(KernelToken t, String message) {
    return new KernelSyntaxException(t.line(), t.column(), message);
  }

  private KernelToken expect(String s) {
    if (!check(s)) throw error(peek(), "expected '" + s + "' but found " + peek().describe());
    return advance();
  }

  private void expectEnd() {
    if (peek().kind() != KernelToken.Kind.EOF) {
      throw error(peek(), "expected end of input but found " + peek().describe());
    }
  }

  /** Builds a record, reporting an invariant its constructor rejects at the token where it began. */
  private <T> T build(KernelToken start, Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException | NullPointerException x) {
      throw error(start, "invalid kernel IR: " + x.getMessage());
    }
  }

  private String name() {
    KernelToken t = peek();
    if (t.kind() == KernelToken.Kind.IDENT || t.kind() == KernelToken.Kind.STRING) return advance().text();
    throw error(t, "expected a name but found " + t.describe());
  }

  private String string() {
    KernelToken t = peek();
    if (t.kind() == KernelToken.Kind.STRING) return advance().text();
    throw error(t, "expected a string but found " + t.describe());
  }

  private long longNumber() {
    KernelToken t = peek();
    if (t.kind() == KernelToken.Kind.NUMBER && t.text().matches("-?[0-9]+")) {
      advance();
      try {
        return Long.parseLong(t.text());
      } catch (NumberFormatException x) {
        throw error(t, "integer out of range: " + t.text());
      }
    }
    throw error(t, "expected an integer but found " + t.describe());
  }

  private int integer() {
    KernelToken t = peek();
    long v = longNumber();
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw error(t, "integer out of range: " + v);
    return (int) v;
  }

  /** A plain double, as {@link Double#toString} writes it. */
  private double real() {
    KernelToken t = peek();
    Matcher m = KernelLexemes.NUMBER.matcher(t.text());
    if (t.kind() == KernelToken.Kind.NUMBER && m.matches() && m.group(2) == null) {
      advance();
      try {
        return Double.parseDouble(t.text());
      } catch (NumberFormatException x) {
        throw error(t, "bad number " + t.text());
      }
    }
    throw error(t, "expected a number but found " + t.describe());
  }

  private Scalar scalar() {
    KernelToken t = peek();
    Scalar s = t.kind() == KernelToken.Kind.IDENT ? KernelLexemes.scalar(t.text()) : null;
    if (s == null) throw error(t, "expected a type (f32, f64, i32, i64, bool) but found " + t.describe());
    advance();
    return s;
  }

  private <E extends Enum<E>> E keyword(Class<E> type) {
    KernelToken t = peek();
    if (t.kind() == KernelToken.Kind.IDENT) {
      for (E e : type.getEnumConstants()) {
        if (KernelLexemes.keyword(e).equals(t.text())) {
          advance();
          return e;
        }
      }
    }
    throw error(t, "expected a " + type.getSimpleName() + " keyword but found " + t.describe());
  }

  /** Reads {@code [start..end]} as a start and a count. */
  private int[] range() {
    expect("[");
    KernelToken first = peek();
    int start = integer();
    expect("..");
    long end = longNumber();
    expect("]");
    long count = end - start;
    if (count < Integer.MIN_VALUE || count > Integer.MAX_VALUE) throw error(first, "range too long");
    return new int[] {start, (int) count};
  }

  // ---- program ----

  private KernelProgram program() {
    KernelToken start = expect("kernel");
    String name = name();
    expect("dt");
    double dt = real();
    expect("steps");
    long steps = longNumber();
    expect("seed");
    long seed = longNumber();
    List<Buffer> buffers = new ArrayList<>();
    List<SpikeSet> spikeSets = new ArrayList<>();
    List<DelayQueue> queues = new ArrayList<>();
    List<Connection> connections = new ArrayList<>();
    List<Probe> probes = new ArrayList<>();
    List<Group> groups = new ArrayList<>();
    List<Port> ports = new ArrayList<>();
    DriverLoop loop = DriverLoop.STANDARD;
    while (!check("init")) {
      KernelToken t = peek();
      if (accept("buffer")) {
        buffers.add(buffer(t));
      } else if (accept("spikes")) {
        String n = name();
        expect("[");
        int size = integer();
        expect("]");
        String label = string();
        spikeSets.add(build(t, () -> new SpikeSet(n, size, label)));
      } else if (accept("queue")) {
        String n = name();
        expect("->");
        String target = name();
        expect("max");
        int max = integer();
        queues.add(build(t, () -> new DelayQueue(n, target, max)));
      } else if (accept("connection")) {
        connections.add(connection(t));
      } else if (accept("probe")) {
        probes.add(probe(t));
      } else if (accept("loop")) {
        loop = driverLoop(t);
      } else if (accept("port")) {
        ports.add(port(t));
      } else if (accept("group")) {
        String n = name();
        expect("=");
        String set = name();
        int[] r = range();
        String model = string();
        groups.add(new Group(n, set, r[0], r[1], model));
      } else {
        throw error(t, "expected a declaration (buffer, spikes, queue, connection, probe, group, port, loop) or 'init' but found "
            + t.describe());
      }
    }
    scope = new KernelScope(buffers);
    expect("init");
    List<KStmt> init = block();
    expect("step");
    List<Kernel> step = kernels();
    List<Kernel> readouts = accept("readout") ? kernels() : List.of();
    DriverLoop driverLoop = loop;
    return build(start, () -> new KernelProgram(name, dt, steps, seed, buffers, spikeSets, queues, connections,
        init, step, probes, groups, ports, driverLoop, readouts));
  }

  /** {@code port NAME in|out ROLE [of SUBJECT] : TYPE[SIZE]} */
  private Port port(KernelToken start) {
    String buffer = name();
    Direction direction = keyword(Direction.class);
    PortRole role = keyword(PortRole.class);
    String subject = accept("of") ? name() : "";
    expect(":");
    Scalar type = scalar();
    expect("[");
    int size = integer();
    expect("]");
    return build(start, () -> new Port(buffer, direction, role, subject, type, size));
  }

  private Buffer buffer(KernelToken start) {
    String n = name();
    expect(":");
    Scalar type = scalar();
    expect("[");
    Extent extent;
    if (accept("synapses")) {
      extent = new Extent.Synapses(name());
    } else {
      KernelToken t = peek();
      int size = integer();
      extent = build(t, () -> new Extent.Fixed(size));
    }
    expect("]");
    String label = string();
    return build(start, () -> new Buffer(n, type, extent, label));
  }

  private Connection connection(KernelToken start) {
    String n = name();
    int pre = integer();
    expect("->");
    int post = integer();
    KernelToken r = peek();
    Rule rule;
    if (accept("all_to_all")) {
      rule = new Rule.AllToAll();
    } else if (accept("one_to_one")) {
      rule = new Rule.OneToOne();
    } else if (accept("bernoulli")) {
      expect("(");
      double p = real();
      expect(")");
      rule = build(r, () -> new Rule.Bernoulli(p));
    } else if (accept("fan_in")) {
      expect("(");
      int k = integer();
      expect(")");
      rule = new Rule.FixedFanIn(k);
    } else if (accept("fan_out")) {
      expect("(");
      int k = integer();
      expect(")");
      rule = new Rule.FixedFanOut(k);
    } else {
      throw error(r, "expected a rule (all_to_all, one_to_one, bernoulli, fan_in, fan_out) but found " + r.describe());
    }
    Format format = keyword(Format.class);
    expect("stream");
    long stream = longNumber();
    boolean reverse = accept("reverse");
    boolean autapses = accept("autapses");
    return build(start, () -> new Connection(n, pre, post, rule, format, stream, reverse, autapses));
  }

  private Probe probe(KernelToken start) {
    KernelToken kind = peek();
    if (accept("spikes") || accept("rate")) {
      String n = name();
      expect("of");
      String set = name();
      int[] r = range();
      return kind.is("spikes") ? new Probe.Spikes(n, set, r[0], r[1]) : new Probe.Rate(n, set, r[0], r[1]);
    }
    if (accept("state")) {
      String n = name();
      expect("of");
      String buffer = name();
      int[] r = range();
      expect("every");
      int every = integer();
      return new Probe.State(n, buffer, r[0], r[1], every);
    }
    if (accept("synapses")) {
      String n = name();
      expect("of");
      String buffer = name();
      expect("in");
      String connection = name();
      int[] pre = range();
      expect("->");
      int[] post = range();
      expect("shift");
      int preShift = integer();
      int postShift = integer();
      int every = 0;
      if (!accept("at_end")) {
        expect("every");
        every = integer();
      }
      int e = every;
      return new Probe.Synapses(n, buffer, connection, pre[0], pre[1], post[0], post[1], preShift, postShift, e);
    }
    throw error(kind, "expected a probe kind (spikes, state, rate, synapses) but found " + kind.describe());
  }

  /** The phases after {@code loop}, separated by commas; a program without the line runs the standard loop. */
  private DriverLoop driverLoop(KernelToken start) {
    List<Phase> phases = new ArrayList<>();
    do {
      KernelToken t = peek();
      if (accept("clear_spikes")) {
        phases.add(new Phase.ClearSpikes());
      } else if (accept("run_kernels")) {
        phases.add(new Phase.RunKernels());
      } else if (accept("record_probes")) {
        phases.add(new Phase.RecordProbes());
      } else if (accept("advance_queues")) {
        phases.add(new Phase.AdvanceQueues());
      } else if (accept("run_readouts")) {
        phases.add(new Phase.RunReadouts());
      } else if (accept("check_finite")) {
        expect("every");
        int every = integer();
        phases.add(build(t, () -> new Phase.CheckFinite(every)));
      } else {
        throw error(t, "expected a driver phase (clear_spikes, run_kernels, record_probes, advance_queues, "
            + "run_readouts, check_finite) but found " + t.describe());
      }
    } while (accept(","));
    return build(start, () -> new DriverLoop(phases));
  }

  // ---- kernels ----

  private List<Kernel> kernels() {
    expect("{");
    List<Kernel> out = new ArrayList<>();
    while (!check("}")) {
      KernelToken t = peek();
      if (t.kind() == KernelToken.Kind.EOF) throw error(t, "expected '}' but found end of input");
      expect("kernel");
      String n = name();
      expect(":");
      List<KernelKind> kinds = new ArrayList<>();
      do {
        kinds.add(keyword(KernelKind.class));
      } while (accept("+"));
      expect("over");
      IndexSpace space;
      KernelToken at = peek();
      if (accept("neurons")) {
        String population = name();
        expect("[");
        int size = integer();
        expect("]");
        space = build(at, () -> new IndexSpace.Neurons(population, size));
      } else if (accept("synapses")) {
        space = new IndexSpace.Synapses(name());
      } else if (accept("single")) {
        space = new IndexSpace.Single();
      } else {
        throw error(at, "expected an index space (neurons, synapses, single) but found " + at.describe());
      }
      List<KStmt> body = block();
      out.add(build(t, () -> new Kernel(n, kinds, space, body)));
    }
    expect("}");
    return out;
  }

  // ---- statements ----

  /** Reads {@code { ... }} in a scope of its own. */
  private List<KStmt> block() {
    scope.push();
    List<KStmt> body = blockInScope();
    scope.pop();
    return body;
  }

  private List<KStmt> blockInScope() {
    expect("{");
    List<KStmt> body = new ArrayList<>();
    while (!check("}")) {
      if (peek().kind() == KernelToken.Kind.EOF) throw error(peek(), "expected '}' but found end of input");
      body.add(stmt());
    }
    expect("}");
    return body;
  }

  /** A loop body: the loop's variables and the body's lets share one scope, as in the printer. */
  private List<KStmt> loopBody(String... vars) {
    scope.push();
    for (String v : vars) scope.bind(v, Scalar.I32);
    List<KStmt> body = blockInScope();
    scope.pop();
    return body;
  }

  private KStmt stmt() {
    KernelToken start = peek();
    if (accept("for")) {
      String first = name();
      if (accept(",")) {
        String synapse = name();
        expect("in");
        if (accept("targets")) {
          String connection = name();
          expect("of");
          KExpr pre = expr();
          List<KStmt> body = loopBody(first, synapse);
          return new KStmt.ForTargets(connection, pre, first, synapse, body);
        }
        if (accept("sources")) {
          String connection = name();
          expect("of");
          KExpr post = expr();
          List<KStmt> body = loopBody(first, synapse);
          return new KStmt.ForSources(connection, post, first, synapse, body);
        }
        throw error(peek(), "expected 'targets' or 'sources' but found " + peek().describe());
      }
      expect("in");
      if (accept("spikes")) {
        String set = name();
        return new KStmt.ForSpikes(set, first, loopBody(first));
      }
      KExpr from = expr();
      expect("..");
      KExpr to = expr();
      boolean parallel = accept("parallel");
      boolean outlined = parallel && accept("outlined");
      return new KStmt.ForRange(first, from, to, loopBody(first), parallel, outlined);
    }
    if (accept("let")) {
      String n = name();
      expect("=");
      KExpr value = expr();
      scope.bind(n, value.type());
      return new KStmt.Let(n, value);
    }
    if (accept("if")) {
      KExpr condition = expr();
      List<KStmt> then = block();
      List<KStmt> otherwise = accept("else") ? block() : List.of();
      return new KStmt.If(condition, then, otherwise);
    }
    if (accept("emit")) {
      String set = name();
      KExpr index = index();
      return new KStmt.Emit(set, index);
    }
    if (accept("enqueue")) {
      String queue = name();
      KExpr index = index();
      expect("+=");
      KExpr value = expr();
      expect("after");
      KExpr delay = expr();
      return new KStmt.Enqueue(queue, delay, index, value);
    }
    if (accept("drain")) {
      return new KStmt.Drain(name());
    }
    if (start.kind() == KernelToken.Kind.IDENT || start.kind() == KernelToken.Kind.STRING) {
      String buffer = name();
      if (!check("[")) throw error(peek(), "expected '[' of a store to '" + buffer + "' but found " + peek().describe());
      KExpr index = index();
      expect("=");
      return new KStmt.Store(buffer, index, expr());
    }
    throw error(start, "expected a statement but found " + start.describe());
  }

  private KExpr index() {
    expect("[");
    KExpr index = expr();
    expect("]");
    return index;
  }

  // ---- expressions ----

  private KExpr expr() {
    KernelToken start = peek();
    switch (start.kind()) {
      case NUMBER: {
        advance();
        KernelLexemes.Constant c;
        try {
          c = KernelLexemes.constant(start.text());
        } catch (NumberFormatException x) {
          throw error(start, "bad number " + start.text());
        }
        if (c == null) {
          throw error(start, "a constant needs a type suffix (f32, f64, i32, i64, bool) but found " + start.describe());
        }
        return build(start, () -> new KExpr.Const(c.value(), c.type()));
      }
      case PUNCT:
        if (accept("(")) return parenthesised(start);
        break;
      case STRING:
        return reference();
      case IDENT:
        return word(start);
      default:
        break;
    }
    throw error(start, "expected an expression but found " + start.describe());
  }

  /** After {@code (}: {@code (- x)}, {@code (not x)} or {@code (a op b)}. */
  private KExpr parenthesised(KernelToken open) {
    if (accept("-")) {
      KExpr operand = expr();
      expect(")");
      return new KExpr.Unary(KExpr.UnaryOp.NEG, operand);
    }
    if (accept("not")) {
      KExpr operand = expr();
      expect(")");
      return new KExpr.Unary(KExpr.UnaryOp.NOT, operand);
    }
    KExpr left = expr();
    KernelToken opToken = peek();
    KExpr.BinaryOp op = null;
    for (KExpr.BinaryOp o : KExpr.BinaryOp.values()) {
      if (o != KExpr.BinaryOp.MIN && o != KExpr.BinaryOp.MAX && opToken.is(KernelPrinter.symbol(o))) op = o;
    }
    if (op == null) throw error(opToken, "expected a binary operator but found " + opToken.describe());
    advance();
    KExpr right = expr();
    expect(")");
    return new KExpr.Binary(op, left, right);
  }

  /** An expression that starts with a word: a keyword form, or a load or local. */
  private KExpr word(KernelToken start) {
    String w = start.text();
    boolean call = peekAhead(1).is("(");
    if (w.equals("true") || w.equals("false")) {
      advance();
      return KExpr.Const.bool(w.equals("true"));
    }
    if (w.equals("step")) {
      advance();
      return new KExpr.StepIndex();
    }
    if (call) {
      Scalar cast = KernelLexemes.scalar(w);
      if (cast != null) {
        advance();
        List<KExpr> args = arguments(start, 1);
        return new KExpr.Cast(cast, args.get(0));
      }
      if (w.equals("min") || w.equals("max")) {
        advance();
        List<KExpr> args = arguments(start, 2);
        return new KExpr.Binary(w.equals("min") ? KExpr.BinaryOp.MIN : KExpr.BinaryOp.MAX, args.get(0), args.get(1));
      }
      if (w.equals("select")) {
        advance();
        List<KExpr> args = arguments(start, 3);
        return new KExpr.Select(args.get(0), args.get(1), args.get(2));
      }
      for (KExpr.Dist d : KExpr.Dist.values()) {
        if (KernelLexemes.keyword(d).equals(w)) {
          advance();
          expect("(");
          expect("stream");
          long stream = longNumber();
          expect(",");
          KExpr index = expr();
          expect(")");
          return new KExpr.Rand(d, stream, index);
        }
      }
      for (KExpr.Fn f : KExpr.Fn.values()) {
        if (KernelLexemes.keyword(f).equals(w)) {
          advance();
          return new KExpr.Call(f, arguments(start, f.arity));
        }
      }
    }
    return reference();
  }

  private List<KExpr> arguments(KernelToken fn, int arity) {
    expect("(");
    List<KExpr> args = new ArrayList<>();
    if (!check(")")) {
      do {
        args.add(expr());
      } while (accept(","));
    }
    expect(")");
    if (args.size() != arity) {
      throw error(fn, "'" + fn.text() + "' takes " + arity + " argument" + (arity == 1 ? "" : "s") + " but has "
          + args.size());
    }
    return args;
  }

  /** {@code name[index]} (a load) or {@code name} (a local), each with an optional {@code : type}. */
  private KExpr reference() {
    KernelToken start = peek();
    String n = name();
    if (check("[")) {
      KExpr index = index();
      Scalar t = accept(":") ? scalar() : scope.bufferType(n);
      if (t == null) throw error(start, "load of '" + n + "', which is not a declared buffer, needs a ': type'");
      return new KExpr.Load(n, index, t);
    }
    Scalar t = accept(":") ? scalar() : scope.localType(n);
    if (t == null) throw error(start, "'" + n + "' is not a local in scope and has no ': type'");
    return new KExpr.Local(n, t);
  }
}
