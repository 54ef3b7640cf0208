package brainc.codegen.java;

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
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.stream.Collectors;

/**
 * Prints model-IR expressions back in the model's own syntax and units, for messages: the IR's
 * {@code ((0.0 <= var w : real) and (var w : real <= param w_max : real))} prints as
 * {@code 0 <= w and w <= w_max}, and {@code 0.001[s]} as {@code 1 ms}.
 */
final class ModelText implements ExprVisitor<String> {
  static String print(Expr e) {
    return e.accept(new ModelText());
  }

  /** A number with at most six significant digits and no trailing zeros. */
  static String number(double v) {
    if (v == 0) return "0";
    if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
    BigDecimal d = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
    double a = Math.abs(v);
    return a >= 1e-4 && a < 1e7 ? d.toPlainString() : d.toString();
  }

  private String operand(Expr e) {
    String s = e.accept(this);
    return e instanceof Binary || e instanceof Select ? "(" + s + ")" : s;
  }

  @Override
  public String visit(Const node) {
    return DisplayUnit.of(node.type()).format(node.value());
  }

  @Override
  public String visit(BoolConst node) {
    return Boolean.toString(node.value());
  }

  @Override
  public String visit(StrConst node) {
    return '"' + node.value() + '"';
  }

  @Override
  public String visit(Ref node) {
    return node.name();
  }

  @Override
  public String visit(Unary node) {
    return node.op() == brainc.ir.model.UnaryOp.NEG ? "-" + operand(node.operand()) : "not " + operand(node.operand());
  }

  @Override
  public String visit(Binary node) {
    if (node.op().isLogical()) {
      return node.left().accept(this) + " " + node.op().symbol() + " " + node.right().accept(this);
    }
    return operand(node.left()) + " " + node.op().symbol() + " " + operand(node.right());
  }

  @Override
  public String visit(Call node) {
    return node.function() + "(" + node.args().stream().map(a -> a.accept(this)).collect(Collectors.joining(", ")) + ")";
  }

  @Override
  public String visit(Select node) {
    return "if " + node.condition().accept(this) + " then " + node.then().accept(this) + " else "
        + node.otherwise().accept(this);
  }

  @Override
  public String visit(VecLit node) {
    return "[" + node.elements().stream().map(a -> a.accept(this)).collect(Collectors.joining(", ")) + "]";
  }

  @Override
  public String visit(Interval node) {
    return node.low().accept(this) + " .. " + node.high().accept(this);
  }
}
