package brainc.compiler.nir;

import brainc.ir.model.Binary;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.Unary;
import brainc.ir.model.UnaryOp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An expression of a specialised model read as {@code c + sum(k_x * x)} over its state variables,
 * with constant {@code c} and {@code k_x} (SI numbers): the form every NIR neuron's equation has.
 * Anything else (a product of states, a function, a parameter left free) has none.
 */
record AffineForm(double constant, Map<String, Double> coefficients) {
  double coefficient(String state) {
    return coefficients.getOrDefault(state, 0.0);
  }

  /** {@code e} in that form over {@code states}, if it has it. */
  static Optional<AffineForm> of(Expr e, Set<String> states) {
    if (e instanceof Const c) return Optional.of(new AffineForm(c.value(), Map.of()));
    if (e instanceof Ref r && r.kind() == RefKind.STATE && states.contains(r.name())) {
      return Optional.of(new AffineForm(0, Map.of(r.name(), 1.0)));
    }
    if (e instanceof Unary u && u.op() == UnaryOp.NEG) return of(u.operand(), states).map(a -> a.times(-1));
    if (e instanceof Binary b) {
      Optional<AffineForm> l = of(b.left(), states);
      Optional<AffineForm> r = of(b.right(), states);
      if (l.isEmpty() || r.isEmpty()) return Optional.empty();
      AffineForm x = l.get();
      AffineForm y = r.get();
      switch (b.op()) {
        case ADD:
          return Optional.of(x.plus(y, 1));
        case SUB:
          return Optional.of(x.plus(y, -1));
        case MUL:
          if (y.coefficients.isEmpty()) return Optional.of(x.times(y.constant));
          if (x.coefficients.isEmpty()) return Optional.of(y.times(x.constant));
          return Optional.empty();
        case DIV:
          return y.coefficients.isEmpty() && y.constant != 0 ? Optional.of(x.times(1 / y.constant)) : Optional.empty();
        default:
          return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private AffineForm times(double k) {
    Map<String, Double> m = new LinkedHashMap<>();
    coefficients.forEach((s, v) -> m.put(s, v * k));
    return new AffineForm(constant * k, m);
  }

  private AffineForm plus(AffineForm o, double sign) {
    Map<String, Double> m = new LinkedHashMap<>(coefficients);
    o.coefficients.forEach((s, v) -> m.merge(s, sign * v, Double::sum));
    return new AffineForm(constant + sign * o.constant, m);
  }
}
