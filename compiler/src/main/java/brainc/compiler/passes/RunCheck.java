package brainc.compiler.passes;

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
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.rewrite.Rewrite;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What `brainc run` would refuse in a model that checks clean, found before any simulation and
 * reported as diagnostics at the construct: inputs that a plain run cannot feed (E1007), the time
 * `t` in a differential equation (E1008), a time step or a delay longer than the run or a monitor
 * sampling more often than the time step (E0307), what the network asks of its models that they
 * lack (E0406, E1003, E1006: {@link #wrongModels}), and what the scheduler cannot lower yet (W1021
 * cannot-run-yet, a warning, found on the model IR by {@link RunLegality}; nothing is lowered on
 * trial). `brainc check`
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
    Set<Diagnostic> out = new LinkedHashSet<>(MethodCheck.applicability(module));
    out.addAll(check(module));
    for (Decl d : module.decls()) {
      if (d instanceof RunSpec run && out.stream().noneMatch(x -> x.severity() == brainc.ir.diag.Severity.ERROR)) {
        settings(run).ifPresent(s -> out.addAll(warnings(module, run, s)));
      }
    }
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
    return loweringProblems(module, run, settings.get());
  }

  /**
   * What stops the lowering of {@code run} under {@code settings}: {@link #wrongModels}, then
   * what the scheduler cannot lower yet (W1021 cannot-run-yet, a warning; {@link RunLegality}
   * finds it on the model IR). {@link Pipeline#compile} takes a run only when this is empty, so
   * that its own failures are compiler bugs. {@link #check} reports it when nothing else is
   * wrong; a caller that tolerates some of those (compile tolerates inputs without values) asks
   * for it alone.
   */
  public static List<Diagnostic> loweringProblems(IrModule module, RunSpec run, Pipeline.RunSettings settings) {
    try {
      return refusals(module, run, settings);
    } catch (RuntimeException e) {
      // A compiler bug, which `brainc run` reports as one; `check` stays about the user's model.
      return wrongModels(module, run);
    }
  }

  /** A run compiled by {@link #compile}: the kernel pipeline's result, or what the run refuses. */
  public record Checked(Optional<Pipeline.Result> result, List<Diagnostic> problems) {}

  /**
   * Compiles {@code run} once it passes what {@link #check(IrModule, RunSpec, Optional)} would
   * report (its problems in the model IR, then what the scheduler cannot lower yet); otherwise
   * those problems, and nothing is lowered.
   */
  public static Checked compile(IrModule module, RunSpec run, Pipeline.RunSettings settings, PassContext cx,
      java.util.function.BiConsumer<String, Object> observer) {
    List<Diagnostic> problems = modelProblems(module, run, Optional.of(settings));
    if (problems.isEmpty()) problems = refusals(module, run, settings);
    if (!problems.isEmpty()) return new Checked(Optional.empty(), problems);
    return new Checked(Optional.of(Pipeline.compile(module, run, settings, cx, observer)), List.of());
  }

  /**
   * {@link #wrongModels}, then {@link RunLegality}'s W1021. With a wrong model the walk may fail
   * anywhere (the lowering would too); what is wrong is already said. Without one, a failure is a
   * compiler bug, thrown.
   */
  private static List<Diagnostic> refusals(IrModule module, RunSpec run, Pipeline.RunSettings settings) {
    List<Diagnostic> out = new ArrayList<>(wrongModels(module, run));
    try {
      out.addAll(RunLegality.check(module, run, settings));
    } catch (RuntimeException e) {
      if (out.isEmpty()) throw e;
    }
    return out;
  }

  /**
   * What a `run` statement would refuse that shows in the model IR itself, without compiling it:
   * everything {@link #check(IrModule, RunSpec, Optional)} reports except {@link #wrongModels}
   * and what the scheduler cannot lower yet, which need the model passes of the run.
   */
  public static List<Diagnostic> modelProblems(IrModule module, RunSpec run, Optional<Pipeline.RunSettings> settings) {
    List<Diagnostic> out = new ArrayList<>();
    Optional<Decl> target = module.find(run.target());
    if (target.isEmpty() || !(target.get() instanceof Network net)) return out;
    Set<String> models = new LinkedHashSet<>();
    for (Population p : net.populations()) {
      if (models.add(p.model()) && module.find(p.model()).orElse(null) instanceof NeuronModel m) {
        out.addAll(MethodCheck.applicability(m));
      }
    }
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
      if (pr.delay().isPresent() && ConstantFolding.fold(pr.delay().get()) instanceof brainc.ir.model.Const d && d.value() < 0) {
        out.add(Diagnostic.error(Code.E0307, pr.origin().span(), "the delay is negative (" + seconds(d.value())
            + "); a spike acts at the earliest one step after it was emitted"));
      }
    }
    if (settings.isPresent()) {
      for (brainc.ir.model.Projection pr : net.projections()) {
        if (pr.delay().isEmpty() || !(ConstantFolding.fold(pr.delay().get()) instanceof brainc.ir.model.Const d)) continue;
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
        if (mon.every().isEmpty() || !(ConstantFolding.fold(mon.every().get()) instanceof brainc.ir.model.Const e)) continue;
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
   * A monitor of a per-synapse variable must reach exactly one connection that has it (E1003),
   * and record it once (E1006).
   */
  private static Optional<Diagnostic> synapseMonitor(IrModule module, Network net, brainc.ir.model.Monitor mon,
      Set<String> monitored) {
    String pre = mon.targets().get(0);
    String post = mon.post().orElseThrow();
    String shown = "`" + pre + " -> " + post + "`";
    if (!monitored.add(mon.variable() + " of " + pre + " -> " + post)) {
      return Optional.of(Diagnostic.error(Code.E1006, mon.origin().span(), "`" + mon.variable() + "` of " + shown
          + " is already recorded by an earlier monitor, and both would write the same file;"
          + " monitor each variable of a connection once"));
    }
    List<SynapseMonitors.Selection> reached = SynapseMonitors.of(module, net, mon);
    if (reached.size() == 1) return Optional.empty();
    if (reached.isEmpty()) {
      List<String> vars = SynapseMonitors.varsBetween(module, net, pre, post);
      boolean some = !SynapseMonitors.plastic(module, net, pre, post, mon.variable()).isEmpty();
      return Optional.of(Diagnostic.error(Code.E1003, mon.origin().span(), some
          ? "no synapse of a connection with `" + mon.variable() + "` lies between " + shown
              + ": the monitor's slices and the connection's do not overlap"
          : "no connection from `" + KernelGroups.targetOf(net, pre).population() + "` to `"
              + KernelGroups.targetOf(net, post).population() + "` has a per-synapse variable `" + mon.variable() + "`"
              + (vars.isEmpty() ? " (none of them has a synapse model with a `var`)"
                  : "; theirs: " + String.join(", ", vars))));
    }
    return Optional.of(Diagnostic.error(Code.E1003, mon.origin().span(), reached.size() + " connections with `"
        + mon.variable() + "` reach " + shown + ", and one file records one connection; monitor slices that only one"
        + " of them connects"));
  }

  /**
   * What does not stop {@code run} but is likely to spoil it, as warnings at their construct: an
   * explicit integration method that is unstable at the run's dt (W0420, {@link MethodCheck}).
   * `brainc check` reports them with the problems; `brainc run` prints them and runs.
   */
  public static List<Diagnostic> warnings(IrModule module, RunSpec run, Pipeline.RunSettings settings) {
    try {
      return MethodCheck.stability(module, run, settings.dt());
    } catch (RuntimeException e) {
      // A model the passes cannot specialise is refused elsewhere, with its own message.
      return List.of();
    }
  }

  /**
   * What a network asks of its neuron models that they do not have, at the construct that asks
   * it: a population without a `spike when` rule that sends spikes (E0406) or whose `spikes` or
   * `rate` is monitored (E0406), a monitored variable that is not a state (E1003), a variable
   * of a population monitored twice, into one file (E1006). The scheduler takes only networks
   * without these. A monitor of synapses must reach one connection with its variable
   * (E1003).
   */
  public static List<Diagnostic> wrongModels(IrModule module, RunSpec run) {
    List<Diagnostic> out = new ArrayList<>();
    if (!(module.find(run.target()).orElse(null) instanceof Network net)) return out;
    Set<String> senders = new LinkedHashSet<>();
    for (brainc.ir.model.Projection pr : net.projections()) {
      String src = KernelGroups.targetOf(net, pr.source()).population();
      if (!senders.add(src) || isInput(net, src)) continue;
      NeuronModel m = model(module, net, src);
      if (m.spike().isEmpty()) {
        out.add(Diagnostic.error(Code.E0406, pr.origin().span(), "`" + src + "` sends spikes, but its model `"
            + m.userName() + "` has no `spike when` rule"));
      }
    }
    Set<String> monitored = new java.util.HashSet<>();
    for (brainc.ir.model.Monitor mon : net.monitors()) {
      if (mon.ofSynapses()) {
        synapseMonitor(module, net, mon, monitored).ifPresent(out::add);
        continue;
      }
      for (String t : mon.targets()) {
        String shown = ScheduleNetwork.isInlineSlice(t) ? t : "`" + t + "`";
        if (!monitored.add(mon.variable() + " of " + t)) {
          out.add(Diagnostic.error(Code.E1006, mon.origin().span(), "`" + mon.variable() + "` of " + shown
              + " is already recorded by an earlier monitor, and both would write the same file;"
              + " monitor each variable of a population once"));
          break;
        }
        String population = KernelGroups.targetOf(net, t).population();
        boolean input = isInput(net, population);
        if (mon.variable().equals("spikes") || mon.variable().equals("rate")) {
          if (!input && model(module, net, population).spike().isEmpty()) {
            out.add(Diagnostic.error(Code.E0406, mon.origin().span(), "cannot monitor `" + mon.variable() + "` of " + shown
                + ": its model `" + model(module, net, population).userName() + "` has no `spike when` rule, so it never"
                + " spikes; monitor one of its states instead"));
            break;
          }
        } else if (input) {
          out.add(Diagnostic.error(Code.E1003, mon.origin().span(), shown + " is an input group: it has no variable `"
              + mon.variable() + "`; monitor its `spikes` or `rate`"));
          break;
        } else if (model(module, net, population).states().stream().noneMatch(x -> x.name().equals(mon.variable()))) {
          out.add(Diagnostic.error(Code.E1003, mon.origin().span(), "`" + mon.variable() + "` is not a state of model `"
              + model(module, net, population).userName() + "`; a run records only states, `spikes` and `rate` (an input"
              + " port or a `let` is not kept between steps)"));
          break;
        }
      }
    }
    return out;
  }

  private static boolean isInput(Network net, String name) {
    return net.inputs().stream().anyMatch(g -> g.name().equals(name));
  }

  private static NeuronModel model(IrModule module, Network net, String population) {
    Population p = net.populations().stream().filter(x -> x.name().equals(population)).findFirst().orElseThrow();
    return (NeuronModel) module.find(p.model()).orElseThrow();
  }

  /**
   * The diagnostic of a refusal, at its construct or else at the `run` statement, at its code's
   * level: W1021 cannot-run-yet is a warning in `check` (the model is valid); the verbs refuse
   * it with {@link #asError}.
   */
  static Diagnostic diagnostic(Refusal e, RunSpec run) {
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
    return t != null && ConstantFolding.fold(t) instanceof brainc.ir.model.Const c ? c.value() : Double.NaN;
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
