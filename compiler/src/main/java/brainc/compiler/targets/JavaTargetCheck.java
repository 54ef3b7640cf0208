package brainc.compiler.targets;

import brainc.ir.analysis.LinearInSelf;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.Assign;
import brainc.ir.model.Binary;
import brainc.ir.model.Call;
import brainc.ir.model.Decl;
import brainc.ir.model.Deliver;
import brainc.ir.model.Expr;
import brainc.ir.model.Handler;
import brainc.ir.model.If;
import brainc.ir.model.Interval;
import brainc.ir.model.Invariant;
import brainc.ir.model.IrModule;
import brainc.ir.model.Let;
import brainc.ir.model.Modulation;
import brainc.ir.model.Ode;
import brainc.ir.model.Origin;
import brainc.ir.model.Param;
import brainc.ir.model.Property;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.Scenario;
import brainc.ir.model.Select;
import brainc.ir.model.Setting;
import brainc.ir.model.Stmt;
import brainc.ir.model.StrConst;
import brainc.ir.model.SynVar;
import brainc.ir.model.SynapseModel;
import brainc.ir.model.Trace;
import brainc.ir.model.Unary;
import brainc.ir.model.VecLit;
import brainc.ir.targets.TargetInfo;
import brainc.ir.targets.Targets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the {@code java} target (one simulated synapse and its jqwik property tests) cannot do
 * with the synapse models it would emit, as E11xx diagnostics at the member that needs it: a
 * synapse equation that is not {@code x' = a x + b} (E1101: `run` integrates only those, exactly,
 * and so does this target), a read of something a lone synapse does not have (E1102), a value
 * Java cannot hold (E1103). {@code brainc verify} and {@code compile --target java} refuse with
 * these before generating anything; the generator then meets only what it can emit (anything
 * else is a compiler bug).
 *
 * <pre>
 *   synapse S { var e = 0  e' = -e * e / 1 s ... }
 *   → error[E1101] at `e' = ...`: `java` (model IR) integrates synapse equations as `run` does ...
 * </pre>
 */
public final class JavaTargetCheck {
  private JavaTargetCheck() {}

  /** The functions the target writes in Java (JavaExpressions' list). */
  static final Set<String> FUNCTIONS = Set.of("exp", "log", "log10", "sqrt", "abs", "floor", "ceil", "sin", "cos", "atan",
      "tanh", "min", "max", "round", "clip", "mod", "heaviside", "sigmoid", "uniform", "normal", "lognormal", "bernoulli");

  /** The problems of every synapse model of {@code module} that {@code selected} accepts. */
  public static List<Diagnostic> check(IrModule module, Predicate<Decl> selected) {
    Set<Diagnostic> out = new LinkedHashSet<>();
    for (Decl d : module.decls()) {
      if (d instanceof SynapseModel s && selected.test(d)) out.addAll(check(s));
    }
    return new ArrayList<>(out);
  }

  /** The problems of one synapse model; empty when the target emits it. */
  public static List<Diagnostic> check(SynapseModel model) {
    return new Walk(model).run();
  }

  private static final class Walk {
    private final SynapseModel model;
    private final TargetInfo target = Targets.JAVA;
    private final Set<String> members = new LinkedHashSet<>();
    private final List<Diagnostic> out = new ArrayList<>();
    private Origin at;

    Walk(SynapseModel model) {
      this.model = model;
      model.params().forEach(p -> members.add(p.name()));
      model.vars().forEach(v -> members.add(v.name()));
      model.traces().forEach(t -> members.add(t.name()));
    }

    List<Diagnostic> run() {
      for (Param p : model.params()) {
        at = p.origin();
        p.value().ifPresent(v -> expr(v, null));
      }
      for (SynVar v : model.vars()) {
        at = v.origin();
        expr(v.initial(), null);
      }
      for (Trace t : model.traces()) {
        at = t.origin();
        expr(t.tau(), null);
        expr(t.increment(), null);
      }
      for (Let l : model.lets()) {
        at = l.origin();
        expr(l.value(), null);
      }
      for (Ode o : model.odes()) {
        at = o.origin();
        int before = out.size();
        expr(o.rhs(), null);
        if (out.size() == before && !linear(o.rhs(), o.variable())) {
          report(Code.E1101, target.label() + " integrates synapse equations as `run` does: exactly, when they are `"
              + o.variable() + "' = a " + o.variable() + " + b` with `a` and `b` made of parameters and constants; the"
              + " equation of `" + o.variable() + "` is not, and no target integrates it otherwise; write it in that form"
              + " (inline its `let`s, move other terms into an `on pre`/`on post` handler)");
        }
      }
      for (Handler h : model.handlers()) {
        at = h.origin();
        stmts(h.body(), null);
      }
      for (Modulation m : model.modulations()) {
        at = m.origin();
        stmts(m.body(), m.signal());
      }
      for (Property p : model.properties()) {
        at = p.origin();
        property(p);
      }
      return out;
    }

    private void property(Property p) {
      if (p.body() instanceof Invariant inv) {
        propertyExpr(inv.condition());
        return;
      }
      Scenario sc = (Scenario) p.body();
      for (Setting g : sc.given()) {
        if (readsAnything(g.value())) {
          report(Code.E1103, target.label() + " fixes a `given` third factor to one number for the whole scenario;"
              + " the value of `" + g.name() + "` in `" + p.name() + "` reads a name; give a number");
        } else {
          propertyExpr(g.value());
        }
      }
    }

    private static boolean readsAnything(Expr e) {
      if (e instanceof Ref) return true;
      if (e instanceof Unary u) return readsAnything(u.operand());
      if (e instanceof Binary b) return readsAnything(b.left()) || readsAnything(b.right());
      if (e instanceof Call c) return c.args().stream().anyMatch(Walk::readsAnything);
      if (e instanceof Select s) return readsAnything(s.condition()) || readsAnything(s.then()) || readsAnything(s.otherwise());
      return false;
    }

    /** A property reads the synapse's members, `pi`, `t` and `dt`, and nothing else. */
    private void propertyExpr(Expr e) {
      walk(e, r -> switch (r.kind()) {
        case PARAM, VAR, TRACE -> members.contains(r.name()) ? null
            : "`" + r.name() + "` is not a member of `" + model.name() + "`, and " + target.label()
                + " simulates one synapse alone";
        case BUILTIN -> r.name().equals("t") || r.name().equals("dt") ? null
            : "the built-in `" + r.name() + "` has no value in " + target.label() + "'s one-synapse simulation (only `t`"
                + " and `dt` have)";
        case CONSTANT -> r.name().equals("pi") ? null
            : "the constant `" + r.name() + "` has no value in " + target.label() + " (only `pi` has); write its value";
        case LET -> "a property of `" + model.name() + "` reads the `let` `" + r.name() + "`, which " + target.label()
            + " does not evaluate in properties; write its expression in the property";
        default -> "a property of `" + model.name() + "` cannot read the " + r.kind().keyword() + " `" + r.name()
            + "` on " + target.label() + ", which simulates one synapse alone";
      });
    }

    private void stmts(List<Stmt> body, String signal) {
      for (Stmt s : body) {
        if (s instanceof Assign a) {
          if (a.targetKind() != RefKind.VAR && a.targetKind() != RefKind.TRACE) {
            report(Code.E1103, "a handler of `" + model.name() + "` assigns the " + a.targetKind().keyword() + " `"
                + a.target() + "`, which " + target.label() + " cannot write: it simulates one synapse alone, and a"
                + " handler changes only the synapse's own variables and traces");
          }
          expr(a.value(), signal);
        } else if (s instanceof Deliver d) {
          expr(d.amount(), signal);
        } else if (s instanceof If i) {
          expr(i.condition(), signal);
          stmts(i.then(), signal);
          stmts(i.otherwise(), signal);
        }
      }
    }

    /** What the simulator reads: its members, `let`s, the signal of the block it is in, `t`, `dt`, `pi`. */
    private void expr(Expr e, String signal) {
      walk(e, r -> switch (r.kind()) {
        case PARAM, VAR, TRACE -> members.contains(r.name()) ? null
            : "`" + r.name() + "` is not a member of `" + model.name() + "`, and " + target.label()
                + " simulates one synapse alone";
        case LET -> null;
        case SIGNAL -> r.name().equals(signal) ? null
            : "the signal `" + r.name() + "` is read outside its `modulated by " + r.name() + "` block, where "
                + target.label() + " has no value for it; read it inside that block";
        case BUILTIN -> r.name().equals("t") || r.name().equals("dt") ? null
            : "the built-in `" + r.name() + "` has no value in " + target.label() + "'s one-synapse simulation (only `t`"
                + " and `dt` have)";
        case CONSTANT -> r.name().equals("pi") ? null
            : "the constant `" + r.name() + "` has no value in " + target.label() + " (only `pi` has); write its value";
        default -> "a synapse of `" + model.name() + "` reads the " + r.kind().keyword() + " `" + r.name() + "`, which "
            + target.label() + " does not have: it simulates one synapse alone, without its neurons; pass the value"
            + " through a parameter or a trace";
      });
    }

    /** Walks {@code e}; {@code refs} says why a reference cannot be read (null when it can). */
    private void walk(Expr e, java.util.function.Function<Ref, String> refs) {
      if (e instanceof Ref r) {
        String why = refs.apply(r);
        if (why != null) report(Code.E1102, why);
      } else if (e instanceof StrConst s) {
        report(Code.E1103, "the string \"" + s.value() + "\" is not a number, and " + target.label()
            + " computes with numbers only; use a number");
      } else if (e instanceof VecLit) {
        report(Code.E1103, "a vector in a synapse of `" + model.name() + "`: " + target.label()
            + " simulates one synapse, where every value is one number");
      } else if (e instanceof Interval) {
        report(Code.E1103, "a range is not a value that " + target.label() + " can compute with; use one of its ends");
      } else if (e instanceof Call c) {
        if (!FUNCTIONS.contains(c.function())) {
          report(Code.E1103, "the function `" + c.function() + "` is not implemented by " + target.label()
              + " (it has: " + String.join(", ", new java.util.TreeSet<>(FUNCTIONS)) + ")");
        }
        c.args().forEach(a -> walk(a, refs));
      } else if (e instanceof Unary u) {
        walk(u.operand(), refs);
      } else if (e instanceof Binary b) {
        walk(b.left(), refs);
        walk(b.right(), refs);
      } else if (e instanceof Select s) {
        walk(s.condition(), refs);
        walk(s.then(), refs);
        walk(s.otherwise(), refs);
      }
    }

    private void report(Code code, String message) {
      out.add(Diagnostic.error(code, at.span(), message));
    }
  }

  // ------------------------------------------------------------------------------------------
  // The one form of synapse equation every target integrates: x' = a x + b, a and b state-free.
  // solve-odes and the java target's generator decompose it the same way (LinearInSelf).
  // ------------------------------------------------------------------------------------------

  /** Whether {@code rhs} is {@code a x + b} with {@code a} and {@code b} free of state: the form solve-odes decomposes. */
  static boolean linear(Expr rhs, String x) {
    return LinearInSelf.of(rhs, x, LinearInSelf.FORM_ONLY).isPresent();
  }
}
