package brainc.compiler.sema;

import brainc.compiler.ast.Decl;
import brainc.compiler.ast.Expr;
import brainc.compiler.ast.Ident;
import brainc.compiler.ast.Member;
import brainc.compiler.ast.Stmt;
import brainc.ir.diag.Code;
import brainc.ir.units.Dimension;
import brainc.ir.units.Unit;
import brainc.ir.units.Units;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a neuron or synapse model: inherits the members of its base, declares every member,
 * gives each a type (from its declared unit or its definition), then checks equations, updates,
 * spike rules, handlers, traces and properties, including the unit of every equation.
 */
final class ModelCheck {
  private final Checker checker;
  private final Scope file;
  private final Env env;
  private Scope scope;
  private final Map<Symbol, Member> definitions = new IdentityHashMap<>();
  private final Map<String, Ty> resolved = new LinkedHashMap<>();
  private final Set<String> resolving = new HashSet<>();
  private ExprChecker exprs;
  private List<Member> allMembers = List.of();

  ModelCheck(Checker checker, Scope file) {
    this.checker = checker;
    this.file = file;
    this.env = checker.env;
  }

  /** The checked member table of a model, shared with the networks that instantiate it. */
  record Model(Decl decl, Scope scope, List<Member> members, boolean hasSpike, Map<String, Member> byName) {
    static Model empty(Decl d, Scope parent) {
      return new Model(d, new Scope(parent, d.name().text()), List.of(), false, Map.of());
    }

    List<Symbol> inputs() {
      return scope.locals().values().stream().filter(s -> s.kind() == Symbol.Kind.INPUT).toList();
    }

    Optional<Symbol> member(String name) {
      return scope.lookupLocal(name);
    }
  }

  Model check(Decl d) {
    boolean neuron = d instanceof Decl.Neuron;
    Optional<brainc.compiler.ast.QualifiedName> baseName =
        d instanceof Decl.Neuron n ? n.base() : ((Decl.Synapse) d).base();
    List<Member> members = new ArrayList<>();
    List<Member> inherited = new ArrayList<>();
    if (baseName.isPresent()) {
      Optional<Decl> base = resolveBase(baseName.get(), neuron);
      base.ifPresent(b -> inherited.addAll(checker.model(b).members()));
      members.addAll(inherited);
    }
    // A redeclared parameter overrides the base's; anything else redeclared is a duplicate.
    for (Member m : d.members()) {
      if (m instanceof Member.Param p) {
        members.removeIf(x -> inherited.contains(x) && x instanceof Member.Param q
            && q.name().text().equals(p.name().text()));
      }
      members.add(m);
    }
    allMembers = members;
    scope = new Scope(file, d.name().text());
    exprs = new ExprChecker(env, this::typeOf, this::constant).float32();
    Map<String, Member> byName = new LinkedHashMap<>();
    for (Member m : members) {
      if (!(m instanceof Member.Named n) || n.name().isMissing()) continue;
      Symbol.Kind kind = kindOf(m);
      if (kind == null) continue;
      Symbol s = new Symbol(n.name().text(), kind, Ty.UNKNOWN, Optional.of(n.name().span()), n.doc(), m,
          d.name().text());
      Optional<Symbol> old = scope.declare(s);
      if (old.isPresent()) {
        env.duplicate(n.name(), old.get(), kind.label());
        continue;
      }
      if (Units.lookup(n.name().text()).isPresent() && !n.name().text().equals("m")) {
        env.error(Code.W0002, n.name().span(), "`" + n.name().text() + "` is also a unit; inside `" + d.name().text()
            + "` it means this " + kind.label());
      }
      definitions.put(s, m);
      byName.put(n.name().text(), m);
    }
    // Types of every member, in declaration order (definitions may refer forward).
    for (Symbol s : List.copyOf(scope.locals().values())) typeOf(s);
    boolean hasSpike = false;
    Map<String, Member> defined = new LinkedHashMap<>();
    for (Member m : members) {
      boolean own = d.members().contains(m);
      if (!own) continue;  // inherited members were checked with their base
      checkMember(m, neuron, defined);
    }
    for (Member m : members) if (m instanceof Member.Spike) hasSpike = true;
    atMostOne(members, d, Member.Spike.class, "`spike when` rule");
    atMostOne(members, d, Member.Refractory.class, "`refractory` period");
    atMostOne(members, d, Member.SameStep.class, "`same_step` setting");
    atMostOne(members, d, Member.Method.class, "integration `method`");
    for (Member m : members) {
      if (!d.members().contains(m)) continue;
      if (m instanceof Member.Spike sp && !neuron) {
        env.error(Code.E0402, sp.span(), "`spike when` belongs in a neuron, not a synapse");
      }
      // `unless refractory` holds a variable while the neuron is refractory: it needs a neuron with a `refractory`.
      if (m instanceof Member.Equation eq && eq.unlessRefractory()
          && (!neuron || members.stream().noneMatch(x -> x instanceof Member.Refractory))) {
        env.error(Code.E0402, eq.span(), "`unless refractory` holds `" + eq.name().text() + "` while the neuron is"
            + " refractory, but " + (neuron ? "this neuron has no `refractory` period or condition; add one"
            : "a synapse is never refractory; remove it"));
      }
    }
    return new Model(d, scope, List.copyOf(members), hasSpike, byName);
  }

  /** How a synapse may pair a pre and a post spike of one step (`same_step`); the first is the default. */
  static final List<String> SAME_STEP_MODES = List.of("unpaired", "pre_then_post", "post_then_pre");

  /** A model has at most one member of this kind; a second of its own is reported (E0413). */
  private void atMostOne(List<Member> members, Decl d, Class<? extends Member> kind, String what) {
    Member first = null;
    for (Member m : members) {
      if (!kind.isInstance(m)) continue;
      if (first == null) {
        first = m;
      } else if (d.members().contains(m)) {
        env.diagnostics.add(brainc.ir.diag.Diagnostic.of(Code.E0413, spanOf(m), "`" + d.name().text()
            + "` has a second " + what + (d.members().contains(first) ? "" : ", besides the one it extends")
            + "; a model has at most one").withRelated(new brainc.ir.diag.Related(spanOf(first), "the first one")));
      }
    }
  }

  private static brainc.ir.source.Span spanOf(Member m) {
    return m.span();
  }

  private Optional<Decl> resolveBase(brainc.compiler.ast.QualifiedName name, boolean neuron) {
    Ident last = name.last();
    Optional<Symbol> s = file.lookup(name.text());
    if (s.isEmpty()) s = file.lookup(last.text());
    if (s.isEmpty()) {
      env.unknownModel(last, file, neuron ? "neuron model" : "synapse model", checker.useInsertionPoint(last.span()));
      return Optional.empty();
    }
    env.resolved(last, s.get());
    Symbol.Kind want = neuron ? Symbol.Kind.NEURON : Symbol.Kind.SYNAPSE;
    if (s.get().kind() != want) {
      env.error(Code.E0204, last.span(), "`" + last.text() + "` is a " + s.get().kind().label() + "; a "
          + (neuron ? "neuron" : "synapse") + " can only extend a " + want.label());
      return Optional.empty();
    }
    return Optional.of((Decl) s.get().node());
  }

  private static Symbol.Kind kindOf(Member m) {
    if (m instanceof Member.Param) return Symbol.Kind.PARAM;
    if (m instanceof Member.State) return Symbol.Kind.STATE;
    if (m instanceof Member.Input) return Symbol.Kind.INPUT;
    if (m instanceof Member.Let) return Symbol.Kind.LET;
    if (m instanceof Member.Var) return Symbol.Kind.VAR;
    if (m instanceof Member.Trace) return Symbol.Kind.TRACE;
    return null;  // properties are named but not values
  }

  // ------------------------------------------------------------------------------------------
  // Member types
  // ------------------------------------------------------------------------------------------

  Ty typeOf(Symbol s) {
    Member def = definitions.get(s);
    if (def == null || !scope.lookupLocal(s.name()).map(x -> x == s || x.node() == s.node()).orElse(false)) {
      return s.type();
    }
    Ty done = resolved.get(s.name());
    if (done != null) return done;
    if (!resolving.add(s.name())) {
      env.error(Code.E0212, s.declaration().orElseThrow(), "`" + s.name() + "` is defined in terms of itself");
      resolved.put(s.name(), Ty.UNKNOWN);
      return Ty.UNKNOWN;
    }
    Ty t = computeType(def);
    resolving.remove(s.name());
    resolved.put(s.name(), t);
    scope.update(s.withType(t));
    return t;
  }

  private Ty computeType(Member m) {
    if (m instanceof Member.Param p) {
      Ty t = typed(p.type(), p.value(), "the default of `" + p.name().text() + "`");
      p.range().ifPresent(r -> {
        Ty rt = exprs.check(r, scope);
        if (rt instanceof Ty.Range range && t instanceof Ty.Num n) {
          exprs.requireDim(r, range.element(), n.dim(), "the range of `" + p.name().text() + "`");
        } else if (!rt.isUnknown()) {
          env.error(Code.E0303, r.span(), "`in` needs a range `low .. high`, not " + rt);
        }
      });
      return t;
    }
    if (m instanceof Member.State s) return typed(s.type(), s.value(), "the initial value of `" + s.name().text() + "`");
    if (m instanceof Member.Var v) return typed(v.type(), v.value(), "the initial value of `" + v.name().text() + "`");
    if (m instanceof Member.Let l) return typed(l.type(), Optional.of(l.value()), "`" + l.name().text() + "`");
    if (m instanceof Member.Input in) {
      Ty t = in.type().map(x -> declaredType(x, env)).orElse(Ty.SCALAR);
      in.kernel().ifPresent(k -> {
        Binder b = binder();
        b.resolve(k, "kernel", "input kernel").ifPresent(sig -> b.bind(k, sig, scope));
      });
      return t;
    }
    if (m instanceof Member.Trace tr) {
      Ty tau = exprs.expectDim(tr.tau(), scope, Dimension.TIME, "the decay constant of trace `" + tr.name().text() + "`");
      Optional<Value> v = tau.isUnknown() ? Optional.empty() : new ConstEval(this::constant).eval(tr.tau(), scope);
      if (v.isPresent() && v.get() instanceof Value.Num n && n.si() <= 0) {
        env.error(Code.E0411, tr.tau().span(), "the decay constant of trace `" + tr.name().text()
            + "` must be a positive time");
      }
      if (tr.op() == Member.AssignOp.MUL || tr.op() == Member.AssignOp.DIV) {
        env.error(Code.E0411, tr.span(), "a trace is updated on a spike with `+=`, `-=` or `=`");
      }
      return exprs.check(tr.value(), scope);
    }
    return Ty.UNKNOWN;
  }

  /** The declared type if any (and the value checked against it), else the value's type. */
  private Ty typed(Optional<Member.TypeRef> type, Optional<Expr> value, String what) {
    if (type.isPresent()) {
      Ty t = declaredType(type.get(), env);
      value.ifPresent(v -> {
        Ty vt = exprs.check(v, scope);
        if (t instanceof Ty.Num n) exprs.requireDim(v, vt, n.dim(), what);
        else if (t instanceof Ty.Bool) exprs.requireBool(v, vt, what);
      });
      return t;
    }
    if (value.isEmpty()) return Ty.SCALAR;
    Ty t = exprs.check(value.get(), scope);
    return t instanceof Ty.Range r ? r.element() : t;
  }

  /** The type a unit annotation names; an unknown unit is reported with the nearest known ones. */
  static Ty declaredType(Member.TypeRef t, Env env) {
    Ty base = switch (t.text()) {
      case "bool" -> Ty.BOOL;
      case "int", "number", "1" -> Ty.SCALAR;
      default -> {
        Optional<Unit> u = Units.parseExpression(t.text());
        if (u.isEmpty()) {
          List<String> sugg = new ArrayList<>(UnitWords.symbolFor(t.text()).stream().toList());
          for (String x : Units.suggestions(t.text())) if (!sugg.contains(x)) sugg.add(x);
          env.error(Code.E0302, t.span(), "unknown unit `" + t.text() + "`"
              + (sugg.isEmpty() ? "" : "; did you mean `" + sugg.get(0) + "`?"));
          yield Ty.UNKNOWN;
        }
        yield Ty.num(u.get().dimension());
      }
    };
    return t.vectorSize().isPresent() ? new Ty.Vec(base, t.vectorSize().get()) : base;
  }

  private Binder binder() {
    return new Binder(env, exprs, new ConstEval(this::constant));
  }

  Optional<Value> constant(Symbol s) {
    Member def = definitions.get(s);
    // A member's symbol is replaced when its type becomes known; it keeps its node.
    if (def == null && s.node() instanceof Member m && scope != null
        && scope.lookupLocal(s.name()).map(x -> x.node() == m).orElse(false)) {
      def = m;
    }
    if (def instanceof Member.Param p && p.value().isPresent()) {
      if (!resolving.add("const:" + s.name())) return Optional.empty();
      Optional<Value> v = new ConstEval(this::constant).eval(p.value().get(), scope);
      resolving.remove("const:" + s.name());
      return v;
    }
    if (def instanceof Member.Let l) {
      if (!resolving.add("const:" + s.name())) return Optional.empty();
      Optional<Value> v = new ConstEval(this::constant).eval(l.value(), scope);
      resolving.remove("const:" + s.name());
      return v;
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------------------------------
  // Behaviour
  // ------------------------------------------------------------------------------------------

  /** A method's name is one of the methods, in a neuron; whether it applies is decided on the IR (MethodCheck). */
  private void method(Ident name, boolean neuron, String notInSynapse) {
    if (name.isMissing()) return;
    if (!neuron) {
      env.error(Code.E0402, name.span(), notInSynapse);
      return;
    }
    if (brainc.ir.model.IntegrationMethod.named(name.text()).isEmpty()) {
      List<String> known = java.util.Arrays.stream(brainc.ir.model.IntegrationMethod.values())
          .map(brainc.ir.model.IntegrationMethod::spelling).toList();
      env.error(Code.E0420, name.span(), "unknown integration method `" + name.text() + "`"
          + Suggest.hint(name.text(), known) + " (known: " + String.join(", ", known) + ")");
    }
  }

  private void checkMember(Member m, boolean neuron, Map<String, Member> defined) {
    if (m instanceof Member.Param p) {
      paramRange(p);
    } else if (m instanceof Member.Method me) {
      method(me.name(), neuron, "an integration `method` belongs in a neuron; synapse equations are integrated exactly");
    } else if (m instanceof Member.Equation eq) {
      eq.method().ifPresent(me -> method(me, neuron,
          "synapse equations take no `method`: they are integrated exactly (`x' = a x + b`)"));
      if (eq.primes() > 1) {
        env.error(Code.E0403, eq.name().span(), "`" + eq.name().text() + "` has " + eq.primes()
            + " primes; write a higher-order equation as a first-order system with one more state variable");
      }
      Optional<Symbol> target = variable(eq.name(), neuron, "an equation");
      Ty rhs = neuron ? exprs.checkEquation(eq.value(), scope) : exprs.check(eq.value(), scope);
      if (neuron) NoiseForm.check(env, eq.value());
      if (!rhs.isUnknown()) exprs.consts().reporting(ValueCheck.equation(env)).scan(eq.value(), scope);
      if (target.isPresent()) {
        definedOnce(eq.name(), m, defined);
        Ty t = typeOf(target.get());
        if (t instanceof Ty.Num n) {
          Dimension want = n.dim().over(Dimension.TIME);
          Optional<Symbol> tau = scope.locals().values().stream()
              .filter(x -> x.kind() == Symbol.Kind.PARAM && Ty.TIME.equals(typeOf(x))).findFirst();
          if (rhs instanceof Ty.Num r && r.dim().equals(n.dim()) && !n.dim().equals(want) && tau.isPresent()
              && !ExprChecker.isZero(eq.value())) {
            // The most common slip: the time constant is missing. Say so, and offer the fix.
            String text = checker.sourceText(eq.value().span());
            String fixed = "(" + text + ") / " + tau.get().name();
            env.diagnostics.add(brainc.ir.diag.Diagnostic.of(Code.E0301, eq.value().span(), "unit mismatch: the right side of `"
                + eq.name().text() + "'` must be in " + brainc.ir.units.Units.display(want) + " (the unit of `"
                + eq.name().text() + "` per second), but this is " + ExprChecker.inUnit(r.dim()) + "; did you mean `"
                + fixed + "`?").withFix(new brainc.ir.diag.Fix("Divide by `" + tau.get().name() + "`",
                eq.value().span(), fixed)));
          } else {
            exprs.requireDim(eq.value(), rhs, want, "the right side of `" + eq.name().text() + "'` ("
                + "the unit of `" + eq.name().text() + "` per second)");
          }
        }
      }
    } else if (m instanceof Member.Step st) {
      if (!neuron) env.error(Code.E0402, st.span(), "`step` updates belong in a neuron; in a synapse use an equation or a handler");
      Optional<Symbol> target = variable(st.name(), neuron, "`step`");
      Ty value = exprs.check(st.value(), scope);
      if (target.isPresent()) {
        definedOnce(st.name(), m, defined);
        assignCheck(st.name(), st.op(), typeOf(target.get()), st.value(), value);
      }
    } else if (m instanceof Member.Spike sp) {
      Ty condition = exprs.check(sp.condition(), scope);
      // `spike when bernoulli(p)`: a draw as the whole condition fires with probability p (a Poisson neuron).
      if (!ExprChecker.isBernoulli(sp.condition())) exprs.requireBool(sp.condition(), condition, "the spike condition");
      sp.surrogate().ifPresent(s -> {
        Binder b = binder();
        Optional<Signature> sig = Catalog.lookup("surrogate", s.name().text());
        if (sig.isEmpty()) {
          env.error(Code.E0409, s.name().span(), "unknown surrogate gradient `" + s.name().text() + "`"
              + Suggest.hint(s.name().text(), Catalog.names("surrogate")) + " (known: "
              + String.join(", ", Catalog.names("surrogate")) + ")");
        } else {
          b.bind(s, sig.get(), scope);
        }
      });
      statements(sp.reset(), scope, Context.RESET);
    } else if (m instanceof Member.Refractory r) {
      if (!neuron) env.error(Code.E0402, r.span(), "`refractory` belongs in a neuron, not a synapse");
      if (r.condition()) {
        exprs.requireBool(r.period(), exprs.check(r.period(), scope), "the refractory condition");
        return;
      }
      Ty t = exprs.expectDim(r.period(), scope, Dimension.TIME, "the refractory period");
      Optional<Double> v = t.isUnknown() ? Optional.empty() : new ConstEval(this::constant).number(r.period(), scope);
      if (v.isPresent() && v.get() < 0) {
        env.error(Code.E0307, r.period().span(), "the refractory period must not be negative, not "
            + Binder.format(v.get(), Dimension.TIME));
      }
    } else if (m instanceof Member.On on) {
      if (neuron) env.error(Code.E0402, on.span(), "`on pre` / `on post` handlers belong in a synapse, not a neuron");
      statements(on.body(), scope, on.side() == Member.Side.PRE ? Context.ON_PRE : Context.ON_POST);
    } else if (m instanceof Member.Modulated mod) {
      if (neuron) env.error(Code.E0402, mod.span(), "`modulated by` belongs in a synapse, not a neuron");
      Scope inner = new Scope(scope, "modulated by " + mod.signal().text());
      if (!mod.signal().isMissing()) {
        inner.declare(new Symbol(mod.signal().text(), Symbol.Kind.SIGNAL, Ty.SCALAR, Optional.of(mod.signal().span()),
            "The third factor, a network signal.", mod, scope.label()));
      }
      statements(mod.body(), inner, Context.MODULATED);
    } else if (m instanceof Member.Property p) {
      property(p, neuron);
    } else if (m instanceof Member.SameStep same) {
      if (neuron) env.error(Code.E0402, same.span(), "`same_step` says how a synapse pairs spikes; it belongs in a synapse");
      String mode = same.mode().text();
      if (!same.mode().isMissing() && !SAME_STEP_MODES.contains(mode)) {
        env.error(Code.E0205, same.mode().span(), "`same_step` takes " + String.join(", ", SAME_STEP_MODES) + ", not `"
            + mode + "`" + Suggest.hint(mode, SAME_STEP_MODES));
      }
    } else if (m instanceof Member.Trace tr) {
      if (neuron) env.error(Code.E0402, tr.span(), "traces belong in a synapse");
    } else if (m instanceof Member.Var v && neuron) {
      env.error(Code.E0402, v.span(), "`var` declares a per-synapse variable; in a neuron use `state`");
    } else if (m instanceof Member.Input in && !neuron) {
      env.error(Code.E0402, in.span(), "`input` ports belong in a neuron; a synapse delivers to them with `deliver`");
    } else if (m instanceof Member.State s && !neuron) {
      env.error(Code.E0402, s.span(), "`state` belongs in a neuron; in a synapse use `var` (one per synapse)");
    }
  }

  /**
   * A parameter's declared range `in LOW .. HIGH`: a constant range whose low end does not
   * exceed its high end, and a default inside it.
   */
  private void paramRange(Member.Param p) {
    if (p.range().isEmpty() || !(env.types.get(p.range().get()) instanceof Ty.Range)) return;
    ConstEval consts = new ConstEval(this::constant);
    Optional<Value> r = consts.eval(p.range().get(), scope);
    if (r.isEmpty() || !(r.get() instanceof Value.Range range)) {
      env.error(Code.E0306, p.range().get().span(), "the range of `" + p.name().text() + "` must be known at compile time");
      return;
    }
    if (range.low().si() > range.high().si()) {
      env.error(Code.E0307, p.range().get().span(), "the range of `" + p.name().text()
          + "` is empty: its low end exceeds its high end");
      return;
    }
    if (p.value().isEmpty()) return;
    Optional<Value> v = consts.eval(p.value().get(), scope);
    if (v.isPresent() && v.get() instanceof Value.Num n && outside(n, range)) {
      env.error(Code.E0307, p.value().get().span(), "the default of `" + p.name().text() + "`, "
          + checker.sourceText(p.value().get().span()) + ", lies outside its declared range "
          + checker.sourceText(p.range().get().span()));
    }
  }

  static boolean outside(Value.Num v, Value.Range r) {
    return !(v.si() >= r.low().si() && v.si() <= r.high().si());
  }

  static String describe(Value.Range r) {
    return Binder.format(r.low().si(), r.low().dim()) + " .. " + Binder.format(r.high().si(), r.high().dim());
  }

  /** Every expression written in a member, for checks that re-evaluate a model under overrides. */
  static void expressions(Member m, java.util.function.BiConsumer<Expr, Boolean> out) {
    if (m instanceof Member.Param p) p.value().ifPresent(v -> out.accept(v, false));
    else if (m instanceof Member.Let l) out.accept(l.value(), false);
    else if (m instanceof Member.State s) s.value().ifPresent(v -> out.accept(v, false));
    else if (m instanceof Member.Var v) v.value().ifPresent(x -> out.accept(x, false));
    else if (m instanceof Member.Equation eq) out.accept(eq.value(), true);
    else if (m instanceof Member.Step st) out.accept(st.value(), false);
    else if (m instanceof Member.Refractory r) out.accept(r.period(), false);
    else if (m instanceof Member.Trace tr) {
      out.accept(tr.tau(), false);
      out.accept(tr.value(), false);
    } else if (m instanceof Member.Spike sp) {
      out.accept(sp.condition(), false);
      statementExpressions(sp.reset(), out);
    } else if (m instanceof Member.On on) {
      statementExpressions(on.body(), out);
    } else if (m instanceof Member.Modulated mod) {
      statementExpressions(mod.body(), out);
    }
  }

  private static void statementExpressions(List<Stmt> body, java.util.function.BiConsumer<Expr, Boolean> out) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Assign a) out.accept(a.value(), false);
      else if (s instanceof Stmt.Deliver d) out.accept(d.value(), false);
      else if (s instanceof Stmt.If i) {
        out.accept(i.condition(), false);
        statementExpressions(i.then(), out);
        statementExpressions(i.otherwise(), out);
      }
    }
  }

  private void definedOnce(Ident name, Member m, Map<String, Member> defined) {
    Member old = defined.putIfAbsent(name.text(), m);
    if (old != null) {
      env.error(Code.E0405, name.span(), "`" + name.text() + "` already has an equation or update");
    }
  }

  /** The state (neuron) or per-synapse variable (synapse) an equation or update defines. */
  private Optional<Symbol> variable(Ident name, boolean neuron, String what) {
    if (name.isMissing()) return Optional.empty();
    Optional<Symbol> s = scope.lookupLocal(name.text());
    if (s.isEmpty()) {
      env.unknown(name, scope, neuron ? "state variable" : "per-synapse variable");
      return Optional.empty();
    }
    env.resolved(name, s.get());
    Symbol.Kind want = neuron ? Symbol.Kind.STATE : Symbol.Kind.VAR;
    if (s.get().kind() != want) {
      env.error(Code.E0404, name.span(), what + " can only define a " + want.label() + ", but `" + name.text()
          + "` is a " + s.get().kind().label());
      return Optional.empty();
    }
    return s;
  }

  enum Context { RESET, ON_PRE, ON_POST, MODULATED }

  private void statements(List<Stmt> body, Scope in, Context ctx) {
    for (Stmt s : body) statement(s, in, ctx);
  }

  private void statement(Stmt s, Scope in, Context ctx) {
    if (s instanceof Stmt.Deliver d) {
      exprs.check(d.value(), in);
      if (ctx != Context.ON_PRE) env.error(Code.E0402, d.span(), "`deliver` is only allowed in `on pre`");
    } else if (s instanceof Stmt.If i) {
      exprs.requireBool(i.condition(), exprs.check(i.condition(), in), "the condition of `if`");
      statements(i.then(), in, ctx);
      statements(i.otherwise(), in, ctx);
    } else if (s instanceof Stmt.Assign a) {
      Ty value = exprs.check(a.value(), in);
      if (a.target().isMissing()) return;
      Optional<Symbol> target = in.lookup(a.target().text());
      if (target.isEmpty()) {
        env.unknown(a.target(), in, "variable");
        return;
      }
      env.resolved(a.target(), target.get());
      Symbol.Kind k = target.get().kind();
      boolean ok = ctx == Context.RESET ? k == Symbol.Kind.STATE : k == Symbol.Kind.VAR || k == Symbol.Kind.TRACE;
      if (!ok) {
        String allowed = ctx == Context.RESET ? "state variables" : "per-synapse variables and traces";
        env.error(Code.E0401, a.target().span(), "cannot assign to " + k.label() + " `" + a.target().text()
            + "`; only " + allowed + " can change here");
        return;
      }
      assignCheck(a.target(), a.op(), typeOf(target.get()), a.value(), value);
    }
  }

  private void assignCheck(Ident target, Member.AssignOp op, Ty targetType, Expr value, Ty valueType) {
    if (!(targetType instanceof Ty.Num n)) {
      if (targetType instanceof Ty.Bool) exprs.requireBool(value, valueType, "the value of `" + target.text() + "`");
      return;
    }
    Dimension want = switch (op) {
      case MUL, DIV -> Dimension.NONE;
      default -> n.dim();
    };
    exprs.requireDim(value, valueType, want, "the value assigned to `" + target.text() + "`");
  }

  private void property(Member.Property p, boolean neuron) {
    if (p.body() instanceof Member.PropertyBody.Invariant inv) {
      exprs.requireBool(inv.condition(), exprs.check(inv.condition(), scope), "an `always` property");
      return;
    }
    Member.PropertyBody.Scenario sc = (Member.PropertyBody.Scenario) p.body();
    if (neuron && sc.events().stream().anyMatch(e -> e.kind() == Member.EventKind.PRE || e.kind() == Member.EventKind.POST)) {
      env.error(Code.E0410, sc.span(), "`pre`/`post` scenarios describe synapses; a neuron property uses `always`");
    }
    sc.window().ifPresent(w -> {
      Ty t = exprs.check(w, scope);
      if (t instanceof Ty.Range r) exprs.requireDim(w, r.element(), Dimension.TIME, "the scenario window");
      else if (!t.isUnknown()) env.error(Code.E0410, w.span(), "`within` needs a time range such as `1 ms .. 50 ms`");
    });
    if (sc.window().isPresent() && sc.events().size() < 2) {
      env.error(Code.E0410, sc.window().get().span(), "`within` needs two events, e.g. `pre then post within 1 ms .. 50 ms`");
    }
    Set<String> signals = new HashSet<>();
    for (Member m : allMembers) if (m instanceof Member.Modulated mod) signals.add(mod.signal().text());
    for (Member.Setting g : sc.given()) {
      if (!signals.contains(g.key().text())) {
        env.error(Code.E0205, g.key().span(), "`given` names a third factor of this synapse, and `" + g.key().text()
            + "` is none" + (signals.isEmpty() ? " (it has no `modulated by` block)" : Suggest.hint(g.key().text(), signals)));
      }
      Ty t = exprs.check(g.value(), scope);
      exprs.requireDim(g.value(), t, Dimension.NONE, "the value of `" + g.key().text() + "`");
    }
    if (!sc.variable().isMissing()) {
      Optional<Symbol> v = scope.lookupLocal(sc.variable().text());
      if (v.isEmpty()) {
        env.unknown(sc.variable(), scope, "variable");
      } else {
        env.resolved(sc.variable(), v.get());
        if (v.get().kind() != Symbol.Kind.VAR && v.get().kind() != Symbol.Kind.STATE) {
          env.error(Code.E0410, sc.variable().span(), "an outcome names a per-synapse variable or state, not a "
              + v.get().kind().label());
        }
      }
    }
  }
}
