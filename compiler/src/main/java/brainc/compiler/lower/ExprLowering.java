package brainc.compiler.lower;

import brainc.compiler.ast.Expr;
import brainc.compiler.sema.Program;
import brainc.compiler.sema.Symbol;
import brainc.compiler.sema.Ty;
import brainc.ir.model.Binary;
import brainc.ir.model.BinaryOp;
import brainc.ir.model.BoolConst;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Interval;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.Select;
import brainc.ir.model.StrConst;
import brainc.ir.model.Unary;
import brainc.ir.model.UnaryOp;
import brainc.ir.model.VecLit;
import brainc.ir.types.Bool;
import brainc.ir.types.Entity;
import brainc.ir.types.Real;
import brainc.ir.types.Str;
import brainc.ir.types.Type;
import brainc.ir.types.Vec;
import brainc.ir.units.Dimension;
import brainc.ir.units.Unit;
import brainc.ir.units.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lowers checked expressions to IR expressions: literals to SI constants, names to typed
 * references (the symbol the checker resolved), chained comparisons to conjunctions, and bare
 * words (`auto`, `relu`) to strings. Runs only on error-free input.
 */
final class ExprLowering {
  private final Program program;

  ExprLowering(Program program) {
    this.program = program;
  }

  brainc.ir.model.Expr lower(Expr e) {
    if (e instanceof Expr.Quantity q) {
      if (q.unit().isEmpty()) return new Const(q.value(), Real.DIMENSIONLESS);
      Unit u = Units.lookup(q.unit().get().text()).orElseThrow(() -> internal("unit " + q.unit().get().text()));
      return new Const(u.toSi(q.value()), new Real(u.dimension()));
    }
    if (e instanceof Expr.Percent p) return new Const(p.value(), Real.DIMENSIONLESS);
    if (e instanceof Expr.StringLit s) return new StrConst(s.value());
    if (e instanceof Expr.BoolLit b) return new BoolConst(b.value());
    if (e instanceof Expr.Paren p) return lower(p.inner());
    if (e instanceof Expr.Name n) {
      Optional<Symbol> s = program.symbolOf(n.ident());
      if (s.isPresent()) {
        Symbol sym = s.get();
        if (sym.kind() == Symbol.Kind.CONSTANT && sym.name().equals("pi")) {
          return new Ref(RefKind.CONSTANT, "pi", Real.DIMENSIONLESS);
        }
        return new Ref(refKind(sym.kind()), sym.name(), type(program.typeOf(e).orElse(sym.type())));
      }
      Optional<Unit> u = Units.lookup(n.ident().text());
      if (u.isPresent()) return new Const(u.get().scale(), new Real(u.get().dimension()));
      return new StrConst(n.ident().text());
    }
    Type t = type(program.typeOf(e).orElse(Ty.SCALAR));
    if (e instanceof Expr.Unary u) {
      return new Unary(u.op() == Expr.UnaryOp.NOT ? UnaryOp.NOT : UnaryOp.NEG, lower(u.operand()),
          u.op() == Expr.UnaryOp.NOT ? new Bool() : t);
    }
    if (e instanceof Expr.Binary b) {
      if (b.op().isComparison() && b.left() instanceof Expr.Binary inner && inner.op().isComparison()) {
        // `a <= b <= c` is `a <= b and b <= c`.
        brainc.ir.model.Expr first = lower(inner);
        brainc.ir.model.Expr second = new Binary(op(b.op()), lower(inner.right()), lower(b.right()), new Bool());
        return new Binary(BinaryOp.AND, first, second, new Bool());
      }
      return new Binary(op(b.op()), lower(b.left()), lower(b.right()), t);
    }
    if (e instanceof Expr.Cond c) return new Select(lower(c.condition()), lower(c.then()), lower(c.otherwise()), t);
    if (e instanceof Expr.Range r) {
      Type el = program.typeOf(r).filter(x -> x instanceof Ty.Range).map(x -> type(((Ty.Range) x).element()))
          .orElse(Real.DIMENSIONLESS);
      return new Interval(lower(r.low()), lower(r.high()), el);
    }
    if (e instanceof Expr.Vector v) {
      List<brainc.ir.model.Expr> items = new ArrayList<>();
      for (Expr x : v.items()) items.add(lower(x));
      return new VecLit(items, t);
    }
    if (e instanceof Expr.Index ix) return new Call("index", List.of(lower(ix.target()), lower(ix.index())), t);
    if (e instanceof Expr.Call c && c.name().text().equals("baseline")) return baseline(c, t);
    if (e instanceof Expr.Call c && SPIKE_SIGNALS.containsKey(c.name().text())) return spikeSignal(c, t);
    if (e instanceof Expr.Call c) {
      List<brainc.ir.model.Expr> args = new ArrayList<>();
      for (Expr.Arg a : c.args()) args.add(lower(a.value()));
      return new Call(c.name().text(), args, t);
    }
    throw internal("cannot lower " + e.getClass().getSimpleName());
  }

  /**
   * `baseline(x, rate = r)` in its one canonical form, `baseline(x, r)`: x defaults to the
   * reward and r to 0.1, so that later stages need not know the argument names.
   */
  private brainc.ir.model.Expr baseline(Expr.Call c, Type t) {
    brainc.ir.model.Expr input = new Ref(RefKind.SIGNAL, "reward", Real.DIMENSIONLESS);
    brainc.ir.model.Expr rate = new Const(0.1, Real.DIMENSIONLESS);
    for (Expr.Arg a : c.args()) {
      if (a.name().isPresent()) rate = lower(a.value());
      else input = lower(a.value());
    }
    return new Call("baseline", List.of(input, rate), t);
  }

  /** The signal functions of spike events, their parameters in canonical order and the defaults of the optional ones. */
  private static final Map<String, List<String>> SPIKE_SIGNALS = Map.of(
      "coincidence", List.of("pre", "post", "within"),
      "delayed", List.of("x", "min", "max", "capacity"),
      "leaky", List.of("x", "tau"));

  /**
   * `coincidence(a, b, within = 20 ms)`, `delayed(x, min, max, capacity = 16)` and `leaky(x, tau)`
   * in their canonical forms, every argument in place and by position.
   */
  private brainc.ir.model.Expr spikeSignal(Expr.Call c, Type t) {
    List<String> params = SPIKE_SIGNALS.get(c.name().text());
    brainc.ir.model.Expr[] args = new brainc.ir.model.Expr[params.size()];
    for (int i = 0; i < c.args().size(); i++) {
      Expr.Arg a = c.args().get(i);
      args[a.name().map(n -> params.indexOf(n.text())).orElse(i)] = lower(a.value());
    }
    if (args[args.length - 1] == null) {
      args[args.length - 1] = c.name().text().equals("coincidence")
          ? new Const(0.02, new Real(brainc.ir.units.Dimension.TIME)) : new Const(16, Real.DIMENSIONLESS);
    }
    return new Call(c.name().text(), List.of(args), t);
  }

  static Type type(Ty t) {
    if (t instanceof Ty.Num n) return new Real(n.dim());
    if (t instanceof Ty.Bool) return new Bool();
    if (t instanceof Ty.Str) return new Str();
    if (t instanceof Ty.Vec v) return v.size() >= 1 ? new Vec(type(v.element()), v.size()) : new Entity("vector");
    if (t instanceof Ty.Range r) return type(r.element());
    if (t instanceof Ty.Entity en) return new Entity(en.kind().name().toLowerCase());
    return new Real(Dimension.NONE);
  }

  static RefKind refKind(Symbol.Kind k) {
    return switch (k) {
      case PARAM -> RefKind.PARAM;
      case STATE -> RefKind.STATE;
      case INPUT -> RefKind.INPUT;
      case LET -> RefKind.LET;
      case VAR -> RefKind.VAR;
      case TRACE -> RefKind.TRACE;
      case SIGNAL -> RefKind.SIGNAL;
      case BUILTIN -> RefKind.BUILTIN;
      case POPULATION -> RefKind.POPULATION;
      case INPUT_GROUP -> RefKind.INPUT_GROUP;
      case OUTPUT -> RefKind.OUTPUT;
      case MODULE -> RefKind.MODULE;
      case MEMORY -> RefKind.MEMORY;
      case FACTOR -> RefKind.FACTOR;
      case MODALITY -> RefKind.MODALITY;
      case CONTROL -> RefKind.CONTROL;
      case LEVEL -> RefKind.LEVEL;
      default -> RefKind.CONSTANT;
    };
  }

  private static BinaryOp op(Expr.BinaryOp op) {
    return switch (op) {
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      case DIV -> BinaryOp.DIV;
      case POW -> BinaryOp.POW;
      case LT -> BinaryOp.LT;
      case LE -> BinaryOp.LE;
      case GT -> BinaryOp.GT;
      case GE -> BinaryOp.GE;
      case EQ -> BinaryOp.EQ;
      case NE -> BinaryOp.NE;
      case AND -> BinaryOp.AND;
      case OR -> BinaryOp.OR;
    };
  }

  static IllegalStateException internal(String what) {
    return new IllegalStateException("internal error in lowering: " + what);
  }
}
