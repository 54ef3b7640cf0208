package brainc.compiler.passes;

import brainc.ir.model.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A pure transformation of the model IR; it returns its input when it changes nothing. */
public interface ModelPass extends Pass<IrModule, IrModule> {
  /** Applies {@code f} to every expression of neuron models, synapse models and networks. */
  static IrModule mapExprs(IrModule in, UnaryOperator<Expr> f) {
    List<Decl> out = new ArrayList<>();
    boolean changed = false;
    for (Decl d : in.decls()) {
      Decl m = mapDecl(d, f);
      changed |= !m.equals(d);
      out.add(m.equals(d) ? d : m);
    }
    return changed ? new IrModule(in.name(), out) : in;
  }

  private static Decl mapDecl(Decl d, UnaryOperator<Expr> f) {
    if (d instanceof NeuronModel n) {
      return new NeuronModel(n.name(), n.doc(), params(n.params(), f),
          n.states().stream().map(s -> new StateVar(s.name(), s.type(), f.apply(s.initial()), s.doc(), s.origin())).toList(),
          n.inputs().stream().map(p -> new InputPort(p.name(), p.type(), kernel(p.kernel(), f), p.doc(), p.origin())).toList(),
          n.lets().stream().map(l -> new Let(l.name(), f.apply(l.value()), l.origin())).toList(),
          n.odes().stream().map(o -> o.withRhs(f.apply(o.rhs()))).toList(),
          n.steps().stream().map(s -> new StepUpdate(s.variable(), f.apply(s.value()), s.origin())).toList(),
          n.spike().map(s -> new SpikeRule(f.apply(s.condition()), s.surrogate(), stmts(s.reset(), f), s.origin())),
          n.refractory().map(f), n.properties(), n.origin(), n.specializedFrom(), n.drives(), n.heldWhenRefractory());
    }
    if (d instanceof SynapseModel s) {
      return new SynapseModel(s.name(), s.doc(), s.base(), params(s.params(), f),
          s.vars().stream().map(v -> new SynVar(v.name(), v.type(), f.apply(v.initial()), v.doc(), v.origin())).toList(),
          s.traces().stream().map(t -> new Trace(t.name(), t.side(), f.apply(t.tau()), f.apply(t.increment()), t.origin()))
              .toList(),
          s.lets().stream().map(l -> new Let(l.name(), f.apply(l.value()), l.origin())).toList(),
          s.odes().stream().map(o -> o.withRhs(f.apply(o.rhs()))).toList(),
          s.handlers().stream().map(h -> new Handler(h.side(), stmts(h.body(), f), h.origin())).toList(),
          s.modulations().stream().map(m -> new Modulation(m.signal(), stmts(m.body(), f), m.origin())).toList(),
          s.properties(), s.origin(), s.sameStep());
    }
    if (d instanceof Network n) {
      return new Network(n.name(), n.doc(), params(n.params(), f),
          n.lets().stream().map(l -> new Let(l.name(), f.apply(l.value()), l.origin())).toList(),
          n.populations().stream().map(p -> new Population(p.name(), p.model(), p.size(), p.layer(),
              settings(p.overrides(), f), settings(p.initializers(), f), p.split(), p.origin())).toList(),
          n.views(), n.inputs(),
          n.projections().stream().map(p -> new Projection(p.name(), p.source(), p.target(), p.targetPort(),
              p.connectivity(), f.apply(p.weight()), p.delay().map(f), p.synapse(), settings(p.synapseOverrides(), f),
              kernel(p.kernel(), f), p.origin(), p.steps())).toList(),
          n.outputs(), n.signals(), n.monitors().stream().map(m -> m.withEvery(m.every().map(f))).toList(), n.origin());
    }
    return d;
  }

  private static List<Param> params(List<Param> ps, UnaryOperator<Expr> f) {
    return ps.stream().map(p -> new Param(p.name(), p.type(), p.value().map(f), p.range(), p.doc(), p.origin())).toList();
  }

  private static List<Setting> settings(List<Setting> ss, UnaryOperator<Expr> f) {
    return ss.stream().map(s -> new Setting(s.name(), f.apply(s.value()))).toList();
  }

  private static Kernel kernel(Kernel k, UnaryOperator<Expr> f) {
    if (k instanceof ExpKernel e) return new ExpKernel(f.apply(e.tau()));
    if (k instanceof AlphaKernel a) return new AlphaKernel(f.apply(a.tau()));
    return k;
  }

  static List<Stmt> stmts(List<Stmt> body, UnaryOperator<Expr> f) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (s instanceof Assign a) out.add(new Assign(a.target(), a.targetKind(), f.apply(a.value())));
      else if (s instanceof Deliver d) out.add(new Deliver(f.apply(d.amount())));
      else if (s instanceof If i) out.add(new If(f.apply(i.condition()), stmts(i.then(), f), stmts(i.otherwise(), f)));
    }
    return out;
  }

}
