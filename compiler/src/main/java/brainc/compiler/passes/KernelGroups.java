package brainc.compiler.passes;

import brainc.ir.model.AlphaKernel;
import brainc.ir.model.Const;
import brainc.ir.model.DriveState;
import brainc.ir.model.ExpKernel;
import brainc.ir.model.Kernel;
import brainc.ir.model.Network;
import brainc.ir.model.NeuronModel;
import brainc.ir.model.Projection;
import brainc.ir.rewrite.ConstantFolding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The synaptic drive states a population needs: one per input port and distinct kernel of the
 * projections that reach it (projections into its slices count). CUBA's `all` gets two: the
 * excitatory exp(5 ms) current and the inhibitory exp(10 ms) one, shared by the projections
 * with the same kernel. Only the specialiser computes them; it records them on the specialised
 * model ({@link NeuronModel#drives()}), where the scheduler and the verifier read them.
 */
public final class KernelGroups {
  private KernelGroups() {}

  /** The population a projection's target (a population or a slice of one) belongs to, and its offset. */
  public record Target(String population, int offset) {}

  public static Target targetOf(Network n, String name) {
    return targets(n).getOrDefault(name, new Target(name, 0));
  }

  /** The last network's targets, per thread: the passes ask for one network many times in a row. */
  private static final ThreadLocal<Map.Entry<Network, Map<String, Target>>> LAST = new ThreadLocal<>();

  /**
   * The target of every view of {@code n}, each resolved once: looking each one up by a scan of
   * the views made 10,000 chained slices or 100,000 monitored slices quadratic (minutes).
   */
  private static Map<String, Target> targets(Network n) {
    Map.Entry<Network, Map<String, Target>> last = LAST.get();
    if (last != null && last.getKey() == n) return last.getValue();
    Map<String, brainc.ir.model.PopulationView> byName = new java.util.HashMap<>();
    for (var v : n.views()) byName.putIfAbsent(v.name(), v);
    Map<String, Target> out = new java.util.HashMap<>();
    for (var v : n.views()) {
      if (out.containsKey(v.name())) continue;
      // Walk up to a resolved ancestor or a population, then resolve the chain back down.
      java.util.ArrayDeque<brainc.ir.model.PopulationView> chain = new java.util.ArrayDeque<>();
      java.util.Set<String> onChain = new java.util.HashSet<>();
      brainc.ir.model.PopulationView at = v;
      Target base = null;
      while (true) {
        if (!onChain.add(at.name())) {
          base = new Target(at.name(), 0);
          break;
        }
        chain.push(at);
        Target known = out.get(at.parent());
        if (known != null) {
          base = known;
          break;
        }
        brainc.ir.model.PopulationView parent = byName.get(at.parent());
        if (parent == null) {
          base = new Target(at.parent(), 0);
          break;
        }
        at = parent;
      }
      while (!chain.isEmpty()) {
        brainc.ir.model.PopulationView c = chain.pop();
        base = new Target(base.population(), base.offset() + c.start());
        out.putIfAbsent(c.name(), base);
      }
    }
    LAST.set(Map.entry(n, out));
    return out;
  }

  public static DriveState.Kind kindOf(Kernel k) {
    if (k instanceof ExpKernel) return DriveState.Kind.EXP;
    if (k instanceof AlphaKernel) return DriveState.Kind.ALPHA;
    return DriveState.Kind.DELTA;
  }

  public static double tauOf(Kernel k) {
    brainc.ir.model.Expr t = k instanceof ExpKernel e ? e.tau() : k instanceof AlphaKernel a ? a.tau() : null;
    if (t == null) return 0;
    brainc.ir.model.Expr folded = ConstantFolding.fold(t);
    if (folded instanceof Const c) return c.value();
    throw new IllegalStateException("kernel time constant is not constant: " + t);
  }

  /** The drive states of one population, in order of first appearance. */
  public static List<DriveState> of(Network n, String population) {
    Map<String, DriveState> groups = new LinkedHashMap<>();
    for (Projection p : n.projections()) {
      if (!targetOf(n, p.target()).population().equals(population)) continue;
      groupOf(groups, p);
    }
    return new ArrayList<>(groups.values());
  }

  /** The drive state a projection with {@code kernel} into {@code port} feeds, once the specialiser recorded it. */
  public static DriveState driveOf(NeuronModel m, String port, Kernel kernel) {
    DriveState.Kind kind = kindOf(kernel);
    return m.drive(port, kind, kind == DriveState.Kind.DELTA ? 0 : tauOf(kernel)).orElseThrow(() ->
        new IllegalStateException("model " + m.name() + " records no drive state of " + port + " for " + kernel));
  }

  private static DriveState groupOf(Map<String, DriveState> groups, Projection p) {
    DriveState.Kind kind = kindOf(p.kernel());
    double tau = tauOf(p.kernel());
    String key = p.targetPort() + "/" + kind + "/" + tau;
    DriveState g = groups.get(key);
    if (g != null) return g;
    int k = (int) groups.values().stream().filter(x -> x.port().equals(p.targetPort())).count();
    String base = p.targetPort() + "__" + kind.keyword() + k;
    g = switch (kind) {
      case EXP -> new DriveState(p.targetPort(), kind, tau, base, base);
      case ALPHA -> new DriveState(p.targetPort(), kind, tau, base + "_rise", base);
      case DELTA -> new DriveState(p.targetPort(), kind, 0, base, base);
    };
    groups.put(key, g);
    return g;
  }

}
