package brainc.compiler.passes;

import brainc.ir.model.InputGroup;
import brainc.ir.model.IrModule;
import brainc.ir.model.Monitor;
import brainc.ir.model.Network;
import brainc.ir.model.Population;
import brainc.ir.model.PopulationView;
import brainc.ir.model.Projection;
import brainc.ir.model.SynVar;
import brainc.ir.model.SynapseModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which synapses a monitor of a per-synapse variable ({@code monitor w of a[0 .. 10] -> b}) reads:
 * the connections from the population of its presynaptic end to that of its postsynaptic end
 * whose synapse model has the variable, and of each the synapses whose ends lie in both of the
 * monitor's ranges. {@code RunCheck} reports a monitor that reaches no such connection or more
 * than one; the scheduler turns the one it reaches into a probe.
 */
final class SynapseMonitors {
  private SynapseMonitors() {}

  /**
   * The synapses of {@code projection} that a monitor reads, as ranges of the connection's own
   * numbering (its source's and target's neurons from 0); {@code preShift} and {@code postShift}
   * turn those indices into the monitor's (numbered from 0 within its slices).
   */
  record Selection(Projection projection, int preStart, int preCount, int postStart, int postCount,
      int preShift, int postShift) {}

  /** Every connection the monitor reaches, each with the synapses of it that lie in the monitor's ranges. */
  static List<Selection> of(IrModule module, Network net, Monitor mon) {
    String pre = mon.targets().get(0);
    String post = mon.post().orElseThrow();
    KernelGroups.Target a = KernelGroups.targetOf(net, pre);
    KernelGroups.Target b = KernelGroups.targetOf(net, post);
    int aEnd = a.offset() + size(net, pre);
    int bEnd = b.offset() + size(net, post);
    List<Selection> out = new ArrayList<>();
    for (Projection pr : plastic(module, net, pre, post, mon.variable())) {
      KernelGroups.Target s = KernelGroups.targetOf(net, pr.source());
      KernelGroups.Target t = KernelGroups.targetOf(net, pr.target());
      int lo = Math.max(a.offset(), s.offset());
      int hi = Math.min(aEnd, s.offset() + size(net, pr.source()));
      int lo2 = Math.max(b.offset(), t.offset());
      int hi2 = Math.min(bEnd, t.offset() + size(net, pr.target()));
      if (hi <= lo || hi2 <= lo2) continue;
      out.add(new Selection(pr, lo - s.offset(), hi - lo, lo2 - t.offset(), hi2 - lo2, s.offset() - a.offset(),
          t.offset() - b.offset()));
    }
    return out;
  }

  /** The connections between the populations of both ends whose synapse model declares {@code variable}. */
  static List<Projection> plastic(IrModule module, Network net, String pre, String post, String variable) {
    String a = KernelGroups.targetOf(net, pre).population();
    String b = KernelGroups.targetOf(net, post).population();
    List<Projection> out = new ArrayList<>();
    for (Projection pr : net.projections()) {
      if (!KernelGroups.targetOf(net, pr.source()).population().equals(a)
          || !KernelGroups.targetOf(net, pr.target()).population().equals(b)) {
        continue;
      }
      if (vars(module, pr).contains(variable)) out.add(pr);
    }
    return out;
  }

  /** The per-synapse variables of every connection between the populations of both ends (for messages). */
  static List<String> varsBetween(IrModule module, Network net, String pre, String post) {
    String a = KernelGroups.targetOf(net, pre).population();
    String b = KernelGroups.targetOf(net, post).population();
    List<String> out = new ArrayList<>();
    for (Projection pr : net.projections()) {
      if (KernelGroups.targetOf(net, pr.source()).population().equals(a)
          && KernelGroups.targetOf(net, pr.target()).population().equals(b)) {
        for (String v : vars(module, pr)) if (!out.contains(v)) out.add(v);
      }
    }
    return out;
  }

  private static List<String> vars(IrModule module, Projection pr) {
    Optional<SynapseModel> m = pr.synapse().flatMap(module::find)
        .filter(SynapseModel.class::isInstance).map(SynapseModel.class::cast);
    return m.map(x -> x.vars().stream().map(SynVar::name).toList()).orElse(List.of());
  }

  /** Neurons (or spike sources) of a population, view or input group. */
  static int size(Network net, String name) {
    for (Population p : net.populations()) if (p.name().equals(name)) return p.size();
    for (PopulationView v : net.views()) if (v.name().equals(name)) return v.end() - v.start();
    for (InputGroup g : net.inputs()) if (g.name().equals(name)) return ScheduleNetwork.spikeSources(g);
    throw new IllegalStateException("unknown population " + name);
  }
}
