package brainc.compiler.syntax;

import brainc.compiler.ast.Decl;
import brainc.compiler.ast.Expr;
import brainc.compiler.ast.FileAst;
import brainc.compiler.ast.Formula;
import brainc.compiler.ast.Ident;
import brainc.compiler.ast.Member;
import brainc.compiler.ast.QualifiedName;
import brainc.compiler.ast.Statement;
import brainc.compiler.ast.Stmt;
import brainc.grammar.BrainLexer;
import brainc.grammar.BrainParser;
import brainc.grammar.BrainParser.*;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds the AST from a parse tree. The tree may contain error nodes and missing children after
 * recovery; the builder turns those into empty idents and {@link Expr.Missing} nodes (already
 * reported) and never throws. It also attaches {@code ///} doc comments to the declarations
 * below them.
 */
public final class AstBuilder {
  private final ParsedFile parsed;
  private final Spans spans;
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  private AstBuilder(ParsedFile parsed) {
    this.parsed = parsed;
    this.spans = parsed.spans();
  }

  /** The AST of a parsed file, with any problems found while building it (bad numbers). */
  public static Result build(ParsedFile parsed) {
    AstBuilder b = new AstBuilder(parsed);
    FileAst ast = b.file(parsed.tree());
    return new Result(ast, List.copyOf(b.diagnostics));
  }

  public record Result(FileAst ast, List<Diagnostic> diagnostics) {}

  // ------------------------------------------------------------------------------------------
  // Files and declarations
  // ------------------------------------------------------------------------------------------

  private FileAst file(FileContext ctx) {
    Optional<QualifiedName> pkg = ctx.packageDecl() == null || ctx.packageDecl().name == null
        ? Optional.empty()
        : Optional.of(qname(ctx.packageDecl().name));
    List<Member.Use> uses = new ArrayList<>();
    List<Decl> decls = new ArrayList<>();
    List<Statement> statements = new ArrayList<>();
    for (TopLevelContext t : ctx.topLevel()) {
      if (t.useDecl() != null) uses.add(use(t.useDecl()));
      else if (t.neuronDecl() != null) decls.add(neuron(t.neuronDecl()));
      else if (t.synapseDecl() != null) decls.add(synapse(t.synapseDecl()));
      else if (t.networkDecl() != null) decls.add(network(t.networkDecl(), uses));
      else if (t.regionDecl() != null) decls.add(region(t.regionDecl()));
      else if (t.workspaceDecl() != null) decls.add(workspace(t.workspaceDecl()));
      else if (t.agentDecl() != null) decls.add(agent(t.agentDecl()));
      else if (t.rulesDecl() != null) decls.add(rules(t.rulesDecl()));
      else if (t.metaDecl() != null) decls.add(meta(t.metaDecl()));
      else if (t.runStmt() != null) statements.add(run(t.runStmt()));
      else if (t.trainStmt() != null) statements.add(train(t.trainStmt()));
      else if (t.detectStmt() != null) statements.add(detect(t.detectStmt()));
    }
    return new FileAst(spans.file(), pkg, uses, decls, statements);
  }

  private Member.Use use(UseDeclContext c) {
    return new Member.Use(qname(c.name), opt(c.alias).map(this::ident), span(c));
  }

  private Decl neuron(NeuronDeclContext c) {
    List<Member> ms = new ArrayList<>();
    for (NeuronMemberContext m : c.neuronMember()) {
      Member built = modelMember(m);
      if (built != null) ms.add(built);
    }
    return new Decl.Neuron(ident(c.name), opt(c.base).map(this::qname), ms, doc(c), span(c));
  }

  /** A member of a neuron or synapse body; the checker decides whether it belongs there. */
  private Member modelMember(ParserRuleContext m) {
    ParamDeclContext param = m.getRuleContext(ParamDeclContext.class, 0);
    if (param != null) return param(param);
    StateDeclContext state = m.getRuleContext(StateDeclContext.class, 0);
    if (state != null) {
      StateDeclContext s = state;
      return new Member.State(ident(s.name), opt(s.type).map(this::type), opt(s.value).map(this::expr), doc(s), span(s));
    }
    InputDeclContext input = m.getRuleContext(InputDeclContext.class, 0);
    if (input != null) {
      InputDeclContext s = input;
      return new Member.Input(ident(s.name), opt(s.type).map(this::type), opt(s.kernel).map(this::call), doc(s), span(s));
    }
    LetDeclContext let = m.getRuleContext(LetDeclContext.class, 0);
    if (let != null) return let(let);
    EquationContext eq = m.getRuleContext(EquationContext.class, 0);
    if (eq != null) return equation(eq);
    StepDeclContext step = m.getRuleContext(StepDeclContext.class, 0);
    if (step != null) {
      StepDeclContext s = step;
      return new Member.Step(ident(s.name), assignOp(s.op), expr(s.value), doc(s), span(s));
    }
    SpikeDeclContext spike = m.getRuleContext(SpikeDeclContext.class, 0);
    if (spike != null) {
      SpikeDeclContext s = spike;
      return new Member.Spike(expr(s.condition), opt(s.surrogate).map(this::call),
          s.body == null ? List.of() : block(s.body), span(s));
    }
    RefractoryDeclContext refr = m.getRuleContext(RefractoryDeclContext.class, 0);
    if (refr != null) {
      return refr.condition != null ? new Member.Refractory(expr(refr.condition), true, span(refr))
          : new Member.Refractory(expr(refr.period), span(refr));
    }
    MethodDeclContext method = m.getRuleContext(MethodDeclContext.class, 0);
    if (method != null) return new Member.Method(ident(method.name), span(method));
    PropertyDeclContext prop = m.getRuleContext(PropertyDeclContext.class, 0);
    if (prop != null) return property(prop);
    VarDeclContext var = m.getRuleContext(VarDeclContext.class, 0);
    if (var != null) {
      VarDeclContext s = var;
      return new Member.Var(ident(s.name), opt(s.type).map(this::type), opt(s.value).map(this::expr), doc(s), span(s));
    }
    TraceDeclContext trace = m.getRuleContext(TraceDeclContext.class, 0);
    if (trace != null) {
      TraceDeclContext s = trace;
      return new Member.Trace(ident(s.name), expr(s.tau), side(s.side()), assignOp(s.op), expr(s.value), doc(s), span(s));
    }
    OnDeclContext on = m.getRuleContext(OnDeclContext.class, 0);
    if (on != null) {
      OnDeclContext s = on;
      return new Member.On(side(s.side()), s.body == null ? List.of() : block(s.body), span(s.side()), span(s));
    }
    SameStepDeclContext same = m.getRuleContext(SameStepDeclContext.class, 0);
    if (same != null) return new Member.SameStep(ident(same.pairing), span(same));
    ModulatedDeclContext mod = m.getRuleContext(ModulatedDeclContext.class, 0);
    if (mod != null) {
      ModulatedDeclContext s = mod;
      return new Member.Modulated(ident(s.signal), s.body == null ? List.of() : block(s.body), span(s));
    }
    return null;
  }

  private Member.Param param(ParamDeclContext s) {
    return new Member.Param(ident(s.name), opt(s.type).map(this::type), opt(s.value).map(this::expr),
        opt(s.range).map(this::expr), doc(s), span(s));
  }

  private Member.Let let(LetDeclContext s) {
    return new Member.Let(ident(s.name), opt(s.type).map(this::type), expr(s.value), doc(s), span(s));
  }

  private Member.Equation equation(EquationContext s) {
    return new Member.Equation(ident(s.name), s.primes.size(), expr(s.value), opt(s.method).map(this::ident),
        s.unless != null, doc(s), span(s));
  }

  private Member.Property property(PropertyDeclContext p) {
    Member.PropertyBody body;
    if (p.propertyBody() instanceof InvariantPropertyContext inv) {
      body = new Member.PropertyBody.Invariant(expr(inv.condition), span(inv));
    } else if (p.propertyBody() instanceof ScenarioPropertyContext sc) {
      ScenarioContext s = sc.scenario();
      List<Member.Event> events = new ArrayList<>();
      List<Member.Setting> given = new ArrayList<>();
      Optional<Expr> window = Optional.empty();
      if (s != null) {
        for (ScenarioEventContext e : s.events) events.add(event(e));
        window = opt(s.window).map(this::expr);
        for (NamedArgContext g : s.given) given.add(new Member.Setting(ident(g.name), expr(g.value), span(g)));
      }
      OutcomeContext o = sc.outcome();
      Ident variable = o == null ? missingIdent(sc) : ident(o.variable);
      Member.Trend trend = o == null || o.trend == null ? Member.Trend.UNCHANGED : switch (o.trend.getText()) {
        case "increases" -> Member.Trend.INCREASES;
        case "decreases" -> Member.Trend.DECREASES;
        default -> Member.Trend.UNCHANGED;
      };
      body = new Member.PropertyBody.Scenario(events, window, given, variable, trend, span(sc));
    } else {
      body = new Member.PropertyBody.Invariant(new Expr.Missing(span(p)), span(p));
    }
    return new Member.Property(ident(p.name), body, doc(p), span(p));
  }

  private Member.Event event(ScenarioEventContext e) {
    String first = e.getStart().getText();
    Member.EventKind k = switch (first) {
      case "pre" -> Member.EventKind.PRE;
      case "post" -> Member.EventKind.POST;
      case "no" -> Member.EventKind.NO_SPIKES;
      default -> Member.EventKind.ANY_SPIKES;
    };
    return new Member.Event(k, span(e));
  }

  private Decl synapse(SynapseDeclContext c) {
    List<Member> ms = new ArrayList<>();
    for (SynapseMemberContext m : c.synapseMember()) {
      Member built = modelMember(m);
      if (built != null) ms.add(built);
    }
    return new Decl.Synapse(ident(c.name), opt(c.base).map(this::qname), ms, doc(c), span(c));
  }

  private Member.Side side(SideContext s) {
    return s != null && s.getText().equals("post") ? Member.Side.POST : Member.Side.PRE;
  }

  private Decl network(NetworkDeclContext c, List<Member.Use> fileUses) {
    List<Member> ms = new ArrayList<>();
    for (NetworkMemberContext m : c.networkMember()) {
      if (m.useDecl() != null) {
        Member.Use u = use(m.useDecl());
        ms.add(u);
      } else if (m.paramDecl() != null) {
        ms.add(param(m.paramDecl()));
      } else if (m.letDecl() != null) {
        ms.add(let(m.letDecl()));
      } else if (m.populationDecl() != null) {
        PopulationDeclContext p = m.populationDecl();
        boolean layer = p.kind != null && p.kind.getText().equals("layer");
        ms.add(new Member.Population(ident(p.name), layer,
            p.source == null ? new QualifiedName(List.of(missingIdent(p)), span(p)) : qname(p.source),
            expr(p.size), overrides(p.overrides), doc(p), span(p)));
      } else if (m.inputGroupDecl() != null) {
        InputGroupDeclContext g = m.inputGroupDecl();
        ms.add(new Member.InputGroup(ident(g.name), opt(g.size).map(this::expr), opt(g.encoder).map(this::call),
            doc(g), span(g)));
      } else if (m.connectDecl() != null) {
        ms.add(connect(m.connectDecl()));
      } else if (m.outputDecl() != null) {
        ms.add(output(m.outputDecl()));
      } else if (m.signalDecl() != null) {
        SignalDeclContext s = m.signalDecl();
        ms.add(new Member.Signal(ident(s.name), expr(s.value), doc(s), span(s)));
      } else if (m.monitorDecl() != null) {
        MonitorDeclContext s = m.monitorDecl();
        List<Ident> what = new ArrayList<>();
        for (IdentContext w : s.what) what.add(ident(w));
        ms.add(new Member.Monitor(what, endpoints(s.targets), opt(s.post).map(this::endpoint),
            opt(s.every).map(this::expr), opt(s.when).map(this::ident), span(s)));
      }
    }
    return new Decl.Network(ident(c.name), ms, doc(c), span(c));
  }

  private Member.Output output(OutputDeclContext s) {
    return new Member.Output(ident(s.name), expr(s.value), opt(s.when).map(this::ident), doc(s), span(s));
  }

  private List<Member.Override> overrides(OverrideBlockContext b) {
    List<Member.Override> out = new ArrayList<>();
    if (b == null) return out;
    for (OverrideContext o : b.override()) {
      boolean flag = o.getChildCount() > 1 && !"=".equals(o.getChild(1).getText());
      out.add(new Member.Override(ident(o.name), expr(o.value), flag, span(o)));
    }
    return out;
  }

  private Member.Connect connect(ConnectDeclContext c) {
    List<List<Member.Endpoint>> stages = new ArrayList<>();
    for (EndpointsContext e : c.stages) stages.add(endpoints(e));
    List<Member.ConnectClause> clauses = new ArrayList<>();
    for (ConnectClauseContext cl : c.connectClause()) {
      Span s = span(cl);
      if (cl instanceof WeightClauseContext w) clauses.add(new Member.ConnectClause.Weight(expr(w.weight), s));
      else if (cl instanceof DelayClauseContext d) clauses.add(new Member.ConnectClause.Delay(expr(d.delay), s));
      else if (cl instanceof ProbabilityClauseContext p) clauses.add(new Member.ConnectClause.Probability(expr(p.p), s));
      else if (cl instanceof FanInClauseContext f) clauses.add(new Member.ConnectClause.FanIn(expr(f.k), s));
      else if (cl instanceof FanOutClauseContext f) clauses.add(new Member.ConnectClause.FanOut(expr(f.k), s));
      else if (cl instanceof AllClauseContext) clauses.add(new Member.ConnectClause.AllToAll(s));
      else if (cl instanceof OneToOneClauseContext) clauses.add(new Member.ConnectClause.OneToOne(s));
      else if (cl instanceof DenseClauseContext) clauses.add(new Member.ConnectClause.Dense(s));
      else if (cl instanceof ViaClauseContext v) {
        List<Member.ViaItem> items = new ArrayList<>();
        for (ViaItemContext i : v.via) {
          Optional<List<Expr.Arg>> args = i.getChildCount() > 1 && "(".equals(i.getChild(1).getText())
              ? Optional.of(args(i.args())) : Optional.empty();
          items.add(new Member.ViaItem(ident(i.name), args, overrides(i.overrides), span(i)));
        }
        clauses.add(new Member.ConnectClause.Via(items, s));
      }
    }
    return new Member.Connect(stages, clauses, doc(c), span(c));
  }

  private List<Member.Endpoint> endpoints(EndpointsContext c) {
    List<Member.Endpoint> out = new ArrayList<>();
    if (c == null) return out;
    for (EndpointContext e : c.endpoint()) out.add(endpoint(e));
    return out;
  }

  private Member.Endpoint endpoint(EndpointContext e) {
    return new Member.Endpoint(ident(e.name), opt(e.slice).map(this::expr), opt(e.port).map(this::ident), span(e));
  }

  private Decl region(RegionDeclContext c) {
    List<Member> ms = new ArrayList<>();
    for (RegionMemberContext m : c.regionMember()) {
      if (m instanceof EncodeMemberContext e) ms.add(new Member.Encode(ident(e.field), call(e.encoder), span(e)));
      else if (m instanceof AnomalyMemberContext a) ms.add(new Member.Anomaly(call(a.model), span(a)));
      else if (m instanceof SectionMemberContext s) ms.add(section(s.section()));
    }
    return new Decl.Region(ident(c.name), call(c.family), ms, doc(c), span(c));
  }

  private Member.Section section(SectionContext s) {
    List<Member.Setting> settings = new ArrayList<>();
    if (s != null) {
      for (SettingContext st : s.setting()) settings.add(new Member.Setting(ident(st.key), expr(st.value), span(st)));
    }
    return new Member.Section(s == null ? null : ident(s.name), settings, s == null ? point(null) : span(s));
  }

  private Decl workspace(WorkspaceDeclContext c) {
    List<Member> ms = new ArrayList<>();
    for (WorkspaceMemberContext m : c.workspaceMember()) {
      Span s = span(m);
      if (m instanceof ModuleMemberContext x) ms.add(new Member.Module(ident(x.name), expr(x.size), doc(x), s));
      else if (m instanceof WidthMemberContext x) ms.add(new Member.Width(expr(x.width), s));
      else if (m instanceof SlotsMemberContext x) ms.add(new Member.Slots(expr(x.slots), s));
      else if (m instanceof CapacityMemberContext x) {
        ms.add(new Member.Capacity(expr(x.capacity), opt(x.selection).map(this::ident),
            opt(x.salience).map(this::ident), opt(x.temperature).map(this::expr), s));
      } else if (m instanceof BroadcastMemberContext x) {
        List<Ident> ts = new ArrayList<>();
        for (IdentContext i : x.targets) ts.add(ident(i));
        ms.add(new Member.Broadcast(ts, s));
      } else if (m instanceof MemoryMemberContext x) ms.add(new Member.Memory(call(x.memory), s));
      else if (m instanceof WorkspaceOutputContext x) ms.add(output(x.outputDecl()));
    }
    return new Decl.Workspace(ident(c.name), opt(c.family).map(this::call), ms, doc(c), span(c));
  }

  private Decl agent(AgentDeclContext c) {
    List<Member> ms = new ArrayList<>();
    for (AgentMemberContext m : c.agentMember()) {
      Span s = span(m);
      if (m instanceof HiddenMemberContext x) {
        ms.add(new Member.Hidden(ident(x.name), levels(x.levels()), doc(x), s));
      } else if (m instanceof ObserveMemberContext x) {
        List<Ident> deps = new ArrayList<>();
        for (IdentContext d : x.deps) deps.add(ident(d));
        ms.add(new Member.Observe(ident(x.name), levels(x.levels()), deps, opt(x.matrix).map(this::ident),
            opt(x.value).map(this::expr), doc(x), s));
      } else if (m instanceof ControlMemberContext x) {
        ms.add(new Member.Control(ident(x.name), levels(x.levels()), opt(x.factor).map(this::ident),
            opt(x.matrix).map(this::ident), opt(x.value).map(this::expr), doc(x), s));
      } else if (m instanceof PreferMemberContext x) {
        ms.add(new Member.Prefer(ident(x.matrix), opt(x.modality).map(this::ident), opt(x.level).map(this::expr),
            expr(x.value), s));
      } else if (m instanceof PriorMemberContext x) {
        ms.add(new Member.Prior(ident(x.matrix), opt(x.factor).map(this::ident), expr(x.value), s));
      } else if (m instanceof PlanMemberContext x) {
        Optional<Expr> horizon = Optional.empty();
        Optional<Expr> gamma = Optional.empty();
        Optional<Expr> alpha = Optional.empty();
        Optional<Expr.Call> objective = Optional.empty();
        Optional<Expr.Call> inductive = Optional.empty();
        Optional<Ident> action = Optional.empty();
        for (PlanClauseContext pc : x.planClause()) {
          if (pc instanceof HorizonClauseContext h) horizon = Optional.of(expr(h.horizon));
          else if (pc instanceof MinimizeClauseContext mc) objective = Optional.of(call(mc.objective));
          else if (pc instanceof ActionClauseContext a) action = Optional.of(ident(a.selection));
          else if (pc instanceof GammaClauseContext g) gamma = Optional.of(expr(g.gamma));
          else if (pc instanceof AlphaClauseContext a) alpha = Optional.of(expr(a.alpha));
          else if (pc instanceof InductiveClauseContext i) {
            Ident name = new Ident("inductive", spans.of(i.getStart()));
            inductive = Optional.of(new Expr.Call(name, i.args() == null ? List.of() : args(i.args()), span(i)));
          }
        }
        ms.add(new Member.Plan(horizon, objective, action, gamma, alpha, inductive, s));
      }
    }
    return new Decl.Agent(ident(c.name), call(c.family), ms, doc(c), span(c));
  }

  private List<Expr> levels(LevelsContext l) {
    List<Expr> out = new ArrayList<>();
    if (l == null) return out;
    for (ExprContext e : l.items) out.add(expr(e));
    return out;
  }

  private Decl rules(RulesDeclContext c) {
    List<Member> ms = new ArrayList<>();
    for (RulesMemberContext m : c.rulesMember()) {
      Span s = span(m);
      if (m instanceof PredicateMemberContext x) {
        List<Member.PredicateSig> sigs = new ArrayList<>();
        for (PredicateSigContext p : x.predicates) {
          Optional<Integer> arity = Optional.empty();
          if (p.arity != null) {
            String digits = p.arity.getText().replace("_", "");
            if (!digits.matches("[0-9]+")) {
              diagnostics.add(Diagnostic.error(Code.E0104, spans.of(p.arity), "an arity must be a whole number"));
            } else if (digits.length() > 4 || Integer.parseInt(digits) > MAX_ARITY) {
              diagnostics.add(Diagnostic.error(Code.E0307, spans.of(p.arity), "an arity of " + digits
                  + " is too large: the limit is " + MAX_ARITY));
            } else {
              arity = Optional.of(Integer.parseInt(digits));
            }
          }
          sigs.add(new Member.PredicateSig(ident(p.name), arity, doc(x), span(p)));
        }
        ms.add(new Member.Predicates(sigs, s));
      } else if (m instanceof RuleMemberContext x) {
        ms.add(new Member.Rule(opt(x.name).map(this::ident), formula(x.body), opt(x.confidence).map(this::expr),
            doc(x), s));
      } else if (m instanceof FactMemberContext x) {
        ms.add(new Member.Fact(atom(x.atom()), opt(x.truth).map(this::expr), s));
      } else if (m instanceof QueryMemberContext x) {
        List<Formula.Atom> atoms = new ArrayList<>();
        for (AtomContext a : x.queries) atoms.add(atom(a));
        ms.add(new Member.Query(atoms, s));
      }
    }
    return new Decl.Rules(ident(c.name), call(c.family), ms, doc(c), span(c));
  }

  private Formula formula(FormulaContext f) {
    if (f == null) return new Formula.Missing(point(null));
    Span s = span(f);
    if (f instanceof AtomFormulaContext a) return atom(a.atom());
    if (f instanceof ParenFormulaContext p) return formula(p.formula());
    if (f instanceof NotFormulaContext n) return new Formula.Not(formula(n.formula()), s);
    if (f instanceof AndFormulaContext a) return new Formula.And(formula(a.formula(0)), formula(a.formula(1)), s);
    if (f instanceof OrFormulaContext o) return new Formula.Or(formula(o.formula(0)), formula(o.formula(1)), s);
    if (f instanceof ImpliesFormulaContext i) {
      return new Formula.Implies(formula(i.formula(0)), formula(i.formula(1)), s);
    }
    if (f instanceof EquivFormulaContext e) return new Formula.Equiv(formula(e.formula(0)), formula(e.formula(1)), s);
    if (f instanceof QuantifiedFormulaContext q) {
      List<Ident> vars = new ArrayList<>();
      for (IdentContext v : q.vars) vars.add(ident(v));
      boolean forall = q.quantifier == null || q.quantifier.getText().equals("forall");
      return new Formula.Quantified(forall, vars, formula(q.formula()), s);
    }
    return new Formula.Missing(s);
  }

  private Formula.Atom atom(AtomContext a) {
    if (a == null) return new Formula.Atom(new Ident("", point(null)), List.of(), point(null));
    List<Ident> terms = new ArrayList<>();
    for (IdentContext t : a.terms) terms.add(ident(t));
    return new Formula.Atom(ident(a.predicate), terms, span(a));
  }

  private Decl meta(MetaDeclContext c) {
    List<Member> ms = new ArrayList<>();
    for (MetaMemberContext m : c.metaMember()) {
      Span s = span(m);
      if (m instanceof ModelMemberContext x) ms.add(new Member.Model(call(x.model), s));
      else if (m instanceof TasksMemberContext x) ms.add(new Member.Tasks(call(x.tasks), s));
      else if (m instanceof GateMemberContext x) ms.add(new Member.Gate(ident(x.gate), s));
      else if (m instanceof MetaSectionContext x) ms.add(section(x.section()));
    }
    return new Decl.Meta(ident(c.name), call(c.family), ms, doc(c), span(c));
  }

  // ------------------------------------------------------------------------------------------
  // Statements
  // ------------------------------------------------------------------------------------------

  private Statement run(RunStmtContext c) {
    Optional<Expr> duration = Optional.empty();
    Optional<Expr> dt = Optional.empty();
    Optional<Expr> seed = Optional.empty();
    Optional<Expr> threads = Optional.empty();
    Optional<Ident> backend = Optional.empty();
    for (RunClauseContext rc : c.runClause()) {
      if (rc instanceof ForClauseContext x) duration = Optional.of(expr(x.duration));
      else if (rc instanceof DtClauseContext x) dt = Optional.of(expr(x.dt));
      else if (rc instanceof SeedClauseContext x) seed = Optional.of(expr(x.seed));
      else if (rc instanceof ThreadsClauseContext x) threads = Optional.of(expr(x.threads));
      else if (rc instanceof BackendClauseContext x) backend = Optional.of(ident(x.backend));
    }
    return new Statement.Run(ident(c.target), duration, dt, seed, threads, backend, span(c));
  }

  private Statement train(TrainStmtContext c) {
    String kind = c.getChildCount() > 2 && c.getChild(2).getText().equals("on") ? "dataset" : "environment";
    List<Member.Setting> settings = new ArrayList<>();
    List<Statement.Phase> phases = new ArrayList<>();
    Optional<Span> curriculumSpan = Optional.empty();
    if (c.trainBody() != null) {
      for (TrainItemContext item : c.trainBody().trainItem()) {
        if (item instanceof CurriculumItemContext cur) {
          curriculumSpan = Optional.of(span(cur));
          for (PhaseContext p : cur.phases) phases.add(phase(p));
        } else if (item instanceof SettingItemContext st) {
          Expr value = st.value == null ? new Expr.BoolLit(true, span(st)) : expr(st.value);
          settings.add(new Member.Setting(ident(st.key), value, span(st)));
        }
      }
    }
    return new Statement.Train(ident(c.target), kind, call(c.source), settings, phases, curriculumSpan, span(c));
  }

  private Statement.Phase phase(PhaseContext p) {
    Optional<Expr.BinaryOp> op = Optional.empty();
    if (p.op != null) {
      op = Optional.of(switch (p.op.getText()) {
        case "<" -> Expr.BinaryOp.LT;
        case "<=" -> Expr.BinaryOp.LE;
        case ">=" -> Expr.BinaryOp.GE;
        default -> Expr.BinaryOp.GT;
      });
    }
    return new Statement.Phase(ident(p.name), opt(p.condition).map(this::expr), op, opt(p.bound).map(this::expr),
        span(p));
  }

  private Statement detect(DetectStmtContext c) {
    Expr.StringLit path = c.path == null
        ? new Expr.StringLit("", span(c))
        : new Expr.StringLit(unquote(c.path.getText()), spans.of(c.path));
    Optional<Expr.StringLit> out = c.out == null
        ? Optional.empty()
        : Optional.of(new Expr.StringLit(unquote(c.out.getText()), spans.of(c.out)));
    List<Ident> reports = new ArrayList<>();
    for (IdentContext r : c.reports) reports.add(ident(r));
    return new Statement.Detect(ident(c.target), ident(c.format), path, out, reports, span(c));
  }

  // ------------------------------------------------------------------------------------------
  // Statements inside blocks
  // ------------------------------------------------------------------------------------------

  private List<Stmt> block(BlockContext b) {
    List<Stmt> out = new ArrayList<>();
    for (StatementContext s : b.statement()) {
      Stmt st = stmt(s);
      if (st != null) out.add(st);
    }
    return out;
  }

  private Stmt stmt(StatementContext s) {
    if (s.assignment() != null) {
      AssignmentContext a = s.assignment();
      return new Stmt.Assign(ident(a.target), assignOp(a.op), expr(a.value), span(a));
    }
    if (s.deliverStmt() != null) return new Stmt.Deliver(expr(s.deliverStmt().value), span(s.deliverStmt()));
    if (s.ifStmt() != null) return ifStmt(s.ifStmt());
    return null;
  }

  private Stmt.If ifStmt(IfStmtContext c) {
    List<Stmt> otherwise = List.of();
    if (c.elseIf != null) otherwise = List.of(ifStmt(c.elseIf));
    else if (c.otherwise != null) otherwise = block(c.otherwise);
    return new Stmt.If(expr(c.condition), c.then == null ? List.of() : block(c.then), otherwise, span(c));
  }

  private Member.AssignOp assignOp(AssignOpContext c) {
    if (c == null) return Member.AssignOp.SET;
    return switch (c.getText()) {
      case "+=" -> Member.AssignOp.ADD;
      case "-=" -> Member.AssignOp.SUB;
      case "*=" -> Member.AssignOp.MUL;
      case "/=" -> Member.AssignOp.DIV;
      default -> Member.AssignOp.SET;
    };
  }

  // ------------------------------------------------------------------------------------------
  // Expressions and types
  // ------------------------------------------------------------------------------------------

  Expr expr(ExprContext c) {
    if (c == null || c.exception != null && c.getChildCount() == 0) return new Expr.Missing(point(c));
    Span s = span(c);
    if (c instanceof PrimaryExprContext p) return primary(p.primary());
    if (c instanceof MemberExprContext m) return new Expr.Member(expr(m.target), ident(m.member), s);
    if (c instanceof IndexExprContext i) return new Expr.Index(expr(i.target), expr(i.index), s);
    if (c instanceof PowerExprContext p) return binary(Expr.BinaryOp.POW, p.left, p.right, p.op, s);
    if (c instanceof UnaryExprContext u) {
      Expr.UnaryOp op = u.op != null && u.op.getText().equals("+") ? Expr.UnaryOp.PLUS : Expr.UnaryOp.NEG;
      return new Expr.Unary(op, expr(u.operand), s);
    }
    if (c instanceof MulExprContext m) {
      return binary(m.op.getText().equals("*") ? Expr.BinaryOp.MUL : Expr.BinaryOp.DIV, m.left, m.right, m.op, s);
    }
    if (c instanceof AddExprContext a) {
      return binary(a.op.getText().equals("+") ? Expr.BinaryOp.ADD : Expr.BinaryOp.SUB, a.left, a.right, a.op, s);
    }
    if (c instanceof CompareExprContext cmp) {
      Expr.BinaryOp op = switch (cmp.op.getText()) {
        case "<" -> Expr.BinaryOp.LT;
        case "<=" -> Expr.BinaryOp.LE;
        case ">" -> Expr.BinaryOp.GT;
        case ">=" -> Expr.BinaryOp.GE;
        case "==" -> Expr.BinaryOp.EQ;
        default -> Expr.BinaryOp.NE;
      };
      return binary(op, cmp.left, cmp.right, cmp.op, s);
    }
    if (c instanceof NotExprContext n) return new Expr.Unary(Expr.UnaryOp.NOT, expr(n.operand), s);
    if (c instanceof AndExprContext a) return binary(Expr.BinaryOp.AND, a.left, a.right, a.op, s);
    if (c instanceof OrExprContext o) return binary(Expr.BinaryOp.OR, o.left, o.right, o.op, s);
    if (c instanceof CondExprContext k) return new Expr.Cond(expr(k.condition), expr(k.then), expr(k.otherwise), s);
    if (c instanceof RangeExprContext r) return new Expr.Range(expr(r.low), expr(r.high), s);
    return new Expr.Missing(s);
  }

  private Expr binary(Expr.BinaryOp op, ExprContext l, ExprContext r, Token opToken, Span s) {
    return new Expr.Binary(op, expr(l), expr(r), spans.of(opToken), s);
  }

  private Expr primary(PrimaryContext p) {
    if (p == null) return new Expr.Missing(point(null));
    Span s = span(p);
    if (p instanceof QuantityContext q) {
      double v = number(q.value);
      Optional<Ident> unit = q.unit == null ? Optional.empty() : Optional.of(new Ident(q.unit.getText(), spans.of(q.unit)));
      return new Expr.Quantity(v, q.value.getText(), unit, s);
    }
    if (p instanceof PercentContext pc) return new Expr.Percent(number(pc.value) / 100.0, s);
    if (p instanceof StringContext st) return new Expr.StringLit(unquote(st.value.getText()), s);
    if (p instanceof BooleanContext b) return new Expr.BoolLit(b.value.getText().equals("true"), s);
    if (p instanceof CallExprContext c) {
      return new Expr.Call(ident(c.name), c.args() == null ? List.of() : args(c.args()), s);
    }
    if (p instanceof NameContext n) return new Expr.Name(ident(n.name));
    if (p instanceof ParenContext pc) return new Expr.Paren(expr(pc.inner), s);
    if (p instanceof VectorContext v) {
      List<Expr> items = new ArrayList<>();
      for (ExprContext e : v.items) items.add(expr(e));
      return new Expr.Vector(items, s);
    }
    return new Expr.Missing(s);
  }

  Expr.Call call(CallContext c) {
    if (c == null) return new Expr.Call(new Ident("", point(null)), List.of(), point(null));
    return new Expr.Call(ident(c.name), c.args() == null ? List.of() : args(c.args()), span(c));
  }

  private List<Expr.Arg> args(ArgsContext a) {
    List<Expr.Arg> out = new ArrayList<>();
    if (a == null) return out;
    for (ArgContext arg : a.arg()) {
      out.add(new Expr.Arg(opt(arg.name).map(this::ident), expr(arg.value), span(arg)));
    }
    return out;
  }

  /** The most arguments a predicate takes: more is no logic anyone writes, and costs memory per grounding. */
  static final int MAX_ARITY = 16;

  private Member.TypeRef type(TypeExprContext t) {
    if (t instanceof VectorTypeContext v) {
      Member.TypeRef inner = v.element == null ? new Member.TypeRef(Optional.empty(), "1", span(v)) : type(v.element);
      Optional<Integer> size = Optional.empty();
      String digits = v.size == null ? "" : v.size.getText().replace("_", "");
      if (!digits.matches("[0-9]+")) {
        diagnostics.add(Diagnostic.error(Code.E0104, span(v), "a vector size must be a whole number"));
      } else if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
        diagnostics.add(Diagnostic.error(Code.E0307, spans.of(v.size), "a vector size of " + digits
            + " is too large: the limit is " + Integer.MAX_VALUE));
      } else if (Integer.parseInt(digits) == 0) {
        diagnostics.add(Diagnostic.error(Code.E0307, spans.of(v.size), "a vector needs at least one element"));
      } else {
        size = Optional.of(Integer.parseInt(digits));
      }
      return new Member.TypeRef(size, inner.text(), span(v));
    }
    // The unit text without spaces, e.g. "mV/ms", rebuilt from the tokens.
    StringBuilder sb = new StringBuilder();
    // A unit cut short by the end of the file is an empty context (its stop before its start),
    // for which ANTLR returns no list at all.
    List<Token> unitTokens = t.getStop() == null ? null
        : parsed.tokens().getTokens(t.getStart().getTokenIndex(), t.getStop().getTokenIndex());
    for (Token tok : unitTokens == null ? List.<Token>of() : unitTokens) {
      if (tok.getChannel() == Token.DEFAULT_CHANNEL && tok.getType() != BrainLexer.NL) sb.append(tok.getText());
    }
    return new Member.TypeRef(Optional.empty(), sb.toString(), span(t));
  }

  private double number(Token t) {
    String text = t.getText().replace("_", "");
    try {
      double v = Double.parseDouble(text);
      if (Double.isInfinite(v)) {
        diagnostics.add(Diagnostic.error(Code.E0104, spans.of(t), "`" + t.getText() + "` is too large for a number"));
      }
      return v;
    } catch (NumberFormatException e) {
      diagnostics.add(Diagnostic.error(Code.E0104, spans.of(t), "`" + t.getText() + "` is not a number"));
      return 0;
    }
  }

  private static String unquote(String text) {
    if (text.length() < 2) return "";
    String body = text.substring(1, text.length() - 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char ch = body.charAt(i);
      if (ch == '\\' && i + 1 < body.length()) {
        char n = body.charAt(++i);
        sb.append(switch (n) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> n;
        });
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------------------------------
  // Names, spans, doc comments
  // ------------------------------------------------------------------------------------------

  private Ident ident(IdentContext c) {
    if (c == null || c.getStart() == null || c.getChildCount() == 0) return new Ident("", point(c));
    ParseTree child = c.getChild(0);
    if (child instanceof TerminalNode tn && tn.getSymbol().getTokenIndex() < 0) {
      return new Ident("", point(c));  // a token conjured by error recovery
    }
    return new Ident(c.getText(), span(c));
  }

  private Ident missingIdent(ParserRuleContext c) {
    return new Ident("", point(c));
  }

  private QualifiedName qname(QualifiedNameContext c) {
    List<Ident> parts = new ArrayList<>();
    for (IdentContext i : c.ident()) parts.add(ident(i));
    if (parts.isEmpty()) parts.add(missingIdent(c));
    return new QualifiedName(parts, span(c));
  }

  private Span span(ParserRuleContext c) {
    return spans.of(c);
  }

  /** An empty span where something should have been. */
  private Span point(ParserRuleContext c) {
    Span s = c == null ? spans.file().span(0, 0) : spans.of(c);
    return spans.file().span(s.start(), s.start());
  }

  private static <T> Optional<T> opt(T value) {
    return Optional.ofNullable(value);
  }

  /**
   * The {@code ///} lines directly above a declaration, without the slashes. Newlines and other
   * doc lines may sit between; any other token ends the comment.
   */
  private String doc(ParserRuleContext c) {
    if (c == null || c.getStart() == null) return "";
    List<Token> tokens = parsed.tokens().getTokens();
    int i = c.getStart().getTokenIndex() - 1;
    List<String> lines = new ArrayList<>();
    while (i >= 0 && i < tokens.size()) {
      Token t = tokens.get(i);
      if (t.getType() == BrainLexer.NL) {
        i--;
        continue;
      }
      if (t.getType() != BrainLexer.DOC_COMMENT) break;
      String text = t.getText().substring(3);
      lines.add(0, text.startsWith(" ") ? text.substring(1) : text);
      i--;
    }
    return String.join("\n", lines).strip();
  }

  /** Exposed for the language server: the builder's view of a single expression. */
  static Expr exprOf(ParsedFile parsed, ExprContext c) {
    return new AstBuilder(parsed).expr(c);
  }

  @SuppressWarnings("unused")
  private static final Class<?> PARSER = BrainParser.class;
}
