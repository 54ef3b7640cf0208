package brainc.compiler.nir;

import brainc.ir.model.Assign;
import brainc.ir.model.Binary;
import brainc.ir.model.BinaryOp;
import brainc.ir.model.Const;
import brainc.ir.model.DriveState;
import brainc.ir.model.NeuronModel;
import brainc.ir.model.Ode;
import brainc.ir.model.Origin;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.SpikeRule;
import brainc.ir.model.StateVar;
import brainc.ir.model.StepUpdate;
import brainc.ir.model.Stmt;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.types.Real;
import brainc.ir.units.Dimension;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A specialised neuron model recognised as one of NIR's neuron types by the form of its
 * equations, never by its name:
 *
 * <ul>
 *   <li>{@code v' = a + b v + c I} with b &lt; 0: LI (no spike rule) or LIF (spike when v &gt; theta,
 *       then v = constant); tau = -1/b, v_leak = -a/b, the drive's factor R = c tau;
 *   <li>b = 0 (no leak): IF, or I without a spike rule;
 *   <li>one exponential kernel feeding I: CubaLI / CubaLIF with that kernel's tau_syn;
 *   <li>{@code step v = beta v + a + c I}: LIF with tau = dt / (1 - beta), v_leak = a / (1 - beta)
 *       (beta = 1: IF); a reset by subtraction (a state set to 1 by the spike rule, 0 by its own
 *       step, subtracted k times from v) only under {@code --nir-reset=zero}.
 * </ul>
 *
 * The weights into it are scaled by {@link #weightScale} so that NIR's forward-Euler reading at dt
 * with r = tau/dt (IF: 1/dt) and w_in = tau_syn/dt gives the model's forward-Euler step; voltages
 * are written as the model's numbers in mV ({@link #voltScale}).
 */
record NeuronForm(String type, double tau, double vLeak, double threshold, double reset, double tauSyn,
    double weightScale, double r, double voltScale, boolean subtractive, String unit) {

  /** Why a model is not one of the forms: the clause that differs and where it is. */
  record Mismatch(Origin at, String message) {}

  private static final Dimension VOLT = Dimension.parse("m^2*kg*s^-3*A^-1");

  boolean spikes() {
    return !Double.isNaN(threshold);
  }

  /** NIR's parameters of this node for {@code n} neurons, in the order NIR lists them. */
  Map<String, Object> fields(int n, double dt) {
    Map<String, Object> f = new java.util.LinkedHashMap<>();
    switch (type) {
      case "LI" -> {
        f.put("tau", fill(tau, n));
        f.put("r", fill(r, n));
        f.put("v_leak", fill(vLeak * voltScale, n));
      }
      case "LIF" -> {
        f.put("tau", fill(tau, n));
        f.put("r", fill(r, n));
        f.put("v_leak", fill(vLeak * voltScale, n));
        f.put("v_threshold", fill(threshold * voltScale, n));
        f.put("v_reset", fill(reset * voltScale, n));
      }
      case "CubaLI" -> {
        f.put("tau_syn", fill(tauSyn, n));
        f.put("tau_mem", fill(tau, n));
        f.put("r", fill(r, n));
        f.put("v_leak", fill(vLeak * voltScale, n));
        f.put("w_in", fill(tauSyn / dt, n));
      }
      case "CubaLIF" -> {
        f.put("tau_syn", fill(tauSyn, n));
        f.put("tau_mem", fill(tau, n));
        f.put("r", fill(r, n));
        f.put("v_leak", fill(vLeak * voltScale, n));
        f.put("v_threshold", fill(threshold * voltScale, n));
        f.put("v_reset", fill(reset * voltScale, n));
        f.put("w_in", fill(tauSyn / dt, n));
      }
      case "IF" -> {
        f.put("r", fill(r, n));
        f.put("v_threshold", fill(threshold * voltScale, n));
        f.put("v_reset", fill(reset * voltScale, n));
      }
      case "I" -> f.put("r", fill(r, n));
      default -> throw new IllegalStateException(type);
    }
    return f;
  }

  private static double[] fill(double v, int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  /** {@code m} (specialised for one population) as a NIR neuron at time step {@code dt}, or why not. */
  static Result recognize(NeuronModel m, double dt, boolean resetToZero) {
    return new Recognizer(m, dt, resetToZero).run();
  }

  /** Either a form or the mismatches (every one found, so that one run reports them all). */
  record Result(Optional<NeuronForm> form, List<Mismatch> mismatches, boolean resetChanged) {}

  private static final class Recognizer {
    private final NeuronModel m;
    private final double dt;
    private final boolean resetToZero;
    private final List<Mismatch> out = new ArrayList<>();
    private final String name;

    Recognizer(NeuronModel m, double dt, boolean resetToZero) {
      this.m = m;
      this.dt = dt;
      this.resetToZero = resetToZero;
      this.name = "`" + m.userName().substring(m.userName().lastIndexOf('.') + 1) + "`";
    }

    private Result fail() {
      return new Result(Optional.empty(), List.copyOf(out), false);
    }

    Result run() {
      m.refractory().ifPresent(r -> {
        Object v = ConstantFolding.fold(r);
        if (!(v instanceof Const c) || c.value() != 0) {
          out.add(new Mismatch(m.spike().map(SpikeRule::origin).orElse(m.origin()), name + " has a refractory period"
              + (v instanceof Const c ? " of " + fmt(c.value() * 1e3) + " ms" : " condition") + "; NIR's neurons have none:"
              + " set `t_ref = 0 ms` to export it"));
        }
      });
      if (!m.lets().isEmpty()) {
        out.add(new Mismatch(m.lets().get(0).origin(), name + " has a `let` (`" + m.lets().get(0).name()
            + "`) that is not a NIR neuron's: its dynamics are not LIF, IF, LI or CubaLIF"));
      }
      // Drives: one kind, one time constant, on one port.
      List<DriveState> drives = m.drives();
      Set<String> driveStates = new LinkedHashSet<>();
      for (DriveState d : drives) {
        driveStates.add(d.readState());
        driveStates.add(d.jumpState());
      }
      Optional<DriveState> alpha = drives.stream().filter(d -> d.kind() == DriveState.Kind.ALPHA).findFirst();
      if (alpha.isPresent()) {
        out.add(new Mismatch(port(alpha.get().port()), name + " filters its input `" + alpha.get().port()
            + "` with an alpha kernel; NIR's only synaptic filter is CubaLIF's exponential one: use `exp(tau = ...)`"));
      }
      Set<String> kernelledPorts = new LinkedHashSet<>();
      drives.stream().filter(d -> d.kind() != DriveState.Kind.DELTA).forEach(d -> kernelledPorts.add(d.port()));
      if (kernelledPorts.size() > 1) {
        out.add(new Mismatch(port(List.copyOf(kernelledPorts).get(1)), name + " has two kernelled ports ("
            + String.join(", ", kernelledPorts) + "); a CubaLIF has one synaptic current"));
      } else if (drives.size() > 1 && alpha.isEmpty()) {
        out.add(new Mismatch(port(drives.get(1).port()), name + " has two kernels on its input (" + describe(drives)
            + "); a CubaLIF has one synaptic filter: give every connection into it the same kernel"));
      }
      // Membrane: the states that are not drives, plus at most one reset flag.
      List<String> membrane = new ArrayList<>();
      for (StateVar s : m.states()) if (!driveStates.contains(s.name())) membrane.add(s.name());
      Optional<DriveState> exp = drives.stream().filter(d -> d.kind() == DriveState.Kind.EXP).findFirst();
      for (Ode o : m.odes()) {
        if (driveStates.contains(o.variable())) {
          DriveState d = drives.stream().filter(x -> x.readState().equals(o.variable())).findFirst().orElse(null);
          Optional<AffineForm> f = AffineForm.of(o.rhs(), Set.of(o.variable()));
          boolean decay = d != null && d.kind() == DriveState.Kind.EXP && f.isPresent() && f.get().constant() == 0
              && f.get().coefficients().size() == 1 && Math.abs(f.get().coefficient(o.variable()) * d.tau() + 1) < 1e-9;
          if (!decay && d != null && d.kind() == DriveState.Kind.EXP) {
            out.add(new Mismatch(o.origin(), "the kernel of " + name + " is not a plain exponential decay"));
          }
        }
      }
      if (!out.isEmpty()) return fail();
      boolean continuous = !m.odes().stream().filter(o -> !driveStates.contains(o.variable())).toList().isEmpty();
      return continuous ? continuous(membrane, driveStates, exp) : discrete(membrane, driveStates, exp);
    }

    private Result continuous(List<String> membrane, Set<String> driveStates, Optional<DriveState> exp) {
      List<Ode> own = m.odes().stream().filter(o -> !driveStates.contains(o.variable())).toList();
      Ode eq = own.get(0);
      String v = eq.variable();
      Set<String> vars = new LinkedHashSet<>(driveStates);
      vars.add(v);
      Optional<AffineForm> f = AffineForm.of(eq.rhs(), vars);
      if (f.isEmpty()) {
        out.add(new Mismatch(eq.origin(), "the equation of `" + v + "` in " + name + " is not linear with constant "
            + "coefficients, `" + v + "' = (a - " + v + " + R I) / tau` (nor `" + v + "' = R I`): NIR's neurons are LIF, IF, "
            + "LI and CubaLIF"));
        return fail();
      }
      if (own.size() > 1 || membrane.size() > 1 || !m.steps().isEmpty()) {
        Origin at = own.size() > 1 ? own.get(1).origin() : !m.steps().isEmpty() ? m.steps().get(0).origin() : eq.origin();
        String other = own.size() > 1 ? "the equation of `" + own.get(1).variable() + "`"
            : !m.steps().isEmpty() ? "the step update of `" + m.steps().get(0).variable() + "`"
            : "the state `" + membrane.stream().filter(s -> !s.equals(v)).findFirst().orElse("?") + "`";
        out.add(new Mismatch(at, name + " has more dynamics than one membrane potential: " + other
            + " (Izhikevich, AdEx and HH have no NIR type; NIR's neurons are LIF, IF, LI and CubaLIF)"));
        return fail();
      }
      AffineForm a = f.get();
      double b = a.coefficient(v);
      Double c = driveFactor(a, driveStates, eq.origin());
      if (c == null) return fail();
      if (b > 0) {
        out.add(new Mismatch(eq.origin(), "the equation of `" + v + "` in " + name + " grows without bound (its "
            + "leak has the wrong sign); NIR's leaky neurons decay towards v_leak"));
        return fail();
      }
      double tau = b < 0 ? -1 / b : Double.NaN;
      double vLeak = b < 0 ? -a.constant() / b : 0;
      if (b == 0 && a.constant() != 0) {
        out.add(new Mismatch(eq.origin(), "the equation of `" + v + "` in " + name + " has no leak but a constant "
            + "drive; NIR's IF integrates only its input"));
        return fail();
      }
      if (b == 0 && exp.isPresent()) {
        out.add(new Mismatch(eq.origin(), name + " integrates a filtered input without leak; NIR has no CubaIF"));
        return fail();
      }
      return spike(v, tau, vLeak, exp.map(DriveState::tau).orElse(Double.NaN), c * dt, b < 0 ? tau / dt : 1 / dt, false);
    }

    private Result discrete(List<String> membrane, Set<String> driveStates, Optional<DriveState> exp) {
      if (m.steps().isEmpty()) {
        out.add(new Mismatch(m.origin(), name + " has no equation for its membrane"));
        return fail();
      }
      if (exp.isPresent()) {
        out.add(new Mismatch(port(exp.get().port()), name + " is a discrete-time model with a kernelled input; "
            + "only a continuous LIF with one exponential kernel is a CubaLIF"));
        return fail();
      }
      StepUpdate eq = m.steps().get(0);
      String v = eq.variable();
      // A reset flag: a state set to 1 by the spike rule, to 0 by its own step, subtracted from v.
      String flag = null;
      for (StepUpdate s : m.steps().subList(1, m.steps().size())) {
        boolean zero = ConstantFolding.fold(s.value()) instanceof Const c && c.value() == 0;
        boolean setByRule = m.spike().map(r -> r.reset().stream().anyMatch(st -> st instanceof Assign as
            && as.target().equals(s.variable()) && ConstantFolding.fold(as.value()) instanceof Const c && c.value() == 1))
            .orElse(false);
        if (flag == null && zero && setByRule) {
          flag = s.variable();
        } else {
          out.add(new Mismatch(s.origin(), name + " has more dynamics than one membrane potential: the step update of `"
              + s.variable() + "` (NIR's neurons are LIF, IF, LI and CubaLIF)"));
          return fail();
        }
      }
      Set<String> extra = new LinkedHashSet<>(membrane);
      extra.remove(v);
      if (flag != null) extra.remove(flag);
      if (!extra.isEmpty() || !m.odes().isEmpty()) {
        out.add(new Mismatch(m.origin(), name + " has more dynamics than one membrane potential: the state `"
            + extra.stream().findFirst().orElse("?") + "`"));
        return fail();
      }
      Set<String> vars = new LinkedHashSet<>(driveStates);
      vars.add(v);
      if (flag != null) vars.add(flag);
      Optional<AffineForm> f = AffineForm.of(eq.value(), vars);
      if (f.isEmpty()) {
        out.add(new Mismatch(eq.origin(), "the step update of `" + v + "` in " + name + " is not `" + v + " = beta "
            + v + " + I` with constant beta: NIR's neurons are LIF, IF, LI and CubaLIF"));
        return fail();
      }
      AffineForm a = f.get();
      double beta = a.coefficient(v);
      Double c = driveFactor(a, driveStates, eq.origin());
      if (c == null) return fail();
      if (!(beta > 0 && beta <= 1)) {
        out.add(new Mismatch(eq.origin(), "the step update of `" + v + "` in " + name + " decays by beta = " + fmt(beta)
            + "; NIR's LIF reads beta in (0, 1] (tau = dt / (1 - beta))"));
        return fail();
      }
      boolean subtractive = flag != null && a.coefficient(flag) != 0;
      if (flag != null && !subtractive) {
        out.add(new Mismatch(eq.origin(), name + " sets `" + flag + "` on a spike but never reads it"));
        return fail();
      }
      double tau = beta < 1 ? dt / (1 - beta) : Double.NaN;
      if (beta == 1 && a.constant() != 0) {
        out.add(new Mismatch(eq.origin(), "the step update of `" + v + "` in " + name + " has no leak but a constant "
            + "drive; NIR's IF integrates only its input"));
        return fail();
      }
      double vLeak = beta < 1 ? a.constant() / (1 - beta) : 0;
      return spike(v, tau, vLeak, Double.NaN, c, beta < 1 ? tau / dt : 1 / dt, subtractive);
    }

    /** The common factor of the drive states in {@code a}: one input, one factor. */
    private Double driveFactor(AffineForm a, Set<String> driveStates, Origin at) {
      Double c = null;
      for (String d : driveStates) {
        double k = a.coefficient(d);
        if (c != null && Math.abs(k - c) > 1e-12 * Math.abs(c)) {
          out.add(new Mismatch(at, "the inputs of " + name + " enter its membrane with different factors; a NIR neuron "
              + "has one input"));
          return null;
        }
        c = k;
      }
      return c == null ? 1.0 : c;
    }

    private Result spike(String v, double tau, double vLeak, double tauSyn, double weightScale, double r, boolean subtractive) {
      double volts = m.states().stream().filter(s -> s.name().equals(v)).findFirst()
          .map(s -> s.type() instanceof Real re && re.dim().equals(VOLT) ? 1e3 : 1.0).orElse(1.0);
      String unit = volts == 1e3 ? "mV" : "1";
      boolean leaky = !Double.isNaN(tau);
      if (m.spike().isEmpty()) {
        String type = !leaky ? "I" : Double.isNaN(tauSyn) ? "LI" : "CubaLI";
        return new Result(Optional.of(new NeuronForm(type, tau, vLeak, Double.NaN, Double.NaN, tauSyn, weightScale, r, volts,
            false, unit)), List.of(), false);
      }
      SpikeRule rule = m.spike().get();
      double theta = Double.NaN;
      if (rule.condition() instanceof Binary b && b.left() instanceof Ref ref && ref.kind() == RefKind.STATE
          && ref.name().equals(v) && ConstantFolding.fold(b.right()) instanceof Const c) {
        if (b.op() == BinaryOp.GT) theta = c.value();
        else out.add(new Mismatch(rule.origin(), "the spike rule of " + name + " is `" + v + " " + b.op().symbol()
            + " ...`; NIR's threshold is strict: write `spike when " + v + " > ...`"));
      } else if (out.isEmpty()) {
        out.add(new Mismatch(rule.origin(), "the spike rule of " + name + " is not `spike when " + v + " > theta` with a "
            + "constant theta"));
      }
      double reset = Double.NaN;
      boolean changed = false;
      if (subtractive) {
        if (resetToZero) {
          reset = 0;
          changed = true;
        } else {
          out.add(new Mismatch(rule.origin(), name + " resets by subtracting its threshold; NIR resets to a value: pass "
              + "`--nir-reset=zero` to export a reset to zero instead (recorded in the file's metadata)"));
        }
      } else {
        List<Stmt> body = rule.reset();
        if (body.size() == 1 && body.get(0) instanceof Assign as && as.target().equals(v)
            && ConstantFolding.fold(as.value()) instanceof Const c) {
          reset = c.value();
        } else {
          out.add(new Mismatch(rule.origin(), "the spike rule of " + name + " does not only set `" + v + "` to a "
              + "constant; NIR's neurons reset v to v_reset and nothing else"));
        }
      }
      if (!out.isEmpty()) return fail();
      String type = !leaky ? "IF" : Double.isNaN(tauSyn) ? "LIF" : "CubaLIF";
      return new Result(Optional.of(new NeuronForm(type, tau, vLeak, theta, reset, tauSyn, weightScale, r, volts, subtractive,
          unit)), List.of(), changed);
    }

    private Origin port(String port) {
      return m.inputs().stream().filter(p -> p.name().equals(port)).findFirst().map(p -> p.origin()).orElse(m.origin());
    }

    private static String describe(List<DriveState> drives) {
      return String.join(", ", drives.stream().map(d -> d.kind() == DriveState.Kind.DELTA ? "no kernel"
          : d.kind().keyword() + " " + fmt(d.tau() * 1e3) + " ms").toList());
    }
  }

  static String fmt(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
  }
}
