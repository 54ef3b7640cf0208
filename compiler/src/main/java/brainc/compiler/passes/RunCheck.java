package brainc.compiler.passes;

import brainc.compiler.schedule.UnsupportedModelException;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.Decl;
import brainc.ir.model.Expr;
import brainc.ir.model.InputGroup;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.NeuronModel;
import brainc.ir.model.Ode;
import brainc.ir.model.Population;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.RunSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What `brainc run` would refuse in a model that checks clean, found before any simulation and
 * reported as diagnostics at the construct: inputs that a plain run cannot feed (E1007), the time
 * `t` in a differential equation (E1008), a time step or a delay longer than the run or a monitor
 * sampling more often than the time step (E0307), and every refusal of the scheduler (W1021
 * cannot-run-yet, a warning, and the codes it carries: E0406, E1003, E1006). `brainc check`
 * reports the same list for each network a `run` statement names, so nothing checks clean and
 * then cannot run.
 *
 * <pre>
 *   network N { input x[4] encode poisson() ... }  run N for 1 s
 *   → error[E1007] at `input x[4] ...`: a plain run gives an input no values
 * </pre>
 */
public final class RunCheck {
  private RunCheck() {}

  /**
   * What the statements of an analysed model would refuse: every `run` statement's problems
   * (this class) and every `train` statement's ({@link TrainCheck}) and every HTM region's ({@link DetectCheck}); nothing when the analysis
   * has errors (those come first; the IR is built only from error-free input). What `brainc
   * check` adds to the front end's diagnostics, and what an editor should publish with them.
   */
  public static List<Diagnostic> check(brainc.compiler.driver.Analysis analysis) {
    if (analysis.hasErrors()) return List.of();
    return statements(brainc.compiler.lower.Lowering.lower(analysis));
  }

  /** What the `run`, `train` and `detect` statements of a module lowered from an error-free analysis would refuse. */
  public static List<Diagnostic> statements(IrModule module) {
    Set<Diagnostic> out = new LinkedHashSet<>(check(module));
    out.addAll(TrainCheck.check(module));
    out.addAll(DetectCheck.check(module));
    return new ArrayList<>(out);
  }

  /** The problems of every `run` statement of {@code module} (lowered from an error-free analysis). */
  public static List<Diagnostic> check(IrModule module) {
    Set<Diagnostic> out = new LinkedHashSet<>();
    for (Decl d : module.decls()) {
      if (d instanceof RunSpec run) out.addAll(check(module, run));
    }
    return new ArrayList<>(out);
  }

  /** The problems of one `run` statement with its own settings; empty when it can run. */
  public static List<Diagnostic> check(IrModule module, RunSpec run) {
    return check(module, run, settings(run));
  }

  /**
   * The problems of one `run` statement under {@code settings} (the statement's, or the command
   * line's overrides; empty when they are invalid, which the statement check reports).
   */
  public static List<Diagnostic> check(IrModule module, RunSpec run, Optional<Pipeline.RunSettings> settings) {
    List<Diagnostic> out = modelProblems(module, run, settings);
    if (!out.isEmpty() || settings.isEmpty()) return out;
    try {
      Pipeline.compile(module, run, settings.get(), new PassContext(), (pass, ir) -> {});
    } catch (UnsupportedModelException e) {
      out.add(diagnostic(e, run));
    } catch (RuntimeException e) {
      // Anything else is a compiler bug, which `brainc run` reports as one; `check` stays
      // about the user's model.
    }
    return out;
  }

  /**
   * What a `run` statement would refuse that shows in the model IR itself, without compiling it:
   * everything {@link #check(IrModule, RunSpec, Optional)} reports except the scheduler's
   * refusals, which a caller that compiles the run anyway finds there.
   */
  public static List<Diagnostic> modelProblems(IrModule module, RunSpec run, Optional<Pipeline.RunSettings> settings) {
    List<Diagnostic> out = new ArrayList<>();
    Optional<Decl> target = module.find(run.target());
    if (target.isEmpty() || !(target.get() instanceof Network net)) return out;
    for (InputGroup g : net.inputs()) {
      out.add(Diagnostic.error(Code.E1007, g.origin().span(), "`run` gives the input `" + g.name()
          + "` no values (they come from a dataset in `train`, or from an environment), so it would never spike;"
          + " drive `" + net.name() + "` from a population, or train it"));
    }
    Set<String> seen = new LinkedHashSet<>();
    for (Population p : net.populations()) {
      if (!seen.add(p.model()) || !(module.find(p.model()).orElse(null) instanceof NeuronModel m)) continue;
      java.util.Map<String, Expr> lets = new java.util.LinkedHashMap<>();
      m.lets().forEach(l -> lets.put(l.name(), l.value()));
      for (Ode o : m.odes()) {
        Expr rhs = o.rhs();
        // A `let` that reads `t` brings it into the equation too.
        for (int round = 0; round <= lets.size(); round++) rhs = Rewrite.substitute(rhs, RefKind.LET, lets);
        if (mentionsTime(rhs)) {
          out.add(Diagnostic.error(Code.E1008, o.origin().span(), "the time `t` in the equation of `" + o.variable()
              + "` cannot be integrated; write the time-dependent part as a `step` update, where `t` is the time"
              + " at the start of the step"));
        }
      }
    }
    if (settings.isPresent() && settings.get().dt() > settings.get().duration()) {
      out.add(Diagnostic.error(Code.E0307, run.origin().span(), "the time step (" + seconds(settings.get().dt())
          + ") is longer than the run (" + seconds(settings.get().duration()) + "); use a shorter `dt`"));
    }
    if (settings.isPresent() && settings.get().duration() / settings.get().dt() > Integer.MAX_VALUE) {
      out.add(Diagnostic.error(Code.E0307, run.origin().span(), "the run would take " + String.format(java.util.Locale.ROOT,
          "%.3g", settings.get().duration() / settings.get().dt()) + " steps, more than the " + Integer.MAX_VALUE
          + " one run may take; check the units of its duration and `dt`"));
    }
    for (brainc.ir.model.Projection pr : net.projections()) {
      double tau = kernelTau(pr.kernel());
      if (!(tau > 0) && !Double.isNaN(tau)) {
        out.add(Diagnostic.error(Code.E0307, pr.origin().span(), "the synaptic kernel's time constant is "
            + seconds(tau) + "; it must be positive (the drive would be divided by it)"));
      }
      if (pr.delay().isPresent() && FoldConstants.fold(pr.delay().get()) instanceof brainc.ir.model.Const d && d.value() < 0) {
        out.add(Diagnostic.error(Code.E0307, pr.origin().span(), "the delay is negative (" + seconds(d.value())
            + "); a spike acts at the earliest one step after it was emitted"));
      }
    }
    if (settings.isPresent()) {
      for (brainc.ir.model.Projection pr : net.projections()) {
        if (pr.delay().isEmpty() || !(FoldConstants.fold(pr.delay().get()) instanceof brainc.ir.model.Const d)) continue;
        if (d.value() > settings.get().duration()) {
          out.add(Diagnostic.error(Code.E0307, pr.origin().span(), "the delay (" + seconds(d.value())
              + ") is longer than the run (" + seconds(settings.get().duration()) + "): no spike would arrive,"
              + " and the delay queue would hold every step of it"));
        }
      }
    }
    if (settings.isPresent()) {
      double dt = settings.get().dt();
      for (brainc.ir.model.Monitor mon : net.monitors()) {
        if (mon.every().isEmpty() || !(FoldConstants.fold(mon.every().get()) instanceof brainc.ir.model.Const e)) continue;
        // Rounded to whole steps, an interval under half a step would silently become every step.
        if (e.value() > 0 && e.value() < dt * (1 - 1e-9)) {
          out.add(Diagnostic.error(Code.E0307, mon.origin().span(), "the monitor samples every " + seconds(e.value())
              + ", more often than the time step (" + seconds(dt) + "): a monitor records at most once a step;"
              + " omit `every` to record every step, or use a shorter `dt`"));
        }
      }
    }
    return out;
  }

  /**
   * The diagnostic of a refusal, at its construct or else at the `run` statement, at its code's
   * level: W1021 cannot-run-yet is a warning in `check` (the model is valid); the verbs refuse
   * it with {@link #asError}.
   */
  public static Diagnostic diagnostic(UnsupportedModelException e, RunSpec run) {
    return Diagnostic.of(e.code(), e.origin().orElse(run.origin()).span(), e.getMessage());
  }

  /**
   * {@code d} as a verb reports it: an error, with the same code, range and message. A verb
   * refuses what `check` only warns of (a valid model that does not run yet).
   */
  public static Diagnostic asError(Diagnostic d) {
    return d.isError() ? d : new Diagnostic(brainc.ir.diag.Severity.ERROR, d.code(), d.span(), d.message(), d.related(), d.fixes());
  }

  private static Optional<Pipeline.RunSettings> settings(RunSpec run) {
    try {
      Pipeline.RunSettings s = Pipeline.settings(run);
      return s.duration() > 0 && s.dt() > 0 ? Optional.of(s) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The constant time constant of an exp or alpha kernel; NaN for delta or a value not constant. */
  private static double kernelTau(brainc.ir.model.Kernel k) {
    Expr t = k instanceof brainc.ir.model.ExpKernel e ? e.tau() : k instanceof brainc.ir.model.AlphaKernel a ? a.tau() : null;
    return t != null && FoldConstants.fold(t) instanceof brainc.ir.model.Const c ? c.value() : Double.NaN;
  }

  private static boolean mentionsTime(Expr e) {
    boolean[] found = {false};
    Rewrite.bottomUp(e, x -> {
      if (x instanceof Ref r && r.kind() == RefKind.BUILTIN && r.name().equals("t")) found[0] = true;
      return x;
    });
    return found[0];
  }

  private static String seconds(double s) {
    return Math.abs(s) >= 1 ? trim(s) + " s" : trim(s * 1e3) + " ms";
  }

  private static String trim(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.4g", v);
  }

}
