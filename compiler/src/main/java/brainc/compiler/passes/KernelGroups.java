package brainc.compiler.passes;

import brainc.ir.model.AlphaKernel;
import brainc.ir.model.Const;
import brainc.ir.model.DeltaKernel;
import brainc.ir.model.ExpKernel;
import brainc.ir.model.Kernel;
import brainc.ir.model.Network;
import brainc.ir.model.Projection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The synaptic drive states a population needs: one per input port and distinct kernel of the
 * projections that reach it (projections into its slices count). CUBA's `all` gets two: the
 * excitatory exp(5 ms) current and the inhibitory exp(10 ms) one, shared by the projections
 * with the same kernel. Deterministic, so the specialiser and the scheduler agree.
 */
public final class KernelGroups {
  private KernelGroups() {}

  /** A drive state: what receives the weights ({@code jumpState}) and what the port reads ({@code readState}). */
  public record Group(String port, String kind, double tau, String jumpState, String readState) {}

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

  public static String kindOf(Kernel k) {
    if (k instanceof ExpKernel) return "exp";
    if (k instanceof AlphaKernel) return "alpha";
    return "delta";
  }

  public static double tauOf(Kernel k) {
    brainc.ir.model.Expr t = k instanceof ExpKernel e ? e.tau() : k instanceof AlphaKernel a ? a.tau() : null;
    if (t == null) return 0;
    brainc.ir.model.Expr folded = FoldConstants.fold(t);
    if (folded instanceof Const c) return c.value();
    throw new IllegalStateException("kernel time constant is not constant: " + t);
  }

  /** The groups of one population, in order of first appearance. */
  public static List<Group> of(Network n, String population) {
    Map<String, Group> groups = new LinkedHashMap<>();
    for (Projection p : n.projections()) {
      if (!targetOf(n, p.target()).population().equals(population)) continue;
      groupOf(groups, p);
    }
    return new ArrayList<>(groups.values());
  }

  /** The group one projection feeds. */
  public static Group of(Network n, Projection p) {
    Map<String, Group> groups = new LinkedHashMap<>();
    String population = targetOf(n, p.target()).population();
    for (Projection q : n.projections()) {
      if (!targetOf(n, q.target()).population().equals(population)) continue;
      Group g = groupOf(groups, q);
      if (q == p) return g;
    }
    throw new IllegalArgumentException("projection not in network: " + p.name());
  }

  private static Group groupOf(Map<String, Group> groups, Projection p) {
    String kind = kindOf(p.kernel());
    double tau = tauOf(p.kernel());
    String key = p.targetPort() + "/" + kind + "/" + tau;
    Group g = groups.get(key);
    if (g != null) return g;
    int k = (int) groups.values().stream().filter(x -> x.port().equals(p.targetPort())).count();
    String base = p.targetPort() + "__" + kind + k;
    g = switch (kind) {
      case "exp" -> new Group(p.targetPort(), kind, tau, base, base);
      case "alpha" -> new Group(p.targetPort(), kind, tau, base + "_rise", base);
      default -> new Group(p.targetPort(), kind, 0, base, base);
    };
    groups.put(key, g);
    return g;
  }

}
