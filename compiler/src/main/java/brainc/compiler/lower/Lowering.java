package brainc.compiler.lower;

import brainc.compiler.ast.Decl;
import brainc.compiler.ast.Expr;
import brainc.compiler.ast.Formula;
import brainc.compiler.ast.Ident;
import brainc.compiler.ast.Member;
import brainc.compiler.ast.Statement;
import brainc.compiler.ast.Stmt;
import brainc.compiler.driver.Analysis;
import brainc.compiler.sema.Catalog;
import brainc.compiler.sema.ConstEval;
import brainc.compiler.sema.ParamSpec;
import brainc.compiler.sema.Program;
import brainc.compiler.sema.Scope;
import brainc.compiler.sema.Signature;
import brainc.compiler.sema.Symbol;
import brainc.compiler.sema.Ty;
import brainc.compiler.sema.Value;
import brainc.ir.model.*;
import brainc.ir.source.Span;
import brainc.ir.types.Entity;
import brainc.ir.types.Real;
import brainc.ir.types.Type;
import brainc.ir.units.Dimension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lowers a checked, error-free program to the model IR: every declaration of the model and of
 * what it imports, with `extends` applied, defaults of every built-in filled in from the
 * catalog, literals in SI units and names resolved to typed references. Statements get the
 * names `run#1`, `train#1`, `detect#1` in source order.
 *
 * <p>Before: {@code population p = LIF[10] { tau_m = 10 ms }}; after:
 * {@code population p LIF ... overrides tau_m = 0.01[s]}.
 */
public final class Lowering {
  private final Program program;
  private final ExprLowering exprs;
  private Scope scope;

  private Lowering(Program program) {
    this.program = program;
    this.exprs = new ExprLowering(program);
  }

  /** The IR of an analysed program; the analysis must have no errors. */
  public static IrModule lower(Analysis analysis) {
    if (analysis.hasErrors()) throw new IllegalArgumentException("lowering needs an error-free analysis");
    Lowering l = new Lowering(analysis.program());
    List<brainc.ir.model.Decl> out = new ArrayList<>();
    for (Program.DeclInfo info : analysis.program().decls().values()) {
      l.scope = info.scope();
      out.add(l.decl(info));
    }
    Map<String, Integer> counters = new LinkedHashMap<>();
    for (Statement s : analysis.program().statements()) {
      l.scope = analysis.program().decls().values().stream().findFirst().map(Program.DeclInfo::scope).orElse(null);
      out.add(l.statement(s, counters));
    }
    String name = analysis.main().ast().pkg().map(p -> p.text()).orElse(stem(analysis.main().source().id().name()));
    return new IrModule(name, out);
  }

  private static String stem(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    return file.endsWith(".brain") ? file.substring(0, file.length() - ".brain".length()) : file;
  }

  private static Origin origin(Span s) {
    return new Origin(s);
  }

  private brainc.ir.model.Expr x(Expr e) {
    return exprs.lower(e);
  }

  private brainc.ir.model.Decl decl(Program.DeclInfo info) {
    Decl d = info.decl();
    String name = info.qualifiedName();
    if (d instanceof Decl.Neuron n) return neuron(name, n, info);
    if (d instanceof Decl.Synapse s) return synapse(name, s, info);
    if (d instanceof Decl.Network n) return network(name, n);
    if (d instanceof Decl.Region r) return region(name, r);
    if (d instanceof Decl.Workspace w) return workspace(name, w);
    if (d instanceof Decl.Agent a) return agent(name, a);
    if (d instanceof Decl.Rules r) return rules(name, r);
    return meta(name, (Decl.Meta) d);
  }

  // ------------------------------------------------------------------------------------------
  // Models
  // ------------------------------------------------------------------------------------------

  /** The members of a model with its bases' first; a redeclared parameter replaces the base's. */
  /** The names of the inline-slice views added to each network's list of views (by identity). */
  private final Map<List<PopulationView>, java.util.Set<String>> viewNames = new java.util.IdentityHashMap<>();

  /** Flattened members by model: an `extends` chain 10,000 long is flattened once per model, not once per use. */
  private final Map<Decl, List<Member>> flat = new java.util.IdentityHashMap<>();

  private List<Member> flattened(Decl d) {
    List<Member> known = flat.get(d);
    if (known != null) return known;
    List<Member> members = flattenedOnce(d);
    flat.put(d, members);
    return members;
  }

  private List<Member> flattenedOnce(Decl d) {
    Optional<brainc.compiler.ast.QualifiedName> base =
        d instanceof Decl.Neuron n ? n.base() : d instanceof Decl.Synapse s ? s.base() : Optional.empty();
    List<Member> members = new ArrayList<>();
    if (base.isPresent()) {
      program.symbolOf(base.get().last()).filter(s -> s.node() instanceof Decl).ifPresent(s ->
          members.addAll(flattened((Decl) s.node())));
    }
    for (Member m : d.members()) {
      if (m instanceof Member.Param p) {
        members.removeIf(x -> x instanceof Member.Param q && q.name().text().equals(p.name().text()));
      }
      members.add(m);
    }
    return members;
  }

  private Type typeOf(String member) {
    return scope.lookupLocal(member).map(s -> ExprLowering.type(s.type())).orElse(Real.DIMENSIONLESS);
  }

  private Param param(Member.Param p) {
    Optional<Interval> range = p.range().map(this::x).filter(r -> r instanceof Interval).map(r -> (Interval) r);
    return new Param(p.name().text(), typeOf(p.name().text()), p.value().map(this::x), range, p.doc(), origin(p.span()));
  }

  private brainc.ir.model.Expr zero(Type t) {
    return t instanceof Real r ? new Const(0, r) : new Const(0, Real.DIMENSIONLESS);
  }

  private NeuronModel neuron(String name, Decl.Neuron n, Program.DeclInfo info) {
    List<Param> params = new ArrayList<>();
    List<StateVar> states = new ArrayList<>();
    List<InputPort> inputs = new ArrayList<>();
    List<Let> lets = new ArrayList<>();
    List<Ode> odes = new ArrayList<>();
    List<StepUpdate> steps = new ArrayList<>();
    Optional<SpikeRule> spike = Optional.empty();
    Optional<brainc.ir.model.Expr> refractory = Optional.empty();
    List<String> held = new ArrayList<>();
    List<Property> props = new ArrayList<>();
    // The model's `method` applies to each of its equations that names none.
    Optional<IntegrationMethod.Choice> modelMethod = flattened(n).stream().filter(m -> m instanceof Member.Method)
        .map(m -> (Member.Method) m).findFirst().flatMap(me -> method(me.name(), me.span()));
    for (Member m : flattened(n)) {
      if (m instanceof Member.Param p) params.add(param(p));
      else if (m instanceof Member.State s) {
        Type t = typeOf(s.name().text());
        states.add(new StateVar(s.name().text(), t, s.value().map(this::x).orElse(zero(t)), s.doc(), origin(s.span())));
      } else if (m instanceof Member.Input in) {
        inputs.add(new InputPort(in.name().text(), typeOf(in.name().text()), in.kernel().map(this::kernel)
            .orElse(new DeltaKernel()), in.doc(), origin(in.span())));
      } else if (m instanceof Member.Let l) lets.add(new Let(l.name().text(), x(l.value()), origin(l.span())));
      else if (m instanceof Member.Equation eq) {
        Optional<IntegrationMethod.Choice> own = eq.method().flatMap(me -> method(me, me.span()));
        odes.add(new Ode(eq.name().text(), x(eq.value()), origin(eq.span()), own.or(() -> modelMethod)));
        if (eq.unlessRefractory()) held.add(eq.name().text());
      } else if (m instanceof Member.Step st) {
        steps.add(new StepUpdate(st.name().text(), compound(st.name().text(), RefKind.STATE, st.op(), x(st.value())),
            origin(st.span())));
      } else if (m instanceof Member.Spike sp) {
        Optional<Surrogate> sur = sp.surrogate().map(c -> new Surrogate(c.name().text(),
            settings(c, Catalog.lookup("surrogate", c.name().text()).orElseThrow())));
        spike = Optional.of(new SpikeRule(x(sp.condition()), sur, stmts(sp.reset()), origin(sp.span())));
      } else if (m instanceof Member.Refractory r) refractory = Optional.of(x(r.period()));
      else if (m instanceof Member.Property p) props.add(property(p));
    }
    return new NeuronModel(name, n.doc(), params, states, inputs, lets, odes, steps, spike, refractory, props,
        origin(n.span()), Optional.empty(), List.of(), held);
  }

  private Optional<IntegrationMethod.Choice> method(brainc.compiler.ast.Ident name, brainc.ir.source.Span clause) {
    return IntegrationMethod.named(name.text()).map(m -> new IntegrationMethod.Choice(m, origin(clause)));
  }

  private SynapseModel synapse(String name, Decl.Synapse s, Program.DeclInfo info) {
    List<Param> params = new ArrayList<>();
    List<SynVar> vars = new ArrayList<>();
    List<brainc.ir.model.Trace> traces = new ArrayList<>();
    List<Let> lets = new ArrayList<>();
    List<Ode> odes = new ArrayList<>();
    List<Handler> handlers = new ArrayList<>();
    List<Modulation> mods = new ArrayList<>();
    List<Property> props = new ArrayList<>();
    brainc.ir.model.Pairing sameStep = brainc.ir.model.Pairing.UNPAIRED;
    for (Member m : flattened(s)) {
      if (m instanceof Member.Param p) params.add(param(p));
      else if (m instanceof Member.SameStep same) sameStep = brainc.ir.model.Pairing.of(same.mode().text());
      else if (m instanceof Member.Var v) {
        Type t = typeOf(v.name().text());
        vars.add(new SynVar(v.name().text(), t, v.value().map(this::x).orElse(zero(t)), v.doc(), origin(v.span())));
      } else if (m instanceof Member.Trace tr) {
        // A trace's spike update as an increment: `= v` (nearest-spike) adds v - x, `-= v` adds -v.
        brainc.ir.model.Expr inc = x(tr.value());
        Type tt = typeOf(tr.name().text());
        if (tr.op() == Member.AssignOp.SET) {
          inc = new Binary(BinaryOp.SUB, inc, new Ref(RefKind.TRACE, tr.name().text(), tt), tt);
        } else if (tr.op() == Member.AssignOp.SUB) {
          inc = new Unary(UnaryOp.NEG, inc, tt);
        }
        traces.add(new brainc.ir.model.Trace(tr.name().text(), side(tr.side()), x(tr.tau()), inc, origin(tr.span())));
      } else if (m instanceof Member.Let l) lets.add(new Let(l.name().text(), x(l.value()), origin(l.span())));
      else if (m instanceof Member.Equation eq) odes.add(new Ode(eq.name().text(), x(eq.value()), origin(eq.span())));
      else if (m instanceof Member.On on) handlers.add(new Handler(side(on.side()), stmts(on.body()), origin(on.span())));
      else if (m instanceof Member.Modulated mod) {
        mods.add(new Modulation(mod.signal().text(), stmts(mod.body()), origin(mod.span())));
      } else if (m instanceof Member.Property p) props.add(property(p));
    }
    Optional<String> base = s.base().flatMap(b -> program.symbolOf(b.last())).map(Symbol::container);
    return new SynapseModel(name, s.doc(), base, params, vars, traces, lets, odes, handlers, mods, props,
        origin(s.span()), sameStep);
  }

  private static brainc.ir.model.Side side(Member.Side s) {
    return s == Member.Side.PRE ? brainc.ir.model.Side.PRE : brainc.ir.model.Side.POST;
  }

  private Kernel kernel(Expr.Call c) {
    Map<String, Expr> args = bind(c, Catalog.lookup("kernel", c.name().text()).orElseThrow());
    return switch (c.name().text()) {
      case "exp" -> new ExpKernel(x(args.get("tau")));
      case "alpha" -> new AlphaKernel(x(args.get("tau")));
      default -> new DeltaKernel();
    };
  }

  private brainc.ir.model.Expr compound(String target, RefKind kind, Member.AssignOp op, brainc.ir.model.Expr value) {
    if (op == Member.AssignOp.SET) return value;
    Type t = typeOf(target);
    Ref ref = new Ref(kind, target, t);
    BinaryOp b = switch (op) {
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      default -> BinaryOp.DIV;
    };
    return new Binary(b, ref, value, t);
  }

  private List<brainc.ir.model.Stmt> stmts(List<Stmt> body) {
    List<brainc.ir.model.Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.Deliver d) out.add(new Deliver(x(d.value())));
      else if (s instanceof Stmt.If i) out.add(new If(x(i.condition()), stmts(i.then()), stmts(i.otherwise())));
      else if (s instanceof Stmt.Assign a) {
        RefKind kind = program.symbolOf(a.target()).map(sym -> ExprLowering.refKind(sym.kind())).orElse(RefKind.STATE);
        out.add(new Assign(a.target().text(), kind, compound(a.target().text(), kind, a.op(), x(a.value()))));
      }
    }
    return out;
  }

  private Property property(Member.Property p) {
    PropertyBody body;
    if (p.body() instanceof Member.PropertyBody.Invariant inv) {
      body = new Invariant(x(inv.condition()));
    } else {
      Member.PropertyBody.Scenario sc = (Member.PropertyBody.Scenario) p.body();
      List<ScenarioEvent> events = sc.events().stream().map(e -> ScenarioEvent.valueOf(e.kind().name())).toList();
      Optional<Interval> window = sc.window().map(this::x).filter(w -> w instanceof Interval).map(w -> (Interval) w);
      List<Setting> given = sc.given().stream().map(g -> new Setting(g.key().text(), x(g.value()))).toList();
      body = new Scenario(events, window, given, new Outcome(sc.variable().text(), Trend.valueOf(sc.trend().name())));
    }
    return new Property(p.name().text(), body, origin(p.span()));
  }

  // ------------------------------------------------------------------------------------------
  // Networks
  // ------------------------------------------------------------------------------------------

  private ConstEval consts() {
    return new ConstEval(this::constant);
  }

  private Optional<Value> constant(Symbol s) {
    if (s.node() instanceof Member.Param p && p.value().isPresent()) return consts().eval(p.value().get(), scope);
    if (s.node() instanceof Member.Let l) return consts().eval(l.value(), scope);
    return Optional.empty();
  }

  private int whole(Expr e) {
    return consts().number(e, scope).map(Double::intValue).orElseThrow(() -> ExprLowering.internal("size not constant"));
  }

  private Network network(String name, Decl.Network n) {
    List<Param> params = new ArrayList<>();
    List<Let> lets = new ArrayList<>();
    List<Population> pops = new ArrayList<>();
    List<PopulationView> views = new ArrayList<>();
    List<InputGroup> inputs = new ArrayList<>();
    List<Projection> projections = new ArrayList<>();
    List<Output> outputs = new ArrayList<>();
    List<Signal> signals = new ArrayList<>();
    List<Monitor> monitors = new ArrayList<>();
    Map<String, Decl> modelOf = new LinkedHashMap<>();
    Map<String, Integer> viewStart = new LinkedHashMap<>();
    for (Member m : n.members()) {
      if (m instanceof Member.Param p) params.add(param(p));
      else if (m instanceof Member.Let l) lets.add(new Let(l.name().text(), x(l.value()), origin(l.span())));
      else if (m instanceof Member.Population p) {
        Symbol src = program.symbolOf(p.source().last()).orElseThrow(() -> ExprLowering.internal("population source"));
        if (src.kind() == Symbol.Kind.POPULATION) {
          Value.Range r = (Value.Range) consts().eval(p.size(), scope).orElseThrow();
          views.add(new PopulationView(p.name().text(), src.name(), (int) r.low().si(), (int) r.high().si(),
              origin(p.span())));
          Decl parentModel = modelOf.get(src.name());
          if (parentModel != null) modelOf.put(p.name().text(), parentModel);
          continue;
        }
        Decl model = (Decl) src.node();
        modelOf.put(p.name().text(), model);
        List<Setting> overrides = new ArrayList<>();
        List<Setting> inits = new ArrayList<>();
        Optional<Split> split = Optional.empty();
        for (Member.Override o : p.overrides()) {
          if (o.flag()) {
            double f = consts().number(o.value(), scope).orElse(0.0);
            split = Optional.of(new Split(o.name().text().equals("excitatory") ? f : 1 - f));
            continue;
          }
          Symbol member = program.symbolOf(o.name()).orElseThrow(() -> ExprLowering.internal("override " + o.name()));
          Setting s = new Setting(o.name().text(), x(o.value()));
          if (member.kind() == Symbol.Kind.PARAM) overrides.add(s);
          else inits.add(s);
        }
        pops.add(new Population(p.name().text(), src.container(), whole(p.size()), p.layer(), overrides, inits, split,
            origin(p.span())));
      } else if (m instanceof Member.InputGroup g) {
        int size = g.size().map(this::whole).orElse(1);
        Encoder enc = g.encoder().map(c -> new Encoder(c.name().text(),
            settings(c, Catalog.lookup("encoder", c.name().text()).orElseThrow()))).orElse(new Encoder("direct", List.of()));
        inputs.add(new InputGroup(g.name().text(), size, enc, origin(g.span())));
      }
    }
    int index = 0;
    for (Member m : n.members()) {
      if (m instanceof Member.Connect c) {
        for (Projection p : connect(c, modelOf, index, views)) projections.add(p);
        index++;
      } else if (m instanceof Member.Output o) {
        outputs.add(new Output(o.name().text(), x(o.value()), origin(o.span())));
      } else if (m instanceof Member.Signal s) {
        signals.add(new Signal(s.name().text(), x(s.value()), origin(s.span())));
      } else if (m instanceof Member.Monitor mon) {
        List<String> targets = mon.targets().stream().map(t -> endpoint(t, views)).distinct().toList();
        Optional<String> post = mon.post().map(t -> endpoint(t, views));
        for (Ident what : mon.what()) {
          monitors.add(new Monitor(what.text(), targets, post, mon.every().map(this::x), mon.at().isPresent(),
              origin(mon.span())));
        }
      }
    }
    return new Network(name, n.doc(), params, lets, pops, views, inputs, projections, outputs, signals, monitors,
        origin(n.span()));
  }

  /**
   * The name an endpoint refers to: the population or input itself, or for an inline slice
   * {@code all[0 .. 10]} a view named {@code all[0 .. 10]} (added once), so that connections and
   * monitors reach exactly the neurons of the slice.
   */
  private String endpoint(Member.Endpoint e, List<PopulationView> views) {
    String name = e.name().text();
    if (e.slice().isEmpty()) return name;
    Value.Range r = (Value.Range) consts().eval(e.slice().get(), scope)
        .orElseThrow(() -> ExprLowering.internal("slice not constant"));
    int lo = (int) r.low().si();
    int hi = (int) r.high().si();
    String view = name + "[" + lo + " .. " + hi + "]";
    // A set of the names beside the list: 100,000 monitors of slices must not cost 10^10 comparisons.
    if (viewNames.computeIfAbsent(views, k -> new java.util.HashSet<>()).add(view)) {
      views.add(new PopulationView(view, name, lo, hi, origin(e.span())));
    }
    return view;
  }

  private static String plain(String endpoint) {
    return endpoint.replace(" .. ", "_").replace("[", "_").replace("]", "");
  }

  private List<Projection> connect(Member.Connect c, Map<String, Decl> modelOf, int index, List<PopulationView> views) {
    Connectivity conn = new AllToAll();
    brainc.ir.model.Expr weight = null;
    Optional<brainc.ir.model.Expr> delay = Optional.empty();
    Optional<String> synapse = Optional.empty();
    List<Setting> synOverrides = new ArrayList<>();
    Kernel kernel = null;
    for (Member.ConnectClause cl : c.clauses()) {
      if (cl instanceof Member.ConnectClause.Weight w) weight = x(w.value());
      else if (cl instanceof Member.ConnectClause.Delay d) delay = Optional.of(x(d.value()));
      else if (cl instanceof Member.ConnectClause.Probability p) conn = new Probability(consts().number(p.value(), scope).orElseThrow());
      else if (cl instanceof Member.ConnectClause.FanIn f) conn = new FixedFanIn(whole(f.value()));
      else if (cl instanceof Member.ConnectClause.FanOut f) conn = new FixedFanOut(whole(f.value()));
      else if (cl instanceof Member.ConnectClause.OneToOne) conn = new OneToOne();
      else if (cl instanceof Member.ConnectClause.Dense) conn = new Dense();
      else if (cl instanceof Member.ConnectClause.AllToAll) conn = new AllToAll();
      else if (cl instanceof Member.ConnectClause.Via v) {
        for (Member.ViaItem item : v.items()) {
          Optional<Symbol> s = program.symbolOf(item.name());
          if (s.isPresent() && s.get().kind() == Symbol.Kind.SYNAPSE) {
            synapse = Optional.of(s.get().container());
            for (Member.Override o : item.overrides()) synOverrides.add(new Setting(o.name().text(), x(o.value())));
          } else {
            kernel = kernel(new Expr.Call(item.name(), item.args().orElse(List.of()), item.span()));
          }
        }
      }
    }
    List<Projection> out = new ArrayList<>();
    int k = 0;
    for (int i = 0; i + 1 < c.stages().size(); i++) {
      for (Member.Endpoint src : c.stages().get(i)) {
        for (Member.Endpoint dst : c.stages().get(i + 1)) {
          String port = dst.port().map(Ident::text).orElseGet(() -> defaultPort(modelOf.get(dst.name().text())));
          Type portType = portType(modelOf.get(dst.name().text()), port);
          brainc.ir.model.Expr w = weight != null ? weight
              : new Const(1.0, portType instanceof Real r ? r : Real.DIMENSIONLESS);
          Kernel kk = kernel != null ? kernel : portKernel(modelOf.get(dst.name().text()), port);
          String from = endpoint(src, views);
          String to = endpoint(dst, views);
          // Projection names become buffer and connection names: keep them plain (all_0_10).
          String name = plain(from) + "->" + plain(to) + "#" + index + (k > 0 ? "." + k : "");
          out.add(new Projection(name, from, to, port, conn, w, delay, synapse,
              synOverrides, kk, origin(c.span())));
          k++;
        }
      }
    }
    return out;
  }

  private String defaultPort(Decl model) {
    if (model == null) return "in";
    for (Member m : flattened(model)) if (m instanceof Member.Input in) return in.name().text();
    return "in";
  }

  private Type portType(Decl model, String port) {
    if (model == null) return Real.DIMENSIONLESS;
    Program.DeclInfo info = program.declOf(program.decls().values().stream().filter(d -> d.decl() == model)
        .map(Program.DeclInfo::symbol).findFirst().orElseThrow()).orElseThrow();
    return info.scope().lookupLocal(port).map(s -> ExprLowering.type(s.type())).orElse(Real.DIMENSIONLESS);
  }

  private Kernel portKernel(Decl model, String port) {
    if (model == null) return new DeltaKernel();
    for (Member m : flattened(model)) {
      if (m instanceof Member.Input in && in.name().text().equals(port) && in.kernel().isPresent()) {
        Scope saved = scope;
        scope = program.decls().values().stream().filter(d -> d.decl() == model).findFirst().map(Program.DeclInfo::scope)
            .orElse(scope);
        Kernel k = kernel(in.kernel().get());
        scope = saved;
        return k;
      }
    }
    return new DeltaKernel();
  }

  // ------------------------------------------------------------------------------------------
  // Catalog-driven settings
  // ------------------------------------------------------------------------------------------

  /** Arguments of a call bound to its signature's parameter names (positional in order). */
  static Map<String, Expr> bind(Expr.Call c, Signature sig) {
    Map<String, Expr> out = new LinkedHashMap<>();
    int i = 0;
    for (Expr.Arg a : c.args()) {
      if (a.name().isPresent()) out.put(a.name().get().text(), a.value());
      else if (sig.name().equals("mlp")) out.put("#" + i++, a.value());
      else if (i < sig.params().size()) out.put(sig.params().get(i++).name(), a.value());
    }
    return out;
  }

  /** Every parameter of a signature, given or defaulted, in signature order. */
  private List<Setting> settings(Expr.Call c, Signature sig) {
    return complete(bind(c, sig), sig);
  }

  private List<Setting> complete(Map<String, Expr> given, Signature sig) {
    List<Setting> out = new ArrayList<>();
    for (ParamSpec p : sig.params()) {
      Expr e = given.get(p.name());
      if (e != null && p.expect() instanceof ParamSpec.Expect.Constructor ctor) {
        // A constructor's arguments in catalog order, defaults filled in, so names do not matter.
        String name = e instanceof Expr.Call c ? c.name().text() : e instanceof Expr.Name n ? n.ident().text() : "";
        Optional<Signature> ctorSig = Catalog.lookup(ctor.family(), name);
        if (ctorSig.isPresent()) {
          Expr.Call call = e instanceof Expr.Call c ? c : new Expr.Call(((Expr.Name) e).ident(), List.of(), e.span());
          List<brainc.ir.model.Expr> args = settings(call, ctorSig.get()).stream().map(Setting::value).toList();
          out.add(new Setting(p.name(), new Call(name, args, new Entity(ctor.family()))));
          continue;
        }
      }
      if (e != null) out.add(new Setting(p.name(), x(e)));
      else p.defaultValue().ifPresent(v -> out.add(new Setting(p.name(), defaultExpr(p, v))));
    }
    return out;
  }

  private static brainc.ir.model.Expr defaultExpr(ParamSpec p, Object v) {
    if (v instanceof Double d) {
      Dimension dim = p.expect() instanceof ParamSpec.Expect.Quantity q ? q.dim() : Dimension.NONE;
      return new Const(d, new Real(dim));
    }
    if (v instanceof Boolean b) return new BoolConst(b);
    if (v instanceof double[] r) {
      Dimension dim = p.expect() instanceof ParamSpec.Expect.Interval iv ? iv.dim() : Dimension.NONE;
      return new Interval(new Const(r[0], new Real(dim)), new Const(r[1], new Real(dim)), new Real(dim));
    }
    String s = String.valueOf(v);
    if (p.expect() instanceof ParamSpec.Expect.Constructor ctor && s.endsWith("()")) {
      return new Call(s.substring(0, s.length() - 2), List.of(), new Entity(ctor.family()));
    }
    return new StrConst(s);
  }

  private List<Setting> section(List<Member.Setting> given, Signature sig) {
    Map<String, Expr> m = new LinkedHashMap<>();
    for (Member.Setting s : given) m.put(s.key().text(), s.value());
    return complete(m, sig);
  }

  // ------------------------------------------------------------------------------------------
  // Families
  // ------------------------------------------------------------------------------------------

  private HtmRegion region(String name, Decl.Region r) {
    List<Setting> family = settings(r.family(), Catalog.lookup("region", r.family().name().text()).orElseThrow());
    List<HtmEncoder> encoders = new ArrayList<>();
    Map<String, List<Member.Setting>> sections = new LinkedHashMap<>();
    AnomalyModel anomaly = null;
    for (Member m : r.members()) {
      if (m instanceof Member.Encode e) {
        encoders.add(new HtmEncoder(e.field().text(), e.encoder().name().text(),
            settings(e.encoder(), Catalog.lookup("htm_encoder", e.encoder().name().text()).orElseThrow()), origin(e.span())));
      } else if (m instanceof Member.Section s) {
        sections.put(s.name().text(), s.settings());
      } else if (m instanceof Member.Anomaly a) {
        anomaly = new AnomalyModel(a.model().name().text(),
            settings(a.model(), Catalog.lookup("anomaly", a.model().name().text()).orElseThrow()));
      }
    }
    if (anomaly == null) {
      Signature raw = Catalog.lookup("anomaly", "raw").orElseThrow();
      anomaly = new AnomalyModel("raw", complete(Map.of(), raw));
    }
    List<Setting> sp = section(sections.getOrDefault("spatial_pooler", List.of()),
        Catalog.lookup("htm_section", "spatial_pooler").orElseThrow());
    List<Setting> tm = section(sections.getOrDefault("temporal_memory", List.of()),
        Catalog.lookup("htm_section", "temporal_memory").orElseThrow());
    return new HtmRegion(name, r.doc(), family, encoders, sp, tm, anomaly, origin(r.span()));
  }

  private Workspace workspace(String name, Decl.Workspace w) {
    List<WorkspaceModule> modules = new ArrayList<>();
    int width = 1;
    int capacity = 1;
    String selection = "top_k";
    String salience = "salience";
    double temperature = 1.0;
    List<String> broadcast = new ArrayList<>();
    Memory memory = new Memory("none", List.of());
    List<Output> outputs = new ArrayList<>();
    for (Member m : w.members()) {
      if (m instanceof Member.Module mod) modules.add(new WorkspaceModule(mod.name().text(), whole(mod.size()), origin(mod.span())));
      else if (m instanceof Member.Width x) width = whole(x.value());
      else if (m instanceof Member.Capacity c) {
        capacity = whole(c.value());
        selection = c.selection().map(Ident::text).orElse(selection);
        salience = c.salience().map(Ident::text).orElse(salience);
        temperature = c.temperature().flatMap(t -> consts().number(t, scope)).orElse(temperature);
      } else if (m instanceof Member.Broadcast b) {
        for (Ident t : b.targets()) broadcast.add(t.text());
      } else if (m instanceof Member.Memory mem) {
        memory = new Memory(mem.spec().name().text(),
            settings(mem.spec(), Catalog.lookup("memory", mem.spec().name().text()).orElseThrow()));
      } else if (m instanceof Member.Output o) {
        outputs.add(new Output(o.name().text(), x(o.value()), origin(o.span())));
      }
    }
    if (broadcast.contains("all")) broadcast = modules.stream().map(WorkspaceModule::name).toList();
    return new Workspace(name, w.doc(), modules, width, capacity, selection, salience, temperature, broadcast, memory,
        outputs, origin(w.span()));
  }

  private List<String> levelNames(List<Expr> items) {
    List<String> out = new ArrayList<>();
    if (items.size() == 1 && !(items.get(0) instanceof Expr.Name)) {
      int n = whole(items.get(0));
      for (int i = 0; i < n; i++) out.add(String.valueOf(i));
      return out;
    }
    for (Expr e : items) out.add(((Expr.Name) e).ident().text());
    return out;
  }

  private Agent agent(String name, Decl.Agent a) {
    List<Factor> factors = new ArrayList<>();
    List<Modality> modalities = new ArrayList<>();
    List<Control> controls = new ArrayList<>();
    List<Preference> prefs = new ArrayList<>();
    List<Prior> priors = new ArrayList<>();
    Planning planning = null;
    for (Member m : a.members()) {
      if (m instanceof Member.Hidden h) factors.add(new Factor(h.name().text(), levelNames(h.levels()), origin(h.span())));
    }
    String onlyFactor = factors.size() == 1 ? factors.get(0).name() : "";
    List<String> modalityNames = new ArrayList<>();
    for (Member m : a.members()) if (m instanceof Member.Observe o) modalityNames.add(o.name().text());
    for (Member m : a.members()) {
      if (m instanceof Member.Observe o) {
        List<String> deps = o.dependsOn().isEmpty() ? List.of(onlyFactor) : o.dependsOn().stream().map(Ident::text).toList();
        brainc.ir.model.Expr lik = o.value().map(this::matrix).orElse(new Call("identity", List.of(), new Entity("matrix")));
        modalities.add(new Modality(o.name().text(), levelNames(o.levels()), deps, o.matrix().map(Ident::text).orElse("A"),
            lik, origin(o.span())));
      } else if (m instanceof Member.Control c) {
        brainc.ir.model.Expr tr = c.value().map(this::matrix).orElse(new Call("identity", List.of(), new Entity("matrix")));
        controls.add(new Control(c.name().text(), levelNames(c.levels()), c.factor().map(Ident::text).orElse(onlyFactor),
            c.matrix().map(Ident::text).orElse("B"), tr, origin(c.span())));
      } else if (m instanceof Member.Prefer p) {
        String modality = p.modality().map(Ident::text).orElse(modalityNames.isEmpty() ? "" : modalityNames.get(0));
        brainc.ir.model.Expr values = p.level().isPresent()
            ? new Call("one_level", List.of(x(p.level().get()), x(p.value())), new Entity("vector"))
            : matrix(p.value());
        prefs.add(new Preference(modality, p.matrix().text(), values, origin(p.span())));
      } else if (m instanceof Member.Prior p) {
        priors.add(new Prior(p.factor().map(Ident::text).orElse(onlyFactor), p.matrix().text(), matrix(p.value()),
            origin(p.span())));
      } else if (m instanceof Member.Plan plan) {
        int horizon = plan.horizon().map(this::whole).orElse(1);
        String objective = plan.objective().map(c -> c.name().text()).orElse("efe");
        List<Setting> s = new ArrayList<>();
        Expr.Call obj = plan.objective().orElse(new Expr.Call(new Ident("efe", plan.span()), List.of(), plan.span()));
        for (Setting st : settings(obj, Catalog.lookup("objective", objective).orElseThrow())) s.add(st);
        s.add(new Setting("action", new StrConst(plan.action().map(Ident::text).orElse("deterministic"))));
        s.add(new Setting("gamma", plan.gamma().map(this::x).orElse(new Const(16, Real.DIMENSIONLESS))));
        s.add(new Setting("alpha", plan.alpha().map(this::x).orElse(new Const(16, Real.DIMENSIONLESS))));
        s.add(new Setting("inductive", new BoolConst(plan.inductive().isPresent())));
        plan.inductive().ifPresent(i -> {
          for (Setting st : settings(i, Catalog.lookup("inductive", "inductive").orElseThrow())) {
            s.add(new Setting("inductive_" + st.name(), st.value()));
          }
        });
        planning = new Planning(horizon, objective, s);
      }
    }
    if (planning == null) planning = new Planning(1, "efe", List.of());
    return new Agent(name, a.doc(), factors, modalities, controls, prefs, priors, planning, origin(a.span()));
  }

  /** A matrix or vector: a constructor call keeps its name with its arguments in catalog order. */
  private brainc.ir.model.Expr matrix(Expr e) {
    if (e instanceof Expr.Name n && program.symbolOf(n.ident()).isEmpty()) {
      return new Call(n.ident().text(), List.of(), new Entity("matrix"));
    }
    if (e instanceof Expr.Call c) {
      for (String fam : List.of("likelihood", "transition", "prior")) {
        Optional<Signature> sig = Catalog.lookup(fam, c.name().text());
        if (sig.isPresent()) {
          List<brainc.ir.model.Expr> args = settings(c, sig.get()).stream().map(Setting::value).toList();
          return new Call(c.name().text(), args, new Entity("matrix"));
        }
      }
    }
    return x(e);
  }

  private RuleBase rules(String name, Decl.Rules r) {
    Signature sig = Catalog.lookup("rules", r.family().name().text()).orElseThrow();
    List<Setting> settings = settings(r.family(), sig);
    String logic = settings.stream().filter(s -> s.name().equals("logic")).findFirst()
        .map(s -> s.value() instanceof StrConst sc ? sc.value() : "product").orElse("product");
    List<Predicate> preds = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    List<Fact> facts = new ArrayList<>();
    List<Atom> queries = new ArrayList<>();
    Map<String, Integer> arity = new LinkedHashMap<>();
    for (Member m : r.members()) collectArity(m, arity);
    int ruleIndex = 0;
    for (Member m : r.members()) {
      if (m instanceof Member.Predicates ps) {
        for (Member.PredicateSig s : ps.signatures()) {
          preds.add(new Predicate(s.name().text(), s.arity().orElse(arity.getOrDefault(s.name().text(), 1)),
              origin(s.span())));
        }
      } else if (m instanceof Member.Rule rule) {
        ruleIndex++;
        double conf = rule.confidence().flatMap(c -> consts().number(c, scope)).orElse(1.0);
        rules.add(new Rule(rule.name().map(Ident::text).orElse("rule" + ruleIndex), formula(rule.body()), conf,
            origin(rule.span())));
      } else if (m instanceof Member.Fact f) {
        double truth = f.truth().flatMap(t -> consts().number(t, scope)).orElse(1.0);
        facts.add(new Fact(atom(f.atom()), truth, origin(f.span())));
      } else if (m instanceof Member.Query q) {
        for (Formula.Atom a : q.atoms()) queries.add(atom(a));
      }
    }
    return new RuleBase(name, r.doc(), logic, settings, preds, rules, facts, queries, origin(r.span()));
  }

  private static void collectArity(Member m, Map<String, Integer> arity) {
    List<Formula> fs = new ArrayList<>();
    if (m instanceof Member.Rule r) fs.add(r.body());
    if (m instanceof Member.Fact f) fs.add(f.atom());
    if (m instanceof Member.Query q) fs.addAll(q.atoms());
    for (Formula f : fs) walkAtoms(f, a -> arity.putIfAbsent(a.predicate().text(), a.terms().size()));
  }

  private static void walkAtoms(Formula f, java.util.function.Consumer<Formula.Atom> k) {
    if (f instanceof Formula.Atom a) k.accept(a);
    else if (f instanceof Formula.Not n) walkAtoms(n.operand(), k);
    else if (f instanceof Formula.And x) { walkAtoms(x.left(), k); walkAtoms(x.right(), k); }
    else if (f instanceof Formula.Or x) { walkAtoms(x.left(), k); walkAtoms(x.right(), k); }
    else if (f instanceof Formula.Implies x) { walkAtoms(x.left(), k); walkAtoms(x.right(), k); }
    else if (f instanceof Formula.Equiv x) { walkAtoms(x.left(), k); walkAtoms(x.right(), k); }
    else if (f instanceof Formula.Quantified q) walkAtoms(q.body(), k);
  }

  private static Atom atom(Formula.Atom a) {
    return new Atom(a.predicate().text(), a.terms().stream().map(Ident::text).toList());
  }

  private static brainc.ir.model.Formula formula(Formula f) {
    if (f instanceof Formula.Atom a) return atom(a);
    if (f instanceof Formula.Not n) return new Not(formula(n.operand()));
    if (f instanceof Formula.And x) return new And(formula(x.left()), formula(x.right()));
    if (f instanceof Formula.Or x) return new Or(formula(x.left()), formula(x.right()));
    if (f instanceof Formula.Implies x) return new Implies(formula(x.left()), formula(x.right()));
    if (f instanceof Formula.Equiv x) return new Equiv(formula(x.left()), formula(x.right()));
    if (f instanceof Formula.Quantified q) {
      List<String> vars = q.vars().stream().map(Ident::text).toList();
      return q.forall() ? new ForAll(vars, formula(q.body())) : new Exists(vars, formula(q.body()));
    }
    throw ExprLowering.internal("missing formula");
  }

  private MetaLoop meta(String name, Decl.Meta m) {
    String algorithm = m.family().name().text();
    List<Setting> family = settings(m.family(), Catalog.lookup("meta", algorithm).orElseThrow());
    ModelSpec model = null;
    TaskSpec tasks = null;
    Map<String, List<Member.Setting>> sections = new LinkedHashMap<>();
    Optional<String> gate = Optional.empty();
    for (Member x : m.members()) {
      if (x instanceof Member.Model mm) {
        Signature sig = Catalog.lookup("meta_model", mm.spec().name().text()).orElseThrow();
        Map<String, Expr> b = bind(mm.spec(), sig);
        List<brainc.ir.model.Expr> sizes = new ArrayList<>();
        b.forEach((k, v) -> { if (k.startsWith("#")) sizes.add(x(v)); });
        b.keySet().removeIf(k -> k.startsWith("#"));
        model = new ModelSpec(mm.spec().name().text(), sizes, complete(b, sig));
      } else if (x instanceof Member.Tasks t) {
        tasks = new TaskSpec(t.spec().name().text(), settings(t.spec(), Catalog.lookup("tasks", t.spec().name().text()).orElseThrow()));
      } else if (x instanceof Member.Section s) {
        sections.put(s.name().text(), s.settings());
      } else if (x instanceof Member.Gate g) {
        gate = Optional.of(g.value().text());
      }
    }
    List<Setting> inner = new ArrayList<>(family);
    inner.clear();
    inner.addAll(section(sections.getOrDefault("inner", List.of()), Catalog.lookup("meta_section", "inner").orElseThrow()));
    List<Setting> outer = new ArrayList<>(section(sections.getOrDefault("outer", List.of()),
        Catalog.lookup("meta_section", "outer").orElseThrow()));
    outer.addAll(family);
    return new MetaLoop(name, m.doc(), algorithm, model, tasks, inner, outer, gate, origin(m.span()));
  }

  // ------------------------------------------------------------------------------------------
  // Statements
  // ------------------------------------------------------------------------------------------

  private brainc.ir.model.Decl statement(Statement s, Map<String, Integer> counters) {
    if (s instanceof Statement.Run r) {
      String name = "run#" + counters.merge("run", 1, Integer::sum);
      brainc.ir.model.Expr duration = r.duration().map(this::x).orElse(new Const(1.0, new Real(Dimension.TIME)));
      brainc.ir.model.Expr dt = r.dt().map(this::x).orElse(new Const(1e-4, new Real(Dimension.TIME)));
      long seed = r.seed().flatMap(e -> consts().number(e, scope)).map(Double::longValue).orElse(0L);
      List<Setting> settings = new ArrayList<>();
      r.threads().ifPresent(t -> settings.add(new Setting("threads", x(t))));
      r.backend().ifPresent(b -> settings.add(new Setting("backend", new StrConst(b.text()))));
      return new RunSpec(name, targetName(r.target()), duration, dt, seed, settings, origin(r.span()));
    }
    if (s instanceof Statement.Train t) {
      String name = "train#" + counters.merge("train", 1, Integer::sum);
      boolean dataset = t.sourceKind().equals("dataset");
      Signature src = Catalog.lookup(dataset ? "dataset" : "environment", t.source().name().text()).orElseThrow();
      Signature sig = Catalog.lookup("train_environment", dataset ? "dataset_settings" : "settings").orElseThrow();
      List<CurriculumPhase> phases = new ArrayList<>();
      Expr lastMetric = null;
      for (Statement.Phase p : t.curriculum()) {
        Optional<brainc.ir.model.Expr> until = Optional.empty();
        if (p.condition().isPresent()) {
          until = Optional.of(x(p.condition().get()));
          if (p.condition().get() instanceof Expr.Binary b && b.op().isComparison()) lastMetric = b.left();
        } else if (p.bound().isPresent() && lastMetric != null) {
          BinaryOp op = switch (p.op().orElse(Expr.BinaryOp.GT)) {
            case LT -> BinaryOp.LT;
            case LE -> BinaryOp.LE;
            case GE -> BinaryOp.GE;
            default -> BinaryOp.GT;
          };
          until = Optional.of(new Binary(op, x(lastMetric), x(p.bound().get()), new brainc.ir.types.Bool()));
        }
        phases.add(new CurriculumPhase(p.name().text(), until, origin(p.span())));
      }
      return new TrainSpec(name, targetName(t.target()), t.sourceKind(), t.source().name().text(),
          settings(t.source(), src), section(t.settings(), sig), phases, origin(t.span()));
    }
    Statement.Detect d = (Statement.Detect) s;
    String name = "detect#" + counters.merge("detect", 1, Integer::sum);
    return new DetectSpec(name, targetName(d.target()), d.path().value(), d.out().map(Expr.StringLit::value),
        d.reports().stream().map(Ident::text).distinct().toList(), origin(d.span()));
  }

  private String targetName(Ident target) {
    return program.symbolOf(target).map(Symbol::container).orElse(target.text());
  }

  @SuppressWarnings("unused")
  private static final Class<?> TY = Ty.class;
}
