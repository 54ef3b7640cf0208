package brainc.compiler.passes;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.Scalar;
import brainc.ir.model.Binary;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.NeuronModel;
import brainc.ir.model.Param;
import brainc.ir.model.Population;
import brainc.ir.model.Projection;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.Select;
import brainc.ir.model.Unary;
import brainc.ir.rewrite.Rewrite;
import brainc.ir.types.Real;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Model parameters that vary per instance of one compiled run (a sweep, a stream of jobs)
 * instead of being folded into the kernels. A free parameter is named {@code POPULATION.PARAM}
 * (a neuron parameter of one population, e.g. {@code all.v_th}) or {@code PROJECTION.weight} (the
 * constant weight of a projection without a synapse model, named as the model IR names it, e.g.
 * {@code exc->exc#0.weight}).
 *
 * <p>How it flows: {@code specialize-params} leaves a free parameter as a reference {@code param
 * NAME} (declared in the specialised model, or the network for a weight) where every other one
 * becomes a constant; the scheduler lowers the largest subexpression made of free parameters and
 * constants in double precision, rounded once to the state's float type (exactly what folding it
 * at compile time gives), reading the parameter from a one-element f64 buffer exposed as a
 * {@code parameter} port, which the host fills before {@code init}. Parameters that set what the
 * compiler decides from their value (the solved coefficients of an equation, a refractory period
 * in steps) cannot be free: {@link Refused}.
 */
public final class FreeParameters {
  private FreeParameters() {}

  /** The buffer of free parameter {@code name}. */
  public static String buffer(String name) {
    return "param:" + name;
  }

  /** Whether {@code e} is a free parameter's reference: no other {@code param} reference outlives specialize-params. */
  static boolean isFree(Expr e) {
    return e instanceof Ref r && r.kind() == RefKind.PARAM;
  }

  /** The value of free parameter {@code name}, as the kernels read it (double precision). */
  static KExpr load(String name) {
    return new KExpr.Load(buffer(name), KExpr.Const.i32(0), Scalar.F64);
  }

  /** Whether {@code e} refers to a free parameter anywhere. */
  static boolean mentions(Expr e) {
    boolean[] found = {false};
    Rewrite.bottomUp(e, x -> {
      if (isFree(x)) found[0] = true;
      return x;
    });
    return found[0];
  }

  /** The free parameters {@code e} refers to, in order of first mention. */
  static List<String> mentioned(Expr e) {
    List<String> out = new ArrayList<>();
    Rewrite.bottomUp(e, x -> {
      if (isFree(x) && !out.contains(((Ref) x).name())) out.add(((Ref) x).name());
      return x;
    });
    return out;
  }

  /**
   * Whether {@code e} is a real number computed from free parameters and constants alone, which
   * folding would have turned into one constant: it is lowered in double and rounded once.
   */
  static boolean closedReal(Expr e) {
    return e.type() instanceof Real && mentions(e) && closed(e);
  }

  private static boolean closed(Expr e) {
    if (e instanceof Const || isFree(e)) return true;
    if (e instanceof Unary u) return closed(u.operand());
    if (e instanceof Binary b) return closed(b.left()) && closed(b.right());
    if (e instanceof Call c) return c.args().stream().allMatch(FreeParameters::closed);
    if (e instanceof Select s) return closed(s.condition()) && closed(s.then()) && closed(s.otherwise());
    return false;
  }

  /** {@code program} with a one-element f64 buffer and a {@code parameter} port per free parameter. */
  static KernelProgram declare(KernelProgram program, Set<String> names) {
    if (names.isEmpty()) return program;
    List<KernelProgram.Buffer> buffers = new ArrayList<>(program.buffers());
    List<KernelProgram.Port> ports = new ArrayList<>(program.ports());
    for (String name : names.stream().sorted().toList()) {
      buffers.add(new KernelProgram.Buffer(buffer(name), Scalar.F64, new KernelProgram.Extent.Fixed(1),
          "parameter " + name));
      ports.add(new KernelProgram.Port(buffer(name), KernelProgram.Direction.IN, KernelProgram.PortRole.PARAMETER, name,
          Scalar.F64, 1));
    }
    return new KernelProgram(program.name(), program.dt(), program.steps(), program.seed(), buffers,
        program.spikeSets(), program.queues(), program.connections(), program.init(), program.step(), program.probes(),
        program.groups(), ports, program.loop());
  }

  /**
   * The names that may be asked to be free in {@code network}: every parameter of every
   * population's neuron model, and the weight of every projection without a synapse model. Whether
   * one can really vary is known only once its uses are (see {@link Refused}).
   */
  public static List<String> candidates(IrModule module, String network) {
    List<String> out = new ArrayList<>();
    Network net = module.decls().stream().filter(d -> d instanceof Network && d.name().equals(network))
        .map(d -> (Network) d).findFirst().orElse(null);
    if (net == null) return out;
    for (Population p : net.populations()) {
      if (module.find(p.model()).orElse(null) instanceof NeuronModel m) {
        for (Param q : m.params()) out.add(p.name() + "." + q.name());
      }
    }
    for (Projection pr : net.projections()) {
      if (pr.synapse().isEmpty()) out.add(pr.name() + ".weight");
    }
    return out;
  }

  /** A parameter asked to be free that the compilation needs as a constant; the message says why. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }
}
