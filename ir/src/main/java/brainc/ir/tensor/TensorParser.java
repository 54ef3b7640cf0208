package brainc.ir.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the text {@link TensorPrinter} writes, back into the same {@link TensorProgram}:
 * {@code parse(print(p)).equals(p)}. Line-oriented like the printer; a malformed line is a
 * {@link ParseError} naming its line and column.
 */
public final class TensorParser {
  /** The text is not a training program; {@code line} and {@code column} count from 1. */
  public static final class ParseError extends IllegalArgumentException {
    public final int line;
    public final int column;

    ParseError(int line, int column, String message) {
      super(line + ":" + column + ": " + message);
      this.line = line;
      this.column = column;
    }
  }

  private final String[] lines;
  private int at;

  private TensorParser(String text) {
    this.lines = text.split("\n", -1);
  }

  public static TensorProgram parse(String text) {
    return new TensorParser(text).program();
  }

  private TensorProgram program() {
    Cursor head = line();
    head.expect("tensor-program ");
    String network = head.name();
    head.expect(" steps ");
    int steps = (int) head.number();
    head.expect(" {");
    head.end();
    List<Tensor> tensors = new ArrayList<>();
    List<TensorProgram.State> states = new ArrayList<>();
    List<TOp> forward = new ArrayList<>();
    List<TensorProgram.Output> outputs = new ArrayList<>();
    List<TOp> backward = new ArrayList<>();
    List<String> saved = new ArrayList<>();
    List<TensorProgram.Table> tables = new ArrayList<>();
    while (true) {
      Cursor c = line();
      if (c.accept("}")) {
        c.end();
        break;
      } else if (c.accept("  tensor ")) {
        String name = c.name();
        c.expect(" : ");
        String role = c.word();
        c.expect(" [");
        Tensor.Role r;
        try {
          r = Tensor.Role.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw c.error("unknown tensor role `" + role + "`");
        }
        try {
          if (c.atNumber()) {
            int first = (int) c.number();
            int fanIn = 0;
            int size = first;
            if (c.accept(", ")) {
              fanIn = first;
              size = (int) c.number();
            }
            c.expect("]");
            c.end();
            tensors.add(new Tensor(name, r, size, fanIn));
          } else {
            Shape shape = c.shape();
            c.end();
            tensors.add(new Tensor(name, r, shape));
          }
        } catch (ParseError e) {
          throw e;
        } catch (IllegalArgumentException e) {
          throw c.error(e.getMessage());
        }
      } else if (c.accept("  table ")) {
        String name = c.name();
        c.expect(" : [");
        try {
          Shape shape = c.shape();
          c.expect(" =");
          List<Integer> indices = new ArrayList<>();
          while (c.accept(indices.isEmpty() ? " " : ", ")) indices.add(c.index());
          c.end();
          tables.add(new TensorProgram.Table(name, shape, indices));
        } catch (ParseError e) {
          throw e;
        } catch (IllegalArgumentException e) {
          throw c.error(e.getMessage());
        }
      } else if (c.accept("  state ")) {
        String name = c.name();
        c.expect(" = ");
        double initial = c.number();
        c.expect(" next ");
        String next = c.name();
        c.end();
        states.add(new TensorProgram.State(name, initial, next));
      } else if (c.accept("  forward {")) {
        c.end();
        ops(forward);
      } else if (c.accept("  backward {")) {
        c.end();
        ops(backward);
      } else if (c.accept("  output ")) {
        String name = c.name();
        c.expect(" = ");
        String kind = c.word();
        c.expect(" ");
        String state = c.name();
        c.end();
        outputs.add(new TensorProgram.Output(name, state, kind));
      } else if (c.accept("  saved")) {
        if (c.accept(" ")) {
          while (!c.atEnd()) {
            saved.add(c.name());
            if (!c.accept(", ")) break;
          }
        }
        c.end();
      } else {
        throw c.error("expected a tensor, table, state, forward, output, backward or saved line, or `}`");
      }
    }
    while (at < lines.length && lines[at].isEmpty()) at++;
    if (at < lines.length) throw new ParseError(at + 1, 1, "text after the program's closing `}`");
    return new TensorProgram(network, steps, tensors, states, forward, outputs, backward, saved, tables);
  }

  private void ops(List<TOp> into) {
    while (true) {
      Cursor c = line();
      if (c.accept("  }")) {
        c.end();
        return;
      }
      c.expect("    ");
      into.add(op(c));
      c.end();
    }
  }

  private static TOp op(Cursor c) {
    String out = c.name();
    if (c.accept(", ")) {
      String bias = c.name();
      c.expect(" += dense_param_grad(");
      return paramGrad(c, out, Optional.of(bias));
    }
    if (c.accept(" += dense_param_grad(")) return paramGrad(c, out, Optional.empty());
    c.expect(" = ");
    if (c.accept("encode ")) {
      String kind = c.word();
      c.expect("(");
      List<Double> args = new ArrayList<>();
      while (!c.accept(")")) {
        args.add(c.number());
        if (!c.accept(", ")) {
          c.expect(")");
          break;
        }
      }
      return new TOp.Encode(out, kind, args);
    }
    if (c.accept("dense(")) {
      String in = c.name();
      c.expect(", ");
      String weight = c.name();
      Optional<String> bias = c.accept(", ") ? Optional.of(c.name()) : Optional.empty();
      c.expect(")");
      return new TOp.Dense(out, in, weight, bias, c.accept(" binary-input"));
    }
    if (c.accept("reduce ")) return c.reduce(out);
    if (c.accept("reduce_grad(")) {
      String grad = c.name();
      c.expect(", ");
      String y = c.name();
      c.expect(" = reduce ");
      TOp.Reduce of = c.reduce(y);
      c.expect(")");
      return new TOp.ReduceGrad(out, grad, of);
    }
    if (c.accept("view reshape(")) {
      String in = c.name();
      c.expect(")");
      return new TOp.Reshape(out, in);
    }
    if (c.accept("view slice(")) {
      String in = c.name();
      c.expect(", ");
      String axis = c.word();
      c.expect(", ");
      int start = (int) c.number();
      c.expect(")");
      return new TOp.Slice(out, in, axis, start);
    }
    if (c.accept("pad(")) {
      String in = c.name();
      c.expect(", ");
      String axis = c.word();
      c.expect(", ");
      int start = (int) c.number();
      c.expect(")");
      return new TOp.Pad(out, in, axis, start);
    }
    if (c.accept("matmul(")) {
      String a = c.name();
      c.expect(", ");
      String b = c.name();
      c.expect(")");
      boolean ta = c.accept(" transpose-a");
      return new TOp.Matmul(out, a, b, ta, c.accept(" transpose-b"));
    }
    if (c.accept("dot(")) {
      String a = c.name();
      c.expect(", ");
      String b = c.name();
      c.expect(", ");
      String axis = c.word();
      c.expect(")");
      return new TOp.Dot(out, a, b, axis);
    }
    boolean gather = c.accept("gather(");
    if (gather || c.accept("scatter_add(")) {
      String in = c.name();
      c.expect(", ");
      String axis = c.word();
      c.expect(", ");
      String table = c.name();
      c.expect(")");
      return gather ? new TOp.Gather(out, in, axis, table) : new TOp.ScatterAdd(out, in, axis, table);
    }
    if (c.accept("dense_input_grad(")) {
      String grad = c.name();
      c.expect(", ");
      String weight = c.name();
      c.expect(")");
      return new TOp.DenseInputGrad(out, grad, weight);
    }
    return new TOp.Map(out, c.expr());
  }

  private static TOp paramGrad(Cursor c, String weightGrad, Optional<String> biasGrad) {
    String in = c.name();
    c.expect(", ");
    String grad = c.name();
    c.expect(")");
    return new TOp.DenseParamGrad(weightGrad, biasGrad, in, grad, c.accept(" binary-input"));
  }

  private Cursor line() {
    if (at >= lines.length) throw new ParseError(lines.length, 1, "unexpected end of the text");
    return new Cursor(lines[at], ++at);
  }

  /** A position in one line. */
  private static final class Cursor {
    private final String s;
    private final int line;
    private int i;

    Cursor(String s, int line) {
      this.s = s;
      this.line = line;
    }

    ParseError error(String message) {
      return new ParseError(line, i + 1, message);
    }

    boolean atEnd() {
      return i >= s.length();
    }

    boolean accept(String token) {
      if (!s.startsWith(token, i)) return false;
      i += token.length();
      return true;
    }

    void expect(String token) {
      if (!accept(token)) throw error("expected `" + token + "`");
    }

    void end() {
      if (!atEnd()) throw error("unexpected `" + s.substring(i) + "`");
    }

    private static boolean nameChar(char ch) {
      return Character.isLetterOrDigit(ch) || ch == '_' || ch == '.' || ch == '\'' || ch == '@';
    }

    /** A tensor or program name: letters, digits and {@code _ . ' @}. */
    String name() {
      int start = i;
      while (i < s.length() && nameChar(s.charAt(i))) i++;
      if (i == start) throw error("expected a name");
      return s.substring(start, i);
    }

    /** A keyword: letters, digits and {@code _}. */
    String word() {
      int start = i;
      while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
      if (i == start) throw error("expected a word");
      return s.substring(start, i);
    }

    boolean atNumber() {
      if (i >= s.length()) return false;
      char ch = s.charAt(i);
      if (Character.isDigit(ch)) return true;
      if (s.startsWith("NaN", i) || s.startsWith("Infinity", i)) return true;
      return ch == '-' && i + 1 < s.length() && (Character.isDigit(s.charAt(i + 1)) || s.startsWith("Infinity", i + 1));
    }

    /** A whole number that fits an int (a table's entry). */
    int index() {
      int start = i;
      if (i < s.length() && s.charAt(i) == '-') i++;
      while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
      try {
        return Integer.parseInt(s.substring(start, i));
      } catch (NumberFormatException e) {
        i = start;
        throw error("expected a whole number");
      }
    }

    /** A number as {@link TensorPrinter} writes it (Java's {@code Double.toString}, or a whole number). */
    double number() {
      int start = i;
      if (!atNumber()) throw error("expected a number");
      if (s.charAt(i) == '-') i++;
      if (s.startsWith("NaN", i)) i += 3;
      else if (s.startsWith("Infinity", i)) i += 8;
      else {
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == 'E'
            || (s.charAt(i) == '-' && s.charAt(i - 1) == 'E'))) {
          i++;
        }
      }
      try {
        return Double.parseDouble(s.substring(start, i));
      } catch (NumberFormatException e) {
        i = start;
        throw error("malformed number");
      }
    }

    /** {@code [axis extent, ...]} after its {@code [}, the batch axis without an extent. */
    Shape shape() {
      List<Shape.Axis> axes = new ArrayList<>();
      while (!accept("]")) {
        if (!axes.isEmpty()) expect(", ");
        int at = i;
        String axis = word();
        int extent = 0;
        if (!axis.equals(Shape.BATCH)) {
          expect(" ");
          extent = (int) number();
        }
        try {
          axes.add(new Shape.Axis(axis, extent));
        } catch (IllegalArgumentException e) {
          i = at;
          throw error(e.getMessage());
        }
      }
      return new Shape(axes);
    }

    /** {@code kind(in, axis[, p P][, k K, temperature T])} after {@code reduce }. */
    TOp.Reduce reduce(String out) {
      int at = i;
      String kindText = word();
      TOp.Reduce.Kind kind = TOp.Reduce.Kind.of(kindText).orElseThrow(() -> {
        i = at;
        return error("unknown reduction `" + kindText + "`");
      });
      expect("(");
      String in = name();
      expect(", ");
      String axis = word();
      double p = 0;
      int k = 0;
      double temperature = 0;
      if (kind == TOp.Reduce.Kind.PMEAN || kind == TOp.Reduce.Kind.PMEAN_ERROR) {
        expect(", p ");
        p = number();
      } else if (kind == TOp.Reduce.Kind.TOPK) {
        expect(", k ");
        k = (int) number();
        expect(", temperature ");
        temperature = number();
      }
      expect(")");
      try {
        return new TOp.Reduce(out, kind, in, axis, p, k, temperature);
      } catch (IllegalArgumentException e) {
        i = at;
        throw error(e.getMessage());
      }
    }

    TExpr.Surrogate surrogate() {
      expect("[");
      String kind = word();
      double parameter = 0;
      if (accept(" ")) parameter = number();
      expect("]");
      try {
        return new TExpr.Surrogate(kind, parameter);
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage());
      }
    }

    /** An expression, as {@link TensorPrinter#expr} writes it: binaries and negations in parentheses. */
    TExpr expr() {
      if (accept("(")) {
        // "(-x)" negates; "(-1 + x)" starts with a negative literal; "(-1)" negates 1.
        boolean minus = i < s.length() && s.charAt(i) == '-';
        if (minus && !atNumber()) {
          i++;
          TExpr operand = expr();
          expect(")");
          return new TExpr.Neg(operand);
        }
        TExpr left = expr();
        if (accept(")")) {
          if (minus && left instanceof TExpr.Lit l) return new TExpr.Neg(new TExpr.Lit(-l.value()));
          throw error("a single term in parentheses");
        }
        expect(" ");
        TExpr.Op op = null;
        for (TExpr.Op o : TExpr.Op.values()) {
          if (accept(o.symbol)) {
            op = o;
            break;
          }
        }
        if (op == null) throw error("expected an operator");
        expect(" ");
        TExpr right = expr();
        expect(")");
        return new TExpr.Bin(op, left, right);
      }
      if (atNumber()) return new TExpr.Lit(number());
      if (accept("step_ge")) return step(false);
      if (accept("step[")) {
        i--;
        return step(true);
      }
      if (accept("surrogate_grad")) {
        TExpr.Surrogate sg = surrogate();
        expect("(");
        TExpr margin = expr();
        expect(")");
        return new TExpr.SurrogateGrad(sg, margin);
      }
      if (accept("select(")) {
        TExpr cond = expr();
        expect(", ");
        TExpr then = expr();
        expect(", ");
        TExpr otherwise = expr();
        expect(")");
        return new TExpr.Select(cond, then, otherwise);
      }
      if (accept("detach(")) {
        TExpr operand = expr();
        expect(")");
        return new TExpr.Detach(operand);
      }
      int start = i;
      String name = name();
      if (!accept("(")) return new TExpr.Ref(name);
      // A name before "(" is a function: tensors never print so.
      TExpr.Fn fn = TExpr.Fn.named(name).orElseThrow(() -> {
        i = start;
        return error("unknown function `" + name + "`");
      });
      List<TExpr> args = new ArrayList<>();
      if (!accept(")")) {
        do {
          args.add(expr());
        } while (accept(", "));
        expect(")");
      }
      return new TExpr.Call(fn, args);
    }

    private TExpr step(boolean strict) {
      TExpr.Surrogate sg = surrogate();
      expect("(");
      TExpr margin = expr();
      expect(")");
      return new TExpr.Step(margin, strict, sg);
    }
  }
}
