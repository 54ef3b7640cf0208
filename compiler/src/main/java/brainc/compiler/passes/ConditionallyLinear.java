package brainc.compiler.passes;

import brainc.ir.analysis.LinearInSelf;
import brainc.ir.model.Binary;
import brainc.ir.model.BinaryOp;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.Select;
import brainc.ir.model.Unary;
import brainc.ir.model.UnaryOp;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.types.Real;
import brainc.ir.types.Type;
import brainc.ir.units.Dimension;
import java.util.Optional;

/**
 * An equation {@code x' = f} of a neuron as {@code f = A x + B}, with {@code A} and {@code B}
 * expressions free of {@code x} that may read the model's other states: the form exponential
 * Euler needs (Brian2's "conditionally linear"). A Hodgkin-Huxley gate {@code m' = alpha(v) (1 - m)
 * - beta(v) m} has {@code A = -(alpha(v) + beta(v))}, {@code B = alpha(v)}; {@code v' = -v * v} has
 * no such form. The coefficients are built as typed IR expressions (A in 1/s, B in the unit of
 * {@code x} per second), folded.
 */
final class ConditionallyLinear {
  private ConditionallyLinear() {}

  /** {@code rate} is A, {@code drive} is B. */
  record Form(Expr rate, Expr drive) {}

  static Optional<Form> of(Expr rhs, String x) {
    return LinearInSelf.of(rhs, x, RefKind.STATE, new Symbols(x))
        .map(f -> new Form(ConstantFolding.fold(f.rate()), ConstantFolding.fold(f.drive())));
  }

  /** Whether {@code e} reads state {@code x}. */
  static boolean mentions(Expr e, String x) {
    if (e instanceof Ref r) return r.kind() == RefKind.STATE && r.name().equals(x);
    if (e instanceof Unary u) return mentions(u.operand(), x);
    if (e instanceof Binary b) return mentions(b.left(), x) || mentions(b.right(), x);
    if (e instanceof Call c) return c.args().stream().anyMatch(a -> mentions(a, x));
    if (e instanceof Select s) return mentions(s.condition(), x) || mentions(s.then(), x) || mentions(s.otherwise(), x);
    return false;
  }

  /** Coefficients as expressions: any subexpression free of {@code x} is one. */
  private record Symbols(String x) implements LinearInSelf.Coefficients<Expr> {
    private static final Const ZERO = new Const(0, Real.DIMENSIONLESS);
    private static final Const ONE = new Const(1, Real.DIMENSIONLESS);

    @Override
    public Expr constant(Expr e) {
      return mentions(e, x) ? null : e;
    }

    @Override
    public Expr zero() {
      return ZERO;
    }

    @Override
    public Expr one() {
      return ONE;
    }

    @Override
    public Expr add(Expr a, Expr b) {
      if (isZero(a)) return b;
      if (isZero(b)) return a;
      return new Binary(BinaryOp.ADD, a, b, a.type());
    }

    @Override
    public Expr sub(Expr a, Expr b) {
      if (isZero(b)) return a;
      if (isZero(a)) return neg(b);
      return new Binary(BinaryOp.SUB, a, b, a.type());
    }

    @Override
    public Expr mul(Expr a, Expr b) {
      if (isZero(a) || isZero(b)) return ZERO;
      if (isOne(a)) return b;
      if (isOne(b)) return a;
      return new Binary(BinaryOp.MUL, a, b, new Real(dim(a).times(dim(b))));
    }

    @Override
    public Expr div(Expr a, Expr b) {
      if (isZero(a)) return ZERO;
      return new Binary(BinaryOp.DIV, a, b, new Real(dim(a).over(dim(b))));
    }

    @Override
    public Expr neg(Expr a) {
      if (isZero(a)) return ZERO;
      if (a instanceof Const k) return new Const(-k.value(), (Real) k.type());
      return new Unary(UnaryOp.NEG, a, a.type());
    }

    @Override
    public boolean isZero(Expr a) {
      return a instanceof Const k && k.value() == 0;
    }

    private static boolean isOne(Expr a) {
      return a instanceof Const k && k.value() == 1 && dim(a).isNone();
    }

    private static Dimension dim(Expr e) {
      Type t = e.type();
      return t instanceof Real r ? r.dim() : Dimension.NONE;
    }
  }
}
