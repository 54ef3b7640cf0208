package brainc.ir.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.model.Binary;
import brainc.ir.model.BinaryOp;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.Unary;
import brainc.ir.model.UnaryOp;
import brainc.ir.types.Real;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The decomposition of x' = a x + b that solve-odes, the java target's check and its generator
 * share: the numbers it finds are the equation's (a x + b agrees with the right-hand side at any
 * x), and "has the form" without numbers never says yes where the numbers cannot be found, but
 * for a division by a coefficient that is zero or a coefficient that overflows.
 */
class LinearInSelfProperties {
  private static final Real R = Real.DIMENSIONLESS;
  private static final Ref X = new Ref(RefKind.VAR, "x", R);
  private static final Map<String, Double> PARAMS = Map.of("p", 0.02, "q", -3.0);

  @Property(tries = 2000)
  void theNumbersAreTheEquations(@ForAll long seed) {
    Expr rhs = closed(random(new Random(seed), 4));
    Optional<LinearInSelf.Form<Double>> f = LinearInSelf.of(rhs, "x", LinearInSelf.NUMBERS);
    if (f.isEmpty()) return;
    for (double x : new double[] {-1.5, 0, 0.25, 2}) {
      double want = eval(rhs, x);
      double got = f.get().rate() * x + f.get().drive();
      if (!Double.isFinite(want) || Math.abs(want) > 1e12) return;
      assertEquals(want, got, 1e-6 * (1 + Math.abs(want)), rhs + " at x = " + x);
    }
  }

  @Property(tries = 2000)
  void theFormAloneAgreesWithTheNumbers(@ForAll long seed) {
    Expr rhs = random(new Random(seed), 4);
    boolean form = LinearInSelf.of(rhs, "x", LinearInSelf.FORM_ONLY).isPresent();
    boolean numbers = LinearInSelf.of(closed(rhs), "x", LinearInSelf.NUMBERS).isPresent();
    if (form && !numbers) assertTrue(dividesByZero(closed(rhs)) || overflows(closed(rhs)), rhs.toString());
  }

  @Example
  void examples() {
    Ref w = new Ref(RefKind.PARAM, "w", R);
    Ref tau = new Ref(RefKind.PARAM, "tau", R);
    // -(x - 2 * w) / tau: a = -1 / tau, b = 2 w / tau.
    Expr rhs = div(new Unary(UnaryOp.NEG, sub(X, mul(Const.of(2), w)), R), tau);
    assertTrue(LinearInSelf.of(rhs, "x", LinearInSelf.FORM_ONLY).isPresent());
    Expr closed = div(new Unary(UnaryOp.NEG, sub(X, mul(Const.of(2), Const.of(3))), R), Const.of(0.5));
    LinearInSelf.Form<Double> f = LinearInSelf.of(closed, "x", LinearInSelf.NUMBERS).orElseThrow();
    assertEquals(-2.0, f.rate());
    assertEquals(12.0, f.drive());
    // Not the form: a product of x with itself, a division by x, x under a function, a random
    // coefficient, another state.
    Ref y = new Ref(RefKind.VAR, "y", R);
    for (Expr e : List.of(mul(X, X), div(Const.of(1), X), new Call("exp", List.of(X), R),
        mul(new Call("uniform", List.of(Const.of(0), Const.of(1)), R), X), add(X, y))) {
      assertFalse(LinearInSelf.of(e, "x", LinearInSelf.FORM_ONLY).isPresent(), e.toString());
      assertFalse(LinearInSelf.of(e, "x", LinearInSelf.NUMBERS).isPresent(), e.toString());
    }
    assertTrue(LinearInSelf.runConstant(new Call("exp", List.of(w), R)));
    assertFalse(LinearInSelf.runConstant(new Call("normal", List.of(w, w), R)));
  }

  // ------------------------------------------------------------------------------------------

  /** Sums, differences, products, quotients and negations of x, two parameters and constants, now and then something else. */
  private static Expr random(Random r, int depth) {
    int k = r.nextInt(depth > 0 ? 10 : 5);
    return switch (k) {
      case 0, 1 -> X;
      case 2 -> new Ref(RefKind.PARAM, r.nextBoolean() ? "p" : "q", R);
      case 3 -> Const.of(r.nextInt(7) - 3);
      case 4 -> r.nextInt(4) == 0 ? new Ref(RefKind.TRACE, "y", R) : Const.of(0.5);
      case 5 -> new Unary(UnaryOp.NEG, random(r, depth - 1), R);
      case 6 -> r.nextInt(3) == 0 ? new Call("exp", List.of(random(r, depth - 1)), R) : add(random(r, depth - 1), random(r, depth - 1));
      case 7 -> sub(random(r, depth - 1), random(r, depth - 1));
      case 8 -> mul(random(r, depth - 1), random(r, depth - 1));
      default -> div(random(r, depth - 1), random(r, depth - 1));
    };
  }

  /** {@code e} with the parameters as numbers and what reads no state folded, as solve-odes sees it. */
  private static Expr closed(Expr e) {
    Expr s = substituted(e);
    return fold(s);
  }

  private static Expr substituted(Expr e) {
    if (e instanceof Ref p && p.kind() == RefKind.PARAM) return Const.of(PARAMS.get(p.name()));
    if (e instanceof Unary u) return new Unary(u.op(), substituted(u.operand()), R);
    if (e instanceof Binary b) return new Binary(b.op(), substituted(b.left()), substituted(b.right()), R);
    if (e instanceof Call c) return new Call(c.function(), List.of(substituted(c.args().get(0))), R);
    return e;
  }

  private static Expr fold(Expr e) {
    if (!readsState(e)) return Const.of(eval(e, 0));
    if (e instanceof Unary u) return new Unary(u.op(), fold(u.operand()), R);
    if (e instanceof Binary b) return new Binary(b.op(), fold(b.left()), fold(b.right()), R);
    if (e instanceof Call c) return new Call(c.function(), List.of(fold(c.args().get(0))), R);
    return e;
  }

  private static double eval(Expr e, double x) {
    if (e instanceof Const c) return c.value();
    if (e instanceof Ref) return x;
    if (e instanceof Unary u) return -eval(u.operand(), x);
    if (e instanceof Call c) return Math.exp(eval(c.args().get(0), x));
    Binary b = (Binary) e;
    double l = eval(b.left(), x);
    double r = eval(b.right(), x);
    return switch (b.op()) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      default -> l / r;
    };
  }

  /** Whether some divisor that does not read x or another state is zero. */
  private static boolean dividesByZero(Expr e) {
    if (e instanceof Unary u) return dividesByZero(u.operand());
    if (e instanceof Call c) return dividesByZero(c.args().get(0));
    if (!(e instanceof Binary b)) return false;
    if (b.op() == BinaryOp.DIV && !readsState(b.right()) && eval(b.right(), 0) == 0) return true;
    return dividesByZero(b.left()) || dividesByZero(b.right());
  }

  /** Whether some part that does not read x or another state is not a finite number. */
  private static boolean overflows(Expr e) {
    if (!readsState(e)) return !Double.isFinite(eval(e, 0));
    if (e instanceof Unary u) return overflows(u.operand());
    if (e instanceof Call c) return overflows(c.args().get(0));
    return e instanceof Binary b && (overflows(b.left()) || overflows(b.right()));
  }

  private static boolean readsState(Expr e) {
    if (e instanceof Ref) return true;
    if (e instanceof Unary u) return readsState(u.operand());
    if (e instanceof Call c) return readsState(c.args().get(0));
    return e instanceof Binary b && (readsState(b.left()) || readsState(b.right()));
  }

  private static Expr add(Expr a, Expr b) {
    return new Binary(BinaryOp.ADD, a, b, R);
  }

  private static Expr sub(Expr a, Expr b) {
    return new Binary(BinaryOp.SUB, a, b, R);
  }

  private static Expr mul(Expr a, Expr b) {
    return new Binary(BinaryOp.MUL, a, b, R);
  }

  private static Expr div(Expr a, Expr b) {
    return new Binary(BinaryOp.DIV, a, b, R);
  }
}
