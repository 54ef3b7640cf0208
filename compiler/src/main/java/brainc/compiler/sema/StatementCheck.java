package brainc.compiler.sema;

import brainc.compiler.ast.Decl;
import brainc.compiler.ast.Ident;
import brainc.compiler.ast.Member;
import brainc.compiler.ast.Statement;
import brainc.ir.diag.Code;
import brainc.ir.units.Dimension;
import java.util.List;
import java.util.Optional;

/** Checks `run`, `train` and `detect`: their targets, durations, seeds, sources and settings. */
final class StatementCheck {
  private final Checker checker;
  private final Env env;
  private final Scope scope;
  private final ExprChecker exprs;
  private final ConstEval consts;
  private final Binder binder;

  StatementCheck(Checker checker, Scope file) {
    this.checker = checker;
    this.env = checker.env;
    this.scope = file;
    this.exprs = new ExprChecker(env, Symbol::type);
    this.consts = new ConstEval(s -> Optional.empty());
    this.binder = new Binder(env, exprs, consts);
  }

  void check(Statement s) {
    if (s instanceof Statement.Run r) run(r);
    else if (s instanceof Statement.Train t) train(t);
    else if (s instanceof Statement.Detect d) detect(d);
  }

  private Optional<Symbol> target(Ident name, List<Symbol.Kind> kinds, String verb) {
    if (name.isMissing()) return Optional.empty();
    Optional<Symbol> s = scope.lookup(name.text());
    if (s.isEmpty()) {
      env.unknown(name, scope, kinds.get(0).label());
      return Optional.empty();
    }
    env.resolved(name, s.get());
    if (!kinds.contains(s.get().kind())) {
      env.error(Code.E1002, name.span(), "`" + verb + "` needs a " + String.join(" or ",
          kinds.stream().map(Symbol.Kind::label).toList()) + ", but `" + name.text() + "` is a " + s.get().kind().label());
      return Optional.empty();
    }
    return s;
  }

  private void run(Statement.Run r) {
    target(r.target(), List.of(Symbol.Kind.NETWORK), "run");
    r.duration().ifPresent(d -> positiveTime(d, "the run duration"));
    r.dt().ifPresent(d -> positiveTime(d, "the time step"));
    r.seed().ifPresent(e -> whole(e, 0, Long.MAX_VALUE, "a seed"));
    r.threads().ifPresent(e -> whole(e, 1, MAX_THREADS, "a thread count"));
    r.backend().ifPresent(b -> {
      // The engines of the kernel IR, from the one table of engines (sorted, as the message always was).
      // Plus `cuda`, the kernel IR's artifact target, which `run` builds and runs on a GPU.
      List<String> engines = java.util.stream.Stream.concat(
          brainc.ir.targets.Targets.engines(brainc.ir.targets.ProgramKind.KERNEL).stream(),
          java.util.stream.Stream.of(brainc.ir.targets.Targets.CUDA.name())).sorted().toList();
      if (!engines.contains(b.text())) {
        env.error(Code.E0205, b.span(), "unknown backend `" + b.text() + "` (" + String.join(", ", engines) + ")"
            + Suggest.hint(b.text(), engines));
      }
    });
  }

  private void positiveTime(brainc.compiler.ast.Expr e, String what) {
    Ty t = exprs.expectDim(e, scope, Dimension.TIME, what);
    Optional<Double> v = consts.number(e, scope);
    if (t instanceof Ty.Num n && n.dim().equals(Dimension.TIME) && v.isPresent() && v.get() <= 0) {
      env.error(Code.E0307, e.span(), what + " must be positive");
    }
  }

  /** More threads than this only cost the time to create them: a run has far fewer neurons per thread. */
  static final int MAX_THREADS = 1024;

  private void whole(brainc.compiler.ast.Expr e, long min, long max, String what) {
    Ty t = exprs.expectDim(e, scope, Dimension.NONE, what);
    if (!(t instanceof Ty.Num n) || !n.dim().isNone()) return;
    Optional<Double> v = consts.number(e, scope);
    if (v.isEmpty() || !Double.isFinite(v.get()) || v.get() != Math.rint(v.get())) {
      env.error(Code.E0305, e.span(), what + " must be a whole number known at compile time");
    } else if (v.get() < min) {
      env.error(Code.E0307, e.span(), what + " must be at least " + min + ", not " + v.get().longValue());
    } else if (v.get() > max) {
      env.error(Code.E0307, e.span(), what + " of " + checker.sourceText(e.span()) + " is too large: the limit is " + max);
    }
  }

  private void train(Statement.Train t) {
    boolean dataset = t.sourceKind().equals("dataset");
    target(t.target(), List.of(Symbol.Kind.NETWORK, Symbol.Kind.WORKSPACE, Symbol.Kind.META, Symbol.Kind.AGENT), "train");
    binder.resolve(t.source(), dataset ? "dataset" : "environment", dataset ? "dataset" : "environment")
        .ifPresent(sig -> binder.bind(t.source(), sig, scope));
    Signature settings = Catalog.lookup("train_environment", dataset ? "dataset_settings" : "settings").orElseThrow();
    // Settings may name outputs of the trained network (`loss cross_entropy(logits)`).
    Scope inner = new Scope(scope, "train");
    target(t.target(), List.of(Symbol.Kind.NETWORK, Symbol.Kind.WORKSPACE, Symbol.Kind.META, Symbol.Kind.AGENT), "train")
        .filter(s -> s.node() instanceof Decl)
        .flatMap(s -> checker.info((Decl) s.node()))
        .ifPresent(info -> {
          if (info.scope() != null) {
            info.scope().locals().values().stream().filter(x -> x.kind() == Symbol.Kind.OUTPUT).forEach(inner::declare);
          }
        });
    Binder inBinder = new Binder(env, new ExprChecker(env, Symbol::type), consts);
    inBinder.bindSettings(t.settings(), settings, inner, t.span());
    new TrainSettingsCheck(env, consts).check(t, inner);
    if (!t.curriculum().isEmpty() && dataset) {
      env.error(Code.E0402, t.curriculumSpan().orElse(t.span()), "a curriculum belongs to training in an environment");
    }
    boolean metric = false;
    for (Statement.Phase p : t.curriculum()) {
      if (p.condition().isPresent()) {
        metric = true;
        Ty ty = exprs.check(p.condition().get(), scope);
        exprs.requireBool(p.condition().get(), ty, "a mastery condition");
      } else if (p.bound().isPresent()) {
        if (!metric) {
          env.error(Code.E0402, p.span(), "`until " + p.op().map(o -> o.symbol).orElse(">")
              + " ...` reuses the metric of an earlier phase, and there is none; write e.g. `until mean(20) > 30`");
        }
        exprs.expectDim(p.bound().get(), scope, Dimension.NONE, "a mastery bound");
      }
    }
  }

  private void detect(Statement.Detect d) {
    target(d.target(), List.of(Symbol.Kind.REGION), "detect");
    if (!d.format().isMissing() && !d.format().text().equals("csv")) {
      env.error(Code.E0205, d.format().span(), "unknown input format `" + d.format().text() + "`; `detect` reads csv");
    }
    if (d.path().value().isBlank()) env.error(Code.E0209, d.path().span(), "`detect` needs the path of a CSV file");
    List<String> seen = new java.util.ArrayList<>();
    for (Ident r : d.reports()) {
      if (r.isMissing()) continue;
      if (!brainc.ir.model.DetectSpec.REPORTS.contains(r.text())) {
        env.error(Code.E0205, r.span(), "unknown report `" + r.text() + "`; `detect` can report "
            + String.join(", ", brainc.ir.model.DetectSpec.REPORTS) + Suggest.hint(r.text(), brainc.ir.model.DetectSpec.REPORTS));
      } else if (seen.contains(r.text())) {
        env.error(Code.E0210, r.span(), "`" + r.text() + "` is reported once already; remove the second");
      } else {
        seen.add(r.text());
      }
    }
    Member unused = null;
  }
}
