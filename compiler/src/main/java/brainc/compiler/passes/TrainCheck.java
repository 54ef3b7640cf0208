package brainc.compiler.passes;

import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.Binary;
import brainc.ir.model.BinaryOp;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.CurriculumPhase;
import brainc.ir.model.Decl;
import brainc.ir.model.Expr;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.Ref;
import brainc.ir.model.RunSpec;
import brainc.ir.model.Setting;
import brainc.ir.model.TrainSpec;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.types.Real;
import brainc.ir.units.Dimension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What `brainc train` would refuse in a model that checks clean, whatever its flags and data,
 * found before any training and reported as diagnostics at the construct. Two levels:
 *
 * <ul>
 *   <li>W1020 cannot-train-yet (a warning): a valid model that the training backends do not
 *       implement yet (an agent, workspace, rule base or meta loop named by `train`; on a dataset,
 *       whatever {@code ScheduleTraining} cannot lower, which {@link TrainLegality} finds on the
 *       model IR without lowering; in an environment, a mastery condition
 *       other than {@code mean(K) > X}). `check` passes with the warning; `train` refuses it.
 *   <li>E1020 cannot-train (an error): a model that cannot be trained as written (no output, a
 *       loss that reads no output, an input the environment cannot fill).
 * </ul>
 *
 * {@code brainc train} reports the same diagnostics, as errors, before it reads any data or
 * writes any file ({@link #refusals}).
 */
public final class TrainCheck {
  private TrainCheck() {}

  /** The simulation step of environment training (TrainCommand's). */
  public static final double ENV_DT = 1e-4;
  /** The window that environment training uses unless --window says otherwise. */
  public static final double ENV_WINDOW = 10e-3;

  /** The problems of every `train` statement of {@code module} (lowered from an error-free analysis). */
  public static List<Diagnostic> check(IrModule module) {
    Set<Diagnostic> out = new LinkedHashSet<>();
    for (Decl d : module.decls()) {
      if (d instanceof TrainSpec t) out.addAll(check(module, t));
    }
    return new ArrayList<>(out);
  }

  /** The problems of one `train` statement; empty when `brainc train` can run it. */
  public static List<Diagnostic> check(IrModule module, TrainSpec t) {
    List<Diagnostic> out = new ArrayList<>();
    Optional<Decl> target = module.find(t.target());
    if (target.isEmpty()) return out;
    if (!(target.get() instanceof Network net)) {
      out.add(Diagnostic.warning(Code.W1020, t.origin().span(), "`brainc train` trains only networks in this version; `"
          + t.target() + "` is " + kind(target.get()) + ", so this statement does not run yet"));
      return out;
    }
    if (t.sourceKind().equals(TrainSpec.DATASET)) dataset(module, net, t, out);
    else environment(module, net, t, out);
    return out;
  }

  /** The diagnostics of {@code check} as `brainc train` reports them: errors, so that it refuses. */
  public static List<Diagnostic> refusals(IrModule module, TrainSpec t) {
    return check(module, t).stream().map(TrainCheck::asError).toList();
  }

  /** {@code d} as an error (the verb refuses what check only warns of). */
  public static Diagnostic asError(Diagnostic d) {
    return RunCheck.asError(d);
  }

  /** The diagnostic of a refusal of the training backend, at its construct or else at the statement. */
  static Diagnostic diagnostic(Refusal e, TrainSpec t) {
    Code code = e.code() == Code.W1021 ? Code.W1020 : e.code();
    return new Diagnostic(code.defaultSeverity(), code, e.origin().orElse(t.origin()).span(), e.getMessage(), List.of(), List.of());
  }

  private static void dataset(IrModule module, Network net, TrainSpec t, List<Diagnostic> out) {
    Optional<Call> loss = call(t, "loss");
    if (loss.isPresent()) {
      Call l = loss.get();
      if (l.args().isEmpty() || !(l.args().get(0) instanceof Ref r)
          || net.outputs().stream().noneMatch(o -> o.name().equals(r.name()))) {
        out.add(Diagnostic.error(Code.E1020, t.origin().span(), "the loss `" + l.function() + "` must read an `output` of `"
            + net.name() + "` as its first argument" + (net.outputs().isEmpty() ? ", and the network has none"
            : " (one of: " + String.join(", ", net.outputs().stream().map(o -> o.name()).toList()) + ")")));
      }
    }
    Optional<Call> schedule = call(t, "schedule");
    if (schedule.isPresent() && !List.of("step_decay", "cosine", "warmup_cosine", "constant").contains(schedule.get().function())) {
      out.add(Diagnostic.warning(Code.W1020, t.origin().span(), "the schedule `" + schedule.get().function()
          + "` is not implemented for training on a dataset yet (step_decay, cosine, warmup_cosine and constant are)"));
    }
    Optional<Diagnostic> refused = loweringProblem(module, net, t);
    if (refused.isPresent()) {
      out.add(refused.get());
      return;
    }
    // Reported after what the lowering refuses in the network's constructs, as it always was.
    if (net.outputs().isEmpty()) {
      out.add(Diagnostic.error(Code.E1020, net.origin().span(), "network `" + net.name()
          + "` has no `output` for the loss to read; declare one, e.g. `output y = spike_count(out)`"));
    }
  }

  /**
   * What stops the training lowering of {@code net} (trained on a dataset by {@code t}): its
   * {@link #datasetShape}, then the first construct that {@link TrainLegality} finds it cannot
   * lower yet; nothing is lowered. {@link TrainPipeline#compile} takes a network with outputs only
   * when this is empty, so that its own refusals are compiler bugs.
   */
  public static Optional<Diagnostic> loweringProblem(IrModule module, Network net, TrainSpec t) {
    Optional<Diagnostic> shape = datasetShape(net);
    if (shape.isPresent()) return shape;
    try {
      return TrainLegality.check(module, net, t);
    } catch (RuntimeException e) {
      // A compiler bug (the lowering fails too), which `brainc train` reports as one.
      return Optional.empty();
    }
  }

  /**
   * The first thing in the shape of {@code net} that training on a dataset refuses, at its
   * construct: no input (E1020); several inputs, slices or signals (W1020, not
   * trained yet). The training lowering takes only networks without these.
   */
  public static Optional<Diagnostic> datasetShape(Network net) {
    if (net.inputs().isEmpty()) {
      return Optional.of(Diagnostic.error(Code.E1020, net.origin().span(), "network `" + net.name()
          + "` has no `input` for the dataset's samples; declare one, e.g. `input x[784] encode direct(steps = 25)`"));
    }
    if (net.inputs().size() > 1) {
      return Optional.of(Diagnostic.warning(Code.W1020, net.inputs().get(1).origin().span(), "a network trained on a"
          + " dataset has exactly one `input` in this version; `" + net.name() + "` has " + net.inputs().size()));
    }
    for (brainc.ir.model.PopulationView v : net.views()) {
      // A layer's connection to itself through a slice: the recurrent matrix would not be square.
      for (brainc.ir.model.Projection p : net.projections()) {
        if (p.source().equals(v.name()) && p.target().equals(v.parent())) {
          int whole = net.populations().stream().filter(q -> q.name().equals(v.parent())).mapToInt(brainc.ir.model.Population::size)
              .findFirst().orElse(0);
          return Optional.of(Diagnostic.error(Code.E1020, p.origin().span(), "the recurrent connection of `" + v.parent()
              + "` reads " + (v.end() - v.start()) + " of its " + whole + " neurons: a trained recurrent dense connection"
              + " carries the layer's whole previous spikes (a " + whole + " x " + whole + " matrix); write `connect "
              + v.parent() + " -> " + v.parent() + " dense`"));
        }
      }
    }
    if (!net.views().isEmpty()) {
      return Optional.of(Diagnostic.warning(Code.W1020, net.views().get(0).origin().span(),
          "slices (views) of populations are not trained on a dataset yet; connect whole populations"));
    }
    if (!net.signals().isEmpty()) {
      return Optional.of(Diagnostic.warning(Code.W1020, net.origin().span(),
          "signals (neuromodulators) in a network trained on a dataset are not trained yet"));
    }
    return Optional.empty();
  }

  private static void environment(IrModule module, Network net, TrainSpec t, List<Diagnostic> out) {
    if (net.inputs().isEmpty()) {
      out.add(Diagnostic.error(Code.E1020, net.origin().span(), "network `" + net.name() + "` has no `input` for what `"
          + t.source() + "` observes; declare one, e.g. `input obs[4] encode rate(max = 100 Hz)`"));
    } else if (net.inputs().size() > 1) {
      out.add(Diagnostic.warning(Code.W1020, net.inputs().get(1).origin().span(), "a network trained in an environment"
          + " has exactly one `input` in this version; `" + net.name() + "` has " + net.inputs().size()));
    }
    if (net.outputs().isEmpty()) {
      out.add(Diagnostic.error(Code.E1020, net.origin().span(), "network `" + net.name()
          + "` has no `output` to act with in `" + t.source() + "`; declare one, e.g. `output action = argmax(rate(motor))`"));
    }
    for (CurriculumPhase p : t.curriculum()) {
      if (p.until().isPresent() && !isMeanAbove(p.until().get())) {
        out.add(Diagnostic.warning(Code.W1020, p.origin().span(), "the mastery condition of phase `" + p.name()
            + "` is not implemented yet: only `mean(K) > X` (the mean reward of the last K episodes above X) is"));
      }
    }
    int steps = 100;
    for (Setting s : t.settings()) {
      if (s.name().equals("steps") && ConstantFolding.fold(s.value()) instanceof Const c) steps = (int) c.value();
    }
    List<String> phases = t.curriculum().isEmpty() ? List.of("") : t.curriculum().stream().map(CurriculumPhase::name).toList();
    for (int i = 0; i < phases.size(); i++) {
      String phase = phases.get(i);
      try {
        var env = brainc.runtime.env.Environments.create(t.source(), environmentSettings(t, phase, steps));
        if (i == 0 && net.inputs().size() == 1 && env.observationSize() != net.inputs().get(0).size()) {
          out.add(Diagnostic.error(Code.E1020, net.inputs().get(0).origin().span(), "`" + t.source() + "` observes "
              + env.observationSize() + " values, but `input " + net.inputs().get(0).name() + "` has "
              + net.inputs().get(0).size() + "; give it " + env.observationSize()));
        }
      } catch (IllegalArgumentException e) {
        var at = t.curriculum().isEmpty() ? t.origin() : t.curriculum().get(i).origin();
        out.add(Diagnostic.error(Code.E1020, at.span(), "environment `" + t.source() + "`"
            + (phase.isEmpty() ? "" : " in phase `" + phase + "`") + ": " + e.getMessage()));
      }
    }
    if (out.stream().anyMatch(Diagnostic::isError) || net.inputs().size() != 1 || net.outputs().isEmpty()) return;
    RunSpec run = new RunSpec("train", t.target(), new Const(ENV_WINDOW, new Real(Dimension.TIME)),
        new Const(ENV_DT, new Real(Dimension.TIME)), 0, List.of(), t.origin());
    // What stops the network's lowering stops its training: cannot-run-yet is cannot-train-yet here.
    for (Diagnostic d : RunCheck.loweringProblems(module, run, new Pipeline.RunSettings(ENV_WINDOW, ENV_DT, 0))) {
      out.add(d.code() != Code.W1021 ? d
          : new Diagnostic(Code.W1020.defaultSeverity(), Code.W1020, d.span(), d.message(), d.related(), d.fixes()));
    }
  }

  /** The settings an environment is created with (TrainCommand's): the statement's constants, phase and steps. */
  public static Map<String, Object> environmentSettings(TrainSpec t, String phase, int maxSteps) {
    Map<String, Object> settings = new LinkedHashMap<>();
    for (Setting s : t.sourceSettings()) {
      Expr v = ConstantFolding.fold(s.value());
      if (v instanceof Const c) settings.put(s.name(), c.value());
    }
    if (t.source().equals("car_track")) {
      if (!phase.isEmpty()) settings.put("phase", phase);
      settings.put("max_steps", (double) maxSteps);
    }
    return settings;
  }

  /** Whether {@code until} has the one shape of mastery condition that training implements. */
  public static boolean isMeanAbove(Expr until) {
    Expr u = ConstantFolding.fold(until);
    return u instanceof Binary b && (b.op() == BinaryOp.GT || b.op() == BinaryOp.GE) && b.left() instanceof Call c
        && c.function().equals("mean") && c.args().size() == 1 && ConstantFolding.fold(c.args().get(0)) instanceof Const
        && b.right() instanceof Const;
  }

  private static Optional<Call> call(TrainSpec t, String name) {
    return t.settings().stream().filter(s -> s.name().equals(name) && s.value() instanceof Call).map(s -> (Call) s.value())
        .findFirst();
  }

  private static String kind(Decl d) {
    String k = d.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    return (k.matches("^[aeiou].*") ? "an " : "a ") + k;
  }
}
