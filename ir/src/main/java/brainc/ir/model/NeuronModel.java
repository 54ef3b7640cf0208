package brainc.ir.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A neuron model with its parameters, state, input ports, equations and spike rule. */
public record NeuronModel(
    String name,
    String doc,
    List<Param> params,
    List<StateVar> states,
    List<InputPort> inputs,
    List<Let> lets,
    List<Ode> odes,
    List<StepUpdate> steps,
    Optional<SpikeRule> spike,
    Optional<Expr> refractory,
    List<Property> properties,
    Origin origin) implements Decl {
  public NeuronModel {
    Checks.name(name, "name");
    Objects.requireNonNull(doc, "doc");
    params = List.copyOf(params);
    states = List.copyOf(states);
    inputs = List.copyOf(inputs);
    lets = List.copyOf(lets);
    odes = List.copyOf(odes);
    steps = List.copyOf(steps);
    Objects.requireNonNull(spike, "spike");
    Objects.requireNonNull(refractory, "refractory");
    properties = List.copyOf(properties);
    Objects.requireNonNull(origin, "origin");
  }

  @Override
  public <R> R accept(DeclVisitor<R> v) {
    return v.visit(this);
  }
}
