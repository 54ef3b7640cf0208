package brainc.compiler.passes;

import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import java.util.function.UnaryOperator;

/** Tensor operations and expressions with their tensors renamed. */
final class Renaming {
  private Renaming() {}

  static TOp op(TOp op, UnaryOperator<String> f) {
    return op.accept(new TOp.Visitor<TOp>() {
      @Override
      public TOp visit(TOp.Encode e) {
        return new TOp.Encode(f.apply(e.out()), e.kind(), e.args());
      }

      @Override
      public TOp visit(TOp.Dense d) {
        return new TOp.Dense(f.apply(d.out()), f.apply(d.in()), f.apply(d.weight()), d.bias().map(f), d.binaryInput());
      }

      @Override
      public TOp visit(TOp.Map m) {
        return new TOp.Map(f.apply(m.out()), expr(m.expr(), f));
      }

      @Override
      public TOp visit(TOp.DenseInputGrad g) {
        return new TOp.DenseInputGrad(f.apply(g.out()), f.apply(g.grad()), f.apply(g.weight()));
      }

      @Override
      public TOp visit(TOp.DenseParamGrad g) {
        return new TOp.DenseParamGrad(f.apply(g.weightGrad()), g.biasGrad().map(f), f.apply(g.in()), f.apply(g.grad()),
            g.binaryInput());
      }

      @Override
      public TOp visit(TOp.Reduce r) {
        return reduce(r, f);
      }

      @Override
      public TOp visit(TOp.ReduceGrad g) {
        return new TOp.ReduceGrad(f.apply(g.out()), f.apply(g.grad()), reduce(g.of(), f));
      }

      @Override
      public TOp visit(TOp.Reshape r) {
        return new TOp.Reshape(f.apply(r.out()), f.apply(r.in()));
      }

      @Override
      public TOp visit(TOp.Slice s) {
        return new TOp.Slice(f.apply(s.out()), f.apply(s.in()), s.axis(), s.start());
      }

      @Override
      public TOp visit(TOp.Pad p) {
        return new TOp.Pad(f.apply(p.out()), f.apply(p.in()), p.axis(), p.start());
      }

      @Override
      public TOp visit(TOp.Matmul m) {
        return new TOp.Matmul(f.apply(m.out()), f.apply(m.a()), f.apply(m.b()), m.transposeA(), m.transposeB());
      }

      @Override
      public TOp visit(TOp.Dot d) {
        return new TOp.Dot(f.apply(d.out()), f.apply(d.a()), f.apply(d.b()), d.axis());
      }

      // Tables are constants of the program, not tensors: their names stay.
      @Override
      public TOp visit(TOp.Gather g) {
        return new TOp.Gather(f.apply(g.out()), f.apply(g.in()), g.axis(), g.table());
      }

      @Override
      public TOp visit(TOp.ScatterAdd s) {
        return new TOp.ScatterAdd(f.apply(s.out()), f.apply(s.in()), s.axis(), s.table());
      }
    });
  }

  private static TOp.Reduce reduce(TOp.Reduce r, UnaryOperator<String> f) {
    return new TOp.Reduce(f.apply(r.out()), r.kind(), f.apply(r.in()), r.axis(), r.p(), r.k(), r.temperature());
  }

  static TExpr expr(TExpr e, UnaryOperator<String> f) {
    return e.accept(new TExpr.Visitor<TExpr>() {
      @Override
      public TExpr visit(TExpr.Ref r) {
        return new TExpr.Ref(f.apply(r.tensor()));
      }

      @Override
      public TExpr visit(TExpr.Lit l) {
        return l;
      }

      @Override
      public TExpr visit(TExpr.Bin b) {
        return new TExpr.Bin(b.op(), expr(b.left(), f), expr(b.right(), f));
      }

      @Override
      public TExpr visit(TExpr.Neg n) {
        return new TExpr.Neg(expr(n.operand(), f));
      }

      @Override
      public TExpr visit(TExpr.Step s) {
        return new TExpr.Step(expr(s.margin(), f), s.strict(), s.surrogate());
      }

      @Override
      public TExpr visit(TExpr.Select s) {
        return new TExpr.Select(expr(s.cond(), f), expr(s.then(), f), expr(s.otherwise(), f));
      }

      @Override
      public TExpr visit(TExpr.Detach d) {
        return new TExpr.Detach(expr(d.operand(), f));
      }

      @Override
      public TExpr visit(TExpr.SurrogateGrad g) {
        return new TExpr.SurrogateGrad(g.surrogate(), expr(g.margin(), f));
      }

      @Override
      public TExpr visit(TExpr.Call c) {
        return new TExpr.Call(c.fn(), c.args().stream().map(a -> expr(a, f)).toList());
      }
    });
  }
}
