package brainc.ir.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A synapse model: per-synapse variables, traces, spike handlers and third-factor modulation. */
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
    Origin origin) implements Decl {
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
    base.ifPresent(b -> Checks.name(b, "base"));
  }

  @Override
  public <R> R accept(DeclVisitor<R> v) {
    return v.visit(this);
  }
}
