package brainc.compiler.tensor;

import brainc.ir.tensor.Shape;
import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorProgram;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random tensor programs over named shapes: an input through a dense layer, reshaped to up to
 * three axes besides the batch, then a chain of reductions and normalisations along random axes
 * (every kind), maps that broadcast a reduced tensor or a constant back, slices (strided views),
 * pads and reshapes, products of two activations (batched matrix products with every choice of
 * transposes, Hebbian outer products among them, and dot products along an axis), gathers and
 * scatter-adds by random index tables of one or two axes, embeddings (gathers from a weight or
 * a bias, then a product with cur), products with a parameter, and at the end a state that
 * accumulates the result over the steps.
 */
final class ShapedPrograms {
  private ShapedPrograms() {}

  private static final List<String> AXES = List.of("k", "step", "head", "unit");

  /** What the generator made: the program and the kinds of operations it holds (for coverage). */
  record Made(TensorProgram program, List<String> kinds) {}

  static Made random(long seed) {
    return new Builder(new Random(seed)).build();
  }

  private static final class Builder {
    private final Random r;
    private final List<Tensor> tensors = new ArrayList<>();
    private final List<TOp> ops = new ArrayList<>();
    private final List<TensorProgram.Table> tables = new ArrayList<>();
    private final List<String> kinds = new ArrayList<>();
    private int names;
    private int embeddings;
    private String cur;
    private Shape shape;
    /** Whether {@link #cur} is stored row-major (so it can be reshaped). */
    private boolean rowMajor = true;

    Builder(Random r) {
      this.r = r;
    }

    private String value(Shape s) {
      String name = "t" + ++names;
      tensors.add(new Tensor(name, Tensor.Role.VALUE, s));
      return name;
    }

    private static TExpr ref(String t) {
      return new TExpr.Ref(t);
    }

    private static TExpr bin(TExpr.Op op, TExpr a, TExpr b) {
      return new TExpr.Bin(op, a, b);
    }

    private String map(Shape s, TExpr e) {
      String out = value(s);
      ops.add(new TOp.Map(out, e));
      return out;
    }

    private String axis() {
      List<Shape.Axis> inner = shape.inner();
      return inner.get(r.nextInt(inner.size())).name();
    }

    Made build() {
      int steps = 1 + r.nextInt(3);
      int fanIn = 1 + r.nextInt(4);
      List<String> pool = new ArrayList<>(AXES);
      Collections.shuffle(pool, r);
      List<Shape.Axis> axes = new ArrayList<>(List.of(new Shape.Axis(Shape.BATCH, 0)));
      int rank = 1 + r.nextInt(3);
      for (int a = 0; a < rank; a++) axes.add(new Shape.Axis(pool.get(a), 1 + r.nextInt(4)));
      shape = new Shape(axes);
      int hidden = shape.perSample();
      tensors.add(new Tensor("x", Tensor.Role.INPUT, fanIn, 0));
      tensors.add(new Tensor("l.W", Tensor.Role.WEIGHT, hidden, fanIn));
      tensors.add(new Tensor("l.b", Tensor.Role.BIAS, hidden, 0));
      tensors.add(new Tensor("l.I", Tensor.Role.VALUE, hidden, 0));
      ops.add(new TOp.Encode("x", "direct", List.of((double) steps)));
      ops.add(new TOp.Dense("l.I", "x", "l.W", java.util.Optional.of("l.b"), false));
      cur = value(shape);
      ops.add(new TOp.Reshape(cur, "l.I"));
      int n = 2 + r.nextInt(4);
      for (int k = 0; k < n; k++) step();
      // fin owns its storage, so it can be flattened into the state's [batch, unit n].
      String fin = map(shape, bin(TExpr.Op.MUL, ref(cur), new TExpr.Lit(1.5)));
      Shape flatShape = Shape.activation(shape.perSample());
      String flat = value(flatShape);
      ops.add(new TOp.Reshape(flat, fin));
      tensors.add(new Tensor("s", Tensor.Role.STATE, flatShape));
      tensors.add(new Tensor("s'", Tensor.Role.VALUE, flatShape));
      ops.add(new TOp.Map("s'", bin(TExpr.Op.ADD, bin(TExpr.Op.MUL, new TExpr.Lit(0.5), ref("s")), ref(flat))));
      TensorProgram p = new TensorProgram("Net", steps, tensors, List.of(new TensorProgram.State("s", 0, "s'")), ops,
          List.of(new TensorProgram.Output("y", "s", "membrane")), List.of(), List.of(), tables);
      return new Made(p, kinds);
    }

    private void step() {
      switch (r.nextInt(13)) {
        case 0, 1 -> reduction();
        case 2 -> normalisation();
        case 3 -> slice();
        case 4 -> constant();
        case 5 -> pad();
        case 6 -> matmul();
        case 7 -> dot();
        case 8 -> gather();
        case 9 -> scatter();
        case 10 -> embed();
        case 11 -> paramProduct();
        default -> reshape();
      }
    }

    private void reduction() {
      TOp.Reduce.Kind kind = List.of(TOp.Reduce.Kind.SUM, TOp.Reduce.Kind.MEAN, TOp.Reduce.Kind.MAX,
          TOp.Reduce.Kind.PMEAN, TOp.Reduce.Kind.PMEAN_ERROR).get(r.nextInt(5));
      String in = cur;
      if (kind == TOp.Reduce.Kind.PMEAN || kind == TOp.Reduce.Kind.PMEAN_ERROR) {
        // Truth values in [0, 1): x^2 / (1 + x^2).
        TExpr sq = bin(TExpr.Op.MUL, ref(cur), ref(cur));
        in = map(shape, bin(TExpr.Op.DIV, sq, bin(TExpr.Op.ADD, new TExpr.Lit(1), sq)));
        rowMajor = true;
      }
      String a = axis();
      Shape reduced = shape.withExtent(a, 1);
      String red = value(reduced);
      double p = kind == TOp.Reduce.Kind.PMEAN || kind == TOp.Reduce.Kind.PMEAN_ERROR ? 1 + r.nextInt(4) : 0;
      ops.add(new TOp.Reduce(red, kind, in, a, p, 0, 0));
      kinds.add(kind.text);
      if (r.nextInt(3) == 0) {
        cur = red; // go on with the smaller shape
        shape = reduced;
        rowMajor = true;
        return;
      }
      // Broadcast the reduced tensor back over the axis.
      TExpr.Op op = List.of(TExpr.Op.ADD, TExpr.Op.SUB, TExpr.Op.MUL).get(r.nextInt(3));
      cur = map(shape, bin(op, bin(TExpr.Op.MUL, ref(in), new TExpr.Lit(0.5)), ref(red)));
      rowMajor = true;
      kinds.add("broadcast");
    }

    private void normalisation() {
      TOp.Reduce.Kind kind = List.of(TOp.Reduce.Kind.SOFTMAX, TOp.Reduce.Kind.LOG_SOFTMAX, TOp.Reduce.Kind.TOPK)
          .get(r.nextInt(3));
      String a = axis();
      int n = shape.axis(a).orElseThrow().extent();
      String out = value(shape);
      int k = kind == TOp.Reduce.Kind.TOPK ? 1 + r.nextInt(n) : 0;
      double t = kind == TOp.Reduce.Kind.TOPK ? List.of(0.5, 1.0, 2.0).get(r.nextInt(3)) : 0;
      ops.add(new TOp.Reduce(out, kind, cur, a, 0, k, t));
      kinds.add(kind.text);
      cur = out;
      rowMajor = true;
    }

    private void slice() {
      String a = axis();
      int n = shape.axis(a).orElseThrow().extent();
      int e = 1 + r.nextInt(n);
      int start = r.nextInt(n - e + 1);
      Shape s = shape.withExtent(a, e);
      String out = value(s);
      ops.add(new TOp.Slice(out, cur, a, start));
      kinds.add("slice");
      cur = out;
      shape = s;
      rowMajor = false;
    }

    private void pad() {
      String a = axis();
      int n = shape.axis(a).orElseThrow().extent();
      int more = r.nextInt(3);
      int start = more == 0 ? 0 : r.nextInt(more + 1);
      Shape s = shape.withExtent(a, n + more);
      String out = value(s);
      ops.add(new TOp.Pad(out, cur, a, start));
      kinds.add("pad");
      cur = out;
      shape = s;
      rowMajor = true;
    }

    /** {@code cur * c} for a constant {@code c} without a batch axis (a scalar or one of cur's axes). */
    private void constant() {
      Shape cs;
      if (r.nextBoolean()) {
        cs = Shape.of();
      } else {
        String a = axis();
        cs = Shape.of(shape.axis(a).orElseThrow());
      }
      String c = map(cs, new TExpr.Lit(0.25 + r.nextInt(4) * 0.25));
      cur = map(shape, bin(TExpr.Op.MUL, ref(cur), ref(c)));
      rowMajor = true;
      kinds.add("constant");
    }

    /** A row-major copy of {@link #cur} if it is a strided view. */
    private void ownStorage() {
      if (!rowMajor) {
        cur = map(shape, bin(TExpr.Op.ADD, ref(cur), new TExpr.Lit(0.125)));
        rowMajor = true;
      }
    }

    private String reshaped(String x, Shape s) {
      String out = value(s);
      ops.add(new TOp.Reshape(out, x));
      return out;
    }

    /**
     * {@code matmul(a, b)} with random transposes: {@code a} is {@link #cur} seen as {@code
     * [batch, (head,) i, j]}, {@code b} a function of it seen with the contracted axis named as
     * in {@code a} and a free axis {@code o}; an extent of 1 contracted makes an outer product.
     */
    private void matmul() {
      ownStorage();
      int n = shape.perSample();
      List<Shape.Axis> lead = new ArrayList<>(List.of(new Shape.Axis(Shape.BATCH, 0)));
      if (n % 2 == 0 && r.nextInt(3) == 0) {
        lead.add(new Shape.Axis("head", 2));
        n /= 2;
      }
      // The contracted extent c keeps the product at most 8 x 8 per matrix.
      List<Integer> cs = new ArrayList<>();
      for (int c = 1; c <= n; c++) if (n % c == 0 && n / c <= 8) cs.add(c);
      int c = cs.get(r.nextInt(cs.size()));
      boolean ta = r.nextBoolean();
      boolean tb = r.nextBoolean();
      Shape.Axis k = new Shape.Axis("j", c);
      Shape.Axis rows = new Shape.Axis("i", n / c);
      Shape.Axis cols = new Shape.Axis("o", n / c);
      Shape as = with(lead, ta ? k : rows, ta ? rows : k);
      String a = reshaped(cur, as);
      // b = tanh(a) (or a itself, for a Gram matrix), with the same elements seen as [k, o] or [o, k].
      String fb = r.nextInt(4) == 0 ? cur : map(shape, new TExpr.Call(TExpr.Fn.TANH, List.of(ref(cur))));
      Shape bs = with(lead, tb ? cols : k, tb ? k : cols);
      String b = reshaped(fb, bs);
      // Sometimes an operand is a strided window of its free axis: the product reads it through its strides.
      if (rows.extent() > 1 && r.nextInt(3) == 0) {
        rows = new Shape.Axis("i", 1 + r.nextInt(rows.extent() - 1));
        a = window(a, as.withExtent("i", rows.extent()), "i", as.axis("i").orElseThrow().extent());
      }
      if (cols.extent() > 1 && r.nextInt(3) == 0) {
        cols = new Shape.Axis("o", 1 + r.nextInt(cols.extent() - 1));
        b = window(b, bs.withExtent("o", cols.extent()), "o", bs.axis("o").orElseThrow().extent());
      }
      Shape out = with(lead, rows, cols);
      String y = value(out);
      ops.add(new TOp.Matmul(y, a, b, ta, tb));
      kinds.add("matmul");
      cur = y;
      shape = out;
      rowMajor = true;
    }

    /** A slice of {@code x} (of extent {@code whole} along {@code axis}) with shape {@code s}, from a random start. */
    private String window(String x, Shape s, String axis, int whole) {
      String out = value(s);
      ops.add(new TOp.Slice(out, x, axis, r.nextInt(whole - s.axis(axis).orElseThrow().extent() + 1)));
      return out;
    }

    private static Shape with(List<Shape.Axis> lead, Shape.Axis x, Shape.Axis y) {
      List<Shape.Axis> axes = new ArrayList<>(lead);
      axes.add(x);
      axes.add(y);
      return new Shape(axes);
    }

    /** {@code dot(cur, f(cur), axis)} (or of cur with itself), then broadcast back or kept reduced. */
    private void dot() {
      String a = axis();
      String other = r.nextInt(4) == 0 ? cur : map(shape, bin(TExpr.Op.SUB, new TExpr.Lit(0.5), ref(cur)));
      Shape reduced = shape.withExtent(a, 1);
      String y = value(reduced);
      ops.add(new TOp.Dot(y, cur, other, a));
      kinds.add("dot");
      if (r.nextBoolean()) {
        cur = map(shape, bin(TExpr.Op.MUL, ref(cur), ref(y)));
      } else {
        cur = y;
        shape = reduced;
      }
      rowMajor = true;
    }

    private String table(Shape s, int bound) {
      List<Integer> idx = new ArrayList<>();
      for (int j = 0; j < s.perSample(); j++) idx.add(r.nextInt(bound));
      String name = "T" + (tables.size() + 1);
      tables.add(new TensorProgram.Table(name, s, idx));
      return name;
    }

    /** A table axis named unlike every axis of cur. */
    private Shape.Axis fresh(String name) {
      String n = name;
      for (int k = 2; shape.indexOf(n) >= 0; k++) n = name + k;
      return new Shape.Axis(n, 1 + r.nextInt(4));
    }

    /** {@code gather(cur, axis, T)}, T of one axis or (when the rank allows) two, with repeated indices. */
    private void gather() {
      String a = axis();
      int n = shape.axis(a).orElseThrow().extent();
      Shape ts = shape.rank() < Shape.MAX_RANK && r.nextBoolean() ? Shape.of(fresh("g"), fresh("h")) : Shape.of(fresh("g"));
      String t = table(ts, n);
      Shape out = TOp.Gather.picked(shape, a, ts);
      String y = value(out);
      ops.add(new TOp.Gather(y, cur, a, t));
      kinds.add("gather");
      cur = y;
      shape = out;
      rowMajor = true;
    }

    /**
     * An embedding: rows of a trained parameter picked by a table into cur's shape (a weight
     * {@code [v V, last axis]} by a table of cur's other axes, or, when cur has one axis, a bias
     * along it by a table of that axis), then multiplied into cur or dotted with it.
     */
    private void embed() {
      List<Shape.Axis> inner = shape.inner();
      Shape.Axis last = inner.get(inner.size() - 1);
      String e = "e" + ++embeddings;
      String param;
      String along;
      String t;
      if (inner.size() == 1) {
        param = e + ".b";
        tensors.add(new Tensor(param, Tensor.Role.BIAS, Shape.of(last)));
        along = last.name();
        t = table(Shape.of(last), last.extent());
      } else {
        param = e + ".W";
        Shape.Axis rows = new Shape.Axis("v", 1 + r.nextInt(5));
        tensors.add(new Tensor(param, Tensor.Role.WEIGHT, Shape.of(rows, last)));
        along = rows.name();
        t = table(new Shape(inner.subList(0, inner.size() - 1)), rows.extent());
      }
      String emb = value(shape);
      ops.add(new TOp.Gather(emb, param, along, t));
      kinds.add("embedding");
      if (r.nextBoolean()) {
        cur = map(shape, bin(TExpr.Op.MUL, ref(cur), ref(emb)));
      } else {
        String a = axis();
        Shape reduced = shape.withExtent(a, 1);
        String y = value(reduced);
        ops.add(new TOp.Dot(y, cur, emb, a));
        cur = map(shape, bin(TExpr.Op.ADD, ref(cur), ref(y)));
      }
      rowMajor = true;
    }

    /**
     * A product with a trained parameter: with one axis besides the batch, {@code dot(cur, P)}
     * for a bias {@code P}; with two, that for a weight, or {@code matmul} of cur and a weight
     * {@code [j, o]} (either operand first, random transposes); with three, an embedding instead.
     */
    private void paramProduct() {
      List<Shape.Axis> inner = shape.inner();
      if (inner.size() == 3) {
        embed();
        return;
      }
      String p = "p" + ++embeddings;
      if (inner.size() == 1 || r.nextBoolean()) {
        p += inner.size() == 1 ? ".b" : ".W";
        tensors.add(new Tensor(p, inner.size() == 1 ? Tensor.Role.BIAS : Tensor.Role.WEIGHT, new Shape(inner)));
        String a = axis();
        Shape reduced = shape.withExtent(a, 1);
        String y = value(reduced);
        ops.add(r.nextBoolean() ? new TOp.Dot(y, cur, p, a) : new TOp.Dot(y, p, cur, a));
        kinds.add("param_dot");
        cur = map(shape, bin(TExpr.Op.ADD, ref(cur), ref(y)));
        rowMajor = true;
        return;
      }
      p += ".W";
      Shape.Axis o = fresh("o");
      boolean tc = r.nextBoolean(); // cur read transposed
      boolean tp = r.nextBoolean(); // the parameter read transposed
      Shape.Axis k = inner.get(tc ? 0 : 1);
      Shape.Axis free = inner.get(tc ? 1 : 0);
      Shape out;
      if (r.nextBoolean()) { // matmul(cur, P): cur as [free, k], P as [k, o]
        tensors.add(new Tensor(p, Tensor.Role.WEIGHT, tp ? Shape.of(o, k) : Shape.of(k, o)));
        out = Shape.of(new Shape.Axis(Shape.BATCH, 0), free, o);
        String y = value(out);
        ops.add(new TOp.Matmul(y, cur, p, tc, tp));
        cur = y;
      } else { // matmul(P, cur): P as [o, k], cur as [k, free]
        tensors.add(new Tensor(p, Tensor.Role.WEIGHT, tp ? Shape.of(k, o) : Shape.of(o, k)));
        out = Shape.of(new Shape.Axis(Shape.BATCH, 0), o, free);
        String y = value(out);
        ops.add(new TOp.Matmul(y, p, cur, tp, !tc));
        cur = y;
      }
      kinds.add("param_matmul");
      shape = out;
      rowMajor = true;
    }

    /** {@code scatter_add(cur, s, T)}: one axis of cur (or two adjacent ones) summed into a new axis s by T. */
    private void scatter() {
      List<Shape.Axis> inner = shape.inner();
      int at = r.nextInt(inner.size());
      int tr = at + 1 < inner.size() && r.nextBoolean() ? 2 : 1;
      Shape ts = new Shape(inner.subList(at, at + tr));
      Shape.Axis target = fresh("s");
      String t = table(ts, target.extent());
      List<Shape.Axis> axes = new ArrayList<>(shape.axes());
      axes.subList(at + 1, at + 1 + tr).clear();
      axes.add(at + 1, target);
      Shape out = new Shape(axes);
      String y = value(out);
      ops.add(new TOp.ScatterAdd(y, cur, target.name(), t));
      kinds.add("scatter_add");
      cur = y;
      shape = out;
      rowMajor = true;
    }

    /** Flattens (or refactors into two axes) a row-major tensor; a strided one is first copied by a map. */
    private void reshape() {
      if (!rowMajor) {
        cur = map(shape, bin(TExpr.Op.ADD, ref(cur), new TExpr.Lit(0.125)));
        rowMajor = true;
      }
      int n = shape.perSample();
      Shape s;
      List<Integer> divisors = new ArrayList<>();
      for (int d = 2; d < n; d++) if (n % d == 0) divisors.add(d);
      if (divisors.isEmpty() || r.nextBoolean()) {
        s = Shape.activation(n);
      } else {
        int d = divisors.get(r.nextInt(divisors.size()));
        s = Shape.of(new Shape.Axis(Shape.BATCH, 0), new Shape.Axis("k", d), new Shape.Axis("unit", n / d));
      }
      String out = value(s);
      ops.add(new TOp.Reshape(out, cur));
      kinds.add("reshape");
      cur = out;
      shape = s;
    }
  }
}
