package brainc.compiler.passes;

import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Connection;
import brainc.ir.kernel.KernelProgram.Format;
import brainc.ir.kernel.KernelProgram.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks how each connection is stored, by the target's cost model ({@link PassContext#costModel}).
 * Dense when asked for or when more than half of a small matrix is present; procedural (regenerated from the random generator on every spike, nothing
 * stored) for large static connections with no per-synapse state; CSR by presynaptic neuron
 * otherwise.
 *
 * <p>Before: {@code connection ee 3200 -> 3200 bernoulli(0.02) csr}; after, for a network of
 * 80 million synapses: {@code ... procedural}.
 */
public final class ChooseConnectivityFormat implements KernelPass {
  @Override
  public String name() {
    return "choose-connectivity-format";
  }

  static double expectedSynapses(Connection c) {
    Rule r = c.rule();
    double all = (double) c.preSize() * c.postSize();
    if (r instanceof Rule.Bernoulli b) return all * b.p();
    if (r instanceof Rule.FixedFanIn f) return (double) c.postSize() * f.k();
    if (r instanceof Rule.FixedFanOut f) return (double) c.preSize() * f.k();
    if (r instanceof Rule.OneToOne) return Math.min(c.preSize(), c.postSize());
    return all;
  }

  @Override
  public KernelProgram run(KernelProgram in, PassContext cx) {
    PipelineSpec.CostModel costs = cx.costModel();
    List<Connection> out = new ArrayList<>();
    boolean changed = false;
    for (Connection c : in.connections()) {
      double n = expectedSynapses(c);
      boolean perSynapseState = in.buffers().stream().anyMatch(b -> b.extent() instanceof KernelProgram.Extent.Synapses s
          && s.connection().equals(c.name()));
      double density = n / Math.max(1.0, (double) c.preSize() * c.postSize());
      Format f;
      String why;
      if (c.format() == Format.DENSE) {
        f = Format.DENSE;
        why = "dense, as written";
      } else if (density > costs.denseDensity() && (double) c.preSize() * c.postSize() <= costs.denseMaxEntries()) {
        f = Format.DENSE;
        why = String.format("dense (%.0f%% of a %d x %d matrix)", density * 100, c.preSize(), c.postSize());
      } else if (!perSynapseState && !c.reverse() && !(c.rule() instanceof Rule.FixedFanIn)
          && n > costs.proceduralThreshold()) {
        // Fixed fan-in draws per target column, so rows cannot be regenerated one at a time.
        f = Format.PROCEDURAL;
        why = String.format("procedural (%.3g synapses, static: regenerated on each spike instead of stored)", n);
      } else {
        f = Format.CSR;
        why = String.format("CSR by presynaptic neuron (%.3g synapses, density %.3g)", n, density);
      }
      cx.explain(name(), c.name() + ": " + why);
      if (f != c.format()) changed = true;
      out.add(new Connection(c.name(), c.preSize(), c.postSize(), c.rule(), f, c.stream(), c.reverse(), c.autapses()));
    }
    if (!changed) return in;
    return new KernelProgram(in.name(), in.dt(), in.steps(), in.seed(), in.buffers(), in.spikeSets(), in.queues(), out,
        in.init(), in.step(), in.probes(), in.groups(), in.ports(), in.loop(), in.readouts());
  }
}
