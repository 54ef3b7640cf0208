package brainc.compiler.sema;

import brainc.compiler.ast.Decl;
import brainc.compiler.ast.Expr;
import brainc.compiler.ast.Ident;
import brainc.compiler.ast.Member;
import brainc.ir.diag.Code;
import brainc.ir.units.Dimension;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a network: populations (instantiations with overrides and initialisers, slices),
 * inputs with encoders, projections (endpoints, ports, connectivity, weights in the port's
 * unit, delays, synapse models and kernels), outputs, signals and monitors.
 */
final class NetworkCheck {
  private final Checker checker;
  private final Env env;
  private final Scope scope;
  private final ExprChecker exprs;
  private final ConstEval consts;
  private final Binder binder;
  private final Map<Symbol, Member> definitions = new IdentityHashMap<>();
  /** Population (or slice, or input) name → size, when known. */
  final Map<String, Integer> sizes = new LinkedHashMap<>();
  /** Population (or slice) name → its neuron model. */
  final Map<String, ModelCheck.Model> models = new LinkedHashMap<>();

  NetworkCheck(Checker checker, Scope file) {
    this.checker = checker;
    this.env = checker.env;
    this.scope = new Scope(file, "network");
    this.exprs = new ExprChecker(env, this::typeOf, this::constant).float32();
    this.consts = new ConstEval(this::constant);
    this.binder = new Binder(env, exprs, consts);
  }

  Scope check(Decl.Network n) {
    scope.declare(Symbol.builtin("reward", Symbol.Kind.SIGNAL, Ty.SCALAR,
        "The reward of the environment at this step (in `train ... in environment`)."));
    scope.declare(Symbol.builtin("terminated", Symbol.Kind.SIGNAL, Ty.SCALAR,
        "1 after the environment step that ended the episode in failure (not a time limit), else 0."));
    // Declare first, so members may refer to ones declared later.
    for (Member m : n.members()) {
      if (!(m instanceof Member.Named named) || named.name().isMissing()) continue;
      Symbol.Kind kind = kindOf(m);
      if (kind == null) continue;
      Symbol s = new Symbol(named.name().text(), kind, Ty.UNKNOWN, Optional.of(named.name().span()), named.doc(), m,
          n.name().text());
      if (kind == Symbol.Kind.POPULATION || kind == Symbol.Kind.INPUT_GROUP) s = s.withType(new Ty.Entity(kind, s));
      Optional<Symbol> old = scope.declare(s);
      if (old.isPresent()) {
        env.duplicate(named.name(), old.get(), kind.label());
      } else {
        definitions.put(s, m);
      }
    }
    for (Member m : n.members()) {
      if (m instanceof Member.Param p) paramOrLet(p.name(), p.type(), p.value());
      else if (m instanceof Member.Let l) paramOrLet(l.name(), l.type(), Optional.of(l.value()));
    }
    populationsInOrder(n);
    for (Member m : n.members()) if (m instanceof Member.InputGroup g) inputGroup(g);
    exprs.populationSizes(sizes);
    for (Member m : n.members()) {
      if (m instanceof Member.Connect c) connect(c);
      else if (m instanceof Member.Signal s) typeOfMember(s.name(), exprs.check(s.value(), scope));
      else if (m instanceof Member.Output o) typeOfMember(o.name(), exprs.check(o.value(), scope));
      else if (m instanceof Member.Monitor mon) monitor(mon);
    }
    return scope;
  }

  private static Symbol.Kind kindOf(Member m) {
    if (m instanceof Member.Param) return Symbol.Kind.PARAM;
    if (m instanceof Member.Let) return Symbol.Kind.LET;
    if (m instanceof Member.Population) return Symbol.Kind.POPULATION;
    if (m instanceof Member.InputGroup) return Symbol.Kind.INPUT_GROUP;
    if (m instanceof Member.Output) return Symbol.Kind.OUTPUT;
    if (m instanceof Member.Signal) return Symbol.Kind.SIGNAL;
    return null;
  }

  private final Map<String, Ty> types = new LinkedHashMap<>();
  private final java.util.Set<String> resolving = new java.util.HashSet<>();

  private Ty typeOf(Symbol s) {
    Ty t = types.get(s.name());
    if (t != null && scope.lookupLocal(s.name()).isPresent()) return t;
    Member def = definitions.get(s);
    if (def instanceof Member.Param p && scope.lookupLocal(s.name()).isPresent()) {
      return paramOrLet(p.name(), p.type(), p.value());
    }
    if (def instanceof Member.Let l && scope.lookupLocal(s.name()).isPresent()) {
      return paramOrLet(l.name(), l.type(), Optional.of(l.value()));
    }
    if (def instanceof Member.Signal sig && scope.lookupLocal(s.name()).isPresent()) {
      if (!resolving.add(s.name())) {
        // A signal computed from itself, directly or through others, has no value to start from.
        env.error(Code.E0212, sig.name().span(), "signal `" + s.name() + "` is defined in terms of itself");
        types.put(s.name(), Ty.UNKNOWN);
        return Ty.UNKNOWN;
      }
      Ty v = exprs.check(sig.value(), scope);
      resolving.remove(s.name());
      types.put(s.name(), v);
      return v;
    }
    return s.type();
  }

  private Ty paramOrLet(Ident name, Optional<Member.TypeRef> type, Optional<Expr> value) {
    Ty done = types.get(name.text());
    if (done != null) return done;
    if (!resolving.add(name.text())) {
      env.error(Code.E0212, name.span(), "`" + name.text() + "` is defined in terms of itself");
      types.put(name.text(), Ty.UNKNOWN);
      return Ty.UNKNOWN;
    }
    Ty t;
    if (type.isPresent()) {
      t = ModelCheck.declaredType(type.get(), env);
      Ty vt = value.map(v -> exprs.check(v, scope)).orElse(null);
      if (vt != null && t instanceof Ty.Num n) exprs.requireDim(value.get(), vt, n.dim(), "`" + name.text() + "`");
    } else {
      t = value.map(v -> exprs.check(v, scope)).orElse(Ty.SCALAR);
    }
    resolving.remove(name.text());
    types.put(name.text(), t);
    Ty known = t;
    scope.lookupLocal(name.text()).ifPresent(s -> scope.update(s.withType(known)));
    return t;
  }

  private void typeOfMember(Ident name, Ty t) {
    if (!name.isMissing()) types.putIfAbsent(name.text(), t);
  }

  private Optional<Value> constant(Symbol s) {
    Member def = definitions.get(s);
    // A member's symbol is replaced when its type becomes known; it keeps its node.
    if (def == null && s.node() instanceof Member m && scope.lookupLocal(s.name()).map(x -> x.node() == m).orElse(false)) {
      def = m;
    }
    Optional<Expr> e = def instanceof Member.Param p ? p.value() : def instanceof Member.Let l ? Optional.of(l.value())
        : Optional.empty();
    if (e.isEmpty() || !resolving.add("const:" + s.name())) return Optional.empty();
    Optional<Value> v = consts.eval(e.get(), scope);
    resolving.remove("const:" + s.name());
    return v;
  }

  // ------------------------------------------------------------------------------------------
  // Populations
  // ------------------------------------------------------------------------------------------

  /**
   * Checks the populations so that a slice comes after the population it slices (which may be
   * declared later), following each chain of slices without recursion; a chain that comes back
   * to where it started is reported once, with its cycle, and its members are left unsized.
   */
  private void populationsInOrder(Decl.Network n) {
    Map<String, Member.Population> byName = new LinkedHashMap<>();
    for (Member m : n.members()) {
      if (m instanceof Member.Population p && !p.name().isMissing()) byName.putIfAbsent(p.name().text(), p);
    }
    java.util.Set<Member.Population> done = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (Member m : n.members()) {
      if (!(m instanceof Member.Population first) || done.contains(first)) continue;
      List<Member.Population> path = new ArrayList<>();
      Map<Member.Population, Integer> onPath = new IdentityHashMap<>();
      Member.Population cur = first;
      int cycleAt = -1;
      while (cur != null && !done.contains(cur)) {
        Integer seen = onPath.get(cur);
        if (seen != null) {
          cycleAt = seen;
          break;
        }
        onPath.put(cur, path.size());
        path.add(cur);
        Member.Population parent = cur.source().parts().size() == 1 ? byName.get(cur.source().last().text()) : null;
        cur = parent;
      }
      int end = path.size();
      if (cycleAt >= 0) {
        List<Member.Population> cycle = path.subList(cycleAt, end);
        StringBuilder names = new StringBuilder();
        for (Member.Population c : cycle) names.append("`").append(c.name().text()).append("` → ");
        names.append("`").append(cycle.get(0).name().text()).append("`");
        Member.Population at = cycle.get(0);
        env.error(Code.E0212, at.source().span(), "`" + at.name().text() + "` is a slice of itself, through "
            + names + "; a slice must come from a population of neurons");
        for (Member.Population c : cycle) {
          scope.lookupLocal(c.source().last().text()).ifPresent(x -> env.resolved(c.source().last(), x));
          exprs.check(c.size(), scope);
          done.add(c);
        }
        end = cycleAt;
      }
      for (int i = end - 1; i >= 0; i--) {
        done.add(path.get(i));
        population(path.get(i));
      }
    }
  }

  private void population(Member.Population p) {
    Ident src = p.source().last();
    if (src.isMissing()) return;
    Optional<Symbol> local = p.source().parts().size() == 1 ? scope.lookupLocal(src.text()) : Optional.empty();
    if (local.isPresent() && local.get().kind() == Symbol.Kind.POPULATION) {
      slice(p, local.get());
      return;
    }
    Optional<Symbol> s = scope.lookup(p.source().text());
    if (s.isEmpty()) {
      env.unknownModel(src, scope, "neuron model or population", checker.useInsertionPoint(src.span()));
      exprs.check(p.size(), scope);
      return;
    }
    env.resolved(src, s.get());
    if (s.get().kind() != Symbol.Kind.NEURON) {
      env.error(Code.E0204, src.span(), "`" + src.text() + "` is a " + s.get().kind().label()
          + "; a population needs a neuron model (or a population to slice)");
      return;
    }
    ModelCheck.Model model = checker.model((Decl) s.get().node());
    Optional<Integer> size = wholeAtLeast(p.size(), 1, "a population size");
    size.ifPresent(n -> sizes.put(p.name().text(), n));
    models.put(p.name().text(), model);
    double excitatory = -1;
    double inhibitory = -1;
    for (Member.Override o : p.overrides()) {
      if (o.flag()) {
        switch (o.name().text()) {
          case "excitatory", "inhibitory" -> {
            Ty t = exprs.check(o.value(), scope);
            exprs.requireDim(o.value(), t, Dimension.NONE, "a fraction");
            Optional<Double> f = consts.number(o.value(), scope);
            if (f.isEmpty() || f.get() < 0 || f.get() > 1) {
              env.error(Code.E0407, o.value().span(), "a fraction of a population must be a constant between 0 and 100%");
            } else if (o.name().text().equals("excitatory")) {
              excitatory = f.get();
            } else {
              inhibitory = f.get();
            }
          }
          default -> env.error(Code.E0205, o.name().span(), "`" + o.name().text()
              + "` is not a flag; write `" + o.name().text() + " = value`, or use `excitatory 80%` / `inhibitory 20%`");
        }
        continue;
      }
      override(model, o, "`" + src.text() + "`");
    }
    underOverrides(model, p.overrides());
    if (excitatory >= 0 && inhibitory >= 0 && Math.abs(excitatory + inhibitory - 1) > 1e-9) {
      env.error(Code.E0407, p.span(), "the excitatory and inhibitory fractions add up to "
          + Math.round((excitatory + inhibitory) * 1000) / 10.0 + "%, not 100%");
    }
    // A parameter without a default must be given here.
    for (Symbol m : model.scope().locals().values()) {
      if (m.kind() == Symbol.Kind.PARAM && m.node() instanceof Member.Param mp && mp.value().isEmpty()
          && p.overrides().stream().noneMatch(o -> o.name().text().equals(m.name()))) {
        env.error(Code.E0209, p.span(), "`" + src.text() + "` needs a value for parameter `" + m.name()
            + "`, which has no default");
      }
    }
  }

  /** One override of a model member: a parameter value (constant) or a state's initial value. */
  void override(ModelCheck.Model model, Member.Override o, String owner) {
    Optional<Symbol> member = model.member(o.name().text());
    if (member.isEmpty()) {
      List<String> names = model.scope().locals().values().stream()
          .filter(x -> x.kind() == Symbol.Kind.PARAM || x.kind() == Symbol.Kind.STATE || x.kind() == Symbol.Kind.VAR)
          .map(Symbol::name).toList();
      String hint = Suggest.hint(o.name().text(), names);
      String msg = owner + " has no parameter or state `" + o.name().text() + "`"
          + (hint.isEmpty() ? " (it has " + String.join(", ", names) + ")" : hint);
      Optional<String> best = Suggest.closest(o.name().text(), names);
      if (best.isPresent()) {
        env.error(Code.E0205, o.name().span(), msg, new brainc.ir.diag.Fix("Change to `" + best.get() + "`",
            o.name().span(), best.get()));
      } else {
        env.error(Code.E0205, o.name().span(), msg);
      }
      exprs.check(o.value(), scope);
      return;
    }
    Symbol m = member.get();
    env.resolved(o.name(), m);
    Ty t = exprs.check(o.value(), scope);
    if (m.kind() == Symbol.Kind.PARAM) {
      if (m.type() instanceof Ty.Num n) {
        exprs.requireDim(o.value(), t, n.dim(), "`" + o.name().text() + "`", unitOfDefault(m));
      }
      if (!t.isUnknown() && isRandom(o.value())) {
        env.error(Code.E0412, o.value().span(), "parameter `" + o.name().text() + "` is shared by the whole population "
            + "and cannot be random; make it a state to draw a value per neuron");
      } else if (!t.isUnknown() && consts.eval(o.value(), scope).isEmpty()) {
        env.error(Code.E0306, o.value().span(), "the value of parameter `" + o.name().text()
            + "` must be known at compile time");
      }
    } else if (m.kind() == Symbol.Kind.STATE || m.kind() == Symbol.Kind.VAR) {
      if (m.type() instanceof Ty.Num n) {
        exprs.requireDim(o.value(), t, n.dim(), "the initial value of `" + o.name().text() + "`", unitOfDefault(m));
      }
    } else if (m.kind() == Symbol.Kind.INPUT) {
      // An input port's initial value: held until a spike first reaches the port (docs/language.md 7.1).
      if (m.type() instanceof Ty.Num n) {
        exprs.requireDim(o.value(), t, n.dim(), "the initial value of input port `" + o.name().text() + "`");
      }
    } else {
      env.error(Code.E0412, o.name().span(), "`" + o.name().text() + "` is " + m.kind().label()
          + " and cannot be overridden; only parameters and initial values can");
    }
  }

  /**
   * The values a model actually uses under a population's (or a `via`'s) overrides: each
   * parameter lies in its declared range, and no expression of the model divides by zero,
   * overflows or has a negative time constant. What the overrides break is reported at the
   * override that causes it; what the model's defaults break was reported with the model.
   */
  private void underOverrides(ModelCheck.Model model, List<Member.Override> overrides) {
    Map<String, Value> values = new LinkedHashMap<>();
    Map<String, Member.Override> given = new LinkedHashMap<>();
    for (Member.Override o : overrides) {
      if (o.flag()) continue;
      Optional<Symbol> m = model.member(o.name().text());
      if (m.isEmpty() || m.get().kind() != Symbol.Kind.PARAM || given.containsKey(o.name().text())) continue;
      Optional<Value> v = consts.eval(o.value(), scope);
      if (v.isPresent() && v.get() instanceof Value.Num n && Double.isFinite(n.si())) {
        values.put(o.name().text(), v.get());
        given.put(o.name().text(), o);
      }
    }
    if (values.isEmpty()) return;
    java.util.Set<String> touched = new java.util.LinkedHashSet<>();
    java.util.Set<String> outOfRange = new java.util.HashSet<>();
    ConstEval plain = new ConstEval(modelConstants(model, Map.of(), new java.util.HashSet<>()));
    ConstEval actual = new ConstEval(modelConstants(model, values, touched));
    // Declared ranges, on the value each parameter actually has.
    for (Symbol sym : model.scope().locals().values()) {
      if (!(sym.node() instanceof Member.Param p) || p.range().isEmpty()) continue;
      Optional<Value> r = plain.eval(p.range().get(), model.scope());
      if (r.isEmpty() || !(r.get() instanceof Value.Range range) || range.low().si() > range.high().si()) continue;
      Member.Override o = given.get(sym.name());
      if (o != null) {
        Value.Num v = (Value.Num) values.get(sym.name());
        if (ModelCheck.outside(v, range)) {
          env.error(Code.E0307, o.value().span(), "`" + sym.name() + "` must lie in its declared range "
              + checker.sourceText(p.range().get().span()) + " (in `" + model.decl().name().text() + "`), not "
              + checker.sourceText(o.value().span()));
          outOfRange.add(sym.name());
        }
        continue;
      }
      if (p.value().isEmpty()) continue;
      touched.clear();
      Optional<Value> v = actual.eval(p.value().get(), model.scope());
      Optional<Value> before = plain.eval(p.value().get(), model.scope());
      if (v.isPresent() && v.get() instanceof Value.Num n && ModelCheck.outside(n, range) && !touched.isEmpty()
          && !(before.isPresent() && before.get() instanceof Value.Num b && ModelCheck.outside(b, range))) {
        Member.Override cause = given.get(touched.iterator().next());
        env.diagnostics.add(brainc.ir.diag.Diagnostic.of(Code.E0307, cause.value().span(), "with " + overrideText(cause)
            + ", `" + sym.name() + "` of `" + model.decl().name().text() + "` is " + Binder.format(n.si(), n.dim())
            + ", outside its declared range " + checker.sourceText(p.range().get().span()))
            .withRelated(new brainc.ir.diag.Related(p.value().get().span(), "`" + sym.name() + "` is defined here")));
      }
    }
    // Every expression of the model, evaluated with the overrides.
    for (Member m : model.members()) {
      if (m instanceof Member.Param p && given.containsKey(p.name().text())) continue;
      ModelCheck.expressions(m, (e, equation) -> {
        java.util.Set<String> known = new java.util.HashSet<>();
        plain.reporting(new ConstEval.Problems() {
          @Override
          public void report(Code code, Expr at, String message) {
            known.add(code + "@" + at.span().start());
          }
        }).scan(e, model.scope());
        touched.clear();
        actual.reporting(new ConstEval.Problems() {
          @Override
          public void report(Code code, Expr at, String message) {
            if (touched.isEmpty() || known.contains(code + "@" + at.span().start())
                || outOfRange.contains(touched.iterator().next())) return;
            Member.Override cause = given.get(touched.iterator().next());
            ValueCheck.underOverride(env, cause.value().span(), overrideText(cause), equation).report(code, at, message);
          }

          @Override
          public void divisor(Expr.Binary division, Value.Num divisor) {
            if (touched.isEmpty() || !equation || outOfRange.contains(touched.iterator().next())) return;
            Member.Override cause = given.get(touched.iterator().next());
            ValueCheck.underOverride(env, cause.value().span(), overrideText(cause), true).divisor(division, divisor);
          }
        }).scan(e, model.scope());
      });
    }
  }

  private String overrideText(Member.Override o) {
    return "`" + o.name().text() + " = " + checker.sourceText(o.value().span()) + "`";
  }

  /**
   * The constant value of a model's member with these overrides: an overridden parameter has
   * its override's value (recorded in {@code touched} when read), the others their definition,
   * evaluated with the same overrides.
   */
  private static java.util.function.Function<Symbol, Optional<Value>> modelConstants(ModelCheck.Model model,
      Map<String, Value> values, java.util.Set<String> touched) {
    java.util.Set<String> resolving = new java.util.HashSet<>();
    @SuppressWarnings("unchecked")
    java.util.function.Function<Symbol, Optional<Value>>[] self = new java.util.function.Function[1];
    self[0] = sym -> {
      Optional<Symbol> own = model.member(sym.name());
      if (own.isEmpty() || own.get().node() != sym.node()) return Optional.empty();
      Value v = values.get(sym.name());
      if (v != null) {
        touched.add(sym.name());
        return Optional.of(v);
      }
      Optional<Expr> def = sym.node() instanceof Member.Param p ? p.value()
          : sym.node() instanceof Member.Let l ? Optional.of(l.value()) : Optional.empty();
      if (def.isEmpty() || !resolving.add(sym.name())) return Optional.empty();
      try {
        return new ConstEval(self[0]).eval(def.get(), model.scope());
      } finally {
        resolving.remove(sym.name());
      }
    };
    return self[0];
  }

  /** The unit a member's declaration was written in (`20 ms` → `ms`), to suggest the same one. */
  private static Optional<String> unitOfDefault(Symbol m) {
    Optional<Expr> value = m.node() instanceof Member.Param p ? p.value()
        : m.node() instanceof Member.State s ? s.value() : m.node() instanceof Member.Var v ? v.value() : Optional.empty();
    Optional<Member.TypeRef> type = m.node() instanceof Member.Param p ? p.type()
        : m.node() instanceof Member.State s ? s.type() : m.node() instanceof Member.Var v ? v.type() : Optional.empty();
    if (type.isPresent()) return Optional.of(type.get().text());
    Expr e = value.orElse(null);
    while (e instanceof Expr.Unary u) e = u.operand();
    if (e instanceof Expr.Quantity q && q.unit().isPresent()) return Optional.of(q.unit().get().text());
    return Optional.empty();
  }

  private static boolean isRandom(Expr e) {
    if (e instanceof Expr.Call c) return ExprChecker.isRandom(c.name().text());
    if (e instanceof Expr.Paren p) return isRandom(p.inner());
    if (e instanceof Expr.Unary u) return isRandom(u.operand());
    if (e instanceof Expr.Binary b) return isRandom(b.left()) || isRandom(b.right());
    return false;
  }

  private void slice(Member.Population p, Symbol parent) {
    env.resolved(p.source().last(), parent);
    if (!p.overrides().isEmpty()) {
      env.error(Code.E0408, p.overrides().get(0).span(), "a slice shares its parent's parameters; override them on `"
          + parent.name() + "`");
    }
    ModelCheck.Model model = models.get(parent.name());
    if (model != null) models.put(p.name().text(), model);
    Ty t = exprs.check(p.size(), scope);
    Optional<Value> v = consts.eval(p.size(), scope);
    Integer parentSize = sizes.get(parent.name());
    if (!(t instanceof Ty.Range) || v.isEmpty() || !(v.get() instanceof Value.Range r)) {
      if (!t.isUnknown()) env.error(Code.E0408, p.size().span(), "a slice needs a constant range `start .. end`");
      return;
    }
    if (!sliceBounds(p.size(), r, parent.name(), parentSize)) return;
    sizes.put(p.name().text(), (int) (r.high().si() - r.low().si()));
  }

  /** A slice `[lo .. hi)` of a population: whole, non-empty, inside the population. */
  private boolean sliceBounds(Expr at, Value.Range r, String parent, Integer parentSize) {
    double lo = r.low().si();
    double hi = r.high().si();
    if (lo != Math.rint(lo) || hi != Math.rint(hi) || lo < 0 || hi <= lo || hi > MAX_SIZE
        || (parentSize != null && hi > parentSize)) {
      String why = lo != Math.rint(lo) || hi != Math.rint(hi) ? "its ends must be whole numbers"
          : lo < 0 ? "its start must not be negative"
          : hi <= lo ? "it is empty: its end must exceed its start"
          : "it reaches beyond the " + (parentSize != null ? parentSize + " neurons of `" + parent + "`" : "largest size");
      env.error(Code.E0408, at.span(), "the slice [" + fmt(lo) + " .. " + fmt(hi) + ") of `" + parent + "` is invalid: "
          + why + (parentSize != null ? " (valid: 0 .. " + parentSize + ")" : ""));
      return false;
    }
    return true;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }

  /** The largest size or count: neurons and synapses are indexed by Java ints. */
  static final int MAX_SIZE = Integer.MAX_VALUE;

  private Optional<Integer> wholeAtLeast(Expr e, int min, String what) {
    Ty t = exprs.check(e, scope);
    if (t.isUnknown()) return Optional.empty();
    exprs.requireDim(e, t, Dimension.NONE, what);
    Optional<Double> v = consts.number(e, scope);
    if (v.isEmpty()) {
      env.error(Code.E0306, e.span(), what + " must be known at compile time");
      return Optional.empty();
    }
    double x = v.get();
    if (x != Math.rint(x)) {
      env.error(Code.E0305, e.span(), what + " must be a whole number, not " + checker.sourceText(e.span()));
      return Optional.empty();
    }
    if (x < min) {
      env.error(Code.E0307, e.span(), what + " must be at least " + min + ", not " + fmt(x));
      return Optional.empty();
    }
    if (x > MAX_SIZE) {
      env.error(Code.E0307, e.span(), what + " of " + checker.sourceText(e.span()) + " is too large: the limit is "
          + MAX_SIZE + " (2^31 - 1)");
      return Optional.empty();
    }
    return Optional.of((int) x);
  }

  private void inputGroup(Member.InputGroup g) {
    int channels = g.encoder().filter(enc -> enc.name().text().equals("fields")).map(this::fieldsPerValue).orElse(1);
    g.size().flatMap(s -> wholeAtLeast(s, 1, "an input size")).ifPresentOrElse(
        n -> sizes.put(g.name().text(), n * channels),
        () -> { if (g.size().isEmpty()) sizes.put(g.name().text(), channels); });
    g.encoder().ifPresent(enc -> binder.resolve(enc, "encoder", "encoder").ifPresent(sig -> binder.bind(enc, sig, scope)));
  }

  /** The spike sources per value of a `fields` encoder: its `count` (binding checks its range). */
  private int fieldsPerValue(Expr.Call enc) {
    for (Expr.Arg a : enc.args()) {
      if (a.name().isPresent() && a.name().get().text().equals("count")) {
        return consts.number(a.value(), scope).filter(v -> v >= 1 && v == Math.rint(v) && v <= 4096)
            .map(Double::intValue).orElse(1);
      }
    }
    return 8;
  }

  // ------------------------------------------------------------------------------------------
  // Projections
  // ------------------------------------------------------------------------------------------

  private void connect(Member.Connect c) {
    List<List<Symbol>> stages = new ArrayList<>();
    for (List<Member.Endpoint> stage : c.stages()) {
      List<Symbol> resolved = new ArrayList<>();
      for (Member.Endpoint e : stage) endpoint(e).ifPresent(resolved::add);
      stages.add(resolved);
    }
    int connectivity = 0;
    Optional<Expr> weight = Optional.empty();
    Optional<ModelCheck.Model> synapse = Optional.empty();
    for (Member.ConnectClause cl : c.clauses()) {
      if (cl instanceof Member.ConnectClause.Weight w) {
        weight = Optional.of(w.value());
      } else if (cl instanceof Member.ConnectClause.Delay d) {
        Ty t = exprs.expectDim(d.value(), scope, Dimension.TIME, "a delay");
        Optional<Double> v = t.isUnknown() ? Optional.empty() : consts.number(d.value(), scope);
        if (v.isPresent() && v.get() < 0) {
          env.error(Code.E0307, d.value().span(), "a delay must not be negative, not " + checker.sourceText(d.value().span())
              + " (a spike acts at the earliest one step after it is emitted)");
        }
      } else if (cl instanceof Member.ConnectClause.Probability p) {
        connectivity++;
        Ty t = exprs.check(p.value(), scope);
        exprs.requireDim(p.value(), t, Dimension.NONE, "a connection probability");
        Optional<Double> v = consts.number(p.value(), scope);
        if (!t.isUnknown() && (v.isEmpty() || v.get() < 0 || v.get() > 1)) {
          env.error(Code.E0307, p.value().span(), "a connection probability must be a constant between 0 and 1");
        }
      } else if (cl instanceof Member.ConnectClause.FanIn f) {
        connectivity++;
        Optional<Integer> k = wholeAtLeast(f.value(), 1, "a fan-in");
        for (int i = 0; i + 1 < stages.size() && k.isPresent(); i++) {
          for (Symbol src : stages.get(i)) {
            Integer n = sizes.get(src.name());
            if (n != null && k.get() > n) {
              env.error(Code.E1001, f.value().span(), "a fan-in of " + k.get() + " exceeds the " + n + " neurons of `"
                  + src.name() + "`");
            }
          }
        }
      } else if (cl instanceof Member.ConnectClause.FanOut f) {
        connectivity++;
        Optional<Integer> k = wholeAtLeast(f.value(), 1, "a fan-out");
        for (int i = 1; i < stages.size() && k.isPresent(); i++) {
          for (Symbol dst : stages.get(i)) {
            Integer n = sizes.get(dst.name());
            if (n != null && k.get() > n) {
              env.error(Code.E1001, f.value().span(), "a fan-out of " + k.get() + " exceeds the " + n + " neurons of `"
                  + dst.name() + "`");
            }
          }
        }
      } else if (cl instanceof Member.ConnectClause.OneToOne o) {
        connectivity++;
        for (int i = 0; i + 1 < stages.size(); i++) {
          for (Symbol a : stages.get(i)) {
            for (Symbol b : stages.get(i + 1)) {
              Integer na = sizes.get(a.name());
              Integer nb = sizes.get(b.name());
              if (na != null && nb != null && !na.equals(nb)) {
                env.error(Code.E1001, o.span(), "`one_to_one` needs populations of one size, but `" + a.name() + "` has "
                    + na + " and `" + b.name() + "` has " + nb);
              }
            }
          }
        }
      } else if (cl instanceof Member.ConnectClause.AllToAll || cl instanceof Member.ConnectClause.Dense) {
        connectivity++;
      } else if (cl instanceof Member.ConnectClause.Via v) {
        for (Member.ViaItem item : v.items()) {
          Optional<ModelCheck.Model> m = via(item);
          if (m.isPresent()) synapse = m;
        }
      }
    }
    if (connectivity > 1) {
      env.error(Code.E1001, c.span(), "a `connect` takes one connectivity rule (all, one_to_one, dense, "
          + "probability, fixed_fanin or fixed_fanout)");
    }
    // The weight is delivered to the target's input port, so it has the port's unit.
    Ty wt = weight.map(w -> exprs.check(w, scope)).orElse(null);
    for (int i = 1; i < stages.size(); i++) {
      int stageIndex = i;
      for (int j = 0; j < c.stages().get(i).size() && j < stages.get(i).size(); j++) {
        Member.Endpoint e = c.stages().get(i).get(j);
        Symbol target = stages.get(i).get(j);
        Optional<Symbol> port = port(e, target);
        if (port.isPresent() && wt != null && port.get().type() instanceof Ty.Num n) {
          exprs.requireDim(weight.get(), wt, n.dim(), "the weight into `" + target.name() + "." + port.get().name() + "`");
        }
      }
      for (Symbol src : stages.get(stageIndex - 1)) {
        ModelCheck.Model m = models.get(src.name());
        if (m != null && !m.hasSpike()) {
          env.error(Code.E0406, c.span(), "`" + src.name() + "` sends spikes, but its model `" + m.decl().name().text()
              + "` has no `spike when` rule");
        }
      }
    }
  }

  private Optional<Symbol> endpoint(Member.Endpoint e) {
    if (e.name().isMissing()) return Optional.empty();
    Optional<Symbol> s = scope.lookupLocal(e.name().text());
    if (s.isEmpty()) {
      env.unknown(e.name(), scope, "population");
      return Optional.empty();
    }
    env.resolved(e.name(), s.get());
    if (s.get().kind() != Symbol.Kind.POPULATION && s.get().kind() != Symbol.Kind.INPUT_GROUP) {
      env.error(Code.E0204, e.name().span(), "`" + e.name().text() + "` is a " + s.get().kind().label()
          + ", not a population or input");
      return Optional.empty();
    }
    if (e.slice().isEmpty()) return s;
    Expr sl = e.slice().get();
    Ty t = exprs.check(sl, scope);
    if (t.isUnknown()) return s;
    Optional<Value> v = consts.eval(sl, scope);
    if (!(t instanceof Ty.Range) || v.isEmpty() || !(v.get() instanceof Value.Range r)) {
      env.error(Code.E0408, sl.span(), "a slice needs a constant range `start .. end`");
      return s;
    }
    // An inline slice is checked like a named one and stands for its own neurons: the sizes
    // that connectivity rules compare are the slice's.
    String name = s.get().name();
    if (!sliceBounds(sl, r, name, sizes.get(name))) return Optional.empty();
    double lo = r.low().si();
    double hi = r.high().si();
    String sliced = name + "[" + fmt(lo) + " .. " + fmt(hi) + "]";
    sizes.put(sliced, (int) (hi - lo));
    ModelCheck.Model m = models.get(name);
    if (m != null) models.put(sliced, m);
    Symbol x = s.get();
    return Optional.of(new Symbol(sliced, x.kind(), x.type(), x.declaration(), x.doc(), x.node(), x.container()));
  }

  private Optional<Symbol> port(Member.Endpoint e, Symbol target) {
    ModelCheck.Model m = models.get(target.name());
    if (m == null) {
      if (target.kind() == Symbol.Kind.INPUT_GROUP) {
        env.error(Code.E0204, e.name().span(), "`" + target.name() + "` is an input; it can only send, not receive");
      }
      return Optional.empty();
    }
    List<Symbol> inputs = m.inputs();
    if (e.port().isPresent()) {
      Ident p = e.port().get();
      Optional<Symbol> s = inputs.stream().filter(x -> x.name().equals(p.text())).findFirst();
      if (s.isEmpty()) {
        env.error(Code.E1004, p.span(), "`" + m.decl().name().text() + "` has no input port `" + p.text() + "`"
            + Suggest.hint(p.text(), inputs.stream().map(Symbol::name).toList()));
      } else {
        env.resolved(p, s.get());
      }
      return s;
    }
    if (inputs.size() == 1) return Optional.of(inputs.get(0));
    if (inputs.isEmpty()) {
      env.error(Code.E1004, e.span(), "`" + m.decl().name().text() + "` has no input port to receive this projection");
    } else {
      env.error(Code.E1004, e.span(), "`" + m.decl().name().text() + "` has several input ports ("
          + String.join(", ", inputs.stream().map(Symbol::name).toList()) + "); name one, e.g. `" + target.name() + "."
          + inputs.get(0).name() + "`");
    }
    return Optional.empty();
  }

  private Optional<ModelCheck.Model> via(Member.ViaItem item) {
    String name = item.name().text();
    if (name.isEmpty()) return Optional.empty();
    Optional<Symbol> s = scope.lookup(name);
    if (s.isPresent() && s.get().kind() == Symbol.Kind.SYNAPSE) {
      env.resolved(item.name(), s.get());
      ModelCheck.Model m = checker.model((Decl) s.get().node());
      if (item.args().isPresent()) {
        env.error(Code.E0206, item.span(), "a synapse model takes overrides in braces, e.g. `" + name + " { w_max = 1 }`");
      }
      for (Member.Override o : item.overrides()) override(m, o, "`" + name + "`");
      underOverrides(m, item.overrides());
      return Optional.of(m);
    }
    Optional<Signature> kernel = Catalog.lookup("kernel", name);
    if (kernel.isPresent()) {
      Expr.Call call = new Expr.Call(item.name(), item.args().orElse(List.of()), item.span());
      binder.bind(call, kernel.get(), scope);
      return Optional.empty();
    }
    if (s.isPresent()) {
      env.resolved(item.name(), s.get());
      env.error(Code.E0204, item.name().span(), "`" + name + "` is a " + s.get().kind().label()
          + "; `via` takes a synapse model or a kernel (exp, alpha, delta)");
    } else {
      List<String> names = new ArrayList<>(Catalog.names("kernel"));
      scope.visible().stream().filter(x -> x.kind() == Symbol.Kind.SYNAPSE).forEach(x -> names.add(x.name()));
      if (StdlibNames.qualified(name).isPresent()) {
        env.unknownModel(item.name(), scope, "synapse model", checker.useInsertionPoint(item.name().span()));
      } else {
        env.error(Code.E0201, item.name().span(), "unknown synapse model or kernel `" + name + "`" + Suggest.hint(name, names));
      }
    }
    return Optional.empty();
  }

  private void monitor(Member.Monitor mon) {
    mon.every().ifPresent(e -> {
      Ty t = exprs.expectDim(e, scope, Dimension.TIME, "a sampling interval");
      Optional<Double> v = t.isUnknown() ? Optional.empty() : consts.number(e, scope);
      if (v.isPresent() && v.get() <= 0) {
        env.error(Code.E0307, e.span(), "a sampling interval must be positive, not " + checker.sourceText(e.span()));
      }
    });
    mon.at().ifPresent(a -> {
      if (!a.isMissing() && !a.text().equals("end")) {
        env.error(Code.E0205, a.span(), "a monitor records `at end` or `every` an interval, not `at " + a.text() + "`"
            + Suggest.hint(a.text(), List.of("end")));
      }
    });
    List<Symbol> targets = new ArrayList<>();
    for (Member.Endpoint e : mon.targets()) endpoint(e).ifPresent(targets::add);
    if (mon.post().isPresent()) {
      synapseMonitor(mon, targets);
      return;
    }
    for (Ident what : mon.what()) {
      String w = what.text();
      if (w.equals("spikes") || w.equals("rate")) {
        for (Symbol t : targets) {
          ModelCheck.Model m = models.get(t.name());
          if (m != null && !m.hasSpike()) {
            env.error(Code.E0406, what.span(), "`" + t.name() + "` cannot be monitored for " + w + ": its model `"
                + m.decl().name().text() + "` has no `spike when` rule");
          }
        }
        continue;
      }
      for (Symbol t : targets) {
        ModelCheck.Model m = models.get(t.name());
        if (m == null) continue;
        Optional<Symbol> v = m.member(w);
        if (v.isEmpty() || (v.get().kind() != Symbol.Kind.STATE && v.get().kind() != Symbol.Kind.INPUT
            && v.get().kind() != Symbol.Kind.LET)) {
          List<String> names = new ArrayList<>(List.of("spikes", "rate"));
          m.scope().locals().values().stream().filter(x -> x.kind() == Symbol.Kind.STATE).forEach(x -> names.add(x.name()));
          env.error(Code.E1003, what.span(), "`" + m.decl().name().text() + "` has no state `" + w + "` to monitor"
              + Suggest.hint(w, names));
        } else {
          env.resolved(what, v.get());
        }
      }
    }
  }

  /**
   * {@code monitor w of a -> b}: one presynaptic end, a postsynaptic end that receives, and
   * per-synapse variables (which connection has them is found on the model IR, by
   * {@code RunCheck}, where slices are resolved to their populations).
   */
  private void synapseMonitor(Member.Monitor mon, List<Symbol> targets) {
    if (mon.targets().size() > 1) {
      env.error(Code.E1003, mon.targets().get(1).span(), "a monitor of synapses has one presynaptic end: write one"
          + " monitor per connection, e.g. `monitor " + mon.what().get(0).text() + " of "
          + mon.targets().get(0).name().text() + " -> " + mon.post().get().name().text() + "`");
    }
    Member.Endpoint post = mon.post().get();
    Optional<Symbol> to = endpoint(post);
    if (to.isPresent() && to.get().kind() == Symbol.Kind.INPUT_GROUP) {
      env.error(Code.E1003, post.span(), "`" + post.name().text() + "` is an input: it sends spikes and has no synapses"
          + " onto it to monitor");
    }
    if (post.port().isPresent()) {
      env.error(Code.E1003, post.port().get().span(), "a monitor of synapses names populations, not ports: write `"
          + post.name().text() + "` without `." + post.port().get().text() + "`");
    }
    for (Member.Endpoint e : mon.targets()) {
      if (e.port().isPresent()) {
        env.error(Code.E1003, e.port().get().span(), "a monitor of synapses names populations, not ports");
      }
    }
    for (Ident what : mon.what()) {
      if (what.text().equals("spikes") || what.text().equals("rate")) {
        env.error(Code.E1003, what.span(), "synapses have no `" + what.text() + "`; monitor a per-synapse variable"
            + " (a `var` of the connection's synapse model, e.g. `w`), or the " + what.text() + " of a population");
      }
    }
  }
}
