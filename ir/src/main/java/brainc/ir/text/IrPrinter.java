package brainc.ir.text;

import brainc.ir.model.*;
import brainc.ir.source.Span;
import brainc.ir.types.Bool;
import brainc.ir.types.Entity;
import brainc.ir.types.Real;
import brainc.ir.types.Str;
import brainc.ir.types.Type;
import brainc.ir.types.TypeVisitor;
import brainc.ir.types.Vec;
import java.util.List;
import java.util.Locale;

/**
 * Writes a module as IR text that {@link IrParser} reads back to an equal module. The output is
 * deterministic: one block per declaration, members in a fixed order by kind, two-space indents,
 * doubles as {@link Double#toString} writes them, and every origin as {@code @source:start..end}.
 *
 * <pre>
 * neuron LIF @"lif.brain":0..120 {
 *   param tau_m : real[s] = 0.02[s] @"lif.brain":14..30
 *   ode v = ((param v_rest : real[m^2*kg*s^-3*A^-1] - state v : real[m^2*kg*s^-3*A^-1]) / param tau_m : real[s]) @"lif.brain":60..90
 * }
 * </pre>
 */
public final class IrPrinter {
  private final StringBuilder out = new StringBuilder();
  private int indent;

  private IrPrinter() {}

  public static String print(IrModule module) {
    IrPrinter p = new IrPrinter();
    p.module(module);
    return p.out.toString();
  }

  /** One expression in the IR text syntax, as used in messages and tests. */
  public static String print(Expr e) {
    return e.accept(new ExprWriter());
  }

  /** One type in the IR text syntax. */
  public static String print(Type t) {
    return t.accept(TYPE);
  }

  // ---- layout ----

  private void line(String text) {
    out.append("  ".repeat(indent)).append(text).append('\n');
  }

  private void open(String header) {
    line(header + " {");
    indent++;
  }

  private void close() {
    indent--;
    line("}");
  }

  private void module(IrModule m) {
    line("module " + Lexemes.name(m.name()));
    for (Decl d : m.decls()) {
      out.append('\n');
      d.accept(new DeclWriter());
    }
  }

  // ---- leaves ----

  static String origin(Origin o) {
    Span s = o.span();
    return "@" + Lexemes.name(s.source().name()) + ":" + s.start() + ".." + s.end();
  }

  private static String name(String n) {
    return Lexemes.name(n);
  }

  private static String names(List<String> ns) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < ns.size(); i++) {
      if (i > 0) b.append(", ");
      b.append(name(ns.get(i)));
    }
    return b.append(']').toString();
  }

  private static String steps(List<LinearStep> steps) {
    if (steps.isEmpty()) return "";
    StringBuilder b = new StringBuilder(" steps [");
    for (int i = 0; i < steps.size(); i++) {
      LinearStep s = steps.get(i);
      if (i > 0) b.append(", ");
      b.append(name(s.variable())).append(" * ").append(num(s.factor())).append(" + ").append(num(s.offset()));
    }
    return b.append(']').toString();
  }

  private static String num(double d) {
    return Double.toString(d);
  }

  private static String expr(Expr e) {
    return print(e);
  }

  private static String docSuffix(String doc) {
    return doc.isEmpty() ? "" : " doc " + Lexemes.quote(doc);
  }

  static String settings(List<Setting> settings) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < settings.size(); i++) {
      if (i > 0) b.append(", ");
      b.append(name(settings.get(i).name())).append(" = ").append(expr(settings.get(i).value()));
    }
    return b.append(')').toString();
  }

  private static final TypeVisitor<String> TYPE = new TypeVisitor<>() {
    @Override
    public String visit(Real t) {
      return t.dim().isNone() ? "real" : "real[" + t.dim() + "]";
    }

    @Override
    public String visit(Bool t) {
      return "bool";
    }

    @Override
    public String visit(Str t) {
      return "str";
    }

    @Override
    public String visit(Vec t) {
      return "vec(" + print(t.element()) + ", " + t.size() + ")";
    }

    @Override
    public String visit(brainc.ir.types.Enum t) {
      return "enum(" + name(t.name()) + ", " + names(t.levels()) + ")";
    }

    @Override
    public String visit(Entity t) {
      return "entity(" + name(t.kind()) + ")";
    }
  };

  /** Writes expressions; inner nodes get a {@code : type} suffix only when it is not derivable. */
  private static final class ExprWriter implements ExprVisitor<String> {
    private static String suffix(Type actual, Type derived) {
      return actual.equals(derived) ? "" : " : " + print(actual);
    }

    @Override
    public String visit(Const e) {
      Real t = (Real) e.type();
      return num(e.value()) + (t.dim().isNone() ? "" : "[" + t.dim() + "]");
    }

    @Override
    public String visit(BoolConst e) {
      return Boolean.toString(e.value());
    }

    @Override
    public String visit(StrConst e) {
      return Lexemes.quote(e.value());
    }

    @Override
    public String visit(Ref e) {
      return e.kind().keyword() + " " + name(e.name()) + " : " + print(e.type());
    }

    @Override
    public String visit(Unary e) {
      return "(" + e.op().symbol() + " " + e.operand().accept(this) + ")"
          + suffix(e.type(), DerivedTypes.unary(e.op(), e.operand()));
    }

    @Override
    public String visit(Binary e) {
      return "(" + e.left().accept(this) + " " + e.op().symbol() + " " + e.right().accept(this) + ")"
          + suffix(e.type(), DerivedTypes.binary(e.op(), e.left(), e.right()));
    }

    @Override
    public String visit(Call e) {
      StringBuilder b = new StringBuilder(name(e.function())).append('(');
      for (int i = 0; i < e.args().size(); i++) {
        if (i > 0) b.append(", ");
        b.append(e.args().get(i).accept(this));
      }
      return b.append(") : ").append(print(e.type())).toString();
    }

    @Override
    public String visit(Select e) {
      return "(if " + e.condition().accept(this) + " then " + e.then().accept(this) + " else "
          + e.otherwise().accept(this) + ")" + suffix(e.type(), DerivedTypes.select(e.then()));
    }

    @Override
    public String visit(VecLit e) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < e.elements().size(); i++) {
        if (i > 0) b.append(", ");
        b.append(e.elements().get(i).accept(this));
      }
      return b.append(']').append(suffix(e.type(), DerivedTypes.vector(e.elements()))).toString();
    }

    @Override
    public String visit(Interval e) {
      return "(" + e.low().accept(this) + " .. " + e.high().accept(this) + ")"
          + suffix(e.type(), DerivedTypes.interval(e.low()));
    }
  }

  // ---- statements ----

  private void block(String header, List<Stmt> body) {
    open(header);
    for (Stmt s : body) s.accept(stmtWriter);
    close();
  }

  private final StmtVisitor<Void> stmtWriter = new StmtVisitor<>() {
    @Override
    public Void visit(Assign s) {
      line(s.targetKind().keyword() + " " + name(s.target()) + " = " + expr(s.value()));
      return null;
    }

    @Override
    public Void visit(Deliver s) {
      line("deliver " + expr(s.amount()));
      return null;
    }

    @Override
    public Void visit(If s) {
      open("if " + expr(s.condition()));
      for (Stmt t : s.then()) t.accept(this);
      indent--;
      if (s.otherwise().isEmpty()) {
        line("}");
      } else {
        line("} else {");
        indent++;
        for (Stmt t : s.otherwise()) t.accept(this);
        close();
      }
      return null;
    }
  };

  // ---- members shared by several declarations ----

  private void doc(String doc) {
    if (!doc.isEmpty()) line("doc " + Lexemes.quote(doc));
  }

  private void params(List<Param> params) {
    for (Param p : params) {
      line("param " + name(p.name()) + " : " + print(p.type())
          + p.value().map(v -> " = " + expr(v)).orElse("")
          + p.range().map(r -> " range " + expr(r)).orElse("")
          + docSuffix(p.doc()) + " " + origin(p.origin()));
    }
  }

  private void lets(List<Let> lets) {
    for (Let l : lets) line("let " + name(l.name()) + " = " + expr(l.value()) + " " + origin(l.origin()));
  }

  private void odes(List<Ode> odes) {
    for (Ode o : odes) {
      line("ode " + name(o.variable()) + " = " + expr(o.rhs())
          + o.method().map(m -> " method " + m.method().spelling() + " " + origin(m.origin())).orElse("")
          + " " + origin(o.origin()));
    }
  }

  private void outputs(List<Output> outputs) {
    for (Output o : outputs) {
      line("output " + name(o.name()) + " = " + expr(o.readout()) + " " + origin(o.origin()));
    }
  }

  static String kernel(Kernel k) {
    return k.accept(new KernelVisitor<>() {
      @Override
      public String visit(DeltaKernel k) {
        return "delta";
      }

      @Override
      public String visit(ExpKernel k) {
        return "exp(" + expr(k.tau()) + ")";
      }

      @Override
      public String visit(AlphaKernel k) {
        return "alpha(" + expr(k.tau()) + ")";
      }
    });
  }

  static String connectivity(Connectivity c) {
    return c.accept(new ConnectivityVisitor<>() {
      @Override
      public String visit(AllToAll c) {
        return "all_to_all";
      }

      @Override
      public String visit(OneToOne c) {
        return "one_to_one";
      }

      @Override
      public String visit(Probability c) {
        return "probability(" + num(c.p()) + ")";
      }

      @Override
      public String visit(FixedFanIn c) {
        return "fan_in(" + c.k() + ")";
      }

      @Override
      public String visit(FixedFanOut c) {
        return "fan_out(" + c.k() + ")";
      }

      @Override
      public String visit(Dense c) {
        return "dense";
      }
    });
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private void properties(List<Property> properties) {
    for (Property p : properties) {
      String head = "property " + name(p.name()) + " " + origin(p.origin()) + " ";
      line(head + p.body().accept(new PropertyBodyVisitor<String>() {
        @Override
        public String visit(Invariant b) {
          return "invariant " + expr(b.condition());
        }

        @Override
        public String visit(Scenario b) {
          StringBuilder s = new StringBuilder("scenario [");
          for (int i = 0; i < b.events().size(); i++) {
            if (i > 0) s.append(", ");
            s.append(lower(b.events().get(i)));
          }
          s.append(']');
          b.window().ifPresent(w -> s.append(" window ").append(expr(w)));
          s.append(" given ").append(settings(b.given()));
          s.append(" outcome ").append(name(b.outcome().variable())).append(' ')
              .append(lower(b.outcome().trend()));
          return s.toString();
        }
      }));
    }
  }

  static String formula(Formula f) {
    return f.accept(new FormulaVisitor<>() {
      @Override
      public String visit(Atom a) {
        StringBuilder b = new StringBuilder(name(a.predicate())).append('(');
        for (int i = 0; i < a.terms().size(); i++) {
          if (i > 0) b.append(", ");
          b.append(name(a.terms().get(i)));
        }
        return b.append(')').toString();
      }

      @Override
      public String visit(Not n) {
        return "(not " + n.operand().accept(this) + ")";
      }

      @Override
      public String visit(And n) {
        return "(" + n.left().accept(this) + " and " + n.right().accept(this) + ")";
      }

      @Override
      public String visit(Or n) {
        return "(" + n.left().accept(this) + " or " + n.right().accept(this) + ")";
      }

      @Override
      public String visit(Implies n) {
        return "(" + n.left().accept(this) + " -> " + n.right().accept(this) + ")";
      }

      @Override
      public String visit(Equiv n) {
        return "(" + n.left().accept(this) + " <-> " + n.right().accept(this) + ")";
      }

      @Override
      public String visit(ForAll n) {
        return "(forall " + names(n.vars()) + " " + n.body().accept(this) + ")";
      }

      @Override
      public String visit(Exists n) {
        return "(exists " + names(n.vars()) + " " + n.body().accept(this) + ")";
      }
    });
  }

  // ---- declarations ----

  private final class DeclWriter implements DeclVisitor<Void> {
    private void header(String keyword, Decl d) {
      open(keyword + " " + name(d.name()) + " " + origin(d.origin()));
      doc(d.doc());
    }

    @Override
    public Void visit(NeuronModel n) {
      header("neuron", n);
      n.specializedFrom().ifPresent(f -> line("from " + name(f)));
      for (DriveState d : n.drives()) {
        line("drive " + name(d.port()) + " " + d.kind().keyword() + " tau " + num(d.tau()) + " jump "
            + name(d.jumpState()) + " read " + name(d.readState()));
      }
      params(n.params());
      for (StateVar s : n.states()) {
        line("state " + name(s.name()) + " : " + print(s.type()) + " = " + expr(s.initial())
            + docSuffix(s.doc()) + " " + origin(s.origin()));
      }
      for (InputPort i : n.inputs()) {
        line("input " + name(i.name()) + " : " + print(i.type()) + " kernel " + kernel(i.kernel())
            + docSuffix(i.doc()) + " " + origin(i.origin()));
      }
      lets(n.lets());
      odes(n.odes());
      for (StepUpdate s : n.steps()) {
        line("step " + name(s.variable()) + " = " + expr(s.value()) + " " + origin(s.origin()));
      }
      n.spike().ifPresent(s -> block("spike when " + expr(s.condition())
          + s.surrogate().map(g -> " surrogate " + name(g.kind()) + " " + settings(g.settings())).orElse("")
          + " " + origin(s.origin()), s.reset()));
      n.refractory().ifPresent(r -> line("refractory " + expr(r)));
      for (String v : n.heldWhenRefractory()) line("held_when_refractory " + name(v));
      properties(n.properties());
      close();
      return null;
    }

    @Override
    public Void visit(SynapseModel s) {
      header("synapse", s);
      s.base().ifPresent(b -> line("base " + name(b)));
      if (s.sameStep() != Pairing.UNPAIRED) line("same_step " + s.sameStep().keyword());
      params(s.params());
      for (SynVar v : s.vars()) {
        line("var " + name(v.name()) + " : " + print(v.type()) + " = " + expr(v.initial())
            + docSuffix(v.doc()) + " " + origin(v.origin()));
      }
      for (Trace t : s.traces()) {
        line("trace " + name(t.name()) + " " + lower(t.side()) + " tau " + expr(t.tau()) + " inc "
            + expr(t.increment()) + " " + origin(t.origin()));
      }
      lets(s.lets());
      odes(s.odes());
      for (Handler h : s.handlers()) block("on " + lower(h.side()) + " " + origin(h.origin()), h.body());
      for (Modulation m : s.modulations()) {
        block("modulated " + name(m.signal()) + " " + origin(m.origin()), m.body());
      }
      properties(s.properties());
      close();
      return null;
    }

    @Override
    public Void visit(Network n) {
      header("network", n);
      params(n.params());
      lets(n.lets());
      for (Population p : n.populations()) {
        line("population " + name(p.name()) + " = " + name(p.model()) + "[" + p.size() + "]"
            + (p.layer() ? " layer" : "")
            + (p.overrides().isEmpty() ? "" : " overrides " + settings(p.overrides()))
            + (p.initializers().isEmpty() ? "" : " init " + settings(p.initializers()))
            + p.split().map(s -> " split " + num(s.excitatoryFraction())).orElse("")
            + " " + origin(p.origin()));
      }
      for (PopulationView v : n.views()) {
        line("view " + name(v.name()) + " = " + name(v.parent()) + "[" + v.start() + " .. " + v.end()
            + "] " + origin(v.origin()));
      }
      for (InputGroup i : n.inputs()) {
        line("input " + name(i.name()) + "[" + i.size() + "] encode " + name(i.encoder().kind()) + " "
            + settings(i.encoder().settings()) + " " + origin(i.origin()));
      }
      for (Projection p : n.projections()) {
        line("projection " + name(p.name()) + " : " + name(p.source()) + " -> " + name(p.target())
            + " port " + name(p.targetPort()) + " connect " + connectivity(p.connectivity())
            + " weight " + expr(p.weight())
            + p.delay().map(d -> " delay " + expr(d)).orElse("")
            + p.synapse().map(s -> " synapse " + name(s)).orElse("")
            + (p.synapseOverrides().isEmpty() ? "" : " with " + settings(p.synapseOverrides()))
            + " kernel " + kernel(p.kernel()) + steps(p.steps()) + " " + origin(p.origin()));
      }
      outputs(n.outputs());
      for (Signal s : n.signals()) {
        line("signal " + name(s.name()) + " = " + expr(s.value()) + " " + origin(s.origin()));
      }
      for (Monitor m : n.monitors()) {
        line("monitor " + name(m.variable()) + " of " + names(m.targets())
            + m.post().map(p -> " to " + name(p)).orElse("")
            + m.every().map(e -> " every " + expr(e)).orElse("") + (m.atEnd() ? " at end" : "")
            + " " + origin(m.origin()));
      }
      close();
      return null;
    }

    @Override
    public Void visit(HtmRegion r) {
      header("region", r);
      line("settings " + settings(r.settings()));
      for (HtmEncoder e : r.encoders()) {
        line("encoder " + name(e.field()) + " " + name(e.kind()) + " " + settings(e.settings()) + " "
            + origin(e.origin()));
      }
      line("spatial_pooler " + settings(r.spatialPooler()));
      line("temporal_memory " + settings(r.temporalMemory()));
      line("anomaly " + name(r.anomaly().kind()) + " " + settings(r.anomaly().settings()));
      close();
      return null;
    }

    @Override
    public Void visit(Workspace w) {
      header("workspace", w);
      for (WorkspaceModule m : w.modules()) {
        line("module " + name(m.name()) + " : " + m.size() + " " + origin(m.origin()));
      }
      line("width " + w.width());
      line("capacity " + w.capacity());
      line("select " + name(w.selection()));
      line("salience " + name(w.salience()));
      line("temperature " + num(w.temperature()));
      line("broadcast " + names(w.broadcastTo()));
      line("memory " + name(w.memory().kind()) + " " + settings(w.memory().settings()));
      outputs(w.outputs());
      close();
      return null;
    }

    @Override
    public Void visit(Agent a) {
      header("agent", a);
      for (Factor f : a.factors()) line("factor " + name(f.name()) + " " + names(f.levels()) + " " + origin(f.origin()));
      for (Modality m : a.modalities()) {
        line("modality " + name(m.name()) + " " + names(m.levels()) + " depends " + names(m.dependsOn())
            + " matrix " + name(m.matrixName()) + " = " + expr(m.likelihood()) + " " + origin(m.origin()));
      }
      for (Control c : a.controls()) {
        line("control " + name(c.name()) + " " + names(c.actions()) + " factor " + name(c.factor())
            + " matrix " + name(c.matrixName()) + " = " + expr(c.transition()) + " " + origin(c.origin()));
      }
      for (Preference p : a.preferences()) {
        line("preference " + name(p.modality()) + " matrix " + name(p.matrixName()) + " = "
            + expr(p.values()) + " " + origin(p.origin()));
      }
      for (Prior p : a.priors()) {
        line("prior " + name(p.factor()) + " matrix " + name(p.matrixName()) + " = " + expr(p.values())
            + " " + origin(p.origin()));
      }
      Planning p = a.planning();
      line("planning horizon " + p.horizon() + " objective " + name(p.objective()) + " "
          + settings(p.settings()));
      close();
      return null;
    }

    @Override
    public Void visit(RuleBase r) {
      header("rules", r);
      line("logic " + name(r.logic()) + " " + settings(r.settings()));
      for (Predicate p : r.predicates()) {
        line("predicate " + name(p.name()) + " / " + p.arity() + " " + origin(p.origin()));
      }
      for (Rule rule : r.rules()) {
        line("rule " + name(rule.name()) + " confidence " + num(rule.confidence()) + " : "
            + formula(rule.formula()) + " " + origin(rule.origin()));
      }
      for (Fact f : r.facts()) {
        line("fact " + formula(f.atom()) + " = " + num(f.truth()) + " " + origin(f.origin()));
      }
      for (Atom q : r.queries()) line("query " + formula(q));
      close();
      return null;
    }

    @Override
    public Void visit(MetaLoop m) {
      header("meta", m);
      line("algorithm " + name(m.algorithm()));
      StringBuilder args = new StringBuilder("[");
      for (int i = 0; i < m.model().arguments().size(); i++) {
        if (i > 0) args.append(", ");
        args.append(expr(m.model().arguments().get(i)));
      }
      args.append(']');
      line("model " + name(m.model().kind()) + " " + args + " " + settings(m.model().settings()));
      line("tasks " + name(m.tasks().kind()) + " " + settings(m.tasks().settings()));
      line("inner " + settings(m.inner()));
      line("outer " + settings(m.outer()));
      m.gate().ifPresent(g -> line("gate " + name(g)));
      close();
      return null;
    }

    @Override
    public Void visit(RunSpec r) {
      header("run", r);
      line("target " + name(r.target()));
      line("duration " + expr(r.duration()));
      line("dt " + expr(r.dt()));
      line("seed " + r.seed());
      line("settings " + settings(r.settings()));
      close();
      return null;
    }

    @Override
    public Void visit(TrainSpec t) {
      header("train", t);
      line("target " + name(t.target()));
      line("source " + name(t.sourceKind()) + " " + name(t.source()) + " " + settings(t.sourceSettings()));
      line("settings " + settings(t.settings()));
      for (CurriculumPhase p : t.curriculum()) {
        line("phase " + name(p.name()) + p.until().map(u -> " until " + expr(u)).orElse("") + " "
            + origin(p.origin()));
      }
      close();
      return null;
    }

    @Override
    public Void visit(DetectSpec d) {
      header("detect", d);
      line("target " + name(d.target()));
      line("input " + Lexemes.quote(d.input()));
      d.output().ifPresent(o -> line("output " + name(o)));
      for (String r : d.reports()) line("report " + name(r));
      close();
      return null;
    }
  }
}
