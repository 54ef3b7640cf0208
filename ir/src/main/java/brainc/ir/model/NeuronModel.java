package brainc.ir.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A neuron model with its parameters, state, input ports, equations and spike rule. A model that
 * the specialiser made for one population records the model it was made from
 * ({@code specializedFrom}, the name users wrote) and its synaptic drive states ({@code drives});
 * a model as written has neither.
 *
 * <p>{@code refractory} is a period (a time: after a spike the neuron cannot spike for it) or a
 * condition (a boolean: the neuron cannot spike in a step where it holds at the start of the
 * step). {@code heldWhenRefractory} names the variables whose equations are marked
 * {@code unless refractory}: they hold while the neuron is refractory and the others evolve. With
 * none marked, a period holds every state of the neuron but its synaptic drives, as it always
 * has, and a condition holds none.
 */
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
    Origin origin,
    Optional<String> specializedFrom,
    List<DriveState> drives,
    List<String> heldWhenRefractory) implements Decl {
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
    Objects.requireNonNull(specializedFrom, "specializedFrom");
    drives = List.copyOf(drives);
    heldWhenRefractory = List.copyOf(heldWhenRefractory);
  }

  /** A model whose equations are not marked {@code unless refractory}. */
  public NeuronModel(String name, String doc, List<Param> params, List<StateVar> states, List<InputPort> inputs,
      List<Let> lets, List<Ode> odes, List<StepUpdate> steps, Optional<SpikeRule> spike, Optional<Expr> refractory,
      List<Property> properties, Origin origin, Optional<String> specializedFrom, List<DriveState> drives) {
    this(name, doc, params, states, inputs, lets, odes, steps, spike, refractory, properties, origin, specializedFrom,
        drives, List.of());
  }

  /** Whether {@link #refractory} is a condition ({@code refractory while COND}) rather than a period. */
  public boolean refractoryIsCondition() {
    return refractory.map(r -> r.type() instanceof brainc.ir.types.Bool).orElse(false);
  }

  /** A model as written: not specialised, no drive states. */
  public NeuronModel(String name, String doc, List<Param> params, List<StateVar> states, List<InputPort> inputs,
      List<Let> lets, List<Ode> odes, List<StepUpdate> steps, Optional<SpikeRule> spike, Optional<Expr> refractory,
      List<Property> properties, Origin origin) {
    this(name, doc, params, states, inputs, lets, odes, steps, spike, refractory, properties, origin, Optional.empty(),
        List.of());
  }

  /** The name users know the model by: the model it was specialised from, else its own. */
  public String userName() {
    return specializedFrom.orElse(name);
  }

  /** The drive state that input {@code port} has for a kernel of this shape and time constant, if any. */
  public Optional<DriveState> drive(String port, DriveState.Kind kind, double tau) {
    for (DriveState d : drives) {
      if (d.port().equals(port) && d.kind() == kind && Double.compare(d.tau(), tau) == 0) return Optional.of(d);
    }
    return Optional.empty();
  }

  @Override
  public <R> R accept(DeclVisitor<R> v) {
    return v.visit(this);
  }
}
