package brainc.ir.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A synapse model: per-synapse variables, traces, spike handlers and third-factor modulation;
 * {@code sameStep} says how a pre and a post spike of one step pair.
 */
public record SynapseModel(
    String name,
    String doc,
    Optional<String> base,
    List<Param> params,
    List<SynVar> vars,
    List<Trace> traces,
    List<Let> lets,
    List<Ode> odes,
    List<Handler> handlers,
    List<Modulation> modulations,
    List<Property> properties,
    Origin origin,
    Pairing sameStep) implements Decl {
  public SynapseModel {
    Checks.name(name, "name");
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(base, "base");
    params = List.copyOf(params);
    vars = List.copyOf(vars);
    traces = List.copyOf(traces);
    lets = List.copyOf(lets);
    odes = List.copyOf(odes);
    handlers = List.copyOf(handlers);
    modulations = List.copyOf(modulations);
    properties = List.copyOf(properties);
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(sameStep, "sameStep");
    base.ifPresent(b -> Checks.name(b, "base"));
  }

  /** A model whose same-step spikes do not pair (the default). */
  public SynapseModel(String name, String doc, Optional<String> base, List<Param> params, List<SynVar> vars,
      List<Trace> traces, List<Let> lets, List<Ode> odes, List<Handler> handlers, List<Modulation> modulations,
      List<Property> properties, Origin origin) {
    this(name, doc, base, params, vars, traces, lets, odes, handlers, modulations, properties, origin,
        Pairing.UNPAIRED);
  }

  @Override
  public <R> R accept(DeclVisitor<R> v) {
    return v.visit(this);
  }
}
