package brainc.ir.text;

import brainc.ir.model.*;
import brainc.ir.source.SourceId;
import brainc.ir.source.Span;
import brainc.ir.types.Bool;
import brainc.ir.types.Entity;
import brainc.ir.types.Real;
import brainc.ir.types.Str;
import brainc.ir.types.Type;
import brainc.ir.types.Vec;
import brainc.ir.units.Dimension;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the IR text that {@link IrPrinter} writes. Members of a declaration may come in any
 * order; members of one kind keep their order. Malformed text, and text that names a record the
 * model IR would reject (a population of size 0, say), raise an {@link IrSyntaxException} with
 * the line and column of the offending token.
 */
public final class IrParser {
  private final List<Token> tokens;
  private int at;

  private IrParser(String text) {
    this.tokens = Lexer.tokenize(text);
  }

  public static IrModule parse(String text) {
    IrParser p = new IrParser(text);
    IrModule m = p.module();
    p.expectEnd();
    return m;
  }

  /** Reads one expression, as {@link IrPrinter#print(Expr)} writes it. */
  public static Expr parseExpr(String text) {
    IrParser p = new IrParser(text);
    Expr e = p.expr();
    p.expectEnd();
    return e;
  }

  // ---- token plumbing ----

  private Token peek() {
    return tokens.get(at);
  }

  private Token advance() {
    Token t = tokens.get(at);
    if (t.kind() != Token.Kind.EOF) at++;
    return t;
  }

  private boolean check(String s) {
    return peek().kind() != Token.Kind.STRING && peek().is(s);
  }

  private boolean accept(String s) {
    if (!check(s)) return false;
    advance();
    return true;
  }

  private IrSyntaxException error(Token t, String message) {
    return new IrSyntaxException(t.line(), t.column(), message);
  }

  private Token expect(String s) {
    if (!check(s)) throw error(peek(), "expected '" + s + "' but found " + peek().describe());
    return advance();
  }

  private void expectEnd() {
    if (peek().kind() != Token.Kind.EOF) {
      throw error(peek(), "expected end of input but found " + peek().describe());
    }
  }

  /** Builds a record, reporting a rejected invariant at the token where the record began. */
  private <T> T build(Token start, Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException | NullPointerException | ClassCastException x) {
      throw error(start, "invalid IR: " + x.getMessage());
    }
  }

  private String name() {
    Token t = peek();
    if (t.kind() == Token.Kind.IDENT || t.kind() == Token.Kind.STRING) return advance().text();
    throw error(t, "expected a name but found " + t.describe());
  }

  private String string() {
    Token t = peek();
    if (t.kind() == Token.Kind.STRING) return advance().text();
    throw error(t, "expected a string but found " + t.describe());
  }

  private List<String> names() {
    expect("[");
    List<String> out = new ArrayList<>();
    if (!check("]")) {
      do {
        out.add(name());
      } while (accept(","));
    }
    expect("]");
    return out;
  }

  private double number() {
    Token t = peek();
    if (t.kind() == Token.Kind.NUMBER || (t.kind() == Token.Kind.IDENT && (t.text().equals("NaN") || t.text().equals("Infinity")))) {
      advance();
      try {
        return Double.parseDouble(t.text());
      } catch (NumberFormatException x) {
        throw error(t, "bad number " + t.text());
      }
    }
    throw error(t, "expected a number but found " + t.describe());
  }

  private long longNumber() {
    Token t = peek();
    if (t.kind() == Token.Kind.NUMBER) {
      advance();
      try {
        return Long.parseLong(t.text());
      } catch (NumberFormatException x) {
        throw error(t, "expected an integer but found " + t.text());
      }
    }
    throw error(t, "expected an integer but found " + t.describe());
  }

  private int integer() {
    Token t = peek();
    long v = longNumber();
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw error(t, "integer out of range: " + v);
    return (int) v;
  }

  private <E extends Enum<E>> E keyword(Class<E> type) {
    Token t = peek();
    if (t.kind() == Token.Kind.IDENT) {
      for (E e : type.getEnumConstants()) {
        if (e.name().toLowerCase(Locale.ROOT).equals(t.text())) {
          advance();
          return e;
        }
      }
    }
    throw error(t, "expected a " + type.getSimpleName() + " keyword but found " + t.describe());
  }

  private Origin origin() {
    Token start = expect("@");
    String source = name();
    expect(":");
    int s = integer();
    expect("..");
    int e = integer();
    return build(start, () -> new Origin(new Span(new SourceId(source), s, e)));
  }

  private String optionalDoc() {
    return accept("doc") ? string() : "";
  }

  private List<Setting> settings() {
    expect("(");
    List<Setting> out = new ArrayList<>();
    if (!check(")")) {
      do {
        Token start = peek();
        String n = name();
        expect("=");
        Expr v = expr();
        out.add(build(start, () -> new Setting(n, v)));
      } while (accept(","));
    }
    expect(")");
    return out;
  }

  // ---- types ----

  private Dimension dimension() {
    Token start = expect("[");
    StringBuilder b = new StringBuilder();
    while (!check("]")) {
      if (peek().kind() == Token.Kind.EOF) throw error(peek(), "unterminated dimension");
      b.append(advance().text());
    }
    expect("]");
    try {
      return Dimension.parse(b.toString());
    } catch (IllegalArgumentException x) {
      throw error(start, x.getMessage());
    }
  }

  private Type type() {
    Token t = peek();
    if (t.kind() != Token.Kind.IDENT) throw error(t, "expected a type but found " + t.describe());
    switch (advance().text()) {
      case "real":
        return check("[") ? new Real(dimension()) : Real.DIMENSIONLESS;
      case "bool":
        return new Bool();
      case "str":
        return new Str();
      case "vec": {
        expect("(");
        Type element = type();
        expect(",");
        int size = integer();
        expect(")");
        return build(t, () -> new Vec(element, size));
      }
      case "enum": {
        expect("(");
        String n = name();
        expect(",");
        List<String> levels = names();
        expect(")");
        return build(t, () -> new brainc.ir.types.Enum(n, levels));
      }
      case "entity": {
        expect("(");
        String kind = name();
        expect(")");
        return build(t, () -> new Entity(kind));
      }
      default:
        throw error(t, "unknown type " + t.text());
    }
  }

  /** An optional {@code : type} annotation; without one the derived type applies. */
  private Type annotation(Supplier<Type> derived) {
    return accept(":") ? type() : derived.get();
  }

  // ---- expressions ----

  private static RefKind refKind(String word) {
    for (RefKind k : RefKind.values()) {
      if (k.keyword().equals(word)) return k;
    }
    return null;
  }

  private Expr expr() {
    Token t = peek();
    switch (t.kind()) {
      case NUMBER:
        return constant();
      case STRING:
        advance();
        return check("(") ? call(t) : new StrConst(t.text());
      case IDENT: {
        String w = t.text();
        if (w.equals("true") || w.equals("false")) {
          advance();
          return new BoolConst(w.equals("true"));
        }
        if (w.equals("NaN") || w.equals("Infinity")) return constant();
        RefKind kind = refKind(w);
        if (kind != null) {
          advance();
          String n = name();
          expect(":");
          Type type = type();
          return build(t, () -> new Ref(kind, n, type));
        }
        advance();
        if (!check("(")) throw error(t, "expected '(' after function name " + w);
        return call(t);
      }
      case PUNCT:
        if (t.is("(")) return compound();
        if (t.is("[")) return vector();
        break;
      default:
        break;
    }
    throw error(t, "expected an expression but found " + t.describe());
  }

  private Expr constant() {
    Token t = peek();
    double v = number();
    Type type = check("[") ? new Real(dimension()) : Real.DIMENSIONLESS;
    return build(t, () -> new Const(v, type));
  }

  private Expr call(Token fn) {
    expect("(");
    List<Expr> args = new ArrayList<>();
    if (!check(")")) {
      do {
        args.add(expr());
      } while (accept(","));
    }
    expect(")");
    expect(":");
    Type type = type();
    return build(fn, () -> new Call(fn.text(), args, type));
  }

  private Expr vector() {
    Token start = expect("[");
    List<Expr> elements = new ArrayList<>();
    do {
      elements.add(expr());
    } while (accept(","));
    expect("]");
    Type type = annotation(() -> DerivedTypes.vector(elements));
    return build(start, () -> new VecLit(elements, type));
  }

  private static BinaryOp binaryOp(Token t) {
    if (t.kind() == Token.Kind.STRING) return null;
    for (BinaryOp op : BinaryOp.values()) {
      if (op.symbol().equals(t.text())) return op;
    }
    return null;
  }

  private Expr compound() {
    Token start = expect("(");
    if (accept("-")) return unary(start, UnaryOp.NEG);
    if (accept("not")) return unary(start, UnaryOp.NOT);
    if (accept("if")) {
      Expr c = expr();
      expect("then");
      Expr a = expr();
      expect("else");
      Expr b = expr();
      expect(")");
      Type type = annotation(() -> DerivedTypes.select(a));
      return build(start, () -> new Select(c, a, b, type));
    }
    Expr left = expr();
    if (accept("..")) {
      Expr high = expr();
      expect(")");
      Type type = annotation(() -> DerivedTypes.interval(left));
      return build(start, () -> new Interval(left, high, type));
    }
    Token opToken = peek();
    BinaryOp op = binaryOp(opToken);
    if (op == null) throw error(opToken, "expected an operator but found " + opToken.describe());
    advance();
    Expr right = expr();
    expect(")");
    Type type = annotation(() -> DerivedTypes.binary(op, left, right));
    return build(start, () -> new Binary(op, left, right, type));
  }

  private Expr unary(Token start, UnaryOp op) {
    Expr operand = expr();
    expect(")");
    Type type = annotation(() -> DerivedTypes.unary(op, operand));
    return build(start, () -> new Unary(op, operand, type));
  }

  private Interval interval() {
    Token t = peek();
    Expr e = expr();
    if (!(e instanceof Interval)) throw error(t, "expected an interval (a .. b)");
    return (Interval) e;
  }

  // ---- statements ----

  private List<Stmt> block() {
    expect("{");
    List<Stmt> out = new ArrayList<>();
    while (!accept("}")) out.add(stmt());
    return out;
  }

  private Stmt stmt() {
    Token t = peek();
    if (t.kind() == Token.Kind.IDENT) {
      if (accept("if")) {
        Expr c = expr();
        List<Stmt> then = block();
        List<Stmt> otherwise = accept("else") ? block() : List.of();
        return build(t, () -> new If(c, then, otherwise));
      }
      if (accept("deliver")) {
        Expr amount = expr();
        return build(t, () -> new Deliver(amount));
      }
      RefKind kind = refKind(t.text());
      if (kind != null) {
        advance();
        String target = name();
        expect("=");
        Expr value = expr();
        return build(t, () -> new Assign(target, kind, value));
      }
    }
    throw error(t, "expected a statement but found " + t.describe());
  }

  // ---- shared members ----

  private Kernel kernel() {
    Token t = peek();
    if (accept("delta")) return new DeltaKernel();
    if (accept("exp") || accept("alpha")) {
      expect("(");
      Expr tau = expr();
      expect(")");
      return build(t, () -> t.text().equals("exp") ? new ExpKernel(tau) : new AlphaKernel(tau));
    }
    throw error(t, "expected a kernel (delta, exp, alpha) but found " + t.describe());
  }

  private Connectivity connectivity() {
    Token t = peek();
    if (accept("all_to_all")) return new AllToAll();
    if (accept("one_to_one")) return new OneToOne();
    if (accept("dense")) return new Dense();
    if (accept("probability")) {
      expect("(");
      double p = number();
      expect(")");
      return build(t, () -> new Probability(p));
    }
    if (accept("fan_in") || accept("fan_out")) {
      expect("(");
      int k = integer();
      expect(")");
      return build(t, () -> t.text().equals("fan_in") ? new FixedFanIn(k) : new FixedFanOut(k));
    }
    throw error(t, "expected a connectivity but found " + t.describe());
  }

  private Param param(Token start) {
    String n = name();
    expect(":");
    Type type = type();
    Optional<Expr> value = accept("=") ? Optional.of(expr()) : Optional.empty();
    Optional<Interval> range = accept("range") ? Optional.of(interval()) : Optional.empty();
    String doc = optionalDoc();
    Origin o = origin();
    return build(start, () -> new Param(n, type, value, range, doc, o));
  }

  private Let let(Token start) {
    String n = name();
    expect("=");
    Expr v = expr();
    Origin o = origin();
    return build(start, () -> new Let(n, v, o));
  }

  private Ode ode(Token start) {
    String n = name();
    expect("=");
    Expr v = expr();
    java.util.Optional<IntegrationMethod.Choice> method = java.util.Optional.empty();
    if (accept("method")) {
      Token at = peek();
      String spelled = name();
      IntegrationMethod m = IntegrationMethod.named(spelled)
          .orElseThrow(() -> error(at, "unknown integration method `" + spelled + "`"));
      method = java.util.Optional.of(new IntegrationMethod.Choice(m, origin()));
    }
    Origin o = origin();
    java.util.Optional<IntegrationMethod.Choice> chosen = method;
    return build(start, () -> new Ode(n, v, o, chosen));
  }

  private Output output(Token start) {
    String n = name();
    expect("=");
    Expr v = expr();
    Origin o = origin();
    return build(start, () -> new Output(n, v, o));
  }

  private Property property(Token start) {
    String n = name();
    Origin o = origin();
    Token bodyStart = peek();
    PropertyBody body;
    if (accept("invariant")) {
      Expr c = expr();
      body = build(bodyStart, () -> new Invariant(c));
    } else if (accept("scenario")) {
      expect("[");
      List<ScenarioEvent> events = new ArrayList<>();
      if (!check("]")) {
        do {
          events.add(keyword(ScenarioEvent.class));
        } while (accept(","));
      }
      expect("]");
      Optional<Interval> window = accept("window") ? Optional.of(interval()) : Optional.empty();
      expect("given");
      List<Setting> given = settings();
      expect("outcome");
      String variable = name();
      Trend trend = keyword(Trend.class);
      body = build(bodyStart, () -> new Scenario(events, window, given, new Outcome(variable, trend)));
    } else {
      throw error(bodyStart, "expected 'invariant' or 'scenario' but found " + bodyStart.describe());
    }
    return build(start, () -> new Property(n, body, o));
  }

  private Formula formula() {
    Token t = peek();
    if (accept("(")) {
      Formula f;
      if (accept("not")) {
        Formula operand = formula();
        f = new Not(operand);
      } else if (check("forall") || check("exists")) {
        boolean all = advance().is("forall");
        List<String> vars = names();
        Formula body = formula();
        f = build(t, () -> all ? new ForAll(vars, body) : new Exists(vars, body));
      } else {
        Formula left = formula();
        Token op = advance();
        Formula right = formula();
        if (op.is("and")) {
          f = new And(left, right);
        } else if (op.is("or")) {
          f = new Or(left, right);
        } else if (op.is("->")) {
          f = new Implies(left, right);
        } else if (op.is("<->")) {
          f = new Equiv(left, right);
        } else {
          throw error(op, "expected and, or, -> or <-> but found " + op.describe());
        }
      }
      expect(")");
      return f;
    }
    return atom();
  }

  private Atom atom() {
    Token t = peek();
    String predicate = name();
    expect("(");
    List<String> terms = new ArrayList<>();
    if (!check(")")) {
      do {
        terms.add(name());
      } while (accept(","));
    }
    expect(")");
    return build(t, () -> new Atom(predicate, terms));
  }

  // ---- declarations ----

  private IrModule module() {
    Token start = expect("module");
    String n = name();
    List<Decl> decls = new ArrayList<>();
    while (peek().kind() != Token.Kind.EOF) decls.add(decl());
    return build(start, () -> new IrModule(n, decls));
  }

  private Decl decl() {
    Token t = peek();
    if (t.kind() == Token.Kind.IDENT) {
      switch (t.text()) {
        case "neuron": advance(); return neuron(t);
        case "synapse": advance(); return synapse(t);
        case "network": advance(); return network(t);
        case "region": advance(); return region(t);
        case "workspace": advance(); return workspace(t);
        case "agent": advance(); return agent(t);
        case "rules": advance(); return rules(t);
        case "meta": advance(); return meta(t);
        case "run": advance(); return run(t);
        case "train": advance(); return train(t);
        case "detect": advance(); return detect(t);
        default: break;
      }
    }
    throw error(t, "expected a declaration but found " + t.describe());
  }

  /** The name, origin and opening brace shared by every declaration. */
  private record Head(String name, Origin origin) {}

  private Head head() {
    String n = name();
    Origin o = origin();
    expect("{");
    return new Head(n, o);
  }

  /** A member keyword inside a declaration body, or null at the closing brace. */
  private Token member() {
    if (accept("}")) return null;
    Token t = peek();
    if (t.kind() != Token.Kind.IDENT) throw error(t, "expected a member but found " + t.describe());
    return advance();
  }

  private IrSyntaxException unknownMember(Token t, String decl) {
    return error(t, "unknown member '" + t.text() + "' in " + decl);
  }

  /** The value of a member that may appear only once; a repetition is an error at {@code at}. */
  private <T> T once(T old, T value, Token member, String what) {
    if (old != null) throw error(member, what);
    return value;
  }

  private Decl neuron(Token start) {
    Head h = head();
    String doc = "";
    List<Param> params = new ArrayList<>();
    List<StateVar> states = new ArrayList<>();
    List<InputPort> inputs = new ArrayList<>();
    List<Let> lets = new ArrayList<>();
    List<Ode> odes = new ArrayList<>();
    List<StepUpdate> steps = new ArrayList<>();
    SpikeRule spike = null;
    Expr refractory = null;
    List<String> held = new ArrayList<>();
    List<Property> properties = new ArrayList<>();
    String from = null;
    List<DriveState> drives = new ArrayList<>();
    for (Token m = member(); m != null; m = member()) {
      switch (m.text()) {
        case "doc": doc = string(); break;
        case "param": params.add(param(m)); break;
        case "state": {
          String n = name();
          expect(":");
          Type type = type();
          expect("=");
          Expr init = expr();
          String d = optionalDoc();
          Origin o = origin();
          states.add(build(m, () -> new StateVar(n, type, init, d, o)));
          break;
        }
        case "input": {
          String n = name();
          expect(":");
          Type type = type();
          expect("kernel");
          Kernel k = kernel();
          String d = optionalDoc();
          Origin o = origin();
          inputs.add(build(m, () -> new InputPort(n, type, k, d, o)));
          break;
        }
        case "let": lets.add(let(m)); break;
        case "ode": odes.add(ode(m)); break;
        case "step": {
          String n = name();
          expect("=");
          Expr v = expr();
          Origin o = origin();
          steps.add(build(m, () -> new StepUpdate(n, v, o)));
          break;
        }
        case "spike": {
          expect("when");
          Expr c = expr();
          Optional<Surrogate> surrogate = Optional.empty();
          if (accept("surrogate")) {
            Token st = peek();
            String kind = name();
            List<Setting> ss = settings();
            surrogate = Optional.of(build(st, () -> new Surrogate(kind, ss)));
          }
          Origin o = origin();
          List<Stmt> reset = block();
          Optional<Surrogate> g = surrogate;
          spike = once(spike, build(m, () -> new SpikeRule(c, g, reset, o)), m, "second spike rule");
          break;
        }
        case "refractory": refractory = once(refractory, expr(), m, "second refractory period"); break;
        case "held_when_refractory": held.add(name()); break;
        case "property": properties.add(property(m)); break;
        case "from": from = once(from, name(), m, "second `from`"); break;
        case "drive": {
          String port = name();
          Token k = peek();
          String keyword = name();
          DriveState.Kind kind = java.util.Arrays.stream(DriveState.Kind.values())
              .filter(x -> x.keyword().equals(keyword)).findFirst()
              .orElseThrow(() -> error(k, "expected exp, alpha or delta but found " + k.describe()));
          expect("tau");
          double tau = number();
          expect("jump");
          String jump = name();
          expect("read");
          String read = name();
          drives.add(build(m, () -> new DriveState(port, kind, tau, jump, read)));
          break;
        }
        default: throw unknownMember(m, "neuron");
      }
    }
    String d = doc;
    Optional<SpikeRule> sp = Optional.ofNullable(spike);
    Optional<Expr> rf = Optional.ofNullable(refractory);
    Optional<String> f = Optional.ofNullable(from);
    return build(start, () -> new NeuronModel(h.name(), d, params, states, inputs, lets, odes, steps, sp, rf, properties,
        h.origin(), f, drives, held));
  }

  private Decl synapse(Token start) {
    Head h = head();
    String doc = "";
    String base = null;
    List<Param> params = new ArrayList<>();
    List<SynVar> vars = new ArrayList<>();
    List<Trace> traces = new ArrayList<>();
    List<Let> lets = new ArrayList<>();
    List<Ode> odes = new ArrayList<>();
    List<Handler> handlers = new ArrayList<>();
    List<Modulation> modulations = new ArrayList<>();
    List<Property> properties = new ArrayList<>();
    Pairing sameStep = null;
    for (Token m = member(); m != null; m = member()) {
      switch (m.text()) {
        case "doc": doc = string(); break;
        case "base": base = once(base, name(), m, "second base"); break;
        case "same_step": sameStep = once(sameStep, keyword(Pairing.class), m, "second same_step"); break;
        case "param": params.add(param(m)); break;
        case "var": {
          String n = name();
          expect(":");
          Type type = type();
          expect("=");
          Expr init = expr();
          String d = optionalDoc();
          Origin o = origin();
          vars.add(build(m, () -> new SynVar(n, type, init, d, o)));
          break;
        }
        case "trace": {
          String n = name();
          Side side = keyword(Side.class);
          expect("tau");
          Expr tau = expr();
          expect("inc");
          Expr inc = expr();
          Origin o = origin();
          traces.add(build(m, () -> new Trace(n, side, tau, inc, o)));
          break;
        }
        case "let": lets.add(let(m)); break;
        case "ode": odes.add(ode(m)); break;
        case "on": {
          Side side = keyword(Side.class);
          Origin o = origin();
          List<Stmt> body = block();
          handlers.add(build(m, () -> new Handler(side, body, o)));
          break;
        }
        case "modulated": {
          String signal = name();
          Origin o = origin();
          List<Stmt> body = block();
          modulations.add(build(m, () -> new Modulation(signal, body, o)));
          break;
        }
        case "property": properties.add(property(m)); break;
        default: throw unknownMember(m, "synapse");
      }
    }
    String d = doc;
    Optional<String> b = Optional.ofNullable(base);
    Pairing pairing = sameStep == null ? Pairing.UNPAIRED : sameStep;
    return build(start, () -> new SynapseModel(h.name(), d, b, params, vars, traces, lets, odes, handlers, modulations,
        properties, h.origin(), pairing));
  }

  private Decl network(Token start) {
    Head h = head();
    String doc = "";
    List<Param> params = new ArrayList<>();
    List<Let> lets = new ArrayList<>();
    List<Population> populations = new ArrayList<>();
    List<PopulationView> views = new ArrayList<>();
    List<InputGroup> inputs = new ArrayList<>();
    List<Projection> projections = new ArrayList<>();
    List<Output> outputs = new ArrayList<>();
    List<Signal> signals = new ArrayList<>();
    List<Monitor> monitors = new ArrayList<>();
    for (Token m = member(); m != null; m = member()) {
      switch (m.text()) {
        case "doc": doc = string(); break;
        case "param": params.add(param(m)); break;
        case "let": lets.add(let(m)); break;
        case "population": {
          String n = name();
          expect("=");
          String model = name();
          expect("[");
          int size = integer();
          expect("]");
          boolean layer = accept("layer");
          List<Setting> overrides = accept("overrides") ? settings() : List.of();
          List<Setting> init = accept("init") ? settings() : List.of();
          Optional<Split> split = Optional.empty();
          if (accept("split")) {
            Token st = peek();
            double f = number();
            split = Optional.of(build(st, () -> new Split(f)));
          }
          Origin o = origin();
          Optional<Split> sp = split;
          populations.add(build(m, () -> new Population(n, model, size, layer, overrides, init, sp, o)));
          break;
        }
        case "view": {
          String n = name();
          expect("=");
          String parent = name();
          expect("[");
          int s = integer();
          expect("..");
          int e = integer();
          expect("]");
          Origin o = origin();
          views.add(build(m, () -> new PopulationView(n, parent, s, e, o)));
          break;
        }
        case "input": {
          String n = name();
          expect("[");
          int size = integer();
          expect("]");
          expect("encode");
          Token et = peek();
          String kind = name();
          List<Setting> ss = settings();
          Encoder enc = build(et, () -> new Encoder(kind, ss));
          Origin o = origin();
          inputs.add(build(m, () -> new InputGroup(n, size, enc, o)));
          break;
        }
        case "projection": {
          String n = name();
          expect(":");
          String source = name();
          expect("->");
          String target = name();
          expect("port");
          String port = name();
          expect("connect");
          Connectivity c = connectivity();
          expect("weight");
          Expr w = expr();
          Optional<Expr> delay = accept("delay") ? Optional.of(expr()) : Optional.empty();
          Optional<String> syn = accept("synapse") ? Optional.of(name()) : Optional.empty();
          List<Setting> with = accept("with") ? settings() : List.of();
          expect("kernel");
          Kernel k = kernel();
          List<LinearStep> solved = new ArrayList<>();
          if (accept("steps")) {
            expect("[");
            while (!accept("]")) {
              if (!solved.isEmpty()) expect(",");
              Token st = peek();
              String v = name();
              expect("*");
              double factor = number();
              expect("+");
              double offset = number();
              solved.add(build(st, () -> new LinearStep(v, factor, offset)));
            }
          }
          Origin o = origin();
          projections.add(build(m, () -> new Projection(n, source, target, port, c, w, delay, syn, with, k, o, solved)));
          break;
        }
        case "output": outputs.add(output(m)); break;
        case "signal": {
          String n = name();
          expect("=");
          Expr v = expr();
          Origin o = origin();
          signals.add(build(m, () -> new Signal(n, v, o)));
          break;
        }
        case "monitor": {
          String v = name();
          expect("of");
          List<String> targets = names();
          Optional<String> post = accept("to") ? Optional.of(name()) : Optional.empty();
          Optional<Expr> every = accept("every") ? Optional.of(expr()) : Optional.empty();
          boolean atEnd = accept("at");
          if (atEnd) expect("end");
          Origin o = origin();
          monitors.add(build(m, () -> new Monitor(v, targets, post, every, atEnd, o)));
          break;
        }
        default: throw unknownMember(m, "network");
      }
    }
    String d = doc;
    return build(start, () -> new Network(h.name(), d, params, lets, populations, views, inputs, projections, outputs, signals, monitors, h.origin()));
  }

  private Decl region(Token start) {
    Head h = head();
    String doc = "";
    List<Setting> settings = List.of();
    List<HtmEncoder> encoders = new ArrayList<>();
    List<Setting> sp = List.of();
    List<Setting> tm = List.of();
    AnomalyModel anomaly = null;
    for (Token m = member(); m != null; m = member()) {
      switch (m.text()) {
        case "doc": doc = string(); break;
        case "settings": settings = settings(); break;
        case "encoder": {
          String field = name();
          String kind = name();
          List<Setting> ss = settings();
          Origin o = origin();
          encoders.add(build(m, () -> new HtmEncoder(field, kind, ss, o)));
          break;
        }
        case "spatial_pooler": sp = settings(); break;
        case "temporal_memory": tm = settings(); break;
        case "anomaly": {
          String kind = name();
          List<Setting> ss = settings();
          anomaly = once(anomaly, build(m, () -> new AnomalyModel(kind, ss)), m, "second anomaly model");
          break;
        }
        default: throw unknownMember(m, "region");
      }
    }
    if (anomaly == null) throw error(start, "region " + h.name() + " has no anomaly model");
    String d = doc;
    List<Setting> s = settings;
    List<Setting> p = sp;
    List<Setting> t = tm;
    AnomalyModel a = anomaly;
    return build(start, () -> new HtmRegion(h.name(), d, s, encoders, p, t, a, h.origin()));
  }

  private Decl workspace(Token start) {
    Head h = head();
    String doc = "";
    List<WorkspaceModule> modules = new ArrayList<>();
    Integer width = null;
    Integer capacity = null;
    String selection = null;
    String salience = null;
    Double temperature = null;
    List<String> broadcast = null;
    Memory memory = null;
    List<Output> outputs = new ArrayList<>();
    for (Token m = member(); m != null; m = member()) {
      switch (m.text()) {
        case "doc": doc = string(); break;
        case "module": {
          String n = name();
          expect(":");
          int size = integer();
          Origin o = origin();
          modules.add(build(m, () -> new WorkspaceModule(n, size, o)));
          break;
        }
        case "width": width = once(width, integer(), m, "second width"); break;
        case "capacity": capacity = once(capacity, integer(), m, "second capacity"); break;
        case "select": selection = once(selection, name(), m, "second selection"); break;
        case "salience": salience = once(salience, name(), m, "second salience"); break;
        case "temperature": temperature = once(temperature, number(), m, "second temperature"); break;
        case "broadcast": broadcast = once(broadcast, names(), m, "second broadcast"); break;
        case "memory": {
          String kind = name();
          List<Setting> ss = settings();
          memory = once(memory, build(m, () -> new Memory(kind, ss)), m, "second memory");
          break;
        }
        case "output": outputs.add(output(m)); break;
        default: throw unknownMember(m, "workspace");
      }
    }
    if (width == null || capacity == null || selection == null || salience == null
        || temperature == null || broadcast == null || memory == null) {
      throw error(start, "workspace " + h.name()
          + " needs width, capacity, select, salience, temperature, broadcast and memory");
    }
    String d = doc;
    int w = width;
    int c = capacity;
    String sel = selection;
    String sal = salience;
    double temp = temperature;
    List<String> b = broadcast;
    Memory mem = memory;
    return build(start, () -> new Workspace(h.name(), d, modules, w, c, sel, sal, temp, b, mem, outputs, h.origin()));
  }

  private Decl agent(Token start) {
    Head h = head();
    String doc = "";
    List<Factor> factors = new ArrayList<>();
    List<Modality> modalities = new ArrayList<>();
    List<Control> controls = new ArrayList<>();
    List<Preference> preferences = new ArrayList<>();
    List<Prior> priors = new ArrayList<>();
    Planning planning = null;
    for (Token m = member(); m != null; m = member()) {
      switch (m.text()) {
        case "doc": doc = string(); break;
        case "factor": {
          String n = name();
          List<String> levels = names();
          Origin o = origin();
          factors.add(build(m, () -> new Factor(n, levels, o)));
          break;
        }
        case "modality": {
          String n = name();
          List<String> levels = names();
          expect("depends");
          List<String> deps = names();
          expect("matrix");
          String matrix = name();
          expect("=");
          Expr v = expr();
          Origin o = origin();
          modalities.add(build(m, () -> new Modality(n, levels, deps, matrix, v, o)));
          break;
        }
        case "control": {
          String n = name();
          List<String> actions = names();
          expect("factor");
          String factor = name();
          expect("matrix");
          String matrix = name();
          expect("=");
          Expr v = expr();
          Origin o = origin();
          controls.add(build(m, () -> new Control(n, actions, factor, matrix, v, o)));
          break;
        }
        case "preference": {
          String n = name();
          expect("matrix");
          String matrix = name();
          expect("=");
          Expr v = expr();
          Origin o = origin();
          preferences.add(build(m, () -> new Preference(n, matrix, v, o)));
          break;
        }
        case "prior": {
          String n = name();
          expect("matrix");
          String matrix = name();
          expect("=");
          Expr v = expr();
          Origin o = origin();
          priors.add(build(m, () -> new Prior(n, matrix, v, o)));
          break;
        }
        case "planning": {
          expect("horizon");
          int horizon = integer();
          expect("objective");
          String objective = name();
          List<Setting> ss = settings();
          planning = once(planning, build(m, () -> new Planning(horizon, objective, ss)), m, "second planning");
          break;
        }
        default: throw unknownMember(m, "agent");
      }
    }
    if (planning == null) throw error(start, "agent " + h.name() + " has no planning");
    String d = doc;
    Planning p = planning;
    return build(start, () -> new Agent(h.name(), d, factors, modalities, controls, preferences, priors, p, h.origin()));
  }

  private Decl rules(Token start) {
    Head h = head();
    String doc = "";
    String logic = null;
    List<Setting> settings = List.of();
    List<Predicate> predicates = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    List<Fact> facts = new ArrayList<>();
    List<Atom> queries = new ArrayList<>();
    for (Token m = member(); m != null; m = member()) {
      switch (m.text()) {
        case "doc": doc = string(); break;
        case "logic":
          logic = once(logic, name(), m, "second logic");
          settings = settings();
          break;
        case "predicate": {
          String n = name();
          expect("/");
          int arity = integer();
          Origin o = origin();
          predicates.add(build(m, () -> new Predicate(n, arity, o)));
          break;
        }
        case "rule": {
          String n = name();
          expect("confidence");
          double c = number();
          expect(":");
          Formula f = formula();
          Origin o = origin();
          rules.add(build(m, () -> new Rule(n, f, c, o)));
          break;
        }
        case "fact": {
          Atom a = atom();
          expect("=");
          double truth = number();
          Origin o = origin();
          facts.add(build(m, () -> new Fact(a, truth, o)));
          break;
        }
        case "query": queries.add(atom()); break;
        default: throw unknownMember(m, "rules");
      }
    }
    if (logic == null) throw error(start, "rules " + h.name() + " has no logic");
    String d = doc;
    String l = logic;
    List<Setting> s = settings;
    return build(start, () -> new RuleBase(h.name(), d, l, s, predicates, rules, facts, queries, h.origin()));
  }

  private Decl meta(Token start) {
    Head h = head();
    String doc = "";
    String algorithm = null;
    ModelSpec model = null;
    TaskSpec tasks = null;
    List<Setting> inner = List.of();
    List<Setting> outer = List.of();
    String gate = null;
    for (Token m = member(); m != null; m = member()) {
      switch (m.text()) {
        case "doc": doc = string(); break;
        case "algorithm": algorithm = once(algorithm, name(), m, "second algorithm"); break;
        case "model": {
          String kind = name();
          expect("[");
          List<Expr> args = new ArrayList<>();
          if (!check("]")) {
            do {
              args.add(expr());
            } while (accept(","));
          }
          expect("]");
          List<Setting> ss = settings();
          model = once(model, build(m, () -> new ModelSpec(kind, args, ss)), m, "second model");
          break;
        }
        case "tasks": {
          String kind = name();
          List<Setting> ss = settings();
          tasks = once(tasks, build(m, () -> new TaskSpec(kind, ss)), m, "second tasks");
          break;
        }
        case "inner": inner = settings(); break;
        case "outer": outer = settings(); break;
        case "gate": gate = once(gate, name(), m, "second gate"); break;
        default: throw unknownMember(m, "meta");
      }
    }
    if (algorithm == null || model == null || tasks == null) {
      throw error(start, "meta " + h.name() + " needs algorithm, model and tasks");
    }
    String d = doc;
    String a = algorithm;
    ModelSpec ms = model;
    TaskSpec ts = tasks;
    List<Setting> in = inner;
    List<Setting> out = outer;
    Optional<String> g = Optional.ofNullable(gate);
    return build(start, () -> new MetaLoop(h.name(), d, a, ms, ts, in, out, g, h.origin()));
  }

  private Decl run(Token start) {
    Head h = head();
    String target = null;
    Expr duration = null;
    Expr dt = null;
    Long seed = null;
    List<Setting> settings = List.of();
    for (Token m = member(); m != null; m = member()) {
      switch (m.text()) {
        case "target": target = once(target, name(), m, "second target"); break;
        case "duration": duration = once(duration, expr(), m, "second duration"); break;
        case "dt": dt = once(dt, expr(), m, "second dt"); break;
        case "seed": seed = once(seed, longNumber(), m, "second seed"); break;
        case "settings": settings = settings(); break;
        default: throw unknownMember(m, "run");
      }
    }
    if (target == null || duration == null || dt == null || seed == null) {
      throw error(start, "run " + h.name() + " needs target, duration, dt and seed");
    }
    String t = target;
    Expr du = duration;
    Expr step = dt;
    long sd = seed;
    List<Setting> s = settings;
    return build(start, () -> new RunSpec(h.name(), t, du, step, sd, s, h.origin()));
  }

  private Decl train(Token start) {
    Head h = head();
    String target = null;
    String sourceKind = null;
    String source = null;
    List<Setting> sourceSettings = List.of();
    List<Setting> settings = List.of();
    List<CurriculumPhase> curriculum = new ArrayList<>();
    for (Token m = member(); m != null; m = member()) {
      switch (m.text()) {
        case "target": target = once(target, name(), m, "second target"); break;
        case "source":
          sourceKind = once(sourceKind, name(), m, "second source");
          source = name();
          sourceSettings = settings();
          break;
        case "settings": settings = settings(); break;
        case "phase": {
          String n = name();
          Optional<Expr> until = accept("until") ? Optional.of(expr()) : Optional.empty();
          Origin o = origin();
          curriculum.add(build(m, () -> new CurriculumPhase(n, until, o)));
          break;
        }
        default: throw unknownMember(m, "train");
      }
    }
    if (target == null || sourceKind == null) {
      throw error(start, "train " + h.name() + " needs target and source");
    }
    String t = target;
    String sk = sourceKind;
    String so = source;
    List<Setting> ss = sourceSettings;
    List<Setting> s = settings;
    return build(start, () -> new TrainSpec(h.name(), t, sk, so, ss, s, curriculum, h.origin()));
  }

  private Decl detect(Token start) {
    Head h = head();
    String target = null;
    String input = null;
    String output = null;
    List<String> reports = new ArrayList<>();
    for (Token m = member(); m != null; m = member()) {
      switch (m.text()) {
        case "target": target = once(target, name(), m, "second target"); break;
        case "input": input = once(input, string(), m, "second input"); break;
        case "output": output = once(output, name(), m, "second output"); break;
        case "report": reports.add(name()); break;
        default: throw unknownMember(m, "detect");
      }
    }
    if (target == null || input == null) throw error(start, "detect " + h.name() + " needs target and input");
    String t = target;
    String i = input;
    Optional<String> o = Optional.ofNullable(output);
    return build(start, () -> new DetectSpec(h.name(), t, i, o, reports, h.origin()));
  }
}
