package brainc.codegen.java;

import brainc.ir.builtin.Builtin;
import brainc.ir.model.Binary;
import brainc.ir.model.BoolConst;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.ExprVisitor;
import brainc.ir.model.Interval;
import brainc.ir.model.Ref;
import brainc.ir.model.Select;
import brainc.ir.model.StrConst;
import brainc.ir.model.Unary;
import brainc.ir.model.VecLit;
import java.util.List;
import java.util.function.Function;

/**
 * Translates model-IR expressions into Java source text. Values are in SI base units, as in the
 * IR; truth values become {@code boolean} and everything else {@code double}.
 *
 * <p>Before: {@code clip((var w - (param A_minus * trace x_post)), 0.0, param w_max)}; after:
 * {@code clip((w - (A_minus * x_post)), 0.0, w_max)}, where {@code clip} is a helper that the
 * generated class declares.
 */
final class JavaExpressions implements ExprVisitor<String> {
  /** The Java text of a reference (a field, a let method call, a handler parameter). */
  private final Function<Ref, String> refs;
  /** The helper functions the translated text calls, which the generated class must declare. */
  final java.util.Set<String> helpers = new java.util.TreeSet<>();

  JavaExpressions(Function<Ref, String> refs) {
    this.refs = refs;
  }

  String translate(Expr e) {
    return e.accept(this);
  }

  /** A Java {@code double} literal for {@code v}. */
  static String literal(double v) {
    if (Double.isNaN(v)) return "Double.NaN";
    if (Double.isInfinite(v)) return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
    String s = Double.toString(v);
    return v < 0 ? "(" + s + ")" : s;
  }

  @Override
  public String visit(Const node) {
    return literal(node.value());
  }

  @Override
  public String visit(BoolConst node) {
    return Boolean.toString(node.value());
  }

  @Override
  public String visit(StrConst node) {
    throw unchecked("a string");
  }

  @Override
  public String visit(Ref node) {
    return refs.apply(node);
  }

  @Override
  public String visit(Unary node) {
    String x = node.operand().accept(this);
    return switch (node.op()) {
      case NEG -> "(-" + x + ")";
      case NOT -> "(!" + x + ")";
    };
  }

  @Override
  public String visit(Binary node) {
    String a = node.left().accept(this);
    String b = node.right().accept(this);
    if (node.op() == brainc.ir.model.BinaryOp.POW) return "Math.pow(" + a + ", " + b + ")";
    String op = switch (node.op()) {
      case AND -> "&&";
      case OR -> "||";
      default -> node.op().symbol();
    };
    return "(" + a + " " + op + " " + b + ")";
  }

  @Override
  public String visit(Call node) {
    List<String> args = node.args().stream().map(a -> a.accept(this)).toList();
    String joined = String.join(", ", args);
    Builtin f = Builtin.named(node.function()).filter(b -> b.java("").isPresent())
        .orElseThrow(() -> unchecked("the function `" + node.function() + "`"));
    f.javaHelper().ifPresent(helpers::add);
    return f.java(joined).orElseThrow();
  }

  @Override
  public String visit(Select node) {
    return "(" + node.condition().accept(this) + " ? " + node.then().accept(this) + " : "
        + node.otherwise().accept(this) + ")";
  }

  @Override
  public String visit(VecLit node) {
    throw unchecked("a vector");
  }

  @Override
  public String visit(Interval node) {
    throw unchecked("a range");
  }

  /**
   * A construct the target cannot write: the compiler's check of the java target (E1103)
   * refuses it before generation, so meeting it here is a bug in brainc.
   */
  static IllegalStateException unchecked(String what) {
    return new IllegalStateException(what + " reached the java target unchecked (JavaTargetCheck refuses it)");
  }
}
