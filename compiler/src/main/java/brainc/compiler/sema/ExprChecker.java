package brainc.compiler.sema;

import brainc.compiler.ast.Expr;
import brainc.compiler.ast.Ident;
import brainc.ir.builtin.Builtin;
import brainc.ir.diag.Code;
import brainc.ir.diag.Fix;
import brainc.ir.source.Span;
import brainc.ir.units.Dimension;
import brainc.ir.units.Unit;
import brainc.ir.units.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Infers the type of an expression and checks its units: the dimension algebra applied to every
 * operator and built-in function. Reports each problem once; anything already wrong has type
 * {@link Ty#UNKNOWN} and is not reported again. A literal 0 without a unit fits any dimension.
 */
public final class ExprChecker {
  /** The built-in functions' spellings, in {@link Builtin}'s order (completion and hints list them). */
  public static final List<String> FUNCTIONS = Builtin.SPELLINGS;

  /** The largest output of `linear`: its weights are a dense matrix of this many rows. */
  static final int MAX_LINEAR = 1 << 20;

  private final Env env;
  private final Function<Symbol, Ty> typer;
  private final ConstEval consts;
  /** How deep {@link #check} is in the expression it was called on; 0 outside. */
  private int depth;
  /** Whether values feed a simulation in float32: a constant beyond its range is an error. */
  private boolean float32;
  /** Whether white noise ({@code xi}) may appear: only in the right side of a neuron's equation. */
  private boolean noiseAllowed;

  /**
   * @param typer gives the type of a symbol, computing it on demand for members whose type
   *     depends on their definition (a parameter typed by its default, say).
   */
  public ExprChecker(Env env, Function<Symbol, Ty> typer) {
    this(env, typer, s -> Optional.empty());
  }

  /**
   * @param constants the constant value of a symbol, if it has one: every checked expression is
   *     then also evaluated as far as it is constant, and a division by zero or a non-finite
   *     constant is reported where it is written ({@link ValueCheck}).
   */
  public ExprChecker(Env env, Function<Symbol, Ty> typer, Function<Symbol, Optional<Value>> constants) {
    this.env = env;
    this.typer = typer;
    this.consts = new ConstEval(constants);
  }

  /** Values checked from now on are model values, simulated in float32. */
  ExprChecker float32() {
    this.float32 = true;
    return this;
  }

  ConstEval consts() {
    return consts;
  }

  public Ty check(Expr e, Scope scope) {
    depth++;
    Ty t;
    try {
      t = infer(e, scope);
    } finally {
      depth--;
    }
    env.types.put(e, t);
    if (depth == 0 && !t.isUnknown()) ValueCheck.scan(env, consts, e, scope, float32);
    return t;
  }

  /**
   * Checks the right side of a neuron's differential equation, the one place where white noise
   * {@code xi(T)} may appear; as an additive term only (E0421 otherwise).
   */
  Ty checkEquation(Expr e, Scope scope) {
    noiseAllowed = true;
    try {
      return check(e, scope);
    } finally {
      noiseAllowed = false;
    }
  }

  /** Checks that {@code e} has dimension {@code want}; returns its type. */
  public Ty expectDim(Expr e, Scope scope, Dimension want, String what) {
    Ty t = check(e, scope);
    requireDim(e, t, want, what);
    return t;
  }

  public void requireDim(Expr e, Ty t, Dimension want, String what) {
    requireDim(e, t, want, what, Optional.empty());
  }

  /** As above; {@code preferredUnit} (e.g. the unit of a declaration's default) is what a fix adds. */
  public void requireDim(Expr e, Ty t, Dimension want, String what, Optional<String> preferredUnit) {
    if (t.isUnknown()) return;
    if (t instanceof Ty.Num n) {
      if (n.dim().equals(want) || isZero(e)) return;
      if (n.dim().isNone() && e instanceof Expr.Quantity q && q.unit().isEmpty()) {
        String unit = preferredUnit.filter(u -> Units.lookup(u).map(x -> x.dimension().equals(want)).orElse(false))
            .orElse(conventionalUnit(want));
        env.error(Code.E0308, e.span(), what + " needs a unit of " + unit + ", but `" + q.text()
            + "` is a plain number; did you mean `" + q.text() + " " + unit + "`?",
            new Fix("Add the unit " + unit, e.span(), q.text() + " " + unit));
        return;
      }
      env.error(Code.E0301, e.span(), "unit mismatch: " + what + " must be " + inUnit(want)
          + ", but this is " + inUnit(n.dim()));
      return;
    }
    env.error(Code.E0303, e.span(), what + " must be " + (want.isNone() ? "a plain number" : "a number in "
        + Units.display(want)) + ", not " + t);
  }

  /** "in mV", or "a plain number" for dimensionless values, for messages. */
  static String inUnit(Dimension d) {
    return d.isNone() ? "a plain number (no unit)" : "in " + Units.display(d);
  }

  public void requireBool(Expr e, Ty t, String what) {
    if (t.isUnknown() || t instanceof Ty.Bool) return;
    env.error(Code.E0303, e.span(), what + " must be a condition (a comparison or `true`/`false`), not " + t);
  }

  /** Whether {@code e} is a Bernoulli draw, which a spike rule may take as its whole condition. */
  static boolean isBernoulli(Expr e) {
    if (e instanceof Expr.Paren p) return isBernoulli(p.inner());
    return e instanceof Expr.Call c && c.name().text().equals(Builtin.BERNOULLI.spelling());
  }

  static boolean isZero(Expr e) {
    if (e instanceof Expr.Paren p) return isZero(p.inner());
    if (e instanceof Expr.Unary u && u.op() != Expr.UnaryOp.NOT) return isZero(u.operand());
    return e instanceof Expr.Quantity q && q.value() == 0 && q.unit().isEmpty();
  }

  private Ty infer(Expr e, Scope scope) {
    if (e instanceof Expr.Quantity q) return quantity(q, scope);
    if (e instanceof Expr.Percent) return Ty.SCALAR;
    if (e instanceof Expr.StringLit) return Ty.STR;
    if (e instanceof Expr.BoolLit) return Ty.BOOL;
    if (e instanceof Expr.Missing) return Ty.UNKNOWN;
    if (e instanceof Expr.Paren p) return check(p.inner(), scope);
    if (e instanceof Expr.Name n) return name(n.ident(), scope);
    if (e instanceof Expr.Unary u) return unary(u, scope);
    if (e instanceof Expr.Binary b) return binary(b, scope);
    if (e instanceof Expr.Cond c) {
      requireBool(c.condition(), check(c.condition(), scope), "the condition of `if`");
      Ty a = check(c.then(), scope);
      Ty b = check(c.otherwise(), scope);
      return unify(a, b, c.then(), c.otherwise(), c.span(), "the two branches of `if`");
    }
    if (e instanceof Expr.Range r) {
      Ty a = check(r.low(), scope);
      Ty b = check(r.high(), scope);
      Ty u = unify(a, b, r.low(), r.high(), r.span(), "the two ends of a range");
      return u.isUnknown() ? u : new Ty.Range(u);
    }
    if (e instanceof Expr.Vector v) {
      Ty elem = null;
      for (Expr item : v.items()) {
        Ty t = check(item, scope);
        elem = elem == null ? t : unify(elem, t, v.items().get(0), item, item.span(), "the items of a vector");
      }
      return new Ty.Vec(elem == null ? Ty.SCALAR : elem, v.items().size());
    }
    if (e instanceof Expr.Index ix) {
      Ty target = check(ix.target(), scope);
      Ty index = check(ix.index(), scope);
      if (!index.isUnknown() && !(index instanceof Ty.Num n && n.dim().isNone())) {
        env.error(Code.E0303, ix.index().span(), "an index must be a plain whole number, not " + index);
      }
      if (target instanceof Ty.Vec vec) {
        Optional<Double> i = index.isUnknown() ? Optional.empty() : consts.number(ix.index(), scope);
        if (i.isPresent() && (i.get() != Math.rint(i.get()) || i.get() < 0 || i.get() >= vec.size())) {
          env.error(Code.E0307, ix.index().span(), "an index of this vector must be a whole number from 0 to "
              + (vec.size() - 1) + " (it has " + vec.size() + " element" + (vec.size() == 1 ? "" : "s") + ")");
        }
        return vec.element();
      }
      if (!target.isUnknown()) env.error(Code.E0303, ix.target().span(), "only vectors can be indexed, not " + target);
      return Ty.UNKNOWN;
    }
    if (e instanceof Expr.Member m) {
      check(m.target(), scope);
      env.error(Code.E0402, m.span(), "`.` is not allowed in expressions; refer to `" + m.member().text()
          + "` directly");
      return Ty.UNKNOWN;
    }
    if (e instanceof Expr.Call c) return call(c, scope);
    return Ty.UNKNOWN;
  }

  private Ty quantity(Expr.Quantity q, Scope scope) {
    if (q.unit().isEmpty()) return Ty.SCALAR;
    Ident u = q.unit().get();
    Optional<Unit> unit = Units.lookup(u.text());
    if (unit.isPresent()) return Ty.num(unit.get().dimension());
    Optional<Symbol> declared = scope.lookup(u.text());
    if (declared.isPresent()) {
      env.error(Code.E0302, u.span(), "`" + u.text() + "` is not a unit; to multiply, write `" + q.text() + " * "
          + u.text() + "`");
    } else {
      List<String> sugg = new java.util.ArrayList<>(UnitWords.symbolFor(u.text()).stream().toList());
      for (String x : Units.suggestions(u.text())) if (!sugg.contains(x)) sugg.add(x);
      String hint = sugg.isEmpty() ? "" : "; did you mean `" + sugg.get(0) + "`?";
      var d = brainc.ir.diag.Diagnostic.of(Code.E0302, u.span(), "unknown unit `" + u.text() + "`" + hint);
      if (!sugg.isEmpty()) d = d.withFix(new Fix("Change to `" + sugg.get(0) + "`", u.span(), sugg.get(0)));
      env.diagnostics.add(d);
    }
    return Ty.UNKNOWN;
  }

  Ty name(Ident id, Scope scope) {
    if (id.isMissing()) return Ty.UNKNOWN;
    Optional<Symbol> s = scope.lookup(id.text());
    if (s.isPresent()) {
      env.resolved(id, s.get());
      // The typer may check another definition: that is an expression of its own, scanned as such.
      int saved = depth;
      depth = 0;
      try {
        return typer.apply(s.get());
      } finally {
        depth = saved;
      }
    }
    Optional<Unit> unit = Units.lookup(id.text());
    if (unit.isPresent()) return Ty.num(unit.get().dimension());
    env.unknown(id, scope, "name");
    return Ty.UNKNOWN;
  }

  private Ty unary(Expr.Unary u, Scope scope) {
    Ty t = check(u.operand(), scope);
    if (t.isUnknown()) return t;
    if (u.op() == Expr.UnaryOp.NOT) {
      requireBool(u.operand(), t, "the operand of `not`");
      return Ty.BOOL;
    }
    if (!(t instanceof Ty.Num)) {
      env.error(Code.E0303, u.operand().span(), "`-` needs a number, not " + t);
      return Ty.UNKNOWN;
    }
    return t;
  }

  private Ty binary(Expr.Binary b, Scope scope) {
    // `a <= b <= c` means `a <= b and b <= c`: check the chain link by link.
    if (b.op().isComparison() && b.left() instanceof Expr.Binary inner && inner.op().isComparison()) {
      Ty left = check(inner, scope);
      Ty right = check(b.right(), scope);
      Ty middle = env.types.getOrDefault(inner.right(), Ty.UNKNOWN);
      unify(middle, right, inner.right(), b.right(), b.span(), "the two sides of `" + b.op().symbol + "`");
      return left.isUnknown() ? left : Ty.BOOL;
    }
    Ty l = check(b.left(), scope);
    Ty r = check(b.right(), scope);
    if (l.isUnknown() || r.isUnknown()) {
      return b.op().isComparison() || b.op() == Expr.BinaryOp.AND || b.op() == Expr.BinaryOp.OR
          ? Ty.BOOL : Ty.UNKNOWN;
    }
    switch (b.op()) {
      case AND, OR -> {
        requireBool(b.left(), l, "the left side of `" + b.op().symbol + "`");
        requireBool(b.right(), r, "the right side of `" + b.op().symbol + "`");
        return Ty.BOOL;
      }
      case LT, LE, GT, GE, EQ, NE -> {
        if (l instanceof Ty.Bool && r instanceof Ty.Bool && (b.op() == Expr.BinaryOp.EQ || b.op() == Expr.BinaryOp.NE)) {
          return Ty.BOOL;
        }
        unify(l, r, b.left(), b.right(), b.span(), "the two sides of `" + b.op().symbol + "`");
        return Ty.BOOL;
      }
      case ADD, SUB -> {
        return unify(l, r, b.left(), b.right(), b.span(), "the two sides of `" + b.op().symbol + "`");
      }
      case MUL, DIV -> {
        if (l instanceof Ty.Num a && r instanceof Ty.Num c) {
          return Ty.num(b.op() == Expr.BinaryOp.MUL ? a.dim().times(c.dim()) : a.dim().over(c.dim()));
        }
        if (l instanceof Ty.Vec v && r instanceof Ty.Num c && v.element() instanceof Ty.Num a) {
          return new Ty.Vec(Ty.num(b.op() == Expr.BinaryOp.MUL ? a.dim().times(c.dim()) : a.dim().over(c.dim())),
              v.size());
        }
        if (l instanceof Ty.Num a && r instanceof Ty.Vec v && v.element() instanceof Ty.Num c
            && b.op() == Expr.BinaryOp.MUL) {
          return new Ty.Vec(Ty.num(a.dim().times(c.dim())), v.size());
        }
        env.error(Code.E0303, b.span(), "`" + b.op().symbol + "` needs numbers, not " + l + " and " + r);
        return Ty.UNKNOWN;
      }
      case POW -> {
        return power(b, l, r, scope);
      }
      default -> {
        return Ty.UNKNOWN;
      }
    }
  }

  private Ty power(Expr.Binary b, Ty l, Ty r, Scope scope) {
    if (!(l instanceof Ty.Num base) || !(r instanceof Ty.Num exp)) {
      env.error(Code.E0303, b.span(), "`^` needs numbers, not " + l + " and " + r);
      return Ty.UNKNOWN;
    }
    if (!exp.dim().isNone()) {
      env.error(Code.E0304, b.right().span(), "an exponent must be a plain number, but this is in "
          + Units.display(exp.dim()));
      return Ty.UNKNOWN;
    }
    if (base.dim().isNone()) return Ty.SCALAR;
    Optional<Double> k = constantNumber(b.right());
    if (k.isEmpty() || k.get() != Math.rint(k.get())) {
      env.error(Code.E0304, b.right().span(), "a quantity in " + Units.display(base.dim())
          + " can only be raised to a whole constant power");
      return Ty.UNKNOWN;
    }
    if (Math.abs(k.get()) > MAX_UNIT_POWER) {
      env.error(Code.E0307, b.right().span(), "a quantity in " + Units.display(base.dim()) + " can be raised to a "
          + "power from -" + MAX_UNIT_POWER + " to " + MAX_UNIT_POWER + ", not " + Binder.format(k.get(), Dimension.NONE));
      return Ty.UNKNOWN;
    }
    return Ty.num(base.dim().pow((int) Math.round(k.get())));
  }

  /** The largest power of a quantity with a unit: its unit's exponents must stay small whole numbers. */
  static final int MAX_UNIT_POWER = 64;

  /** A literal number, possibly negated or parenthesised. */
  static Optional<Double> constantNumber(Expr e) {
    if (e instanceof Expr.Paren p) return constantNumber(p.inner());
    if (e instanceof Expr.Unary u && u.op() == Expr.UnaryOp.NEG) return constantNumber(u.operand()).map(d -> -d);
    if (e instanceof Expr.Quantity q && q.unit().isEmpty()) return Optional.of(q.value());
    return Optional.empty();
  }

  /** A number literal without a unit, possibly negated or parenthesised, as written. */
  private Optional<Expr.Quantity> plainLiteral(Expr e) {
    if (e instanceof Expr.Paren p) return plainLiteral(p.inner());
    if (e instanceof Expr.Unary u && u.op() == Expr.UnaryOp.NEG) return plainLiteral(u.operand());
    if (e instanceof Expr.Quantity q && q.unit().isEmpty()) return Optional.of(q);
    return Optional.empty();
  }

  /** The unit neuroscientists write for a dimension (mV rather than V), for suggested fixes. */
  static String conventionalUnit(Dimension d) {
    for (String u : List.of("mV", "ms", "nA", "pF", "nS", "MOhm", "Hz", "mV/ms", "uM")) {
      Optional<Unit> unit = Units.lookup(u).or(() -> Units.parseExpression(u));
      if (unit.isPresent() && unit.get().dimension().equals(d)) return u;
    }
    return Units.display(d);
  }

  private void missingUnit(Expr whole, Expr.Quantity literal, Dimension want, String what) {
    String unit = conventionalUnit(want);
    env.error(Code.E0308, whole.span(), "`" + literal.text() + "` has no unit, but " + what + " must agree and the "
        + "other side is in " + unit + "; did you mean `" + literal.text() + " " + unit + "`?",
        new Fix("Add the unit " + unit, literal.span(), literal.text() + " " + unit));
  }

  /** The common type of two operands that must agree, or UNKNOWN after reporting. */
  Ty unify(Ty a, Ty b, Expr ea, Expr eb, Span where, String what) {
    if (a.isUnknown() || b.isUnknown()) return Ty.UNKNOWN;
    if (a instanceof Ty.Num x && b instanceof Ty.Num y) {
      if (x.dim().equals(y.dim())) return a;
      if (isZero(ea)) return b;
      if (isZero(eb)) return a;
      // `v > -50`: a plain number beside a quantity most likely lacks its unit.
      if (x.dim().isNone() && plainLiteral(ea).isPresent()) {
        missingUnit(ea, plainLiteral(ea).get(), y.dim(), what);
        return b;
      }
      if (y.dim().isNone() && plainLiteral(eb).isPresent()) {
        missingUnit(eb, plainLiteral(eb).get(), x.dim(), what);
        return a;
      }
      env.error(Code.E0301, where, "unit mismatch: " + what + " are " + inUnit(x.dim()) + " and "
          + inUnit(y.dim()));
      return Ty.UNKNOWN;
    }
    if (a.equals(b)) return a;
    if (a instanceof Ty.Vec va && b instanceof Ty.Vec vb) {
      Ty el = unify(va.element(), vb.element(), ea, eb, where, what);
      return el.isUnknown() ? el : new Ty.Vec(el, va.size() == vb.size() ? va.size() : -1);
    }
    env.error(Code.E0303, where, "type mismatch: " + what + " are " + a + " and " + b);
    return Ty.UNKNOWN;
  }

  // ------------------------------------------------------------------------------------------
  // Built-in functions
  // ------------------------------------------------------------------------------------------

  private Ty call(Expr.Call c, Scope scope) {
    String f = c.name().text();
    if (f.isEmpty()) return Ty.UNKNOWN;
    Optional<Symbol> shadow = scope.lookup(f);
    if (shadow.isPresent() && shadow.get().kind() != Symbol.Kind.FUNCTION) {
      env.resolved(c.name(), shadow.get());
      env.error(Code.E0303, c.name().span(), "`" + f + "` is " + shadow.get().kind().label() + ", not a function");
      c.args().forEach(a -> check(a.value(), scope));
      return Ty.UNKNOWN;
    }
    Optional<Builtin> builtin = Builtin.named(f);
    if (builtin.isEmpty()) {
      String hint = Suggest.hint(f, FUNCTIONS);
      env.error(Code.E0201, c.name().span(), "unknown function `" + f + "`" + hint);
      c.args().forEach(a -> check(a.value(), scope));
      return Ty.UNKNOWN;
    }
    List<Ty> types = new ArrayList<>();
    for (Expr.Arg a : c.args()) types.add(check(a.value(), scope));
    if (types.stream().anyMatch(Ty::isUnknown)) return Ty.UNKNOWN;
    List<Expr> args = c.args().stream().map(Expr.Arg::value).toList();
    Builtin b = builtin.get();
    if (SpikeSignals.is(f)) return new SpikeSignals(env, consts, scope).check(c, types);
    if (b.unitRule() == Builtin.UnitRule.READOUT) return readout(c, args, types);
    if (!arity(c, b.minArity(), b.maxArity())) return Ty.UNKNOWN;
    Ty result = switch (b.unitRule()) {
      case DIMENSIONLESS -> dimensionless(c, args.get(0), types.get(0)) ? Ty.SCALAR : Ty.UNKNOWN;
      case DIMENSIONLESS_ARGUMENTS -> {
        for (int i = 0; i < args.size(); i++) if (!dimensionless(c, args.get(i), types.get(i))) yield Ty.UNKNOWN;
        yield Ty.SCALAR;
      }
      case SAME_AS_ARGUMENT -> numeric(args.get(0), types.get(0)) ? types.get(0) : Ty.UNKNOWN;
      case SAME_AS_ARGUMENTS -> sameDims(c, args, types);
      case NUMBER_TO_DIMENSIONLESS -> numeric(args.get(0), types.get(0)) ? Ty.SCALAR : Ty.UNKNOWN;
      case TIME_TO_DIMENSIONLESS -> {
        requireDim(args.get(0), types.get(0), Dimension.TIME, "the time scale of `" + f + "`");
        yield types.get(0) instanceof Ty.Num n && n.dim().equals(Dimension.TIME) ? Ty.SCALAR : Ty.UNKNOWN;
      }
      case HALF -> squareRoot(args.get(0), types.get(0));
      case READOUT -> Ty.UNKNOWN;
    };
    if (b.kind() == Builtin.Kind.RANDOM && !result.isUnknown()) distribution(f, args, scope);
    if (b.kind() == Builtin.Kind.NOISE && !noiseAllowed) {
      env.error(Code.E0421, c.span(), "white noise `" + f + "(...)` belongs in a neuron's differential equation"
          + " (`x' = ... + g * " + f + "(T)`), where it is integrated by Euler-Maruyama; for one draw per step"
          + " use `normal(0, 1)` in a `step` update");
    }
    return result;
  }

  private Ty squareRoot(Expr arg, Ty t) {
    if (!numeric(arg, t)) return Ty.UNKNOWN;
    Dimension d = ((Ty.Num) t).dim();
    Optional<Dimension> half = halve(d);
    if (half.isEmpty()) {
      env.error(Code.E0304, arg.span(), "the square root of a quantity in " + Units.display(d) + " has no unit");
      return Ty.UNKNOWN;
    }
    return Ty.num(half.get());
  }

  /**
   * The parameters of a random distribution, where they are constant: a standard deviation is
   * not negative, `uniform`'s low end does not exceed its high end, a probability lies in [0, 1].
   */
  private void distribution(String f, List<Expr> args, Scope scope) {
    Optional<Double> a = consts.number(args.get(0), scope);
    Optional<Double> b = args.size() > 1 ? consts.number(args.get(1), scope) : Optional.empty();
    switch (f) {
      case "normal", "lognormal" -> {
        if (b.isPresent() && b.get() < 0) {
          env.error(Code.E0307, args.get(1).span(), "the standard deviation of `" + f + "` must not be negative");
        }
      }
      case "uniform" -> {
        if (a.isPresent() && b.isPresent() && a.get() > b.get()) {
          env.error(Code.E0307, args.get(0).span().union(args.get(1).span()),
              "`uniform(low, high)` needs low <= high, but the low end exceeds the high end; swap them");
        }
      }
      case "bernoulli" -> {
        if (a.isPresent() && (a.get() < 0 || a.get() > 1)) {
          env.error(Code.E0307, args.get(0).span(), "the probability of `bernoulli` must lie in [0, 1]");
        }
      }
      default -> { }
    }
  }

  private Ty readout(Expr.Call c, List<Expr> args, List<Ty> types) {
    String f = c.name().text();
    switch (f) {
      case "spike_count", "rate", "membrane" -> {
        if (!arity(c, 1, 1)) return Ty.UNKNOWN;
        int size = entitySize(args.get(0), types.get(0), f);
        if (size == Integer.MIN_VALUE) return Ty.UNKNOWN;
        Dimension d = f.equals("rate") ? Dimension.TIME.inverse() : Dimension.NONE;
        if (f.equals("membrane")) d = membraneDim(types.get(0));
        return new Ty.Vec(Ty.num(d), size);
      }
      case "pools" -> {
        if (!arity(c, 2, 2)) return Ty.UNKNOWN;
        int size = entitySize(args.get(0), types.get(0), f);
        if (size == Integer.MIN_VALUE && !(types.get(0) instanceof Ty.Vec)) return Ty.UNKNOWN;
        Optional<Double> n = constantNumber(args.get(1));
        if (n.isEmpty() || n.get() < 1 || n.get() != Math.rint(n.get())) {
          env.error(Code.E0305, args.get(1).span(), "the number of pools must be a whole constant of at least 1");
          return Ty.UNKNOWN;
        }
        int pooled = types.get(0) instanceof Ty.Vec v ? v.size() : size;
        if (pooled > 0 && n.get() > pooled) {
          env.error(Code.E0307, args.get(1).span(), "`pools` splits " + pooled + " neurons into at most " + pooled
              + " pools, not " + Binder.format(n.get(), Dimension.NONE) + " (each pool needs a neuron)");
          return Ty.UNKNOWN;
        }
        if (n.get() > Integer.MAX_VALUE) {
          env.error(Code.E0307, args.get(1).span(), "the number of pools is too large: the limit is " + Integer.MAX_VALUE);
          return Ty.UNKNOWN;
        }
        return new Ty.Vec(Ty.SCALAR, n.get().intValue());
      }
      case "argmax" -> {
        if (!arity(c, 1, 1)) return Ty.UNKNOWN;
        if (!(types.get(0) instanceof Ty.Vec)) {
          env.error(Code.E0303, args.get(0).span(), "`argmax` needs a vector, not " + types.get(0));
          return Ty.UNKNOWN;
        }
        return Ty.SCALAR;
      }
      case "sum", "softmax" -> {
        if (!arity(c, 1, 1)) return Ty.UNKNOWN;
        if (types.get(0) instanceof Ty.Vec v) return f.equals("sum") ? v.element() : new Ty.Vec(Ty.SCALAR, v.size());
        env.error(Code.E0303, args.get(0).span(), "`" + f + "` needs a vector, not " + types.get(0));
        return Ty.UNKNOWN;
      }
      case "mean" -> {
        if (!arity(c, 1, 1)) return Ty.UNKNOWN;
        if (types.get(0) instanceof Ty.Vec v) return v.element();
        return Ty.SCALAR;  // mean(k): mean episode reward over the last k episodes
      }
      case "pulse" -> {
        // pulse(x): x during the first simulation step after each environment step, else 0
        if (!arity(c, 1, 1)) return Ty.UNKNOWN;
        return types.get(0);
      }
      case "baseline" -> {
        if (!arity(c, 0, 2)) return Ty.UNKNOWN;
        for (int i = 0; i < args.size(); i++) {
          Expr.Arg a = c.args().get(i);
          if (a.name().isPresent() && a.name().get().text().equals("rate")) {
            dimensionless(c, args.get(i), types.get(i));
          } else if (a.name().isPresent()) {
            env.error(Code.E0205, a.name().get().span(), "`baseline` has no parameter `" + a.name().get().text()
                + "`; it takes the signal to average and `rate`");
          }
        }
        return Ty.SCALAR;
      }
      case "linear" -> {
        if (!arity(c, 2, 2)) return Ty.UNKNOWN;
        Optional<Double> n = constantNumber(args.get(1));
        if (n.isEmpty() || n.get() < 1 || n.get() != Math.rint(n.get())) {
          env.error(Code.E0305, args.get(1).span(), "the output size must be a whole constant of at least 1");
          return Ty.UNKNOWN;
        }
        if (n.get() > MAX_LINEAR) {
          env.error(Code.E0307, args.get(1).span(), "an output size of " + Binder.format(n.get(), Dimension.NONE)
              + " is too large: the limit is " + MAX_LINEAR);
          return Ty.UNKNOWN;
        }
        return new Ty.Vec(Ty.SCALAR, n.get().intValue());
      }
      default -> {
        return Ty.UNKNOWN;
      }
    }
  }

  private int entitySize(Expr arg, Ty t, String f) {
    if (t instanceof Ty.Entity en && (en.kind() == Symbol.Kind.POPULATION || en.kind() == Symbol.Kind.INPUT_GROUP)) {
      return sizes.getOrDefault(en.symbol().name(), -1);
    }
    env.error(Code.E0303, arg.span(), "`" + f + "` reads a population, not " + t);
    return Integer.MIN_VALUE;
  }

  private Dimension membraneDim(Ty t) {
    return Dimension.NONE;
  }

  /** Population sizes known to the network being checked, for readout vector sizes. */
  private Map<String, Integer> sizes = Map.of();

  void populationSizes(Map<String, Integer> sizes) {
    this.sizes = sizes;
  }

  private boolean arity(Expr.Call c, int min, int max) {
    int n = c.args().size();
    if (n >= min && n <= max) return true;
    String want = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
    env.error(Code.E0206, c.span(), "`" + c.name().text() + "` takes " + want + " argument" + (max == 1 ? "" : "s")
        + ", not " + n);
    return false;
  }

  private boolean numeric(Expr e, Ty t) {
    if (t instanceof Ty.Num) return true;
    env.error(Code.E0303, e.span(), "expected a number, not " + t);
    return false;
  }

  private boolean dimensionless(Expr.Call c, Expr e, Ty t) {
    if (!numeric(e, t)) return false;
    Dimension d = ((Ty.Num) t).dim();
    if (d.isNone()) return true;
    env.error(Code.E0304, e.span(), "the argument of `" + c.name().text() + "` must be a plain number, but this is in "
        + Units.display(d) + "; divide by a quantity of the same unit");
    return false;
  }

  private Ty sameDims(Expr.Call c, List<Expr> args, List<Ty> types) {
    Ty acc = null;
    Expr accExpr = null;
    for (int i = 0; i < args.size(); i++) {
      if (!numeric(args.get(i), types.get(i))) return Ty.UNKNOWN;
      if (acc == null) {
        acc = types.get(i);
        accExpr = args.get(i);
      } else {
        Ty u = unify(acc, types.get(i), accExpr, args.get(i), args.get(i).span(),
            "the arguments of `" + c.name().text() + "`");
        if (u.isUnknown()) return u;
        if (isZero(accExpr)) {
          acc = u;
          accExpr = args.get(i);
        }
      }
    }
    return acc;
  }

  private static Optional<Dimension> halve(Dimension d) {
    int[] e = {d.length(), d.mass(), d.time(), d.current(), d.temperature(), d.amount(), d.luminosity()};
    for (int x : e) if (x % 2 != 0) return Optional.empty();
    return Optional.of(new Dimension(e[0] / 2, e[1] / 2, e[2] / 2, e[3] / 2, e[4] / 2, e[5] / 2, e[6] / 2));
  }

  static boolean isRandom(String f) {
    return Builtin.named(f).map(b -> b.kind() == Builtin.Kind.RANDOM).orElse(false);
  }

  static boolean isReadout(String f) {
    return Builtin.named(f).map(b -> b.kind() == Builtin.Kind.READOUT).orElse(false);
  }
}
